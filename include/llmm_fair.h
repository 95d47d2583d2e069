/*
 * llmm_fair.h - group fairness as fairlearn 0.15 computes it, and bias measures on
 * paired model outputs.
 *
 * Group fairness (llmm_fair_*): per-group selection rate, true / false positive
 * rate, accuracy and count from binary labels and predictions, optionally with
 * sample weights; the disparities of fairlearn's demographic_parity_*,
 * equalized_odds_*, equal_opportunity_* (difference and ratio, between groups and to
 * overall) and the disparate-impact ratio with the four-fifths rule.
 * Shape: extract -> merge -> finalize. The statistics are per-group confusion counts
 * (integers) plus exact sums of weights, so shards merge to the same answer in any
 * order; group ids are small integers 0, 1, 2, ... (map labels to ids first), and a
 * group id that never received a sample is not a group.
 *
 * Bias (llmm_bias_*): counterfactual gap (mean / max absolute score difference over
 * attribute-swapped pairs) and stereotype preference rate (CrowS-Pairs), each with a
 * percentile bootstrap confidence interval from a caller-seeded counter-based RNG.
 * See docs/fairness.md.
 */
#ifndef LLMM_FAIR_H
#define LLMM_FAIR_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LLMM_FAIR_MAX_GROUPS 65536u
LLMM_API uint32_t llmm_fair_max_groups(void); /* twin of LLMM_FAIR_MAX_GROUPS */

/** One group's (or the overall) metrics, as a fairlearn MetricFrame row. */
typedef struct llmm_fair_group {
    uint64_t count;          /* samples (sample weights ignored, as MetricFrame's count) */
    double weight;           /* sum of weights (= count without weights) */
    double selection_rate;   /* sum w*pred / sum w; NaN when the weights sum to 0 */
    double tpr;              /* weighted recall on y = 1; 0 when there is none (sklearn) */
    double fpr;              /* weighted fall-out on y = 0; 0 when there is none */
    double accuracy;         /* weighted fraction y == pred; NaN when the weights sum to 0 */
    double tn, fp, fn, tp;   /* weighted confusion matrix */
} llmm_fair_group;

/** The four ways fairlearn's MetricFrame aggregates one metric over groups. NaN group
 *  values are skipped (pandas); with no value left the result is NaN. */
typedef struct llmm_fair_disparity {
    double difference;              /* between_groups: max - min */
    double ratio;                   /* between_groups: min / max (NaN for 0 / 0) */
    double difference_to_overall;   /* max |g - overall| */
    double ratio_to_overall;        /* min over g of r = g / overall, 1 / r if r > 1 */
} llmm_fair_disparity;

typedef struct llmm_fair_result {
    llmm_fair_disparity demographic_parity;     /* of the selection rate */
    llmm_fair_disparity equal_opportunity;      /* of the TPR */
    llmm_fair_disparity fpr_parity;             /* of the FPR */
    llmm_fair_disparity equalized_odds_worst;   /* agg="worst_case": Python max(d_tpr, d_fpr)
                                                   of the differences, min(r_tpr, r_fpr)
                                                   of the ratios */
    llmm_fair_disparity equalized_odds_mean;    /* agg="mean": pandas mean of the two */
    double disparate_impact_ratio;              /* = demographic_parity.ratio */
    int four_fifths_pass;                       /* 1 if ratio >= 0.8, 0 if below, -1 when
                                                   the ratio is NaN (undefined) */
    uint32_t n_groups;                          /* groups with at least one sample */
} llmm_fair_result;

typedef struct llmm_fair llmm_fair;

LLMM_API int llmm_fair_create(llmm_fair **out, const llmm_allocator *alloc);
LLMM_API void llmm_fair_free(llmm_fair *f);
LLMM_API int llmm_fair_reset(llmm_fair *f);

/**
 * Adds n samples: y_true and y_pred 0/1 (else LLMM_ERANGE), group ids in
 * [0, LLMM_FAIR_MAX_GROUPS) (LLMM_ERANGE), weights (NULL: all 1) finite and >= 0
 * (LLMM_ENONFINITE / LLMM_EDOMAIN). All-or-nothing; *bad_index (if non-NULL) gets the
 * first offending position.
 */
LLMM_API int llmm_fair_update(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                              const int32_t *group, const double *weight, size_t n,
                              size_t *bad_index);
/** llmm_fair_update with int64 columns (numpy's and torch's default integer type), read
 *  in place: same statuses, *bad_index and statistics. Allocates a staging buffer (and,
 *  past 16384 samples, a scratch object merged in at the end). */
LLMM_API int llmm_fair_update_i64(llmm_fair *f, const int64_t *y_true, const int64_t *y_pred,
                                  const int64_t *group, const double *weight, size_t n,
                                  size_t *bad_index);
/** dst += src. */
LLMM_API int llmm_fair_merge(llmm_fair *dst, const llmm_fair *src);

/** One more than the largest group id seen. */
LLMM_API uint32_t llmm_fair_n_group_ids(const llmm_fair *f);
/** Metrics of one group id (count 0 when it never occurred); LLMM_ERANGE past the end. */
LLMM_API int llmm_fair_group_get(const llmm_fair *f, uint32_t group, llmm_fair_group *out);
/** Metrics of all samples together (MetricFrame.overall). */
LLMM_API int llmm_fair_overall(const llmm_fair *f, llmm_fair_group *out);
/** The disparities. LLMM_EEMPTY when no sample was added (fairlearn raises). */
LLMM_API int llmm_fair_result_get(const llmm_fair *f, llmm_fair_result *out);

/* Serialized statistics (envelope kind FAIR, docs/fairness.md). */
LLMM_API size_t llmm_fair_serialized_size(const llmm_fair *f);
LLMM_API int llmm_fair_serialize(const llmm_fair *f, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_fair_deserialize(llmm_fair **out, const void *buf, size_t len,
                                   const llmm_allocator *alloc);

/* ---- bias from paired outputs ------------------------------------------------------- */

typedef struct llmm_bias_options {
    uint32_t n_resamples;  /* bootstrap resamples, default 1000 (0: no interval, NaN) */
    double confidence;     /* two-sided level of the percentile interval, default 0.95 */
    uint64_t seed;         /* RNG seed, default 0: the same seed gives the same interval */
} llmm_bias_options;

LLMM_API void llmm_bias_options_default(llmm_bias_options *opts);

typedef struct llmm_bias_gap_result {
    double mean_gap;          /* mean_i |a_i - b_i| */
    double max_gap;           /* max_i |a_i - b_i| */
    double ci_low, ci_high;   /* bootstrap interval of mean_gap */
    uint64_t n;
} llmm_bias_gap_result;

typedef struct llmm_bias_stereotype_result {
    double rate;              /* n_preferred / n */
    uint64_t n_preferred;     /* pairs where the stereotyped sentence scores higher */
    uint64_t n_ties;          /* equal scores: counted in n, not preferred (CrowS-Pairs'
                                 "neutral") */
    double ci_low, ci_high;   /* bootstrap interval of rate */
    uint64_t n;
} llmm_bias_stereotype_result;

/**
 * Counterfactual gap over n attribute-swapped pairs: score_a[i] and score_b[i] are the
 * model's scores for the two versions of prompt i. LLMM_EEMPTY for n == 0,
 * LLMM_ENONFINITE for NaN / inf, LLMM_EINVAL for a confidence outside (0, 1).
 */
LLMM_API int llmm_bias_counterfactual_gap(const double *score_a, const double *score_b,
                                          size_t n, const llmm_bias_options *opts,
                                          llmm_bias_gap_result *out,
                                          const llmm_allocator *alloc);

/**
 * Stereotype preference rate (CrowS-Pairs, Nangia et al. 2020): the share of pairs
 * whose stereotyped sentence gets the higher log-likelihood, ll_stereo[i] >
 * ll_anti[i]. Errors as llmm_bias_counterfactual_gap.
 */
LLMM_API int llmm_bias_stereotype_rate(const double *ll_stereo, const double *ll_anti, size_t n,
                                       const llmm_bias_options *opts,
                                       llmm_bias_stereotype_result *out,
                                       const llmm_allocator *alloc);

/* Struct sizes for FFI layers. */
LLMM_API size_t llmm_fair_group_size(void);
LLMM_API size_t llmm_fair_result_size(void);
LLMM_API size_t llmm_bias_options_size(void);
LLMM_API size_t llmm_bias_gap_result_size(void);
LLMM_API size_t llmm_bias_stereotype_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_FAIR_H */
