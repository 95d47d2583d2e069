/* corr_internal.h - shared pieces of the correlation family. */
#ifndef LLMMI_CORR_INTERNAL_H
#define LLMMI_CORR_INTERNAL_H
#include "llmm_corr.h"
#include "core/alloc.h"

struct llmm_corr {
    llmm_allocator alloc;
    double *xy; /* pairs, interleaved x0 y0 x1 y1 ... */
    size_t n, cap;
};

/* Validated options (defaults for NULL); LLMM_EINVAL for unknown values. */
int llmmi_corr_opts(const llmm_corr_options *in, llmm_corr_options *out);
/* Status and NaN result for n < 2 and NaN/Inf input; LLMM_OK to go on. `stride` is the
 * distance between consecutive x (and y) values. */
int llmmi_corr_precheck(const double *x, const double *y, size_t n, size_t stride,
                        llmm_corr_result *out);

/* The statistics over strided arrays (x[i*stride], y[i*stride]); inputs pre-checked. */
int llmmi_pearson(const double *x, const double *y, size_t n, size_t stride,
                  const llmm_corr_options *o, llmm_corr_result *out);
int llmmi_spearman(const double *x, const double *y, size_t n, size_t stride,
                   const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al);
int llmmi_kendall(const double *x, const double *y, size_t n, size_t stride,
                  const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al);

/* scipy.stats._mstats_basic._kendall_p_exact(n, c, alternative), c = concordant pairs. */
double llmmi_kendall_p_exact(uint64_t n, uint64_t c, int alternative,
                             const llmm_allocator *al, int *status);

/* p-values of scipy's _ttest_finish (Student t) and _normtest_finish (normal). */
double llmmi_t_pvalue(double df, double t, int alternative);
double llmmi_z_pvalue(double z, int alternative);

#endif
