/* test_serve.c - request metrics and the vLLM summary (values from vLLM's
 * calculate_metrics restated with numpy 1.24.2 on the requests below), throughput
 * window, token usage, cache hit rates and prompt keys (keys from libxxhash's XXH3-128
 * over the documented canonical form, built independently in Python). */
#include "test_util.h"

/* start, chunk arrival times, input, output, success */
static const double t0[] = {0.120, 0.150, 0.185, 0.215, 0.260};
static const double t1[] = {0.300, 0.340, 0.372};
static const double t2[] = {0.210};
static const double t4[] = {0.410, 0.452, 0.493, 0.537, 0.580, 0.655, 0.700};
static const double t5[] = {0.520, 0.560};

static void make_requests(llmm_serve_request *r)
{
    static const double *const times[6] = {t0, t1, t2, NULL, t4, t5};
    static const size_t nt[6] = {5, 3, 1, 0, 7, 2};
    static const double start[6] = {0.0, 0.05, 0.10, 0.20, 0.25, 0.30};
    static const uint64_t in[6] = {100, 250, 80, 40, 512, 64}, out[6] = {5, 3, 1, 0, 7, 2};
    int i;
    for (i = 0; i < 6; i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].start = start[i];
        r[i].token_times = times[i];
        r[i].n_token_times = nt[i];
        r[i].first_token = nt[i] ? times[i][0] : NAN;
        r[i].end = nt[i] ? times[i][nt[i] - 1] : NAN;
        r[i].input_tokens = in[i];
        r[i].output_tokens = out[i];
        r[i].cached_tokens = in[i] / 4;
        r[i].success = i != 3;
    }
}

static void assert_stats(const llmm_serve_stats *s, uint64_t count, double mean, double median,
                         double std, const double *pct)
{
    int i;
    assert_true(s->count == count);
    assert_true(s->mean_ms == mean);
    assert_true(s->median_ms == median);
    assert_true(s->std_ms == std);
    for (i = 0; i < 3; i++) assert_true(s->percentiles_ms[i] == pct[i]);
}

static void test_summary_exact(void **state)
{
    static const double p_ttft[] = {159.99999999999997, 238.00000000000003, 248.79999999999998};
    static const double p_tpot[] = {38.00000000000002, 45.83333333333334, 48.08333333333333};
    static const double p_itl[] = {40.99999999999998, 45.0, 71.40000000000003};
    static const double p_e2e[] = {260.00000000000006, 398.8, 444.87999999999994};
    llmm_serve_request r[6];
    llmm_serve_options o;
    llmm_serve_summary s;
    (void)state;
    make_requests(r);
    llmm_serve_options_default(&o);
    assert_int_equal((int)o.n_percentiles, 1);
    assert_true(o.percentiles[0] == 99.0);
    o.duration_s = 0.7;
    o.n_percentiles = 3;
    o.percentiles[0] = 50;
    o.percentiles[1] = 90;
    o.percentiles[2] = 99;
    o.slo.ttft_ms = 200; /* vllm bench serve --goodput ttft:200 tpot:40 */
    o.slo.tpot_ms = 40;
    assert_int_equal(llmm_serve_summarize(r, 6, &o, &s, NULL), LLMM_OK);
    assert_true(s.completed == 5 && s.failed == 1 && s.good == 2);
    assert_true(s.total_input == 1006 && s.total_output == 18 && s.total_cached == 251);
    assert_true(s.request_throughput == 7.142857142857143);
    assert_true(s.request_goodput == 2.857142857142857);
    assert_true(s.output_throughput == 25.714285714285715);
    assert_true(s.total_token_throughput == 1462.857142857143);
    assert_stats(&s.ttft, 5, 172.0, 159.99999999999997, 54.918120870983934, p_ttft);
    assert_stats(&s.tpot, 4, 39.83333333333334, 38.00000000000002, 5.251983752196242, p_tpot);
    assert_stats(&s.itl, 13, 41.69230769230769, 40.99999999999998, 10.943101904393522, p_itl);
    assert_stats(&s.e2e, 5, 280.4, 260.00000000000006, 109.87556598261509, p_e2e);

    /* duration from the requests: max(end) - min(start) = 0.7 */
    o.duration_s = 0;
    assert_int_equal(llmm_serve_summarize(r, 6, &o, &s, NULL), LLMM_OK);
    assert_true(s.duration_s == 0.7);

    /* sketch mode: quantiles within 1 % of the exact `lower` quantiles, mean exact */
    o.mode = LLMM_SERVE_SKETCH;
    assert_int_equal(llmm_serve_summarize(r, 6, &o, &s, NULL), LLMM_OK);
    assert_true(fabs(s.e2e.median_ms - 260.0) <= 0.01 * 260.0);
    assert_true(fabs(s.e2e.percentiles_ms[2] - 322.0) <= 0.01 * 322.0); /* lower q99 */
    assert_close(s.ttft.mean_ms, 172.0, 1e-15);
    assert_close(s.itl.std_ms, 10.943101904393522, 1e-12);
}

static void test_summary_edges(void **state)
{
    llmm_serve_request r[6], one;
    llmm_serve_options o;
    llmm_serve_summary s;
    (void)state;
    make_requests(r);
    llmm_serve_options_default(&o);
    /* only failures: vLLM's np.mean(x or 0) gives 0 */
    assert_int_equal(llmm_serve_summarize(r + 3, 1, &o, &s, NULL), LLMM_EDOMAIN); /* no times */
    o.duration_s = 10;
    assert_int_equal(llmm_serve_summarize(r + 3, 1, &o, &s, NULL), LLMM_OK);
    assert_true(s.completed == 0 && s.failed == 1);
    assert_true(s.ttft.mean_ms == 0 && s.itl.percentiles_ms[0] == 0 && s.tpot.count == 0);
    /* single-token output: TPOT 0 for goodput, excluded from TPOT stats */
    one = r[2];
    o.slo.tpot_ms = 1;
    assert_int_equal(llmm_serve_summarize(&one, 1, &o, &s, NULL), LLMM_OK);
    assert_true(s.tpot.count == 0 && s.good == 1);
    /* inclusive SLO: slo >= value */
    o.slo.tpot_ms = 0;
    o.slo.e2e_ms = 110; /* e2e of request 2 = 0.21 - 0.10 = 0.11 s */
    assert_int_equal(llmm_serve_summarize(&one, 1, &o, &s, NULL), LLMM_OK);
    assert_true(s.good == 1);
    /* bad input */
    assert_int_equal(llmm_serve_summarize(r, 0, &o, &s, NULL), LLMM_EEMPTY);
    o.percentiles[0] = 101;
    assert_int_equal(llmm_serve_summarize(r, 6, &o, &s, NULL), LLMM_EDOMAIN);
    o.percentiles[0] = 99;
    one.first_token = 0.05; /* before start */
    assert_int_equal(llmm_serve_summarize(&one, 1, &o, &s, NULL), LLMM_EDOMAIN);
    one = r[0];
    one.end = NAN;
    assert_int_equal(llmm_serve_summarize(&one, 1, &o, &s, NULL), LLMM_ENONFINITE);
    one = r[0];
    one.cached_tokens = 101;
    assert_int_equal(llmm_serve_summarize(&one, 1, &o, &s, NULL), LLMM_EINVAL);
}

static void test_request_metrics(void **state)
{
    llmm_serve_request r[6];
    llmm_serve_request_metrics m;
    double itl[8];
    size_t n;
    (void)state;
    make_requests(r);
    assert_int_equal(llmm_serve_request_metrics_get(&r[0], &m), LLMM_OK);
    assert_true(m.ttft == 0.12 && m.e2e == 0.26);
    assert_true(m.has_tpot && m.tpot == (0.26 - 0.12) / 4);
    assert_int_equal(m.n_itl, 4);
    assert_int_equal(llmm_serve_itl(&r[0], itl, 8, &n), LLMM_OK);
    assert_int_equal(n, 4);
    assert_true(itl[0] == 0.150 - 0.120 && itl[3] == 0.260 - 0.215);
    assert_int_equal(llmm_serve_itl(&r[0], itl, 2, &n), LLMM_EBUFFER);
    assert_int_equal(n, 4);
    assert_int_equal(llmm_serve_request_metrics_get(&r[3], &m), LLMM_EINVAL); /* failed */
    r[0].n_token_times = 3;
    r[0].token_times = NULL;
    assert_int_equal(llmm_serve_request_metrics_get(&r[0], &m), LLMM_ENULL);
    assert_int_equal((int)llmm_serve_request_size(), (int)sizeof(llmm_serve_request));
}

static void test_throughput_usage(void **state)
{
    llmm_serve_request r[6];
    llmm_serve_throughput tp;
    llmm_serve_usage u, v;
    double in, out, tot;
    int i;
    (void)state;
    make_requests(r);
    /* ends: 0.26, 0.372, 0.21, (failed), 0.70, 0.56; window [0.2, 0.6) -> 4 requests */
    assert_int_equal(llmm_serve_throughput_window(r, 6, 0.2, 0.6, &tp), LLMM_OK);
    assert_true(tp.requests == 4 && tp.input_tokens == 494 && tp.output_tokens == 11);
    assert_true(tp.requests_per_s == 4 / 0.39999999999999997);
    assert_int_equal(llmm_serve_throughput_window(r, 6, 1, 1, &tp), LLMM_EDOMAIN);
    llmm_serve_usage_init(&u);
    llmm_serve_usage_init(&v);
    for (i = 0; i < 3; i++) assert_int_equal(llmm_serve_usage_add(&u, &r[i]), LLMM_OK);
    for (i = 3; i < 6; i++) assert_int_equal(llmm_serve_usage_add(&v, &r[i]), LLMM_OK);
    assert_int_equal(llmm_serve_usage_merge(&u, &v), LLMM_OK);
    assert_true(u.requests == 6 && u.successful == 5 && u.input_tokens == 1046);
    assert_true(u.output_tokens == 18 && u.cached_tokens == 261);
    assert_int_equal(llmm_serve_usage_means(&u, &in, &out, &tot), LLMM_OK);
    assert_true(in == 1046.0 / 6 && out == 3.0 && tot == 1064.0 / 6);
    llmm_serve_usage_init(&v);
    assert_int_equal(llmm_serve_usage_means(&v, &in, &out, &tot), LLMM_EEMPTY);
    v.input_tokens = UINT64_MAX;
    assert_int_equal(llmm_serve_usage_add(&v, &r[0]), LLMM_EOVERFLOW);
}

static void test_cache(void **state)
{
    llmm_serve_cache c, d;
    double rate;
    (void)state;
    llmm_serve_cache_init(&c);
    llmm_serve_cache_init(&d);
    assert_int_equal(llmm_serve_cache_hit_rate(&c, UINT32_MAX, &rate), LLMM_EEMPTY);
    assert_int_equal(llmm_serve_cache_record(&c, 0, 10, 7), LLMM_OK);
    assert_int_equal(llmm_serve_cache_record(&c, 3, 30, 3), LLMM_OK);
    assert_int_equal(llmm_serve_cache_record(&d, 3, 10, 5), LLMM_OK);
    assert_int_equal(llmm_serve_cache_merge(&c, &d), LLMM_OK);
    assert_int_equal(llmm_serve_cache_hit_rate(&c, 0, &rate), LLMM_OK);
    assert_true(rate == 0.7);
    assert_int_equal(llmm_serve_cache_hit_rate(&c, 3, &rate), LLMM_OK);
    assert_true(rate == 0.2);
    assert_int_equal(llmm_serve_cache_hit_rate(&c, UINT32_MAX, &rate), LLMM_OK);
    assert_true(rate == 0.3); /* 15 / 50 */
    assert_int_equal(llmm_serve_cache_hit_rate(&c, 1, &rate), LLMM_EEMPTY);
    assert_int_equal(llmm_serve_cache_record(&c, 16, 1, 1), LLMM_ERANGE);
    assert_int_equal(llmm_serve_cache_record(&c, 1, 1, 2), LLMM_EINVAL);
    assert_int_equal(llmm_serve_cache_types(), 16);
}

static void test_prompt_key(void **state)
{
    llmm_str parts[3], norm[3];
    llmm_key128 k, k2;
    char hex[33];
    (void)state;
    parts[0] = test_str("llama-3-8b");
    parts[1] = test_str("You are helpful.");
    parts[2] = test_str("Hello,\xc2\xa0 world!\n"); /* NBSP + space, trailing newline */
    assert_int_equal(llmm_serve_prompt_key(parts, 3, 0, &k), LLMM_OK);
    assert_int_equal(llmm_key128_hex(&k, hex), LLMM_OK);
    assert_string_equal(hex, "6c33a06960a8fe4a471a8e898affb222");
    assert_true(k.lo == UINT64_C(0x471a8e898affb222) && k.hi == UINT64_C(0x6c33a06960a8fe4a));
    assert_int_equal(llmm_serve_prompt_key(parts, 3, LLMM_PROMPT_KEY_NORMALIZE_WS, &k), LLMM_OK);
    llmm_key128_hex(&k, hex);
    assert_string_equal(hex, "492562ab9b8e58305d2617556b1beb8b");
    /* normalization makes it equal to the already normalized text */
    norm[0] = parts[0];
    norm[1] = parts[1];
    norm[2] = test_str("Hello, world!");
    assert_int_equal(llmm_serve_prompt_key(norm, 3, LLMM_PROMPT_KEY_NORMALIZE_WS, &k2), LLMM_OK);
    assert_true(k.lo == k2.lo && k.hi == k2.hi);
    /* part boundaries matter: ("ab", "c") != ("a", "bc") */
    norm[0] = test_str("ab");
    norm[1] = test_str("c");
    parts[0] = test_str("a");
    parts[1] = test_str("bc");
    llmm_serve_prompt_key(norm, 2, 0, &k);
    llmm_serve_prompt_key(parts, 2, 0, &k2);
    assert_false(k.lo == k2.lo && k.hi == k2.hi);
    assert_int_equal(llmm_serve_prompt_key(NULL, 0, 0, &k), LLMM_OK);
    llmm_key128_hex(&k, hex);
    assert_string_equal(hex, "4cb1dda915027955947579edcce37f74");
    /* U+001C is Python whitespace, U+3000 too */
    parts[0] = test_str("\x1c a \xe3\x80\x80");
    llmm_serve_prompt_key(parts, 1, LLMM_PROMPT_KEY_NORMALIZE_WS, &k);
    llmm_key128_hex(&k, hex);
    assert_string_equal(hex, "cd6659791cffb9ac7f0e2f9a91e1a1bf");
    parts[0] = test_str("\xff");
    assert_int_equal(llmm_serve_prompt_key(parts, 1, 0, &k), LLMM_EUTF8);
    assert_int_equal(llmm_serve_prompt_key(parts, 1, 8, &k), LLMM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_exact), cmocka_unit_test(test_summary_edges),
        cmocka_unit_test(test_request_metrics), cmocka_unit_test(test_throughput_usage),
        cmocka_unit_test(test_cache), cmocka_unit_test(test_prompt_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
