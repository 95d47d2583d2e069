/* test_sketch.c - DDSketch (values from sketches-py 3.0.1), exact sums, numpy-exact
 * quantiles and means (values from numpy 1.24.2), serialization and bad input. */
#include "test_util.h"
#include "serve/ddsketch.h"
#include <float.h>
#include <stdlib.h>

static llmm_sketch *new_sketch(double alpha, uint32_t max_bins)
{
    llmm_sketch_options o;
    llmm_sketch *s = NULL;
    llmm_sketch_options_default(&o);
    o.relative_accuracy = alpha;
    o.max_bins = max_bins;
    assert_int_equal(llmm_sketch_create(&s, &o, NULL), LLMM_OK);
    return s;
}

static void assert_same_bytes(const llmm_sketch *a, const llmm_sketch *b)
{
    unsigned char ba[1 << 15], bb[1 << 15];
    size_t la, lb;
    assert_int_equal(llmm_sketch_serialize(a, ba, sizeof ba, &la), LLMM_OK);
    assert_int_equal(llmm_sketch_serialize(b, bb, sizeof bb, &lb), LLMM_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
}

/* sketches-py: DDSketch(0.01) fed these values; get_quantile_value(q). */
static void test_matches_sketches_py(void **state)
{
    static const double x[] = {12.5, -3.0, 0.0, 7.25, 1000.0, 0.001, -250.0, 42.0, 42.0, 5e-324};
    static const double q[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
    static const double want[] = {-252.17778678948588, -252.17778678948588, 0, 0.0009974781146369917,
                                  12.553937179918435, 41.682206632979195, 1002.4280085221619};
    llmm_sketch *s = new_sketch(0.01, 0);
    double out[7], v;
    int32_t key;
    size_t i;
    (void)state;
    assert_int_equal(llmm_sketch_add_many(s, x, 10, NULL), LLMM_OK);
    assert_int_equal(llmm_sketch_quantiles(s, q, 7, out), LLMM_OK);
    for (i = 0; i < 7; i++) assert_true(out[i] == want[i]);
    assert_true(llmm_sketch_count(s) == 10);
    assert_true(llmm_sketch_zero_count(s) == 2); /* 0.0 and the subnormal 5e-324 */
    assert_true(llmm_sketch_sum(s) == 850.751);
    assert_int_equal(llmm_sketch_min(s, &v), LLMM_OK);
    assert_true(v == -250.0);
    assert_int_equal(llmm_sketch_max(s, &v), LLMM_OK);
    assert_true(v == 1000.0);
    assert_int_equal(llmm_sketch_avg(s, &v), LLMM_OK);
    assert_true(v == 85.07509999999999); /* 850.751 / 10 */
    /* the mapping: key(100) = 231, key(1) = 0, key(0.5) = -34 */
    assert_int_equal(llmm_sketch_key(s, 100.0, &key), LLMM_OK);
    assert_int_equal(key, 231);
    assert_int_equal(llmm_sketch_key(s, 1.0, &key), LLMM_OK);
    assert_int_equal(key, 0);
    assert_int_equal(llmm_sketch_key(s, 0.5, &key), LLMM_OK);
    assert_int_equal(key, -34);
    assert_true(llmm_sketch_key_value(s, 231) == 100.4945677085671);
    assert_true(llmm_sketch_gamma(s) == 1.02020202020202);
    assert_int_equal(llmm_sketch_key(s, 0.0, &key), LLMM_EDOMAIN);
    llmm_sketch_free(s);
}

static void test_weights(void **state)
{
    /* sketches-py DDSketch(0.02): add(3.0, 5); add(10.0, 2); add(0.25, 3) */
    static const double q[] = {0, 0.3, 0.5, 0.8, 1};
    static const double want[] = {0.25148194427081255, 0.25148194427081255, 3.0040057916099467,
                                  3.0040057916099467, 9.975246759625618};
    llmm_sketch *s = new_sketch(0.02, 0), *t = new_sketch(0.02, 0);
    double out[5];
    size_t i;
    (void)state;
    assert_int_equal(llmm_sketch_add_weighted(s, 3.0, 5), LLMM_OK);
    assert_int_equal(llmm_sketch_add_weighted(s, 10.0, 2), LLMM_OK);
    assert_int_equal(llmm_sketch_add_weighted(s, 0.25, 3), LLMM_OK);
    assert_int_equal(llmm_sketch_add_weighted(s, 1.0, 0), LLMM_EINVAL);
    assert_int_equal(llmm_sketch_quantiles(s, q, 5, out), LLMM_OK);
    for (i = 0; i < 5; i++) assert_true(out[i] == want[i]);
    assert_true(llmm_sketch_sum(s) == 35.75);
    /* weight w == w single adds, byte for byte */
    for (i = 0; i < 5; i++) llmm_sketch_add(t, 3.0);
    for (i = 0; i < 2; i++) llmm_sketch_add(t, 10.0);
    for (i = 0; i < 3; i++) llmm_sketch_add(t, 0.25);
    assert_same_bytes(s, t);
    /* the exact sum of a weighted huge value */
    llmm_sketch_clear(t);
    assert_int_equal(llmm_sketch_add_weighted(t, 1e300, UINT64_C(1) << 20), LLMM_OK);
    assert_int_equal(llmm_sketch_add_weighted(t, -1e300, UINT64_C(1) << 20), LLMM_OK);
    assert_int_equal(llmm_sketch_add(t, 0.5), LLMM_OK);
    assert_true(llmm_sketch_sum(t) == 0.5);
    assert_int_equal(llmm_sketch_add_weighted(t, 1.0, UINT64_MAX), LLMM_EOVERFLOW);
    llmm_sketch_free(s);
    llmm_sketch_free(t);
}

static void test_merge_any_order(void **state)
{
    llmm_sketch *whole = new_sketch(0.01, 64), *p[4], *a, *b;
    int i, k;
    (void)state;
    for (k = 0; k < 4; k++) p[k] = new_sketch(0.01, 64);
    /* 4 decades + negatives: wider than 64 bins, so the low bins collapse */
    for (i = 0; i < 4000; i++) {
        double v = (i % 13 == 0 ? -1 : 1) * exp((double)(i * 7919 % 4000) / 400.0 - 3);
        llmm_sketch_add(whole, v);
        llmm_sketch_add(p[i % 4], v);
    }
    assert_true(llmm_sketch_is_collapsed(whole));
    assert_true(llmm_sketch_num_bins(whole) <= 2 * 64);
    /* ((p0 + p1) + (p2 + p3)) and (p3 + (p2 + (p1 + p0))) */
    assert_int_equal(llmm_sketch_clone(&a, p[0]), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(a, p[1]), LLMM_OK);
    assert_int_equal(llmm_sketch_clone(&b, p[2]), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(b, p[3]), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(a, b), LLMM_OK);
    assert_same_bytes(a, whole);
    llmm_sketch_free(a);
    llmm_sketch_free(b);
    assert_int_equal(llmm_sketch_clone(&a, p[1]), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(a, p[0]), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(p[2], a), LLMM_OK);
    assert_int_equal(llmm_sketch_merge(p[3], p[2]), LLMM_OK);
    assert_same_bytes(p[3], whole);
    /* self-merge doubles */
    assert_int_equal(llmm_sketch_merge(a, a), LLMM_OK);
    assert_true(llmm_sketch_count(a) == 4000); /* p1 + p0 = 2000, doubled */
    /* incompatible options */
    b = new_sketch(0.01, 0);
    assert_int_equal(llmm_sketch_merge(a, b), LLMM_EINVAL);
    llmm_sketch_free(a);
    llmm_sketch_free(b);
    for (k = 0; k < 4; k++) llmm_sketch_free(p[k]);
    llmm_sketch_free(whole);
}

static void test_guarantee_unbounded(void **state)
{
    static const double q[] = {0.01, 0.1, 0.5, 0.9, 0.99, 0.999};
    llmm_sketch *s = new_sketch(0.01, 0);
    double *x = malloc(10000 * sizeof *x), lower[6], got[6];
    int i;
    (void)state;
    assert_non_null(x);
    for (i = 0; i < 10000; i++) x[i] = exp((double)(i * 104729 % 10000) / 1000.0) / 7.0;
    assert_int_equal(llmm_sketch_add_many(s, x, 10000, NULL), LLMM_OK);
    assert_int_equal(llmm_quantiles(x, 10000, q, 6, LLMM_QUANTILE_LOWER, lower, NULL), LLMM_OK);
    assert_int_equal(llmm_sketch_quantiles(s, q, 6, got), LLMM_OK);
    for (i = 0; i < 6; i++) assert_true(fabs(got[i] - lower[i]) <= 0.01 * lower[i]);
    free(x);
    llmm_sketch_free(s);
}

static void test_bad_input(void **state)
{
    llmm_sketch *s = new_sketch(0.01, 2048);
    llmm_sketch_options o;
    double v, bad[3] = {1.0, NAN, 2.0};
    size_t added;
    (void)state;
    assert_int_equal(llmm_sketch_add(s, NAN), LLMM_ENONFINITE);
    assert_int_equal(llmm_sketch_add(s, INFINITY), LLMM_ENONFINITE);
    assert_int_equal(llmm_sketch_add(s, DBL_MAX), LLMM_EDOMAIN);
    assert_int_equal(llmm_sketch_add_many(s, bad, 3, &added), LLMM_ENONFINITE);
    assert_int_equal(added, 1);
    llmm_sketch_clear(s);
    assert_int_equal(llmm_sketch_quantile(s, 0.5, &v), LLMM_EEMPTY);
    assert_int_equal(llmm_sketch_avg(s, &v), LLMM_EEMPTY);
    assert_int_equal(llmm_sketch_min(s, &v), LLMM_EEMPTY);
    assert_true(llmm_sketch_sum(s) == 0.0);
    llmm_sketch_add(s, 1.0);
    assert_int_equal(llmm_sketch_quantile(s, 1.5, &v), LLMM_EDOMAIN);
    assert_int_equal(llmm_sketch_quantile(s, NAN, &v), LLMM_EDOMAIN);
    assert_int_equal(llmm_sketch_quantile(NULL, 0.5, &v), LLMM_ENULL);
    llmm_sketch_options_default(&o);
    o.relative_accuracy = 0.0;
    llmm_sketch_free(s);
    assert_int_equal(llmm_sketch_create(&s, &o, NULL), LLMM_EDOMAIN);
    assert_null(s);
    o.relative_accuracy = NAN;
    assert_int_equal(llmm_sketch_create(&s, &o, NULL), LLMM_EDOMAIN);
    llmm_sketch_free(NULL);
    assert_true(llmm_sketch_default_accuracy() == 0.01);
    assert_int_equal(llmm_sketch_default_max_bins(), 2048);
}

static void test_serialization(void **state)
{
    llmm_sketch *s = new_sketch(0.01, 2048), *t = NULL;
    unsigned char buf[4096];
    size_t len, i;
    (void)state;
    /* empty round trip */
    assert_int_equal(llmm_sketch_serialize(s, buf, sizeof buf, &len), LLMM_OK);
    assert_int_equal(llmm_sketch_deserialize(&t, buf, len, NULL), LLMM_OK);
    assert_true(llmm_sketch_count(t) == 0);
    llmm_sketch_free(t);
    for (i = 0; i < 500; i++) llmm_sketch_add(s, (double)(i % 50) - 10.5);
    assert_int_equal(llmm_sketch_serialize(s, buf, 8, &len), LLMM_EBUFFER);
    assert_int_equal(len, llmm_sketch_serialized_size(s));
    assert_int_equal(llmm_sketch_serialize(s, buf, sizeof buf, &len), LLMM_OK);
    assert_int_equal(llmm_sketch_deserialize(&t, buf, len, NULL), LLMM_OK);
    assert_same_bytes(s, t);
    llmm_sketch_free(t);
    /* every truncation and any flipped byte are refused */
    for (i = 0; i < len; i++) assert_int_not_equal(llmm_sketch_deserialize(&t, buf, i, NULL), LLMM_OK);
    for (i = 0; i < len; i += 7) {
        buf[i] ^= 0x20;
        assert_int_not_equal(llmm_sketch_deserialize(&t, buf, len, NULL), LLMM_OK);
        assert_null(t);
        buf[i] ^= 0x20;
    }
    buf[4] = 2; /* format version 2 */
    assert_int_equal(llmm_sketch_deserialize(&t, buf, len, NULL), LLMM_EVERSION);
    llmm_sketch_free(s);
}

static void test_alloc_failure(void **state)
{
    counting_alloc ca = {0, 0, 0, -1};
    llmm_allocator a = counting_allocator(&ca);
    llmm_sketch *s = NULL, *t = NULL;
    long k;
    int rc, i;
    (void)state;
    /* fail the n-th allocation: every call fails cleanly and nothing leaks */
    for (k = 0; k < 6; k++) {
        ca.fail_after = k;
        ca.allocs = 0;
        rc = llmm_sketch_create(&s, NULL, &a);
        if (rc == LLMM_OK) {
            for (i = 0; i < 300 && rc == LLMM_OK; i++) rc = llmm_sketch_add(s, exp(i / 10.0));
            assert_true(rc == LLMM_OK || rc == LLMM_ENOMEM);
            if (llmm_sketch_clone(&t, s) == LLMM_OK) llmm_sketch_free(t);
            llmm_sketch_free(s);
        } else {
            assert_int_equal(rc, LLMM_ENOMEM);
        }
        assert_int_equal(ca.live_bytes, 0);
    }
}

static void test_exact_quantiles(void **state)
{
    /* numpy 1.24.2 np.quantile(y, q, method=...) */
    static const double y[] = {1.5, 2.5, 3.25, 10.0, 0.125, 7.0, 7.0, 100.0, 64.0};
    static const double q[] = {0, 0.1, 0.333, 0.5, 0.9, 1};
    static const double lin[] = {0.125, 1.225, 2.998, 7.0, 71.2, 100.0};
    static const double inv[] = {0.125, 0.125, 2.5, 7.0, 100.0, 100.0};
    static const double low[] = {0.125, 0.125, 2.5, 7.0, 64.0, 100.0};
    static const double sorted_bad[] = {1.0, 3.0, 2.0};
    static const double two[] = {1.0, 1000.0};
    double out[6], v;
    size_t i;
    (void)state;
    assert_int_equal(llmm_quantiles(y, 9, q, 6, LLMM_QUANTILE_LINEAR, out, NULL), LLMM_OK);
    for (i = 0; i < 6; i++) assert_true(out[i] == lin[i]);
    assert_int_equal(llmm_quantiles(y, 9, q, 6, LLMM_QUANTILE_INVERTED_CDF, out, NULL), LLMM_OK);
    for (i = 0; i < 6; i++) assert_true(out[i] == inv[i]);
    assert_int_equal(llmm_quantiles(y, 9, q, 6, LLMM_QUANTILE_LOWER, out, NULL), LLMM_OK);
    for (i = 0; i < 6; i++) assert_true(out[i] == low[i]);
    /* two elements: inverted_cdf and lower differ (vectors latency/v/two) */
    v = 0.9;
    assert_int_equal(llmm_quantiles(two, 2, &v, 1, LLMM_QUANTILE_INVERTED_CDF, out, NULL), LLMM_OK);
    assert_true(out[0] == 1000.0);
    assert_int_equal(llmm_quantiles(two, 2, &v, 1, LLMM_QUANTILE_LOWER, out, NULL), LLMM_OK);
    assert_true(out[0] == 1.0);
    assert_int_equal(llmm_quantiles(two, 2, &v, 1, LLMM_QUANTILE_LINEAR, out, NULL), LLMM_OK);
    assert_true(out[0] == 900.1);
    /* bad input */
    assert_int_equal(llmm_quantiles(y, 0, q, 6, LLMM_QUANTILE_LINEAR, out, NULL), LLMM_EEMPTY);
    v = 1.01;
    assert_int_equal(llmm_quantiles(y, 9, &v, 1, LLMM_QUANTILE_LINEAR, out, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_quantiles(y, 9, q, 6, (llmm_quantile_method)7, out, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_quantiles_sorted(sorted_bad, 3, q, 1, LLMM_QUANTILE_LINEAR, out), LLMM_EINVAL);
    out[0] = NAN;
    assert_int_equal(llmm_quantiles(out, 1, q, 1, LLMM_QUANTILE_LINEAR, out + 1, NULL), LLMM_ENONFINITE);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Selection (llmm_quantiles) against a full sort (llmm_quantiles_sorted) on inputs that
 * trouble quickselect: sorted, reversed, all equal, three values, organ pipe. */
static void test_selection_shapes(void **state)
{
    static const double q[] = {0, 0.001, 0.25, 0.5, 0.5001, 0.9, 0.999, 1};
    enum { N = 5001 };
    double *x = malloc(N * sizeof *x), *s = malloc(N * sizeof *s), a[8], b[8];
    int shape, m, i;
    (void)state;
    assert_non_null(x);
    assert_non_null(s);
    for (shape = 0; shape < 5; shape++) {
        for (i = 0; i < N; i++)
            x[i] = shape == 0 ? i : shape == 1 ? N - i : shape == 2 ? 7.5 : shape == 3 ? i % 3
                 : (i < N / 2 ? i : N - i);
        memcpy(s, x, N * sizeof *x);
        qsort(s, N, sizeof *s, cmp_d);
        for (m = 0; m < 3; m++) {
            assert_int_equal(llmm_quantiles(x, N, q, 8, (llmm_quantile_method)m, a, NULL), LLMM_OK);
            assert_int_equal(llmm_quantiles_sorted(s, N, q, 8, (llmm_quantile_method)m, b), LLMM_OK);
            for (i = 0; i < 8; i++) assert_true(a[i] == b[i]);
        }
    }
    free(x);
    free(s);
}

static void test_means(void **state)
{
    /* x_i = ((i*7919 + k) % 1000) / 100 + i * 0.001; numpy 1.24.2 and math.fsum */
    static const struct {
        size_t n;
        int k;
        double np_mean, fsum_mean, np_std;
    } cases[] = {
        {130, 4, 5.09026923076923, 5.0902692307692305, 2.8998273099470584},
        {200, 6, 5.1145000000000005, 5.1145, 2.909732504887691},
        {1000, 14, 5.494500000000001, 5.4945, 2.898576072833004},
        {10000, 5, 9.994500000000002, 9.9945, 4.081621399640099}, /* 8192-element blocks */
    };
    static const double y[] = {1.5, 2.5, 3.25, 10.0, 0.125, 7.0, 7.0, 100.0, 64.0};
    double *x = malloc(10000 * sizeof *x), v;
    size_t c, i;
    (void)state;
    assert_non_null(x);
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (i = 0; i < cases[c].n; i++)
            x[i] = (double)((i * 7919 + (size_t)cases[c].k) % 1000) / 100.0 + (double)i * 0.001;
        assert_int_equal(llmm_mean_numpy(x, cases[c].n, &v), LLMM_OK);
        assert_true(v == cases[c].np_mean);
        assert_int_equal(llmm_mean_exact(x, cases[c].n, &v), LLMM_OK);
        assert_true(v == cases[c].fsum_mean);
        assert_int_equal(llmm_std_numpy(x, cases[c].n, &v), LLMM_OK);
        assert_true(v == cases[c].np_std);
    }
    assert_int_equal(llmm_std_numpy(y, 9, &v), LLMM_OK);
    assert_true(v == 33.45280672496372);
    assert_int_equal(llmm_mean_numpy(y, 9, &v), LLMM_OK);
    assert_true(v == 21.708333333333332);
    assert_int_equal(llmm_mean_numpy(y, 0, &v), LLMM_EEMPTY);
    assert_true(isnan(v));
    assert_int_equal(llmm_mean_exact(y, 0, &v), LLMM_EEMPTY);
    /* exact sum: cancellation and subnormals, any order */
    x[0] = 1e308;
    x[1] = 1.0;
    x[2] = -1e308;
    x[3] = 5e-324;
    assert_int_equal(llmm_sum_exact(x, 4, &v), LLMM_OK);
    assert_true(v == 1.0);
    x[0] = 0.1;
    x[1] = 0.2;
    x[2] = 0.3;
    assert_int_equal(llmm_sum_exact(x, 3, &v), LLMM_OK);
    assert_true(v == 0.6); /* math.fsum([0.1, 0.2, 0.3]) */
    assert_int_equal(llmm_sum_numpy(x, 3, &v), LLMM_OK);
    assert_true(v == 0.6000000000000001);
    x[0] = DBL_MAX;
    x[1] = DBL_MAX;
    assert_int_equal(llmm_sum_exact(x, 2, &v), LLMM_OK);
    assert_true(isinf(v) && v > 0);
    free(x);
}

/* The log-free key path equals sketches-py's formula: random values over the whole
 * range and the values next to every bucket boundary in +-2000 keys. */
static void test_fast_key(void **state)
{
    static const double alphas[] = {0.01, 0.001, 0.05, 0.5, 1e-6};
    uint64_t s = UINT64_C(88172645463325252);
    long i, k, d, checked = 0;
    size_t a;
    (void)state;
    for (a = 0; a < 5; a++) {
        llmmi_mapping m;
        assert_int_equal(llmmi_mapping_init(&m, alphas[a]), LLMM_OK);
        for (i = 0; i < 100000; i++) {
            double v;
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            v = exp(((double)(s >> 11) / 9007199254740992.0 - 0.5) * 1400);
            if (!(v > m.min_possible) || v > m.max_possible) continue;
            assert_int_equal(llmmi_mapping_key_fast(&m, llmmi_abs_bits(v)), llmmi_mapping_key(&m, v));
            checked++;
        }
        for (k = -2000; k <= 2000; k++) {
            double v = pow(2.0, (double)k / m.multiplier);
            for (d = 0; d < 8; d++) v = nextafter(v, 0);
            for (d = 0; d < 16; d++, v = nextafter(v, INFINITY)) {
                if (!(v > m.min_possible) || v > m.max_possible) continue;
                assert_int_equal(llmmi_mapping_key_fast(&m, llmmi_abs_bits(v)), llmmi_mapping_key(&m, v));
                checked++;
            }
        }
    }
    assert_true(checked > 500000);
}

/* The three add paths (add_many's blocks, add's fast path, add_weighted's general
 * path) give byte-identical sketches and the same sum: values over 200 binary
 * exponents (beyond the sum's 64-exponent window), negatives, zeros, subnormals,
 * more than one window budget (2048 adds), with and without a collapsing bin limit;
 * and add_many stops at the first bad value with the earlier ones added. */
static void test_add_paths_agree(void **state)
{
    static const uint32_t limits[] = {0, 2048, 40};
    enum { N = 9000 };
    double *x = malloc(N * sizeof *x);
    uint64_t r = UINT64_C(0x9E3779B97F4A7C15);
    size_t i, added;
    int l;
    (void)state;
    assert_non_null(x);
    for (i = 0; i < N; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        x[i] = ldexp(1.0 + (double)(r >> 12) / 4503599627370496.0, (int)(r % 200) - 100);
        if (i % 101 == 0) x[i] = -x[i];
        if (i % 997 == 0) x[i] = 0.0;
        if (i % 1499 == 0) x[i] = 4.9406564584124654e-324 * (double)(i % 7);
        if (i >= 5000 && i < 7000) x[i] = 0.001 * (double)(1 + i % 500); /* narrow range */
    }
    for (l = 0; l < 3; l++) {
        llmm_sketch *a = new_sketch(0.01, limits[l]), *b = new_sketch(0.01, limits[l]);
        llmm_sketch *c = new_sketch(0.01, limits[l]);
        assert_int_equal(llmm_sketch_add_many(a, x, N, &added), LLMM_OK);
        assert_int_equal(added, N);
        for (i = 0; i < N; i++) {
            assert_int_equal(llmm_sketch_add(b, x[i]), LLMM_OK);
            assert_int_equal(llmm_sketch_add_weighted(c, x[i], 1), LLMM_OK);
        }
        assert_same_bytes(a, b);
        assert_same_bytes(a, c);
        assert_true(llmm_sketch_sum(a) == llmm_sketch_sum(c));
        llmm_sketch_clear(a);
        llmm_sketch_clear(b);
        x[4321] = NAN;
        assert_int_equal(llmm_sketch_add_many(a, x, N, &added), LLMM_ENONFINITE);
        assert_int_equal(added, 4321);
        for (i = 0; i < 4321; i++) assert_int_equal(llmm_sketch_add(b, x[i]), LLMM_OK);
        assert_same_bytes(a, b);
        x[4321] = 1.0;
        llmm_sketch_free(a);
        llmm_sketch_free(b);
        llmm_sketch_free(c);
    }
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_sketches_py), cmocka_unit_test(test_weights),
        cmocka_unit_test(test_merge_any_order),     cmocka_unit_test(test_guarantee_unbounded),
        cmocka_unit_test(test_bad_input),           cmocka_unit_test(test_serialization),
        cmocka_unit_test(test_alloc_failure),       cmocka_unit_test(test_exact_quantiles),
        cmocka_unit_test(test_means),               cmocka_unit_test(test_fast_key),
        cmocka_unit_test(test_selection_shapes),    cmocka_unit_test(test_add_paths_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
