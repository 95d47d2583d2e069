/*
 * llmm_semantic.h - similarity of texts through their token embeddings
 * (docs/semantic.md):
 *
 *   BERTScore greedy matching  bert_score 0.3.12 utils.greedy_cos_idf on given
 *                              embeddings: rows L2-normalised, S = cand . ref^T,
 *                              P = sum_i w_i max_j S_ij, R = sum_j v_j max_i S_ij
 *                              (w, v = idf weights normalised to sum 1, or uniform),
 *                              F = 2PR/(P+R) with NaN -> 0; optional baseline
 *                              rescaling (x - b)/(1 - b) as bert_score.score does.
 *   Earth mover's distance     the exact optimal-transport LP between two weighted
 *                              point sets (weights normalised to sum 1) under a
 *                              Euclidean, squared Euclidean or cosine (1 - cos) cost,
 *                              solved by a network simplex; the value scipy 1.10.1
 *                              linprog(method='highs') gives for the same LP.
 *
 * Embeddings are row-major (rows x dim). Nothing here keeps state: these are
 * per-pair functions (average them over a corpus yourself; the sums are plain).
 */
#ifndef LLMM_SEMANTIC_H
#define LLMM_SEMANTIC_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- BERTScore ---------------------------------------------------------------------- */

typedef struct llmm_bertscore_options {
    int rescale_with_baseline; /* 0 (default): raw scores; 1: (x - b)/(1 - b) per component */
    double baseline[3];        /* b for P, R, F (used when rescale_with_baseline) */
    int two_token_is_empty;    /* bert_score quirk, default 0: a side with exactly 2 tokens is
                                  taken for "[CLS] [SEP]" and its P and R are set to 0 (F is
                                  left as computed before, as the reference does) */
} llmm_bertscore_options;

LLMM_API void llmm_bertscore_options_default(llmm_bertscore_options *opts);
LLMM_API size_t llmm_bertscore_options_size(void);

typedef struct llmm_bertscore_result {
    double precision;
    double recall;
    double f1;
} llmm_bertscore_result;

LLMM_API size_t llmm_bertscore_result_size(void);

/**
 * BERTScore of one candidate (n_cand token embeddings) against one reference (n_ref),
 * both of dimension dim. cand_idf / ref_idf: per-token weights, or NULL for all 1.
 * All-zero weights make P (or R) NaN and F 0, as the reference. Arithmetic in double.
 * Errors: LLMM_ENULL, LLMM_EEMPTY (no token or dim == 0), LLMM_ENONFINITE (NaN/Inf
 * anywhere), LLMM_EDOMAIN (a zero embedding row: its cosine is undefined; the reference
 * yields NaN), LLMM_EINVAL (bad options), LLMM_ENOMEM. Time O(n_cand n_ref dim).
 */
LLMM_API int llmm_bertscore_greedy(const double *cand, size_t n_cand, const double *ref,
                                   size_t n_ref, size_t dim, const double *cand_idf,
                                   const double *ref_idf, const llmm_bertscore_options *opts,
                                   llmm_bertscore_result *out, const llmm_allocator *alloc);
/** Same with float32 embeddings and weights (computed in double: the result is within
 *  ~1e-7 of torch's float32 greedy_cos_idf and closer to the exact value). */
LLMM_API int llmm_bertscore_greedy_f32(const float *cand, size_t n_cand, const float *ref,
                                       size_t n_ref, size_t dim, const float *cand_idf,
                                       const float *ref_idf, const llmm_bertscore_options *opts,
                                       llmm_bertscore_result *out, const llmm_allocator *alloc);

/* ---- earth mover's distance ------------------------------------------------------ */

typedef enum llmm_emd_cost {
    LLMM_EMD_EUCLIDEAN = 0,   /* sqrt(sum (x - y)^2)  (scipy cdist 'euclidean') */
    LLMM_EMD_COSINE = 1,      /* 1 - x.y / (|x| |y|), cos clipped to [-1, 1] (cdist 'cosine') */
    LLMM_EMD_SQEUCLIDEAN = 2  /* sum (x - y)^2 */
} llmm_emd_cost;

#define LLMM_EMD_MAX_POINTS 4096u
LLMM_API uint32_t llmm_emd_max_points(void); /* twin of LLMM_EMD_MAX_POINTS */

/**
 * Minimum-cost transport between n weighted sources and m weighted sinks with the
 * given n x m cost matrix (row-major): the value of
 *   min sum_ij f_ij c_ij  s.t.  sum_j f_ij = a_i, sum_i f_ij = b_j, f >= 0,
 * a and b being the weights normalised to sum 1 (NULL = uniform). plan, if non-NULL,
 * receives an optimal f (n x m, row-major; a vertex of the LP).
 * Errors: LLMM_ENULL, LLMM_EEMPTY (n or m == 0), LLMM_ENONFINITE (NaN/Inf cost or
 * weight), LLMM_EDOMAIN (a negative weight, or weights summing to 0),
 * LLMM_EUNSUPPORTED (n or m > LLMM_EMD_MAX_POINTS, or no convergence within the
 * iteration bound), LLMM_ENOMEM.
 */
LLMM_API int llmm_transport(const double *cost, size_t n, size_t m, const double *a,
                            const double *b, double *value, double *plan,
                            const llmm_allocator *alloc);

/**
 * Earth mover's distance between point sets x (n x dim) and y (m x dim) with weights
 * (NULL = uniform) under `cost` (llmm_emd_cost): llmm_transport on their cost matrix.
 * A zero vector under the cosine cost is LLMM_EDOMAIN; other errors as llmm_transport.
 */
LLMM_API int llmm_emd(const double *x, size_t n, const double *y, size_t m, size_t dim,
                      const double *x_weights, const double *y_weights, int cost,
                      double *distance, const llmm_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_SEMANTIC_H */
