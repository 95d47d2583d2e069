/* ter_myers.c - bit-vector Levenshtein distance (Myers 1999, Hyyro 2001 global
 * form: the top boundary D[i][0] = i shifts a +1 into every column). */
#include "ter/ter_myers.h"

#include <string.h>

void llmmi_myers_init(llmmi_myers *my, const uint32_t *ref)
{
    size_t j, w = my->w;
    memset(my->peq, 0, my->n_ids * w * sizeof *my->peq);
    for (j = 0; j < my->m; j++)
        if (ref[j] < my->n_ids) my->peq[(size_t)ref[j] * w + j / 64] |= (uint64_t)1 << (j % 64);
    /* D[0][j] = j: every vertical delta is +1 */
    for (j = 0; j < w; j++) {
        my->vp[j] = ~(uint64_t)0;
        my->vn[j] = 0;
    }
    my->score[0] = (int32_t)my->m;
}

/* One hypothesis word: column (vp, vn, *score) -> (ovp, ovn, *score). */
static inline void step(const llmmi_myers *my, const uint64_t *eq, const uint64_t *vp,
                        const uint64_t *vn, uint64_t *ovp, uint64_t *ovn, int32_t *score)
{
    size_t k, w = my->w;
    unsigned last = (unsigned)((my->m - 1) % 64);
    uint64_t add_carry = 0, hp_carry = 1, hn_carry = 0; /* +1 enters at D[i][0] */
    for (k = 0; k < w; k++) {
        uint64_t pv = vp[k], mv = vn[k], e = eq[k];
        uint64_t xv = e | mv, a = e & pv, s = a + pv, s2, xh, ph, mh, c;
        c = s < a;
        s2 = s + add_carry;
        add_carry = c | (s2 < s);
        xh = (s2 ^ pv) | e;
        ph = mv | ~(xh | pv);
        mh = pv & xh;
        if (k == w - 1) *score += (int32_t)((ph >> last) & 1) - (int32_t)((mh >> last) & 1);
        c = ph >> 63;
        ph = (ph << 1) | hp_carry;
        hp_carry = c;
        c = mh >> 63;
        mh = (mh << 1) | hn_carry;
        hn_carry = c;
        ovp[k] = mh | ~(xv | ph);
        ovn[k] = ph & xv;
    }
}

static const uint64_t no_match[LLMMI_MYERS_MAX_WORDS];

static const uint64_t *eq_of(const llmmi_myers *my, uint32_t id)
{
    return id < my->n_ids ? my->peq + (size_t)id * my->w : no_match;
}

static int same_column(const llmmi_myers *my, const uint64_t *vp, const uint64_t *vn, size_t i)
{
    const uint64_t *sp = my->vp + i * my->w, *sn = my->vn + i * my->w;
    uint64_t diff = 0;
    size_t k;
    for (k = 0; k < my->w; k++) diff |= (vp[k] ^ sp[k]) | (vn[k] ^ sn[k]);
    return diff == 0;
}

void llmmi_myers_rows(llmmi_myers *my, const uint32_t *words, size_t from, size_t n, size_t r)
{
    size_t i, w = my->w;
    for (i = from; i <= n; i++) {
        int32_t sc = my->score[i - 1];
        step(my, eq_of(my, words[i - 1]), my->vp + (i - 1) * w, my->vn + (i - 1) * w, my->tmp,
             my->tmp + w, &sc);
        if (i >= r && same_column(my, my->tmp, my->tmp + w, i)) return;
        memcpy(my->vp + i * w, my->tmp, w * sizeof *my->tmp);
        memcpy(my->vn + i * w, my->tmp + w, w * sizeof *my->tmp);
        my->score[i] = sc;
    }
}

int32_t llmmi_myers_cand(llmmi_myers *my, const uint32_t *cand, size_t n, size_t q, size_t r)
{
    size_t i, w = my->w;
    uint64_t *vp = my->tmp, *vn = my->tmp + w;
    int32_t sc = my->score[q];
    memcpy(vp, my->vp + q * w, w * sizeof *vp);
    memcpy(vn, my->vn + q * w, w * sizeof *vn);
    for (i = q + 1; i <= n; i++) {
        step(my, eq_of(my, cand[i - 1]), vp, vn, vp, vn, &sc);
        /* an equal column (D[i][0] = i on both sides) means equal from here on */
        if (i >= r && i < n && same_column(my, vp, vn, i)) return my->score[n];
    }
    return sc;
}
