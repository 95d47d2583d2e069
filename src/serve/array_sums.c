/* array_sums.c - reference sums and means of an array: the correctly rounded one
 * (math.fsum) and numpy's float64 pairwise summation (np.sum / np.mean / np.std). */
#include "llmm_sketch.h"
#include "core/exactsum.h"
#include <math.h>

/* numpy/core/src/umath/loops_utils.h.src, DOUBLE_pairwise_sum (numpy 1.24): below 8
 * elements a plain loop; up to PW_BLOCKSIZE = 128 eight accumulators combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus a plain tail; above, split at n/2 rounded
 * down to a multiple of 8 and recurse. Generated twice: over x[i], and over
 * (x[i] - m)^2 for np.var's second pass (numpy materializes that array; the values
 * and the summation tree are the same). */
#define PAIRWISE(name, LOAD)                                                               \
    static double name(const double *a, size_t n, double m)                               \
    {                                                                                      \
        (void)m;                                                                           \
        if (n < 8) {                                                                       \
            double res = 0.;                                                               \
            size_t i;                                                                      \
            for (i = 0; i < n; i++) res += LOAD(i);                                        \
            return res;                                                                    \
        } else if (n <= 128) {                                                             \
            double r[8], res;                                                              \
            size_t i, j;                                                                   \
            for (j = 0; j < 8; j++) r[j] = LOAD(j);                                        \
            for (i = 8; i < n - (n % 8); i += 8)                                           \
                for (j = 0; j < 8; j++) r[j] += LOAD(i + j);                               \
            res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));       \
            for (; i < n; i++) res += LOAD(i);                                             \
            return res;                                                                    \
        } else {                                                                           \
            size_t n2 = n / 2;                                                             \
            n2 -= n2 % 8;                                                                  \
            return name(a, n2, m) + name(a + n2, n - n2, m);                               \
        }                                                                                  \
    }

#define LOAD_X(i) a[i]
#define LOAD_SQDEV(i) ((a[i] - m) * (a[i] - m))
PAIRWISE(pairwise_sum, LOAD_X)
PAIRWISE(pairwise_sqdev, LOAD_SQDEV)

/* np.add.reduce on a float64 array: the identity 0.0, then the reduction iterator
 * hands the inner loop blocks of at most NPY_BUFSIZE = 8192 elements, each summed
 * pairwise and added in turn (verified against numpy 1.24.2: arrays longer than 8192
 * differ from a single pairwise sum). */
#define NPY_BUFSIZE 8192
static double numpy_sum(const double *x, size_t n)
{
    double r = 0.0;
    size_t s;
    for (s = 0; s < n; s += NPY_BUFSIZE)
        r += pairwise_sum(x + s, n - s < NPY_BUFSIZE ? n - s : NPY_BUFSIZE, 0.0);
    return r;
}

static double numpy_sum_sqdev(const double *x, size_t n, double mean)
{
    double r = 0.0;
    size_t s;
    for (s = 0; s < n; s += NPY_BUFSIZE)
        r += pairwise_sqdev(x + s, n - s < NPY_BUFSIZE ? n - s : NPY_BUFSIZE, mean);
    return r;
}

int llmm_sum_numpy(const double *x, size_t n, double *out)
{
    if (!out || (!x && n)) return LLMM_ENULL;
    *out = numpy_sum(x, n);
    return LLMM_OK;
}

int llmm_mean_numpy(const double *x, size_t n, double *out)
{
    if (!out || (!x && n)) return LLMM_ENULL;
    if (!n) {
        *out = NAN;
        return LLMM_EEMPTY;
    }
    /* numpy/core/_methods.py _mean: umr_sum(arr) then true_divide by the count. */
    *out = numpy_sum(x, n) / (double)n;
    return LLMM_OK;
}

int llmm_std_numpy(const double *x, size_t n, double *out)
{
    double mean;
    if (!out || (!x && n)) return LLMM_ENULL;
    if (!n) {
        *out = NAN;
        return LLMM_EEMPTY;
    }
    /* numpy/core/_methods.py _var (ddof = 0): arrmean = umr_sum(arr) / n;
     * x = arr - arrmean; x = x * x; ret = umr_sum(x) / n; _std: sqrt(ret). */
    mean = numpy_sum(x, n) / (double)n;
    *out = sqrt(numpy_sum_sqdev(x, n, mean) / (double)n);
    return LLMM_OK;
}

int llmm_sum_exact(const double *x, size_t n, double *out)
{
    llmmi_exactsum s;
    size_t i;
    if (!out || (!x && n)) return LLMM_ENULL;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) llmmi_exactsum_add(&s, x[i]);
    *out = llmmi_exactsum_value(&s);
    return LLMM_OK;
}

int llmm_mean_exact(const double *x, size_t n, double *out)
{
    int rc;
    if (!out || (!x && n)) return LLMM_ENULL;
    if (!n) {
        *out = NAN;
        return LLMM_EEMPTY;
    }
    /* math.fsum(x) / n: the correctly rounded sum, divided once. */
    if ((rc = llmm_sum_exact(x, n, out))) return rc;
    *out /= (double)n;
    return LLMM_OK;
}
