/* slo_budget.c - availability, error budget and multi-window burn-rate alerts
 * (Google SRE workbook, chapter 5 "Alerting on SLOs", Table 5-8 and the Prometheus
 * rules of "6: Multiwindow, Multi-Burn-Rate Alerts"). */
#include "llmm_serve.h"
#include <math.h>

int llmm_slo_availability(uint64_t good, uint64_t valid, double *out)
{
    if (!out) return LLMM_ENULL;
    if (!valid) return LLMM_EEMPTY;
    if (good > valid) return LLMM_EINVAL;
    *out = (double)good / (double)valid;
    return LLMM_OK;
}

static int objective_ok(double objective) { return objective > 0 && objective < 1; }

int llmm_slo_budget_get(double objective, uint64_t good, uint64_t valid, llmm_slo_budget *out)
{
    double bad;
    if (!out) return LLMM_ENULL;
    if (!objective_ok(objective)) return LLMM_EDOMAIN;
    if (!valid) return LLMM_EEMPTY;
    if (good > valid) return LLMM_EINVAL;
    bad = (double)(valid - good);
    out->error_rate = bad / (double)valid;
    out->allowed_bad = (1 - objective) * (double)valid;
    out->consumed = bad / out->allowed_bad;
    out->remaining = 1 - out->consumed;
    out->burn_rate = out->error_rate / (1 - objective);
    return LLMM_OK;
}

void llmm_slo_default_rules(llmm_slo_alert_rule *rules)
{
    if (!rules) return;
    /* Table 5-8: page at 2 % of a 30-day budget in 1 h (burn 14.4, short window 5 min)
     * and 5 % in 6 h (burn 6, short window 30 min). */
    rules[0].long_window_s = 3600;
    rules[0].short_window_s = 300;
    rules[0].threshold = 14.4;
    rules[1].long_window_s = 6 * 3600;
    rules[1].short_window_s = 1800;
    rules[1].threshold = 6;
}

void llmm_slo_ticket_rule(llmm_slo_alert_rule *rule)
{
    if (!rule) return;
    /* Table 5-8: ticket at 10 % of the budget in 3 days (burn 1, short window 6 h). */
    rule->long_window_s = 3 * 86400;
    rule->short_window_s = 6 * 3600;
    rule->threshold = 1;
}

static double rate_of(uint64_t bad, uint64_t valid) { return valid ? (double)bad / (double)valid : 0.0; }

int llmm_slo_burn_alert(double objective, uint64_t long_bad, uint64_t long_valid,
                        uint64_t short_bad, uint64_t short_valid, double threshold,
                        llmm_slo_alert_state *out)
{
    double lr, sr, limit;
    if (!out) return LLMM_ENULL;
    if (!objective_ok(objective) || !(threshold > 0) || isinf(threshold)) return LLMM_EDOMAIN;
    if (long_bad > long_valid || short_bad > short_valid) return LLMM_EINVAL;
    lr = rate_of(long_bad, long_valid);
    sr = rate_of(short_bad, short_valid);
    out->long_burn = lr / (1 - objective);
    out->short_burn = sr / (1 - objective);
    /* The workbook's rules: rate_long > threshold * (1 - SLO) and rate_short > same. */
    limit = threshold * (1 - objective);
    out->firing = lr > limit && sr > limit;
    return LLMM_OK;
}
