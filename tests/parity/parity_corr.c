/* parity_corr.c - "correlation" cases of stats.jsonl (scipy 1.10.1 pearsonr, spearmanr,
 * kendalltau; vectors/README.md "stats").
 *
 * options {kendall_method, alternative} map to llmm_corr_options. Expected keys
 * pearsonr / spearmanr / kendalltau_b / kendalltau_c = {statistic, pvalue}, each checked
 * at PARITY_REL_F64, or an {"error"} object that must get an error status. For n < 2
 * scipy's spearmanr/kendalltau return NaN where this library returns LLMM_EEMPTY /
 * LLMM_EDOMAIN with both fields set to NaN (docs/correlation.md): that status is
 * accepted there and the NaN fields are checked. Each value must also come out of the
 * accumulator (pairs added in two parts into two accumulators, merged) bit for bit.
 */
#include "parity.h"
#include "parity_arrays.h"

#include <math.h>
#include <string.h>

typedef int (*oneshot_fn)(const double *, const double *, size_t, const llmm_corr_options *,
                          llmm_corr_result *);
typedef int (*acc_fn)(const llmm_corr *, const llmm_corr_options *, llmm_corr_result *);

static int pearson_oneshot(const double *x, const double *y, size_t n, const llmm_corr_options *o,
                           llmm_corr_result *r)
{
    return llmm_pearsonr(x, y, n, o, r);
}
static int spearman_oneshot(const double *x, const double *y, size_t n,
                            const llmm_corr_options *o, llmm_corr_result *r)
{
    return llmm_spearmanr(x, y, n, o, r, NULL);
}
static int kendall_oneshot(const double *x, const double *y, size_t n, const llmm_corr_options *o,
                           llmm_corr_result *r)
{
    return llmm_kendalltau(x, y, n, o, r, NULL);
}

static int same_bits(double a, double b) { return (a != a && b != b) || a == b; }

static void check_one(parity_case *c, const char *key, const json_value *e, const double *x,
                      const double *y, size_t n, const llmm_corr_options *o, oneshot_fn f1,
                      acc_fn fa)
{
    llmm_corr_result r = {0, 0}, ra = {0, 0};
    llmm_corr *a = NULL, *b = NULL;
    int rc = f1(x, y, n, o, &r), rca;
    const char *err = parity_expected_error(e);
    if (err) {
        parity_check_true(c, rc != LLMM_OK, key, "expected an error (%s), got LLMM_OK", err);
    } else if (rc != LLMM_OK && !(n < 2 && (rc == LLMM_EEMPTY || rc == LLMM_EDOMAIN))) {
        parity_fail(c, key, "status %s", llmm_status_name(rc));
    } else {
        size_t k;
        for (k = 0; k < json_len(e); k++) {
            const char *f = json_key_at(e, k);
            if (!strcmp(f, "statistic"))
                parity_check_json_f64(c, json_at(e, k), r.statistic, PARITY_REL_F64, "%s.%s", key, f);
            else if (!strcmp(f, "pvalue"))
                parity_check_json_f64(c, json_at(e, k), r.pvalue, PARITY_REL_F64, "%s.%s", key, f);
            else
                parity_fail(c, key, "unknown field %s", f);
        }
    }
    /* accumulator: first half into a, second into b, b merged into a */
    if (llmm_corr_create(&a, NULL) || llmm_corr_create(&b, NULL) ||
        llmm_corr_add(a, x, y, n / 2) || llmm_corr_add(b, x + n / 2, y + n / 2, n - n / 2) ||
        llmm_corr_merge(a, b)) {
        parity_fail(c, key, "accumulator setup failed");
    } else {
        rca = fa(a, o, &ra);
        parity_check_true(c, rca == rc && same_bits(ra.statistic, r.statistic) &&
                                 same_bits(ra.pvalue, r.pvalue),
                          key, "accumulator %s (%.17g, %.17g) vs one-shot %s (%.17g, %.17g)",
                          llmm_status_name(rca), ra.statistic, ra.pvalue, llmm_status_name(rc),
                          r.statistic, r.pvalue);
    }
    llmm_corr_free(a);
    llmm_corr_free(b);
}

PARITY_METRIC(parity_correlation, "correlation")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    double *x = NULL, *y = NULL;
    size_t nx, ny, k;
    llmm_corr_options o;

    llmm_corr_options_default(&o);
    for (k = 0; k < json_len(options); k++) {
        const char *key = json_key_at(options, k);
        const char *v = json_str(json_at(options, k), NULL);
        if (!strcmp(key, "kendall_method") && v) {
            if (!strcmp(v, "auto")) o.kendall_method = LLMM_KENDALL_AUTO;
            else if (!strcmp(v, "exact")) o.kendall_method = LLMM_KENDALL_EXACT;
            else if (!strcmp(v, "asymptotic")) o.kendall_method = LLMM_KENDALL_ASYMPTOTIC;
            else parity_fail(c, key, "unknown value %s", v);
        } else if (!strcmp(key, "alternative") && v) {
            if (!strcmp(v, "two-sided")) o.alternative = LLMM_ALT_TWO_SIDED;
            else if (!strcmp(v, "less")) o.alternative = LLMM_ALT_LESS;
            else if (!strcmp(v, "greater")) o.alternative = LLMM_ALT_GREATER;
            else parity_fail(c, key, "unknown value %s", v);
        } else {
            parity_fail(c, "options", "unknown option %s", key);
        }
    }
    if (!pa_f64s(c, json_get(inputs, "x"), "x", &x, &nx) ||
        !pa_f64s(c, json_get(inputs, "y"), "y", &y, &ny))
        goto done;
    if (nx != ny) {
        parity_fail(c, "inputs", "x and y lengths differ");
        goto done;
    }
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        const json_value *e = json_at(exp, k);
        if (!strcmp(key, "pearsonr")) {
            check_one(c, key, e, x, y, nx, &o, pearson_oneshot, llmm_corr_pearsonr);
        } else if (!strcmp(key, "spearmanr")) {
            check_one(c, key, e, x, y, nx, &o, spearman_oneshot, llmm_corr_spearmanr);
        } else if (!strcmp(key, "kendalltau_b") || !strcmp(key, "kendalltau_c")) {
            o.kendall_variant = !strcmp(key, "kendalltau_b") ? LLMM_KENDALL_B : LLMM_KENDALL_C;
            check_one(c, key, e, x, y, nx, &o, kendall_oneshot, llmm_corr_kendalltau);
        } else {
            parity_fail(c, key, "unknown expected key");
        }
    }
done:
    free(x);
    free(y);
    return parity_outcome_of(c);
}
