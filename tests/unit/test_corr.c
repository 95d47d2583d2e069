/* test_corr.c - pearsonr / spearmanr / kendalltau against scipy 1.10.1 values
 * (all three alternatives, tau-b and tau-c, exact and asymptotic p-values), bad input,
 * the accumulator (merge order, serialization) and allocator failures. */
#include "test_util.h"

static const double X[8] = {0.5, 1.25, -0.75, 2.0, 3.5, 1.0, -1.5, 0.25};
static const double Y[8] = {1.0, 0.75, -0.5, 2.5, 2.0, 1.0, -2.0, 1.5};

static llmm_corr_options opts(int alt, int variant, int method)
{
    llmm_corr_options o;
    llmm_corr_options_default(&o);
    o.alternative = alt;
    o.kendall_variant = variant;
    o.kendall_method = method;
    return o;
}

static void test_values(void **state)
{
    /* scipy 1.10.1, alternatives two-sided / less / greater */
    static const double pear_p[3] = {0.007792198320332355, 0.9961039008398338, 0.0038960991601661773};
    static const double spear_p[3] = {0.03051275903330906, 0.9847436204833454, 0.01525637951665453};
    static const double kend_p[3] = {0.06146490960741321, 0.9692675451962934, 0.030732454803706604};
    llmm_corr_result r;
    int alt;
    (void)state;
    for (alt = 0; alt < 3; alt++) {
        llmm_corr_options o = opts(alt, LLMM_KENDALL_B, LLMM_KENDALL_AUTO);
        assert_int_equal(llmm_pearsonr(X, Y, 8, &o, &r), LLMM_OK);
        assert_close(r.statistic, 0.8481141955339787, 1e-14);
        assert_close(r.pvalue, pear_p[alt], 1e-12);
        assert_int_equal(llmm_spearmanr(X, Y, 8, &o, &r, NULL), LLMM_OK);
        assert_close(r.statistic, 0.7545045450053531, 1e-14);
        assert_close(r.pvalue, spear_p[alt], 1e-12);
        /* y has a tie: 'auto' is asymptotic */
        assert_int_equal(llmm_kendalltau(X, Y, 8, &o, &r, NULL), LLMM_OK);
        assert_close(r.statistic, 0.5455447255899809, 1e-14);
        assert_close(r.pvalue, kend_p[alt], 1e-12);
        o.kendall_variant = LLMM_KENDALL_C;
        assert_int_equal(llmm_kendalltau(X, Y, 8, &o, &r, NULL), LLMM_OK);
        assert_close(r.statistic, 0.546875, 1e-14);
        assert_close(r.pvalue, kend_p[alt], 1e-12);
        /* exact requested with ties: scipy raises */
        o.kendall_method = LLMM_KENDALL_EXACT;
        assert_int_equal(llmm_kendalltau(X, Y, 8, &o, &r, NULL), LLMM_EDOMAIN);
    }
}

static void test_kendall_exact(void **state)
{
    static const double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8] = {2, 1, 4, 3, 6, 5, 8, 7};
    static const double exact[3] = {0.014136904761904762, 0.9972470238095239, 0.007068452380952381};
    static const double asym[3] = {0.013347575926843162, 0.9933262120365784, 0.006673787963421581};
    static const double xt[12] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8};
    static const double yt[12] = {2, 1, 3, 3, 5, 4, 6, 8, 7, 7, 9, 9};
    llmm_corr_result r;
    llmm_corr_options o;
    int alt;
    (void)state;
    for (alt = 0; alt < 3; alt++) {
        o = opts(alt, LLMM_KENDALL_B, LLMM_KENDALL_AUTO);
        assert_int_equal(llmm_kendalltau(x, y, 8, &o, &r, NULL), LLMM_OK);
        assert_close(r.statistic, 0.7142857142857142, 1e-14);
        assert_close(r.pvalue, exact[alt], 1e-12);
        o.kendall_method = LLMM_KENDALL_ASYMPTOTIC;
        assert_int_equal(llmm_kendalltau(x, y, 8, &o, &r, NULL), LLMM_OK);
        assert_close(r.pvalue, asym[alt], 1e-12);
    }
    o = opts(0, LLMM_KENDALL_B, LLMM_KENDALL_AUTO);
    assert_int_equal(llmm_kendalltau(xt, yt, 12, &o, &r, NULL), LLMM_OK);
    assert_close(r.statistic, 0.838818792059434, 1e-14);
    assert_close(r.pvalue, 0.00027401578418764506, 1e-12);
    o.kendall_variant = LLMM_KENDALL_C;
    assert_int_equal(llmm_kendalltau(xt, yt, 12, &o, &r, NULL), LLMM_OK);
    assert_close(r.statistic, 0.8253968253968254, 1e-14);
    assert_int_equal(llmm_spearmanr(xt, yt, 12, &o, &r, NULL), LLMM_OK);
    assert_close(r.statistic, 0.943175024427431, 1e-14);
    assert_close(r.pvalue, 4.239988987581355e-06, 1e-12);
}

static void test_edge_cases(void **state)
{
    static const double c4[4] = {2, 2, 2, 2}, l4[4] = {1, 2, 3, 4};
    static const double a3[3] = {1, 2, 3}, b3[3] = {1, 3, 2};
    static const double nan2[2] = {1, NAN}, inf2[2] = {1, INFINITY};
    static const double one[2] = {1, 2}, two[2] = {3, 1};
    llmm_corr_result r;
    llmm_corr_options o = opts(0, 0, 0);
    (void)state;
    /* constant input: NaN, LLMM_OK */
    assert_int_equal(llmm_pearsonr(c4, l4, 4, &o, &r), LLMM_OK);
    assert_true(isnan(r.statistic) && isnan(r.pvalue));
    assert_int_equal(llmm_spearmanr(l4, c4, 4, &o, &r, NULL), LLMM_OK);
    assert_true(isnan(r.statistic));
    assert_int_equal(llmm_kendalltau(c4, l4, 4, &o, &r, NULL), LLMM_OK);
    assert_true(isnan(r.statistic) && isnan(r.pvalue));
    /* n == 2: pearson sign product with p = 1; spearman p NaN (0 degrees of freedom) */
    assert_int_equal(llmm_pearsonr(one, two, 2, &o, &r), LLMM_OK);
    assert_true(r.statistic == -1.0 && r.pvalue == 1.0);
    assert_int_equal(llmm_spearmanr(one, two, 2, &o, &r, NULL), LLMM_OK);
    assert_close(r.statistic, -1.0, 1e-15);
    assert_true(isnan(r.pvalue));
    assert_int_equal(llmm_kendalltau(one, two, 2, &o, &r, NULL), LLMM_OK);
    assert_true(r.statistic == -1.0 && r.pvalue == 1.0);
    /* n == 3 */
    assert_int_equal(llmm_pearsonr(a3, b3, 3, &o, &r), LLMM_OK);
    assert_close(r.statistic, 0.5, 1e-15);
    assert_close(r.pvalue, 0.6666666666666667, 1e-13);
    /* n < 2: status and NaN */
    assert_int_equal(llmm_pearsonr(one, two, 1, &o, &r), LLMM_EDOMAIN);
    assert_true(isnan(r.statistic));
    assert_int_equal(llmm_spearmanr(one, two, 0, &o, &r, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_kendalltau(NULL, NULL, 0, &o, &r, NULL), LLMM_EEMPTY);
    /* non-finite */
    assert_int_equal(llmm_pearsonr(nan2, one, 2, &o, &r), LLMM_ENONFINITE);
    assert_int_equal(llmm_spearmanr(inf2, one, 2, &o, &r, NULL), LLMM_ENONFINITE);
    assert_int_equal(llmm_kendalltau(one, nan2, 2, &o, &r, NULL), LLMM_ENONFINITE);
    /* bad options, NULL */
    o.alternative = 5;
    assert_int_equal(llmm_pearsonr(one, two, 2, &o, &r), LLMM_EINVAL);
    assert_int_equal(llmm_pearsonr(NULL, two, 2, NULL, &r), LLMM_ENULL);
    assert_int_equal(llmm_corr_options_size(), sizeof(llmm_corr_options));
    assert_int_equal(llmm_corr_result_size(), sizeof(llmm_corr_result));
}

/* A perfect monotone relation: p-values at the boundary. */
static void test_perfect(void **state)
{
    static const double x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {1, 8, 27, 64, 125, 216};
    llmm_corr_result r;
    (void)state;
    assert_int_equal(llmm_spearmanr(x, y, 6, NULL, &r, NULL), LLMM_OK);
    assert_true(r.statistic == 1.0 && r.pvalue == 0.0);
    assert_int_equal(llmm_kendalltau(x, y, 6, NULL, &r, NULL), LLMM_OK);
    assert_close(r.statistic, 1.0, 1e-15);
    assert_close(r.pvalue, 0.002777777777777778, 1e-13);
    assert_int_equal(llmm_pearsonr(x, y, 6, NULL, &r), LLMM_OK);
    assert_close(r.statistic, 0.9379313244517968, 1e-14);
    assert_close(r.pvalue, 0.0056592203044705065, 1e-12);
}

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static void test_accumulator(void **state)
{
    llmm_corr *a, *b, *c, *d;
    llmm_corr_result r1, r2;
    llmm_corr_options o = opts(0, LLMM_KENDALL_C, 0);
    unsigned char buf[1024];
    size_t written;
    (void)state;
    assert_int_equal(llmm_corr_create(&a, NULL), LLMM_OK);
    assert_int_equal(llmm_corr_create(&b, NULL), LLMM_OK);
    assert_int_equal(llmm_corr_create(&c, NULL), LLMM_OK);
    /* a = first 3 + last 5; c = last 5 merged with first 3: the order differs */
    assert_int_equal(llmm_corr_add(a, X, Y, 3), LLMM_OK);
    assert_int_equal(llmm_corr_add(b, X + 3, Y + 3, 5), LLMM_OK);
    assert_int_equal(llmm_corr_merge(a, b), LLMM_OK);
    assert_int_equal(llmm_corr_merge(c, b), LLMM_OK);
    assert_int_equal(llmm_corr_add(c, X, Y, 3), LLMM_OK);
    assert_int_equal(llmm_corr_count(c), 8);
    assert_int_equal(llmm_corr_pearsonr(a, &o, &r1), LLMM_OK);
    assert_int_equal(llmm_corr_pearsonr(c, &o, &r2), LLMM_OK);
    assert_true(same(r1.statistic, r2.statistic) && same(r1.pvalue, r2.pvalue));
    assert_close(r1.statistic, 0.8481141955339787, 1e-14);
    assert_int_equal(llmm_corr_spearmanr(a, &o, &r1), LLMM_OK);
    assert_int_equal(llmm_corr_spearmanr(c, &o, &r2), LLMM_OK);
    assert_true(same(r1.statistic, r2.statistic) && same(r1.pvalue, r2.pvalue));
    assert_int_equal(llmm_corr_kendalltau(a, &o, &r1), LLMM_OK);
    assert_int_equal(llmm_corr_kendalltau(c, &o, &r2), LLMM_OK);
    assert_true(same(r1.statistic, r2.statistic) && same(r1.pvalue, r2.pvalue));
    assert_close(r1.statistic, 0.546875, 1e-14);
    /* serialization */
    assert_int_equal(llmm_corr_serialize(c, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, llmm_corr_serialized_size(c));
    assert_int_equal(llmm_corr_deserialize(&d, buf, written, NULL), LLMM_OK);
    assert_int_equal(llmm_corr_kendalltau(d, &o, &r2), LLMM_OK);
    assert_true(same(r1.statistic, r2.statistic) && same(r1.pvalue, r2.pvalue));
    llmm_corr_free(d);
    assert_int_equal(llmm_corr_deserialize(&d, buf, written - 8, NULL), LLMM_EFORMAT);
    assert_int_equal(llmm_corr_serialize(c, buf, written - 1, &written), LLMM_EBUFFER);
    /* self-merge doubles the data; NaN is rejected without adding anything */
    assert_int_equal(llmm_corr_merge(b, b), LLMM_OK);
    assert_int_equal(llmm_corr_count(b), 10);
    {
        static const double bad[2] = {1, NAN};
        assert_int_equal(llmm_corr_add(b, bad, bad, 2), LLMM_ENONFINITE);
        assert_int_equal(llmm_corr_count(b), 10);
    }
    llmm_corr_reset(b);
    assert_int_equal(llmm_corr_pearsonr(b, NULL, &r1), LLMM_EEMPTY);
    llmm_corr_free(a);
    llmm_corr_free(b);
    llmm_corr_free(c);
    llmm_corr_free(NULL);
}

static void test_alloc_failures(void **state)
{
    long fail;
    int all_ok = 0;
    (void)state;
    for (fail = 0; fail < 12; fail++) {
        counting_alloc ca = {0, 0, 0, fail};
        llmm_allocator al = counting_allocator(&ca);
        llmm_corr_result r;
        llmm_corr *acc = NULL;
        int rc1 = llmm_spearmanr(X, Y, 8, NULL, &r, &al);
        int rc2 = llmm_kendalltau(X, Y, 8, NULL, &r, &al);
        int rc3 = llmm_corr_create(&acc, &al);
        if (rc3 == LLMM_OK) rc3 = llmm_corr_add(acc, X, Y, 8);
        assert_true(rc1 == LLMM_OK || rc1 == LLMM_ENOMEM);
        assert_true(rc2 == LLMM_OK || rc2 == LLMM_ENOMEM);
        assert_true(rc3 == LLMM_OK || rc3 == LLMM_ENOMEM);
        llmm_corr_free(acc);
        assert_int_equal(ca.live_bytes, 0);
        all_ok |= rc1 == LLMM_OK && rc2 == LLMM_OK && rc3 == LLMM_OK;
    }
    assert_true(all_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),      cmocka_unit_test(test_kendall_exact),
        cmocka_unit_test(test_edge_cases),  cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_accumulator), cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
