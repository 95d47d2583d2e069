/* test_exactsum.c - the exact accumulator behind every order-independent float sum
 * (values checked against Python's math.fsum / statistics.mean). */
#include "test_util.h"
#include "core/exactsum.h"

static double sum_of(const double *x, size_t n, int finite_path)
{
    llmmi_exactsum s;
    size_t i;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) {
        if (finite_path) llmmi_exactsum_add_finite(&s, x[i]);
        else llmmi_exactsum_add(&s, x[i]);
    }
    return llmmi_exactsum_value(&s);
}

static void test_fsum_values(void **state)
{
    /* math.fsum([1e100, 1.0, -1e100]) == 1.0; math.fsum([0.1] * 10) == 1.0;
     * math.fsum([1e308, 1e308, -1e308]) == 1e308; subnormals add exactly. */
    static const double a[] = {1e100, 1.0, -1e100};
    static const double b[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    static const double c[] = {1e308, 1e308, -1e308};
    static const double d[] = {4.9406564584124654e-324, 4.9406564584124654e-324, -0.0};
    static const double e[] = {0.1, 0.2, 0.3, -0.6}; /* fsum: 2.7755575615628914e-17 */
    int fp;
    (void)state;
    for (fp = 0; fp < 2; fp++) {
        assert_true(sum_of(a, 3, fp) == 1.0);
        assert_true(sum_of(b, 10, fp) == 1.0);
        assert_true(sum_of(c, 3, fp) == 1e308);
        assert_true(sum_of(d, 3, fp) == 9.8813129168249309e-324);
        assert_true(sum_of(e, 4, fp) == 2.7755575615628914e-17);
    }
}

static void test_order_merge_and_serialization(void **state)
{
    double x[1000];
    llmmi_exactsum fwd, rev, half1, half2;
    unsigned char buf[1024];
    size_t i, n, used;
    uint64_t r = 88172645463325252ull;
    (void)state;
    for (i = 0; i < 1000; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        x[i] = ((double)(r % 2000001) - 1e6) * (i % 7 ? 1e-3 : 1e9);
    }
    llmmi_exactsum_init(&fwd);
    llmmi_exactsum_init(&rev);
    llmmi_exactsum_init(&half1);
    llmmi_exactsum_init(&half2);
    for (i = 0; i < 1000; i++) llmmi_exactsum_add(&fwd, x[i]);
    for (i = 1000; i-- > 0;) llmmi_exactsum_add_finite(&rev, x[i]);
    for (i = 0; i < 1000; i++) llmmi_exactsum_add(i % 2 ? &half1 : &half2, x[i]);
    llmmi_exactsum_merge(&half1, &half2);
    assert_true(llmmi_exactsum_value(&fwd) == llmmi_exactsum_value(&rev));
    assert_true(llmmi_exactsum_value(&fwd) == llmmi_exactsum_value(&half1));
    n = llmmi_exactsum_write(&fwd, buf);
    assert_int_equal(n, llmmi_exactsum_ser_size(&fwd));
    assert_int_equal(llmmi_exactsum_read(&half2, buf, n, &used), LLMM_OK);
    assert_int_equal(used, n);
    assert_true(llmmi_exactsum_value(&half2) == llmmi_exactsum_value(&fwd));
    assert_int_equal(llmmi_exactsum_read(&half2, buf, n - 1, &used), LLMM_EFORMAT);
}

static void test_nonfinite_and_mean(void **state)
{
    llmmi_exactsum s;
    (void)state;
    llmmi_exactsum_init(&s);
    assert_true(llmmi_exactsum_is_zero(&s));
    llmmi_exactsum_add(&s, 1.0);
    llmmi_exactsum_add(&s, HUGE_VAL);
    assert_true(llmmi_exactsum_value(&s) == HUGE_VAL);
    llmmi_exactsum_add(&s, -HUGE_VAL);
    assert_true(isnan(llmmi_exactsum_value(&s)));
    llmmi_exactsum_init(&s);
    llmmi_exactsum_add(&s, 1.0);
    llmmi_exactsum_add(&s, 2.0);
    llmmi_exactsum_add(&s, 2.0);
    /* statistics.mean([1.0, 2.0, 2.0]) == 1.6666666666666667 */
    assert_true(llmmi_exactsum_div(&s, 3) == 1.6666666666666667);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fsum_values),
        cmocka_unit_test(test_order_merge_and_serialization),
        cmocka_unit_test(test_nonfinite_and_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
