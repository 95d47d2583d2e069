/* test_recorder.c - llmm_recorder: 8 writer threads, snapshots taken while they run.
 * Checks that nothing is lost or counted twice (the union of interval snapshots equals
 * a single-thread sketch of the same values, byte for byte), that a multi-value call is
 * never split by a snapshot, and the argument checks. Also run under ThreadSanitizer
 * by `make tsan`. */
#include "test_util.h"
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#define THREADS 8
#define PER_THREAD 20000

typedef struct worker {
    llmm_recorder *r;
    int id;
    int rc;
    int *n_done; /* incremented atomically when the worker finishes */
} worker;

/* The value recorded by thread t at step i: deterministic, spread over 4 decades,
 * with some zeros and negatives. */
static double value_of(int t, int i)
{
    unsigned u = (unsigned)(t * PER_THREAD + i) * 2654435761u;
    if (u % 97 == 0) return 0.0;
    return (u % 89 == 0 ? -1.0 : 1.0) * (0.5 + (double)(u % 100000) / 7.0);
}

static void *run_worker(void *arg)
{
    worker *w = (worker *)arg;
    llmm_recorder_shard *s;
    int i, rc;
    uint32_t ch[2] = {0, 1};
    if ((rc = llmm_recorder_acquire(w->r, &s))) {
        w->rc = rc;
        return NULL;
    }
    for (i = 0; i < PER_THREAD; i++) {
        double v = value_of(w->id, i), pair[2];
        if (i % 256 == 0) sched_yield(); /* let snapshots interleave on few cores */
        pair[0] = pair[1] = v;
        /* channel 0 and 1 receive the same value in one unit */
        if ((rc = llmm_recorder_add_many(s, ch, pair, 2)) ||
            (rc = llmm_recorder_add(s, 2, v * 2)) || (rc = llmm_recorder_count(s, 0, 1)) ||
            (rc = llmm_recorder_count(s, 1, (uint64_t)w->id))) {
            w->rc = rc;
            break;
        }
    }
    llmm_recorder_release(s);
    __atomic_add_fetch(w->n_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void sketches_new(llmm_sketch **sk, int n, const llmm_sketch_options *o)
{
    int i;
    for (i = 0; i < n; i++) assert_int_equal(llmm_sketch_create(&sk[i], o, NULL), LLMM_OK);
}

static void assert_same_sketch(const llmm_sketch *a, const llmm_sketch *b)
{
    size_t na = llmm_sketch_serialized_size(a), nb = llmm_sketch_serialized_size(b), la, lb;
    unsigned char *ba = malloc(na), *bb = malloc(nb);
    assert_non_null(ba);
    assert_non_null(bb);
    assert_int_equal(llmm_sketch_serialize(a, ba, na, &la), LLMM_OK);
    assert_int_equal(llmm_sketch_serialize(b, bb, nb, &lb), LLMM_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);
}

static void test_threads_lose_nothing(void **state)
{
    llmm_recorder_options o;
    llmm_recorder *r;
    pthread_t th[THREADS];
    worker w[THREADS];
    llmm_sketch *interval[3], *acc[3], *ref[3];
    uint64_t counters[2], total_counters[2] = {0, 0};
    int t, i, c, snaps, n_done = 0;
    (void)state;
    llmm_recorder_options_default(&o);
    o.n_channels = 3;
    o.n_counters = 2;
    o.max_shards = THREADS;
    assert_int_equal(llmm_recorder_create(&r, &o, NULL), LLMM_OK);
    sketches_new(interval, 3, &o.sketch);
    sketches_new(acc, 3, &o.sketch);
    sketches_new(ref, 3, &o.sketch);
    for (t = 0; t < THREADS; t++) {
        w[t].r = r;
        w[t].id = t;
        w[t].rc = 0;
        w[t].n_done = &n_done;
        assert_int_equal(pthread_create(&th[t], NULL, run_worker, &w[t]), 0);
    }
    /* Interval snapshots while the writers run (until all are done): each must be
     * internally consistent. */
    for (snaps = 0; __atomic_load_n(&n_done, __ATOMIC_ACQUIRE) < THREADS; snaps++) {
        assert_int_equal(llmm_recorder_snapshot(r, 1, interval, counters), LLMM_OK);
        assert_true(llmm_sketch_count(interval[0]) == llmm_sketch_count(interval[1]));
        assert_true(llmm_sketch_sum(interval[0]) == llmm_sketch_sum(interval[1]));
        for (c = 0; c < 3; c++) assert_int_equal(llmm_sketch_merge(acc[c], interval[c]), LLMM_OK);
        total_counters[0] += counters[0];
        total_counters[1] += counters[1];
        sched_yield();
    }
    assert_true(snaps > 0);
    print_message("%d interval snapshots taken while %d threads recorded\n", snaps, THREADS);
    for (t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(w[t].rc, LLMM_OK);
    }
    assert_int_equal(llmm_recorder_snapshot(r, 1, interval, counters), LLMM_OK);
    for (c = 0; c < 3; c++) assert_int_equal(llmm_sketch_merge(acc[c], interval[c]), LLMM_OK);
    total_counters[0] += counters[0];
    total_counters[1] += counters[1];

    for (t = 0; t < THREADS; t++)
        for (i = 0; i < PER_THREAD; i++) {
            double v = value_of(t, i);
            assert_int_equal(llmm_sketch_add(ref[0], v), LLMM_OK);
            assert_int_equal(llmm_sketch_add(ref[1], v), LLMM_OK);
            assert_int_equal(llmm_sketch_add(ref[2], 2 * v), LLMM_OK);
        }
    for (c = 0; c < 3; c++) {
        assert_true(llmm_sketch_count(acc[c]) == (uint64_t)THREADS * PER_THREAD);
        assert_same_sketch(acc[c], ref[c]);
    }
    assert_true(total_counters[0] == (uint64_t)THREADS * PER_THREAD);
    assert_true(total_counters[1] == (uint64_t)PER_THREAD * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7));
    /* After a reset snapshot with no writes, everything is empty. */
    assert_int_equal(llmm_recorder_snapshot(r, 0, interval, counters), LLMM_OK);
    assert_true(llmm_sketch_count(interval[0]) == 0);
    assert_true(counters[0] == 0);
    for (c = 0; c < 3; c++) {
        llmm_sketch_free(interval[c]);
        llmm_sketch_free(acc[c]);
        llmm_sketch_free(ref[c]);
    }
    llmm_recorder_free(r);
}

static void test_cumulative_and_errors(void **state)
{
    llmm_recorder_options o;
    llmm_recorder *r, *r2;
    llmm_recorder_shard *s1, *s2, *s3;
    llmm_sketch *sk[1], *other;
    llmm_sketch_options so;
    uint64_t cnt[1];
    uint32_t bad_ch[2] = {0, 1};
    double vals[2] = {1.0, 2.0}, q;
    (void)state;
    llmm_recorder_options_default(&o);
    o.max_shards = 2;
    o.n_counters = 1;
    assert_int_equal(llmm_recorder_create(&r, &o, NULL), LLMM_OK);
    assert_int_equal(llmm_recorder_acquire(r, &s1), LLMM_OK);
    assert_int_equal(llmm_recorder_acquire(r, &s2), LLMM_OK);
    assert_int_equal(llmm_recorder_acquire(r, &s3), LLMM_ERANGE);
    assert_null(s3);
    assert_int_equal(llmm_recorder_add(s1, 0, 10.0), LLMM_OK);
    assert_int_equal(llmm_recorder_add(s2, 0, 30.0), LLMM_OK);
    assert_int_equal(llmm_recorder_add(s1, 1, 1.0), LLMM_ERANGE);
    assert_int_equal(llmm_recorder_add(s1, 0, NAN), LLMM_ENONFINITE);
    assert_int_equal(llmm_recorder_count(s1, 1, 1), LLMM_ERANGE);
    assert_int_equal(llmm_recorder_count(s1, 0, 5), LLMM_OK);
    /* a bad element rejects the whole unit */
    assert_int_equal(llmm_recorder_add_many(s1, bad_ch, vals, 2), LLMM_ERANGE);
    vals[1] = INFINITY;
    bad_ch[1] = 0;
    assert_int_equal(llmm_recorder_add_many(s1, bad_ch, vals, 2), LLMM_ENONFINITE);
    llmm_recorder_release(s2);
    assert_int_equal(llmm_recorder_acquire(r, &s3), LLMM_OK);
    assert_ptr_equal(s3, s2); /* the freed shard is reused, data kept */
    assert_int_equal(llmm_sketch_create(&sk[0], NULL, NULL), LLMM_OK);
    /* cumulative (reset = 0): two snapshots see the same totals */
    assert_int_equal(llmm_recorder_snapshot(r, 0, sk, cnt), LLMM_OK);
    assert_true(llmm_sketch_count(sk[0]) == 2);
    assert_true(cnt[0] == 5);
    assert_int_equal(llmm_recorder_add(s3, 0, 20.0), LLMM_OK);
    assert_int_equal(llmm_recorder_snapshot(r, 0, sk, cnt), LLMM_OK);
    assert_true(llmm_sketch_count(sk[0]) == 3);
    assert_true(llmm_sketch_sum(sk[0]) == 60.0);
    assert_int_equal(llmm_sketch_quantile(sk[0], 0.5, &q), LLMM_OK);
    assert_true(fabs(q - 20.0) <= 0.01 * 20.0);
    /* a sketch with other options is refused before anything changes */
    llmm_sketch_options_default(&so);
    so.relative_accuracy = 0.02;
    assert_int_equal(llmm_sketch_create(&other, &so, NULL), LLMM_OK);
    assert_int_equal(llmm_recorder_snapshot(r, 0, &other, NULL), LLMM_EINVAL);
    assert_true(llmm_sketch_count(other) == 0);
    /* NULL arrays are allowed */
    assert_int_equal(llmm_recorder_snapshot(r, 0, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_recorder_add(NULL, 0, 1.0), LLMM_ENULL);
    assert_int_equal(llmm_recorder_acquire(NULL, &s3), LLMM_ENULL);
    o.n_channels = 0;
    assert_int_equal(llmm_recorder_create(&r2, &o, NULL), LLMM_EINVAL);
    assert_null(r2);
    llmm_sketch_free(sk[0]);
    llmm_sketch_free(other);
    llmm_recorder_release(s1);
    llmm_recorder_release(s3);
    llmm_recorder_free(r);
    llmm_recorder_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_lose_nothing),
        cmocka_unit_test(test_cumulative_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
