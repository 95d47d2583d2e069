/* test_fair_fast.c - the one-read unweighted paths of llmm_fair_update (core/tally.h)
 * against the general two-pass path, for each tally kernel (scalar, AVX2 when the CPU
 * has it, auto): random batches of every awkward length, group ids up to 63 (the
 * sub-histogram table) and past it (block-wise counting with undo), and bad labels /
 * ids in any block or a failing allocation, which must leave the statistics unchanged
 * and report the first bad index. The reference is the same
 * data fed in slices shorter than LLMMI_TALLY_MIN, which always take the general path;
 * results are compared byte for byte through serialization. */
#include "fair_util.h"
#include "core/tally.h"
#include "fair/fair_internal.h"
#include <stdlib.h>

#define CAP 5000

static const int isas[] = {LLMM_ISA_SCALAR, LLMM_ISA_AVX2, LLMM_ISA_AUTO};

static void fill(int32_t *y, int32_t *p, int32_t *g, size_t n, uint32_t n_groups, uint64_t seed)
{
    uint64_t s = seed;
    size_t i;
    for (i = 0; i < n; i++) {
        uint64_t r = rng_next(&s);
        y[i] = (int32_t)(r & 1);
        p[i] = (int32_t)(r >> 1 & 1);
        g[i] = (int32_t)((r >> 8) % n_groups);
    }
}

static int isa_ok(int isa) { return isa == LLMM_ISA_AUTO || llmm_isa_supported(isa); }

/* ref += the batch, through the general path (slices of fewer than LLMMI_TALLY_MIN). */
static void update_slices(llmm_fair *ref, const int32_t *y, const int32_t *p, const int32_t *g,
                          size_t n)
{
    size_t i, m;
    for (i = 0; i < n; i += m) {
        m = n - i < LLMMI_TALLY_MIN - 1 ? n - i : LLMMI_TALLY_MIN - 1;
        assert_int_equal(llmm_fair_update(ref, y + i, p + i, g + i, NULL, m, NULL), LLMM_OK);
    }
}

static void test_lengths(void **state)
{
    static const size_t lens[] = {256, 257, 263, 1023, 1024, 1025, 1040, 2048, 3001, CAP};
    static const uint32_t groups[] = {1, 2, 5, 63, 64};
    int32_t *y = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *p = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *g = (int32_t *)malloc(CAP * sizeof(int32_t));
    size_t li, gi, ii;
    (void)state;
    for (gi = 0; gi < sizeof groups / sizeof groups[0]; gi++) {
        for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
            fill(y, p, g, lens[li], groups[gi], 0x1234 + li * 77 + gi);
            for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
                llmm_fair *f, *ref;
                llmm_fair_group row;
                uint64_t total = 0;
                uint32_t k;
                if (!isa_ok(isas[ii])) continue;
                assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
                assert_int_equal(llmm_fair_create(&ref, NULL), LLMM_OK);
                /* an earlier weighted sample and group 70 (beyond the fast table) first:
                 * the one-read path adds to existing cells */
                assert_int_equal(llmm_fair_update(f, (const int32_t[]){1}, (const int32_t[]){0},
                                                  (const int32_t[]){70},
                                                  (const double[]){0.5}, 1, NULL),
                                 LLMM_OK);
                assert_int_equal(llmm_fair_update(ref, (const int32_t[]){1}, (const int32_t[]){0},
                                                  (const int32_t[]){70},
                                                  (const double[]){0.5}, 1, NULL),
                                 LLMM_OK);
                assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, lens[li], NULL, isas[ii]),
                                 LLMM_OK);
                update_slices(ref, y, p, g, lens[li]);
                fair_assert_same(f, ref);
                /* the counts themselves, against a direct count */
                assert_int_equal(llmm_fair_n_group_ids(f), 71);
                for (k = 0; k < 71; k++) {
                    assert_int_equal(llmm_fair_group_get(f, k, &row), LLMM_OK);
                    total += row.count;
                }
                assert_int_equal(total, lens[li] + 1);
                llmm_fair_free(f);
                llmm_fair_free(ref);
            }
        }
    }
    free(y);
    free(p);
    free(g);
}

static void test_counts(void **state)
{
    /* 300 samples in 3 groups with known cells: group 1 gets every (y, p) pair */
    int32_t y[300], p[300], g[300];
    size_t i, ii;
    (void)state;
    for (i = 0; i < 300; i++) {
        g[i] = (int32_t)(i % 3);
        y[i] = (int32_t)(i / 3 % 2);
        p[i] = (int32_t)(i / 6 % 2);
    }
    for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
        llmm_fair *f;
        llmm_fair_group row;
        if (!isa_ok(isas[ii])) continue;
        assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
        assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, 300, NULL, isas[ii]), LLMM_OK);
        assert_int_equal(llmm_fair_n_group_ids(f), 3);
        assert_int_equal(llmm_fair_group_get(f, 1, &row), LLMM_OK);
        /* i / 3 runs over 0..99: (y, p) = (i/3 % 2, i/6 % 2) cycles TN, FN, FP, TP */
        assert_int_equal(row.count, 100);
        assert_true(row.tn == 25.0 && row.fp == 25.0 && row.fn == 25.0 && row.tp == 25.0);
        assert_true(row.weight == 100.0 && row.selection_rate == 0.5 && row.tpr == 0.5);
        llmm_fair_free(f);
    }
}

/* A bad value at `at` (in any block, after others were counted): status, first bad
 * index, statistics unchanged. */
static void check_bad(int32_t *col, size_t at, int32_t v, const int32_t *y, const int32_t *p,
                      const int32_t *g, size_t n, int isa)
{
    llmm_fair *f, *ref;
    size_t bad = 12345;
    int32_t keep = col[at];
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_create(&ref, NULL), LLMM_OK);
    update_slices(f, y, p, g, 200);
    update_slices(ref, y, p, g, 200);
    col[at] = v;
    assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, n, &bad, isa), LLMM_ERANGE);
    assert_int_equal(bad, at);
    col[at] = keep;
    fair_assert_same(f, ref);
    llmm_fair_free(f);
    llmm_fair_free(ref);
}

static void test_bad_input(void **state)
{
    static const size_t where[] = {0, 7, 1023, 1024, 2500, 4095, 4099};
    static const int32_t bad_label[] = {2, -1, INT32_MIN, 64};
    static const int32_t bad_group[] = {-1, 65536, INT32_MIN, INT32_MAX};
    int32_t *y = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *p = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *g = (int32_t *)malloc(CAP * sizeof(int32_t));
    size_t wi, vi, ii;
    (void)state;
    fill(y, p, g, 4100, 7, 99);
    for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
        if (!isa_ok(isas[ii])) continue;
        for (wi = 0; wi < sizeof where / sizeof where[0]; wi++) {
            for (vi = 0; vi < 4; vi++) {
                check_bad(y, where[wi], bad_label[vi], y, p, g, 4100, isas[ii]);
                check_bad(p, where[wi], bad_label[vi], y, p, g, 4100, isas[ii]);
                check_bad(g, where[wi], bad_group[vi], y, p, g, 4100, isas[ii]);
            }
        }
        /* two bad values: the first is reported */
        {
            llmm_fair *f;
            size_t bad = 0;
            assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
            y[3000] = 5;
            g[2000] = -3;
            assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, 4100, &bad, isas[ii]),
                             LLMM_ERANGE);
            assert_int_equal(bad, 2000);
            assert_int_equal(llmm_fair_n_group_ids(f), 0);
            y[3000] = 1;
            g[2000] = 3;
            llmm_fair_free(f);
        }
    }
    free(y);
    free(p);
    free(g);
}

static void test_large_ids(void **state)
{
    /* ids >= 64 anywhere (valid up to 65535) take the general path, same answer */
    static const int32_t big[] = {64, 100, 65535};
    int32_t *y = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *p = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *g = (int32_t *)malloc(CAP * sizeof(int32_t));
    size_t bi, ii;
    (void)state;
    fill(y, p, g, 3000, 5, 7);
    for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
        if (!isa_ok(isas[ii])) continue;
        for (bi = 0; bi < 3; bi++) {
            llmm_fair *f, *ref;
            g[2999 - bi * 1000] = big[bi];
            assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
            assert_int_equal(llmm_fair_create(&ref, NULL), LLMM_OK);
            assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, 3000, NULL, isas[ii]),
                             LLMM_OK);
            update_slices(ref, y, p, g, 3000);
            assert_int_equal(llmm_fair_n_group_ids(f), (uint32_t)big[bi] + 1);
            fair_assert_same(f, ref);
            llmm_fair_free(f);
            llmm_fair_free(ref);
        }
        fill(y, p, g, 3000, 5, 7);
    }
    free(y);
    free(p);
    free(g);
}

static void test_large_ids_bad(void **state)
{
    /* ids >= 64 in the blocks before a bad value: the blocks counted so far are undone
     * and the table shrinks back (same serialized statistics, same number of ids) */
    int32_t *y = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *p = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *g = (int32_t *)malloc(CAP * sizeof(int32_t));
    size_t ii;
    (void)state;
    fill(y, p, g, 4000, 5, 21);
    g[10] = 100;
    g[1500] = 5000;
    for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
        if (!isa_ok(isas[ii])) continue;
        check_bad(p, 3000, 2, y, p, g, 4000, isas[ii]);
        check_bad(g, 3999, -7, y, p, g, 4000, isas[ii]);
        check_bad(g, 1100, 65536, y, p, g, 4000, isas[ii]);
        check_bad(y, 1024, -1, y, p, g, 4000, isas[ii]);
    }
    free(y);
    free(p);
    free(g);
}

static void test_nomem_large_ids(void **state)
{
    /* growing the table for a later block fails: LLMM_ENOMEM, earlier blocks undone */
    counting_alloc c = {0, 0, 0, -1};
    llmm_allocator a = counting_allocator(&c);
    int32_t *y = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *p = (int32_t *)malloc(CAP * sizeof(int32_t));
    int32_t *g = (int32_t *)malloc(CAP * sizeof(int32_t));
    llmm_fair *f, *ref;
    size_t ii;
    (void)state;
    fill(y, p, g, 3000, 5, 33);
    g[300] = 70;   /* block 0: the table grows to 128 ids (one allocation) */
    g[2100] = 900; /* block 2: must grow again */
    for (ii = 0; ii < sizeof isas / sizeof isas[0]; ii++) {
        if (!isa_ok(isas[ii])) continue;
        assert_int_equal(llmm_fair_create(&f, &a), LLMM_OK);
        assert_int_equal(llmm_fair_create(&ref, NULL), LLMM_OK);
        update_slices(f, y, p, g, 200);
        update_slices(ref, y, p, g, 200);
        c.fail_after = c.allocs + 1;
        assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, 3000, NULL, isas[ii]),
                         LLMM_ENOMEM);
        fair_assert_same(f, ref);
        assert_int_equal(llmm_fair_n_group_ids(f), 5);
        c.fail_after = -1;
        assert_int_equal(llmmi_fair_update_isa(f, y, p, g, NULL, 3000, NULL, isas[ii]), LLMM_OK);
        update_slices(ref, y, p, g, 3000);
        fair_assert_same(f, ref);
        assert_int_equal(llmm_fair_n_group_ids(f), 901);
        llmm_fair_free(f);
        llmm_fair_free(ref);
        assert_int_equal(c.live_bytes, 0);
    }
    free(y);
    free(p);
    free(g);
}

static void test_nomem(void **state)
{
    /* growing the group table fails: LLMM_ENOMEM, statistics unchanged */
    counting_alloc c = {0, 0, 0, -1};
    llmm_allocator a = counting_allocator(&c);
    int32_t y[512], p[512], g[512];
    llmm_fair *f;
    (void)state;
    fill(y, p, g, 512, 9, 3);
    assert_int_equal(llmm_fair_create(&f, &a), LLMM_OK);
    c.fail_after = c.allocs;
    assert_int_equal(llmm_fair_update(f, y, p, g, NULL, 512, NULL), LLMM_ENOMEM);
    assert_int_equal(llmm_fair_n_group_ids(f), 0);
    c.fail_after = -1;
    assert_int_equal(llmm_fair_update(f, y, p, g, NULL, 512, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_n_group_ids(f), 9);
    llmm_fair_free(f);
    assert_int_equal(c.live_bytes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),   cmocka_unit_test(test_counts),
        cmocka_unit_test(test_bad_input), cmocka_unit_test(test_large_ids),
        cmocka_unit_test(test_large_ids_bad), cmocka_unit_test(test_nomem_large_ids),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
