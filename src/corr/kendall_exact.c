/* kendall_exact.c - the exact null distribution of Kendall's tau without ties, as
 * scipy 1.10.1 scipy.stats._mstats_basic._kendall_p_exact(n, c, alternative):
 * c = min(c, tot - c); n == 1 or 2 -> prob 1; c == 0 -> 2/n!; c == 1 -> 2/(n-1)!;
 * 4c == n(n-1) two-sided -> 1; else the counts of permutations with k inversions
 * (k <= c) by the cumulative-sum recurrence, in float64 (divided by j at each step
 * when n >= 171); prob = 2 sum / n!. One-sided: prob/2 when c lies on the tested side,
 * else 1 - prob/2 + mass at c. Clipped to [0, 1]. */
#include "corr_internal.h"
#include "llmm_sketch.h" /* llmm_sum_numpy: np.sum is a pairwise sum */

static double factorial(uint64_t n)
{
    double f = 1;
    uint64_t i;
    for (i = 2; i <= n; i++) f *= (double)i;
    return f;
}

double llmmi_kendall_p_exact(uint64_t n, uint64_t c, int alternative, const llmm_allocator *al,
                             int *status)
{
    uint64_t half = n * (n - 1) / 2;
    int in_right_tail = c >= half - c, greater = alternative == LLMM_ALT_GREATER;
    double prob, mass = 0;
    *status = LLMM_OK;
    if (c > half - c) c = half - c;
    if (n == 1) {
        prob = 1.0;
        mass = 1;
    } else if (n == 2) {
        prob = 1.0;
        mass = 0.5;
    } else if (c == 0) {
        prob = n < 171 ? 2.0 / factorial(n) : 0.0;
        mass = prob / 2;
    } else if (c == 1) {
        prob = n < 172 ? 2.0 / factorial(n - 1) : 0.0;
        mass = n < 171 ? (double)(n - 1) / factorial(n) : 0.0;
    } else if (4 * c == n * (n - 1) && alternative == LLMM_ALT_TWO_SIDED) {
        prob = 1.0;
    } else {
        size_t len = (size_t)c + 1, k;
        uint64_t j;
        double *v = (double *)llmmi_calloc(al, len, sizeof(double)), sum;
        if (!v) {
            *status = LLMM_ENOMEM;
            return 0;
        }
        v[0] = v[1] = 1.0;
        for (j = 3; j <= n; j++) {
            for (k = 1; k < len; k++) v[k] += v[k - 1]; /* np.cumsum */
            if (n >= 171)
                for (k = 0; k < len; k++) v[k] /= (double)j;
            if (j <= c) /* new[j:] -= new[:c+1-j] (numpy buffers the overlapping operand) */
                for (k = len - 1; k >= j; k--) v[k] -= v[k - j];
        }
        llmm_sum_numpy(v, len, &sum);
        if (n < 171) {
            prob = 2.0 * sum / factorial(n);
            mass = v[len - 1] / factorial(n);
        } else {
            prob = sum;
            mass = v[len - 1] / 2;
        }
        llmmi_free(al, v, len * sizeof(double));
    }
    if (alternative != LLMM_ALT_TWO_SIDED) {
        if (in_right_tail == greater) prob /= 2;
        else prob = 1 - prob / 2 + mass;
    }
    return prob < 0 ? 0 : prob > 1 ? 1 : prob;
}
