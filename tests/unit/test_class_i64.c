/* test_class_i64.c - llmm_class_update_i64 against llmm_class_update(_weighted) on the
 * same pairs (int64 vs int32 labels): identical serialized statistics with and without
 * weights, in one staged block and across many (the scratch matrix merged at the end);
 * bad labels in any block, including int64 values whose low 32 bits are valid, and bad
 * weights give the int32 path's status and index and add nothing; failing allocations
 * give LLMM_ENOMEM and add nothing. */
#include "test_util.h"
#include <stdlib.h>

#define N 40000 /* more than two staging blocks */

typedef struct cols {
    int32_t t[N], p[N];
    int64_t t64[N], p64[N];
    double w[N];
} cols;

static cols *make_cols(uint32_t k, uint64_t seed)
{
    cols *c = (cols *)malloc(sizeof *c);
    uint64_t s = seed;
    size_t i;
    assert_non_null(c);
    for (i = 0; i < N; i++) {
        uint64_t r = rng_next(&s);
        c->t64[i] = c->t[i] = (int32_t)(r % k);
        c->p64[i] = c->p[i] = (int32_t)((r >> 20) % k);
        c->w[i] = (double)(r >> 40) * 0x1p-20 - 1.0; /* negative weights are allowed */
    }
    return c;
}

static unsigned char *ser(const llmm_class *cm, size_t *len)
{
    unsigned char *b;
    *len = llmm_class_serialized_size(cm);
    b = (unsigned char *)malloc(*len);
    assert_non_null(b);
    assert_int_equal(llmm_class_serialize(cm, b, *len, len), LLMM_OK);
    return b;
}

static void assert_same(const llmm_class *a, const llmm_class *b)
{
    size_t la, lb;
    unsigned char *sa = ser(a, &la), *sb = ser(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    free(sa);
    free(sb);
}

static int update32(llmm_class *cm, const cols *c, const double *w, size_t n, size_t *bad)
{
    return w ? llmm_class_update_weighted(cm, c->t, c->p, w, n, bad)
             : llmm_class_update(cm, c->t, c->p, n, bad);
}

static void test_same_statistics(void **state)
{
    static const size_t lens[] = {1, 255, 256, 16384, 16385, N};
    static const uint32_t ks[] = {2, 5, 300};
    size_t li, ki, wi;
    (void)state;
    for (ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
        cols *c = make_cols(ks[ki], 21 + ki);
        for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
            for (wi = 0; wi < 2; wi++) {
                llmm_class *a, *b;
                const double *w = wi ? c->w : NULL;
                assert_int_equal(llmm_class_create(&a, ks[ki], NULL), LLMM_OK);
                assert_int_equal(llmm_class_create(&b, ks[ki], NULL), LLMM_OK);
                /* something already there, so merging into it is exercised */
                assert_int_equal(update32(a, c, NULL, 100, NULL), LLMM_OK);
                assert_int_equal(update32(b, c, NULL, 100, NULL), LLMM_OK);
                assert_int_equal(update32(a, c, w, lens[li], NULL), LLMM_OK);
                assert_int_equal(llmm_class_update_i64(b, c->t64, c->p64, w, lens[li], NULL),
                                 LLMM_OK);
                assert_same(a, b);
                llmm_class_free(a);
                llmm_class_free(b);
            }
        }
        free(c);
    }
}

static void test_bad_values(void **state)
{
    static const int64_t bad[] = {2, -1, INT64_C(1) << 32, (INT64_C(1) << 32) + 1, INT64_MIN,
                                  INT64_MAX};
    static const size_t at[] = {0, 16383, 16384, N - 1};
    cols *c = make_cols(2, 5);
    llmm_class *cm;
    size_t bi, ai, col, before_len, after_len, where;
    unsigned char *before, *after;
    (void)state;
    assert_int_equal(llmm_class_create(&cm, 2, NULL), LLMM_OK);
    assert_int_equal(update32(cm, c, NULL, 500, NULL), LLMM_OK);
    before = ser(cm, &before_len);
    for (bi = 0; bi < sizeof bad / sizeof bad[0]; bi++) {
        for (ai = 0; ai < sizeof at / sizeof at[0]; ai++) {
            for (col = 0; col < 2; col++) {
                int64_t *v = col == 0 ? c->t64 : c->p64, keep = v[at[ai]];
                size_t second = at[ai] == N - 1 ? N - 2 : N - 1;
                v[at[ai]] = bad[bi];
                c->p64[second] = 7; /* a second bad label later: the first is reported */
                where = 0;
                assert_int_equal(llmm_class_update_i64(cm, c->t64, c->p64, NULL, N, &where),
                                 LLMM_ERANGE);
                assert_int_equal(where, at[ai] < N - 2 ? at[ai] : N - 2);
                assert_int_equal(llmm_class_update_i64(cm, c->t64, c->p64, c->w, N, &where),
                                 LLMM_ERANGE);
                assert_int_equal(where, at[ai] < N - 2 ? at[ai] : N - 2);
                c->p64[second] = c->p[second];
                v[at[ai]] = keep;
            }
        }
    }
    c->w[20000] = NAN;
    assert_int_equal(llmm_class_update_i64(cm, c->t64, c->p64, c->w, N, &where), LLMM_ENONFINITE);
    assert_int_equal(where, 20000);
    after = ser(cm, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len); /* nothing added */
    assert_int_equal(llmm_class_update_i64(NULL, c->t64, c->p64, NULL, N, NULL), LLMM_ENULL);
    assert_int_equal(llmm_class_update_i64(cm, NULL, c->p64, NULL, N, NULL), LLMM_ENULL);
    assert_int_equal(llmm_class_update_i64(cm, NULL, NULL, NULL, 0, NULL), LLMM_OK);
    free(before);
    free(after);
    llmm_class_free(cm);
    free(c);
}

static int class_new(void **obj, const llmm_allocator *a)
{
    return llmm_class_create((llmm_class **)obj, 3, a);
}
static int class_update(void *obj, void *data)
{
    const cols *c = (const cols *)data;
    return llmm_class_update_i64((llmm_class *)obj, c->t64, c->p64, c->w, N, NULL);
}
static int class_empty(const void *obj) { return llmm_class_total((const llmm_class *)obj) == 0; }
static void class_del(void *obj) { llmm_class_free((llmm_class *)obj); }

static void test_nomem(void **state)
{
    static const update_ops ops = {class_new, class_update, class_empty, class_del};
    cols *c = make_cols(3, 3);
    (void)state;
    /* the staging buffer and the scratch matrix can both fail */
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
