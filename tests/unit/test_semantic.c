/* test_semantic.c - BERTScore greedy matching (values from the bert_score 0.3.12
 * formula in numpy / the vectors) and the transport LP / earth mover's distance (values
 * from scipy linear_sum_assignment and hand-solved LPs). */
#include "test_util.h"

static const double C3[3][3] = {{1, 2, 0}, {0, 1, 1}, {2, 0, -1}};
static const double R2[2][3] = {{1, 1, 0}, {0, 0, 1}};

static void test_bertscore(void **state)
{
    static const double ci[3] = {1, 2, 0.5}, ri[2] = {3, 1};
    static const float c32[3][3] = {{1, 2, 0}, {0, 1, 1}, {2, 0, -1}};
    static const float r32[2][3] = {{1, 1, 0}, {0, 0, 1}};
    static const float ci32[3] = {1, 2, 0.5f}, ri32[2] = {3, 1};
    llmm_bertscore_options o;
    llmm_bertscore_result r;
    (void)state;
    llmm_bertscore_options_default(&o);
    assert_int_equal(llmm_bertscore_greedy(&C3[0][0], 3, &R2[0][0], 2, 3, NULL, NULL, &o, &r, NULL), LLMM_OK);
    assert_close(r.precision, 0.7627485370902457, 1e-14);
    assert_close(r.recall, 0.8278950396185305, 1e-14);
    assert_close(r.f1, 0.7939877161417905, 1e-14);
    assert_int_equal(llmm_bertscore_greedy(&C3[0][0], 3, &R2[0][0], 2, 3, ci, ri, &o, &r, NULL), LLMM_OK);
    assert_close(r.precision, 0.7654641789829847, 1e-14);
    assert_close(r.recall, 0.8882891688345221, 1e-14);
    assert_close(r.f1, 0.8223155408498424, 1e-14);
    assert_int_equal(llmm_bertscore_greedy_f32(&c32[0][0], 3, &r32[0][0], 2, 3, ci32, ri32, &o, &r, NULL), LLMM_OK);
    assert_close(r.f1, 0.8223155408498424, 1e-14); /* exact float inputs, double arithmetic */
    o.rescale_with_baseline = 1;
    o.baseline[0] = 0.3;
    o.baseline[1] = 0.4;
    o.baseline[2] = 0.5;
    assert_int_equal(llmm_bertscore_greedy(&C3[0][0], 3, &R2[0][0], 2, 3, ci, ri, &o, &r, NULL), LLMM_OK);
    assert_close(r.precision, 0.6649488271185496, 1e-14);
    assert_close(r.recall, 0.8138152813908702, 1e-14);
    assert_close(r.f1, 0.6446310816996847, 1e-14);
    /* the 2-token quirk: P = R = 0 but F as computed before */
    llmm_bertscore_options_default(&o);
    o.two_token_is_empty = 1;
    assert_int_equal(llmm_bertscore_greedy(&C3[0][0], 3, &R2[0][0], 2, 3, NULL, NULL, &o, &r, NULL), LLMM_OK);
    assert_true(r.precision == 0 && r.recall == 0);
    assert_close(r.f1, 0.7939877161417905, 1e-14);
}

static void test_bertscore_edges(void **state)
{
    static const double one[1][2] = {{1, 0}}, negs[3][2] = {{-1, 0}, {0, -1}, {-1, -1}};
    static const double a[1][2] = {{1, 2}}, b[1][2] = {{2, 1}}, zero[1][2] = {{0, 0}};
    static const double zw[1] = {0};
    llmm_bertscore_result r;
    (void)state;
    /* vectors semantic.jsonl negative_sims / single_tokens */
    assert_int_equal(llmm_bertscore_greedy(&one[0][0], 1, &negs[0][0], 3, 2, NULL, NULL, NULL, &r, NULL), LLMM_OK);
    assert_true(r.precision == 0.0 && r.f1 == 0.0);
    assert_close(r.recall, -0.5690355937288492, 1e-14);
    assert_int_equal(llmm_bertscore_greedy(&a[0][0], 1, &b[0][0], 1, 2, NULL, NULL, NULL, &r, NULL), LLMM_OK);
    assert_close(r.f1, 0.7999999999999999, 1e-15);
    /* all-zero idf: P NaN, F 0 (bert_score) */
    assert_int_equal(llmm_bertscore_greedy(&a[0][0], 1, &b[0][0], 1, 2, zw, NULL, NULL, &r, NULL), LLMM_OK);
    assert_true(isnan(r.precision) && r.f1 == 0.0);
    assert_int_equal(llmm_bertscore_greedy(&zero[0][0], 1, &b[0][0], 1, 2, NULL, NULL, NULL, &r, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_bertscore_greedy(&a[0][0], 0, &b[0][0], 1, 2, NULL, NULL, NULL, &r, NULL), LLMM_EEMPTY);
    {
        static const double nan1[1][2] = {{NAN, 1}};
        assert_int_equal(llmm_bertscore_greedy(&nan1[0][0], 1, &b[0][0], 1, 2, NULL, NULL, NULL, &r, NULL),
                         LLMM_ENONFINITE);
    }
    assert_int_equal(llmm_bertscore_greedy(NULL, 1, &b[0][0], 1, 2, NULL, NULL, NULL, &r, NULL), LLMM_ENULL);
}

static void test_transport(void **state)
{
    static const double cost[3][3] = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    double v, plan[9];
    size_t i;
    (void)state;
    /* assignment: (0,1) + (1,0) + (2,2) = 5, uniform weights 1/3 */
    assert_int_equal(llmm_transport(&cost[0][0], 3, 3, NULL, NULL, &v, plan, NULL), LLMM_OK);
    assert_close(v, 5.0 / 3, 1e-15);
    assert_close(plan[1], 1.0 / 3, 1e-15);
    assert_close(plan[3], 1.0 / 3, 1e-15);
    assert_close(plan[8], 1.0 / 3, 1e-15);
    for (i = 0; i < 9; i++) assert_true(plan[i] >= 0);
    {
        /* 1-D points {0, 1} (weights 3:1) to {0, 2} (1:1): 0.25*2 + 0.25*1 = 0.75 */
        static const double x[2] = {0, 1}, y[2] = {0, 2}, xw[2] = {3, 1};
        assert_int_equal(llmm_emd(x, 2, y, 2, 1, xw, NULL, LLMM_EMD_EUCLIDEAN, &v, NULL), LLMM_OK);
        assert_close(v, 0.75, 1e-15);
        assert_int_equal(llmm_emd(x, 2, y, 2, 1, xw, NULL, LLMM_EMD_SQEUCLIDEAN, &v, NULL), LLMM_OK);
        assert_close(v, 0.25 * 4 + 0.25 * 1, 1e-15);
        assert_int_equal(llmm_emd(x, 2, y, 2, 1, NULL, NULL, LLMM_EMD_EUCLIDEAN, &v, NULL), LLMM_OK);
        assert_close(v, 0.5, 1e-15);
        /* a zero vector has no cosine */
        assert_int_equal(llmm_emd(x, 2, y, 2, 1, NULL, NULL, LLMM_EMD_COSINE, &v, NULL), LLMM_EDOMAIN);
    }
    {
        /* semantic.jsonl single_points / identical_sets */
        static const double p[3] = {0, 0, 1}, q[3] = {3, 4, 1};
        static const double s1[2][2] = {{1, 0}, {0, 1}}, s2[2][2] = {{0, 1}, {1, 0}};
        assert_int_equal(llmm_emd(p, 1, q, 1, 3, NULL, NULL, LLMM_EMD_COSINE, &v, NULL), LLMM_OK);
        assert_close(v, 0.803883864861816, 1e-14);
        assert_int_equal(llmm_emd(&s1[0][0], 2, &s2[0][0], 2, 2, NULL, NULL, LLMM_EMD_COSINE, &v, NULL), LLMM_OK);
        assert_true(v == 0.0);
    }
}

static void test_transport_errors(void **state)
{
    static const double cost[2][2] = {{1, 2}, {3, 4}}, neg[2] = {1, -1}, zw[2] = {0, 0};
    static const double nanc[2][2] = {{1, NAN}, {3, 4}};
    double v;
    (void)state;
    assert_int_equal(llmm_transport(&cost[0][0], 2, 2, neg, NULL, &v, NULL, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_transport(&cost[0][0], 2, 2, NULL, zw, &v, NULL, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_transport(&nanc[0][0], 2, 2, NULL, NULL, &v, NULL, NULL), LLMM_ENONFINITE);
    assert_int_equal(llmm_transport(&cost[0][0], 0, 2, NULL, NULL, &v, NULL, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_transport(&cost[0][0], LLMM_EMD_MAX_POINTS + 1, 1, NULL, NULL, &v, NULL, NULL),
                     LLMM_EUNSUPPORTED);
    assert_int_equal(llmm_transport(NULL, 2, 2, NULL, NULL, &v, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_emd(&cost[0][0], 2, &cost[0][0], 2, 2, NULL, NULL, 7, &v, NULL), LLMM_EINVAL);
    /* zero weights are allowed: that point simply ships nothing */
    {
        static const double w[2] = {1, 0};
        assert_int_equal(llmm_transport(&cost[0][0], 2, 2, w, NULL, &v, NULL, NULL), LLMM_OK);
        assert_close(v, 1.5, 1e-15);
    }
}

/* A degenerate 40 x 40 assignment (all points on a grid, many equal costs): the simplex
 * must terminate and find the value of the identity matching, 0. */
static void test_degenerate(void **state)
{
    double x[40][2], v;
    size_t i;
    (void)state;
    for (i = 0; i < 40; i++) {
        x[i][0] = (double)(i % 5);
        x[i][1] = (double)(i / 5);
    }
    assert_int_equal(llmm_emd(&x[0][0], 40, &x[0][0], 40, 2, NULL, NULL, LLMM_EMD_EUCLIDEAN, &v, NULL), LLMM_OK);
    assert_true(v == 0.0);
}

static void test_alloc_failures(void **state)
{
    long fail;
    int all_ok = 0;
    (void)state;
    for (fail = 0; fail < 6; fail++) {
        counting_alloc ca = {0, 0, 0, fail};
        llmm_allocator al = counting_allocator(&ca);
        llmm_bertscore_result r;
        double v;
        int rc1 = llmm_bertscore_greedy(&C3[0][0], 3, &R2[0][0], 2, 3, NULL, NULL, NULL, &r, &al);
        int rc2 = llmm_emd(&C3[0][0], 3, &R2[0][0], 2, 3, NULL, NULL, LLMM_EMD_COSINE, &v, &al);
        assert_true(rc1 == LLMM_OK || rc1 == LLMM_ENOMEM);
        assert_true(rc2 == LLMM_OK || rc2 == LLMM_ENOMEM);
        assert_int_equal(ca.live_bytes, 0);
        all_ok |= rc1 == LLMM_OK && rc2 == LLMM_OK;
    }
    assert_true(all_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bertscore),  cmocka_unit_test(test_bertscore_edges),
        cmocka_unit_test(test_transport),  cmocka_unit_test(test_transport_errors),
        cmocka_unit_test(test_degenerate), cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
