/* parity_rank.c - "ranking" cases of stats.jsonl (vectors/README.md "stats").
 *
 * inputs scores / relevance (queries x documents), options.k (cutoffs). Queries go
 * into two llmm_rank accumulators (first half, second half) that are merged.
 *   ndcg_sklearn_at_{k,None}, ndcg_sklearn_ignore_ties_at_{k,None}
 *                       llmm_rank_mean_ndcg (k = 0 for None), PARITY_REL_F64; an error
 *                       object (one document per query) must get LLMM_EDOMAIN
 *   MRR, MAP, mean_{p,r,hit}@k   llmm_rank_mean, PARITY_REL_F64
 *   per_query[q].{rr, ap, p@k, r@k, hit@k}   llmm_rank_query, PARITY_REL_F64
 * Every expected key is checked; an unknown key fails the case.
 */
#include "parity.h"
#include "parity_arrays.h"

#include <stdio.h>
#include <string.h>

static int cutoff_index(const uint32_t *k, size_t n_k, const char *s)
{
    size_t i;
    unsigned long v = strtoul(s, NULL, 10);
    for (i = 0; i < n_k; i++)
        if (k[i] == v) return (int)i;
    return -1;
}

/* "p@3" -> field 0 (precision), 1 recall, 2 hit; cutoff index in *ci */
static int at_field(const char *key, const uint32_t *k, size_t n_k, int *ci)
{
    int f = !strncmp(key, "p@", 2) ? 0 : !strncmp(key, "r@", 2) ? 1 : !strncmp(key, "hit@", 4) ? 2 : -1;
    if (f < 0) return -1;
    *ci = cutoff_index(k, n_k, strchr(key, '@') + 1);
    return *ci < 0 ? -1 : f;
}

static double at_value(const llmm_rank_cutoff *a, int f)
{
    return f == 0 ? a->precision : f == 1 ? a->recall : a->hit;
}

PARITY_METRIC(parity_ranking, "ranking")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *kj = json_get(options, "k");
    double *scores = NULL, *rel = NULL;
    size_t nq, nd, nq2, nd2, n_k = 0, i, q;
    uint32_t k[LLMM_RANK_MAX_CUTOFFS];
    llmm_rank *a = NULL, *b = NULL;
    llmm_rank_query_result mean;
    llmm_rank_cutoff at[LLMM_RANK_MAX_CUTOFFS];
    int rc;

    if (json_kind(kj) != JSON_ARRAY || json_len(kj) > LLMM_RANK_MAX_CUTOFFS) {
        parity_fail(c, "options.k", "not an array of at most %u cutoffs", LLMM_RANK_MAX_CUTOFFS);
        return parity_outcome_of(c);
    }
    for (i = 0; i < json_len(kj); i++) k[n_k++] = (uint32_t)json_int(json_at(kj, i));
    if (!pa_f64_matrix(c, json_get(inputs, "scores"), "scores", &scores, &nq, &nd) ||
        !pa_f64_matrix(c, json_get(inputs, "relevance"), "relevance", &rel, &nq2, &nd2))
        goto done;
    if (nq != nq2 || nd != nd2) {
        parity_fail(c, "inputs", "scores and relevance shapes differ");
        goto done;
    }
    if ((rc = llmm_rank_create(&a, k, n_k, NULL)) || (rc = llmm_rank_create(&b, k, n_k, NULL)) ||
        (rc = llmm_rank_add_queries(a, scores, rel, nq / 2, nd)) ||
        (rc = llmm_rank_add_queries(b, scores + nq / 2 * nd, rel + nq / 2 * nd, nq - nq / 2, nd)) ||
        (rc = llmm_rank_merge(b, a)) || (rc = llmm_rank_mean(b, &mean, at))) {
        parity_fail(c, "accumulator", "status %s", llmm_status_name(rc));
        goto done;
    }
    for (i = 0; i < json_len(exp); i++) {
        const char *key = json_key_at(exp, i);
        const json_value *e = json_at(exp, i);
        int ci = -1, f;
        if (!strncmp(key, "ndcg_sklearn_", 13)) {
            int it = !strncmp(key + 13, "ignore_ties_at_", 15);
            const char *ks = key + 13 + (it ? 15 : 3);
            uint32_t kk = 0;
            double got = 0;
            if (!it && strncmp(key + 13, "at_", 3)) {
                parity_fail(c, key, "unknown expected key");
                continue;
            }
            if (strcmp(ks, "None")) {
                ci = cutoff_index(k, n_k, ks);
                if (ci < 0) {
                    parity_fail(c, key, "cutoff not in options.k");
                    continue;
                }
                kk = k[ci];
            }
            rc = llmm_rank_mean_ndcg(b, kk, it, &got);
            if (parity_expected_error(e))
                parity_check_true(c, rc == LLMM_EDOMAIN, key, "expected LLMM_EDOMAIN, got %s",
                                  llmm_status_name(rc));
            else
                pa_value_or_error(c, e, rc, got, PARITY_REL_F64, key);
        } else if (!strcmp(key, "MRR")) {
            parity_check_json_f64(c, e, mean.rr, PARITY_REL_F64, "%s", key);
        } else if (!strcmp(key, "MAP")) {
            parity_check_json_f64(c, e, mean.ap, PARITY_REL_F64, "%s", key);
        } else if (!strncmp(key, "mean_", 5) && (f = at_field(key + 5, k, n_k, &ci)) >= 0) {
            parity_check_json_f64(c, e, at_value(&at[ci], f), PARITY_REL_F64, "%s", key);
        } else if (!strcmp(key, "per_query")) {
            if (json_len(e) != nq) {
                parity_fail(c, key, "%zu queries expected, %zu given", json_len(e), nq);
                continue;
            }
            for (q = 0; q < nq; q++) {
                const json_value *pq = json_at(e, q);
                llmm_rank_query_result r;
                llmm_rank_cutoff qa[LLMM_RANK_MAX_CUTOFFS];
                size_t j;
                rc = llmm_rank_query(scores + q * nd, rel + q * nd, nd, k, n_k, &r, qa, NULL);
                if (rc != LLMM_OK) {
                    parity_fail(c, key, "query %zu: status %s", q, llmm_status_name(rc));
                    continue;
                }
                for (j = 0; j < json_len(pq); j++) {
                    const char *fk = json_key_at(pq, j);
                    const json_value *fe = json_at(pq, j);
                    if (!strcmp(fk, "rr"))
                        parity_check_json_f64(c, fe, r.rr, PARITY_REL_F64, "per_query[%zu].rr", q);
                    else if (!strcmp(fk, "ap"))
                        parity_check_json_f64(c, fe, r.ap, PARITY_REL_F64, "per_query[%zu].ap", q);
                    else if ((f = at_field(fk, k, n_k, &ci)) >= 0)
                        parity_check_json_f64(c, fe, at_value(&qa[ci], f), PARITY_REL_F64,
                                              "per_query[%zu].%s", q, fk);
                    else
                        parity_fail(c, key, "query %zu: unknown field %s", q, fk);
                }
            }
        } else {
            parity_fail(c, key, "unknown expected key");
        }
    }
done:
    llmm_rank_free(a);
    llmm_rank_free(b);
    free(scores);
    free(rel);
    return parity_outcome_of(c);
}
