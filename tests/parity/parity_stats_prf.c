/* parity_stats_prf.c - the `precision_recall_f1` cases of stats.jsonl (sklearn 1.2.1). */
#include "calib_inputs.h"
#include <stdio.h>

PARITY_METRIC(parity_precision_recall_f1, "precision_recall_f1")
{
    const json_value *in = json_get(c->root, "inputs"), *opt = json_get(c->root, "options");
    const json_value *exp = json_get(c->root, "expected"), *zd = json_get(opt, "zero_division");
    static const char *const avg_names[] = {"binary", "micro", "macro", "weighted"};
    int64_t *yt = NULL, *yp = NULL, *uniq = NULL, pos = json_int(json_get(opt, "pos_label"));
    int32_t *it = NULL, *ip = NULL;
    size_t nt, np_, k = 0, i;
    llmm_class *cm = NULL;
    llmm_class_prf_options po;
    double acc;
    int rc, a;

    if (!pc_i64_array(json_get(in, "y_true"), &yt, &nt) ||
        !pc_i64_array(json_get(in, "y_pred"), &yp, &np_) || nt != np_) {
        parity_fail(c, "inputs", "bad y_true / y_pred");
        goto done;
    }
    it = (int32_t *)malloc((nt ? nt : 1) * sizeof(int32_t));
    ip = (int32_t *)malloc((nt ? nt : 1) * sizeof(int32_t));
    if (nt) k = pc_unique_index(yt, nt, yp, nt, &uniq, it, ip);
    rc = llmm_class_create(&cm, k ? (uint32_t)k : 1, NULL);
    if (rc == LLMM_OK) rc = llmm_class_update(cm, it, ip, nt, NULL);
    if (rc != LLMM_OK) {
        parity_fail(c, "create", "status %s", llmm_status_name(rc));
        goto done;
    }
    rc = llmm_class_accuracy(cm, &acc);
    pc_check(c, json_get(exp, "accuracy"), rc, acc, PARITY_REL_F64, "accuracy");

    llmm_class_prf_options_default(&po);
    /* zero_division="warn" acts like 0 in sklearn 1.2.1. */
    po.zero_division = json_kind(zd) == JSON_STRING ? 0.0 : json_num(zd);
    po.pos_label = -1; /* not a present label unless found below */
    for (i = 0; i < k; i++)
        if (uniq[i] == pos) po.pos_label = (int64_t)i;
    if (k == 0) po.pos_label = 0;
    for (a = 0; a < 4; a++) {
        llmm_class_prf_result r;
        char f[3][32];
        po.average = a;
        rc = llmm_class_prf(cm, &po, &r);
        snprintf(f[0], sizeof f[0], "precision_%s", avg_names[a]);
        snprintf(f[1], sizeof f[1], "recall_%s", avg_names[a]);
        snprintf(f[2], sizeof f[2], "f1_%s", avg_names[a]);
        pc_check(c, json_get(exp, f[0]), rc, r.precision, PARITY_REL_F64, f[0]);
        pc_check(c, json_get(exp, f[1]), rc, r.recall, PARITY_REL_F64, f[1]);
        pc_check(c, json_get(exp, f[2]), rc, r.f1, PARITY_REL_F64, f[2]);
    }
done:
    llmm_class_free(cm);
    free(yt);
    free(yp);
    free(uniq);
    free(it);
    free(ip);
    return parity_outcome_of(c);
}
