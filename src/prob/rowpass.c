/* rowpass.c - blocked one-pass row reductions (see rowpass.h). */
#include "rowpass.h"
#include "llmm_prob.h"
#include <math.h>

double llmmi_row_get(const void *x, int dtype, size_t i)
{
    switch (dtype) {
    case LLMM_DTYPE_FP16: return llmmi_pk_f16_to_f32(((const uint16_t *)x)[i]);
    case LLMM_DTYPE_BF16: return llmmi_pk_bf16_to_f32(((const uint16_t *)x)[i]);
    case LLMM_DTYPE_FP64: return ((const double *)x)[i];
    default: return ((const float *)x)[i];
    }
}

int llmmi_row_has_nan(const void *x, size_t n, int dtype)
{
    size_t i;
    for (i = 0; i < n; i++) {
        double v = llmmi_row_get(x, dtype, i);
        if (v != v) return 1;
    }
    return 0;
}

/* A float32 view of block [i0, i0+len): the input itself or converted into buf. */
static const float *block_f32(const llmmi_probk *k, const void *x, int dtype, size_t i0,
                              size_t len, float *buf)
{
    switch (dtype) {
    case LLMM_DTYPE_FP16: k->f16_f32((const uint16_t *)x + i0, len, buf); return buf;
    case LLMM_DTYPE_BF16: k->bf16_f32((const uint16_t *)x + i0, len, buf); return buf;
    default: return (const float *)x + i0;
    }
}

/* What to prefetch while block [i0, i0 + LLMMI_BLK) of a row is summed: the next
 * block of a float32 row, else the (float32 view of the) block itself. */
static const float *next_block(const void *x, int dtype, size_t i0, size_t n, const void *blk)
{
    if (dtype == LLMM_DTYPE_FP32 && n - i0 >= 2 * LLMMI_BLK)
        return (const float *)x + i0 + LLMMI_BLK;
    return (const float *)blk;
}

/* Max of a block; *bad = 1 for a NaN or +Inf. */
static double block_max(const llmmi_probk *k, const void *blk, int dtype, size_t len, int *bad)
{
    int nan = 0;
    double m = dtype == LLMM_DTYPE_FP64 ? llmmi_pk_max_f64((const double *)blk, len, &nan)
                                       : (double)k->max_f32((const float *)blk, len, &nan);
    if (nan || m == HUGE_VAL) *bad = 1;
    return m;
}

/* First index in [i0, n) whose value equals m (present by construction). */
static size_t first_index_of(const void *x, int dtype, size_t i0, size_t n, double m)
{
    size_t i;
    for (i = i0; i < n; i++)
        if (llmmi_row_get(x, dtype, i) == m) return i;
    return i0;
}

/* Moves the sums s, t from max m to the larger max bm (m finite). */
static void rescale(double m, double bm, double *s, double *t)
{
    double dm = m - bm, r = llmmi_pk_exp(dm);
    *t = r * (*t + *s * dm);
    *s *= r;
}

/* The sums of one float32 block under max m: *s (and *t when t != NULL) += ..., and
 * the block's max returned (*bad = 1 for a NaN). */
static double block_sums(const llmmi_probk *k, const float *blk, size_t len, double m,
                         double *s, double *t, int fast, const float *pf, int *bad)
{
    return fast ? k->sumexp_fast_f32(blk, len, m, s, pf, bad)
                : k->sumexp_f32(blk, len, m, s, t, pf, bad);
}

int llmmi_row_reduce(const llmmi_probk *k, const void *x, size_t n, int dtype, int what,
                     llmmi_rowsum *out)
{
    float buf[LLMMI_BLK];
    double m = -HUGE_VAL, s = 0, t = 0;
    size_t i0, amax_blk = 0;
    int bad = 0;
    const int sums = (what & (LLMMI_ROW_SUM | LLMMI_ROW_T)) != 0;
    const int fast = (what & (LLMMI_ROW_FAST | LLMMI_ROW_T)) == LLMMI_ROW_FAST;
    double *tp = what & LLMMI_ROW_T ? &t : NULL;
    for (i0 = 0; i0 < n; i0 += LLMMI_BLK) {
        size_t len = n - i0 < LLMMI_BLK ? n - i0 : LLMMI_BLK;
        const void *blk = dtype == LLMM_DTYPE_FP64 ? (const void *)((const double *)x + i0)
                                                  : (const void *)block_f32(k, x, dtype, i0, len, buf);
        const float *pf = next_block(x, dtype, i0, n, blk);
        double bm;
        if (sums && dtype != LLMM_DTYPE_FP64 && m > -HUGE_VAL) {
            /* one load of the block: sum under the running max, check it held after */
            double bs = 0, bt = 0;
            bm = block_sums(k, (const float *)blk, len, m, &bs, tp ? &bt : NULL, fast, pf, &bad);
            if (bad || bm == HUGE_VAL) return LLMM_ENONFINITE;
            if (bm <= m) {
                s += bs;
                t += bt;
                continue;
            }
            rescale(m, bm, &s, &t); /* a new max: redo the block (from L1) */
            m = bm;
            amax_blk = i0;
            block_sums(k, (const float *)blk, len, m, &s, tp, fast, pf, &bad);
            continue;
        }
        bm = block_max(k, blk, dtype, len, &bad);
        if (bad) return LLMM_ENONFINITE;
        if (bm > m) {
            if (m > -HUGE_VAL) rescale(m, bm, &s, &t);
            m = bm;
            amax_blk = i0;
        }
        if (!sums || m == -HUGE_VAL) continue;
        if (dtype == LLMM_DTYPE_FP64)
            llmmi_pk_sumexp_f64((const double *)blk, len, m, &s, tp);
        else
            block_sums(k, (const float *)blk, len, m, &s, tp, fast, pf, &bad);
    }
    if (n == 0) return LLMM_EEMPTY;
    if (m == -HUGE_VAL) return LLMM_EDOMAIN;
    out->m = m;
    out->s = s;
    out->t = t;
    out->amax = what & LLMMI_ROW_AMAX ? first_index_of(x, dtype, amax_blk, n, m) : 0;
    return LLMM_OK;
}

int llmmi_row_kl(const llmmi_probk *k, const void *x, const void *y, size_t n, int dtype,
                 llmmi_klsum *out)
{
    float bx[LLMMI_BLK], by[LLMMI_BLK];
    double mp = -HUGE_VAL, mq = -HUGE_VAL, sp = 0, sq = 0, u = 0;
    size_t i0, ap = 0, aq = 0;
    int bad = 0, f64 = dtype == LLMM_DTYPE_FP64;
    for (i0 = 0; i0 < n; i0 += LLMMI_BLK) {
        size_t len = n - i0 < LLMMI_BLK ? n - i0 : LLMMI_BLK;
        const void *xb = f64 ? (const void *)((const double *)x + i0)
                             : (const void *)block_f32(k, x, dtype, i0, len, bx);
        const void *yb = f64 ? (const void *)((const double *)y + i0)
                             : (const void *)block_f32(k, y, dtype, i0, len, by);
        double bp = block_max(k, xb, dtype, len, &bad);
        double bq = block_max(k, yb, dtype, len, &bad);
        if (bad) return LLMM_ENONFINITE;
        /* u = sum e^(x-mp) ((x - mp) - (y - mq)) follows both maxima: a new mp scales
         * it and shifts every term by mp - bp; a new mq shifts every term by bq - mq */
        if (bp > mp) {
            if (mp > -HUGE_VAL) {
                double dm = mp - bp, r = llmmi_pk_exp(dm);
                u = r == 0 ? 0 : r * (u + sp * dm); /* u may be +Inf: flushed terms vanish */
                sp *= r;
            }
            mp = bp;
            ap = i0;
        }
        if (bq > mq) {
            if (mq > -HUGE_VAL) {
                sq *= llmmi_pk_exp(mq - bq);
                if (mp > -HUGE_VAL) u += sp * (bq - mq);
            } /* else: mp finite means u is already +Inf (p > 0 where q was 0) */
            mq = bq;
            aq = i0;
        }
        if (mp == -HUGE_VAL) { /* p = 0 so far: only Q's sum */
            if (mq > -HUGE_VAL) {
                if (f64) llmmi_pk_sumexp_f64((const double *)yb, len, mq, &sq, NULL);
                else k->sumexp_f32((const float *)yb, len, mq, &sq, NULL, (const float *)yb, &bad);
            }
        } else if (mq == -HUGE_VAL) { /* q = 0 so far: p > 0 here makes KL infinite */
            if (f64) llmmi_pk_sumexp_f64((const double *)xb, len, mp, &sp, NULL);
            else k->sumexp_f32((const float *)xb, len, mp, &sp, NULL, (const float *)xb, &bad);
            if (bp - mp >= LLMMI_EXP_MIN) u = HUGE_VAL;
        } else if (f64) {
            llmmi_pk_klsum_f64((const double *)xb, (const double *)yb, len, mp, mq, &sp, &u, &sq);
        } else {
            k->klsum_f32((const float *)xb, (const float *)yb, len, mp, mq, &sp, &u, &sq);
        }
    }
    if (n == 0) return LLMM_EEMPTY;
    if (mp == -HUGE_VAL || mq == -HUGE_VAL) return LLMM_EDOMAIN;
    out->p.m = mp;
    out->p.s = sp;
    out->p.t = 0;
    out->p.amax = first_index_of(x, dtype, ap, n, mp);
    out->q.m = mq;
    out->q.s = sq;
    out->q.t = 0;
    out->q.amax = first_index_of(y, dtype, aq, n, mq);
    out->u = u;
    return LLMM_OK;
}
