/* quantile.c - numpy 1.24 quantiles (numpy/lib/function_base.py: _quantile,
 * _get_indexes, _lerp) of sorted float64 data. */
#include "quantile.h"
#include <math.h>
#include <stdlib.h>

double llmmi_quantile_linear(const double *x, size_t n, double q)
{
    /* virtual index (n - 1) q; an index >= n - 1 takes the last element for both
     * neighbours with gamma = v + 1 (numpy sets previous = next = -1) */
    double v = ((double)n - 1) * q, prev = floor(v), a, b, g, diff;
    if (v >= (double)n - 1) {
        a = b = x[n - 1];
        g = v + 1;
    } else {
        a = x[(size_t)prev];
        b = x[(size_t)prev + 1];
        g = v - prev;
    }
    /* _lerp: a + (b - a) t, or b - (b - a)(1 - t) where t >= 0.5 */
    diff = b - a;
    return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

double llmmi_median(const double *x, size_t n)
{
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void llmmi_sort_doubles(double *x, size_t n)
{
    if (n > 1) qsort(x, n, sizeof *x, cmp_double);
}
