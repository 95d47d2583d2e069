/* parity_calibration.c - calibration.jsonl: torchmetrics 1.9.0 binned ECE, sklearn 1.2.1
 * Brier / log loss / calibration_curve, adaptive ECE, temperature scaling. */
#include "calib_inputs.h"
#include <stdio.h>

static const char *const norm_names[] = {"l1", "l2", "max"};

/* Every n{bins}_{norm}_{variant} key of one ECE case. */
static void check_ece(parity_case *c, const double *preds, size_t n, size_t n_classes,
                      const int32_t *target)
{
    const json_value *exp = json_get(c->root, "expected");
    static const char *const variants[] = {"torchmetrics_f64", "torchmetrics_f32", "replica_f64"};
    static const uint32_t bins[] = {10, 15};
    size_t bi, v, k;
    for (bi = 0; bi < 2; bi++) {
        for (v = 0; v < 3; v++) {
            llmm_calib_ece_options o;
            llmm_calib_ece *e = NULL;
            llmm_calib_ece_result r;
            int rc;
            llmm_calib_ece_options_default(&o);
            o.n_bins = bins[bi];
            o.dtype = v == 1 ? LLMM_CALIB_F32 : LLMM_CALIB_F64;
            rc = llmm_calib_ece_create(&e, &o, NULL);
            if (rc == LLMM_OK)
                rc = n_classes ? llmm_calib_ece_update_multiclass(e, preds, n, n_classes, target)
                               : llmm_calib_ece_update_binary(e, preds, target, n);
            if (rc == LLMM_OK) rc = llmm_calib_ece_result_get(e, &r);
            for (k = 0; k < 3; k++) {
                char field[64];
                const json_value *want;
                double got = k == 0 ? r.l1 : k == 1 ? r.l2 : r.max;
                snprintf(field, sizeof field, "n%u_%s_%s", (unsigned)bins[bi], norm_names[k],
                         variants[v]);
                want = json_get(exp, field);
                if (!want) continue; /* multiclass has no torchmetrics_f64 keys */
                /* torchmetrics returns values for empty input; the status is LLMM_EEMPTY. */
                pc_check(c, want, rc == LLMM_EEMPTY && v < 2 ? LLMM_OK : rc, got,
                         v == 1 ? PARITY_REL_F32 : PARITY_REL_F64, field);
            }
            llmm_calib_ece_free(e);
        }
    }
}

static int read_inputs(parity_case *c, const char *pred_key, double **preds, size_t *n,
                       size_t *n_classes, int32_t **target)
{
    const json_value *in = json_get(c->root, "inputs"), *pv = json_get(in, pred_key);
    int64_t *t = NULL;
    size_t nt, i, cols = 0;
    int ok;
    *target = NULL;
    if (json_len(pv) && json_kind(json_at(pv, 0)) == JSON_ARRAY) {
        ok = pc_f64_matrix(pv, preds, n, &cols);
    } else {
        ok = pc_f64_array(pv, preds, n);
    }
    *n_classes = cols;
    if (!ok || !pc_i64_array(json_get(in, "target"), &t, &nt) || nt != *n) {
        parity_fail(c, "inputs", "bad %s / target", pred_key);
        free(t);
        return 0;
    }
    *target = (int32_t *)malloc((nt ? nt : 1) * sizeof(int32_t));
    for (i = 0; i < nt; i++) (*target)[i] = (int32_t)t[i];
    free(t);
    return 1;
}

PARITY_METRIC(parity_calibration_error_binary, "calibration_error_binary")
{
    double *preds = NULL;
    int32_t *target = NULL;
    size_t n, nc;
    if (read_inputs(c, "preds", &preds, &n, &nc, &target)) check_ece(c, preds, n, 0, target);
    free(preds);
    free(target);
    return parity_outcome_of(c);
}

PARITY_METRIC(parity_calibration_error_multiclass, "calibration_error_multiclass")
{
    double *preds = NULL;
    int32_t *target = NULL;
    size_t n, nc;
    if (read_inputs(c, "preds", &preds, &n, &nc, &target)) check_ece(c, preds, n, nc, target);
    free(preds);
    free(target);
    return parity_outcome_of(c);
}
