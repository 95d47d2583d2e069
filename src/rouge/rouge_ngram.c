/* rouge_ngram.c - rouge-score's _score_ngrams overlap (rouge_scorer.py:311-331):
 * Σ over target n-grams of min(target count, prediction count). */
#include "rouge_internal.h"
#include <string.h>

static uint32_t ngram_hash(const uint32_t *w, unsigned n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    unsigned k;
    for (k = 0; k < n; k++) h = (h ^ w[k]) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* unigrams: counts indexed by token id */
static size_t unigram_overlap(llmm_rouge *r, const uint32_t *t, size_t nt, const uint32_t *p,
                              size_t np)
{
    size_t i, overlap = 0;
    for (i = 0; i < nt; i++) r->cnt_t[t[i]]++;
    for (i = 0; i < np; i++) {
        uint32_t id = p[i];
        if (r->cnt_p[id] < r->cnt_t[id]) overlap++;
        r->cnt_p[id]++;
    }
    for (i = 0; i < nt; i++) r->cnt_t[t[i]] = 0;
    for (i = 0; i < np; i++) r->cnt_p[p[i]] = 0;
    return overlap;
}

int llmmi_rouge_ngram_overlap(llmm_rouge *r, const uint32_t *t, size_t nt, const uint32_t *p,
                              size_t np, unsigned n, size_t *overlap)
{
    size_t gt, gp, size = 16, mask, i, k, ov = 0;
    llmmi_ngram_slot *tab;
    int st;
    *overlap = 0;
    if (nt < n || np < n) return LLMM_OK;
    if (n == 1) {
        *overlap = unigram_overlap(r, t, nt, p, np);
        return LLMM_OK;
    }
    gt = nt - n + 1;
    gp = np - n + 1;
    while (size < 2 * gt) size *= 2;
    if ((st = llmmi_rouge_reserve(r, (void **)&r->slots, &r->n_slots, size,
                                  sizeof(llmmi_ngram_slot))) != LLMM_OK)
        return st;
    tab = r->slots;
    memset(tab, 0, size * sizeof *tab);
    mask = size - 1;
    for (i = 0; i < gt; i++) {
        uint32_t h = ngram_hash(t + i, n);
        for (k = h & mask; tab[k].count_t; k = (k + 1) & mask)
            if (tab[k].hash == h && memcmp(t + tab[k].pos, t + i, n * sizeof *t) == 0) break;
        if (!tab[k].count_t) {
            tab[k].pos = (uint32_t)i;
            tab[k].hash = h;
        }
        tab[k].count_t++;
    }
    for (i = 0; i < gp; i++) {
        uint32_t h = ngram_hash(p + i, n);
        for (k = h & mask; tab[k].count_t; k = (k + 1) & mask) {
            if (tab[k].hash == h && memcmp(t + tab[k].pos, p + i, n * sizeof *t) == 0) {
                if (tab[k].count_p < tab[k].count_t) ov++;
                tab[k].count_p++;
                break;
            }
        }
    }
    *overlap = ov;
    return LLMM_OK;
}
