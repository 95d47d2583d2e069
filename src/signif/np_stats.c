/* np_stats.c - the NumPy / Python reductions sacrebleu applies to resampled scores,
 * reproduced to the bit (significance.py:38-54 estimate_ci, :89-109 _compute_p_value,
 * base.py:91-107 Score.estimate_ci). */
#include "signif_internal.h"
#include "core/exactsum.h"
#include <stdlib.h>

/* numpy/core/src/umath/loops_utils.h.src DOUBLE_pairwise_sum (PW_BLOCKSIZE 128). */
static double pairwise_sum(const double *a, size_t n)
{
    if (n < 8) {
        double res = 0.0;
        size_t i;
        for (i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8], res;
        size_t i, j;
        for (j = 0; j < 8; j++) r[j] = a[j];
        for (i = 8; i < n - (n % 8); i += 8)
            for (j = 0; j < 8; j++) r[j] += a[i + j];
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    } else {
        size_t n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
    }
}

double llmmi_np_mean(const double *x, size_t n)
{
    /* np.add.reduce starts from 0.0 and feeds the inner loop in chunks of the ufunc
     * buffer size (8192 elements); each chunk is summed pairwise and added on. */
    double s = 0.0;
    size_t i, len;
    for (i = 0; i < n; i += len) {
        len = n - i < 8192 ? n - i : 8192;
        s += pairwise_sum(x + i, len);
    }
    return s / (double)n;
}

double llmmi_py_mean(const double *x, size_t n)
{
    /* statistics.mean: Fraction sum / n converted with int/int true division, i.e. the
     * exact mean correctly rounded. */
    llmmi_exactsum s;
    size_t i;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) llmmi_exactsum_add(&s, x[i]);
    return llmmi_exactsum_div(&s, (uint32_t)n);
}

static int cmp_np(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (a != a) return b != b ? 0 : 1; /* NaN sorts last */
    if (b != b) return -1;
    return (a > b) - (a < b);
}

void llmmi_np_sort(double *x, size_t n)
{
    /* Equal values are interchangeable: only the multiset order matters (a -0.0 / 0.0
     * pair compares equal in numpy too). */
    qsort(x, n, sizeof *x, cmp_np);
}

double llmmi_ci_halfwidth(const double *sorted, size_t n)
{
    size_t lower = n / 40, upper = n - lower - 1;
    return 0.5 * (sorted[upper] - sorted[lower]);
}

double llmmi_p_value(const double *stats, size_t n, double real)
{
    size_t i, c = 0;
    /* multeval: strictly greater ("the != is important"), +1 on both sides. */
    for (i = 0; i < n; i++) c += stats[i] > real;
    return (double)(c + 1) / (double)(n + 1);
}
