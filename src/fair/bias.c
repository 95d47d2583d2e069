/* bias.c - bias measures on paired outputs with a percentile bootstrap interval:
 * counterfactual gap (mean / max |a - b| over attribute-swapped prompt pairs) and the
 * CrowS-Pairs stereotype preference rate (Nangia et al. 2020, metric.py: a pair counts
 * when the stereotyped sentence scores strictly higher; equal scores are "neutral" and
 * stay in the denominator). */
#include "llmm_fair.h"
#include "llmm_sketch.h"
#include "core/alloc.h"
#include "rng.h"
#include <math.h>
#include <stdlib.h>

size_t llmm_bias_options_size(void) { return sizeof(llmm_bias_options); }
size_t llmm_bias_gap_result_size(void) { return sizeof(llmm_bias_gap_result); }
size_t llmm_bias_stereotype_result_size(void) { return sizeof(llmm_bias_stereotype_result); }

void llmm_bias_options_default(llmm_bias_options *opts)
{
    if (!opts) return;
    opts->n_resamples = 1000;
    opts->confidence = 0.95;
    opts->seed = 0;
}

static int check_pairs(const double *a, const double *b, size_t n, const llmm_bias_options *o)
{
    size_t i;
    if (!(o->confidence > 0.0 && o->confidence < 1.0)) return LLMM_EINVAL;
    if (n == 0) return LLMM_EEMPTY;
    if (!a || !b) return LLMM_ENULL;
    for (i = 0; i < n; i++)
        if (a[i] - a[i] != 0.0 || b[i] - b[i] != 0.0) return LLMM_ENONFINITE;
    return LLMM_OK;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Percentile bootstrap of the mean of v[0..n): resample b draws n indices from stream b
 * of the seed; the interval is numpy's "linear" quantile of the sorted resample means at
 * (1 - confidence) / 2 and (1 + confidence) / 2. */
static int bootstrap_mean(const double *v, size_t n, const llmm_bias_options *o,
                          const llmm_allocator *alloc, double *lo, double *hi)
{
    llmm_allocator a;
    double *means, q[2];
    uint32_t b;
    size_t i;
    int rc;
    *lo = *hi = NAN;
    if (o->n_resamples == 0) return LLMM_OK;
    llmmi_alloc_init(&a, alloc);
    means = (double *)llmmi_calloc(&a, o->n_resamples, sizeof(double));
    if (!means) return LLMM_ENOMEM;
    for (b = 0; b < o->n_resamples; b++) {
        llmmi_stream s = llmmi_stream_at(o->seed, b);
        double sum = 0.0;
        for (i = 0; i < n; i++) sum += v[llmmi_stream_below(&s, n)];
        means[b] = sum / (double)n;
    }
    qsort(means, o->n_resamples, sizeof(double), cmp_double);
    q[0] = (1.0 - o->confidence) / 2.0;
    q[1] = (1.0 + o->confidence) / 2.0;
    rc = llmm_quantiles_sorted(means, o->n_resamples, q, 2, LLMM_QUANTILE_LINEAR, q);
    llmmi_free(&a, means, (size_t)o->n_resamples * sizeof(double));
    *lo = q[0];
    *hi = q[1];
    return rc;
}

int llmm_bias_counterfactual_gap(const double *score_a, const double *score_b, size_t n,
                                 const llmm_bias_options *opts, llmm_bias_gap_result *out,
                                 const llmm_allocator *alloc)
{
    llmm_bias_options o;
    llmm_allocator a;
    double *gap, sum = 0.0, mx = 0.0;
    size_t i;
    int rc;
    if (!out) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_bias_options_default(&o);
    if ((rc = check_pairs(score_a, score_b, n, &o)) != LLMM_OK) return rc;
    llmmi_alloc_init(&a, alloc);
    gap = (double *)llmmi_calloc(&a, n, sizeof(double));
    if (!gap) return LLMM_ENOMEM;
    for (i = 0; i < n; i++) {
        gap[i] = fabs(score_a[i] - score_b[i]);
        sum += gap[i];
        if (gap[i] > mx) mx = gap[i];
    }
    out->n = n;
    out->mean_gap = sum / (double)n;
    out->max_gap = mx;
    rc = bootstrap_mean(gap, n, &o, &a, &out->ci_low, &out->ci_high);
    llmmi_free(&a, gap, n * sizeof(double));
    return rc;
}

int llmm_bias_stereotype_rate(const double *ll_stereo, const double *ll_anti, size_t n,
                              const llmm_bias_options *opts, llmm_bias_stereotype_result *out,
                              const llmm_allocator *alloc)
{
    llmm_bias_options o;
    llmm_allocator a;
    double *hit;
    size_t i;
    int rc;
    if (!out) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_bias_options_default(&o);
    if ((rc = check_pairs(ll_stereo, ll_anti, n, &o)) != LLMM_OK) return rc;
    llmmi_alloc_init(&a, alloc);
    hit = (double *)llmmi_calloc(&a, n, sizeof(double));
    if (!hit) return LLMM_ENOMEM;
    out->n = n;
    out->n_preferred = out->n_ties = 0;
    for (i = 0; i < n; i++) {
        hit[i] = ll_stereo[i] > ll_anti[i] ? 1.0 : 0.0;
        out->n_preferred += ll_stereo[i] > ll_anti[i];
        out->n_ties += ll_stereo[i] == ll_anti[i];
    }
    out->rate = (double)out->n_preferred / (double)n;
    rc = bootstrap_mean(hit, n, &o, &a, &out->ci_low, &out->ci_high);
    llmmi_free(&a, hit, n * sizeof(double));
    return rc;
}
