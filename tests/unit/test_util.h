/* test_util.h - helpers shared by the cmocka unit tests. */
#ifndef LLMM_TEST_UTIL_H
#define LLMM_TEST_UTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "llmmetrics.h"

static inline llmm_str test_str(const char *s)
{
    llmm_str r;
    r.ptr = s;
    r.len = strlen(s);
    return r;
}

/* |a - b| <= max(1e-12, rel * |b|) */
#define assert_close(a, b, rel)                                                     \
    do {                                                                            \
        double a_ = (a), b_ = (b);                                                  \
        double tol_ = fabs(b_) * (rel) > 1e-12 ? fabs(b_) * (rel) : 1e-12;          \
        if (!(fabs(a_ - b_) <= tol_)) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

/* An allocator that counts calls and can be told to fail after N allocations. */
/* xorshift64: the tests' deterministic random numbers (seed must not be 0). */
static inline uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

typedef struct counting_alloc {
    long allocs, frees, live_bytes;
    long fail_after;   /* -1: never fail */
} counting_alloc;

static void *ca_alloc(void *u, size_t n)
{
    counting_alloc *c = (counting_alloc *)u;
    if (c->fail_after >= 0 && c->allocs >= c->fail_after) return NULL;
    c->allocs++;
    c->live_bytes += (long)n;
    return test_malloc(n ? n : 1);
}
static void *ca_realloc(void *u, void *p, size_t old_n, size_t new_n)
{
    counting_alloc *c = (counting_alloc *)u;
    if (c->fail_after >= 0 && c->allocs >= c->fail_after) return NULL;
    c->allocs++;
    c->live_bytes += (long)new_n - (long)old_n;
    return test_realloc(p, new_n ? new_n : 1);
}
static void ca_free(void *u, void *p, size_t n)
{
    counting_alloc *c = (counting_alloc *)u;
    c->frees++;
    c->live_bytes -= (long)n;
    test_free(p);
}
static inline llmm_allocator counting_allocator(counting_alloc *c)
{
    llmm_allocator a;
    a.alloc = ca_alloc;
    a.realloc = ca_realloc;
    a.free = ca_free;
    a.user = c;
    return a;
}
/* A scorer under check_alloc_contract(): create it with an allocator, score segment
 * kind k (0: a first segment, 1: a steady-state segment, 2: a segment scored while
 * allocations fail), free it. */
typedef struct scorer_ops {
    int (*create)(void **obj, const llmm_allocator *a);
    int (*score)(void *obj, int k);
    void (*destroy)(void *obj);
} scorer_ops;

/* No allocation per segment in steady state; every byte freed; each allocation failure
 * gives LLMM_ENOMEM and no leak. */
static inline void check_alloc_contract(const scorer_ops *ops)
{
    counting_alloc c = {0, 0, 0, -1};
    llmm_allocator a = counting_allocator(&c);
    void *obj;
    long before;
    int i, rc;
    assert_int_equal(ops->create(&obj, &a), LLMM_OK);
    assert_int_equal(ops->score(obj, 0), LLMM_OK);
    before = c.allocs;
    for (i = 0; i < 100; i++)
        assert_int_equal(ops->score(obj, 1), LLMM_OK);
    assert_int_equal(c.allocs, before);
    ops->destroy(obj);
    assert_int_equal(c.live_bytes, 0);
    for (i = 0; i < 40; i++) {
        counting_alloc f = {0, 0, 0, i};
        llmm_allocator fa = counting_allocator(&f);
        rc = ops->create(&obj, &fa);
        if (rc == LLMM_OK) {
            rc = ops->score(obj, 2);
            assert_true(rc == LLMM_OK || rc == LLMM_ENOMEM);
            ops->destroy(obj);
        } else {
            assert_int_equal(rc, LLMM_ENOMEM);
        }
        assert_int_equal(f.live_bytes, 0);
    }
}
/* An update under check_update_nomem(): create an empty object with an allocator, run
 * the update on it, tell whether it is still empty, free it. */
typedef struct update_ops {
    int (*create)(void **obj, const llmm_allocator *a);
    int (*update)(void *obj, void *data);
    int (*is_empty)(const void *obj);
    void (*destroy)(void *obj);
} update_ops;

/* Fails the update's k-th allocation for k = 0, 1, ... until it succeeds: each failure
 * is LLMM_ENOMEM and leaves the object empty, and nothing leaks. Returns how many
 * allocations could fail. */
static inline long check_update_nomem(const update_ops *ops, void *data)
{
    long k;
    for (k = 0;; k++) {
        counting_alloc ca = {0, 0, 0, -1};
        llmm_allocator a = counting_allocator(&ca);
        void *obj;
        int rc;
        assert_int_equal(ops->create(&obj, &a), LLMM_OK);
        ca.fail_after = ca.allocs + k;
        rc = ops->update(obj, data);
        if (rc != LLMM_OK) {
            assert_int_equal(rc, LLMM_ENOMEM);
            assert_true(ops->is_empty(obj));
        }
        ops->destroy(obj);
        assert_int_equal(ca.live_bytes, 0);
        if (rc == LLMM_OK) return k;
    }
}

#endif
