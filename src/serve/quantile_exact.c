/* quantile_exact.c - exact quantiles of an array, as numpy 1.24 np.quantile computes
 * them (numpy/lib/function_base.py: _QuantileMethods, _quantile, _get_indexes,
 * _lerp, _inverted_cdf). */
#include "llmm_sketch.h"
#include "core/alloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int check_q(const double *q, size_t nq)
{
    size_t i;
    for (i = 0; i < nq; i++)
        if (!(q[i] >= 0 && q[i] <= 1)) return LLMM_EDOMAIN;
    return LLMM_OK;
}

/* One quantile of sorted data (n >= 1). */
static double quantile_sorted(const double *x, size_t n, double q, llmm_quantile_method m)
{
    double nd = (double)n, v, prev, idx, gamma, a, b, diff, r;
    size_t i;
    switch (m) {
    case LLMM_QUANTILE_LOWER:
        /* lower: floor((n - 1) * q).astype(intp) */
        return x[(size_t)floor((nd - 1) * q)];
    case LLMM_QUANTILE_INVERTED_CDF:
        /* _inverted_cdf: index = n*q - 1; previous = floor(index); take previous when
         * index - previous == 0 else previous + 1; negative indexes clipped to 0. */
        idx = nd * q - 1;
        prev = floor(idx);
        v = (idx - prev == 0) ? prev : prev + 1;
        if (v < 0) v = 0;
        return x[(size_t)v];
    default:
        /* linear: virtual index (n - 1) * q; _get_indexes sends an index >= n - 1 to the
         * last element (previous = next = -1, so gamma = v - (-1)); _lerp. */
        v = (nd - 1) * q;
        prev = floor(v);
        if (v >= nd - 1) {
            a = b = x[n - 1];
            gamma = v - (-1.0);
        } else {
            i = (size_t)prev;
            a = x[i];
            b = x[i + 1];
            gamma = v - prev;
        }
        /* _lerp(a, b, t): a + (b - a) * t, replaced by b - (b - a) * (1 - t) where
         * t >= 0.5. */
        diff = b - a;
        r = a + diff * gamma;
        if (gamma >= 0.5) r = b - diff * (1 - gamma);
        return r;
    }
}

int llmm_quantiles_sorted(const double *sorted, size_t n, const double *q, size_t nq,
                          llmm_quantile_method method, double *out)
{
    size_t i;
    int rc;
    if ((!sorted && n) || ((!q || !out) && nq)) return LLMM_ENULL;
    if (method != LLMM_QUANTILE_LINEAR && method != LLMM_QUANTILE_INVERTED_CDF &&
        method != LLMM_QUANTILE_LOWER)
        return LLMM_EINVAL;
    if ((rc = check_q(q, nq))) return rc;
    if (!n) return LLMM_EEMPTY;
    for (i = 0; i < n; i++) {
        if (!isfinite(sorted[i])) return LLMM_ENONFINITE;
        if (i && sorted[i] < sorted[i - 1]) return LLMM_EINVAL;
    }
    for (i = 0; i < nq; i++) out[i] = quantile_sorted(sorted, n, q[i], method);
    return LLMM_OK;
}

int llmm_quantiles(const double *x, size_t n, const double *q, size_t nq,
                   llmm_quantile_method method, double *out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    double *tmp;
    size_t i, bytes;
    int rc;
    if ((!x && n) || ((!q || !out) && nq)) return LLMM_ENULL;
    if (method != LLMM_QUANTILE_LINEAR && method != LLMM_QUANTILE_INVERTED_CDF &&
        method != LLMM_QUANTILE_LOWER)
        return LLMM_EINVAL;
    if ((rc = check_q(q, nq))) return rc;
    if (!n) return LLMM_EEMPTY;
    for (i = 0; i < n; i++)
        if (!isfinite(x[i])) return LLMM_ENONFINITE;
    if (!llmmi_mul_ok(n, sizeof *tmp, &bytes)) return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    tmp = (double *)llmmi_malloc(&a, bytes);
    if (!tmp) return LLMM_ENOMEM;
    memcpy(tmp, x, bytes);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    for (i = 0; i < nq; i++) out[i] = quantile_sorted(tmp, n, q[i], method);
    llmmi_free(&a, tmp, bytes);
    return LLMM_OK;
}
