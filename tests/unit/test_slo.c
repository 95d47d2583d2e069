/* test_slo.c - error categories, availability, error budget, multi-window burn-rate
 * alerts (SRE workbook thresholds), the bucketed tracker and MTTR. */
#include "test_util.h"

static void test_errors(void **state)
{
    llmm_slo_errors e, f;
    uint32_t id, id2;
    double r;
    (void)state;
    llmm_slo_errors_init(&e);
    assert_int_equal(e.n_categories, 5);
    assert_int_equal(llmm_slo_errors_find(&e, "refusal", 7, &id), LLMM_OK);
    assert_int_equal(id, LLMM_SLO_REFUSAL);
    assert_int_equal(llmm_slo_errors_add_category(&e, "rate_limited", 12, &id), LLMM_OK);
    assert_int_equal(id, 5);
    assert_int_equal(llmm_slo_errors_add_category(&e, "timeout", 7, &id2), LLMM_EINVAL);
    assert_int_equal(llmm_slo_errors_add_category(&e, "", 0, &id2), LLMM_EINVAL);
    assert_int_equal(llmm_slo_errors_add_category(&e, "\xff", 1, &id2), LLMM_EUTF8);
    assert_int_equal(llmm_slo_errors_record_success(&e, 90), LLMM_OK);
    assert_int_equal(llmm_slo_errors_record_error(&e, LLMM_SLO_TIMEOUT, 4), LLMM_OK);
    assert_int_equal(llmm_slo_errors_record_error(&e, LLMM_SLO_REFUSAL, 2), LLMM_OK);
    assert_int_equal(llmm_slo_errors_record_error(&e, id, 4), LLMM_OK);
    assert_int_equal(llmm_slo_errors_record_error(&e, 6, 1), LLMM_ERANGE);
    assert_true(e.total == 100);
    assert_int_equal(llmm_slo_error_rate(&e, LLMM_SLO_TIMEOUT, &r), LLMM_OK);
    assert_true(r == 0.04);
    assert_int_equal(llmm_slo_error_rate(&e, LLMM_SLO_REFUSAL, &r), LLMM_OK);
    assert_true(r == 0.02);
    assert_int_equal(llmm_slo_error_rate(&e, UINT32_MAX, &r), LLMM_OK);
    assert_true(r == 0.1);
    /* merge needs the same category table */
    llmm_slo_errors_init(&f);
    assert_int_equal(llmm_slo_errors_merge(&e, &f), LLMM_EINVAL);
    assert_int_equal(llmm_slo_errors_add_category(&f, "rate_limited", 12, &id2), LLMM_OK);
    assert_int_equal(llmm_slo_errors_record_error(&f, LLMM_SLO_OTHER, 100), LLMM_OK);
    assert_int_equal(llmm_slo_errors_merge(&e, &f), LLMM_OK);
    assert_int_equal(llmm_slo_error_rate(&e, LLMM_SLO_OTHER, &r), LLMM_OK);
    assert_true(r == 0.5);
    llmm_slo_errors_init(&f);
    assert_int_equal(llmm_slo_error_rate(&f, 0, &r), LLMM_EEMPTY);
}

static void test_budget(void **state)
{
    llmm_slo_budget b;
    llmm_slo_alert_state s;
    double a;
    (void)state;
    assert_int_equal(llmm_slo_availability(999, 1000, &a), LLMM_OK);
    assert_true(a == 0.999);
    assert_int_equal(llmm_slo_availability(0, 0, &a), LLMM_EEMPTY);
    assert_int_equal(llmm_slo_availability(2, 1, &a), LLMM_EINVAL);
    /* 99 % objective, 5 bad out of 1000: half the budget spent, burning at 0.5 */
    assert_int_equal(llmm_slo_budget_get(0.99, 995, 1000, &b), LLMM_OK);
    assert_true(b.error_rate == 0.005);
    assert_close(b.allowed_bad, 10.0, 1e-14);
    assert_close(b.consumed, 0.5, 1e-14);
    assert_close(b.remaining, 0.5, 1e-14);
    assert_close(b.burn_rate, 0.5, 1e-14);
    /* overspent: 30 bad -> remaining -2 */
    assert_int_equal(llmm_slo_budget_get(0.99, 970, 1000, &b), LLMM_OK);
    assert_close(b.remaining, -2.0, 1e-14);
    assert_int_equal(llmm_slo_budget_get(1.0, 1, 1, &b), LLMM_EDOMAIN);
    assert_int_equal(llmm_slo_budget_get(0.99, 0, 0, &b), LLMM_EEMPTY);
    /* 99.9 %: 1.5 % errors in both windows = burn 15 > 14.4 -> page */
    assert_int_equal(llmm_slo_burn_alert(0.999, 30, 2000, 3, 200, 14.4, &s), LLMM_OK);
    assert_close(s.long_burn, 15.0, 1e-12);
    assert_true(s.firing);
    /* short window recovered (1 %, burn 10): no page */
    assert_int_equal(llmm_slo_burn_alert(0.999, 30, 2000, 2, 200, 14.4, &s), LLMM_OK);
    assert_close(s.short_burn, 10.0, 1e-12);
    assert_false(s.firing);
    /* empty window burns at 0 */
    assert_int_equal(llmm_slo_burn_alert(0.999, 30, 2000, 0, 0, 14.4, &s), LLMM_OK);
    assert_true(s.short_burn == 0 && !s.firing);
    assert_int_equal(llmm_slo_burn_alert(0.999, 3, 2, 0, 0, 14.4, &s), LLMM_EINVAL);
}

static void test_tracker(void **state)
{
    llmm_slo_tracker_options o;
    llmm_slo_tracker *t;
    llmm_slo_alert_rule rules[3];
    llmm_slo_alert_state st[3];
    uint64_t g, b;
    int m;
    (void)state;
    llmm_slo_default_rules(rules);
    llmm_slo_ticket_rule(&rules[2]);
    assert_true(rules[0].long_window_s == 3600 && rules[0].short_window_s == 300);
    assert_true(rules[0].threshold == 14.4);
    assert_true(rules[1].long_window_s == 21600 && rules[1].short_window_s == 1800);
    assert_true(rules[1].threshold == 6);
    assert_true(rules[2].long_window_s == 259200 && rules[2].threshold == 1);
    llmm_slo_tracker_options_default(&o);
    assert_true(o.bucket_s == 60 && o.horizon_s == 259200);
    o.horizon_s = 6 * 3600;
    assert_int_equal(llmm_slo_tracker_create(&t, &o, NULL), LLMM_OK);
    /* two hours, one bucket per minute: 1 % errors, then 5 % in the last 10 minutes */
    for (m = 0; m < 120; m++)
        assert_int_equal(llmm_slo_tracker_record(t, m * 60 + 30, m < 110 ? 99 : 95, m < 110 ? 1 : 5),
                         LLMM_OK);
    assert_int_equal(llmm_slo_tracker_window(t, 7170, 3600, &g, &b), LLMM_OK);
    assert_true(g + b == 6000 && b == 100);
    assert_int_equal(llmm_slo_tracker_window(t, 7170, 300, &g, &b), LLMM_OK);
    assert_true(g + b == 500 && b == 25);
    assert_int_equal(llmm_slo_tracker_alerts(t, 7170, 0.999, rules, 2, st), LLMM_OK);
    assert_close(st[0].long_burn, 100.0 / 6000 / (1 - 0.999), 1e-15);
    assert_close(st[0].short_burn, 50.0, 1e-12);
    assert_true(st[0].firing);
    assert_close(st[1].long_burn, 160.0 / 12000 / (1 - 0.999), 1e-15);
    assert_close(st[1].short_burn, 70.0 / 3000 / (1 - 0.999), 1e-15);
    assert_true(st[1].firing);
    /* the ticket rule's 3-day window exceeds this tracker's 6-hour horizon */
    assert_int_equal(llmm_slo_tracker_alerts(t, 7170, 0.999, rules + 2, 1, st), LLMM_ERANGE);
    /* an hour later with no new events: the 5-minute window is empty, no page */
    assert_int_equal(llmm_slo_tracker_alerts(t, 7170 + 3600, 0.999, rules, 1, st), LLMM_OK);
    assert_true(st[0].short_burn == 0 && !st[0].firing);
    /* out-of-order within the horizon is fine; beyond it is refused */
    assert_int_equal(llmm_slo_tracker_record(t, 100, 1, 0), LLMM_OK);
    assert_int_equal(llmm_slo_tracker_record(t, 30000, 1, 0), LLMM_OK);
    assert_int_equal(llmm_slo_tracker_record(t, 100, 1, 0), LLMM_ERANGE);
    assert_int_equal(llmm_slo_tracker_record(t, NAN, 1, 0), LLMM_ENONFINITE);
    llmm_slo_tracker_free(t);
    o.bucket_s = 0;
    assert_int_equal(llmm_slo_tracker_create(&t, &o, NULL), LLMM_EDOMAIN);
    llmm_slo_tracker_free(NULL);
}

static void test_mttr(void **state)
{
    static const double s[] = {0, 5, 100, 200}, e[] = {10, 20, 130, 200};
    llmm_slo_mttr m;
    double bad_e[] = {10, 4, 130, 200};
    (void)state;
    assert_int_equal(llmm_slo_mttr_get(s, e, 4, 0, 0, &m, NULL), LLMM_OK);
    assert_true(m.incidents == 4 && m.downtime_s == 55 && m.mttr_s == 13.75);
    assert_true(isnan(m.mtbf_s));
    assert_int_equal(llmm_slo_mttr_get(s, e, 4, 1, 1000, &m, NULL), LLMM_OK);
    assert_true(m.incidents == 3 && m.downtime_s == 50);
    assert_true(m.mttr_s == 50.0 / 3);
    assert_true(m.mtbf_s == 950.0 / 3);
    assert_int_equal(llmm_slo_mttr_get(s, bad_e, 4, 0, 0, &m, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_slo_mttr_get(s, e, 0, 0, 0, &m, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_slo_mttr_get(s, e, 4, 1, 10, &m, NULL), LLMM_EDOMAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_tracker),
        cmocka_unit_test(test_mttr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
