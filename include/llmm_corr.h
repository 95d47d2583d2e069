/*
 * llmm_corr.h - correlation coefficients with p-values: Pearson's r, Spearman's rho
 * and Kendall's tau (variants b and c), as scipy 1.10.1 scipy.stats.pearsonr,
 * spearmanr and kendalltau compute them (docs/correlation.md).
 *
 *   pearsonr    r from mean-centred, norm-scaled vectors; p-value exact, from the
 *               beta distribution Beta(n/2 - 1, n/2 - 1) on [-1, 1] (regularized
 *               incomplete beta).
 *   spearmanr   Pearson's r of average ranks (ties share the mean rank); p-value from
 *               t = rho sqrt((n-2) / ((1+rho)(1-rho))) with n - 2 degrees of freedom.
 *   kendalltau  tau-b (tie-corrected) or tau-c (Stuart); p-value 'auto': exact
 *               permutation distribution when there are no ties and n <= 33 (or at
 *               most one discordant/concordant pair), else the normal approximation
 *               with the tie-corrected variance.
 *
 * Shapes: one-shot functions over two arrays, and a mergeable accumulator (llmm_corr)
 * that keeps the pairs. Every finalizer is order-independent: sums are exact
 * (superaccumulator) and ranks do not depend on input order, so merging partial
 * accumulators in any order gives bit-identical results.
 *
 * Bad input: NaN or +-Inf anywhere -> LLMM_ENONFINITE (scipy: pearsonr raises;
 * spearmanr/kendalltau return NaN when np.sum of the data is NaN, i.e. for NaN or for
 * +Inf together with -Inf, and rank other infinities); n < 2 -> LLMM_EEMPTY (n == 0) / LLMM_EDOMAIN (n == 1) with the result set to NaN
 * (scipy: pearsonr raises, spearmanr/kendalltau return NaN). A constant input gives
 * statistic and p-value NaN with LLMM_OK, as scipy.
 */
#ifndef LLMM_CORR_H
#define LLMM_CORR_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum llmm_alternative {
    LLMM_ALT_TWO_SIDED = 0,
    LLMM_ALT_LESS = 1,   /* H1: correlation < 0 */
    LLMM_ALT_GREATER = 2 /* H1: correlation > 0 */
} llmm_alternative;

typedef enum llmm_kendall_variant { LLMM_KENDALL_B = 0, LLMM_KENDALL_C = 1 } llmm_kendall_variant;

typedef enum llmm_kendall_method {
    LLMM_KENDALL_AUTO = 0,      /* scipy 'auto' */
    LLMM_KENDALL_EXACT = 1,     /* exact; ties -> LLMM_EDOMAIN ("Ties found, exact method cannot be used.") */
    LLMM_KENDALL_ASYMPTOTIC = 2 /* normal approximation */
} llmm_kendall_method;

typedef struct llmm_corr_options {
    int alternative;     /* llmm_alternative, default two-sided */
    int kendall_variant; /* llmm_kendall_variant, default B */
    int kendall_method;  /* llmm_kendall_method, default AUTO */
} llmm_corr_options;

LLMM_API void llmm_corr_options_default(llmm_corr_options *opts);
LLMM_API size_t llmm_corr_options_size(void);

typedef struct llmm_corr_result {
    double statistic;
    double pvalue;
} llmm_corr_result;

LLMM_API size_t llmm_corr_result_size(void);

/** Pearson's r and its p-value (no allocation). opts NULL = defaults. */
LLMM_API int llmm_pearsonr(const double *x, const double *y, size_t n,
                           const llmm_corr_options *opts, llmm_corr_result *out);
/** Spearman's rho and its p-value. O(n log n); allocates O(n). */
LLMM_API int llmm_spearmanr(const double *x, const double *y, size_t n,
                            const llmm_corr_options *opts, llmm_corr_result *out,
                            const llmm_allocator *alloc);
/** Kendall's tau (opts->kendall_variant) and its p-value. O(n log n) (the exact
 *  p-value costs O(n * min(c, tot - c)) with c concordant pairs, n <= 33 under 'auto'). */
LLMM_API int llmm_kendalltau(const double *x, const double *y, size_t n,
                             const llmm_corr_options *opts, llmm_corr_result *out,
                             const llmm_allocator *alloc);

/* ---- accumulator ------------------------------------------------------------------ */

typedef struct llmm_corr llmm_corr;

LLMM_API int llmm_corr_create(llmm_corr **out, const llmm_allocator *alloc);
LLMM_API void llmm_corr_free(llmm_corr *c); /* NULL-safe */
LLMM_API void llmm_corr_reset(llmm_corr *c);
LLMM_API uint64_t llmm_corr_count(const llmm_corr *c);
/** Appends n pairs. NaN/Inf -> LLMM_ENONFINITE and nothing is added. */
LLMM_API int llmm_corr_add(llmm_corr *c, const double *x, const double *y, size_t n);
/** dst += src (the pairs of src are appended). */
LLMM_API int llmm_corr_merge(llmm_corr *dst, const llmm_corr *src);
/** Finalizers: the one-shot functions over all pairs added so far. */
LLMM_API int llmm_corr_pearsonr(const llmm_corr *c, const llmm_corr_options *opts,
                                llmm_corr_result *out);
LLMM_API int llmm_corr_spearmanr(const llmm_corr *c, const llmm_corr_options *opts,
                                 llmm_corr_result *out);
LLMM_API int llmm_corr_kendalltau(const llmm_corr *c, const llmm_corr_options *opts,
                                  llmm_corr_result *out);
/** Serialization (docs/correlation.md): envelope + u64 n + n (x, y) f64 pairs. */
LLMM_API size_t llmm_corr_serialized_size(const llmm_corr *c);
LLMM_API int llmm_corr_serialize(const llmm_corr *c, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_corr_deserialize(llmm_corr **out, const void *buf, size_t len,
                                   const llmm_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_CORR_H */
