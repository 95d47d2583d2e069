/*
 * llmm_agree.h - inter-rater agreement: Cohen's kappa (two raters), Fleiss' kappa
 * (a fixed number of raters per subject) and Krippendorff's alpha (any number of
 * raters, missing ratings, four levels of measurement).
 *
 * References reproduced (docs/agreement.md):
 *   Cohen       scikit-learn 1.2.1 sklearn.metrics.cohen_kappa_score
 *   Fleiss      statsmodels 0.13.5 statsmodels.stats.inter_rater.fleiss_kappa
 *               (+ aggregate_raters for raw ratings)
 *   Krippendorff  fast-krippendorff 0.8.3.dev0 (krippendorff.alpha)
 *
 * Each statistic comes in two shapes:
 *   - a one-shot function over raw ratings with arbitrary label values, and
 *   - a mergeable statistics object over category indices (extract -> merge ->
 *     finalize): a contingency table (Cohen), category totals and squared counts
 *     (Fleiss), or per-group coincidence counts (Krippendorff). All counts are
 *     integers, so merging is exactly associative and commutative, and a finalized
 *     value does not depend on how the data was split or in which order it was merged.
 *
 * Where the reference returns NaN (no disagreement possible: a single label, a single
 * category, empty Cohen input) the value is NaN and the status LLMM_OK. Where it raises,
 * the status says why.
 */
#ifndef LLMM_AGREE_H
#define LLMM_AGREE_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== Cohen's kappa ========================================================== */

/** Disagreement weights over label *positions* i, j in the label list (sklearn). */
typedef enum llmm_kappa_weights {
    LLMM_KAPPA_UNWEIGHTED = 0, /* w = [i != j] (sklearn weights=None) */
    LLMM_KAPPA_LINEAR = 1,     /* w = |i - j| */
    LLMM_KAPPA_QUADRATIC = 2   /* w = (i - j)^2 */
} llmm_kappa_weights;

typedef struct llmm_cohen_options {
    int weights;            /* llmm_kappa_weights; default LLMM_KAPPA_UNWEIGHTED */
    const int64_t *labels;  /* sklearn `labels=`: the labels scored, in this order (the
                               weights use positions in this list); pairs where either
                               rating is not listed are dropped. NULL (default) = the
                               sorted distinct labels of both raters (sklearn labels=None) */
    size_t n_labels;        /* entries in labels (ignored when labels is NULL) */
} llmm_cohen_options;

LLMM_API void llmm_cohen_options_default(llmm_cohen_options *opts);
LLMM_API size_t llmm_cohen_options_size(void);

/**
 * Cohen's kappa of two raters' labels: 1 - sum(w*O) / sum(w*E), O the confusion
 * matrix and E = outer(col sums, row sums) / N (sklearn cohen_kappa_score).
 * NaN (status LLMM_OK) when it is 0/0: empty input, or a single label on both sides
 * (with weights, any table without off-diagonal expectation).
 * Errors: LLMM_ENULL, LLMM_EINVAL (unknown weights; labels given with n_labels == 0;
 * a repeated label), LLMM_EDOMAIN (labels given, n > 0 and none of rater1's labels is
 * listed: sklearn "At least one label specified must be in y_true"), LLMM_ENOMEM.
 * `opts` NULL = defaults; `alloc` NULL = malloc. Time O(n log n).
 */
LLMM_API int llmm_cohen_kappa(const int64_t *rater1, const int64_t *rater2, size_t n,
                              const llmm_cohen_options *opts, double *kappa,
                              const llmm_allocator *alloc);

/** A K x K contingency table over category indices 0..K-1 (row = rater1). */
typedef struct llmm_cohen llmm_cohen;

#define LLMM_COHEN_MAX_CATEGORIES 4096u
LLMM_API uint32_t llmm_cohen_max_categories(void); /* twin of LLMM_COHEN_MAX_CATEGORIES */

/** 1 <= n_categories <= LLMM_COHEN_MAX_CATEGORIES, else LLMM_EINVAL. */
LLMM_API int llmm_cohen_create(llmm_cohen **out, uint32_t n_categories,
                               const llmm_allocator *alloc);
LLMM_API void llmm_cohen_free(llmm_cohen *t); /* NULL-safe */
LLMM_API void llmm_cohen_reset(llmm_cohen *t);
LLMM_API uint32_t llmm_cohen_n_categories(const llmm_cohen *t);
LLMM_API uint64_t llmm_cohen_total(const llmm_cohen *t);
/** Adds n pairs of category indices. All-or-nothing: an index outside [0, K) gives
 *  LLMM_ERANGE (first offending position in *bad_index if non-NULL) and adds nothing. */
LLMM_API int llmm_cohen_update(llmm_cohen *t, const int32_t *rater1, const int32_t *rater2,
                               size_t n, size_t *bad_index);
/** dst += src (same K, else LLMM_EINVAL). LLMM_EOVERFLOW if a count would wrap. */
LLMM_API int llmm_cohen_merge(llmm_cohen *dst, const llmm_cohen *src);
/** Copies the table row-major (out[i*K + j] = pairs with rater1 == i, rater2 == j);
 *  cap is the number of entries available (LLMM_EBUFFER if < K*K). */
LLMM_API int llmm_cohen_table(const llmm_cohen *t, uint64_t *out, size_t cap);
/** Kappa of the table. opts->labels, if given, are category indices (each < K, else
 *  LLMM_ERANGE); NULL = the categories that occur in either rater, in index order
 *  (what llmm_cohen_kappa does with sorted labels mapped to indices). */
LLMM_API int llmm_cohen_finalize(const llmm_cohen *t, const llmm_cohen_options *opts,
                                 double *kappa);
/** Serialization (docs/agreement.md): envelope + u32 K + K*K u64 counts. */
LLMM_API size_t llmm_cohen_serialized_size(const llmm_cohen *t);
LLMM_API int llmm_cohen_serialize(const llmm_cohen *t, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_cohen_deserialize(llmm_cohen **out, const void *buf, size_t len,
                                    const llmm_allocator *alloc);

/* ==== Fleiss' kappa ========================================================== */

typedef enum llmm_fleiss_method {
    LLMM_FLEISS_FLEISS = 0,  /* chance agreement from the category marginals */
    LLMM_FLEISS_RANDOLPH = 1 /* free-marginal: chance agreement 1/K (statsmodels 'randolph') */
} llmm_fleiss_method;

/** Mergeable Fleiss statistics over K categories: number of subjects, raters per
 *  subject (the same for every subject), per-category totals and the sum over
 *  subjects of sum_j n_ij^2. */
typedef struct llmm_fleiss llmm_fleiss;

#define LLMM_FLEISS_MAX_CATEGORIES 1048576u
LLMM_API uint32_t llmm_fleiss_max_categories(void); /* twin */

LLMM_API int llmm_fleiss_create(llmm_fleiss **out, uint32_t n_categories,
                                const llmm_allocator *alloc);
LLMM_API void llmm_fleiss_free(llmm_fleiss *f); /* NULL-safe */
LLMM_API void llmm_fleiss_reset(llmm_fleiss *f);
LLMM_API uint32_t llmm_fleiss_n_categories(const llmm_fleiss *f);
LLMM_API uint64_t llmm_fleiss_n_subjects(const llmm_fleiss *f);
/** Raters per subject (0 while empty). */
LLMM_API uint64_t llmm_fleiss_n_raters(const llmm_fleiss *f);
/** Adds subjects given as rows of K category counts (row-major n_subjects x K).
 *  Every row must sum to the same number of raters as all earlier subjects
 *  (statsmodels asserts it), else LLMM_ELENGTH; a zero row is LLMM_EINVAL.
 *  All-or-nothing. */
LLMM_API int llmm_fleiss_add_counts(llmm_fleiss *f, const uint64_t *counts, size_t n_subjects);
/** Adds subjects given as raw ratings: row-major n_subjects x n_raters category
 *  indices (each in [0, K), else LLMM_ERANGE). All-or-nothing. */
LLMM_API int llmm_fleiss_add_ratings(llmm_fleiss *f, const int32_t *ratings, size_t n_subjects,
                                     size_t n_raters);
/** dst += src: same K and, unless one is empty, the same raters per subject
 *  (LLMM_EINVAL / LLMM_ELENGTH otherwise). */
LLMM_API int llmm_fleiss_merge(llmm_fleiss *dst, const llmm_fleiss *src);
/** kappa = (P_mean - P_exp) / (1 - P_exp). P_exp uses the category marginals
 *  (FLEISS) or 1/K with K = the object's category count (RANDOLPH).
 *  LLMM_EEMPTY with no subject, LLMM_EDOMAIN with fewer than 2 raters per subject;
 *  NaN (LLMM_OK) when P_exp == 1 (a single category). */
LLMM_API int llmm_fleiss_kappa(const llmm_fleiss *f, int method, double *kappa);
LLMM_API size_t llmm_fleiss_serialized_size(const llmm_fleiss *f);
LLMM_API int llmm_fleiss_serialize(const llmm_fleiss *f, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_fleiss_deserialize(llmm_fleiss **out, const void *buf, size_t len,
                                     const llmm_allocator *alloc);

/** statsmodels aggregate_raters, step 1: the sorted distinct values of n ratings.
 *  Writes at most cap values to cats and the number of distinct values to *n_cat
 *  (LLMM_EBUFFER, with *n_cat set, if cap is too small). */
LLMM_API int llmm_fleiss_categories(const int64_t *ratings, size_t n, int64_t *cats, size_t cap,
                                    size_t *n_cat, const llmm_allocator *alloc);
/** aggregate_raters, step 2: table[s*n_cat + j] = number of raters of subject s whose
 *  rating equals cats[j] (cats sorted ascending, distinct: LLMM_EINVAL otherwise).
 *  A rating not in cats is LLMM_EDOMAIN. */
LLMM_API int llmm_fleiss_aggregate(const int64_t *ratings, size_t n_subjects, size_t n_raters,
                                   const int64_t *cats, size_t n_cat, uint64_t *table);
/** One shot: ratings (n_subjects x n_raters, row-major, arbitrary values) aggregated
 *  over their sorted distinct values, then llmm_fleiss_kappa. LLMM_EEMPTY for no
 *  subject or no rater; LLMM_EDOMAIN for a single rater. */
LLMM_API int llmm_fleiss_kappa_ratings(const int64_t *ratings, size_t n_subjects, size_t n_raters,
                                       int method, double *kappa, const llmm_allocator *alloc);

/* ==== Krippendorff's alpha ===================================================== */

typedef enum llmm_kripp_level {
    LLMM_KRIPP_NOMINAL = 0,  /* d = [v != w] */
    LLMM_KRIPP_ORDINAL = 1,  /* d = (sum_{g=i..j} n_g - (n_i + n_j)/2)^2 over domain positions */
    LLMM_KRIPP_INTERVAL = 2, /* d = (v - w)^2 (the reference's default) */
    LLMM_KRIPP_RATIO = 3     /* d = ((v - w) / (v + w))^2, 0 when v + w == 0 */
} llmm_kripp_level;

typedef struct llmm_kripp_options {
    int level;                  /* llmm_kripp_level; default LLMM_KRIPP_INTERVAL */
    const double *value_domain; /* the possible values, in order (ordinal uses this order);
                                   NULL (default) = sorted distinct observed values */
    size_t n_values;
} llmm_kripp_options;

LLMM_API void llmm_kripp_options_default(llmm_kripp_options *opts);
LLMM_API size_t llmm_kripp_options_size(void);

/**
 * Krippendorff's alpha of reliability data laid out as the reference takes it:
 * n_raters rows x n_units columns, row-major, NaN = missing rating.
 * alpha = 1 - sum(o*d) / sum(e*d), o the coincidence matrix, e its chance version.
 * Units with fewer than 2 ratings do not contribute.
 * Errors: LLMM_ENULL; LLMM_ENONFINITE (+-Inf rating, NaN in the domain);
 * LLMM_EDOMAIN (a domain of fewer than 2 values: "There has to be more than one value
 * in the domain."; a rating outside an explicit domain; a repeated domain value);
 * LLMM_EEMPTY (no unit rated by at least two raters); LLMM_EINVAL (unknown level);
 * LLMM_EUNSUPPORTED (more than LLMM_KRIPP_MAX_VALUES distinct values); LLMM_ENOMEM. NaN (LLMM_OK) when sum(e*d) is 0 with an explicit domain.
 */
LLMM_API int llmm_krippendorff_alpha(const double *data, size_t n_raters, size_t n_units,
                                     const llmm_kripp_options *opts, double *alpha,
                                     const llmm_allocator *alloc);

/** Mergeable coincidence statistics over a fixed value domain of V values: for every
 *  number m >= 2 of ratings per unit that occurred, the integer V x V matrix
 *  sum over such units of (n n^T - diag n). */
typedef struct llmm_kripp llmm_kripp;

/* Each group of units holds a V x V matrix, so V is bounded. */
#define LLMM_KRIPP_MAX_VALUES 4096u
LLMM_API uint32_t llmm_kripp_max_values(void); /* twin */

/** domain: n_values distinct finite values in order (NaN/Inf: LLMM_ENONFINITE; a
 *  repeated value or fewer than 2: LLMM_EDOMAIN; more than LLMM_KRIPP_MAX_VALUES:
 *  LLMM_EUNSUPPORTED). */
LLMM_API int llmm_kripp_create(llmm_kripp **out, const double *domain, size_t n_values,
                               const llmm_allocator *alloc);
LLMM_API void llmm_kripp_free(llmm_kripp *k); /* NULL-safe */
LLMM_API void llmm_kripp_reset(llmm_kripp *k);
/** Number of units with at least 2 ratings added so far. */
LLMM_API uint64_t llmm_kripp_n_pairable_units(const llmm_kripp *k);
/** Adds n_units units from reliability data laid out n_raters x n_units (row-major,
 *  NaN = missing). A rating outside the domain: LLMM_EDOMAIN; +-Inf: LLMM_ENONFINITE.
 *  All-or-nothing. */
LLMM_API int llmm_kripp_add_units(llmm_kripp *k, const double *data, size_t n_raters,
                                  size_t n_units);
/** Adds units given as value counts (n_units x V, row-major): counts[u*V + v] raters
 *  gave unit u the v-th domain value. */
LLMM_API int llmm_kripp_add_value_counts(llmm_kripp *k, const uint64_t *counts, size_t n_units);
/** dst += src (same domain, else LLMM_EINVAL). */
LLMM_API int llmm_kripp_merge(llmm_kripp *dst, const llmm_kripp *src);
/** Alpha at the given level. LLMM_EEMPTY when no unit had 2+ ratings. */
LLMM_API int llmm_kripp_alpha(const llmm_kripp *k, int level, double *alpha);
LLMM_API size_t llmm_kripp_serialized_size(const llmm_kripp *k);
LLMM_API int llmm_kripp_serialize(const llmm_kripp *k, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_kripp_deserialize(llmm_kripp **out, const void *buf, size_t len,
                                    const llmm_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_AGREE_H */
