/* rouge_stats.c - mergeable corpus statistics: exact fixed-point sums of the
 * per-example P, R and F.
 *
 * Every value x in [0, 1] is rounded once to the nearest multiple of 2^-128 (ties away
 * from zero) and added as a 192-bit integer: words [0] and [1] hold the 128 fraction
 * bits, word [2] the integer part (at most n). Integer addition is associative and
 * commutative, so any merge order or grouping gives identical bits, and the mean
 * differs from rouge-score users' left-to-right float mean (the vectors' `mean`) by a
 * few ulp per example at most.
 */
#include "core/serial.h"
#include "rouge_internal.h"
#include <math.h>
#include <string.h>

#define ALL_TYPES ((1u << LLMM_ROUGE_TYPE_COUNT) - 1u)
#define PAYLOAD (8 + 4 + LLMM_ROUGE_TYPE_COUNT * 3 * 3 * 8)

size_t llmm_rouge_stats_size(void) { return sizeof(llmm_rouge_stats); }
size_t llmm_rouge_stats_serialized_size(void) { return LLMM_ROUGE_STATS_SERIALIZED_SIZE; }

void llmm_rouge_stats_init(llmm_rouge_stats *s)
{
    if (s) memset(s, 0, sizeof *s);
}

static void add192(uint64_t *acc, const uint64_t *v)
{
    uint64_t c = 0;
    int k;
    for (k = 0; k < 3; k++) {
        uint64_t s = acc[k] + v[k], s2 = s + c;
        c = (uint64_t)((s < acc[k]) | (s2 < s));
        acc[k] = s2;
    }
}

/* x (finite, in [0, 1]) times 2^128, rounded, as three words */
static void to_fixed(double x, uint64_t *w)
{
    int e;
    double f = frexp(x, &e); /* x = f * 2^e, f in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(f, 53); /* exact: x = m * 2^(e - 53) */
    int s = e - 53 + 128;    /* x * 2^128 = m * 2^s */
    w[0] = w[1] = w[2] = 0;
    if (x == 0) return;
    if (s >= 0) {
        int q = s / 64, b = s % 64;
        w[q] = m << b;
        if (b && q + 1 < 3) w[q + 1] = m >> (64 - b);
    } else if (s > -64) {
        uint64_t half = (uint64_t)1 << (-s - 1);
        w[0] = (m >> -s) + ((m & (((uint64_t)1 << -s) - 1)) >= half);
    }
}

static double from_fixed(const uint64_t *w)
{
    return (double)w[2] + ldexp((double)w[1], -64) + ldexp((double)w[0], -128);
}

static int valid(double x) { return x >= 0 && x <= 1; } /* false for NaN */

int llmm_rouge_stats_add(llmm_rouge_stats *s, const llmm_rouge_result *r)
{
    int t, m;
    if (!s || !r) return LLMM_ENULL;
    if (!r->types || (r->types & ~ALL_TYPES) || (s->n && r->types != s->types))
        return LLMM_EINVAL;
    if (s->n == UINT64_MAX) return LLMM_EOVERFLOW;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        const llmm_rouge_prf *sc = &r->score[t];
        if ((r->types & LLMM_ROUGE_BIT(t)) &&
            !(valid(sc->precision) && valid(sc->recall) && valid(sc->fmeasure)))
            return LLMM_EDOMAIN;
    }
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        const llmm_rouge_prf *sc = &r->score[t];
        const double v[3] = {sc->precision, sc->recall, sc->fmeasure};
        if (!(r->types & LLMM_ROUGE_BIT(t))) continue;
        for (m = 0; m < 3; m++) {
            uint64_t w[3];
            to_fixed(v[m], w);
            add192(s->sum[t][m], w);
        }
    }
    s->types = r->types;
    s->n++;
    return LLMM_OK;
}

int llmm_rouge_stats_merge(llmm_rouge_stats *dst, const llmm_rouge_stats *src)
{
    int t, m;
    if (!dst || !src) return LLMM_ENULL;
    if (!src->n) return LLMM_OK;
    if (dst->n && dst->types != src->types) return LLMM_EINVAL;
    if (dst->n > UINT64_MAX - src->n) return LLMM_EOVERFLOW;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
        for (m = 0; m < 3; m++) add192(dst->sum[t][m], src->sum[t][m]);
    dst->n += src->n;
    dst->types = src->types;
    return LLMM_OK;
}

int llmm_rouge_finalize(const llmm_rouge_stats *s, llmm_rouge_result *mean)
{
    int t;
    if (!s || !mean) return LLMM_ENULL;
    if (!s->n) return LLMM_EEMPTY;
    memset(mean, 0, sizeof *mean);
    mean->types = s->types;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        if (!(s->types & LLMM_ROUGE_BIT(t))) continue;
        mean->score[t].precision = from_fixed(s->sum[t][0]) / (double)s->n;
        mean->score[t].recall = from_fixed(s->sum[t][1]) / (double)s->n;
        mean->score[t].fmeasure = from_fixed(s->sum[t][2]) / (double)s->n;
    }
    return LLMM_OK;
}

int llmm_rouge_stats_serialize(const llmm_rouge_stats *s, void *buf, size_t cap,
                               size_t *written)
{
    unsigned char *b = (unsigned char *)buf, *p;
    int t, m, k;
    if (!s || !buf) return LLMM_ENULL;
    if (cap < LLMM_ROUGE_STATS_SERIALIZED_SIZE) return LLMM_EBUFFER;
    p = b + LLMMI_SER_HEADER;
    llmmi_put_u64(p, s->n);
    llmmi_put_u32(p + 8, s->types);
    p += 12;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
        for (m = 0; m < 3; m++)
            for (k = 0; k < 3; k++, p += 8) llmmi_put_u64(p, s->sum[t][m][k]);
    llmmi_ser_seal(b, LLMMI_KIND_ROUGE, PAYLOAD);
    if (written) *written = LLMM_ROUGE_STATS_SERIALIZED_SIZE;
    return LLMM_OK;
}

int llmm_rouge_stats_deserialize(llmm_rouge_stats *s, const void *buf, size_t len)
{
    const unsigned char *p;
    size_t plen;
    llmm_rouge_stats v;
    int t, m, k, st;
    if (!s) return LLMM_ENULL;
    if ((st = llmmi_ser_open(buf, len, LLMMI_KIND_ROUGE, &p, &plen)) != LLMM_OK) return st;
    if (plen != PAYLOAD) return LLMM_EFORMAT;
    v.n = llmmi_get_u64(p);
    v.types = llmmi_get_u32(p + 8);
    p += 12;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
        for (m = 0; m < 3; m++)
            for (k = 0; k < 3; k++, p += 8) v.sum[t][m][k] = llmmi_get_u64(p);
    /* consistent contents only: a type set iff examples, sums within [0, n] */
    if ((v.types & ~ALL_TYPES) || (!v.n != !v.types)) return LLMM_EFORMAT;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
        for (m = 0; m < 3; m++) {
            const uint64_t *w = v.sum[t][m];
            if (!(v.types & LLMM_ROUGE_BIT(t)) && (w[0] | w[1] | w[2])) return LLMM_EFORMAT;
            if (w[2] > v.n || (w[2] == v.n && (w[0] | w[1]))) return LLMM_EFORMAT;
        }
    *s = v;
    return LLMM_OK;
}
