/* bench_prob.c - logsumexp and log_softmax over 512 rows of a 128,256-entry
 * vocabulary (float32, 262 MB: far beyond the caches), per SIMD path, next to the
 * single-core read bandwidth measured on the same buffer, with float64 exp (default)
 * and with the float32-exp option ("fast"). GB/s count the bytes of logits read
 * (log_softmax also writes the same amount to a separate buffer). */
#include "bench.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROWS 512
#define VOCAB 128256
#define RUNS 3

/* CPU seconds of this thread: on a shared machine the wall clock also counts the
 * time the benchmark was not scheduled, so both are reported. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Single-core read bandwidth: a 4-way integer reduction over the buffer. */
static double read_bandwidth(const float *x, size_t n, uint64_t *sink)
{
    const uint64_t *w = (const uint64_t *)(const void *)x;
    size_t nw = n / 2, i;
    double best = 1e30;
    int r;
    for (r = 0; r < RUNS; r++) {
        uint64_t a = 0, b = 0, c = 0, d = 0;
        double t0 = bench_now(), t;
        for (i = 0; i + 4 <= nw; i += 4) {
            a += w[i];
            b ^= w[i + 1];
            c += w[i + 2];
            d ^= w[i + 3];
        }
        t = bench_now() - t0;
        if (t < best) best = t;
        *sink += a + b + c + d;
    }
    return (double)(nw * 8) / best / 1e9;
}

void bench_prob(const char *data_dir)
{
    size_t n = (size_t)ROWS * VOCAB, i, row;
    float *x = malloc(n * sizeof *x), *out = malloc(n * sizeof *out);
    uint64_t state = 88172645463325252u, sink = 0;
    double bw, check = 0;
    int isa, r;
    (void)data_dir;
    if (!x || !out) {
        printf("prob: out of memory\n");
        free(x);
        free(out);
        return;
    }
    /* logits ~ a sum of uniforms scaled to a spread of about +-15, like an LM head */
    for (i = 0; i < n; i++) {
        double s = 0;
        int k;
        for (k = 0; k < 4; k++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s += (double)(state >> 11) * (1.0 / 9007199254740992.0);
        }
        x[i] = (float)((s - 2.0) * 7.5);
        out[i] = 0;
    }
    bw = read_bandwidth(x, n, &sink);
    printf("prob: %d rows x %d logits (float32, %.0f MB); single-core read bandwidth %.1f GB/s\n",
           ROWS, VOCAB, n * 4 / 1e6, bw);
    printf("  path          logsumexp GB/s (wall, cpu)  %% of read bw   log_softmax GB/s (wall, cpu)\n");
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        int fast;
        if (!llmm_isa_supported(isa)) continue;
        for (fast = 0; fast <= (isa == LLMM_ISA_SCALAR ? 0 : 1); fast++) {
            llmm_logits_options o;
            double w_lse = 1e30, w_ls = 1e30, c_lse = 1e30, c_ls = 1e30, gb = n * 4 / 1e9;
            llmm_logits_options_default(&o);
            o.isa = isa;
            o.fast = fast;
            for (r = 0; r < RUNS; r++) {
                double t0 = bench_now(), c0 = cpu_now(), lse;
                for (row = 0; row < ROWS; row++) {
                    llmm_logits_logsumexp(x + row * VOCAB, VOCAB, LLMM_DTYPE_FP32, &o, &lse);
                    check += lse;
                }
                if (bench_now() - t0 < w_lse) w_lse = bench_now() - t0;
                if (cpu_now() - c0 < c_lse) c_lse = cpu_now() - c0;
                t0 = bench_now();
                c0 = cpu_now();
                for (row = 0; row < ROWS; row++)
                    llmm_logits_log_softmax(x + row * VOCAB, VOCAB, LLMM_DTYPE_FP32, &o,
                                            out + row * VOCAB, LLMM_DTYPE_FP32, NULL);
                if (bench_now() - t0 < w_ls) w_ls = bench_now() - t0;
                if (cpu_now() - c0 < c_ls) c_ls = cpu_now() - c0;
            }
            printf("  %-7s%-6s  %6.2f  %6.2f              %4.0f%%          %6.2f  %6.2f\n",
                   llmm_isa_name(isa), fast ? " fast" : "", gb / w_lse, gb / c_lse,
                   100 * gb / w_lse / bw, gb / w_ls, gb / c_ls);
        }
    }
    if (check != check || sink == 42) printf("  (checksum %g)\n", check);
    free(x);
    free(out);
}
