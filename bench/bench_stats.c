/* bench_stats.c - agreement, correlation, ranking and semantic metrics on synthetic
 * data (deterministic xorshift; no data files needed). */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state = 88172645463325252ULL;
static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void report(const char *name, double sec, double items, const char *unit)
{
    printf("%-44s %12.0f %s/s  (%.3f ms/run)\n", name, items / sec, unit, sec * 1e3);
}

/* Runs `body` repeatedly for about 0.3 s; returns seconds per run. */
#define TIME_IT(seconds, body)                                                             \
    do {                                                                                   \
        double t0_ = bench_now(), t_;                                                      \
        long runs_ = 0;                                                                    \
        do {                                                                               \
            body;                                                                          \
            runs_++;                                                                       \
            t_ = bench_now() - t0_;                                                        \
        } while (t_ < 0.3);                                                                \
        (seconds) = t_ / (double)runs_;                                                    \
    } while (0)

void bench_stats(const char *data_dir)
{
    enum { N = 100000, Q = 1000, D = 100, E = 64, M = 100 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), s, v;
    int64_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    double *sc = malloc(Q * D * sizeof *sc), *rel = malloc(Q * D * sizeof *rel);
    double *ex = malloc(M * E * sizeof *ex), *ey = malloc(M * E * sizeof *ey);
    llmm_corr_result r;
    llmm_bertscore_result br;
    static const uint32_t ks[4] = {1, 3, 5, 10};
    size_t i;
    (void)data_dir;
    if (!x || !y || !a || !b || !sc || !rel || !ex || !ey) return;
    for (i = 0; i < N; i++) {
        x[i] = uniform();
        y[i] = x[i] + uniform();
        a[i] = (int64_t)(uniform() * 5);
        b[i] = uniform() < 0.6 ? a[i] : (int64_t)(uniform() * 5);
    }
    for (i = 0; i < Q * D; i++) {
        sc[i] = (double)(int)(uniform() * 20);
        rel[i] = uniform() < 0.2 ? (double)(int)(uniform() * 3 + 1) : 0.0;
    }
    for (i = 0; i < M * E; i++) {
        ex[i] = uniform() - 0.5;
        ey[i] = uniform() - 0.5;
    }
    TIME_IT(s, llmm_pearsonr(x, y, N, NULL, &r));
    report("pearsonr n=1e5", s, N, "pairs");
    TIME_IT(s, llmm_spearmanr(x, y, N, NULL, &r, NULL));
    report("spearmanr n=1e5", s, N, "pairs");
    TIME_IT(s, llmm_kendalltau(x, y, N, NULL, &r, NULL));
    report("kendalltau n=1e5", s, N, "pairs");
    TIME_IT(s, llmm_cohen_kappa(a, b, N, NULL, &v, NULL));
    report("cohen_kappa n=1e5", s, N, "pairs");
    {
        llmm_rank *rk;
        if (llmm_rank_create(&rk, ks, 4, NULL) == LLMM_OK) {
            TIME_IT(s, (llmm_rank_reset(rk), llmm_rank_add_queries(rk, sc, rel, Q, D)));
            report("ranking 1000 queries x 100 docs, 4 cutoffs", s, Q, "queries");
            llmm_rank_free(rk);
        }
    }
    TIME_IT(s, llmm_bertscore_greedy(ex, M, ey, M, E, NULL, NULL, NULL, &br, NULL));
    report("bertscore 100 x 100 tokens, d=64", s, 1, "pairs");
    TIME_IT(s, llmm_emd(ex, M, ey, M, E, NULL, NULL, LLMM_EMD_EUCLIDEAN, &v, NULL));
    report("emd 100 x 100 points, d=64, euclidean", s, 1, "problems");
    free(x);
    free(y);
    free(a);
    free(b);
    free(sc);
    free(rel);
    free(ex);
    free(ey);
}
