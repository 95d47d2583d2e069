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

/* The order statistics (0-based) a quantile reads: *i0 and *i1 (equal when one). */
static void indices_of(size_t n, double q, llmm_quantile_method m, size_t *i0, size_t *i1)
{
    double nd = (double)n, v, prev, idx;
    switch (m) {
    case LLMM_QUANTILE_LOWER:
        /* lower: floor((n - 1) * q).astype(intp) */
        *i0 = *i1 = (size_t)floor((nd - 1) * q);
        return;
    case LLMM_QUANTILE_INVERTED_CDF:
        /* _inverted_cdf: index = n*q - 1; previous = floor(index); take previous when
         * index - previous == 0 else previous + 1; negative indexes clipped to 0. */
        idx = nd * q - 1;
        prev = floor(idx);
        v = (idx - prev == 0) ? prev : prev + 1;
        *i0 = *i1 = v < 0 ? 0 : (size_t)v;
        return;
    default:
        /* linear: _get_indexes sends a virtual index >= n - 1 to the last element. */
        v = (nd - 1) * q;
        if (v >= nd - 1) {
            *i0 = *i1 = n - 1;
        } else {
            *i0 = (size_t)floor(v);
            *i1 = *i0 + 1;
        }
        return;
    }
}

/* One quantile from data whose order statistics indices_of() names are in place
 * (a sorted array, or one partitioned by select_indices). */
static double quantile_at(const double *x, size_t n, double q, llmm_quantile_method m)
{
    double nd = (double)n, v, gamma, a, b, diff, r;
    size_t i0, i1;
    indices_of(n, q, m, &i0, &i1);
    if (m != LLMM_QUANTILE_LINEAR) return x[i0];
    /* linear: virtual index (n - 1) * q; past the end, previous = next = -1 so
     * gamma = v - (-1) (_get_gamma); _lerp(a, b, t) = a + (b - a) * t, replaced by
     * b - (b - a) * (1 - t) where t >= 0.5. */
    v = (nd - 1) * q;
    a = x[i0];
    b = x[i1];
    gamma = v >= nd - 1 ? v - (-1.0) : v - floor(v);
    diff = b - a;
    r = a + diff * gamma;
    if (gamma >= 0.5) r = b - diff * (1 - gamma);
    return r;
}

/* ---- selection: the needed order statistics without a full sort ---------------- */

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Places the k-th smallest of a[lo..hi] at a[k], smaller-or-equal values before it and
 * greater-or-equal after (quickselect, median of three; after 2 log2(n) rounds without
 * convergence the rest is sorted, so the worst case stays O(n log n)). */
static void select_kth(double *a, size_t lo, size_t hi, size_t k)
{
    size_t rounds = 0, limit = 2, span = hi - lo + 1;
    while (span >>= 1) limit += 2;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, i, j;
        double pivot;
        if (++rounds > limit) {
            qsort(a + lo, hi - lo + 1, sizeof *a, cmp_double);
            return;
        }
        if (a[mid] < a[lo]) swap_d(&a[mid], &a[lo]);
        if (a[hi] < a[lo]) swap_d(&a[hi], &a[lo]);
        if (a[hi] < a[mid]) swap_d(&a[hi], &a[mid]);
        pivot = a[mid];
        /* Hoare partition */
        i = lo;
        j = hi;
        for (;;) {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i >= j) break;
            swap_d(&a[i], &a[j]);
            i++;
            j--;
        }
        /* a[lo..j] <= pivot <= a[j+1..hi] */
        if (k <= j) hi = j;
        else lo = j + 1;
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Partitions a[0..n) so that every order statistic in idx[0..m) (sorted, unique) is in
 * place: selecting them in increasing order, each in the part above the previous. */
static void select_indices(double *a, size_t n, const size_t *idx, size_t m)
{
    size_t lo = 0, i;
    for (i = 0; i < m; i++) {
        select_kth(a, lo, n - 1, idx[i]);
        lo = idx[i] + 1;
        if (lo >= n) break;
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
    for (i = 0; i < nq; i++) out[i] = quantile_at(sorted, n, q[i], method);
    return LLMM_OK;
}

int llmm_quantiles(const double *x, size_t n, const double *q, size_t nq,
                   llmm_quantile_method method, double *out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    double *tmp;
    size_t *idx, i, m = 0, u = 0, bytes, ibytes;
    int rc;
    if ((!x && n) || ((!q || !out) && nq)) return LLMM_ENULL;
    if (method != LLMM_QUANTILE_LINEAR && method != LLMM_QUANTILE_INVERTED_CDF &&
        method != LLMM_QUANTILE_LOWER)
        return LLMM_EINVAL;
    if ((rc = check_q(q, nq))) return rc;
    if (!n) return LLMM_EEMPTY;
    for (i = 0; i < n; i++)
        if (!isfinite(x[i])) return LLMM_ENONFINITE;
    if (!llmmi_mul_ok(n, sizeof *tmp, &bytes) || nq > ((size_t)-1) / 2 ||
        !llmmi_mul_ok(2 * nq + 1, sizeof *idx, &ibytes))
        return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    tmp = (double *)llmmi_malloc(&a, bytes);
    idx = (size_t *)llmmi_malloc(&a, ibytes);
    if (!tmp || !idx) {
        llmmi_free(&a, tmp, bytes);
        llmmi_free(&a, idx, ibytes);
        return LLMM_ENOMEM;
    }
    memcpy(tmp, x, bytes);
    /* numpy partitions around the indices it reads (arr.partition(kth)); the values at
     * those positions are the order statistics, whatever the algorithm. */
    for (i = 0; i < nq; i++) {
        indices_of(n, q[i], method, &idx[m], &idx[m + 1]);
        m += 2;
    }
    qsort(idx, m, sizeof *idx, cmp_size);
    for (i = 0; i < m; i++)
        if (!i || idx[i] != idx[i - 1]) idx[u++] = idx[i];
    select_indices(tmp, n, idx, u);
    for (i = 0; i < nq; i++) out[i] = quantile_at(tmp, n, q[i], method);
    llmmi_free(&a, tmp, bytes);
    llmmi_free(&a, idx, ibytes);
    return LLMM_OK;
}
