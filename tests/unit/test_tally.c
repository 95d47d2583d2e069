/* test_tally.c - the one-read key counter (core/tally.h): the AVX2 block kernel
 * against the portable one (keys of valid elements, unsigned maxima with negative and
 * huge values, every length up to a block, with and without the third column),
 * llmmi_tally against a direct count, and the one-read path of llmm_class_update
 * (sub-histograms for K <= 16, block-wise validate-then-count with undo above) against
 * the general path: same matrix, and bad labels in any block leave it unchanged with
 * the first bad index. */
#include "test_util.h"
#include "core/tally.h"
#include "class/class_internal.h"
#include <stdlib.h>

#define CAP 5000

static const int isas[] = {LLMM_ISA_SCALAR, LLMM_ISA_AVX2, LLMM_ISA_AUTO};

static int isa_ok(int isa) { return isa == LLMM_ISA_AUTO || llmm_isa_supported(isa); }

/* Labels in [0, k), ids in [0, c_lim); with odd != 0 about one element in 50 of each
 * column is out of range (negative, just past the limit, or huge). */
static void fill(int32_t *a, int32_t *b, int32_t *c, size_t n, uint32_t k, uint32_t c_lim,
                 int odd, uint64_t seed)
{
    static const int32_t wild[] = {-1, INT32_MIN, INT32_MAX, 1000, 65536};
    uint64_t s = seed;
    size_t i;
    for (i = 0; i < n; i++) {
        uint64_t r = rng_next(&s);
        a[i] = (int32_t)(r % k);
        b[i] = (int32_t)((r >> 16) % k);
        c[i] = (int32_t)((r >> 32) % c_lim);
        if (odd && (r >> 48) % 50 == 0) {
            int32_t v = (r >> 56) % 6 == 5 ? (int32_t)k : wild[(r >> 56) % 6 % 5];
            int32_t *col = (r >> 60) % 3 == 0 ? a : (r >> 60) % 3 == 1 ? b : c;
            col[i] = v;
        }
    }
}

static void test_kernels(void **state)
{
    static const uint32_t ks[] = {2, 3, 16};
    int32_t a[LLMMI_TALLY_BLOCK], b[LLMMI_TALLY_BLOCK], c[LLMMI_TALLY_BLOCK];
    uint32_t k1[LLMMI_TALLY_BLOCK], k2[LLMMI_TALLY_BLOCK];
    size_t m, i, ki;
    int odd, with_c;
    (void)state;
    if (!llmm_isa_supported(LLMM_ISA_AVX2)) skip();
    for (ki = 0; ki < 3; ki++)
        for (odd = 0; odd < 2; odd++)
            for (with_c = 0; with_c < 2; with_c++)
                for (m = 0; m <= LLMMI_TALLY_BLOCK; m += m < 40 ? 1 : 197) {
                    uint32_t ab1, c1, ab2, c2, mab = 0, mc = 0;
                    const int32_t *cc = with_c ? c : NULL;
                    fill(a, b, c, m, ks[ki], 256 / (ks[ki] * ks[ki]), odd, 5 + m);
                    llmmi_tally_keys_scalar(a, b, cc, m, ks[ki], k1, &ab1, &c1);
                    llmmi_tally_keys_avx2(a, b, cc, m, ks[ki], k2, &ab2, &c2);
                    for (i = 0; i < m; i++) {
                        uint32_t x = (uint32_t)a[i], y = (uint32_t)b[i];
                        uint32_t z = cc ? (uint32_t)c[i] : 0;
                        mab = x > mab ? x : mab;
                        mab = y > mab ? y : mab;
                        mc = z > mc ? z : mc;
                        if (x < ks[ki] && y < ks[ki]) {
                            assert_int_equal(k1[i], (z * ks[ki] + x) * ks[ki] + y);
                            assert_int_equal(k2[i], k1[i]);
                        }
                    }
                    assert_int_equal(ab1, mab);
                    assert_int_equal(ab2, mab);
                    assert_int_equal(c1, mc);
                    assert_int_equal(c2, mc);
                }
}

static void test_tally_counts(void **state)
{
    static const size_t lens[] = {1, 7, 1024, 1031, CAP};
    int32_t *a = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *b = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *c = (int32_t *)malloc(CAP * sizeof(int32_t));
    uint64_t cnt[LLMMI_TALLY_KEYS], want[LLMMI_TALLY_KEYS];
    size_t li, ii, i;
    int32_t keep;
    (void)state;
    for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        fill(a, b, c, lens[li], 3, 28, 0, 11 + li);
        memset(want, 0, sizeof want);
        for (i = 0; i < lens[li]; i++) want[(c[i] * 3 + a[i]) * 3 + b[i]]++;
        for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
            if (!isa_ok(isas[ii])) continue;
            assert_int_equal(llmmi_tally(a, b, c, lens[li], 3, 28, isas[ii], cnt), 1);
            assert_memory_equal(cnt, want, sizeof want);
            /* one id at the limit, in the last element: not all valid */
            keep = c[lens[li] - 1];
            c[lens[li] - 1] = 28;
            assert_int_equal(llmmi_tally(a, b, c, lens[li], 3, 28, isas[ii], cnt), 0);
            c[lens[li] - 1] = keep;
        }
    }
    free(a);
    free(b);
    free(c);
}

/* Same matrix and total. */
static void assert_same(const llmm_class *x, const llmm_class *y)
{
    uint32_t k = llmm_class_n_classes(x);
    size_t kk = (size_t)k * k;
    uint64_t *cx = (uint64_t *)malloc(kk * sizeof(uint64_t));
    uint64_t *cy = (uint64_t *)malloc(kk * sizeof(uint64_t));
    assert_int_equal(llmm_class_n_classes(y), k);
    assert_int_equal(llmm_class_confusion(x, cx, kk), LLMM_OK);
    assert_int_equal(llmm_class_confusion(y, cy, kk), LLMM_OK);
    assert_memory_equal(cx, cy, kk * sizeof(uint64_t));
    assert_int_equal(llmm_class_total(x), llmm_class_total(y));
    free(cx);
    free(cy);
}

static void test_class(void **state)
{
    static const uint32_t ks[] = {1, 2, 3, 16, 17, 300};
    static const size_t lens[] = {255, 256, 1025, CAP};
    static const size_t where[] = {0, 1023, 1024, 4999};
    int32_t *a = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *b = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *c = (int32_t *)malloc(CAP * sizeof(int32_t));
    size_t ki, li, ii, wi, i;
    (void)state;
    for (ki = 0; ki < 6; ki++) {
        for (li = 0; li < 4; li++) {
            fill(a, b, c, lens[li], ks[ki], 1, 0, 3 + li + 10 * ki);
            for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
                llmm_class *cm, *ref;
                if (!isa_ok(isas[ii])) continue;
                assert_int_equal(llmm_class_create(&cm, ks[ki], NULL), LLMM_OK);
                assert_int_equal(llmm_class_create(&ref, ks[ki], NULL), LLMM_OK);
                assert_int_equal(llmmi_class_update_isa(cm, a, b, lens[li], NULL, isas[ii]),
                                 LLMM_OK);
                assert_int_equal(llmmi_class_update_isa(cm, b, a, lens[li], NULL, isas[ii]),
                                 LLMM_OK);
                for (i = 0; i < lens[li]; i++) {
                    assert_int_equal(llmm_class_update(ref, a + i, b + i, 1, NULL), LLMM_OK);
                    assert_int_equal(llmm_class_update(ref, b + i, a + i, 1, NULL), LLMM_OK);
                }
                assert_same(cm, ref);
                if (lens[li] == CAP && ks[ki] > 1) {
                    for (wi = 0; wi < 4; wi++) {
                        size_t bad = 0;
                        int32_t keep = b[where[wi]];
                        b[where[wi]] = wi % 2 ? -1 : (int32_t)ks[ki];
                        assert_int_equal(
                            llmmi_class_update_isa(cm, a, b, CAP, &bad, isas[ii]), LLMM_ERANGE);
                        assert_int_equal(bad, where[wi]);
                        b[where[wi]] = keep;
                        assert_same(cm, ref);
                    }
                }
                llmm_class_free(cm);
                llmm_class_free(ref);
            }
        }
    }
    free(a);
    free(b);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels),
        cmocka_unit_test(test_tally_counts),
        cmocka_unit_test(test_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
