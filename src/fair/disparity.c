/* disparity.c - fairlearn 0.15 aggregations over groups (metrics/_disaggregated_result.py
 * difference() / ratio(), metrics/_fairness_metrics.py; REFERENCE-QUIRKS.md 10.4):
 * pandas max / min skip NaN; equalized odds combines the TPR and FPR disparities with
 * Python's builtin max / min (worst_case) or a NaN-skipping mean. */
#include "fair_internal.h"
#include "core/alloc.h"
#include <math.h>

/* Which metric of a group row. */
static double pick(const llmm_fair_group *g, int metric)
{
    return metric == 0 ? g->selection_rate : metric == 1 ? g->tpr : g->fpr;
}

static void aggregate(const llmm_fair_group *rows, uint32_t n, const llmm_fair_group *overall,
                      int metric, llmm_fair_disparity *out)
{
    double mx = NAN, mn = NAN, dmax = NAN, rmin = NAN, o = pick(overall, metric);
    uint32_t i;
    for (i = 0; i < n; i++) {
        double v = pick(&rows[i], metric), d, r;
        if (isnan(v)) continue; /* pandas skipna */
        if (isnan(mx) || v > mx) mx = v;
        if (isnan(mn) || v < mn) mn = v;
        d = fabs(v - o);
        if (!isnan(d) && (isnan(dmax) || d > dmax)) dmax = d;
        /* ratio_sub_one(g / overall): x > 1 -> 1 / x */
        r = v / o;
        if (r > 1) r = 1 / r;
        if (!isnan(r) && (isnan(rmin) || r < rmin)) rmin = r;
    }
    out->difference = mx - mn;
    out->ratio = mn / mx;
    out->difference_to_overall = dmax;
    out->ratio_to_overall = rmin;
}

/* Python max([a, b]) / min([a, b]): the first item unless the second compares greater /
 * smaller, so a NaN first item sticks and a NaN second item is ignored. */
static double py_max2(double a, double b) { return b > a ? b : a; }
static double py_min2(double a, double b) { return b < a ? b : a; }
/* pandas Series([a, b]).mean(): NaN skipped. */
static double pd_mean2(double a, double b)
{
    if (isnan(a)) return b;
    if (isnan(b)) return a;
    return (a + b) / 2;
}

int llmm_fair_result_get(const llmm_fair *f, llmm_fair_result *out)
{
    llmm_fair_group overall, *rows;
    llmm_fair_disparity tpr, fpr;
    uint32_t i, n = 0;
    size_t bytes;
    if (!f || !out) return LLMM_ENULL;
    llmm_fair_overall(f, &overall);
    if (overall.count == 0) return LLMM_EEMPTY; /* fairlearn raises on empty input */
    bytes = (size_t)f->n_ids * sizeof *rows;
    rows = (llmm_fair_group *)llmmi_malloc(&f->alloc, bytes);
    if (!rows) return LLMM_ENOMEM;
    for (i = 0; i < f->n_ids; i++) {
        llmmi_fair_metrics(&f->g[i], &rows[n]);
        if (rows[n].count) n++; /* an id without samples is not a group */
    }
    aggregate(rows, n, &overall, 0, &out->demographic_parity);
    aggregate(rows, n, &overall, 1, &tpr);
    aggregate(rows, n, &overall, 2, &fpr);
    llmmi_free(&f->alloc, rows, bytes);
    out->equal_opportunity = tpr;
    out->fpr_parity = fpr;
    out->equalized_odds_worst.difference = py_max2(tpr.difference, fpr.difference);
    out->equalized_odds_worst.ratio = py_min2(tpr.ratio, fpr.ratio);
    out->equalized_odds_worst.difference_to_overall =
        py_max2(tpr.difference_to_overall, fpr.difference_to_overall);
    out->equalized_odds_worst.ratio_to_overall =
        py_min2(tpr.ratio_to_overall, fpr.ratio_to_overall);
    out->equalized_odds_mean.difference = pd_mean2(tpr.difference, fpr.difference);
    out->equalized_odds_mean.ratio = pd_mean2(tpr.ratio, fpr.ratio);
    out->equalized_odds_mean.difference_to_overall =
        pd_mean2(tpr.difference_to_overall, fpr.difference_to_overall);
    out->equalized_odds_mean.ratio_to_overall =
        pd_mean2(tpr.ratio_to_overall, fpr.ratio_to_overall);
    out->disparate_impact_ratio = out->demographic_parity.ratio;
    out->four_fifths_pass = isnan(out->disparate_impact_ratio)
                                ? -1
                                : out->disparate_impact_ratio >= 0.8;
    out->n_groups = n;
    return LLMM_OK;
}
