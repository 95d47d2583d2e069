/* parity_fairness.c - fairness.jsonl: fairlearn 0.15 group fairness. */
#include "calib_inputs.h"
#include <stdio.h>

/* Group labels (strings or integers) -> ids in sorted order, plus their JSON key text. */
static int group_ids(parity_case *c, const json_value *arr, int32_t *ids, char ***names,
                     size_t *n_groups)
{
    size_t n = json_len(arr), i, j, k = 0;
    char **nm = (char **)calloc(n ? n : 1, sizeof(char *));
    if (!nm) return 0;
    for (i = 0; i < n; i++) {
        const json_value *v = json_at(arr, i);
        char buf[64];
        const char *s;
        if (json_kind(v) == JSON_STRING) {
            s = json_str(v, NULL);
        } else if (json_is_int(v)) {
            snprintf(buf, sizeof buf, "%lld", (long long)json_int(v));
            s = buf;
        } else {
            parity_fail(c, "sensitive_features", "[%zu] is neither a string nor an integer", i);
            for (j = 0; j < k; j++) free(nm[j]);
            free(nm);
            return 0;
        }
        for (j = 0; j < k && strcmp(nm[j], s) != 0; j++) {}
        if (j == k) {
            nm[k] = (char *)malloc(strlen(s) + 1);
            strcpy(nm[k++], s);
        }
        ids[i] = (int32_t)j;
    }
    *names = nm;
    *n_groups = k;
    return 1;
}

static void check_row(parity_case *c, const json_value *want, const llmm_fair_group *g,
                      const char *where)
{
    parity_check_json_f64(c, json_get(want, "selection_rate"), g->selection_rate, PARITY_REL_F64,
                          "%s.selection_rate", where);
    parity_check_json_f64(c, json_get(want, "tpr"), g->tpr, PARITY_REL_F64, "%s.tpr", where);
    parity_check_json_f64(c, json_get(want, "fpr"), g->fpr, PARITY_REL_F64, "%s.fpr", where);
    parity_check_json_f64(c, json_get(want, "count"), (double)g->count, 0, "%s.count", where);
}

static void check_disparity(parity_case *c, const json_value *exp, const char *name,
                            const char *suffix, const llmm_fair_disparity *d)
{
    char f[4][96];
    snprintf(f[0], sizeof f[0], "%s_difference_between_groups%s", name, suffix);
    snprintf(f[1], sizeof f[1], "%s_ratio_between_groups%s", name, suffix);
    snprintf(f[2], sizeof f[2], "%s_difference_to_overall%s", name, suffix);
    snprintf(f[3], sizeof f[3], "%s_ratio_to_overall%s", name, suffix);
    pc_check(c, json_get(exp, f[0]), LLMM_OK, d->difference, PARITY_REL_F64, f[0]);
    pc_check(c, json_get(exp, f[1]), LLMM_OK, d->ratio, PARITY_REL_F64, f[1]);
    pc_check(c, json_get(exp, f[2]), LLMM_OK, d->difference_to_overall, PARITY_REL_F64, f[2]);
    pc_check(c, json_get(exp, f[3]), LLMM_OK, d->ratio_to_overall, PARITY_REL_F64, f[3]);
}

PARITY_METRIC(parity_group_fairness, "group_fairness")
{
    const json_value *in = json_get(c->root, "inputs"), *exp = json_get(c->root, "expected");
    const json_value *mf = json_get(exp, "metric_frame"), *bg = json_get(mf, "by_group");
    const json_value *sw = json_get(in, "sample_weight"), *ff;
    int64_t *yt = NULL, *yp = NULL;
    int32_t *t32 = NULL, *p32 = NULL, *gid = NULL;
    double *w = NULL;
    char **names = NULL;
    size_t n, n2, nw = 0, ng = 0, i;
    llmm_fair *f = NULL;
    llmm_fair_result r;
    llmm_fair_group g;
    int rc;
    if (!pc_i64_array(json_get(in, "y_true"), &yt, &n) ||
        !pc_i64_array(json_get(in, "y_pred"), &yp, &n2) || n != n2 ||
        json_len(json_get(in, "sensitive_features")) != n ||
        (json_kind(sw) != JSON_NULL && (!pc_f64_array(sw, &w, &nw) || nw != n))) {
        parity_fail(c, "inputs", "bad y_true / y_pred / sensitive_features / sample_weight");
        goto done;
    }
    t32 = (int32_t *)malloc((n + 1) * sizeof(int32_t));
    p32 = (int32_t *)malloc((n + 1) * sizeof(int32_t));
    gid = (int32_t *)malloc((n + 1) * sizeof(int32_t));
    for (i = 0; i < n; i++) {
        t32[i] = (int32_t)yt[i];
        p32[i] = (int32_t)yp[i];
    }
    if (!group_ids(c, json_get(in, "sensitive_features"), gid, &names, &ng)) goto done;
    rc = llmm_fair_create(&f, NULL);
    if (rc == LLMM_OK) rc = llmm_fair_update(f, t32, p32, gid, w, n, NULL);
    if (rc == LLMM_OK) rc = llmm_fair_result_get(f, &r);
    if (rc != LLMM_OK) {
        parity_fail(c, "result", "status %s", llmm_status_name(rc));
        goto done;
    }
    check_disparity(c, exp, "demographic_parity", "", &r.demographic_parity);
    check_disparity(c, exp, "equal_opportunity", "", &r.equal_opportunity);
    check_disparity(c, exp, "equalized_odds", "_worst_case", &r.equalized_odds_worst);
    check_disparity(c, exp, "equalized_odds", "_mean", &r.equalized_odds_mean);
    pc_check(c, json_get(exp, "disparate_impact_ratio"), LLMM_OK, r.disparate_impact_ratio,
             PARITY_REL_F64, "disparate_impact_ratio");
    ff = json_get(exp, "four_fifths_rule_pass");
    parity_check_true(c,
                      json_kind(ff) == JSON_NULL ? r.four_fifths_pass == -1
                      : json_kind(ff) == JSON_BOOL ? r.four_fifths_pass == json_bool(ff)
                                                   : 0,
                      "four_fifths_rule_pass", "got %d", r.four_fifths_pass);
    parity_check_int(c, (int64_t)json_len(bg), (int64_t)r.n_groups, "metric_frame.n_groups");
    for (i = 0; i < ng; i++) {
        char where[96];
        snprintf(where, sizeof where, "metric_frame.by_group.%s", names[i]);
        if (llmm_fair_group_get(f, (uint32_t)i, &g) != LLMM_OK || !json_get(bg, names[i])) {
            parity_fail(c, where, "missing group");
            continue;
        }
        check_row(c, json_get(bg, names[i]), &g, where);
    }
    llmm_fair_overall(f, &g);
    check_row(c, json_get(mf, "overall"), &g, "metric_frame.overall");
done:
    for (i = 0; i < ng; i++) free(names[i]);
    free(names);
    llmm_fair_free(f);
    free(yt);
    free(yp);
    free(t32);
    free(p32);
    free(gid);
    free(w);
    return parity_outcome_of(c);
}
