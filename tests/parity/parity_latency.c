/* parity_latency.c - "latency_quantiles" cases (numpy 1.24.2 + DDSketch sketches-py 3.0.1,
 * vectors/README.md "latency").
 *
 * inputs.latencies_ms, options {quantiles, ddsketch_relative_accuracy}. Every key of
 * `expected` is checked (an unknown key fails the case):
 *   count                          n, exact
 *   mean_fsum                      llmm_mean_exact, bit-exact ("NaN" <-> LLMM_EEMPTY)
 *   mean_numpy                     llmm_mean_numpy, bit-exact ("NaN" <-> LLMM_EEMPTY)
 *   quantiles_{linear,inverted_cdf,lower}
 *                                  llmm_quantiles, bit-exact; an error object <-> a
 *                                  non-OK status (IndexError on empty input)
 *   ddsketch_quantiles             llmm_sketch_quantile (unbounded stores, as the
 *                                  reference's DDSketch()), bit-exact; null <-> LLMM_EEMPTY
 *   ddsketch_count                 llmm_sketch_count, exact
 *   ddsketch_sum / ddsketch_avg    exact sum (reference: a left-to-right float sum),
 *                                  PARITY_REL_F64; avg null <-> LLMM_EEMPTY
 *   ddsketch_rel_err_vs_lower      |sketch - lower| / lower from our own values,
 *                                  PARITY_REL_F64, and <= the relative accuracy
 *                                  (the sketch's guarantee).
 */
#include "parity.h"
#include "parity_arrays.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_Q 64

/* An expected mean: "NaN" exactly when the call reports an empty input. */
static void check_mean(parity_case *c, const json_value *exp, int rc, double got, const char *name)
{
    if (rc != LLMM_OK && rc != LLMM_EEMPTY) {
        parity_fail(c, name, "status %s", llmm_status_name(rc));
        return;
    }
    parity_check_true(c, (rc == LLMM_EEMPTY) == isnan(json_num(exp)), name,
                      "status %s vs expected %g", llmm_status_name(rc), json_num(exp));
    parity_check_json_f64(c, exp, got, 0.0, "%s", name);
}

static void check_quantiles(parity_case *c, const json_value *exp, const double *x, size_t n,
                            const double *q, size_t nq, llmm_quantile_method m, const char *name)
{
    double out[MAX_Q];
    int rc = llmm_quantiles(x, n, q, nq, m, out, NULL);
    size_t i;
    if (parity_expected_error(exp)) {
        parity_check_true(c, rc != LLMM_OK, name, "expected an error (%s), got LLMM_OK",
                          parity_expected_error(exp));
        return;
    }
    if (rc != LLMM_OK) {
        parity_fail(c, name, "status %s", llmm_status_name(rc));
        return;
    }
    if (json_kind(exp) != JSON_ARRAY || json_len(exp) != nq) {
        parity_fail(c, name, "expected an array of %zu values", nq);
        return;
    }
    for (i = 0; i < nq; i++) parity_check_json_f64(c, json_at(exp, i), out[i], 0.0, "%s[%zu]", name, i);
}

PARITY_METRIC(parity_latency, "latency_quantiles")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    double *x = NULL, *q = NULL, alpha, got, lower[MAX_Q], sk[MAX_Q];
    size_t n = 0, nq = 0, i, k;
    llmm_sketch_options so;
    llmm_sketch *s = NULL;
    int rc, sk_rc[MAX_Q], lower_rc;

    if (json_kind(exp) != JSON_OBJECT || json_kind(options) != JSON_OBJECT) {
        parity_fail(c, "case", "expected/options must be objects");
        return parity_outcome_of(c);
    }
    for (k = 0; k < json_len(options); k++) {
        const char *key = json_key_at(options, k);
        if (strcmp(key, "quantiles") && strcmp(key, "ddsketch_relative_accuracy"))
            parity_fail(c, "options", "unknown option %s", key);
    }
    if (!pa_f64s(c, json_get(inputs, "latencies_ms"), "latencies_ms", &x, &n) ||
        !pa_f64s(c, json_get(options, "quantiles"), "quantiles", &q, &nq))
        goto done;
    if (nq > MAX_Q) {
        parity_fail(c, "quantiles", "more than %d", MAX_Q);
        goto done;
    }
    alpha = json_is_num(json_get(options, "ddsketch_relative_accuracy"))
                ? json_num(json_get(options, "ddsketch_relative_accuracy"))
                : LLMM_SKETCH_DEFAULT_ACCURACY;

    /* The reference's DDSketch(relative_accuracy) has unbounded dense stores. */
    llmm_sketch_options_default(&so);
    so.relative_accuracy = alpha;
    so.max_bins = 0;
    if ((rc = llmm_sketch_create(&s, &so, NULL)) || (rc = llmm_sketch_add_many(s, x, n, NULL))) {
        parity_fail(c, "ddsketch", "status %s", llmm_status_name(rc));
        goto done;
    }
    for (i = 0; i < nq; i++) sk_rc[i] = llmm_sketch_quantile(s, q[i], &sk[i]);
    lower_rc = llmm_quantiles(x, n, q, nq, LLMM_QUANTILE_LOWER, lower, NULL);

    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        const json_value *e = json_at(exp, k);
        if (!strcmp(key, "count")) {
            parity_check_int(c, json_int(e), (int64_t)n, "count");
        } else if (!strcmp(key, "mean_fsum")) {
            rc = llmm_mean_exact(x, n, &got);
            check_mean(c, e, rc, got, key);
        } else if (!strcmp(key, "mean_numpy")) {
            rc = llmm_mean_numpy(x, n, &got);
            check_mean(c, e, rc, got, key);
        } else if (!strcmp(key, "quantiles_linear")) {
            check_quantiles(c, e, x, n, q, nq, LLMM_QUANTILE_LINEAR, key);
        } else if (!strcmp(key, "quantiles_inverted_cdf")) {
            check_quantiles(c, e, x, n, q, nq, LLMM_QUANTILE_INVERTED_CDF, key);
        } else if (!strcmp(key, "quantiles_lower")) {
            check_quantiles(c, e, x, n, q, nq, LLMM_QUANTILE_LOWER, key);
        } else if (!strcmp(key, "ddsketch_quantiles")) {
            if (json_kind(e) != JSON_ARRAY || json_len(e) != nq) {
                parity_fail(c, key, "expected an array of %zu values", nq);
                continue;
            }
            for (i = 0; i < nq; i++) {
                if (sk_rc[i] != LLMM_OK && sk_rc[i] != LLMM_EEMPTY)
                    parity_fail(c, key, "status %s", llmm_status_name(sk_rc[i]));
                else
                    parity_check_json_opt_f64(c, json_at(e, i), sk_rc[i] == LLMM_EEMPTY, sk[i],
                                              0.0, "%s[%zu]", key, i);
            }
        } else if (!strcmp(key, "ddsketch_count")) {
            parity_check_json_f64(c, e, (double)llmm_sketch_count(s), 0.0, "%s", key);
        } else if (!strcmp(key, "ddsketch_sum")) {
            parity_check_json_f64(c, e, llmm_sketch_sum(s), PARITY_REL_F64, "%s", key);
        } else if (!strcmp(key, "ddsketch_avg")) {
            rc = llmm_sketch_avg(s, &got);
            if (rc != LLMM_OK && rc != LLMM_EEMPTY)
                parity_fail(c, key, "status %s", llmm_status_name(rc));
            else
                parity_check_json_opt_f64(c, e, rc == LLMM_EEMPTY, got, PARITY_REL_F64, "%s", key);
        } else if (!strcmp(key, "ddsketch_rel_err_vs_lower")) {
            if (json_kind(e) != JSON_ARRAY || json_len(e) != nq || lower_rc != LLMM_OK) {
                parity_fail(c, key, "expected %zu values and a non-empty input", nq);
                continue;
            }
            for (i = 0; i < nq; i++) {
                double rel = fabs(sk[i] - lower[i]) / fabs(lower[i]);
                if (sk_rc[i] != LLMM_OK) {
                    parity_fail(c, key, "sketch status %s", llmm_status_name(sk_rc[i]));
                    continue;
                }
                parity_check_json_f64(c, json_at(e, i), rel, PARITY_REL_F64, "%s[%zu]", key, i);
                parity_check_true(c, rel <= alpha, key, "[%zu] relative error %.17g > %g", i,
                                  rel, alpha);
            }
        } else {
            parity_fail(c, key, "unknown expected key");
        }
    }
done:
    llmm_sketch_free(s);
    free(x);
    free(q);
    return parity_outcome_of(c);
}
