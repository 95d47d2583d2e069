/* bench_chrf_ter.c - corpus chrF, chrF++ and TER throughput on the largest WMT22 pair
 * (hypothesis + reference bytes per second, segments per second). */
#include "bench.h"
#include <stdio.h>

/* Runs the statement until at least `min_sec` elapsed; sets per_run_ (seconds). */
#define TIME_RUNS(min_sec, ...)                                  \
    do {                                                          \
        double t0_ = bench_now(), el_;                            \
        long runs_ = 0;                                           \
        do { __VA_ARGS__; runs_++; el_ = bench_now() - t0_; }     \
        while (el_ < (min_sec));                                  \
        per_run_ = el_ / runs_;                                   \
    } while (0)

static void run_chrf(const bench_lines *hyp, const bench_lines *ref, int word_order, double bytes)
{
    llmm_chrf_options o;
    llmm_chrf *c;
    llmm_chrf_stats total;
    llmm_chrf_result res;
    double per_run_;
    char name[64];
    llmm_chrf_options_default(&o);
    o.word_order = word_order;
    if (llmm_chrf_create(&c, &o, NULL)) return;
    TIME_RUNS(0.5, llmm_chrf_extract_corpus(c, &hyp->strs, &ref->strs, 1, &total, NULL, NULL,
                                            NULL, NULL));
    llmm_chrf_finalize(&o, &total, &res);
    snprintf(name, sizeof name, "  %s (%.2f)", word_order ? "chrF++" : "chrF", res.score);
    bench_report(name, per_run_, bytes, (double)hyp->strs.count);
    llmm_chrf_free(c);
}

static void run_ter(const bench_lines *hyp, const bench_lines *ref, int normalized, double bytes)
{
    llmm_ter_options o;
    llmm_ter *t;
    llmm_ter_stats total;
    llmm_ter_result res;
    double per_run_;
    char name[64];
    llmm_ter_options_default(&o);
    o.normalized = normalized;
    if (llmm_ter_create(&t, &o, NULL)) return;
    TIME_RUNS(0.5, llmm_ter_extract_corpus(t, &hyp->strs, &ref->strs, 1, &total, NULL, NULL, NULL,
                                           NULL));
    llmm_ter_finalize(&total, &res);
    snprintf(name, sizeof name, "  TER%s (%.2f)", normalized ? " normalized" : "", res.score);
    bench_report(name, per_run_, bytes, (double)hyp->strs.count);
    llmm_ter_free(t);
}

void bench_chrf_ter(const char *data_dir)
{
    char hyp_path[4096], ref_path[4096];
    bench_lines hyp, ref;
    double bytes;
    if (bench_largest_mt_pair(data_dir, hyp_path, ref_path, sizeof hyp_path) ||
        bench_read_lines(hyp_path, &hyp)) {
        printf("chrF/TER: no data under %s/mt, skipped\n", data_dir);
        return;
    }
    if (bench_read_lines(ref_path, &ref)) {
        bench_lines_free(&hyp);
        printf("chrF/TER: cannot read %s, skipped\n", ref_path);
        return;
    }
    bytes = (double)(hyp.bytes + ref.bytes);
    printf("chrF / TER corpus: %s + %s (%zu segments, %.0f bytes)\n", hyp_path, ref_path,
           hyp.strs.count, bytes);
    run_chrf(&hyp, &ref, 0, bytes);
    run_chrf(&hyp, &ref, 2, bytes);
    run_ter(&hyp, &ref, 0, bytes);
    run_ter(&hyp, &ref, 1, bytes);
    bench_lines_free(&hyp);
    bench_lines_free(&ref);
}
