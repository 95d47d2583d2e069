/* test_prob_kernels.c - llmm_logits_* kernels: known values (scipy), value
 * statuses and their fill values, every SIMD path the CPU supports against the
 * scalar path on the same inputs, the vector exp against libm, half-precision
 * conversions over all 65536 bit patterns. */
#include "test_util.h"
#include "prob/prob_kern.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static double rnd(void) /* uniform [0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * (1.0 / 9007199254740992.0);
}

static llmm_logits_options isa_opts(int isa)
{
    llmm_logits_options o;
    llmm_logits_options_default(&o);
    o.isa = isa;
    return o;
}

static double ulp_diff(double a, double b)
{
    double u = fabs(nextafter(b, HUGE_VAL) - b);
    if (a == b) return 0;
    return fabs(a - b) / u;
}

/* scipy 1.10.1 values from vectors/logprob.jsonl (logits/rand_n7, ties_top2). */
static void test_known_values(void **state)
{
    static const float x[7] = {-2.515625f, 0.375f, -1.984375f, 0.46875f, 7.3125f, 1.3125f, 2.3125f};
    static const double ls[7] = {-9.83945963427437, -6.9488346342743705, -9.30820963427437,
                                 -6.8550846342743705, -0.011334634274370536, -6.0113346342743705,
                                 -5.0113346342743705};
    static const float ties[4] = {1.0f, 3.0f, 3.0f, -2.0f};
    double lse, h, p, nll, out[7];
    size_t i, am;
    int isa;
    (void)state;
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        llmm_logits_options o = isa_opts(isa);
        if (!llmm_isa_supported(isa)) continue;
        assert_int_equal(llmm_logits_logsumexp(x, 7, LLMM_DTYPE_FP32, &o, &lse), LLMM_OK);
        assert_close(lse, 7.3238346342743705, 1e-14);
        assert_int_equal(llmm_logits_entropy(x, 7, LLMM_DTYPE_FP32, &o, &h), LLMM_OK);
        assert_close(h, 0.07458862696187463, 1e-13);
        assert_int_equal(llmm_logits_max_prob(x, 7, LLMM_DTYPE_FP32, &o, &p), LLMM_OK);
        assert_close(p, 0.9887293606780287, 1e-14);
        assert_int_equal(llmm_logits_argmax(x, 7, LLMM_DTYPE_FP32, &o, &am), LLMM_OK);
        assert_int_equal(am, 4);
        assert_int_equal(llmm_logits_log_softmax(x, 7, LLMM_DTYPE_FP32, &o, out, LLMM_DTYPE_FP64, NULL),
                         LLMM_OK);
        for (i = 0; i < 7; i++) assert_close(out[i], ls[i], 1e-13);
        assert_int_equal(llmm_logits_nll(x, 7, LLMM_DTYPE_FP32, 4, &o, &nll), LLMM_OK);
        assert_close(nll, 0.011334634274370536, 1e-12);
        assert_int_equal(llmm_logits_logsumexp(ties, 4, LLMM_DTYPE_FP32, &o, &lse), LLMM_OK);
        assert_close(lse, 3.7617741592262743, 1e-14);
        assert_int_equal(llmm_logits_entropy(ties, 4, LLMM_DTYPE_FP32, &o, &h), LLMM_OK);
        assert_close(h, 0.9038609456033971, 1e-13);
        assert_int_equal(llmm_logits_argmax(ties, 4, LLMM_DTYPE_FP32, &o, &am), LLMM_OK);
        assert_int_equal(am, 1);
    }
}

/* Value statuses and the scipy fill values (vectors: logits/empty, all_neg_inf,
 * pos_inf, nan, masked_neg_inf). */
static void test_value_statuses(void **state)
{
    const float ninf = -HUGE_VALF, pinf = HUGE_VALF, nan = NAN;
    const float all_ninf[3] = {ninf, ninf, ninf};
    const float with_pinf[3] = {0.0f, pinf, 1.0f};
    const float with_nan[3] = {0.0f, nan, 1.0f};
    const float masked[5] = {0.5f, ninf, 1.5f, ninf, -1.0f};
    double lse, h, out[5], sm[5];
    size_t am = 99;
    (void)state;
    assert_int_equal(llmm_logits_logsumexp(NULL, 0, LLMM_DTYPE_FP32, NULL, &lse), LLMM_EEMPTY);
    assert_true(lse == -HUGE_VAL);
    assert_int_equal(llmm_logits_entropy(NULL, 0, LLMM_DTYPE_FP32, NULL, &h), LLMM_EEMPTY);
    assert_true(isnan(h));

    assert_int_equal(llmm_logits_logsumexp(all_ninf, 3, LLMM_DTYPE_FP32, NULL, &lse), LLMM_EDOMAIN);
    assert_true(lse == -HUGE_VAL);
    assert_int_equal(llmm_logits_log_softmax(all_ninf, 3, LLMM_DTYPE_FP32, NULL, out, LLMM_DTYPE_FP64,
                                             NULL), LLMM_EDOMAIN);
    assert_true(isnan(out[0]) && isnan(out[2]));
    assert_int_equal(llmm_logits_argmax(all_ninf, 3, LLMM_DTYPE_FP32, NULL, &am), LLMM_EDOMAIN);
    assert_int_equal(am, 0);

    assert_int_equal(llmm_logits_logsumexp(with_pinf, 3, LLMM_DTYPE_FP32, NULL, &lse),
                     LLMM_ENONFINITE);
    assert_true(lse == HUGE_VAL);
    assert_int_equal(llmm_logits_log_softmax(with_pinf, 3, LLMM_DTYPE_FP32, NULL, out, LLMM_DTYPE_FP64,
                                             NULL), LLMM_ENONFINITE);
    assert_true(out[0] == -HUGE_VAL && isnan(out[1]) && out[2] == -HUGE_VAL);
    assert_int_equal(llmm_logits_softmax(with_pinf, 3, LLMM_DTYPE_FP32, NULL, sm, LLMM_DTYPE_FP64),
                     LLMM_ENONFINITE);
    assert_true(sm[0] == 0.0 && isnan(sm[1]) && sm[2] == 0.0);
    assert_int_equal(llmm_logits_argmax(with_pinf, 3, LLMM_DTYPE_FP32, NULL, &am), LLMM_ENONFINITE);
    assert_int_equal(am, 1);

    am = 99;
    assert_int_equal(llmm_logits_logsumexp(with_nan, 3, LLMM_DTYPE_FP32, NULL, &lse), LLMM_ENONFINITE);
    assert_true(isnan(lse));
    assert_int_equal(llmm_logits_argmax(with_nan, 3, LLMM_DTYPE_FP32, NULL, &am), LLMM_ENONFINITE);
    assert_int_equal(am, 99);

    assert_int_equal(llmm_logits_logsumexp(masked, 5, LLMM_DTYPE_FP32, NULL, &lse), LLMM_OK);
    assert_close(lse, 1.871539031852683, 1e-14);
    assert_int_equal(llmm_logits_entropy(masked, 5, LLMM_DTYPE_FP32, NULL, &h), LLMM_OK);
    assert_close(h, 0.7667845440888864, 1e-13);
    assert_int_equal(llmm_logits_softmax(masked, 5, LLMM_DTYPE_FP32, NULL, sm, LLMM_DTYPE_FP64), LLMM_OK);
    assert_true(sm[1] == 0.0 && sm[3] == 0.0);
    assert_close(sm[2], 0.6896720861245034, 1e-14);
    assert_int_equal(llmm_logits_nll(masked, 5, LLMM_DTYPE_FP32, 1, NULL, &h), LLMM_EDOMAIN);
    assert_true(h == HUGE_VAL);
    assert_int_equal(llmm_logits_nll(masked, 5, LLMM_DTYPE_FP32, 5, NULL, &h), LLMM_ERANGE);
}

static void test_bad_arguments(void **state)
{
    const float x[2] = {1.0f, 2.0f};
    llmm_logits_options o = isa_opts(LLMM_ISA_AVX512 + 1);
    double v;
    float out[2];
    (void)state;
    assert_int_equal(llmm_logits_logsumexp(NULL, 2, LLMM_DTYPE_FP32, NULL, &v), LLMM_ENULL);
    assert_int_equal(llmm_logits_logsumexp(x, 2, LLMM_DTYPE_FP32, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_logits_logsumexp(x, 2, 99, NULL, &v), LLMM_EINVAL);
    assert_int_equal(llmm_logits_logsumexp(x, 2, LLMM_DTYPE_FP32, &o, &v), LLMM_EINVAL);
    assert_int_equal(llmm_logits_log_softmax(x, 2, LLMM_DTYPE_FP32, NULL, out, LLMM_DTYPE_FP16, NULL),
                     LLMM_EINVAL);
    assert_int_equal(llmm_logits_log_softmax(x, 2, LLMM_DTYPE_FP32, NULL, (void *)x, LLMM_DTYPE_FP64,
                                             NULL), LLMM_EINVAL);
    assert_int_equal(llmm_logits_kl(x, NULL, 2, LLMM_DTYPE_FP32, NULL, &v), LLMM_ENULL);
    assert_string_equal(llmm_isa_name(LLMM_ISA_AVX2), "avx2");
    assert_null(llmm_isa_name(17));
    assert_non_null(llmm_simd_path());
    assert_int_equal(llmm_isa_supported(LLMM_ISA_SCALAR), 1);
}

static void fill_row(float *x, size_t n, int masked)
{
    size_t i;
    for (i = 0; i < n; i++) {
        x[i] = (float)(rnd() * 30.0 - 15.0);
        if (masked && rnd() < 0.3) x[i] = -HUGE_VALF;
    }
    if (masked && n) x[n / 2] = 3.0f; /* at least one finite */
}

static uint16_t f32_to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return (uint16_t)(u >> 16); /* truncation: any bf16 value is fine as test input */
}

static uint16_t f32_to_f16(float f) /* finite |f| < 65504 or -inf, truncating */
{
    uint32_t u, sign, e, m;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    if (f == -HUGE_VALF) return 0xFC00u;
    e = (u >> 23) & 0xFFu;
    m = u & 0x7FFFFFu;
    if (e < 113) return (uint16_t)sign; /* flush tiny to zero */
    return (uint16_t)(sign | ((e - 112u) << 10) | (m >> 13));
}

/* Every path the CPU supports gives the scalar path's results (to rounding). */
static void test_paths_agree(void **state)
{
    static const size_t sizes[] = {1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 64, 100, 1023, 1024,
                                   1025, 2049, 5000};
    static float x[5000], y[5000], lsf[5000], lsf_ref[5000];
    static double lsd[5000], lsd_ref[5000];
    static uint16_t h[5000];
    static double xd[5000];
    size_t si, i, n, top[5], top_ref[5], nt, nt_ref;
    static const int dtypes[4] = {LLMM_DTYPE_FP32, LLMM_DTYPE_FP16, LLMM_DTYPE_BF16, LLMM_DTYPE_FP64};
    int isa, masked, di;
    (void)state;
    for (si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        for (masked = 0; masked < 2; masked++) {
            n = sizes[si];
            fill_row(x, n, masked);
            fill_row(y, n, 0);
            for (isa = LLMM_ISA_SSE42; isa <= LLMM_ISA_AVX512; isa++) {
                llmm_logits_options o = isa_opts(isa), s = isa_opts(LLMM_ISA_SCALAR);
                double a, b;
                size_t ia, ib;
                if (!llmm_isa_supported(isa)) continue;
                for (di = 0; di < 4; di++) {
                    const int dt = dtypes[di];
                    const void *row = x;
                    if (dt == LLMM_DTYPE_FP16) {
                        for (i = 0; i < n; i++) h[i] = f32_to_f16(x[i]);
                        row = h;
                    } else if (dt == LLMM_DTYPE_BF16) {
                        for (i = 0; i < n; i++) h[i] = f32_to_bf16(x[i]);
                        row = h;
                    } else if (dt == LLMM_DTYPE_FP64) {
                        for (i = 0; i < n; i++) xd[i] = (double)x[i] + 1e-9 * (double)i;
                        row = xd;
                    }
                    assert_int_equal(llmm_logits_logsumexp(row, n, dt, &o, &a), LLMM_OK);
                    assert_int_equal(llmm_logits_logsumexp(row, n, dt, &s, &b), LLMM_OK);
                    assert_close(a, b, 1e-14);
                    assert_int_equal(llmm_logits_entropy(row, n, dt, &o, &a), LLMM_OK);
                    assert_int_equal(llmm_logits_entropy(row, n, dt, &s, &b), LLMM_OK);
                    assert_close(a, b, 1e-12);
                    assert_int_equal(llmm_logits_max_prob(row, n, dt, &o, &a), LLMM_OK);
                    assert_int_equal(llmm_logits_max_prob(row, n, dt, &s, &b), LLMM_OK);
                    assert_close(a, b, 1e-13);
                    assert_int_equal(llmm_logits_argmax(row, n, dt, &o, &ia), LLMM_OK);
                    assert_int_equal(llmm_logits_argmax(row, n, dt, &s, &ib), LLMM_OK);
                    assert_int_equal(ia, ib);
                    assert_int_equal(llmm_logits_log_softmax(row, n, dt, &o, lsd, LLMM_DTYPE_FP64, NULL),
                                     LLMM_OK);
                    assert_int_equal(llmm_logits_log_softmax(row, n, dt, &s, lsd_ref, LLMM_DTYPE_FP64,
                                                             NULL), LLMM_OK);
                    for (i = 0; i < n; i++)
                        if (lsd_ref[i] != -HUGE_VAL) assert_close(lsd[i], lsd_ref[i], 1e-13);
                        else assert_true(lsd[i] == -HUGE_VAL);
                    assert_int_equal(llmm_logits_log_softmax(row, n, dt, &o, lsf, LLMM_DTYPE_FP32, NULL),
                                     LLMM_OK);
                    assert_int_equal(llmm_logits_log_softmax(row, n, dt, &s, lsf_ref, LLMM_DTYPE_FP32,
                                                             NULL), LLMM_OK);
                    for (i = 0; i < n; i++)
                        if (lsf_ref[i] != -HUGE_VALF) assert_close(lsf[i], lsf_ref[i], 2e-7);
                        else assert_true(lsf[i] == -HUGE_VALF);
                    assert_int_equal(llmm_logits_softmax(row, n, dt, &o, lsd, LLMM_DTYPE_FP64), LLMM_OK);
                    assert_int_equal(llmm_logits_softmax(row, n, dt, &s, lsd_ref, LLMM_DTYPE_FP64), LLMM_OK);
                    for (i = 0; i < n; i++) assert_true(fabs(lsd[i] - lsd_ref[i]) <= 1e-14 * lsd_ref[i] + 1e-300);
                    assert_int_equal(llmm_logits_topk(row, n, dt, 5, &o, top, NULL, &nt), LLMM_OK);
                    assert_int_equal(llmm_logits_topk(row, n, dt, 5, &s, top_ref, NULL, &nt_ref), LLMM_OK);
                    assert_int_equal(nt, nt_ref);
                    for (i = 0; i < nt; i++) assert_int_equal(top[i], top_ref[i]);
                }
                /* KL over two float32 rows (x may be masked: p = 0 there) */
                assert_int_equal(llmm_logits_kl(x, y, n, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
                assert_int_equal(llmm_logits_kl(x, y, n, LLMM_DTYPE_FP32, &s, &b), LLMM_OK);
                assert_true(fabs(a - b) <= 1e-12 * fabs(b) + 1e-13);
                assert_int_equal(llmm_logits_kl(x, x, n, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
                assert_true(a == 0.0);
            }
        }
    }
}

/* The vector exp against libm: <= 2 ulp on [-708, 0]; flushed to 0 below. */
static void test_vector_exp(void **state)
{
    enum { N = 20000 };
    static float x[N];
    static double out[N];
    size_t i;
    int isa;
    (void)state;
    for (i = 0; i < N; i++) x[i] = (float)(-708.0 * rnd());
    x[0] = 0.0f;
    x[1] = -708.0f;
    x[2] = -709.0f;
    x[3] = -HUGE_VALF;
    x[4] = -0.34657359f;
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        const llmmi_probk *k = llmmi_probk_for(isa);
        double worst = 0;
        if (!llmm_isa_supported(isa)) continue;
        k->exp_f64(x, N, 0.0, 0.0, out);
        assert_true(out[0] == 1.0);
        assert_true(out[2] == 0.0 && out[3] == 0.0);
        for (i = 0; i < N; i++) {
            double u = x[i] < LLMMI_EXP_MIN ? 0.0 : ulp_diff(out[i], exp((double)x[i]));
            if (u > worst) worst = u;
        }
        if (worst > 2.0) fail_msg("isa %d: exp off by %.2f ulp", isa, worst);
    }
}

static int same_bits_or_nan(float a, float b)
{
    return (a != a && b != b) || memcmp(&a, &b, sizeof a) == 0;
}

static void test_half_conversions(void **state)
{
    static uint16_t all[65536];
    static float out[65536];
    uint32_t i;
    int isa;
    (void)state;
    for (i = 0; i < 65536; i++) all[i] = (uint16_t)i;
    /* reference points */
    assert_true(llmmi_pk_f16_to_f32(0x3C00) == 1.0f);
    assert_true(llmmi_pk_f16_to_f32(0xC000) == -2.0f);
    assert_true(llmmi_pk_f16_to_f32(0x0001) == 5.9604644775390625e-08f);
    assert_true(llmmi_pk_f16_to_f32(0x7BFF) == 65504.0f);
    assert_true(llmmi_pk_f16_to_f32(0xFC00) == -HUGE_VALF);
    assert_true(isnan(llmmi_pk_f16_to_f32(0x7E00)));
    assert_true(llmmi_pk_bf16_to_f32(0x3F80) == 1.0f);
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        const llmmi_probk *k = llmmi_probk_for(isa);
        if (!llmm_isa_supported(isa)) continue;
        k->f16_f32(all, 65536, out);
        for (i = 0; i < 65536; i++)
            if (!same_bits_or_nan(out[i], llmmi_pk_f16_to_f32(all[i])))
                fail_msg("isa %d f16 %04x", isa, (unsigned)i);
        k->bf16_f32(all, 65536, out);
        for (i = 0; i < 65536; i++)
            if (!same_bits_or_nan(out[i], llmmi_pk_bf16_to_f32(all[i])))
                fail_msg("isa %d bf16 %04x", isa, (unsigned)i);
    }
}

static void test_inplace_and_topk(void **state)
{
    float x[6] = {1.0f, 4.0f, 4.0f, -HUGE_VALF, 2.0f, 4.0f};
    float y[6];
    size_t ids[6], n;
    double lp[6], lse;
    (void)state;
    assert_int_equal(llmm_logits_topk(x, 6, LLMM_DTYPE_FP32, 4, NULL, ids, lp, &n), LLMM_OK);
    assert_int_equal(n, 4);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 5);
    assert_int_equal(ids[3], 4);
    assert_int_equal(llmm_logits_topk(x, 6, LLMM_DTYPE_FP32, 10, NULL, ids, lp, &n), LLMM_OK);
    assert_int_equal(n, 6);
    assert_int_equal(ids[5], 3);
    assert_true(lp[5] == -HUGE_VAL);
    memcpy(y, x, sizeof x);
    assert_int_equal(llmm_logits_log_softmax(y, 6, LLMM_DTYPE_FP32, NULL, y, LLMM_DTYPE_FP32, &lse),
                     LLMM_OK);
    assert_close(y[1], (double)(float)(4.0 - lse), 1e-7);
    assert_true(y[3] == -HUGE_VALF);
}

static void test_kl(void **state)
{
    const float p[3] = {1.0f, 2.0f, 3.0f}, q[3] = {3.0f, 2.0f, 1.0f};
    const float qm[3] = {-HUGE_VALF, 2.0f, 1.0f}, pm[3] = {-HUGE_VALF, 2.0f, 3.0f};
    double kl;
    int agree;
    (void)state;
    /* vectors: kld/single_token */
    assert_int_equal(llmm_logits_kl(p, q, 3, LLMM_DTYPE_FP32, NULL, &kl), LLMM_OK);
    assert_close(kl, 1.1504207652088825, 1e-13);
    assert_int_equal(llmm_logits_kl(p, qm, 3, LLMM_DTYPE_FP32, NULL, &kl), LLMM_EDOMAIN);
    assert_true(kl == HUGE_VAL);
    assert_int_equal(llmm_logits_kl(pm, q, 3, LLMM_DTYPE_FP32, NULL, &kl), LLMM_OK);
    assert_true(kl > 0 && kl < HUGE_VAL);
    assert_int_equal(llmm_logits_top_agree(p, q, 3, LLMM_DTYPE_FP32, NULL, &agree), LLMM_OK);
    assert_int_equal(agree, 0);
    assert_int_equal(llmm_logits_top_agree(p, pm, 3, LLMM_DTYPE_FP32, NULL, &agree), LLMM_OK);
    assert_int_equal(agree, 1);
    {
        /* logits of huge magnitude: centred sums, no cancellation (found by fuzz_prob) */
        const float big_p[2] = {-1.7e38f, -1.7e38f}, big_q[2] = {-1.25e-4f, -1.25e-4f};
        const float huge[3] = {3e38f, 2.9e38f, -3e38f};
        double nll;
        assert_int_equal(llmm_logits_kl(big_p, big_q, 1, LLMM_DTYPE_FP32, NULL, &kl), LLMM_OK);
        assert_true(kl == 0.0);
        assert_int_equal(llmm_logits_kl(big_p, big_q, 2, LLMM_DTYPE_FP32, NULL, &kl), LLMM_OK);
        assert_true(kl == 0.0);
        assert_int_equal(llmm_logits_nll(huge, 3, LLMM_DTYPE_FP32, 0, NULL, &nll), LLMM_OK);
        assert_true(nll == 0.0);
    }
}

/* The float32-exp option: within 1e-6 absolute of float64 in log space, same statuses. */
static void test_fast_option(void **state)
{
    static float x[3000];
    static double a[3000], b[3000];
    const float bad[3] = {0, NAN, 1}, ninf[2] = {-HUGE_VALF, -HUGE_VALF};
    double la, lb;
    size_t n, i;
    int isa, masked;
    (void)state;
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        llmm_logits_options f = isa_opts(isa), p = isa_opts(isa);
        if (!llmm_isa_supported(isa)) continue;
        f.fast = 1;
        for (masked = 0; masked < 2; masked++) {
            for (n = 1; n < 3000; n = n * 3 + 1) {
                fill_row(x, n, masked);
                assert_int_equal(llmm_logits_logsumexp(x, n, LLMM_DTYPE_FP32, &f, &la), LLMM_OK);
                assert_int_equal(llmm_logits_logsumexp(x, n, LLMM_DTYPE_FP32, &p, &lb), LLMM_OK);
                assert_true(fabs(la - lb) <= 1e-6);
                assert_int_equal(llmm_logits_log_softmax(x, n, LLMM_DTYPE_FP32, &f, a, LLMM_DTYPE_FP64,
                                                         NULL), LLMM_OK);
                assert_int_equal(llmm_logits_log_softmax(x, n, LLMM_DTYPE_FP32, &p, b, LLMM_DTYPE_FP64,
                                                         NULL), LLMM_OK);
                for (i = 0; i < n; i++) assert_true(a[i] == b[i] || fabs(a[i] - b[i]) <= 1e-6);
            }
        }
        assert_int_equal(llmm_logits_logsumexp(bad, 3, LLMM_DTYPE_FP32, &f, &la), LLMM_ENONFINITE);
        assert_int_equal(llmm_logits_logsumexp(ninf, 2, LLMM_DTYPE_FP32, &f, &la), LLMM_EDOMAIN);
    }
}

/* The fast exp of every SIMD path (a one-element fast sum returns exp(d) widened from
 * float32) on every 251st float32 in [-87, 0]. An exhaustive sweep of all 1.1e9 gives
 * at most 1.048 ulp of float32 with FMA (AVX2, AVX-512) and 1.334 ulp without (SSE4.2,
 * separate multiply and add); exp(0) is exactly 1, d < -87 gives 0. */
static void test_fast_exp(void **state)
{
    const float special[5] = {-0.0f, -87.5f, -1e30f, -HUGE_VALF, -87.0f};
    uint32_t u, lo = 0x80000000u, hi;
    float f = -87.0f;
    int isa, nan = 0, i;
    (void)state;
    memcpy(&hi, &f, sizeof hi);
    for (isa = LLMM_ISA_SSE42; isa <= LLMM_ISA_AVX512; isa++) {
        const llmmi_probk *k = llmmi_probk_for(isa);
        double worst = 0, s;
        if (!llmm_isa_supported(isa)) continue;
        for (u = lo; u <= hi; u += 251) {
            double ref, ulp;
            int e;
            memcpy(&f, &u, sizeof f);
            s = 0;
            k->sumexp_fast_f32(&f, 1, 0.0, &s, &f, &nan);
            ref = exp((double)f);
            (void)frexp(ref, &e);
            ulp = ldexp(1.0, e - 24);
            if (fabs(s - ref) / ulp > worst) worst = fabs(s - ref) / ulp;
        }
        if (worst > (isa == LLMM_ISA_SSE42 ? 1.34 : 1.05))
            fail_msg("isa %d: float32 exp off by %.3f ulp", isa, worst);
        for (i = 0; i < 5; i++) {
            s = 0;
            k->sumexp_fast_f32(&special[i], 1, 0.0, &s, special, &nan);
            if (i == 0) assert_true(s == 1.0);
            else if (i < 4) assert_true(s == 0.0);
            else assert_true(s > 0.0);
        }
        assert_int_equal(nan, 0);
    }
}

/* Rows whose maximum moves between blocks (LLMMI_BLK elements): the row pass sums each
 * block under the running maximum and redoes it when the block holds a larger one. Every
 * path, both exps, against the scalar path; a NaN or +Inf late in the row. */
static void test_running_max(void **state)
{
    enum { N = 5000 };
    static float x[N];
    static uint16_t h[N];
    int pattern, isa, fast;
    size_t i;
    double ref, sum;
    (void)state;
    for (pattern = 0; pattern < 6; pattern++) {
        for (i = 0; i < N; i++) {
            switch (pattern) {
            case 0: x[i] = (float)i * 0.01f - 20.0f; break;              /* ascending */
            case 1: x[i] = 20.0f - (float)i * 0.01f; break;              /* descending */
            case 2: x[i] = i == 4500 ? 100.0f : (float)(rnd() * 30.0 - 15.0); break; /* late jump */
            case 3: x[i] = i < 2100 ? -HUGE_VALF : (float)(rnd() * 4.0); break; /* -Inf blocks first */
            case 4: x[i] = (float)(rnd() * 30.0 - 15.0) + (float)(i / 1024) * 3.0f; break;
            default: x[i] = i % 1024 == 1023 ? (float)i * 1e-3f : -5.0f; break; /* max at block ends */
            }
            h[i] = f32_to_f16(x[i] > 60000.0f ? 60000.0f : x[i]);
        }
        /* an independent reference: a plain two-pass sum */
        ref = -HUGE_VAL;
        for (i = 0; i < N; i++)
            if (x[i] > ref) ref = x[i];
        for (i = 0, sum = 0; i < N; i++) sum += exp((double)x[i] - ref);
        ref += log(sum);
        for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
            llmm_logits_options o = isa_opts(isa), s = isa_opts(LLMM_ISA_SCALAR);
            double a, b;
            if (!llmm_isa_supported(isa)) continue;
            assert_int_equal(llmm_logits_logsumexp(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
            assert_close(a, ref, 1e-14);
            for (fast = 0; fast < 2; fast++) {
                o.fast = fast;
                assert_int_equal(llmm_logits_logsumexp(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
                assert_int_equal(llmm_logits_logsumexp(x, N, LLMM_DTYPE_FP32, &s, &b), LLMM_OK);
                if (fast) assert_true(fabs(a - b) <= 2.5e-7 * (fabs(b) > 1 ? fabs(b) : 1));
                else assert_close(a, b, 1e-14);
                assert_int_equal(llmm_logits_logsumexp(h, N, LLMM_DTYPE_FP16, &o, &a), LLMM_OK);
                assert_int_equal(llmm_logits_logsumexp(h, N, LLMM_DTYPE_FP16, &s, &b), LLMM_OK);
                if (fast) assert_true(fabs(a - b) <= 2.5e-7 * (fabs(b) > 1 ? fabs(b) : 1));
                else assert_close(a, b, 1e-14);
                assert_int_equal(llmm_logits_max_prob(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
                assert_int_equal(llmm_logits_max_prob(x, N, LLMM_DTYPE_FP32, &s, &b), LLMM_OK);
                assert_true(fabs(a - b) <= (fast ? 2.5e-7 : 1e-14) * b);
            }
            assert_int_equal(llmm_logits_entropy(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_OK);
            assert_int_equal(llmm_logits_entropy(x, N, LLMM_DTYPE_FP32, &s, &b), LLMM_OK);
            assert_true(fabs(a - b) <= 1e-12 * fabs(b) + 1e-15);
        }
    }
    /* a NaN or +Inf in the fourth block, after the running max is set */
    for (i = 0; i < N; i++) x[i] = (float)(rnd() * 30.0 - 15.0);
    for (pattern = 0; pattern < 2; pattern++) {
        x[3500] = pattern ? HUGE_VALF : NAN;
        for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
            llmm_logits_options o = isa_opts(isa);
            double a;
            if (!llmm_isa_supported(isa)) continue;
            for (fast = 0; fast < 2; fast++) {
                o.fast = fast;
                assert_int_equal(llmm_logits_logsumexp(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_ENONFINITE);
                if (pattern) assert_true(a == HUGE_VAL);
                else assert_true(isnan(a));
                assert_int_equal(llmm_logits_entropy(x, N, LLMM_DTYPE_FP32, &o, &a), LLMM_ENONFINITE);
            }
        }
    }
}

/* Batched forms: row r equals the single-row call; the first non-OK row's status. */
static void test_rows(void **state)
{
    float x[4][5] = {{1, 2, 3, 4, 5}, {0, 0, 0, 0, 0}, {1, NAN, 2, 3, 4}, {-1, -2, -3, -4, -5}};
    double lse[4], one, ls[4][5], ref[5];
    int r, i;
    (void)state;
    assert_int_equal(llmm_logits_logsumexp_rows(x, 4, 5, LLMM_DTYPE_FP32, NULL, lse), LLMM_ENONFINITE);
    assert_true(isnan(lse[2]));
    assert_int_equal(llmm_logits_log_softmax_rows(x, 4, 5, LLMM_DTYPE_FP32, NULL, ls, LLMM_DTYPE_FP64,
                                                  NULL), LLMM_ENONFINITE);
    for (r = 0; r < 4; r++) {
        if (r == 2) continue;
        assert_int_equal(llmm_logits_logsumexp(x[r], 5, LLMM_DTYPE_FP32, NULL, &one), LLMM_OK);
        assert_true(one == lse[r]);
        assert_int_equal(llmm_logits_log_softmax(x[r], 5, LLMM_DTYPE_FP32, NULL, ref, LLMM_DTYPE_FP64,
                                                 NULL), LLMM_OK);
        for (i = 0; i < 5; i++) assert_true(ref[i] == ls[r][i]);
    }
    x[2][1] = 0;
    assert_int_equal(llmm_logits_logsumexp_rows(x, 4, 5, LLMM_DTYPE_FP32, NULL, lse), LLMM_OK);
    assert_int_equal(llmm_logits_logsumexp_rows(x, 4, 5, 9, NULL, lse), LLMM_EINVAL);
    assert_int_equal(llmm_logits_logsumexp_rows(x, 4, 5, LLMM_DTYPE_FP32, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_logits_logsumexp_rows(x, 2, 0, LLMM_DTYPE_FP32, NULL, lse), LLMM_EEMPTY);
    assert_true(lse[0] == -HUGE_VAL && lse[1] == -HUGE_VAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),   cmocka_unit_test(test_value_statuses),
        cmocka_unit_test(test_bad_arguments),  cmocka_unit_test(test_paths_agree),
        cmocka_unit_test(test_vector_exp),     cmocka_unit_test(test_half_conversions),
        cmocka_unit_test(test_inplace_and_topk), cmocka_unit_test(test_kl),
        cmocka_unit_test(test_rows),           cmocka_unit_test(test_fast_option),
        cmocka_unit_test(test_fast_exp),       cmocka_unit_test(test_running_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
