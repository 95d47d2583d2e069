/* test_calib.c - calibration metrics against torchmetrics 1.9.0 / scikit-learn 1.2.1 /
 * scipy 1.10.1 values (from ../shared/vectors/calibration.jsonl where noted, otherwise
 * computed with those libraries), plus merge, serialization, error and memory tests. */
#include "test_util.h"
#include <stdlib.h>

/* calibration.jsonl "ece/binary/on_bin_edges" */
static const double edge_p[] = {0.0, 0.1, 0.2, 0.5, 0.7, 0.9, 1.0, 1.0};
static const int32_t edge_y[] = {0, 0, 1, 1, 0, 1, 1, 0};

static llmm_calib_ece *make_ece(uint32_t n_bins, int dtype)
{
    llmm_calib_ece_options o;
    llmm_calib_ece *e = NULL;
    llmm_calib_ece_options_default(&o);
    o.n_bins = n_bins;
    o.dtype = dtype;
    assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_OK);
    return e;
}

static void test_ece_binary_edges(void **state)
{
    llmm_calib_ece *e = make_ece(10, LLMM_CALIB_F64);
    llmm_calib_ece_result r;
    llmm_calib_bin b;
    (void)state;
    assert_int_equal(llmm_calib_ece_update_binary(e, edge_p, edge_y, 8), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
    assert_close(r.l1, 0.4, 1e-12);
    assert_close(r.l2, 0.4873397172404482, 1e-12);
    assert_close(r.max, 0.8, 1e-12);
    assert_int_equal(r.count, 8);
    /* 1.0 lands in the extra 11th bin; 0.1 in [0.1, 0.2); edges of torch.linspace */
    assert_int_equal(llmm_calib_ece_n_bins_total(e), 11);
    assert_int_equal(llmm_calib_ece_bin(e, 10, &b), LLMM_OK);
    assert_int_equal(b.count, 2);
    assert_int_equal(b.correct, 1);
    assert_true(b.lower == 1.0 && b.accuracy == 0.5 && b.mean_confidence == 1.0);
    assert_int_equal(llmm_calib_ece_bin(e, 1, &b), LLMM_OK);
    assert_int_equal(b.count, 1);
    assert_true(b.lower == 0.1);
    assert_int_equal(llmm_calib_ece_bin(e, 3, &b), LLMM_OK);
    assert_true(b.lower == 0.30000000000000004); /* torch's float64 lane arithmetic */
    assert_int_equal(llmm_calib_ece_bin(e, 11, &b), LLMM_ERANGE);
    llmm_calib_ece_free(e);

    e = make_ece(10, LLMM_CALIB_F32);
    assert_int_equal(llmm_calib_ece_update_binary(e, edge_p, edge_y, 8), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
    assert_close(r.l1, 0.4000000059604645, 1e-7);
    assert_close(r.l2, 0.48733973503112793, 1e-7);
    assert_close(r.max, 0.800000011920929, 1e-7);
    assert_int_equal(llmm_calib_ece_bin(e, 3, &b), LLMM_OK);
    assert_true(b.lower == (double)0.30000001192092896f);
    llmm_calib_ece_free(e);
}

/* torchmetrics' multiclass_calibration_error docstring: 0.2000, 0.2082, 0.2333
 * (n_bins=3); float64 replica values. */
static const double mc_p[] = {0.25, 0.20, 0.55, 0.55, 0.05, 0.40, 0.10, 0.30, 0.60, 0.90, 0.05, 0.05};
static const int32_t mc_y[] = {0, 1, 2, 0};

static void test_ece_multiclass(void **state)
{
    llmm_calib_ece *e = make_ece(3, LLMM_CALIB_F64);
    llmm_calib_ece_result r;
    double conf[4];
    unsigned char ok[4];
    (void)state;
    assert_int_equal(llmm_calib_ece_update_multiclass(e, mc_p, 4, 3, mc_y), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
    assert_close(r.l1, 0.2000000000000001, 1e-12);
    assert_close(r.l2, 0.20816659994661338, 1e-12);
    assert_close(r.max, 0.23333333333333345, 1e-12);
    llmm_calib_ece_free(e);
    e = make_ece(3, LLMM_CALIB_F32);
    assert_int_equal(llmm_calib_ece_update_multiclass(e, mc_p, 4, 3, mc_y), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
    assert_close(r.l1, 0.2000000178813935, 1e-7);
    assert_close(r.max, 0.23333334922790533, 1e-7);
    llmm_calib_ece_free(e);
    assert_int_equal(llmm_calib_top_label(mc_p, 4, 3, mc_y, LLMM_CALIB_INPUT_AUTO, conf, ok),
                     LLMM_OK);
    assert_true(conf[0] == 0.55 && conf[3] == 0.90);
    assert_true(ok[0] == 0 && ok[1] == 0 && ok[2] == 1 && ok[3] == 1);
}

/* Values outside [0, 1]: logits, sigmoid applied (torchmetrics normalize_logits_if_needed). */
static void test_ece_logits(void **state)
{
    static const double lg[] = {-1.0, 0.5, 2.0, -3.0, 0.0};
    static const int32_t y[] = {0, 1, 1, 0, 1};
    llmm_calib_ece_options o;
    llmm_calib_ece *e = make_ece(5, LLMM_CALIB_F64);
    llmm_calib_ece_result r;
    (void)state;
    assert_int_equal(llmm_calib_ece_update_binary(e, lg, y, 5), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
    assert_close(r.l1, 0.26262217707356494, 1e-12);
    assert_close(r.l2, 0.3102660132177966, 1e-12);
    assert_close(r.max, 0.5, 1e-12);
    llmm_calib_ece_free(e);
    /* INPUT_PROBS refuses them */
    llmm_calib_ece_options_default(&o);
    o.input = LLMM_CALIB_INPUT_PROBS;
    assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_ece_update_binary(e, lg, y, 5), LLMM_EDOMAIN);
    llmm_calib_ece_free(e);
}

static void test_ece_empty_and_errors(void **state)
{
    static const double nan_p[] = {0.5, NAN};
    static const int32_t y2[] = {0, 2};
    llmm_calib_ece_options o;
    llmm_calib_ece *e = make_ece(15, LLMM_CALIB_F64);
    llmm_calib_ece_result r;
    (void)state;
    /* torchmetrics on empty input: l1 NaN (0/0), l2 0, max 0 */
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_EEMPTY);
    assert_true(isnan(r.l1) && r.l2 == 0.0 && r.max == 0.0 && r.count == 0);
    assert_int_equal(llmm_calib_ece_update_binary(e, nan_p, edge_y, 2), LLMM_ENONFINITE);
    assert_int_equal(llmm_calib_ece_update_binary(e, edge_p, y2, 2), LLMM_ERANGE);
    assert_int_equal(llmm_calib_ece_update_multiclass(e, mc_p, 4, 1, mc_y), LLMM_EINVAL);
    assert_int_equal(llmm_calib_ece_update_binary(e, NULL, edge_y, 2), LLMM_ENULL);
    assert_int_equal(llmm_calib_ece_update_binary(e, NULL, NULL, 0), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_EEMPTY); /* nothing was added */
    llmm_calib_ece_free(e);
    llmm_calib_ece_free(NULL);
    llmm_calib_ece_options_default(&o);
    o.n_bins = 0;
    assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_EINVAL);
    assert_null(e);
    o.n_bins = 10;
    o.dtype = 7;
    assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_EINVAL);
}

/* Shards merged in any order, and serialized on the way, give identical bits. */
static void test_ece_merge_serialize(void **state)
{
    double p[500];
    int32_t y[500];
    llmm_calib_ece *whole = make_ece(15, LLMM_CALIB_F64), *a = make_ece(15, LLMM_CALIB_F64),
                   *b = make_ece(15, LLMM_CALIB_F64), *c = NULL, *other = make_ece(10, LLMM_CALIB_F64);
    llmm_calib_ece_result r1, r2;
    unsigned char *buf;
    size_t n, i;
    uint32_t s = 12345;
    (void)state;
    for (i = 0; i < 500; i++) {
        s = s * 1103515245u + 12345u;
        p[i] = (double)(s >> 8) / 16777216.0;
        y[i] = (int32_t)(s >> 31);
    }
    assert_int_equal(llmm_calib_ece_update_binary(whole, p, y, 500), LLMM_OK);
    assert_int_equal(llmm_calib_ece_update_binary(a, p + 300, y + 300, 200), LLMM_OK);
    assert_int_equal(llmm_calib_ece_update_binary(b, p, y, 300), LLMM_OK);
    n = llmm_calib_ece_serialized_size(b);
    buf = (unsigned char *)malloc(n);
    assert_int_equal(llmm_calib_ece_serialize(b, buf, n - 1, NULL), LLMM_EBUFFER);
    assert_int_equal(llmm_calib_ece_serialize(b, buf, n, &n), LLMM_OK);
    assert_int_equal(llmm_calib_ece_deserialize(&c, buf, n, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_ece_merge(a, c), LLMM_OK);
    assert_int_equal(llmm_calib_ece_merge(a, other), LLMM_EINVAL);
    assert_int_equal(llmm_calib_ece_result_get(whole, &r1), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(a, &r2), LLMM_OK);
    assert_memory_equal(&r1, &r2, sizeof r1);
    /* truncated, corrupted and foreign blobs */
    llmm_calib_ece_free(c);
    c = NULL;
    assert_int_equal(llmm_calib_ece_deserialize(&c, buf, n - 1, NULL), LLMM_EFORMAT);
    buf[n - 1] ^= 1;
    assert_int_equal(llmm_calib_ece_deserialize(&c, buf, n, NULL), LLMM_EFORMAT);
    assert_int_equal(llmm_calib_ece_deserialize(&c, "LLMS", 4, NULL), LLMM_EFORMAT);
    assert_null(c);
    free(buf);
    llmm_calib_ece_free(whole);
    llmm_calib_ece_free(a);
    llmm_calib_ece_free(b);
    llmm_calib_ece_free(other);
}

/* Confidences in the integer fast path, below it (tiny, subnormal, zero) and 1.0:
 * every split into update calls and every merge order gives the same bits. */
static void test_ece_exact_sums(void **state)
{
    static const double c[] = {0x1p-11, 1e-17, 0x1p-30, 0x1p-10, 0.05, 1e-300, 0.0666,
                               0.03125, 5e-324, 0.001, 1.0, 0.0, 1.0, 0.9999999999999999};
    static const unsigned char ok[] = {1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1};
    llmm_calib_ece *whole = make_ece(15, LLMM_CALIB_F64), *part = make_ece(15, LLMM_CALIB_F64);
    llmm_calib_ece *rev = make_ece(15, LLMM_CALIB_F64);
    llmm_calib_ece_result r1, r2, r3;
    llmm_calib_bin b;
    size_t i;
    (void)state;
    assert_int_equal(llmm_calib_ece_update_confidence(whole, c, ok, 14), LLMM_OK);
    for (i = 0; i < 14; i += 3)
        assert_int_equal(llmm_calib_ece_update_confidence(part, c + i, ok + i, i + 3 <= 14 ? 3 : 14 - i),
                         LLMM_OK);
    for (i = 14; i-- > 0;)
        assert_int_equal(llmm_calib_ece_update_confidence(rev, c + i, ok + i, 1), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(whole, &r1), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(part, &r2), LLMM_OK);
    assert_int_equal(llmm_calib_ece_result_get(rev, &r3), LLMM_OK);
    assert_memory_equal(&r1, &r2, sizeof r1);
    assert_memory_equal(&r1, &r3, sizeof r1);
    /* bin 0 holds the first ten and 0.0: math.fsum(those) / 11 */
    assert_int_equal(llmm_calib_ece_bin(whole, 0, &b), LLMM_OK);
    assert_int_equal(b.count, 11);
    assert_true(b.mean_confidence == 0.15031484468132258 / 11);
    assert_int_equal(llmm_calib_ece_bin(whole, 15, &b), LLMM_OK);
    assert_true(b.count == 2 && b.mean_confidence == 1.0 && b.accuracy == 0.5);
    llmm_calib_ece_free(whole);
    llmm_calib_ece_free(part);
    llmm_calib_ece_free(rev);
}

static void test_prob(void **state)
{
    /* sklearn: brier_score_loss 0.19166666666666665, log_loss 6.139032152614291 (p = 0 for
     * a true 1 is clipped to eps) */
    static const double p[] = {0.1, 0.9, 0.8, 0.3, 0.0, 1.0};
    static const int32_t y[] = {0, 1, 1, 0, 1, 1};
    static const double P[] = {0.2, 0.7, 0.1, 0.6, 0.2, 0.2, 0.0, 0.5, 0.5, 0.3, 0.3, 0.4};
    static const int32_t Y[] = {1, 0, 0, 2};
    static const double bad[] = {0.5, 1.5};
    llmm_calib_prob *pr, *half, *copy = NULL;
    llmm_calib_prob_result r;
    unsigned char buf[2048];
    size_t n;
    (void)state;
    assert_int_equal(llmm_calib_prob_create(&pr, 1, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(pr, &r), LLMM_EEMPTY);
    assert_int_equal(llmm_calib_prob_update(pr, p, y, 6), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(pr, &r), LLMM_OK);
    assert_close(r.brier, 0.19166666666666665, 1e-12);
    assert_close(r.log_loss, 6.139032152614291, 1e-12);
    assert_int_equal(r.log_loss_status, LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(pr, bad, y, 2), LLMM_EDOMAIN);
    assert_int_equal(llmm_calib_prob_serialize(pr, buf, sizeof buf, &n), LLMM_OK);
    assert_int_equal(llmm_calib_prob_deserialize(&copy, buf, n, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(copy, &r), LLMM_OK);
    assert_close(r.brier, 0.19166666666666665, 1e-12);
    llmm_calib_prob_free(copy);
    llmm_calib_prob_free(pr);

    /* only the positive class in y_true: sklearn's log_loss raises */
    assert_int_equal(llmm_calib_prob_create(&pr, 1, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(pr, p + 1, y + 1, 2), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(pr, &r), LLMM_OK);
    assert_int_equal(r.log_loss_status, LLMM_EDOMAIN);
    /* sklearn log_loss([1, 1], [0.9, 0.8], labels=[0, 1]) */
    assert_close(r.log_loss, 0.164252033486018, 1e-12);
    assert_close(r.brier, (0.01 + 0.04) / 2, 1e-12);
    llmm_calib_prob_free(pr);

    /* multiclass: sklearn log_loss 9.456861172174008; Brier formula 0.605; the merge of
     * two halves equals the whole */
    assert_int_equal(llmm_calib_prob_create(&pr, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_create(&half, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(pr, P, Y, 2), LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(half, P + 6, Y + 2, 2), LLMM_OK);
    assert_int_equal(llmm_calib_prob_merge(pr, half), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(pr, &r), LLMM_OK);
    assert_close(r.log_loss, 9.456861172174008, 1e-12);
    assert_close(r.brier, 0.605, 1e-12);
    assert_int_equal(llmm_calib_prob_update(pr, P, mc_y + 2, 1), LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(pr, P, (const int32_t[]){3}, 1), LLMM_ERANGE);
    llmm_calib_prob_free(pr);
    llmm_calib_prob_free(half);
    assert_int_equal(llmm_calib_prob_create(&pr, 0, NULL), LLMM_EINVAL);
}

static void test_curve(void **state)
{
    /* sklearn's calibration_curve docstring data, n_bins = 3 */
    static const double p[] = {0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0};
    static const int32_t y[] = {0, 0, 0, 0, 1, 1, 1, 1, 1};
    llmm_calib_curve *cc;
    double pt[3], pp[3];
    uint64_t cnt[3];
    size_t n;
    (void)state;
    assert_int_equal(llmm_calib_curve_create(&cc, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_curve_update(cc, p, y, 9), LLMM_OK);
    assert_int_equal(llmm_calib_curve_result(cc, pt, pp, cnt, &n), LLMM_OK);
    assert_int_equal(n, 3);
    assert_true(pt[0] == 0.0 && pt[1] == 0.5 && pt[2] == 1.0);
    assert_close(pp[0], 0.20000000000000004, 1e-12);
    assert_close(pp[1], 0.525, 1e-12);
    assert_close(pp[2], 0.85, 1e-12);
    assert_true(cnt[0] == 3 && cnt[1] == 2 && cnt[2] == 4); /* 0.4 is in (1/3, 2/3] */
    llmm_calib_curve_free(cc);
    assert_int_equal(llmm_calib_curve_quantile(p, y, 9, 3, pt, pp, NULL, &n, NULL), LLMM_OK);
    assert_int_equal(n, 3);
    assert_close(pt[1], 0.6666666666666666, 1e-12);
    assert_close(pp[1], 0.5833333333333334, 1e-12);
    assert_close(pp[2], 0.9, 1e-12);
    assert_int_equal(llmm_calib_curve_quantile(p, y, 0, 3, pt, pp, NULL, &n, NULL), LLMM_EEMPTY);
}

static void test_adaptive(void **state)
{
    /* calibration.jsonl "prob/ties": 0.36666666666666664 with 10 and 15 bins */
    static const double p[] = {0.5, 0.5, 0.5, 0.5, 0.9, 0.1};
    static const unsigned char ok[] = {1, 0, 1, 0, 1, 0};
    double v;
    (void)state;
    assert_int_equal(llmm_calib_adaptive_ece(p, ok, 6, 10, &v, NULL), LLMM_OK);
    assert_close(v, 0.36666666666666664, 1e-12);
    /* 2 groups: {0.1, 0.5, 0.5} (acc 1/3, conf 11/30) and {0.5, 0.5, 0.9} (2/3, 19/30) */
    assert_int_equal(llmm_calib_adaptive_ece(p, ok, 6, 2, &v, NULL), LLMM_OK);
    assert_close(v, 0.5 * (11.0 / 30 - 1.0 / 3) + 0.5 * (2.0 / 3 - 19.0 / 30), 1e-12);
    assert_int_equal(llmm_calib_adaptive_ece(p, ok, 0, 2, &v, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_calib_adaptive_ece(p, ok, 6, 0, &v, NULL), LLMM_EINVAL);
}

/* scipy brentq in log T on g(T): T = 3.3298369365295235, NLL(1) = 1.288601551057261,
 * NLL(T) = 1.0422793290033356. */
static const double L[] = {2.0, 0.5, -1.0, 0.0, 1.5, 0.25, 1.0, 1.0, 3.0,
                           -0.5, 2.5, 0.0, 3.0, -1.0, 0.5, 0.25, 0.0, -0.25};
static const int32_t LT[] = {0, 2, 2, 1, 1, 2};

static void test_temperature(void **state)
{
    llmm_calib_temperature_result r;
    static const double always[] = {3.0, 0.0, 0.0, 2.0, 1.0, -1.0};
    static const int32_t always_y[] = {0, 1, 0};
    double nll;
    (void)state;
    assert_int_equal(llmm_calib_nll(L, 6, 3, LT, 1.0, &nll), LLMM_OK);
    assert_close(nll, 1.288601551057261, 1e-12);
    assert_int_equal(llmm_calib_temperature_fit(L, 6, 3, LT, NULL, &r, NULL), LLMM_OK);
    assert_close(r.temperature, 3.3298369365295235, 1e-10);
    assert_close(r.nll_after, 1.0422793290033356, 1e-12);
    assert_close(r.nll_before, 1.288601551057261, 1e-12);
    assert_close(r.g_min, 0.9583333333333334, 1e-12);
    assert_close(r.g_max, -0.3737821145718006, 1e-12);
    assert_true(r.ece_after >= 0.0 && r.ece_before >= 0.0);
    /* calibration.jsonl "temperature/always_correct": no interior minimiser */
    assert_int_equal(llmm_calib_temperature_fit(always, 3, 2, always_y, NULL, &r, NULL),
                     LLMM_EDOMAIN);
    assert_close(r.nll_before, 0.10081445788656225, 1e-12);
    assert_true(r.g_min == 0.0);
    assert_close(r.g_max, -1.1652500007847217, 1e-9);
    assert_true(isnan(r.temperature));
    assert_int_equal(llmm_calib_nll(L, 6, 3, LT, 0.0, &nll), LLMM_EINVAL);
    assert_int_equal(llmm_calib_nll(L, 0, 3, LT, 1.0, &nll), LLMM_EEMPTY);
}

/* Every allocation failing in turn gives LLMM_ENOMEM and leaks nothing. */
static void test_alloc_failures(void **state)
{
    long k;
    (void)state;
    for (k = 0; k < 8; k++) {
        counting_alloc ca = {0, 0, 0, -1};
        llmm_allocator a;
        llmm_calib_ece *e = NULL;
        double v;
        int rc;
        ca.fail_after = k;
        a = counting_allocator(&ca);
        rc = llmm_calib_ece_create(&e, NULL, &a);
        assert_true(rc == LLMM_OK || rc == LLMM_ENOMEM);
        llmm_calib_ece_free(e);
        rc = llmm_calib_adaptive_ece(edge_p, (const unsigned char *)"\1\0\1\1\0\1\1\0", 8, 3, &v, &a);
        assert_true(rc == LLMM_OK || rc == LLMM_ENOMEM);
        assert_int_equal(ca.live_bytes, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ece_binary_edges),   cmocka_unit_test(test_ece_multiclass),
        cmocka_unit_test(test_ece_logits),         cmocka_unit_test(test_ece_empty_and_errors),
        cmocka_unit_test(test_ece_merge_serialize), cmocka_unit_test(test_ece_exact_sums),
        cmocka_unit_test(test_prob),
        cmocka_unit_test(test_curve),              cmocka_unit_test(test_adaptive),
        cmocka_unit_test(test_temperature),        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
