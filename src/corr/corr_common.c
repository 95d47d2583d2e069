/* corr_common.c - options, input checks and the t / normal p-values shared by the
 * correlation functions. */
#include "corr_internal.h"
#include "corr/special.h"
#include <math.h>

void llmm_corr_options_default(llmm_corr_options *opts)
{
    if (!opts) return;
    opts->alternative = LLMM_ALT_TWO_SIDED;
    opts->kendall_variant = LLMM_KENDALL_B;
    opts->kendall_method = LLMM_KENDALL_AUTO;
}

size_t llmm_corr_options_size(void) { return sizeof(llmm_corr_options); }
size_t llmm_corr_result_size(void) { return sizeof(llmm_corr_result); }

int llmmi_corr_opts(const llmm_corr_options *in, llmm_corr_options *out)
{
    if (in) *out = *in;
    else llmm_corr_options_default(out);
    if (out->alternative < LLMM_ALT_TWO_SIDED || out->alternative > LLMM_ALT_GREATER ||
        out->kendall_variant < LLMM_KENDALL_B || out->kendall_variant > LLMM_KENDALL_C ||
        out->kendall_method < LLMM_KENDALL_AUTO || out->kendall_method > LLMM_KENDALL_ASYMPTOTIC)
        return LLMM_EINVAL;
    return LLMM_OK;
}

int llmmi_corr_precheck(const double *x, const double *y, size_t n, size_t stride,
                        llmm_corr_result *out)
{
    size_t i;
    out->statistic = out->pvalue = NAN;
    if (n == 0) return LLMM_EEMPTY;
    if (n == 1) return LLMM_EDOMAIN; /* scipy pearsonr: "x and y must have length at least 2." */
    for (i = 0; i < n; i++)
        if (!isfinite(x[i * stride]) || !isfinite(y[i * stride])) return LLMM_ENONFINITE;
    return LLMM_OK;
}

/* scipy.stats._stats_py._ttest_finish */
double llmmi_t_pvalue(double df, double t, int alternative)
{
    if (alternative == LLMM_ALT_LESS) return llmmi_stdtr(df, t);
    if (alternative == LLMM_ALT_GREATER) return llmmi_stdtr(df, -t);
    return llmmi_stdtr(df, -fabs(t)) * 2;
}

/* scipy.stats._stats_py._normtest_finish: norm.sf(x) = ndtr(-x) */
double llmmi_z_pvalue(double z, int alternative)
{
    if (alternative == LLMM_ALT_LESS) return llmmi_ndtr(z);
    if (alternative == LLMM_ALT_GREATER) return llmmi_ndtr(-z);
    return 2 * llmmi_ndtr(-fabs(z));
}
