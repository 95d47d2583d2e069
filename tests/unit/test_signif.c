/* test_signif.c - the NumPy-compatible random stream, the NumPy/Python reductions and the
 * BLEU significance tests against values printed by numpy 1.24.2 and sacrebleu 2.6.0
 * (significance.PairedTest / _bootstrap_resample on the statistics below, through a BLEU
 * subclass whose _extract_corpus_statistics returns them), plus a generic-engine metric
 * without `sub`, errors and allocator failures. Float results are compared exactly. */
#include "test_util.h"
#include "signif/signif_internal.h"
#include <stdlib.h>

#define assert_same(a, b)                                                            \
    do {                                                                             \
        double a_ = (a), b_ = (b);                                                   \
        if (!(a_ == b_ || (a_ != a_ && b_ != b_)))                                   \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                      \
    } while (0)

/* ---- random stream ---------------------------------------------------------------- */

static void test_seed_sequence(void **state)
{
    /* np.random.SeedSequence(s).generate_state(n) */
    static const uint32_t s12345[8] = {0xa03d837c, 0xb5ae6482, 0xfa1f7a2f, 0xbbe2996f,
                                       0x37158f94, 0x64e39a9f, 0xa013fd73, 0x3ebb0f96};
    static const uint32_t s_big[4] = {0xe3d1a15, 0xd8672e1, 0x4ecfa161, 0x9aef4ada};
    uint32_t w[8];
    int i;
    (void)state;
    llmm_seed_sequence_state(12345, w, 8);
    for (i = 0; i < 8; i++) assert_int_equal(w[i], s12345[i]);
    llmm_seed_sequence_state(UINT64_C(1099511627783), w, 4); /* 2^40 + 7: two words */
    for (i = 0; i < 4; i++) assert_int_equal(w[i], s_big[i]);
}

static void test_pcg64_raw(void **state)
{
    /* np.random.default_rng(s).bit_generator.random_raw(n) */
    static const uint64_t r12345[4] = {0x3a32b18db2ffc19dULL, 0x51171315c9e4c4deULL,
                                       0xcc2024823444efd9ULL, 0xad1f06aea486e910ULL};
    llmm_pcg64 g;
    int i;
    (void)state;
    llmm_pcg64_seed(&g, 12345);
    /* bit_generator.state of default_rng(12345) */
    assert_true(g.state_hi == 0x1905e0335aae9634ULL && g.state_lo == 0x9199b0d09775add5ULL);
    assert_true(g.inc_hi == 0xc9c7353e6e2b1f28ULL && g.inc_lo == 0x7d761f2d4027fae7ULL);
    for (i = 0; i < 4; i++) assert_true(llmm_pcg64_next64(&g) == r12345[i]);
    llmm_pcg64_seed(&g, 0);
    assert_true(llmm_pcg64_next64(&g) == 0xa30febcfd9c2825fULL);
    assert_true(llmm_pcg64_next64(&g) == 0x4510bdf882d9d721ULL);
    llmm_pcg64_seed(&g, UINT64_MAX);
    assert_true(llmm_pcg64_next64(&g) == 0xae163a7a8c47568fULL);
    /* next32: low half, then high half of one 64-bit draw */
    llmm_pcg64_seed(&g, 12345);
    assert_true(llmm_pcg64_next32(&g) == 0xb2ffc19dU);
    assert_true(llmm_pcg64_next32(&g) == 0x3a32b18dU);
    assert_true(llmm_pcg64_next32(&g) == 0xc9e4c4deU);
}

static void test_pcg64_integers(void **state)
{
    /* default_rng(12345).choice(2037, size=12) */
    static const uint64_t choice[12] = {1424, 463, 1606, 645, 415, 1624, 1309, 1377, 2013,
                                        796, 1709, 677};
    /* integers(0, 2**40 + 1, 4, int64) (64-bit Lemire) and integers(0, 2**32, 4) */
    static const uint64_t i40[4] = {249958600115ULL, 348279477706ULL, 876712591925ULL,
                                    743549873829ULL};
    static const uint64_t i32[4] = {3003105693ULL, 976400781ULL, 3387213022ULL, 1360466709ULL};
    static const uint64_t after_one[3] = {2, 0, 2};
    uint64_t out[12];
    llmm_pcg64 g;
    int i;
    (void)state;
    llmm_pcg64_seed(&g, 12345);
    assert_int_equal(llmm_pcg64_integers(&g, 2037, 12, out), LLMM_OK);
    for (i = 0; i < 12; i++) assert_true(out[i] == choice[i]);
    llmm_pcg64_seed(&g, 12345);
    assert_int_equal(llmm_pcg64_integers(&g, (UINT64_C(1) << 40) + 1, 4, out), LLMM_OK);
    for (i = 0; i < 4; i++) assert_true(out[i] == i40[i]);
    llmm_pcg64_seed(&g, 12345);
    assert_int_equal(llmm_pcg64_integers(&g, UINT64_C(1) << 32, 4, out), LLMM_OK);
    for (i = 0; i < 4; i++) assert_true(out[i] == i32[i]);
    /* high = 1 draws nothing: the stream is untouched */
    llmm_pcg64_seed(&g, 12345);
    assert_int_equal(llmm_pcg64_integers(&g, 1, 3, out), LLMM_OK);
    for (i = 0; i < 3; i++) assert_true(out[i] == 0);
    assert_int_equal(llmm_pcg64_integers(&g, 3, 3, out), LLMM_OK);
    for (i = 0; i < 3; i++) assert_true(out[i] == after_one[i]);
    assert_int_equal(llmm_pcg64_integers(&g, 0, 3, out), LLMM_EINVAL);
    assert_int_equal(llmm_pcg64_integers(NULL, 3, 3, out), LLMM_ENULL);
    assert_int_equal(llmm_pcg64_integers(&g, 3, 3, NULL), LLMM_ENULL);
    assert_int_equal(llmm_pcg64_integers(&g, 3, 0, NULL), LLMM_OK);
}

static void test_pcg64_bools(void **state)
{
    /* g = default_rng(12345); g.integers(2, size=40, dtype=bool); g.choice(5, size=6):
     * the choice continues after the spare 32-bit half left by the bool draw. */
    static const unsigned char bools[40] = {1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0,
                                            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0,
                                            1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1};
    static const uint64_t then[6] = {3, 1, 1, 3, 3, 3};
    unsigned char b[40];
    uint64_t out[6];
    llmm_pcg64 g;
    int i;
    (void)state;
    llmm_pcg64_seed(&g, 12345);
    assert_int_equal(llmm_pcg64_bools(&g, 40, b), LLMM_OK);
    for (i = 0; i < 40; i++) assert_int_equal(b[i], bools[i]);
    assert_int_equal(llmm_pcg64_integers(&g, 5, 6, out), LLMM_OK);
    for (i = 0; i < 6; i++) assert_true(out[i] == then[i]);
    assert_int_equal(llmm_pcg64_bools(&g, 1, NULL), LLMM_ENULL);
}

/* ---- reductions ------------------------------------------------------------------- */

static void test_means(void **state)
{
    double x[207], t1[3] = {1e16, 1.0, -1e16}, t2[3] = {0.1, 0.2, 0.4},
                   t3[3] = {5e-324, 5e-324, 0.0}, s[5] = {3, 1, NAN, 2, 1};
    int i;
    (void)state;
    x[0] = 1e16, x[1] = 1.0, x[2] = -1e16, x[3] = 3.0, x[4] = 0.1, x[5] = 0.2, x[6] = 0.3;
    for (i = 0; i < 200; i++) x[7 + i] = i * 0.37;
    /* np.mean(x) (pairwise) and statistics.mean(x) (exact) */
    assert_same(llmmi_np_mean(x, 207), 35.602415458937195);
    assert_same(llmmi_py_mean(x, 207), 35.59227053140096);
    assert_same(llmmi_py_mean(t1, 3), 0.3333333333333333);
    assert_same(llmmi_py_mean(t2, 3), 0.23333333333333334);
    assert_same(llmmi_py_mean(t3, 3), 5e-324);
    llmmi_np_sort(s, 5);
    assert_same(s[0], 1);
    assert_same(s[3], 3);
    assert_true(s[4] != s[4]);
    assert_same(llmmi_ci_halfwidth(s, 4), 1.0);
    assert_same(llmmi_p_value(t2, 3, 0.15), 0.75);
}

/* ---- BLEU significance ---------------------------------------------------------------- */

static const int64_t S[3][6][10] = {
    {{9, 10, 7, 4, 2, 1, 9, 8, 7, 6}, {12, 11, 10, 6, 3, 1, 12, 11, 10, 9},
     {5, 7, 3, 1, 0, 0, 5, 4, 3, 2}, {8, 8, 8, 7, 6, 5, 8, 7, 6, 5},
     {14, 12, 9, 5, 2, 0, 14, 13, 12, 11}, {6, 6, 4, 2, 1, 0, 6, 5, 4, 3}},
    {{10, 10, 8, 5, 3, 2, 10, 9, 8, 7}, {11, 11, 9, 5, 2, 1, 11, 10, 9, 8},
     {6, 7, 4, 2, 1, 0, 6, 5, 4, 3}, {8, 8, 7, 5, 4, 3, 8, 7, 6, 5},
     {13, 12, 10, 6, 3, 1, 13, 12, 11, 10}, {7, 6, 5, 3, 1, 0, 7, 6, 5, 4}},
    {{7, 10, 5, 2, 0, 0, 7, 6, 5, 4}, {12, 11, 8, 4, 1, 0, 12, 11, 10, 9},
     {4, 7, 2, 0, 0, 0, 4, 3, 2, 1}, {9, 8, 6, 3, 1, 0, 9, 8, 7, 6},
     {15, 12, 8, 3, 1, 0, 15, 14, 13, 12}, {5, 6, 3, 1, 0, 0, 5, 4, 3, 2}}};

static llmm_bleu_stats segs[3][6];
static const llmm_bleu_stats *sys_ptrs[3] = {segs[0], segs[1], segs[2]};

static int setup_stats(void **state)
{
    int s, i, k;
    (void)state;
    for (s = 0; s < 3; s++)
        for (i = 0; i < 6; i++) {
            segs[s][i].sys_len = (uint64_t)S[s][i][0];
            segs[s][i].ref_len = S[s][i][1];
            for (k = 0; k < 4; k++) {
                segs[s][i].counts[k] = (uint64_t)S[s][i][2 + k];
                segs[s][i].totals[k] = (uint64_t)S[s][i][6 + k];
            }
        }
    return 0;
}

static void check_rows(const llmm_signif_result *out, const double exp[][4], int n)
{
    int k;
    for (k = 0; k < n; k++) {
        assert_same(out[k].score, exp[k][0]);
        assert_int_equal(out[k].has_p_value, exp[k][1] == exp[k][1]);
        assert_same(out[k].p_value, exp[k][1]);
        assert_int_equal(out[k].has_ci, exp[k][2] == exp[k][2]);
        assert_same(out[k].mean, exp[k][2]);
        assert_same(out[k].ci, exp[k][3]);
    }
}

static void test_paired_bs(void **state)
{
    /* PairedTest(..., test_type='bs', n_samples=200) */
    static const double exp[3][4] = {
        {40.012048649540716, NAN, 37.543640404757305, 23.63141886946438},
        {39.98155973386301, 0.4577114427860697, 39.25333174956056, 11.990211935747803},
        {11.324459751492547, 0.009950248756218905, 10.675863660276248, 3.150165876923203}};
    llmm_signif_options o;
    llmm_signif_result out[3];
    (void)state;
    llmm_signif_options_default(&o);
    o.n_samples = 200;
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, NULL), LLMM_OK);
    check_rows(out, exp, 3);
}

static void test_paired_ar(void **state)
{
    /* PairedTest(..., test_type='ar', n_samples=500) and (n_samples=300,
     * n_ar_confidence=100) */
    static const double exp[3][4] = {
        {40.012048649540716, NAN, NAN, NAN},
        {39.98155973386301, 0.9401197604790419, NAN, NAN},
        {11.324459751492547, 0.001996007984031936, NAN, NAN}};
    static const double exp_ci[3][4] = {
        {40.012048649540716, NAN, 36.85125942829329, 24.53700906944491},
        {39.98155973386301, 0.9269102990033222, 39.15214930430596, 12.825492164752603},
        {11.324459751492547, 0.0033222591362126247, 10.583998750865273, 4.014613182504818}};
    llmm_signif_options o;
    llmm_signif_result out[3];
    (void)state;
    llmm_signif_options_default(&o);
    o.test = LLMM_SIGNIF_AR;
    o.n_samples = 500;
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, NULL), LLMM_OK);
    check_rows(out, exp, 3);
    o.n_samples = 300;
    o.n_ar_confidence = 100;
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, NULL), LLMM_OK);
    check_rows(out, exp_ci, 3);
}

static void test_confidence(void **state)
{
    llmm_signif_options o;
    llmm_signif_result r;
    llmm_bleu_options b;
    (void)state;
    llmm_signif_options_default(&o);
    o.n_samples = 300;
    /* BLEU().corpus_score with n_bootstrap=300 over S[1]: score, _mean, _ci */
    assert_int_equal(llmm_bleu_confidence(NULL, segs[1], 6, &o, &r, NULL), LLMM_OK);
    assert_same(r.score, 39.98155973386301);
    assert_same(r.mean, 39.73897565149291);
    assert_same(r.ci, 12.583920113305647);
    assert_int_equal(r.has_ci, 1);
    assert_int_equal(r.has_p_value, 0);
    /* add-k 0.1 (float32-rounded counts in the resamples), SACREBLEU_SEED=7, n=250 */
    llmm_bleu_options_default(&b);
    b.smooth_method = LLMM_SMOOTH_ADD_K;
    b.smooth_value = 0.1;
    o.seed = 7;
    o.n_samples = 250;
    assert_int_equal(llmm_bleu_confidence(&b, segs[2], 6, &o, &r, NULL), LLMM_OK);
    assert_same(r.score, 7.635568064638675);
    assert_same(r.mean, 7.283163545120467);
    assert_same(r.ci, 1.9056619977661664);
    /* n_bootstrap = 1: the score only */
    o.n_samples = 1;
    assert_int_equal(llmm_bleu_confidence(&b, segs[2], 6, &o, &r, NULL), LLMM_OK);
    assert_same(r.score, 7.635568064638675);
    assert_int_equal(r.has_ci, 0);
    assert_true(r.mean != r.mean);
}

static void test_errors(void **state)
{
    llmm_signif_options o;
    llmm_signif_result out[3];
    llmm_bleu_options b;
    const llmm_bleu_stats *with_null[2] = {segs[0], NULL};
    (void)state;
    llmm_signif_options_default(&o);
    assert_int_equal(llmm_bleu_confidence(NULL, NULL, 6, &o, out, NULL), LLMM_ENULL);
    assert_int_equal(llmm_bleu_confidence(NULL, segs[0], 6, &o, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_bleu_confidence(NULL, segs[0], 0, &o, out, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 1, 6, &o, out, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 0, &o, out, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_bleu_paired_test(NULL, with_null, 2, 6, &o, out, NULL), LLMM_ENULL);
    assert_int_equal(llmm_bleu_paired_test(NULL, NULL, 2, 6, &o, out, NULL), LLMM_ENULL);
    o.test = 7;
    assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, NULL), LLMM_EINVAL);
    llmm_signif_options_default(&o);
    if (sizeof(size_t) > 4) {
        o.n_samples = (size_t)UINT32_MAX + 1;
        assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, NULL),
                         LLMM_EOVERFLOW);
        assert_int_equal(llmm_bleu_confidence(NULL, segs[0], 6, &o, out, NULL), LLMM_EOVERFLOW);
    }
    llmm_bleu_options_default(&b);
    b.max_ngram_order = 9;
    llmm_signif_options_default(&o);
    assert_int_equal(llmm_bleu_confidence(&b, segs[0], 6, &o, out, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_bleu_paired_test(&b, sys_ptrs, 3, 6, &o, out, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_signif_default_samples(LLMM_SIGNIF_AR), 10000);
    assert_int_equal(llmm_signif_default_samples(LLMM_SIGNIF_BS), 1000);
    assert_int_equal(llmm_signif_default_samples(5), 0);
    assert_string_equal(llmm_signif_test_name(LLMM_SIGNIF_AR), "ar");
    assert_null(llmm_signif_test_name(-1));
    assert_true(llmm_signif_default_seed() == 12345);
    assert_int_equal(llmm_signif_result_size(), sizeof(llmm_signif_result));
    assert_int_equal(llmm_signif_options_size(), sizeof(llmm_signif_options));
    assert_int_equal(llmm_pcg64_size(), sizeof(llmm_pcg64));
}

static void test_alloc_failures(void **state)
{
    llmm_signif_options o;
    llmm_signif_result out[3], ref[3];
    int test, fail, rc;
    (void)state;
    for (test = 0; test < 3; test++) {
        llmm_signif_options_default(&o);
        o.test = test == 0 ? LLMM_SIGNIF_BS : LLMM_SIGNIF_AR;
        o.n_samples = 50;
        o.n_ar_confidence = test == 2 ? 20 : -1;
        assert_int_equal(llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, ref, NULL), LLMM_OK);
        for (fail = 0;; fail++) {
            counting_alloc c = {0, 0, 0, fail};
            llmm_allocator a = counting_allocator(&c);
            rc = llmm_bleu_paired_test(NULL, sys_ptrs, 3, 6, &o, out, &a);
            assert_int_equal(c.live_bytes, 0);
            if (rc == LLMM_OK) break;
            assert_int_equal(rc, LLMM_ENOMEM);
        }
        assert_same(out[2].p_value, ref[2].p_value);
    }
    for (fail = 0;; fail++) {
        counting_alloc c = {0, 0, 0, fail};
        llmm_allocator a = counting_allocator(&c);
        llmm_signif_options_default(&o);
        o.n_samples = 30;
        rc = llmm_bleu_confidence(NULL, segs[0], 6, &o, out, &a);
        assert_int_equal(c.live_bytes, 0);
        if (rc == LLMM_OK) break;
        assert_int_equal(rc, LLMM_ENOMEM);
    }
}

/* ---- the engine with a float metric and no `sub` --------------------------------------- */

/* Mean of per-segment values, summed in order (a stand-in for float statistics). */
static void mean_zero(void *acc, const void *ctx)
{
    (void)ctx;
    ((double *)acc)[0] = ((double *)acc)[1] = 0.0;
}
static void mean_add(void *acc, const void *rec, const void *ctx)
{
    (void)ctx;
    ((double *)acc)[0] += *(const double *)rec;
    ((double *)acc)[1] += 1.0;
}
static int mean_score(const void *acc, const void *ctx, double *out)
{
    (void)ctx;
    *out = ((const double *)acc)[0] / ((const double *)acc)[1];
    return LLMM_OK;
}

static void test_engine_float_metric(void **state)
{
    /* Emulated with numpy: a = (pos_sel * bl + ~pos_sel * sys).mean(1) etc., with the
     * sacrebleu p-value formulas, default_rng(12345). */
    static const double bl[8] = {0.5, 0.25, 1.0, 0.75, 0.125, 0.5, 0.375, 1.0};
    static const double sys[8] = {0.625, 0.25, 0.875, 1.0, 0.5, 0.5, 0.25, 1.0};
    const void *systems[2] = {bl, sys};
    llmmi_signif_metric m;
    llmm_signif_options o;
    llmm_signif_result out[2];
    (void)state;
    memset(&m, 0, sizeof m);
    m.rec_size = sizeof(double);
    m.exact.acc_size = m.resample.acc_size = 2 * sizeof(double);
    m.exact.zero = m.resample.zero = mean_zero;
    m.exact.add = m.resample.add = mean_add;
    m.exact.score = m.resample.score = mean_score;
    llmm_signif_options_default(&o);
    o.test = LLMM_SIGNIF_AR;
    o.n_samples = 1000;
    assert_int_equal(llmmi_signif_paired(&m, systems, 2, 8, &o, out, NULL), LLMM_OK);
    assert_same(out[0].score, 0.5625);
    assert_same(out[1].score, 0.625);
    assert_same(out[1].p_value, 0.24775224775224775);
    o.test = LLMM_SIGNIF_BS;
    o.n_samples = 100;
    assert_int_equal(llmmi_signif_paired(&m, systems, 2, 8, &o, out, NULL), LLMM_OK);
    assert_same(out[1].p_value, 0.18811881188118812);
    assert_same(out[1].mean, 0.64078125);
    assert_same(out[1].ci, 0.203125);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_sequence),
        cmocka_unit_test(test_pcg64_raw),
        cmocka_unit_test(test_pcg64_integers),
        cmocka_unit_test(test_pcg64_bools),
        cmocka_unit_test(test_means),
        cmocka_unit_test(test_paired_bs),
        cmocka_unit_test(test_paired_ar),
        cmocka_unit_test(test_confidence),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_engine_float_metric),
    };
    return cmocka_run_group_tests(tests, setup_stats, NULL);
}
