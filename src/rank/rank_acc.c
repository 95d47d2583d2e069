/* rank_acc.c - means of the ranking metrics over queries, as exact sums. */
#include "rank_internal.h"
#include <math.h>
#include <string.h>

#define N_SUMS(nk) (4 + 5 * (size_t)(nk))

int llmm_rank_create(llmm_rank **out, const uint32_t *k, size_t n_k, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_rank *r;
    size_t i;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_rank_check_cutoffs(k, n_k)) != LLMM_OK) return rc;
    llmmi_alloc_init(&al, alloc);
    r = (llmm_rank *)llmmi_malloc(&al, sizeof *r);
    if (!r) return LLMM_ENOMEM;
    memset(r, 0, sizeof *r);
    r->alloc = al;
    r->n_k = (uint32_t)n_k;
    for (i = 0; i < n_k; i++) r->k[i] = k[i];
    r->sums = (llmmi_exactsum *)llmmi_calloc(&al, N_SUMS(n_k), sizeof(llmmi_exactsum));
    r->at = (llmm_rank_cutoff *)llmmi_calloc(&al, n_k ? n_k : 1, sizeof(llmm_rank_cutoff));
    if (!r->sums || !r->at) {
        llmm_rank_free(r);
        return LLMM_ENOMEM;
    }
    llmm_rank_reset(r);
    *out = r;
    return LLMM_OK;
}

void llmm_rank_free(llmm_rank *r)
{
    llmm_allocator al;
    if (!r) return;
    al = r->alloc;
    llmmi_rank_ws_free(&r->ws, &al);
    llmmi_free(&al, r->sums, N_SUMS(r->n_k) * sizeof(llmmi_exactsum));
    llmmi_free(&al, r->at, (r->n_k ? r->n_k : 1) * sizeof(llmm_rank_cutoff));
    llmmi_free(&al, r, sizeof *r);
}

void llmm_rank_reset(llmm_rank *r)
{
    size_t i;
    if (!r) return;
    for (i = 0; i < N_SUMS(r->n_k); i++) llmmi_exactsum_init(&r->sums[i]);
    r->n_queries = r->n_short = 0;
}

uint64_t llmm_rank_n_queries(const llmm_rank *r) { return r ? r->n_queries : 0; }

static void accumulate(llmm_rank *r, const double *scores, const double *rel, size_t n)
{
    llmm_rank_query_result q;
    size_t c;
    llmmi_exactsum *s = r->sums;
    llmmi_rank_compute(&r->ws, scores, rel, n, r->k, r->n_k, &q, r->at);
    llmmi_exactsum_add(&s[0], q.rr);
    llmmi_exactsum_add(&s[1], q.ap);
    for (c = 0; c < r->n_k; c++) {
        llmmi_exactsum_add(&s[4 + 5 * c], r->at[c].precision);
        llmmi_exactsum_add(&s[5 + 5 * c], r->at[c].recall);
        llmmi_exactsum_add(&s[6 + 5 * c], r->at[c].hit);
    }
    r->n_queries++;
    if (n < 2) {
        r->n_short++;
        return;
    }
    llmmi_exactsum_add(&s[2], q.ndcg);
    llmmi_exactsum_add(&s[3], q.ndcg_ignore_ties);
    for (c = 0; c < r->n_k; c++) {
        llmmi_exactsum_add(&s[7 + 5 * c], r->at[c].ndcg);
        llmmi_exactsum_add(&s[8 + 5 * c], r->at[c].ndcg_ignore_ties);
    }
}

int llmm_rank_add_query(llmm_rank *r, const double *scores, const double *relevance,
                        size_t n_docs)
{
    int rc;
    if (!r) return LLMM_ENULL;
    if ((rc = llmmi_rank_check(scores, relevance, n_docs)) != LLMM_OK) return rc;
    if ((rc = llmmi_rank_ws_reserve(&r->ws, n_docs, &r->alloc)) != LLMM_OK) return rc;
    accumulate(r, scores, relevance, n_docs);
    return LLMM_OK;
}

int llmm_rank_add_queries(llmm_rank *r, const double *scores, const double *relevance,
                          size_t n_queries, size_t n_docs)
{
    size_t q, cells;
    int rc;
    if (!r) return LLMM_ENULL;
    if (n_queries == 0) return LLMM_OK;
    if (!llmmi_mul_ok(n_queries, n_docs, &cells)) return LLMM_EOVERFLOW;
    for (q = 0; q < n_queries; q++)
        if ((rc = llmmi_rank_check(scores + q * n_docs, relevance + q * n_docs, n_docs)) != LLMM_OK)
            return rc;
    if ((rc = llmmi_rank_ws_reserve(&r->ws, n_docs, &r->alloc)) != LLMM_OK) return rc;
    for (q = 0; q < n_queries; q++) accumulate(r, scores + q * n_docs, relevance + q * n_docs, n_docs);
    return LLMM_OK;
}

int llmm_rank_merge(llmm_rank *dst, const llmm_rank *src)
{
    size_t i;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->n_k != src->n_k || memcmp(dst->k, src->k, dst->n_k * sizeof(uint32_t)))
        return LLMM_EINVAL;
    if (src->n_queries > UINT64_MAX - dst->n_queries) return LLMM_EOVERFLOW;
    for (i = 0; i < N_SUMS(dst->n_k); i++) llmmi_exactsum_merge(&dst->sums[i], &src->sums[i]);
    dst->n_queries += src->n_queries;
    dst->n_short += src->n_short;
    return LLMM_OK;
}

int llmm_rank_mean(const llmm_rank *r, llmm_rank_query_result *mean, llmm_rank_cutoff *at)
{
    double n;
    size_t c;
    const llmmi_exactsum *s;
    if (!r || !mean || (r->n_k && !at)) return LLMM_ENULL;
    if (r->n_queries == 0) return LLMM_EEMPTY;
    n = (double)r->n_queries;
    s = r->sums;
    mean->rr = llmmi_exactsum_value(&s[0]) / n;
    mean->ap = llmmi_exactsum_value(&s[1]) / n;
    mean->ndcg = r->n_short ? NAN : llmmi_exactsum_value(&s[2]) / n;
    mean->ndcg_ignore_ties = r->n_short ? NAN : llmmi_exactsum_value(&s[3]) / n;
    for (c = 0; c < r->n_k; c++) {
        at[c].k = r->k[c];
        at[c].precision = llmmi_exactsum_value(&s[4 + 5 * c]) / n;
        at[c].recall = llmmi_exactsum_value(&s[5 + 5 * c]) / n;
        at[c].hit = llmmi_exactsum_value(&s[6 + 5 * c]) / n;
        at[c].ndcg = r->n_short ? NAN : llmmi_exactsum_value(&s[7 + 5 * c]) / n;
        at[c].ndcg_ignore_ties = r->n_short ? NAN : llmmi_exactsum_value(&s[8 + 5 * c]) / n;
    }
    return LLMM_OK;
}

int llmm_rank_mean_ndcg(const llmm_rank *r, uint32_t k, int ignore_ties, double *out)
{
    size_t idx, c;
    if (!r || !out) return LLMM_ENULL;
    if (k == 0) {
        idx = ignore_ties ? 3 : 2;
    } else {
        for (c = 0; c < r->n_k && r->k[c] != k; c++) {
        }
        if (c == r->n_k) return LLMM_ERANGE;
        idx = (ignore_ties ? 8 : 7) + 5 * c;
    }
    if (r->n_queries == 0) return LLMM_EEMPTY;
    if (r->n_short) return LLMM_EDOMAIN; /* sklearn: ValueError for one document per query */
    *out = llmmi_exactsum_value(&r->sums[idx]) / (double)r->n_queries;
    return LLMM_OK;
}
