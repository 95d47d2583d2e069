/* test_calib_kern.c - the binary float64 ECE kernels (scalar, AVX2, AVX-512) against
 * each other and against the definition (torch.bucketize over the edge table, exact
 * sums), on the same inputs: values exactly on edges and one ulp either side, 0, 1,
 * subnormals, values just below and at 2^-10, tails of every length, more small
 * values than the kernels note, and bad values / labels with the statuses of the
 * general path; the confidence update (0/nonzero flags) through the same kernels. */
#include "test_util.h"
#include "calib/ece_kern.h"
#include "calib/calib_internal.h"
#include <stdlib.h>

static const uint32_t bin_counts[] = {1, 2, 3, 7, 10, 14, 15, 16, 20, 63};

/* Inputs with every awkward case for n_bins bins. */
static size_t make_inputs(const double *edges, uint32_t n_bins, double *p, int32_t *t,
                          size_t cap, uint64_t seed)
{
    size_t n = 0;
    uint32_t k;
    uint64_t s = seed;
    for (k = 0; k <= n_bins && n + 3 <= cap; k++) {
        p[n++] = edges[k];
        if (edges[k] > 0.0) p[n++] = nextafter(edges[k], 0.0);
        if (edges[k] < 1.0) p[n++] = nextafter(edges[k], 2.0);
    }
    {
        static const double odd[] = {0.0, 1.0, 4.9406564584124654e-324, 2.2250738585072009e-308,
                                     1e-300, 0x1p-11, 0x1p-10, 0x1.fffffffffffffp-11,
                                     0x1.0000000000001p-10, 0.5, 1.0 - 0x1p-53, 1e-5};
        for (k = 0; k < sizeof odd / sizeof odd[0] && n < cap; k++) p[n++] = odd[k];
    }
    while (n < cap) {
        uint64_t r = rng_next(&s);
        switch (r & 7) {
        case 0: p[n] = (double)(r >> 11) * 0x1p-53 * 0x1p-12; break; /* small */
        case 1: p[n] = edges[(r >> 8) % (n_bins + 1)]; break;
        default: p[n] = (double)(r >> 11) * 0x1p-53; break;
        }
        n++;
    }
    for (k = 0; k < cap; k++) t[k] = (int32_t)(rng_next(&s) >> 40 & 1);
    /* shuffle so that edges and small values land in every lane position */
    for (k = (uint32_t)cap - 1; k > 0; k--) {
        size_t j = rng_next(&s) % (k + 1);
        double d = p[k];
        p[k] = p[j];
        p[j] = d;
    }
    return cap;
}

typedef struct totals {
    llmmi_ece_totals t;
    llmmi_ece_scan scan;
    llmmi_exactsum small; /* the preds in (0, 2^-10) */
} totals;

static void run_kernel(int isa, const double *p, const int32_t *t, size_t n,
                       const double *edges, uint32_t n_bins, totals *out)
{
    static llmmi_ece_part part;
    memset(out, 0, sizeof *out);
    llmmi_exactsum_init(&out->small);
    llmmi_ece_part_init(&part, edges, n_bins, &out->small);
    llmmi_ece_kern_for(isa)(p, t, n, edges, n_bins, &part);
    llmmi_ece_part_totals(&part, n_bins, &out->t);
    out->scan = part.scan;
}

/* The definition: bucketize by the while-loop search, exact fixed-point sums of the
 * confidences >= 2^-10, an exact sum of the smaller ones (all in bin 0). */
static void reference(const double *p, const int32_t *t, size_t n, const double *edges,
                      uint32_t n_bins, totals *out)
{
    size_t i;
    memset(out, 0, sizeof *out);
    llmmi_exactsum_init(&out->small);
    for (i = 0; i < n; i++) {
        uint32_t b = llmmi_calib_bucket_f64(edges, n_bins, p[i]);
        out->t.count[b]++;
        out->t.correct[b] += (uint64_t)t[i];
        if (p[i] >= 0x1p-10) {
            uint64_t v = (uint64_t)(p[i] * 0x1p62), s = out->t.s_lo[b] + v;
            out->t.s_hi[b] += s < v;
            out->t.s_lo[b] = s;
        } else if (p[i] > 0.0) {
            assert_int_equal(b, 0);
            llmmi_exactsum_add(&out->small, p[i]);
            out->scan.n_small++;
        }
    }
}

static void assert_same(const totals *a, const totals *b, uint32_t n_bins, int isa,
                        size_t n)
{
    uint32_t k;
    for (k = 0; k <= n_bins; k++) {
        if (a->t.count[k] != b->t.count[k] || a->t.correct[k] != b->t.correct[k] ||
            a->t.s_lo[k] != b->t.s_lo[k] || a->t.s_hi[k] != b->t.s_hi[k])
            fail_msg("isa %d, n_bins %u, n %zu: bin %u differs", isa, n_bins, n, k);
    }
    assert_int_equal(a->scan.n_small, b->scan.n_small);
    assert_true(llmmi_exactsum_value(&a->small) == llmmi_exactsum_value(&b->small));
}

static void edges_of(uint32_t n_bins, double *edges)
{
    llmmi_calib_edges_f64(n_bins, edges);
    edges[n_bins + 1] = INFINITY;
}

/* Every kernel this CPU runs gives the definition's totals on valid inputs. */
static void check_kernels(const double *p, const int32_t *t, size_t n, const double *edges,
                          uint32_t nb)
{
    static totals ref, got;
    int isa;
    reference(p, t, n, edges, nb, &ref);
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        if (!llmm_isa_supported(isa)) continue;
        run_kernel(isa, p, t, n, edges, nb, &got);
        assert_same(&got, &ref, nb, isa, n);
        assert_true(got.scan.max_bits <= LLMMI_ECE_ONE_BITS);
        assert_true(got.scan.max_label <= 1);
    }
}

/* Every kernel equals the definition, for every length 0..70 (tails) and longer runs. */
static void test_kernels_match_definition(void **state)
{
    enum { CAP = 3000 };
    double *p = malloc(CAP * sizeof(double)), edges[LLMMI_ECE_KBINS + 1];
    int32_t *t = malloc(CAP * sizeof(int32_t));
    size_t c, n;
    (void)state;
    assert_non_null(p);
    assert_non_null(t);
    for (c = 0; c < sizeof bin_counts / sizeof bin_counts[0]; c++) {
        uint32_t nb = bin_counts[c];
        edges_of(nb, edges);
        make_inputs(edges, nb, p, t, CAP, 0x9E3779B97F4A7C15ull + c);
        for (n = 0; n <= 72; n++) {
            check_kernels(p, t, n == 71 ? 1027 : n == 72 ? CAP : n, edges, nb);
        }
    }
    free(p);
    free(t);
}

/* Long runs into one bucket fill the 64-bit run sums to their limit between flushes:
 * the largest value below 1 (the top regular bucket), 1.0 itself (the extra bucket,
 * whose run sum wraps and is rebuilt from its count), and the smallest value of
 * bucket 1, each 70,001 times, and all three interleaved. */
static void test_kernels_long_runs(void **state)
{
    enum { N = 70001 };
    double *p = malloc(N * sizeof(double)), edges[LLMMI_ECE_KBINS + 1];
    int32_t *t = malloc(N * sizeof(int32_t));
    size_t c, i;
    int kind;
    (void)state;
    assert_non_null(p);
    assert_non_null(t);
    for (c = 0; c < sizeof bin_counts / sizeof bin_counts[0]; c++) {
        uint32_t nb = bin_counts[c];
        edges_of(nb, edges);
        for (kind = 0; kind < 4; kind++) {
            const double vals[3] = {1.0 - 0x1p-53, 1.0, edges[1]};
            for (i = 0; i < N; i++) {
                p[i] = vals[kind < 3 ? kind : (int)(i % 3)];
                t[i] = (int32_t)(i % 5 == 0);
            }
            check_kernels(p, t, N, edges, nb);
        }
    }
    free(p);
    free(t);
}

/* Bad values are binned in range (so memory stays safe; the bins are then thrown
 * away) and reported through the scan: NaN, infinities, negatives, -0.0, values
 * above 1, labels other than 0/1. */
static void test_kernels_bad_values(void **state)
{
    static const double bad[] = {NAN, INFINITY, -INFINITY, -0.0, -1e-300, 1.0000000000000002,
                                 7.5};
    double p[37], edges[17];
    int32_t t[37];
    static totals a, b;
    size_t k, pos;
    int isa;
    (void)state;
    edges_of(15, edges);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        for (pos = 0; pos < 37; pos += 6) {
            size_t i;
            for (i = 0; i < 37; i++) {
                p[i] = (double)i / 37.0;
                t[i] = (int32_t)(i & 1);
            }
            p[pos] = bad[k];
            t[(pos + 3) % 37] = k & 1 ? -1 : 2;
            run_kernel(LLMM_ISA_SCALAR, p, t, 37, edges, 15, &a);
            assert_true(a.scan.max_bits > LLMMI_ECE_ONE_BITS);
            assert_true(a.scan.max_label > 1);
            for (isa = LLMM_ISA_AVX2; isa <= LLMM_ISA_AVX512; isa++) {
                if (!llmm_isa_supported(isa)) continue;
                run_kernel(isa, p, t, 37, edges, 15, &b);
                assert_true(b.scan.max_bits == a.scan.max_bits);
                assert_true(b.scan.max_label == a.scan.max_label);
                assert_int_equal(b.scan.n_small, a.scan.n_small);
            }
        }
    }
}

static llmm_calib_ece *make(uint32_t n_bins, int isa)
{
    llmm_calib_ece_options o;
    llmm_calib_ece *e = NULL;
    llmm_calib_ece_options_default(&o);
    o.n_bins = n_bins;
    o.isa = isa;
    assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_OK);
    return e;
}

static size_t ser(const llmm_calib_ece *e, unsigned char *buf, size_t cap)
{
    size_t w = 0;
    assert_int_equal(llmm_calib_ece_serialize(e, buf, cap, &w), LLMM_OK);
    return w;
}

/* a and b hold the same statistics, byte for byte. */
static void assert_same_bytes(const llmm_calib_ece *a, const llmm_calib_ece *b)
{
    static unsigned char ba[1 << 16], bb[1 << 16];
    size_t wa = ser(a, ba, sizeof ba), wb = ser(b, bb, sizeof bb);
    assert_int_equal(wa, wb);
    assert_memory_equal(ba, bb, wa);
}

/* Through the public API: every path, one call or many, gives the same statistics
 * (serialized bytes) as the general path's definition, with many small values. */
static void test_update_paths_agree(void **state)
{
    enum { N = 5000 };
    double *p = malloc(N * sizeof(double)), edges[17];
    int32_t *t = malloc(N * sizeof(int32_t));
    unsigned char *flags = malloc(N);
    int64_t *t64 = malloc(N * sizeof(int64_t));
    size_t i;
    int isa, many;
    (void)state;
    assert_true(p && t && flags && t64);
    edges_of(15, edges);
    make_inputs(edges, 15, p, t, N, 42);
    for (i = 0; i < N; i += 3) p[i] = p[i] * 0x1p-11; /* many values below 2^-10 */
    for (i = 0; i < N; i++) {
        flags[i] = (unsigned char)(t[i] * (1 + i % 200));
        t64[i] = t[i];
    }
    for (many = 0; many < 2; many++) {
        llmm_calib_ece *ref = make(15, LLMM_ISA_SCALAR);
        llmm_calib_bin bin;
        uint32_t k;
        /* the definition, one pair at a time through the confidence update */
        for (i = 0; i < N; i++) {
            unsigned char ok = (unsigned char)t[i];
            assert_int_equal(llmm_calib_ece_update_confidence(ref, p + i, &ok, 1), LLMM_OK);
        }
        for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
            llmm_calib_ece *e;
            if (!llmm_isa_supported(isa)) continue;
            e = make(15, isa);
            if (many) {
                size_t at = 0, step = 1;
                while (at < N) {
                    size_t m = N - at < step ? N - at : step;
                    assert_int_equal(llmm_calib_ece_update_binary(e, p + at, t + at, m),
                                     LLMM_OK);
                    at += m;
                    step = step * 3 + 1;
                }
            } else {
                assert_int_equal(llmm_calib_ece_update_binary(e, p, t, N), LLMM_OK);
            }
            assert_same_bytes(ref, e);
            /* int64 targets, staged */
            {
                llmm_calib_ece *c = make(15, isa);
                assert_int_equal(llmm_calib_ece_update_binary_i64(c, p, t64, N), LLMM_OK);
                assert_same_bytes(ref, c);
                llmm_calib_ece_free(c);
            }
            /* the confidence update's kernel path: any nonzero flag is correct */
            {
                llmm_calib_ece *c = make(15, isa);
                assert_int_equal(llmm_calib_ece_update_confidence(c, p, flags, N), LLMM_OK);
                assert_same_bytes(ref, c);
                llmm_calib_ece_free(c);
            }
            for (k = 0; k < 16; k++) {
                llmm_calib_bin x, y;
                assert_int_equal(llmm_calib_ece_bin(e, k, &x), LLMM_OK);
                assert_int_equal(llmm_calib_ece_bin(ref, k, &y), LLMM_OK);
                assert_true(x.mean_confidence == y.mean_confidence);
            }
            llmm_calib_ece_free(e);
        }
        assert_int_equal(llmm_calib_ece_bin(ref, 15, &bin), LLMM_OK);
        llmm_calib_ece_free(ref);
    }
    free(p);
    free(t);
    free(flags);
    free(t64);
}

/* dtype F32: the binary update rounds the preds to float32 and bins them with the
 * float32 edges through the kernels; one pair at a time (the general path) gives the
 * same bytes, also for values that only round onto an edge or onto 1.0. */
static void test_f32_paths_agree(void **state)
{
    enum { N = 3000 };
    double *p = malloc(N * sizeof(double));
    int32_t *t = malloc(N * sizeof(int32_t));
    float e32[LLMMI_ECE_KBINS];
    uint64_t s = 77;
    size_t i, c;
    int isa;
    (void)state;
    assert_true(p && t);
    for (c = 0; c < 2 * sizeof bin_counts / sizeof bin_counts[0]; c++) {
        uint32_t nb = bin_counts[c / 2];
        llmm_calib_ece_options o;
        llmm_calib_ece *ref = NULL;
        llmmi_calib_edges_f32(nb, e32);
        for (i = 0; i < N; i++) {
            uint64_t r = rng_next(&s);
            double edge = e32[(r >> 8) % (nb + 1)];
            switch (r & 7) {
            case 0: p[i] = nextafter(edge, 0.0); break;  /* rounds onto the edge */
            case 1: p[i] = nextafter(edge, 2.0); break;
            case 2: p[i] = 1.0 - 0x1p-30; break;         /* rounds to 1.0f */
            case 3: p[i] = (double)(r >> 11) * 0x1p-53 * 0x1p-12; break;
            default: p[i] = (double)(r >> 11) * 0x1p-53; break;
            }
            if (p[i] < 0.0) p[i] = 0.0;
            /* first pass all in [0, 1] (so the kernels take it however they round); the
             * second keeps values just above 1, which round onto 1.0f */
            if (c % 2 == 0 && p[i] > 1.0) p[i] = 1.0;
            t[i] = (int32_t)(r >> 40 & 1);
        }
        llmm_calib_ece_options_default(&o);
        o.n_bins = nb;
        o.dtype = LLMM_CALIB_F32;
        assert_int_equal(llmm_calib_ece_create(&ref, &o, NULL), LLMM_OK);
        for (i = 0; i < N; i++)
            assert_int_equal(llmm_calib_ece_update_binary(ref, p + i, t + i, 1), LLMM_OK);
        for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
            llmm_calib_ece *e = NULL;
            if (!llmm_isa_supported(isa)) continue;
            o.isa = isa;
            assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_OK);
            assert_int_equal(llmm_calib_ece_update_binary(e, p, t, N), LLMM_OK);
            assert_same_bytes(ref, e);
            llmm_calib_ece_free(e);
        }
        llmm_calib_ece_free(ref);
    }
    free(p);
    free(t);
}

/* The multiclass update stages its top-label pairs through the kernels: one call over
 * many rows gives the same bytes as one row at a time (the general path), for float32
 * and float64 binning, probabilities and logits, with ties and -0.0 rows. */
static void test_multiclass_paths_agree(void **state)
{
    enum { ROWS = 5000, C = 4 };
    double *p = malloc(ROWS * C * sizeof(double));
    int32_t *t = malloc(ROWS * sizeof(int32_t));
    uint64_t s = 99;
    size_t i, k;
    int dt, logits, isa;
    (void)state;
    assert_true(p && t);
    for (logits = 0; logits < 2; logits++) {
        for (i = 0; i < ROWS; i++) {
            double sum = 0.0;
            for (k = 0; k < C; k++) {
                uint64_t r = rng_next(&s);
                p[i * C + k] = logits ? (double)(int64_t)(r >> 40) / 1e6 - 8.0
                                      : (r & 15) == 0 ? 0.25 : (double)(r >> 11) * 0x1p-53;
                sum += p[i * C + k];
            }
            if (!logits)
                for (k = 0; k < C; k++) p[i * C + k] /= sum;
            if (!logits && i % 997 == 0)
                for (k = 0; k < C; k++) p[i * C + k] = k == 0 ? -0.0 : 0.0;
            t[i] = (int32_t)(rng_next(&s) % C);
        }
        for (dt = 0; dt < 2; dt++) {
            llmm_calib_ece_options o;
            llmm_calib_ece *ref = NULL;
            llmm_calib_ece_options_default(&o);
            o.dtype = dt ? LLMM_CALIB_F32 : LLMM_CALIB_F64;
            o.input = logits ? LLMM_CALIB_INPUT_LOGITS : LLMM_CALIB_INPUT_PROBS;
            assert_int_equal(llmm_calib_ece_create(&ref, &o, NULL), LLMM_OK);
            for (i = 0; i < ROWS; i++)
                assert_int_equal(llmm_calib_ece_update_multiclass(ref, p + i * C, 1, C, t + i),
                                 LLMM_OK);
            for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
                llmm_calib_ece *e = NULL;
                if (!llmm_isa_supported(isa)) continue;
                o.isa = isa;
                assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_OK);
                assert_int_equal(llmm_calib_ece_update_multiclass(e, p, ROWS, C, t), LLMM_OK);
                assert_same_bytes(ref, e);
                llmm_calib_ece_free(e);
            }
            llmm_calib_ece_free(ref);
        }
    }
    free(p);
    free(t);
}

/* Statuses of the general path, and nothing added on error, for batches that take the
 * kernels (64 or more) and smaller ones. */
static void test_update_statuses(void **state)
{
    double p[100];
    int32_t t[100];
    unsigned char b0[4096], b1[4096];
    size_t w0, i, n;
    int isa, k;
    (void)state;
    for (k = 2 * LLMM_ISA_SCALAR; k < 2 * (LLMM_ISA_AVX512 + 1); k++) {
        llmm_calib_ece *e;
        llmm_calib_ece_result r;
        isa = k / 2;
        n = k % 2 ? 100 : 20;
        if (!llmm_isa_supported(isa)) continue;
        for (i = 0; i < n; i++) {
            p[i] = (double)i / (double)(n - 1);
            t[i] = (int32_t)(i % 2);
        }
        e = make(15, isa);
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_OK);
        w0 = ser(e, b0, sizeof b0);
        p[17] = NAN;
        t[3] = 2;
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_ENONFINITE);
        p[17] = 17.0 / (double)(n - 1);
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_ERANGE);
        t[3] = -1;
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_ERANGE);
        t[3] = 1;
        /* int64 targets: anything but 0 / 1 fails, also values whose low 32 bits are */
        {
            static const int64_t bad64[] = {2, -1, INT64_C(1) << 32, (INT64_C(1) << 32) + 1,
                                            INT64_MIN, INT64_MAX};
            int64_t t64[100];
            size_t b;
            for (i = 0; i < n; i++) t64[i] = t[i];
            for (b = 0; b < sizeof bad64 / sizeof bad64[0]; b++) {
                t64[(b * 7) % n] = bad64[b];
                assert_int_equal(llmm_calib_ece_update_binary_i64(e, p, t64, n), LLMM_ERANGE);
                t64[(b * 7) % n] = t[(b * 7) % n];
            }
            p[5] = NAN;
            assert_int_equal(llmm_calib_ece_update_binary_i64(e, p, t64, n), LLMM_ENONFINITE);
            p[5] = 5.0 / (double)(n - 1);
            assert_int_equal(llmm_calib_ece_update_binary_i64(e, NULL, t64, n), LLMM_ENULL);
            assert_int_equal(llmm_calib_ece_update_binary_i64(e, p, t64, 0), LLMM_OK);
        }
        assert_int_equal(ser(e, b1, sizeof b1), w0);
        assert_memory_equal(b0, b1, w0); /* nothing added by the failed updates */
        /* -0.0 is a probability (general path); 1.5 makes the batch logits */
        p[0] = -0.0;
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_OK);
        p[0] = 1.5;
        assert_int_equal(llmm_calib_ece_update_binary(e, p, t, n), LLMM_OK);
        p[0] = 0.0;
        assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
        assert_int_equal(r.count, 3 * n);
        /* the confidence update: NaN and values outside [0, 1] fail, nothing added;
         * -0.0 is a confidence */
        {
            unsigned char ok[100];
            for (i = 0; i < n; i++) ok[i] = (unsigned char)(i % 3);
            w0 = ser(e, b0, sizeof b0);
            p[40 % n] = NAN;
            assert_int_equal(llmm_calib_ece_update_confidence(e, p, ok, n), LLMM_ENONFINITE);
            p[40 % n] = 1.0 + 0x1p-52;
            assert_int_equal(llmm_calib_ece_update_confidence(e, p, ok, n), LLMM_EDOMAIN);
            p[40 % n] = -0x1p-1074;
            assert_int_equal(llmm_calib_ece_update_confidence(e, p, ok, n), LLMM_EDOMAIN);
            assert_int_equal(ser(e, b1, sizeof b1), w0);
            assert_memory_equal(b0, b1, w0);
            p[40 % n] = -0.0;
            assert_int_equal(llmm_calib_ece_update_confidence(e, p, ok, n), LLMM_OK);
            assert_int_equal(llmm_calib_ece_result_get(e, &r), LLMM_OK);
            assert_int_equal(r.count, 4 * n);
        }
        llmm_calib_ece_free(e);
    }
    {
        llmm_calib_ece_options o;
        llmm_calib_ece *e = NULL;
        llmm_calib_ece_options_default(&o);
        assert_int_equal(o.isa, LLMM_ISA_AUTO);
        o.isa = 99;
        assert_int_equal(llmm_calib_ece_create(&e, &o, NULL), LLMM_EINVAL);
        assert_null(e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_match_definition),
        cmocka_unit_test(test_kernels_long_runs),
        cmocka_unit_test(test_kernels_bad_values),
        cmocka_unit_test(test_update_paths_agree),
        cmocka_unit_test(test_f32_paths_agree),
        cmocka_unit_test(test_multiclass_paths_agree),
        cmocka_unit_test(test_update_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
