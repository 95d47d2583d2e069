/* quantile.h - quantiles of sorted float64 data as numpy 1.24 computes them. */
#ifndef LLMMI_PROB_QUANTILE_H
#define LLMMI_PROB_QUANTILE_H
#include <stddef.h>

/* np.quantile(x, q, method='linear') of sorted x (n >= 1, 0 <= q <= 1). */
double llmmi_quantile_linear(const double *x, size_t n, double q);
/* np.median of sorted x (n >= 1): the mean of the two middle values for even n. */
double llmmi_median(const double *x, size_t n);
/* Sorts ascending (no NaN). */
void llmmi_sort_doubles(double *x, size_t n);

#endif
