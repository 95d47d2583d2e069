/* parity_agree.c - "cohen_kappa", "fleiss_kappa" and "krippendorff_alpha" cases of
 * stats.jsonl (vectors/README.md "stats").
 *
 * cohen_kappa      expected {none, linear, quadratic}: llmm_cohen_kappa with
 *                  options.labels, PARITY_REL_F64; the same value must come out of the
 *                  mergeable table (llmm_cohen_update + finalize, split in two halves
 *                  and merged) bit for bit.
 * fleiss_kappa     expected table / categories (exact: llmm_fleiss_categories +
 *                  llmm_fleiss_aggregate), fleiss / randolph (llmm_fleiss_kappa_ratings,
 *                  PARITY_REL_F64; and the same values from llmm_fleiss_add_counts of the
 *                  table, bit for bit).
 * krippendorff_alpha  expected {nominal, ordinal, interval, ratio}: value or error
 *                  object, llmm_krippendorff_alpha with options.value_domain.
 * Every expected key is checked; an unknown key fails the case.
 */
#include "parity.h"
#include "parity_arrays.h"

#include <math.h>
#include <string.h>

static int same_f64(double a, double b) { return (a != a && b != b) || a == b; }

static const char *const weight_names[3] = {"none", "linear", "quadratic"};

/* kappa from a table over indices 0..max, split in two halves then merged */
static int cohen_via_table(const int64_t *r1, const int64_t *r2, size_t n,
                           const llmm_cohen_options *o, double *out)
{
    int64_t lo = 0, hi = 0;
    size_t i;
    int32_t *a, *b;
    llmm_cohen *t1 = NULL, *t2 = NULL;
    int rc;
    for (i = 0; i < n; i++) {
        if (r1[i] < lo || r2[i] < lo) lo = r1[i] < r2[i] ? r1[i] : r2[i];
        if (r1[i] > hi || r2[i] > hi) hi = r1[i] > r2[i] ? r1[i] : r2[i];
    }
    if (lo < 0 || hi >= 4096) return LLMM_EUNSUPPORTED; /* only small non-negative labels */
    a = (int32_t *)malloc((n ? n : 1) * sizeof *a);
    b = (int32_t *)malloc((n ? n : 1) * sizeof *b);
    for (i = 0; i < n; i++) {
        a[i] = (int32_t)r1[i];
        b[i] = (int32_t)r2[i];
    }
    rc = llmm_cohen_create(&t1, (uint32_t)hi + 1, NULL);
    if (!rc) rc = llmm_cohen_create(&t2, (uint32_t)hi + 1, NULL);
    if (!rc) rc = llmm_cohen_update(t1, a, b, n / 2, NULL);
    if (!rc) rc = llmm_cohen_update(t2, a + n / 2, b + n / 2, n - n / 2, NULL);
    if (!rc) rc = llmm_cohen_merge(t2, t1);
    if (!rc) rc = llmm_cohen_finalize(t2, o, out);
    llmm_cohen_free(t1);
    llmm_cohen_free(t2);
    free(a);
    free(b);
    return rc;
}

PARITY_METRIC(parity_cohen_kappa, "cohen_kappa")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *labels = json_get(options, "labels");
    int64_t *r1 = NULL, *r2 = NULL, *lab = NULL;
    size_t n1, n2, nl = 0, k, w;
    llmm_cohen_options o;

    if (!pa_i64s(c, json_get(inputs, "rater1"), "rater1", &r1, &n1) ||
        !pa_i64s(c, json_get(inputs, "rater2"), "rater2", &r2, &n2))
        goto done;
    if (n1 != n2) {
        parity_fail(c, "inputs", "rater lengths differ");
        goto done;
    }
    llmm_cohen_options_default(&o);
    if (json_kind(labels) != JSON_NULL) {
        if (!pa_i64s(c, labels, "labels", &lab, &nl)) goto done;
        o.labels = lab;
        o.n_labels = nl;
    }
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        double got = 0, via = 0;
        int rc, rc2;
        for (w = 0; w < 3 && strcmp(key, weight_names[w]); w++) {
        }
        if (w == 3) {
            parity_fail(c, key, "unknown expected key");
            continue;
        }
        o.weights = (int)w;
        rc = llmm_cohen_kappa(r1, r2, n1, &o, &got, NULL);
        pa_value_or_error(c, json_at(exp, k), rc, got, PARITY_REL_F64, key);
        rc2 = cohen_via_table(r1, r2, n1, &o, &via);
        if (rc2 != LLMM_EUNSUPPORTED)
            parity_check_true(c, rc2 == rc && (rc != LLMM_OK || same_f64(got, via)), key,
                              "table path: %s %.17g vs one-shot %s %.17g",
                              llmm_status_name(rc2), via, llmm_status_name(rc), got);
    }
done:
    free(r1);
    free(r2);
    free(lab);
    return parity_outcome_of(c);
}

PARITY_METRIC(parity_fleiss_kappa, "fleiss_kappa")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *exp = json_get(c->root, "expected");
    double *m = NULL;
    int64_t *ratings = NULL, cats[4096];
    uint64_t *table = NULL;
    size_t subjects, raters, i, k, n_cat = 0;
    llmm_fleiss *f = NULL;
    int rc;

    if (!pa_f64_matrix(c, json_get(inputs, "ratings_subjects_x_raters"), "ratings", &m, &subjects,
                       &raters))
        goto done;
    ratings = (int64_t *)malloc((subjects * raters > 0 ? subjects * raters : 1) * sizeof *ratings);
    for (i = 0; i < subjects * raters; i++) ratings[i] = (int64_t)m[i];
    rc = llmm_fleiss_categories(ratings, subjects * raters, cats, 4096, &n_cat, NULL);
    if (rc != LLMM_OK) {
        parity_fail(c, "categories", "status %s", llmm_status_name(rc));
        goto done;
    }
    table = (uint64_t *)malloc((subjects * n_cat > 0 ? subjects * n_cat : 1) * sizeof *table);
    rc = llmm_fleiss_aggregate(ratings, subjects, raters, cats, n_cat, table);
    if (rc != LLMM_OK) {
        parity_fail(c, "table", "status %s", llmm_status_name(rc));
        goto done;
    }
    if ((rc = llmm_fleiss_create(&f, (uint32_t)n_cat, NULL)) != LLMM_OK ||
        (rc = llmm_fleiss_add_counts(f, table, subjects)) != LLMM_OK) {
        parity_fail(c, "add_counts", "status %s", llmm_status_name(rc));
        goto done;
    }
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        const json_value *e = json_at(exp, k);
        if (!strcmp(key, "table")) {
            size_t s, j;
            if (json_len(e) != subjects) {
                parity_fail(c, key, "expected %zu rows", json_len(e));
                continue;
            }
            for (s = 0; s < subjects; s++) {
                const json_value *row = json_at(e, s);
                if (json_len(row) != n_cat) {
                    parity_fail(c, key, "row %zu: %zu categories expected, got %zu", s,
                                json_len(row), n_cat);
                    continue;
                }
                for (j = 0; j < n_cat; j++)
                    parity_check_int(c, json_int(json_at(row, j)), (int64_t)table[s * n_cat + j],
                                     "table[%zu][%zu]", s, j);
            }
        } else if (!strcmp(key, "categories")) {
            parity_check_int(c, (int64_t)json_len(e), (int64_t)n_cat, "categories count");
            for (i = 0; i < n_cat && i < json_len(e); i++)
                parity_check_int(c, json_int(json_at(e, i)), cats[i], "categories[%zu]", i);
        } else if (!strcmp(key, "fleiss") || !strcmp(key, "randolph")) {
            int method = !strcmp(key, "fleiss") ? LLMM_FLEISS_FLEISS : LLMM_FLEISS_RANDOLPH;
            double got = 0, via = 0;
            int rc2;
            rc = llmm_fleiss_kappa_ratings(ratings, subjects, raters, method, &got, NULL);
            pa_value_or_error(c, e, rc, got, PARITY_REL_F64, key);
            rc2 = llmm_fleiss_kappa(f, method, &via);
            parity_check_true(c, rc2 == rc && (rc != LLMM_OK || same_f64(got, via)), key,
                              "counts path %.17g vs ratings path %.17g", via, got);
        } else {
            parity_fail(c, key, "unknown expected key");
        }
    }
done:
    llmm_fleiss_free(f);
    free(m);
    free(ratings);
    free(table);
    return parity_outcome_of(c);
}

static const char *const level_names[4] = {"nominal", "ordinal", "interval", "ratio"};

PARITY_METRIC(parity_krippendorff, "krippendorff_alpha")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *options = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *dom = json_get(options, "value_domain");
    double *data = NULL, *domain = NULL;
    size_t raters, units, nd = 0, k, l;
    llmm_kripp_options o;

    if (!pa_f64_matrix(c, json_get(inputs, "reliability_data_raters_x_units"), "data", &data,
                       &raters, &units))
        goto done;
    llmm_kripp_options_default(&o);
    if (json_kind(dom) != JSON_NULL) {
        if (!pa_f64s(c, dom, "value_domain", &domain, &nd)) goto done;
        o.value_domain = domain;
        o.n_values = nd;
    }
    for (k = 0; k < json_len(exp); k++) {
        const char *key = json_key_at(exp, k);
        double got = 0;
        int rc;
        for (l = 0; l < 4 && strcmp(key, level_names[l]); l++) {
        }
        if (l == 4) {
            parity_fail(c, key, "unknown expected key");
            continue;
        }
        o.level = (int)l;
        rc = llmm_krippendorff_alpha(data, raters, units, &o, &got, NULL);
        pa_value_or_error(c, json_at(exp, k), rc, got, PARITY_REL_F64, key);
    }
done:
    free(data);
    free(domain);
    return parity_outcome_of(c);
}
