/* bench_calib.c - calibration and fairness throughput: binned ECE (15 bins, binary,
 * float64), per-group confusion counts and a binary confusion matrix over 10 million
 * synthetic predictions, in M predictions/s (bench/compare_calib.py times the numpy /
 * sklearn formulation). */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>

#define N_PRED 10000000u

/* Deterministic inputs: probabilities on a 2^-24 grid, labels, 5 groups. */
static void fill(double *p, int32_t *y, int32_t *yp, int32_t *g, size_t n)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    size_t i;
    for (i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        p[i] = (double)(s >> 40) / 16777216.0;
        y[i] = (int32_t)(s >> 20 & 1);
        yp[i] = p[i] >= 0.5;
        g[i] = (int32_t)((s >> 8) % 5);
    }
}

static double best_of(int runs, double (*fn)(void *), void *arg)
{
    double best = 1e30;
    int r;
    for (r = 0; r < runs; r++) {
        double t = fn(arg);
        if (t < best) best = t;
    }
    return best;
}

typedef struct inputs {
    double *p;
    int32_t *y, *yp, *g;
    size_t n;
    double out;
    int isa;
} inputs;

static double run_ece(void *arg)
{
    inputs *in = (inputs *)arg;
    llmm_calib_ece *e = NULL;
    llmm_calib_ece_result r;
    llmm_calib_ece_options o;
    double t0 = bench_now(), t;
    llmm_calib_ece_options_default(&o);
    o.isa = in->isa;
    if (llmm_calib_ece_create(&e, &o, NULL) != LLMM_OK) return 1e30;
    llmm_calib_ece_update_binary(e, in->p, in->y, in->n);
    llmm_calib_ece_result_get(e, &r);
    t = bench_now() - t0;
    in->out = r.l1;
    llmm_calib_ece_free(e);
    return t;
}

static double run_fair(void *arg)
{
    inputs *in = (inputs *)arg;
    llmm_fair *f = NULL;
    llmm_fair_result r;
    double t0 = bench_now(), t;
    if (llmm_fair_create(&f, NULL) != LLMM_OK) return 1e30;
    llmm_fair_update(f, in->y, in->yp, in->g, NULL, in->n, NULL);
    llmm_fair_result_get(f, &r);
    t = bench_now() - t0;
    in->out = r.demographic_parity.difference;
    llmm_fair_free(f);
    return t;
}

static double run_class(void *arg)
{
    inputs *in = (inputs *)arg;
    llmm_class *cm = NULL;
    double t0 = bench_now(), t;
    if (llmm_class_create(&cm, 2, NULL) != LLMM_OK) return 1e30;
    llmm_class_update(cm, in->y, in->yp, in->n, NULL);
    llmm_class_accuracy(cm, &in->out);
    t = bench_now() - t0;
    llmm_class_free(cm);
    return t;
}

void bench_calib(const char *data_dir)
{
    inputs in;
    double t;
    int isa;
    (void)data_dir;
    in.n = N_PRED;
    in.out = 0.0;
    in.p = (double *)malloc(in.n * sizeof(double));
    in.y = (int32_t *)malloc(in.n * sizeof(int32_t));
    in.yp = (int32_t *)malloc(in.n * sizeof(int32_t));
    in.g = (int32_t *)malloc(in.n * sizeof(int32_t));
    if (!in.p || !in.y || !in.yp || !in.g) {
        printf("bench_calib: out of memory\n");
        goto out;
    }
    fill(in.p, in.y, in.yp, in.g, in.n);
    in.isa = LLMM_ISA_AUTO;
    t = best_of(5, run_ece, &in);
    printf("  %-44s %9.1f ms %9.1f M pred/s   (l1 %.6f)\n", "ECE binary, 15 bins, float64",
           t * 1e3, in.n / t / 1e6, in.out);
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        char label[64];
        if (isa == LLMM_ISA_SSE42 || !llmm_isa_supported(isa)) continue;
        in.isa = isa;
        t = best_of(3, run_ece, &in);
        snprintf(label, sizeof label, "  ECE kernel %s", llmm_isa_name(isa));
        printf("  %-44s %9.1f ms %9.1f M pred/s   (l1 %.6f)\n", label, t * 1e3,
               in.n / t / 1e6, in.out);
    }
    t = best_of(3, run_fair, &in);
    printf("  %-44s %9.1f ms %9.1f M pred/s   (DP diff %.6f)\n",
           "per-group confusion counts, 5 groups", t * 1e3, in.n / t / 1e6, in.out);
    t = best_of(3, run_class, &in);
    printf("  %-44s %9.1f ms %9.1f M pred/s   (accuracy %.6f)\n",
           "binary confusion matrix", t * 1e3, in.n / t / 1e6, in.out);
out:
    free(in.p);
    free(in.y);
    free(in.yp);
    free(in.g);
}
