/* test_fair_i64.c - llmm_fair_update_i64 against llmm_fair_update on the same samples
 * (int64 vs int32 columns): identical serialized statistics with and without weights,
 * in one staged block and across many (the scratch object merged at the end); bad
 * values in any block, including int64 values whose low 32 bits are valid, give the
 * int32 path's status and index and add nothing; failing allocations give LLMM_ENOMEM
 * and add nothing. */
#include "fair_util.h"
#include <stdlib.h>

#define N 40000 /* more than two staging blocks */

typedef struct cols {
    int32_t y[N], p[N], g[N];
    int64_t y64[N], p64[N], g64[N];
    double w[N];
} cols;

static cols *make_cols(uint32_t n_groups, uint64_t seed)
{
    cols *c = (cols *)malloc(sizeof *c);
    uint64_t s = seed;
    size_t i;
    assert_non_null(c);
    for (i = 0; i < N; i++) {
        uint64_t r = rng_next(&s);
        c->y64[i] = c->y[i] = (int32_t)(r & 1);
        c->p64[i] = c->p[i] = (int32_t)(r >> 1 & 1);
        c->g64[i] = c->g[i] = (int32_t)((r >> 8) % n_groups);
        c->w[i] = (double)(r >> 40) * 0x1p-20;
    }
    return c;
}

static void test_same_statistics(void **state)
{
    static const size_t lens[] = {1, 255, 256, 16384, 16385, N};
    static const uint32_t groups[] = {2, 5, 70, 3000};
    size_t li, gi, wi;
    (void)state;
    for (gi = 0; gi < sizeof groups / sizeof groups[0]; gi++) {
        cols *c = make_cols(groups[gi], 11 + gi);
        for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
            for (wi = 0; wi < 2; wi++) {
                llmm_fair *a, *b;
                const double *w = wi ? c->w : NULL;
                assert_int_equal(llmm_fair_create(&a, NULL), LLMM_OK);
                assert_int_equal(llmm_fair_create(&b, NULL), LLMM_OK);
                /* something already there, so merging into it is exercised */
                assert_int_equal(llmm_fair_update(a, c->y, c->p, c->g, w, 100, NULL), LLMM_OK);
                assert_int_equal(llmm_fair_update(b, c->y, c->p, c->g, w, 100, NULL), LLMM_OK);
                assert_int_equal(llmm_fair_update(a, c->y, c->p, c->g, w, lens[li], NULL), LLMM_OK);
                assert_int_equal(llmm_fair_update_i64(b, c->y64, c->p64, c->g64, w, lens[li], NULL),
                                 LLMM_OK);
                fair_assert_same(a, b);
                llmm_fair_free(a);
                llmm_fair_free(b);
            }
        }
        free(c);
    }
}

static void test_bad_values(void **state)
{
    static const int64_t bad[] = {2, -1, INT64_C(1) << 32, (INT64_C(1) << 32) + 1, INT64_MIN,
                                  INT64_MAX, 65536 /* past the largest group id */};
    static const size_t at[] = {0, 16383, 16384, N - 1};
    cols *c = make_cols(7, 5);
    llmm_fair *f;
    size_t bi, ai, col, before_len, after_len;
    unsigned char *before, *after;
    (void)state;
    assert_int_equal(llmm_fair_create(&f, NULL), LLMM_OK);
    assert_int_equal(llmm_fair_update(f, c->y, c->p, c->g, NULL, 500, NULL), LLMM_OK);
    before = fair_ser(f, &before_len);
    for (bi = 0; bi < sizeof bad / sizeof bad[0]; bi++) {
        for (ai = 0; ai < sizeof at / sizeof at[0]; ai++) {
            for (col = 0; col < 3; col++) {
                int64_t *v = col == 0 ? c->y64 : col == 1 ? c->p64 : c->g64, keep = v[at[ai]];
                size_t where = 0, second = at[ai] == N - 1 ? N - 2 : N - 1;
                if (col == 2 && bad[bi] == 2) continue; /* 2 is a valid group id */
                v[at[ai]] = bad[bi];
                /* a second bad value later: the first is reported */
                c->g64[second] = -5;
                assert_int_equal(llmm_fair_update_i64(f, c->y64, c->p64, c->g64, NULL, N, &where),
                                 LLMM_ERANGE);
                assert_int_equal(where, at[ai] < N - 2 ? at[ai] : N - 2);
                c->g64[second] = c->g[second];
                v[at[ai]] = keep;
            }
        }
    }
    /* weights: NaN -> LLMM_ENONFINITE, negative -> LLMM_EDOMAIN, at their index */
    c->w[20000] = NAN;
    {
        size_t where = 0;
        assert_int_equal(llmm_fair_update_i64(f, c->y64, c->p64, c->g64, c->w, N, &where),
                         LLMM_ENONFINITE);
        assert_int_equal(where, 20000);
        c->w[20000] = -1.0;
        assert_int_equal(llmm_fair_update_i64(f, c->y64, c->p64, c->g64, c->w, N, &where),
                         LLMM_EDOMAIN);
        assert_int_equal(where, 20000);
    }
    after = fair_ser(f, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len); /* nothing added */
    assert_int_equal(llmm_fair_update_i64(NULL, c->y64, c->p64, c->g64, NULL, N, NULL), LLMM_ENULL);
    assert_int_equal(llmm_fair_update_i64(f, NULL, c->p64, c->g64, NULL, N, NULL), LLMM_ENULL);
    assert_int_equal(llmm_fair_update_i64(f, NULL, NULL, NULL, NULL, 0, NULL), LLMM_OK);
    free(before);
    free(after);
    llmm_fair_free(f);
    free(c);
}

static int fair_new(void **obj, const llmm_allocator *a)
{
    return llmm_fair_create((llmm_fair **)obj, a);
}
static int fair_update(void *obj, void *data)
{
    const cols *c = (const cols *)data;
    return llmm_fair_update_i64((llmm_fair *)obj, c->y64, c->p64, c->g64, c->w, N, NULL);
}
static int fair_empty(const void *obj) { return llmm_fair_n_group_ids((const llmm_fair *)obj) == 0; }
static void fair_del(void *obj) { llmm_fair_free((llmm_fair *)obj); }

static void test_nomem(void **state)
{
    static const update_ops ops = {fair_new, fair_update, fair_empty, fair_del};
    cols *c = make_cols(9, 3);
    (void)state;
    /* the staging buffer and the scratch object can both fail */
    assert_true(check_update_nomem(&ops, c) >= 2);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_statistics),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
