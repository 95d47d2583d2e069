/* rank_query.c - all ranking metrics of one query.
 *
 * NDCG follows scikit-learn 1.2.1 sklearn/metrics/_ranking.py:
 *   discount = 1 / (log(arange(n) + 2) / log(2)), discount[k:] = 0;
 *   ties averaged (_tie_averaged_dcg): groups of equal score in descending order, each
 *   group's mean gain (np.add.at in index order, / count) times the sum of its ranks'
 *   discounts (differences of cumsum(discount) at the group ends), np.sum over groups;
 *   ignore_ties: ranked = y_true[argsort(y_score)[::-1]], dcg = discount . ranked;
 *   ideal DCG = the same on y_true sorted descending; ideal 0 -> NDCG 0.
 * The plain formulas (vectors/README.md "stats") rank by a stable descending sort. */
#include "rank_internal.h"
#include "llmm_sketch.h" /* llmm_sum_numpy */
#include <math.h>
#include <stdlib.h>

size_t llmm_rank_query_result_size(void) { return sizeof(llmm_rank_query_result); }
size_t llmm_rank_cutoff_size(void) { return sizeof(llmm_rank_cutoff); }
uint32_t llmm_rank_max_cutoffs(void) { return LLMM_RANK_MAX_CUTOFFS; }

int llmmi_rank_ws_reserve(llmmi_rank_ws *ws, size_t n, const llmm_allocator *al)
{
    llmmi_rank_ws w;
    if (n <= ws->cap) return LLMM_OK;
    w.cap = n;
    w.scored = (llmmi_kv *)llmmi_calloc(al, n, 2 * sizeof(llmmi_kv));
    w.order = (size_t *)llmmi_calloc(al, n, 2 * sizeof(size_t));
    w.disc = (double *)llmmi_calloc(al, n, 4 * sizeof(double));
    if (!w.scored || !w.order || !w.disc) {
        llmmi_free(al, w.scored, n * 2 * sizeof(llmmi_kv));
        llmmi_free(al, w.order, n * 2 * sizeof(size_t));
        llmmi_free(al, w.disc, n * 4 * sizeof(double));
        return LLMM_ENOMEM;
    }
    w.order_np = w.order + n;
    w.cum = w.disc + n;
    w.tmp = w.disc + 2 * n;
    w.ideal = w.disc + 3 * n;
    llmmi_rank_ws_free(ws, al);
    *ws = w;
    return LLMM_OK;
}

void llmmi_rank_ws_free(llmmi_rank_ws *ws, const llmm_allocator *al)
{
    if (ws->cap) {
        llmmi_free(al, ws->scored, ws->cap * 2 * sizeof(llmmi_kv));
        llmmi_free(al, ws->order, ws->cap * 2 * sizeof(size_t));
        llmmi_free(al, ws->disc, ws->cap * 4 * sizeof(double));
    }
    ws->cap = 0;
}

int llmmi_rank_check(const double *scores, const double *rel, size_t n)
{
    size_t i;
    if (n == 0) return LLMM_EEMPTY;
    if (!scores || !rel) return LLMM_ENULL;
    for (i = 0; i < n; i++)
        if (!isfinite(scores[i]) || !isfinite(rel[i])) return LLMM_ENONFINITE;
    return LLMM_OK;
}

int llmmi_rank_check_cutoffs(const uint32_t *k, size_t n_k)
{
    size_t i;
    if (n_k > LLMM_RANK_MAX_CUTOFFS) return LLMM_EINVAL;
    if (n_k && !k) return LLMM_ENULL;
    for (i = 0; i < n_k; i++)
        if (k[i] == 0) return LLMM_EINVAL;
    return LLMM_OK;
}

static int cmp_desc_f64(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* NDCG at cutoff `cut` (<= n), ties averaged and ignored. */
static void ndcg_at(llmmi_rank_ws *ws, const double *scores, const double *rel, size_t n,
                    size_t cut, double *tied, double *ignore_ties)
{
    double c = 0, ideal = 0, it = 0, dcg;
    size_t i, j, g = 0;
    for (i = 0; i < n; i++) {
        double d = i < cut ? ws->disc[i] : 0.0;
        ws->cum[i] = c += d; /* np.cumsum(discount) */
        ideal += d * ws->ideal[i];
        it += d * rel[ws->order_np[n - 1 - i]];
    }
    for (i = 0; i < n; i = j, g++) {
        double sum = 0, ds;
        for (j = i; j < n && scores[ws->order[j]] == scores[ws->order[i]]; j++) sum += rel[ws->order[j]];
        ds = ws->cum[j - 1] - (i ? ws->cum[i - 1] : 0.0);
        ws->tmp[g] = sum / (double)(j - i) * ds;
    }
    llmm_sum_numpy(ws->tmp, g, &dcg);
    *tied = ideal == 0 ? 0.0 : dcg / ideal;
    *ignore_ties = ideal == 0 ? 0.0 : it / ideal;
}

void llmmi_rank_compute(llmmi_rank_ws *ws, const double *scores, const double *rel, size_t n,
                        const uint32_t *k, size_t n_k, llmm_rank_query_result *out,
                        llmm_rank_cutoff *at)
{
    size_t i, c, n_rel = 0, hits = 0;
    double ap = 0, rr = 0;
    llmmi_order_desc(scores, n, ws->scored, ws->order);
    for (i = 0; i < n; i++) n_rel += rel[i] > 0;
    for (i = 0; i < n; i++) {
        if (!(rel[ws->order[i]] > 0)) continue;
        hits++;
        if (hits == 1) rr = 1.0 / (double)(i + 1);
        ap += (double)hits / (double)(i + 1);
    }
    out->rr = rr;
    out->ap = n_rel ? ap / (double)n_rel : 0.0;
    for (c = 0; c < n_k; c++) {
        size_t top = k[c] < n ? k[c] : n, h = 0;
        for (i = 0; i < top; i++) h += rel[ws->order[i]] > 0;
        at[c].k = k[c];
        at[c].precision = (double)h / (double)k[c];
        at[c].recall = n_rel ? (double)h / (double)n_rel : 0.0;
        at[c].hit = h ? 1.0 : 0.0;
        at[c].ndcg = at[c].ndcg_ignore_ties = NAN;
    }
    out->ndcg = out->ndcg_ignore_ties = NAN;
    if (n < 2) return; /* sklearn: one document per query is the "binary" format -> ValueError */
    llmmi_argsort_numpy(scores, n, ws->order_np);
    for (i = 0; i < n; i++) {
        ws->disc[i] = 1.0 / (log((double)i + 2) / log(2.0));
        ws->ideal[i] = rel[i];
    }
    qsort(ws->ideal, n, sizeof(double), cmp_desc_f64);
    ndcg_at(ws, scores, rel, n, n, &out->ndcg, &out->ndcg_ignore_ties);
    for (c = 0; c < n_k; c++)
        ndcg_at(ws, scores, rel, n, k[c] < n ? k[c] : n, &at[c].ndcg, &at[c].ndcg_ignore_ties);
}

int llmm_rank_query(const double *scores, const double *relevance, size_t n_docs,
                    const uint32_t *k, size_t n_k, llmm_rank_query_result *out,
                    llmm_rank_cutoff *at, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmmi_rank_ws ws;
    int rc;
    if (!out || (n_k && !at)) return LLMM_ENULL;
    if ((rc = llmmi_rank_check_cutoffs(k, n_k)) != LLMM_OK) return rc;
    if ((rc = llmmi_rank_check(scores, relevance, n_docs)) != LLMM_OK) return rc;
    llmmi_alloc_init(&al, alloc);
    ws.cap = 0;
    if ((rc = llmmi_rank_ws_reserve(&ws, n_docs, &al)) != LLMM_OK) return rc;
    llmmi_rank_compute(&ws, scores, relevance, n_docs, k, n_k, out, at);
    llmmi_rank_ws_free(&ws, &al);
    return LLMM_OK;
}
