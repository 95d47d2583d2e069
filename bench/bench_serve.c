/* bench_serve.c - DDSketch inserts/s, merges/s and quantiles/s, recorder cost per record
 * with 1 and 2 writer threads, and the exact (numpy-linear, sort-based) quantile path
 * for comparison. Synthetic lognormal-like latencies, generated deterministically. */
#include "bench.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define N_VALUES (1u << 22)

/* Deterministic values spread like latencies (~0.5 ms .. 5 s). */
static void fill_values(double *x, size_t n)
{
    uint64_t s = 0x9E3779B97F4A7C15u;
    size_t i;
    for (i = 0; i < n; i++) {
        double u;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        u = (double)(s >> 11) / 9007199254740992.0;
        x[i] = exp(4.0 + 2.0 * (u - 0.5) * 4.5);
    }
}

typedef struct rec_arg {
    llmm_recorder *r;
    const double *x;
    size_t n;
    double seconds;
} rec_arg;

static void *rec_thread(void *p)
{
    rec_arg *a = (rec_arg *)p;
    llmm_recorder_shard *s;
    size_t i;
    double t0;
    if (llmm_recorder_acquire(a->r, &s)) return NULL;
    t0 = bench_now();
    for (i = 0; i < a->n; i++) llmm_recorder_add(s, 0, a->x[i]);
    a->seconds = bench_now() - t0;
    llmm_recorder_release(s);
    return NULL;
}

static double recorder_ns(const double *x, size_t n, int threads)
{
    llmm_recorder *r;
    llmm_recorder_options o;
    pthread_t th[2];
    rec_arg a[2];
    double worst = 0;
    int t;
    llmm_recorder_options_default(&o);
    if (llmm_recorder_create(&r, &o, NULL)) return NAN;
    for (t = 0; t < threads; t++) {
        a[t].r = r;
        a[t].x = x + (size_t)t * (n / 2);
        a[t].n = n / 2;
        a[t].seconds = 0;
        pthread_create(&th[t], NULL, rec_thread, &a[t]);
    }
    for (t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        if (a[t].seconds > worst) worst = a[t].seconds;
    }
    llmm_recorder_free(r);
    return worst / (double)(n / 2) * 1e9;
}

void bench_serve(const char *data_dir)
{
    static const double q[] = {0.5, 0.9, 0.99, 0.999};
    double *x = malloc(N_VALUES * sizeof *x), out[4], t0, el, best;
    llmm_sketch *s = NULL, *a = NULL, *b = NULL;
    long runs;
    size_t i;
    int rep, t;
    (void)data_dir;
    if (!x) return;
    fill_values(x, N_VALUES);
    printf("-- serve: DDSketch (alpha 0.01, 2048 bins), %u values\n", N_VALUES);

    /* inserts: best of 3 runs each, one value per call and the batch call */
    best = HUGE_VAL;
    for (rep = 0; rep < 3; rep++) {
        llmm_sketch_free(s);
        llmm_sketch_create(&s, NULL, NULL);
        t0 = bench_now();
        for (i = 0; i < N_VALUES; i++) llmm_sketch_add(s, x[i]);
        el = bench_now() - t0;
        if (el < best) best = el;
    }
    printf("%-34s %9.1f M/s  (%.2f ns/value)\n", "sketch add (one value per call)",
           N_VALUES / best / 1e6, best / N_VALUES * 1e9);
    best = HUGE_VAL;
    for (rep = 0; rep < 3; rep++) {
        llmm_sketch_free(s);
        llmm_sketch_create(&s, NULL, NULL);
        t0 = bench_now();
        llmm_sketch_add_many(s, x, N_VALUES, NULL);
        el = bench_now() - t0;
        if (el < best) best = el;
    }
    printf("%-34s %9.1f M/s  (%.2f ns/value)\n", "sketch add_many (batch)", N_VALUES / best / 1e6,
           best / N_VALUES * 1e9);

    /* merges of two sketches holding half the data each (~700 bins) */
    llmm_sketch_create(&a, NULL, NULL);
    llmm_sketch_create(&b, NULL, NULL);
    llmm_sketch_add_many(a, x, N_VALUES / 2, NULL);
    llmm_sketch_add_many(b, x + N_VALUES / 2, N_VALUES / 2, NULL);
    runs = 0;
    t0 = bench_now();
    do {
        llmm_sketch_merge(a, b);
        runs++;
        el = bench_now() - t0;
    } while (el < 0.3);
    printf("%-34s %9.0f merges/s  (%zu bins)\n", "sketch merge", runs / el, llmm_sketch_num_bins(b));

    runs = 0;
    t0 = bench_now();
    do {
        llmm_sketch_quantiles(s, q, 4, out);
        runs++;
        el = bench_now() - t0;
    } while (el < 0.3);
    printf("%-34s %9.0f calls/s  (4 quantiles)\n", "sketch quantiles", runs / el);

    /* exact quantiles as numpy does them: copy + partial selection + interpolate */
    t0 = bench_now();
    llmm_quantiles(x, N_VALUES, q, 4, LLMM_QUANTILE_LINEAR, out, NULL);
    el = bench_now() - t0;
    printf("%-34s %9.1f M values/s  (%.1f ms for %u)\n", "exact quantiles (select)",
           N_VALUES / el / 1e6, el * 1e3, N_VALUES);

    for (t = 1; t <= 2; t++) { /* best of 3; with 2 threads, the slower thread's time */
        best = HUGE_VAL;
        for (rep = 0; rep < 3; rep++) {
            el = recorder_ns(x, N_VALUES, t);
            if (el < best) best = el;
        }
        printf("%-34s %9.2f ns/record\n", t == 1 ? "recorder add, 1 thread" : "recorder add, 2 threads",
               best);
    }

    llmm_sketch_free(s);
    llmm_sketch_free(a);
    llmm_sketch_free(b);
    free(x);
}
