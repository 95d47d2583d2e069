/* bench_signif.c - sacrebleu's significance tests on the WMT22 en-de systems (BLEU 13a,
 * reference A): the time after the per-segment statistics are extracted, i.e. the
 * resampling engine alone (extraction is bench_bleu's). */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>

static const char *const SYSTEMS[] = {"JDExploreAcademy", "Online-B", "Online-W", "OpenNMT",
                                      "PROMT"};
#define N_SYS (sizeof SYSTEMS / sizeof SYSTEMS[0])

static double time_paired(const llmm_bleu_stats *const *sys, size_t n, int test, size_t samples,
                          llmm_signif_result *out)
{
    llmm_signif_options o;
    double t0 = bench_now();
    llmm_signif_options_default(&o);
    o.test = test;
    o.n_samples = samples;
    if (llmm_bleu_paired_test(NULL, sys, N_SYS, n, &o, out, NULL) != LLMM_OK) return -1.0;
    return bench_now() - t0;
}

void bench_signif(const char *data_dir)
{
    char path[4096];
    bench_lines ref, hyp;
    llmm_bleu_stats *stats[N_SYS] = {NULL};
    const llmm_bleu_stats *sys[N_SYS];
    llmm_signif_result out[N_SYS];
    llmm_signif_options o;
    llmm_bleu_stats total;
    llmm_bleu *b = NULL;
    llmm_pcg64 rng;
    uint64_t *draws;
    size_t k, n = 0;
    double t, t0;

    snprintf(path, sizeof path, "%s/mt/wmt22.en-de.ref.A.txt", data_dir);
    if (bench_read_lines(path, &ref) || llmm_bleu_create(&b, NULL, NULL)) {
        printf("signif: no data under %s/mt, skipped\n", data_dir);
        return;
    }
    for (k = 0; k < N_SYS; k++) {
        snprintf(path, sizeof path, "%s/mt/wmt22.en-de.hyp.%s.txt", data_dir, SYSTEMS[k]);
        if (bench_read_lines(path, &hyp)) goto done;
        n = hyp.strs.count;
        stats[k] = malloc(n * sizeof **stats);
        if (!stats[k] || llmm_bleu_extract_corpus(b, &hyp.strs, &ref.strs, 1, &total, stats[k],
                                                  NULL, NULL, NULL) != LLMM_OK) {
            bench_lines_free(&hyp);
            goto done;
        }
        sys[k] = stats[k];
        bench_lines_free(&hyp);
    }
    printf("significance (sacrebleu 2.6.0), WMT22 en-de, %zu systems x %zu segments:\n", N_SYS, n);
    llmm_signif_options_default(&o);
    t0 = bench_now();
    for (k = 0; k < N_SYS; k++) llmm_bleu_confidence(NULL, sys[k], n, &o, &out[k], NULL);
    printf("  %-40s %9.1f ms\n", "confidence 1000 resamples x 5 systems", 1e3 * (bench_now() - t0));
    t = time_paired(sys, n, LLMM_SIGNIF_BS, 1000, out);
    printf("  %-40s %9.1f ms  (p %.4f)\n", "paired bs 1000 resamples, 5 systems", 1e3 * t,
           out[1].p_value);
    t = time_paired(sys, n, LLMM_SIGNIF_AR, 10000, out);
    printf("  %-40s %9.1f ms  (p %.4f)\n", "paired ar 10000 trials, 5 systems", 1e3 * t,
           out[1].p_value);
    draws = malloc(n * sizeof *draws);
    if (draws) {
        int rep;
        llmm_pcg64_seed(&rng, 12345);
        t0 = bench_now();
        for (rep = 0; rep < 1000; rep++) llmm_pcg64_integers(&rng, n, n, draws);
        t = bench_now() - t0;
        printf("  %-40s %9.1f M/s\n", "choice(n) draws (PCG64 + Lemire)", 1e-3 * (double)n / t);
        free(draws);
    }
done:
    for (k = 0; k < N_SYS; k++) free(stats[k]);
    llmm_bleu_free(b);
    bench_lines_free(&ref);
}
