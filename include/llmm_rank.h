/*
 * llmm_rank.h - ranking / retrieval metrics over scored documents: reciprocal rank
 * (MRR), average precision (MAP), precision / recall / hit rate at k, and NDCG exactly
 * as scikit-learn 1.2.1 sklearn.metrics.ndcg_score computes it (docs/ranking.md).
 *
 * A query is n_docs documents with a model score and a relevance each.
 *   - Plain formulas (MRR, MAP, P@k, R@k, hit@k): documents ranked by descending score,
 *     ties keeping input order (stable sort); relevant = relevance > 0; R = number of
 *     relevant documents. rr = 1 / rank of the first relevant (0 if none);
 *     ap = (1/R) sum over relevant ranks i of P@i (0 when R = 0); P@k = hits in the top k
 *     / k (the divisor stays k with fewer than k documents); R@k = hits / R (0 when
 *     R = 0); hit@k = 1 if any relevant document is in the top k.
 *   - NDCG (sklearn): gains = relevance (linear, not 2^rel - 1), discount
 *     1/log2(rank + 1), zero past the cutoff k; tied scores share the average gain of
 *     their group (McSherry & Najork) unless ignore_ties, in which case documents are
 *     ranked by numpy's (unstable) argsort of the scores, reversed; a query whose ideal
 *     DCG is 0 scores 0. sklearn rejects inputs with one document per query
 *     (ValueError): such a query has NaN NDCG here, and the means report LLMM_EDOMAIN.
 *
 * Shape: llmm_rank_query() for one query; llmm_rank (extract -> merge -> finalize) for
 * means over queries: per-metric sums are exact (superaccumulator), so merge order
 * never changes a mean, and means are correctly rounded sums / number of queries.
 */
#ifndef LLMM_RANK_H
#define LLMM_RANK_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LLMM_RANK_MAX_CUTOFFS 32u
LLMM_API uint32_t llmm_rank_max_cutoffs(void); /* twin of LLMM_RANK_MAX_CUTOFFS */

/** Cutoff-free metrics of one query (or their means). */
typedef struct llmm_rank_query_result {
    double rr;               /* reciprocal rank (mean: MRR) */
    double ap;               /* average precision (mean: MAP) */
    double ndcg;             /* ndcg_score(k=None); NaN with fewer than 2 documents */
    double ndcg_ignore_ties; /* ndcg_score(k=None, ignore_ties=True); NaN likewise */
} llmm_rank_query_result;

/** Metrics at one cutoff k. */
typedef struct llmm_rank_cutoff {
    uint32_t k;
    double precision;        /* P@k */
    double recall;           /* R@k */
    double hit;              /* hit@k (0 or 1; mean: hit rate) */
    double ndcg;             /* ndcg_score(k=k); NaN with fewer than 2 documents */
    double ndcg_ignore_ties; /* ndcg_score(k=k, ignore_ties=True) */
} llmm_rank_cutoff;

LLMM_API size_t llmm_rank_query_result_size(void);
LLMM_API size_t llmm_rank_cutoff_size(void);

/**
 * Metrics of one query. scores/relevance: n_docs finite values each (NaN/Inf:
 * LLMM_ENONFINITE; n_docs == 0: LLMM_EEMPTY). k: n_k cutoffs (each >= 1, n_k <=
 * LLMM_RANK_MAX_CUTOFFS, else LLMM_EINVAL); at: room for n_k results (may be NULL when
 * n_k == 0). Allocates O(n_docs) scratch.
 */
LLMM_API int llmm_rank_query(const double *scores, const double *relevance, size_t n_docs,
                             const uint32_t *k, size_t n_k, llmm_rank_query_result *out,
                             llmm_rank_cutoff *at, const llmm_allocator *alloc);

/* ---- mergeable means over queries ------------------------------------------------ */

typedef struct llmm_rank llmm_rank;

/** A set of queries scored at the cutoffs k[0..n_k) (copied). */
LLMM_API int llmm_rank_create(llmm_rank **out, const uint32_t *k, size_t n_k,
                              const llmm_allocator *alloc);
LLMM_API void llmm_rank_free(llmm_rank *r); /* NULL-safe */
LLMM_API void llmm_rank_reset(llmm_rank *r);
LLMM_API uint64_t llmm_rank_n_queries(const llmm_rank *r);
/** Adds one query (errors as llmm_rank_query; nothing is added on error). */
LLMM_API int llmm_rank_add_query(llmm_rank *r, const double *scores, const double *relevance,
                                 size_t n_docs);
/** Adds n_queries queries of n_docs documents each (row-major matrices, sklearn's
 *  layout). All-or-nothing: inputs are validated first. */
LLMM_API int llmm_rank_add_queries(llmm_rank *r, const double *scores, const double *relevance,
                                   size_t n_queries, size_t n_docs);
/** dst += src; both must have the same cutoffs (LLMM_EINVAL otherwise). */
LLMM_API int llmm_rank_merge(llmm_rank *dst, const llmm_rank *src);
/** Means over the queries: mean->rr is MRR, mean->ap MAP; at[i] for cutoff k[i] (room
 *  for n_k entries, NULL allowed when n_k == 0). NDCG fields are NaN when a query had
 *  fewer than 2 documents. LLMM_EEMPTY with no query. */
LLMM_API int llmm_rank_mean(const llmm_rank *r, llmm_rank_query_result *mean,
                            llmm_rank_cutoff *at);
/** Mean NDCG at cutoff k (one of the object's cutoffs, else LLMM_ERANGE; 0 = no
 *  cutoff), sklearn ndcg_score over all queries. LLMM_EDOMAIN when a query had fewer
 *  than 2 documents (sklearn raises ValueError), LLMM_EEMPTY with no query. */
LLMM_API int llmm_rank_mean_ndcg(const llmm_rank *r, uint32_t k, int ignore_ties, double *out);
/** Serialization (docs/ranking.md). */
LLMM_API size_t llmm_rank_serialized_size(const llmm_rank *r);
LLMM_API int llmm_rank_serialize(const llmm_rank *r, void *buf, size_t cap, size_t *written);
LLMM_API int llmm_rank_deserialize(llmm_rank **out, const void *buf, size_t len,
                                   const llmm_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_RANK_H */
