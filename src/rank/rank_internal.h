/* rank_internal.h - ranking metrics internals. */
#ifndef LLMMI_RANK_INTERNAL_H
#define LLMMI_RANK_INTERNAL_H
#include "llmm_rank.h"
#include "core/alloc.h"
#include "core/exactsum.h"

#include "core/radix.h"

/* Scratch buffers for one query of up to cap documents. */
typedef struct llmmi_rank_ws {
    llmmi_kv *scored; /* 2 cap: radix sort and its scratch */
    size_t *order;    /* descending score, ties by index */
    size_t *order_np; /* numpy argsort (ascending; read backwards) */
    double *disc;     /* 1 / log2(i + 2) */
    double *cum;      /* cumulative discount under a cutoff */
    double *tmp;      /* per-group products */
    double *ideal;    /* relevance sorted descending */
    size_t cap;
} llmmi_rank_ws;

int llmmi_rank_ws_reserve(llmmi_rank_ws *ws, size_t n, const llmm_allocator *al);
void llmmi_rank_ws_free(llmmi_rank_ws *ws, const llmm_allocator *al);
/* LLMM_OK, LLMM_ENONFINITE or LLMM_EEMPTY for one query's inputs. */
int llmmi_rank_check(const double *scores, const double *rel, size_t n);
/* Validates cutoffs (each >= 1, at most LLMM_RANK_MAX_CUTOFFS). */
int llmmi_rank_check_cutoffs(const uint32_t *k, size_t n_k);
/* All metrics of one validated query; ws reserved for n. */
void llmmi_rank_compute(llmmi_rank_ws *ws, const double *scores, const double *rel, size_t n,
                        const uint32_t *k, size_t n_k, llmm_rank_query_result *out,
                        llmm_rank_cutoff *at);

struct llmm_rank {
    llmm_allocator alloc;
    uint32_t n_k;
    uint32_t k[LLMM_RANK_MAX_CUTOFFS];
    uint64_t n_queries;
    uint64_t n_short;      /* queries with fewer than 2 documents (NDCG undefined) */
    llmmi_exactsum *sums;  /* 4 + 5 n_k: rr, ap, ndcg, ndcg_it, then per cutoff
                              P, R, hit, ndcg, ndcg_it */
    llmm_rank_cutoff *at;  /* n_k scratch results */
    llmmi_rank_ws ws;
};

/* numpy 1.24 np.argsort(v, kind='quicksort') (ascending, not stable) into tosort[0..n). */
void llmmi_argsort_numpy(const double *v, size_t n, size_t *tosort);
/* Indices by descending v, ties by ascending index; tmp has room for 2n. */
void llmmi_order_desc(const double *v, size_t n, llmmi_kv *tmp, size_t *order);

#endif
