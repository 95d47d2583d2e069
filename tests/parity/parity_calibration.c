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

/* calibration_curve_{strategy}_n{bins}: {prob_true, prob_pred} of the non-empty bins. */
static void check_curve(parity_case *c, const double *p, const int32_t *t, size_t n,
                        int quantile, uint32_t n_bins)
{
    char field[64];
    const json_value *want;
    double pt[16], pp[16];
    size_t n_out = 0, i;
    int rc;
    snprintf(field, sizeof field, "calibration_curve_%s_n%u", quantile ? "quantile" : "uniform",
             (unsigned)n_bins);
    want = json_get(json_get(c->root, "expected"), field);
    if (quantile) {
        rc = llmm_calib_curve_quantile(p, t, n, n_bins, pt, pp, NULL, &n_out, NULL);
    } else {
        llmm_calib_curve *cc = NULL;
        rc = llmm_calib_curve_create(&cc, n_bins, NULL);
        if (rc == LLMM_OK) rc = llmm_calib_curve_update(cc, p, t, n);
        if (rc == LLMM_OK) rc = llmm_calib_curve_result(cc, pt, pp, NULL, &n_out);
        llmm_calib_curve_free(cc);
    }
    if (!want) {
        parity_fail(c, field, "missing expected field");
        return;
    }
    if (parity_expected_error(want)) {
        parity_check_true(c, rc != LLMM_OK, field, "expected an error, got status %d", rc);
        return;
    }
    if (rc != LLMM_OK) {
        parity_fail(c, field, "status %s", llmm_status_name(rc));
        return;
    }
    if (!parity_check_int(c, (int64_t)json_len(json_get(want, "prob_true")), (int64_t)n_out,
                          "%s.len", field))
        return;
    for (i = 0; i < n_out; i++) {
        parity_check_json_f64(c, json_at(json_get(want, "prob_true"), i), pt[i], PARITY_REL_F64,
                              "%s.prob_true[%zu]", field, i);
        parity_check_json_f64(c, json_at(json_get(want, "prob_pred"), i), pp[i], PARITY_REL_F64,
                              "%s.prob_pred[%zu]", field, i);
    }
}

static void check_prob(parity_case *c, int multiclass)
{
    const json_value *exp = json_get(c->root, "expected");
    double *p = NULL, *conf = NULL;
    unsigned char *ok = NULL;
    int32_t *t = NULL;
    size_t n, nc, i;
    llmm_calib_prob *pr = NULL;
    llmm_calib_prob_result r;
    int rc;
    if (!read_inputs(c, "probs", &p, &n, &nc, &t)) goto done;
    rc = llmm_calib_prob_create(&pr, multiclass ? nc : 1, NULL);
    if (rc == LLMM_OK) rc = llmm_calib_prob_update(pr, p, t, n);
    if (rc == LLMM_OK) rc = llmm_calib_prob_result_get(pr, &r);
    pc_check(c, json_get(exp, multiclass ? "brier_multiclass_formula" : "brier_sklearn"), rc,
             r.brier, PARITY_REL_F64, multiclass ? "brier_multiclass_formula" : "brier_sklearn");
    pc_check(c, json_get(exp, "log_loss_sklearn"), rc == LLMM_OK ? r.log_loss_status : rc,
             r.log_loss, PARITY_REL_F64, "log_loss_sklearn");
    /* adaptive ECE: binary = positive-class probability vs target; multiclass top-label */
    conf = (double *)malloc((n ? n : 1) * sizeof(double));
    ok = (unsigned char *)malloc(n ? n : 1);
    if (multiclass) {
        rc = llmm_calib_top_label(p, n, nc, t, LLMM_CALIB_INPUT_PROBS, conf, ok);
    } else {
        for (i = 0; i < n; i++) {
            conf[i] = p[i];
            ok[i] = (unsigned char)(t[i] == 1);
        }
        rc = LLMM_OK;
    }
    for (i = 0; i < 2; i++) {
        char field[32];
        uint32_t nb = i ? 15 : 10;
        double v = 0;
        int rc2 = rc == LLMM_OK ? llmm_calib_adaptive_ece(conf, ok, n, nb, &v, NULL) : rc;
        snprintf(field, sizeof field, "adaptive_ece_n%u", (unsigned)nb);
        pc_check(c, json_get(exp, field), rc2, v, PARITY_REL_F64, field);
    }
    if (!multiclass) {
        check_curve(c, p, t, n, 0, 5);
        check_curve(c, p, t, n, 1, 5);
        check_curve(c, p, t, n, 0, 10);
        check_curve(c, p, t, n, 1, 10);
    }
done:
    llmm_calib_prob_free(pr);
    free(p);
    free(t);
    free(conf);
    free(ok);
}

PARITY_METRIC(parity_probabilistic_calibration_binary, "probabilistic_calibration_binary")
{
    check_prob(c, 0);
    return parity_outcome_of(c);
}

PARITY_METRIC(parity_probabilistic_calibration_multiclass, "probabilistic_calibration_multiclass")
{
    check_prob(c, 1);
    return parity_outcome_of(c);
}

PARITY_METRIC(parity_temperature_scaling, "temperature_scaling")
{
    const json_value *exp = json_get(c->root, "expected"), *want;
    double *l = NULL, nll1 = 0;
    int32_t *t = NULL;
    size_t n, nc;
    llmm_calib_temperature_options o;
    llmm_calib_temperature_result r;
    int rc;
    if (!read_inputs(c, "logits", &l, &n, &nc, &t)) goto done;
    llmm_calib_temperature_options_default(&o);
    o.t_min = json_num(json_at(json_get(json_get(c->root, "options"), "T_search"), 0));
    o.t_max = json_num(json_at(json_get(json_get(c->root, "options"), "T_search"), 1));
    rc = llmm_calib_nll(l, n, nc, t, 1.0, &nll1);
    pc_check(c, json_get(exp, "nll_at_T1"), rc, nll1, PARITY_REL_F64, "nll_at_T1");
    rc = llmm_calib_temperature_fit(l, n, nc, t, &o, &r, NULL);
    /* T_opt is a root-finder result: compare at 1e-6 (vectors/README.md). */
    pc_check(c, json_get(exp, "T_opt"), rc, r.temperature, 1e-6, "T_opt");
    if ((want = json_get(exp, "T_opt_crosscheck_minimize_scalar")) != NULL)
        pc_check(c, want, rc, r.temperature, 1e-6, "T_opt_crosscheck_minimize_scalar");
    if ((want = json_get(exp, "nll_at_T_opt")) != NULL)
        pc_check(c, want, rc, r.nll_after, PARITY_REL_F64, "nll_at_T_opt");
    parity_check_true(c, rc != LLMM_OK || r.nll_after <= r.nll_before, "nll_after",
                      "NLL increased: %.17g > %.17g", r.nll_after, r.nll_before);
done:
    free(l);
    free(t);
    return parity_outcome_of(c);
}
