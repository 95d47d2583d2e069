/* parity_semantic.c - "bertscore_greedy" and "earth_movers_distance" cases of
 * semantic.jsonl (vectors/README.md "semantic").
 *
 * bertscore_greedy   inputs cand/ref embeddings and idf (null = all 1),
 *                    options.baseline_PRF (null or [bP, bR, bF]).
 *                    P/R/F_f64 and P/R/F_formula_f64: llmm_bertscore_greedy,
 *                    PARITY_REL_F64; P/R/F_f32 (torch float32): llmm_bertscore_greedy_f32
 *                    on the float32 inputs (exact: the inputs are multiples of 1/64),
 *                    PARITY_REL_F32; rescaled_f64.{P,R,F}: with the baseline, PARITY_REL_F64.
 * earth_movers_distance  inputs X, Y, x_weights, y_weights (null = uniform);
 *                    expected.{euclidean,cosine}.distance: llmm_emd, PARITY_REL_F64;
 *                    .status 0 <-> LLMM_OK; .assignment_crosscheck (the assignment
 *                    value, equal to the LP value for equal-size uniform sets): the same
 *                    distance at PARITY_REL_F64, or null for weighted sets.
 */
#include "parity.h"
#include "parity_arrays.h"

#include <string.h>

static float *to_f32(const double *v, size_t n)
{
    size_t i;
    float *f = (float *)malloc((n ? n : 1) * sizeof *f);
    for (i = 0; i < n && f; i++) f[i] = (float)v[i];
    return f;
}

PARITY_METRIC(parity_bertscore, "bertscore_greedy")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *base = json_get(options, "baseline_PRF");
    double *cand = NULL, *ref = NULL, *cidf = NULL, *ridf = NULL;
    float *cand32 = NULL, *ref32 = NULL, *cidf32 = NULL, *ridf32 = NULL;
    size_t nc, dc, nr, dr, n1, n2, k;
    llmm_bertscore_options o;
    llmm_bertscore_result r64, r32, rs;
    int rc;

    if (!pa_f64_matrix(c, json_get(inputs, "cand_embeddings"), "cand", &cand, &nc, &dc) ||
        !pa_f64_matrix(c, json_get(inputs, "ref_embeddings"), "ref", &ref, &nr, &dr))
        goto done;
    if (dc != dr) {
        parity_fail(c, "inputs", "embedding dimensions differ");
        goto done;
    }
    if (json_kind(json_get(inputs, "cand_idf")) != JSON_NULL &&
        (!pa_f64s(c, json_get(inputs, "cand_idf"), "cand_idf", &cidf, &n1) || n1 != nc))
        goto done;
    if (json_kind(json_get(inputs, "ref_idf")) != JSON_NULL &&
        (!pa_f64s(c, json_get(inputs, "ref_idf"), "ref_idf", &ridf, &n2) || n2 != nr))
        goto done;
    cand32 = to_f32(cand, nc * dc);
    ref32 = to_f32(ref, nr * dr);
    if (cidf) cidf32 = to_f32(cidf, nc);
    if (ridf) ridf32 = to_f32(ridf, nr);
    llmm_bertscore_options_default(&o);
    if ((rc = llmm_bertscore_greedy(cand, nc, ref, nr, dc, cidf, ridf, &o, &r64, NULL)) ||
        (rc = llmm_bertscore_greedy_f32(cand32, nc, ref32, nr, dc, cidf32, ridf32, &o, &r32, NULL))) {
        parity_fail(c, "bertscore", "status %s", llmm_status_name(rc));
        goto done;
    }
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        const json_value *e = json_at(exp, k);
        const llmm_bertscore_result *r = NULL;
        double rel = PARITY_REL_F64;
        if (!strcmp(key, "rescaled_f64")) {
            size_t j;
            if (json_kind(base) != JSON_ARRAY || json_len(base) != 3) {
                parity_fail(c, key, "no baseline_PRF in options");
                continue;
            }
            o.rescale_with_baseline = 1;
            for (j = 0; j < 3; j++) o.baseline[j] = json_num(json_at(base, j));
            rc = llmm_bertscore_greedy(cand, nc, ref, nr, dc, cidf, ridf, &o, &rs, NULL);
            o.rescale_with_baseline = 0;
            if (rc != LLMM_OK) {
                parity_fail(c, key, "status %s", llmm_status_name(rc));
                continue;
            }
            for (j = 0; j < json_len(e); j++) {
                const char *f = json_key_at(e, j);
                double got = !strcmp(f, "P") ? rs.precision : !strcmp(f, "R") ? rs.recall : rs.f1;
                if (strcmp(f, "P") && strcmp(f, "R") && strcmp(f, "F"))
                    parity_fail(c, key, "unknown field %s", f);
                else
                    parity_check_json_f64(c, json_at(e, j), got, PARITY_REL_F64, "%s.%s", key, f);
            }
            continue;
        }
        if (strlen(key) > 2 && key[1] == '_' && strchr("PRF", key[0])) {
            if (!strcmp(key + 1, "_f32")) {
                r = &r32;
                rel = PARITY_REL_F32;
            } else if (!strcmp(key + 1, "_f64") || !strcmp(key + 1, "_formula_f64")) {
                r = &r64;
            }
        }
        if (!r) {
            parity_fail(c, key, "unknown expected key");
            continue;
        }
        parity_check_json_f64(c, e, key[0] == 'P' ? r->precision : key[0] == 'R' ? r->recall : r->f1,
                              rel, "%s", key);
    }
done:
    free(cand);
    free(ref);
    free(cidf);
    free(ridf);
    free(cand32);
    free(ref32);
    free(cidf32);
    free(ridf32);
    return parity_outcome_of(c);
}

PARITY_METRIC(parity_emd, "earth_movers_distance")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *exp = json_get(c->root, "expected");
    double *x = NULL, *y = NULL, *xw = NULL, *yw = NULL;
    size_t n, dx, m, dy, n1, n2, k, j;

    if (!pa_f64_matrix(c, json_get(inputs, "X"), "X", &x, &n, &dx) ||
        !pa_f64_matrix(c, json_get(inputs, "Y"), "Y", &y, &m, &dy))
        goto done;
    if (dx != dy) {
        parity_fail(c, "inputs", "dimensions differ");
        goto done;
    }
    if (json_kind(json_get(inputs, "x_weights")) != JSON_NULL &&
        (!pa_f64s(c, json_get(inputs, "x_weights"), "x_weights", &xw, &n1) || n1 != n))
        goto done;
    if (json_kind(json_get(inputs, "y_weights")) != JSON_NULL &&
        (!pa_f64s(c, json_get(inputs, "y_weights"), "y_weights", &yw, &n2) || n2 != m))
        goto done;
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        const json_value *e = json_at(exp, k);
        int cost = !strcmp(key, "euclidean") ? LLMM_EMD_EUCLIDEAN
                   : !strcmp(key, "cosine")  ? LLMM_EMD_COSINE
                                             : -1;
        double d = 0;
        int rc;
        if (cost < 0) {
            parity_fail(c, key, "unknown expected key");
            continue;
        }
        rc = llmm_emd(x, n, y, m, dx, xw, yw, cost, &d, NULL);
        for (j = 0; j < json_len(e); j++) {
            const char *f = json_key_at(e, j);
            const json_value *fe = json_at(e, j);
            if (!strcmp(f, "distance")) {
                pa_value_or_error(c, fe, rc, d, PARITY_REL_F64, key);
            } else if (!strcmp(f, "status")) {
                parity_check_true(c, (json_int(fe) == 0) == (rc == LLMM_OK), key,
                                  "solver status %lld vs %s", (long long)json_int(fe),
                                  llmm_status_name(rc));
            } else if (!strcmp(f, "assignment_crosscheck")) {
                if (json_kind(fe) == JSON_NULL)
                    parity_check_true(c, xw || yw || n != m, key,
                                      "assignment_crosscheck null for an equal-size uniform set");
                else
                    parity_check_json_f64(c, fe, d, PARITY_REL_F64, "%s.%s", key, f);
            } else {
                parity_fail(c, key, "unknown field %s", f);
            }
        }
    }
done:
    free(x);
    free(y);
    free(xw);
    free(yw);
    return parity_outcome_of(c);
}
