/* prf.c - accuracy, precision, recall and F1 from the confusion matrix, as
 * scikit-learn 1.2.1 `precision_recall_fscore_support` / `accuracy_score` compute them
 * (sklearn/metrics/_classification.py; REFERENCE-QUIRKS.md section 10.5). */
#include "class_internal.h"
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
    uint64_t tp, pred, truth;
} label_sums;

static label_sums sums_of(const llmm_class *cm, uint32_t k)
{
    label_sums s;
    uint32_t j;
    s.tp = cm->counts[(size_t)k * cm->k + k];
    s.pred = 0;
    s.truth = 0;
    for (j = 0; j < cm->k; j++) {
        s.pred += cm->counts[(size_t)j * cm->k + k];
        s.truth += cm->counts[(size_t)k * cm->k + j];
    }
    return s;
}

/* sklearn _prf_divide: a zero denominator gives the zero_division value. */
static double prf_divide(uint64_t num, uint64_t den, double zero_division)
{
    return den == 0 ? zero_division : (double)num / (double)den;
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
    out->support = s.truth;
}

int llmm_class_accuracy(const llmm_class *cm, double *out)
{
    uint64_t trace = 0;
    uint32_t k;
    if (!cm || !out) return LLMM_ENULL;
    for (k = 0; k < cm->k; k++) trace += cm->counts[(size_t)k * cm->k + k];
    /* np.average of an empty array: NaN. */
    *out = cm->total == 0 ? NAN : (double)trace / (double)cm->total;
    return LLMM_OK;
}

int llmm_class_prf_label(const llmm_class *cm, uint32_t label, double zero_division,
                         llmm_class_prf_result *out)
{
    if (!cm || !out) return LLMM_ENULL;
    if (label >= cm->k) return LLMM_ERANGE;
    scores_of(sums_of(cm, label), zero_division, out);
    return LLMM_OK;
}

static int prf_binary(const llmm_class *cm, int64_t pos_label, double zd,
                      llmm_class_prf_result *out)
{
    uint32_t k, n_present = 0;
    int pos_present = 0;
    label_sums s;
    for (k = 0; k < cm->k; k++) {
        s = sums_of(cm, k);
        if (s.pred + s.truth == 0) continue;
        n_present++;
        if ((int64_t)k == pos_label) pos_present = 1;
    }
    /* _check_set_wise_labels: more than two labels is "multiclass" -> ValueError;
     * a pos_label absent from two present labels -> ValueError. */
    if (n_present > 2) return LLMM_EDOMAIN;
    if (!pos_present && n_present == 2) return LLMM_EDOMAIN;
    if (pos_present) {
        s = sums_of(cm, (uint32_t)pos_label);
    } else {
        s.tp = s.pred = s.truth = 0;
    }
    scores_of(s, zd, out);
    return LLMM_OK;
}

static void prf_micro(const llmm_class *cm, double zd, llmm_class_prf_result *out)
{
    label_sums s;
    uint32_t k;
    s.tp = 0;
    for (k = 0; k < cm->k; k++) s.tp += cm->counts[(size_t)k * cm->k + k];
    s.pred = s.truth = cm->total;
    scores_of(s, zd, out);
}

static void prf_mean(const llmm_class *cm, int weighted, double zd, llmm_class_prf_result *out)
{
    double sp = 0.0, sr = 0.0, sf = 0.0, sw = 0.0;
    uint64_t n_present = 0, pred_total = 0;
    llmm_class_prf_result r;
    uint32_t k;
    label_sums s;
    for (k = 0; k < cm->k; k++) {
        double w;
        s = sums_of(cm, k);
        if (s.pred + s.truth == 0) continue; /* not a label sklearn sees */
        n_present++;
        pred_total += s.pred;
        scores_of(s, zd, &r);
        w = weighted ? (double)s.truth : 1.0;
        sp += r.precision * w;
        sr += r.recall * w;
        sf += r.f1 * w;
        sw += w;
    }
    out->support = cm->total;
    if (weighted && sw == 0.0) {
        /* sklearn: no true samples at all. zero_division 0/"warn" -> 0, else 1;
         * precision and F are that value only when nothing was predicted either. */
        double v = zd == 0.0 ? 0.0 : 1.0;
        out->recall = v;
        out->precision = pred_total == 0 ? v : 0.0;
        out->f1 = pred_total == 0 ? v : 0.0;
        return;
    }
    if (n_present == 0) {
        /* np.average of an empty array. */
        out->precision = out->recall = out->f1 = NAN;
        return;
    }
    out->precision = sp / sw;
    out->recall = sr / sw;
    out->f1 = sf / sw;
}

int llmm_class_prf(const llmm_class *cm, const llmm_class_prf_options *opts,
                   llmm_class_prf_result *out)
{
    llmm_class_prf_options o;
    if (!cm || !out) return LLMM_ENULL;
    if (opts) {
        o = *opts;
    } else {
        llmm_class_prf_options_default(&o);
    }
    switch (o.average) {
    case LLMM_AVG_BINARY: return prf_binary(cm, o.pos_label, o.zero_division, out);
    case LLMM_AVG_MICRO: prf_micro(cm, o.zero_division, out); return LLMM_OK;
    case LLMM_AVG_MACRO: prf_mean(cm, 0, o.zero_division, out); return LLMM_OK;
    case LLMM_AVG_WEIGHTED: prf_mean(cm, 1, o.zero_division, out); return LLMM_OK;
    default: return LLMM_EINVAL;
    }
}
