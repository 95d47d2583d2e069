/* test_prob_stats.c - llmm_xent_* and llmm_kld_*: reference values (from
 * vectors/logprob.jsonl), statuses and all-or-nothing updates, merge-order
 * independence (bit-identical serialized stats), serialization errors, the
 * llama.cpp uncertainty formulas, allocation failure. */
#include "test_util.h"
#include <stdlib.h>

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static double rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * (1.0 / 9007199254740992.0);
}

/* seq_ce/rand_n10 */
static const double lp10[10] = {-1.1446596627997176, -4.788707178548496, -0.47816743034629006,
                                -0.23673552791491992, -1.5853424700980898, -0.01386522494857958,
                                -1.0738324335974778, -0.4590581878067714, -0.4439756644923996,
                                -0.27666802442875993};

static void test_xent_values(void **state)
{
    llmm_xent_stats s;
    llmm_xent_result r;
    (void)state;
    llmm_xent_stats_init(&s);
    assert_int_equal(llmm_xent_add_logprobs(&s, lp10, 10, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_xent_add_bytes(&s, 47), LLMM_OK);
    assert_int_equal(llmm_xent_finalize(&s, &r), LLMM_OK);
    assert_int_equal(r.n_tokens, 10);
    assert_close(r.nll_sum_nats, 10.501011804981502, 1e-15);
    assert_close(r.cross_entropy_nats, 1.0501011804981502, 1e-15);
    assert_close(r.cross_entropy_bits, 1.5149757655363276, 1e-15);
    assert_close(r.perplexity, 2.8579402712549142, 1e-15);
    assert_close(r.bits_per_byte, 0.3223352692630484, 1e-15);
}

static void test_xent_statuses(void **state)
{
    const double bad_nan[3] = {-0.5, NAN, -1.25}, bad_inf[3] = {-0.5, -HUGE_VAL, -1.25};
    const double pos[2] = {-0.5, 0.25};
    const unsigned char mask[3] = {1, 0, 1};
    llmm_xent_stats s;
    llmm_xent_result r;
    size_t bad = 99;
    (void)state;
    llmm_xent_stats_init(&s);
    assert_int_equal(llmm_xent_add_logprobs(&s, bad_nan, 3, NULL, &bad), LLMM_ENONFINITE);
    assert_int_equal(bad, 1);
    assert_int_equal(llmm_xent_add_logprobs(&s, pos, 2, NULL, &bad), LLMM_EDOMAIN);
    assert_int_equal(bad, 1);
    assert_int_equal(s.n_tokens, 0); /* nothing committed */
    assert_int_equal(llmm_xent_finalize(&s, &r), LLMM_EEMPTY);
    assert_true(isnan(r.cross_entropy_nats) && r.nll_sum_nats == 0);
    /* masked-out bad values are not looked at */
    assert_int_equal(llmm_xent_add_logprobs(&s, bad_nan, 3, mask, NULL), LLMM_OK);
    assert_int_equal(s.n_tokens, 2);
    assert_int_equal(llmm_xent_finalize(&s, &r), LLMM_OK);
    assert_close(r.nll_sum_nats, 1.75, 0);
    assert_true(r.bits_per_byte == HUGE_VAL); /* no bytes added: numpy x/0 */
    /* one-shot numpy semantics */
    assert_int_equal(llmm_xent_sequence(bad_inf, 3, 12, NULL, &r), LLMM_ENONFINITE);
    assert_true(r.perplexity == HUGE_VAL && r.bits_per_byte == HUGE_VAL);
    assert_int_equal(llmm_xent_sequence(bad_nan, 3, 12, NULL, &r), LLMM_ENONFINITE);
    assert_true(isnan(r.nll_sum_nats) && isnan(r.perplexity));
    assert_int_equal(llmm_xent_sequence(NULL, 0, 0, NULL, &r), LLMM_EEMPTY);
    assert_true(isnan(r.bits_per_byte) && r.n_tokens == 0);
    assert_int_equal(llmm_xent_add_logprobs(NULL, lp10, 1, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_xent_add_logprobs(&s, NULL, 1, NULL, NULL), LLMM_ENULL);
}

static void test_xent_logits(void **state)
{
    /* token_nll/rand_T1_V5 + an ignored token + a masked target */
    const float x[3][5] = {{-0.609375f, -1.4375f, 0.65625f, -2.6875f, 3.671875f},
                           {1.0f, 2.0f, 3.0f, 4.0f, 5.0f},
                           {0.0f, -HUGE_VALF, 1.0f, 2.0f, 3.0f}};
    int64_t tg[3] = {4, -100, 4};
    double nll[3];
    llmm_xent_options o;
    llmm_xent_stats s;
    llmm_xent_result r;
    size_t bad = 99;
    (void)state;
    llmm_xent_options_default(&o);
    o.ignore_index = -100;
    llmm_xent_stats_init(&s);
    assert_int_equal(llmm_xent_add_logits(&s, &o, x, 2, 5, LLMM_DTYPE_FP32, tg, nll, NULL), LLMM_OK);
    assert_close(nll[0], 0.0682293879491227, 1e-13);
    assert_true(isnan(nll[1]));
    assert_int_equal(s.n_tokens, 1);
    assert_int_equal(llmm_xent_finalize(&s, &r), LLMM_OK);
    assert_close(r.perplexity, 1.0706108655445374, 1e-13);
    tg[2] = 1; /* logit -Inf: infinite NLL, nothing committed */
    assert_int_equal(llmm_xent_add_logits(&s, &o, x, 3, 5, LLMM_DTYPE_FP32, tg, nll, &bad),
                     LLMM_EDOMAIN);
    assert_int_equal(bad, 2);
    assert_true(nll[2] == HUGE_VAL);
    assert_int_equal(s.n_tokens, 1);
    tg[2] = 5;
    assert_int_equal(llmm_xent_add_logits(&s, &o, x, 3, 5, LLMM_DTYPE_FP32, tg, NULL, &bad),
                     LLMM_ERANGE);
    tg[2] = -1;
    assert_int_equal(llmm_xent_add_logits(&s, &o, x, 3, 5, LLMM_DTYPE_FP32, tg, NULL, &bad),
                     LLMM_ERANGE);
    assert_int_equal(llmm_xent_add_logits(&s, &o, x, 3, 5, 42, tg, NULL, &bad), LLMM_EINVAL);
    assert_int_equal(s.n_tokens, 1);
}

/* Any split and merge order gives the same bytes. */
static void test_xent_merge_order(void **state)
{
    enum { N = 3000 };
    static double lp[N];
    llmm_xent_stats parts[7], fwd, rev, one;
    unsigned char b1[LLMM_XENT_STATS_SERIALIZED_MAX], b2[LLMM_XENT_STATS_SERIALIZED_MAX],
        b3[LLMM_XENT_STATS_SERIALIZED_MAX];
    size_t w1, w2, w3, i, lo = 0;
    int p;
    (void)state;
    for (i = 0; i < N; i++) lp[i] = -exp(20 * rnd() - 15); /* 1e-7 .. 1e2: rounding-sensitive */
    llmm_xent_stats_init(&one);
    assert_int_equal(llmm_xent_add_logprobs(&one, lp, N, NULL, NULL), LLMM_OK);
    for (p = 0; p < 7; p++) {
        size_t hi = p == 6 ? N : lo + (size_t)(rnd() * 600);
        llmm_xent_stats_init(&parts[p]);
        assert_int_equal(llmm_xent_add_logprobs(&parts[p], lp + lo, hi - lo, NULL, NULL), LLMM_OK);
        lo = hi;
    }
    llmm_xent_stats_init(&fwd);
    llmm_xent_stats_init(&rev);
    for (p = 0; p < 7; p++) assert_int_equal(llmm_xent_stats_merge(&fwd, &parts[p]), LLMM_OK);
    for (p = 6; p >= 0; p--) assert_int_equal(llmm_xent_stats_merge(&rev, &parts[p]), LLMM_OK);
    assert_int_equal(llmm_xent_stats_serialize(&fwd, b1, sizeof b1, &w1), LLMM_OK);
    assert_int_equal(llmm_xent_stats_serialize(&rev, b2, sizeof b2, &w2), LLMM_OK);
    assert_int_equal(llmm_xent_stats_serialize(&one, b3, sizeof b3, &w3), LLMM_OK);
    assert_int_equal(w1, w2);
    assert_int_equal(w1, w3);
    assert_memory_equal(b1, b2, w1);
    assert_memory_equal(b1, b3, w1);
    assert_true(w1 <= llmm_xent_stats_serialized_max());
}

static void test_xent_serialization_errors(void **state)
{
    llmm_xent_stats s, t;
    unsigned char b[LLMM_XENT_STATS_SERIALIZED_MAX];
    size_t w, need;
    (void)state;
    llmm_xent_stats_init(&s);
    assert_int_equal(llmm_xent_add_logprobs(&s, lp10, 10, NULL, NULL), LLMM_OK);
    need = llmm_xent_stats_serialized_size(&s);
    assert_int_equal(llmm_xent_stats_serialize(&s, b, need - 1, &w), LLMM_EBUFFER);
    assert_int_equal(w, need);
    assert_int_equal(llmm_xent_stats_serialize(&s, b, sizeof b, &w), LLMM_OK);
    assert_int_equal(llmm_xent_stats_deserialize(&t, b, w), LLMM_OK);
    assert_int_equal(t.n_tokens, 10);
    assert_int_equal(llmm_xent_stats_deserialize(&t, b, w - 1), LLMM_EFORMAT);
    assert_int_equal(llmm_xent_stats_deserialize(&t, b, 3), LLMM_EFORMAT);
    b[w - 1] ^= 1;
    assert_int_equal(llmm_xent_stats_deserialize(&t, b, w), LLMM_EFORMAT);
    assert_int_equal(llmm_xent_stats_deserialize(&t, NULL, w), LLMM_ENULL);
}

/* kld/tied_top */
static void test_kld_values(void **state)
{
    const float base[2][3] = {{2, 2, 0}, {1, 0, 1}}, test[2][3] = {{2, 2, 0}, {0, 0, 1}};
    const int64_t tg[2] = {0, 2};
    double per[2], q;
    llmm_kld *k;
    llmm_kld_result r;
    (void)state;
    assert_int_equal(llmm_kld_create(&k, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_finalize(k, &r), LLMM_EEMPTY);
    assert_true(isnan(r.kld_mean));
    assert_int_equal(llmm_kld_add(k, base, test, 2, 3, LLMM_DTYPE_FP32, tg, per, NULL), LLMM_OK);
    assert_true(per[0] == 0.0);
    assert_close(per[1], 0.11176870812531825, 1e-14);
    assert_int_equal(llmm_kld_finalize(k, &r), LLMM_OK);
    assert_int_equal(r.n_tokens, 2);
    assert_close(r.kld_mean, 0.055884354062659125, 1e-14);
    assert_true(r.kld_mean_unc == 0.0);
    assert_close(r.kld_p90, 0.10059183731278643, 1e-14);
    assert_close(r.kld_p99_9, 0.11165693941719293, 1e-14);
    assert_close(r.same_top, 0.5, 0);
    assert_close(r.ppl_test, 1.92520834837638, 1e-14);
    assert_close(r.ppl_base, 2.2486032369415403, 1e-14);
    assert_close(r.ln_ppl_ratio, -0.15527504506309997, 1e-13);
    assert_close(r.dp_rms, 0.10875166990778456, 1e-13);
    assert_int_equal(llmm_kld_quantile(k, 0, 0.95, &q), LLMM_OK);
    assert_close(q, 0.10618027271905234, 1e-14);
    assert_int_equal(llmm_kld_quantile(k, 2, 0.5, &q), LLMM_EINVAL);
    assert_int_equal(llmm_kld_quantile(k, 0, 1.5, &q), LLMM_EINVAL);
    llmm_kld_free(k);
    llmm_kld_free(NULL);
}

/* Random rows: llama.cpp's uncertainty formulas, merge order, serialization. */
static void test_kld_random(void **state)
{
    enum { T = 40, V = 37 };
    static float base[T][V], test[T][V];
    static int64_t tg[T];
    double per[T], sum = 0, sum2 = 0, mean, var;
    llmm_kld *all, *a, *b, *back;
    llmm_kld_result r, r2;
    unsigned char *b1, *b2;
    size_t w1, w2, t, v;
    (void)state;
    for (t = 0; t < T; t++) {
        for (v = 0; v < V; v++) {
            base[t][v] = (float)(rnd() * 8 - 4);
            test[t][v] = base[t][v] + (float)(rnd() * 0.5 - 0.25);
        }
        tg[t] = (int64_t)(rnd() * V);
    }
    assert_int_equal(llmm_kld_create(&all, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_add(all, base, test, T, V, LLMM_DTYPE_FP32, tg, per, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_count(all), T);
    assert_int_equal(llmm_kld_finalize(all, &r), LLMM_OK);
    for (t = 0; t < T; t++) {
        sum += per[t];
        sum2 += per[t] * per[t];
    }
    mean = sum / T;
    var = sum2 / T - mean * mean;
    assert_close(r.kld_mean, mean, 1e-13);
    assert_close(r.kld_mean_unc, sqrt(var / (T - 1)), 1e-10);
    assert_true(r.kld_min <= r.kld_p1 && r.kld_p1 <= r.kld_median && r.kld_median <= r.kld_max);
    assert_true(r.same_top_unc >= 0 && r.ppl_test_unc > 0 && r.dp_rms_unc >= 0);
    assert_true(fabs(r.cor_ln_ppl) <= 1.0 + 1e-9);

    /* split 15 / 25, merged both ways */
    assert_int_equal(llmm_kld_create(&a, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_create(&b, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_add(b, base[15], test[15], T - 15, V, LLMM_DTYPE_FP32, tg + 15, NULL,
                                  NULL), LLMM_OK);
    assert_int_equal(llmm_kld_add(a, base, test, 15, V, LLMM_DTYPE_FP32, tg, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_merge(b, a), LLMM_OK);
    assert_int_equal(llmm_kld_merge(b, b), LLMM_EINVAL);
    w1 = llmm_kld_serialized_size(all);
    b1 = malloc(w1);
    b2 = malloc(w1);
    assert_non_null(b1);
    assert_non_null(b2);
    assert_int_equal(llmm_kld_serialize(all, b1, w1, &w1), LLMM_OK);
    assert_int_equal(llmm_kld_serialize(b, b2, w1 - 1, &w2), LLMM_EBUFFER);
    assert_int_equal(llmm_kld_serialize(b, b2, w1, &w2), LLMM_OK);
    assert_int_equal(w1, w2);
    assert_memory_equal(b1, b2, w1);
    assert_int_equal(llmm_kld_deserialize(&back, b1, w1, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_kld_finalize(back, &r2), LLMM_OK);
    assert_memory_equal(&r, &r2, sizeof r);
    llmm_kld_free(back);
    b1[w1 - 3] ^= 0x40;
    assert_int_equal(llmm_kld_deserialize(&back, b1, w1, NULL, NULL), LLMM_EFORMAT);
    assert_null(back);
    assert_int_equal(llmm_kld_deserialize(&back, b1, 10, NULL, NULL), LLMM_EFORMAT);
    free(b1);
    free(b2);
    llmm_kld_free(all);
    llmm_kld_free(a);
    llmm_kld_free(b);
}

static void test_kld_statuses(void **state)
{
    const float p[2][3] = {{1, 2, 3}, {1, 2, 3}}, qm[2][3] = {{3, 2, 1}, {-HUGE_VALF, 2, 1}};
    const float pn[1][3] = {{1, NAN, 3}};
    const int64_t tg[2] = {0, 1}, bad_tg[2] = {0, 3};
    llmm_kld *k;
    size_t bad = 99;
    counting_alloc ca = {0, 0, 0, -1};
    llmm_allocator al = counting_allocator(&ca);
    (void)state;
    assert_int_equal(llmm_kld_create(&k, NULL, &al), LLMM_OK);
    /* q = 0 where p > 0: infinite KLD, nothing committed */
    assert_int_equal(llmm_kld_add(k, p, qm, 2, 3, LLMM_DTYPE_FP32, tg, NULL, &bad), LLMM_EDOMAIN);
    assert_int_equal(bad, 1);
    assert_int_equal(llmm_kld_count(k), 0);
    assert_int_equal(llmm_kld_add(k, p, p, 2, 3, LLMM_DTYPE_FP32, bad_tg, NULL, &bad), LLMM_ERANGE);
    assert_int_equal(llmm_kld_add(k, pn, pn, 1, 3, LLMM_DTYPE_FP32, tg, NULL, &bad), LLMM_ENONFINITE);
    assert_int_equal(llmm_kld_add(k, p, NULL, 2, 3, LLMM_DTYPE_FP32, tg, NULL, &bad), LLMM_ENULL);
    assert_int_equal(llmm_kld_add(k, p, p, 2, 3, LLMM_DTYPE_FP32, tg, NULL, &bad), LLMM_OK);
    assert_int_equal(llmm_kld_count(k), 2);
    llmm_kld_free(k);
    assert_int_equal(ca.live_bytes, 0);
    /* allocation failure: a clean status, no leak */
    ca.fail_after = 1;
    ca.allocs = 0;
    assert_int_equal(llmm_kld_create(&k, NULL, &al), LLMM_OK);
    assert_int_equal(llmm_kld_add(k, p, p, 2, 3, LLMM_DTYPE_FP32, tg, NULL, &bad), LLMM_ENOMEM);
    assert_int_equal(llmm_kld_count(k), 0);
    llmm_kld_free(k);
    assert_int_equal(ca.live_bytes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xent_values),     cmocka_unit_test(test_xent_statuses),
        cmocka_unit_test(test_xent_logits),     cmocka_unit_test(test_xent_merge_order),
        cmocka_unit_test(test_xent_serialization_errors), cmocka_unit_test(test_kld_values),
        cmocka_unit_test(test_kld_random),      cmocka_unit_test(test_kld_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
