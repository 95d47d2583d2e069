/* prf.c - accuracy, precision, recall and F1 from the confusion matrix, as
 * scikit-learn 1.2.1 `precision_recall_fscore_support` / `accuracy_score` compute them
 * (sklearn/metrics/_classification.py; REFERENCE-QUIRKS.md section 10.5), from the
 * per-label weight sums when sample weights were given (weighted.c), else counts. */
#include "class_internal.h"
#include "core/exactsum.h"
#include <math.h>
#include <string.h>

void llmm_class_prf_options_default(llmm_class_prf_options *opts)
{
    if (!opts) return;
    opts->average = LLMM_AVG_BINARY;
    opts->pos_label = 1;
    opts->zero_division = 0.0;
}

int llmm_class_average_from_name(const char *name, size_t len, llmm_class_average *out)
{
    static const char *const names[] = {"binary", "micro", "macro", "weighted"};
    size_t i;
    if (!name || !out) return LLMM_ENULL;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) {
            *out = (llmm_class_average)i;
            return LLMM_OK;
        }
    }
    return LLMM_EINVAL;
}

typedef struct label_sums {
    double tp, pred, truth;  /* weights (counts when unweighted) */
    uint64_t n_truth;
} label_sums;

static label_sums sums_of(const llmmi_class_table *t, uint32_t k)
{
    label_sums s;
    s.tp = t->tp[k];
    s.pred = t->pred[k];
    s.truth = t->truth[k];
    s.n_truth = t->n_truth[k];
    return s;
}

/* sklearn _prf_divide: a zero denominator gives the zero_division value. */
static double prf_divide(double num, double den, double zero_division)
{
    return den == 0.0 ? zero_division : num / den;
}

/* sklearn 1.2.1 F-score with beta = 1: (1 + beta^2) * p * r / (beta^2 * p + r), the
 * denominator set to 1 where it is 0 (so F = 0 there). */
static double f_score(double p, double r)
{
    double denom = p + r;
    if (denom == 0.0) denom = 1.0;
    return 2.0 * p * r / denom;
}

static void scores_of(label_sums s, double zd, llmm_class_prf_result *out)
{
    out->precision = prf_divide(s.tp, s.pred, zd);
    out->recall = prf_divide(s.tp, s.truth, zd);
    out->f1 = f_score(out->precision, out->recall);
    out->support = s.n_truth;
    out->weighted_support = s.truth;
}

int llmm_class_accuracy(const llmm_class *cm, double *out)
{
    llmmi_class_table t;
    int rc;
    if (!cm || !out) return LLMM_ENULL;
    if ((rc = llmmi_class_table_make(cm, &t)) != LLMM_OK) return rc;
    /* np.average of an empty array: NaN; weights summing to 0: ZeroDivisionError. */
    *out = cm->total == 0 ? NAN : t.tp_total / t.total;
    rc = cm->total != 0 && t.total == 0.0 ? LLMM_EDOMAIN : LLMM_OK;
    llmmi_class_table_free(cm, &t);
    return rc;
}

int llmm_class_prf_label(const llmm_class *cm, uint32_t label, double zero_division,
                         llmm_class_prf_result *out)
{
    llmmi_class_table t;
    int rc;
    if (!cm || !out) return LLMM_ENULL;
    if (label >= cm->k) return LLMM_ERANGE;
    if ((rc = llmmi_class_table_make(cm, &t)) != LLMM_OK) return rc;
    scores_of(sums_of(&t, label), zero_division, out);
    llmmi_class_table_free(cm, &t);
    return LLMM_OK;
}

static int prf_binary(const llmm_class *cm, const llmmi_class_table *t, int64_t pos_label,
                      double zd, llmm_class_prf_result *out)
{
    uint32_t k, n_present = 0;
    int pos_present = 0;
    label_sums s;
    for (k = 0; k < cm->k; k++) {
        if (!t->present[k]) continue;
        n_present++;
        if ((int64_t)k == pos_label) pos_present = 1;
    }
    /* _check_set_wise_labels: more than two labels is "multiclass" -> ValueError;
     * a pos_label absent from two present labels -> ValueError. */
    if (n_present > 2) return LLMM_EDOMAIN;
    if (!pos_present && n_present == 2) return LLMM_EDOMAIN;
    if (pos_present) {
        s = sums_of(t, (uint32_t)pos_label);
    } else {
        s.tp = s.pred = s.truth = 0.0;
        s.n_truth = 0;
    }
    scores_of(s, zd, out);
    return LLMM_OK;
}

static void prf_micro(const llmm_class *cm, const llmmi_class_table *t, double zd,
                      llmm_class_prf_result *out)
{
    label_sums s;
    s.tp = t->tp_total;
    s.pred = s.truth = t->total;
    s.n_truth = cm->total;
    scores_of(s, zd, out);
}

/* Micro average over an explicit label list: the per-label sums added exactly (order
 * independent), as sklearn's tp_sum.sum() / pred_sum.sum() / true_sum.sum()
 * (sklearn/metrics/_classification.py:1588-1591, over the labels= selection of
 * :541). */
static void prf_micro_labels(const llmmi_class_table *t, const uint32_t *labels, size_t n,
                             double zd, llmm_class_prf_result *out)
{
    llmmi_exactsum tp, pred, truth;
    label_sums s;
    size_t i;
    llmmi_exactsum_init(&tp);
    llmmi_exactsum_init(&pred);
    llmmi_exactsum_init(&truth);
    s.n_truth = 0;
    for (i = 0; i < n; i++) {
        llmmi_exactsum_add(&tp, t->tp[labels[i]]);
        llmmi_exactsum_add(&pred, t->pred[labels[i]]);
        llmmi_exactsum_add(&truth, t->truth[labels[i]]);
        s.n_truth += t->n_truth[labels[i]];
    }
    s.tp = llmmi_exactsum_value(&tp);
    s.pred = llmmi_exactsum_value(&pred);
    s.truth = llmmi_exactsum_value(&truth);
    scores_of(s, zd, out);
}

/* Macro / weighted mean over `labels` when `listed` (n of them, each scored even
 * without pairs: sklearn's labels=), else over the present class indices. */
static void prf_mean(const llmm_class *cm, const llmmi_class_table *t, int listed,
                     const uint32_t *labels, size_t n, int weighted, double zd,
                     llmm_class_prf_result *out)
{
    double sp = 0.0, sr = 0.0, sf = 0.0, sw = 0.0, pred_total = 0.0, truth_total = 0.0;
    uint64_t n_scored = 0, n_truth = 0;
    llmm_class_prf_result r;
    size_t i, end = listed ? n : cm->k;
    for (i = 0; i < end; i++) {
        uint32_t k = listed ? labels[i] : (uint32_t)i;
        double w;
        if (!listed && !t->present[k]) continue; /* not a label sklearn sees */
        n_scored++;
        pred_total += t->pred[k];
        truth_total += t->truth[k];
        n_truth += t->n_truth[k];
        scores_of(sums_of(t, k), zd, &r);
        w = weighted ? t->truth[k] : 1.0;
        sp += r.precision * w;
        sr += r.recall * w;
        sf += r.f1 * w;
        sw += w;
    }
    out->support = listed ? n_truth : cm->total;
    out->weighted_support = listed ? truth_total : t->total;
    if (weighted && sw == 0.0) {
        /* sklearn: no true weight at all. zero_division 0/"warn" -> 0, else 1;
         * precision and F are that value only when nothing was predicted either. */
        double v = zd == 0.0 ? 0.0 : 1.0;
        out->recall = v;
        out->precision = pred_total == 0.0 ? v : 0.0;
        out->f1 = pred_total == 0.0 ? v : 0.0;
        return;
    }
    if (n_scored == 0) {
        /* np.average of an empty array. */
        out->precision = out->recall = out->f1 = NAN;
        return;
    }
    out->precision = sp / sw;
    out->recall = sr / sw;
    out->f1 = sf / sw;
}

static int prf_options(const llmm_class_prf_options *opts, llmm_class_prf_options *o)
{
    if (opts) {
        *o = *opts;
    } else {
        llmm_class_prf_options_default(o);
    }
    return o->average < LLMM_AVG_BINARY || o->average > LLMM_AVG_WEIGHTED ? LLMM_EINVAL
                                                                          : LLMM_OK;
}

int llmm_class_prf(const llmm_class *cm, const llmm_class_prf_options *opts,
                   llmm_class_prf_result *out)
{
    llmm_class_prf_options o;
    llmmi_class_table t;
    int rc = LLMM_OK;
    if (!cm || !out) return LLMM_ENULL;
    if ((rc = prf_options(opts, &o)) != LLMM_OK) return rc;
    if ((rc = llmmi_class_table_make(cm, &t)) != LLMM_OK) return rc;
    switch (o.average) {
    case LLMM_AVG_BINARY: rc = prf_binary(cm, &t, o.pos_label, o.zero_division, out); break;
    case LLMM_AVG_MICRO: prf_micro(cm, &t, o.zero_division, out); break;
    case LLMM_AVG_MACRO: prf_mean(cm, &t, 0, NULL, 0, 0, o.zero_division, out); break;
    default: prf_mean(cm, &t, 0, NULL, 0, 1, o.zero_division, out); break;
    }
    llmmi_class_table_free(cm, &t);
    return rc;
}

int llmm_class_prf_labels(const llmm_class *cm, const llmm_class_prf_options *opts,
                          const uint32_t *labels, size_t n_labels, llmm_class_prf_result *out)
{
    llmm_class_prf_options o;
    llmmi_class_table t;
    size_t i;
    int rc;
    if (!cm || !out || (!labels && n_labels)) return LLMM_ENULL;
    if ((rc = prf_options(opts, &o)) != LLMM_OK) return rc;
    /* sklearn _check_set_wise_labels replaces labels by [pos_label] for 'binary'
     * (_classification.py:1386). */
    if (o.average == LLMM_AVG_BINARY) return LLMM_EINVAL;
    for (i = 0; i < n_labels; i++)
        if (labels[i] >= cm->k) return LLMM_ERANGE;
    if ((rc = llmmi_class_table_make(cm, &t)) != LLMM_OK) return rc;
    if (o.average == LLMM_AVG_MICRO)
        prf_micro_labels(&t, labels, n_labels, o.zero_division, out);
    else
        prf_mean(cm, &t, 1, labels, n_labels, o.average == LLMM_AVG_WEIGHTED, o.zero_division, out);
    llmmi_class_table_free(cm, &t);
    return LLMM_OK;
}
