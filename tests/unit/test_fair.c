/* test_fair.c - group fairness against fairlearn 0.15 (values of
 * ../shared/vectors/fairness.jsonl "int_groups_3", and a weighted case computed with the
 * functions fairlearn calls: np.dot / sum and sklearn confusion_matrix(normalize="true")),
 * plus merge / serialization, errors, and the bias measures. */
#include "test_util.h"
#include <stdlib.h>

static const int32_t it[] = {1, 1, 0, 0, 1, 0, 1, 0, 1};
static const int32_t ip[] = {1, 0, 0, 1, 1, 0, 1, 1, 0};
static const int32_t ig[] = {0, 0, 0, 1, 1, 1, 2, 2, 2};

static void test_int_groups(void **state)
{
    llmm_fair *f;
    llmm_fair_result r;
    llmm_fair_group g;
    (void)state;
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_result_get(f, &r), LLMM_EEMPTY);
    assert_int_equal(llmm_fair_update(f, it, ip, ig, NULL, 9, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_result_get(f, &r), LLMM_OK);
    assert_close(r.demographic_parity.difference, 0.3333333333333333, 1e-12);
    assert_close(r.demographic_parity.ratio, 0.5, 1e-12);
    assert_close(r.demographic_parity.difference_to_overall, 0.22222222222222227, 1e-12);
    assert_close(r.demographic_parity.ratio_to_overall, 0.6, 1e-12);
    assert_close(r.equalized_odds_worst.difference, 1.0, 1e-12);
    assert_close(r.equalized_odds_worst.ratio, 0.0, 1e-12);
    assert_close(r.equalized_odds_mean.difference, 0.75, 1e-12);
    assert_close(r.equalized_odds_mean.ratio, 0.25, 1e-12);
    assert_close(r.equalized_odds_worst.difference_to_overall, 0.5, 1e-12);
    assert_close(r.equalized_odds_mean.difference_to_overall, 0.45, 1e-12);
    assert_close(r.equalized_odds_mean.ratio_to_overall, 0.3, 1e-12);
    assert_close(r.equal_opportunity.difference, 0.5, 1e-12);
    assert_close(r.equal_opportunity.ratio_to_overall, 0.6, 1e-12);
    assert_close(r.disparate_impact_ratio, 0.5, 1e-12);
    assert_int_equal(r.four_fifths_pass, 0);
    assert_int_equal(r.n_groups, 3);
    assert_int_equal(llmm_fair_group_get(f, 2, &g), LLMM_OK);
    assert_close(g.selection_rate, 0.6666666666666666, 1e-12);
    assert_close(g.tpr, 0.5, 1e-12);
    assert_close(g.fpr, 1.0, 1e-12);
    assert_close(g.accuracy, 1.0 / 3.0, 1e-12);
    assert_int_equal(g.count, 3);
    assert_int_equal(llmm_fair_group_get(f, 3, &g), LLMM_ERANGE);
    assert_int_equal(llmm_fair_overall(f, &g), LLMM_OK);
    assert_close(g.selection_rate, 0.5555555555555556, 1e-12);
    assert_close(g.tpr, 0.6, 1e-12);
    assert_close(g.fpr, 0.5, 1e-12);
    llmm_fair_free(f);
}

static void test_weighted(void **state)
{
    static const int32_t t[] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1};
    static const int32_t p[] = {1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1};
    static const int32_t g[] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 4};
    static const double w[] = {0.5, 2.0, 1.0, 1.5, 0.25, 1.0, 3.0, 0.75, 2.0, 1.0, 0.0};
    llmm_fair *f;
    llmm_fair_result r;
    llmm_fair_group row;
    (void)state;
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(f, t, p, g, w, 11, NULL), LLMM_OK);
    /* group 4 has zero total weight: selection rate NaN (skipped), TPR / FPR 0;
     * group id 3 never occurs and is not a group */
    assert_int_equal(llmm_fair_group_get(f, 4, &row), LLMM_OK);
    assert_true(isnan(row.selection_rate) && row.tpr == 0.0 && row.count == 1);
    assert_int_equal(llmm_fair_group_get(f, 1, &row), LLMM_OK);
    assert_close(row.selection_rate, 0.8, 1e-12);
    assert_close(row.fpr, 0.5, 1e-12);
    assert_close(row.weight, 5.0, 1e-12);
    assert_int_equal(llmm_fair_overall(f, &row), LLMM_OK);
    assert_close(row.selection_rate, 0.46153846153846156, 1e-12);
    assert_close(row.tpr, 0.625, 1e-12);
    assert_close(row.fpr, 0.2, 1e-12);
    assert_int_equal(row.count, 11);
    assert_int_equal(llmm_fair_result_get(f, &r), LLMM_OK);
    assert_int_equal(r.n_groups, 4);
    assert_close(r.demographic_parity.difference, 0.8, 1e-12);
    assert_close(r.demographic_parity.ratio, 0.0, 1e-12);
    assert_close(r.demographic_parity.difference_to_overall, 0.46153846153846156, 1e-12);
    assert_close(r.equalized_odds_worst.difference, 1.0, 1e-12);
    assert_close(r.equalized_odds_mean.difference, 0.75, 1e-12);
    assert_int_equal(r.four_fifths_pass, 0);
    llmm_fair_free(f);
}

static void test_degenerate(void **state)
{
    /* fairness.jsonl "all_pred_zero": ratios 0/0 = NaN, four-fifths undefined */
    static const int32_t t[] = {1, 0, 1, 0}, p[] = {0, 0, 0, 0}, g[] = {0, 0, 1, 1};
    static const double badw[] = {1.0, -1.0, 1.0, 1.0}, nanw[] = {1.0, NAN, 1.0, 1.0};
    llmm_fair *f;
    llmm_fair_result r;
    size_t bad = 0;
    (void)state;
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(f, t, p, g, NULL, 4, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_result_get(f, &r), LLMM_OK);
    assert_true(r.demographic_parity.difference == 0.0 && isnan(r.demographic_parity.ratio));
    assert_true(isnan(r.equalized_odds_worst.ratio) && isnan(r.equalized_odds_mean.ratio));
    assert_int_equal(r.four_fifths_pass, -1);
    assert_int_equal(llmm_fair_update(f, t, p, g, badw, 4, &bad), LLMM_EDOMAIN);
    assert_int_equal(bad, 1);
    assert_int_equal(llmm_fair_update(f, t, p, g, nanw, 4, NULL), LLMM_ENONFINITE);
    assert_int_equal(llmm_fair_update(f, p, t, (const int32_t[]){0, 0, -1, 0}, NULL, 4, NULL),
                     LLMM_ERANGE);
    assert_int_equal(llmm_fair_update(f, (const int32_t[]){2}, p, g, NULL, 1, NULL), LLMM_ERANGE);
    llmm_fair_free(f);
    /* "single_group": difference 0, ratio 1 */
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(f, (const int32_t[]){1, 0, 1, 1},
                                      (const int32_t[]){1, 0, 0, 1}, (const int32_t[]){0, 0, 0, 0},
                                      NULL, 4, NULL),
                     LLMM_OK);
    assert_int_equal(llmm_fair_result_get(f, &r), LLMM_OK);
    assert_true(r.demographic_parity.difference == 0.0 && r.demographic_parity.ratio == 1.0);
    assert_true(r.equalized_odds_worst.ratio_to_overall == 1.0);
    assert_int_equal(r.four_fifths_pass, 1);
    llmm_fair_free(f);
}

static void test_merge_serialize(void **state)
{
    static const double w[] = {0.5, 2.0, 1.0, 1.5, 0.25, 1.0, 3.0, 0.75, 2.0};
    llmm_fair *whole, *a, *b, *c = NULL;
    llmm_fair_result r1, r2;
    unsigned char *buf;
    size_t n;
    (void)state;
    assert_int_equal(llmm_fair_create(&whole, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_create(&a, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_create(&b, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(whole, it, ip, ig, w, 9, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(b, it, ip, ig, w, 4, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(a, it + 4, ip + 4, ig + 4, w + 4, 5, NULL), LLMM_OK);
    n = llmm_fair_serialized_size(b);
    buf = (unsigned char *)malloc(n);
    assert_int_equal(llmm_fair_serialize(b, buf, n, &n), LLMM_OK);
    assert_int_equal(llmm_fair_deserialize(&c, buf, n, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_merge(a, c), LLMM_OK);
    assert_int_equal(llmm_fair_result_get(whole, &r1), LLMM_OK);
    assert_int_equal(llmm_fair_result_get(a, &r2), LLMM_OK);
    assert_memory_equal(&r1, &r2, sizeof r1);
    llmm_fair_free(c);
    c = NULL;
    assert_int_equal(llmm_fair_deserialize(&c, buf, n - 3, NULL), LLMM_EFORMAT);
    assert_null(c);
    free(buf);
    llmm_fair_free(whole);
    llmm_fair_free(a);
    llmm_fair_free(b);
}

static void test_bias(void **state)
{
    static const double a[] = {1.0, 2.0, 3.0}, b[] = {1.5, 2.0, 1.0};
    static const double st[] = {-1.0, -2.0, -3.0, -4.0}, an[] = {-2.0, -1.0, -3.0, -5.0};
    llmm_bias_options o;
    llmm_bias_gap_result g, g2;
    llmm_bias_stereotype_result s;
    (void)state;
    llmm_bias_options_default(&o);
    o.seed = 42;
    assert_int_equal(llmm_bias_counterfactual_gap(a, b, 3, &o, &g, NULL), LLMM_OK);
    assert_close(g.mean_gap, 2.5 / 3.0, 1e-12);
    assert_true(g.max_gap == 2.0 && g.n == 3);
    /* the interval of a mean of {0.5, 0, 2} resamples lies in [0, 2] */
    assert_true(g.ci_low >= 0.0 && g.ci_low <= g.mean_gap && g.mean_gap <= g.ci_high &&
                g.ci_high <= 2.0);
    /* same seed, same interval; the resamples are a known sequence */
    assert_int_equal(llmm_bias_counterfactual_gap(a, b, 3, &o, &g2, NULL), LLMM_OK);
    assert_memory_equal(&g, &g2, sizeof g);
    /* known answer pinning the counter-based stream: 5 resamples under seed 42 */
    o.n_resamples = 5;
    assert_int_equal(llmm_bias_counterfactual_gap(a, b, 3, &o, &g2, NULL), LLMM_OK);
    assert_close(g2.ci_low, 0.73333333333333339, 1e-15);
    assert_close(g2.ci_high, 1.95, 1e-15);
    o.n_resamples = 0;
    assert_int_equal(llmm_bias_counterfactual_gap(a, b, 3, &o, &g2, NULL), LLMM_OK);
    assert_true(isnan(g2.ci_low) && isnan(g2.ci_high) && g2.mean_gap == g.mean_gap);
    llmm_bias_options_default(&o);
    assert_int_equal(llmm_bias_stereotype_rate(st, an, 4, &o, &s, NULL), LLMM_OK);
    assert_true(s.rate == 0.5 && s.n_preferred == 2 && s.n_ties == 1 && s.n == 4);
    assert_true(s.ci_low >= 0.0 && s.ci_low <= 0.5 && s.ci_high >= 0.5 && s.ci_high <= 1.0);
    assert_int_equal(llmm_bias_stereotype_rate(st, an, 0, &o, &s, NULL), LLMM_EEMPTY);
    o.confidence = 1.0;
    assert_int_equal(llmm_bias_stereotype_rate(st, an, 4, &o, &s, NULL), LLMM_EINVAL);
    llmm_bias_options_default(&o);
    assert_int_equal(llmm_bias_counterfactual_gap(a, (const double[]){1, NAN, 2}, 3, &o, &g, NULL),
                     LLMM_ENONFINITE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_groups), cmocka_unit_test(test_weighted),
        cmocka_unit_test(test_degenerate), cmocka_unit_test(test_merge_serialize),
        cmocka_unit_test(test_bias),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
