/* bench_bleu.c - corpus BLEU (13a) throughput on the largest WMT22 pair, with a
 * breakdown of where the time goes (decode+tokenize, then n-gram counting). */
#include "bench.h"
#include "text/textws.h"
#include <stdio.h>

/* Runs fn until at least `min_sec` elapsed; returns seconds per run. */
#define TIME_RUNS(min_sec, ...)                                  \
    do {                                                          \
        double t0_ = bench_now(), el_;                            \
        runs_ = 0;                                                \
        do { __VA_ARGS__; runs_++; el_ = bench_now() - t0_; }     \
        while (el_ < (min_sec));                                  \
        per_run_ = el_ / runs_;                                   \
    } while (0)

void bench_bleu(const char *data_dir)
{
    char hyp_path[4096], ref_path[4096];
    bench_lines hyp, ref;
    llmm_bleu *b = NULL;
    llmm_bleu_stats total;
    llmm_bleu_result res;
    llmmi_textws ws;
    double per_run_, bytes;
    long runs_;
    int tok;

    if (bench_largest_mt_pair(data_dir, hyp_path, ref_path, sizeof hyp_path) ||
        bench_read_lines(hyp_path, &hyp) || bench_read_lines(ref_path, &ref)) {
        printf("bleu: no data under %s/mt, skipped\n", data_dir);
        return;
    }
    bytes = (double)(hyp.bytes + ref.bytes);
    printf("BLEU corpus: %s + %s (%zu segments, %.0f bytes)\n", hyp_path, ref_path,
           hyp.strs.count, bytes);
    for (tok = LLMM_TOK_NONE; tok <= LLMM_TOK_ZH; tok++) {
        llmm_bleu_options o;
        char name[64];
        llmm_bleu_options_default(&o);
        o.tokenize = tok;
        if (llmm_bleu_create(&b, &o, NULL)) return;
        TIME_RUNS(0.5, llmm_bleu_extract_corpus(b, &hyp.strs, &ref.strs, 1, &total, NULL, NULL,
                                                NULL, NULL));
        llmm_bleu_finalize(&o, &total, &res);
        snprintf(name, sizeof name, "  bleu tok=%s (BLEU %.2f)", llmm_tokenizer_name(tok), res.score);
        bench_report(name, per_run_, bytes, (double)hyp.strs.count);
        llmm_bleu_free(b);
    }
    /* Breakdown for 13a: tokenization alone (both sides). */
    llmmi_textws_init(&ws, NULL);
    TIME_RUNS(0.5, {
        size_t i, first, bad;
        for (i = 0; i < hyp.strs.count; i++) {
            llmmi_textws_reset(&ws);
            llmmi_textws_tokenize(&ws, LLMM_TOK_13A, 0, hyp.data + hyp.offsets[i],
                                  hyp.offsets[i + 1] - hyp.offsets[i], &first, &bad);
            llmmi_textws_tokenize(&ws, LLMM_TOK_13A, 0, ref.data + ref.offsets[i],
                                  ref.offsets[i + 1] - ref.offsets[i], &first, &bad);
        }
    });
    bench_report("  of which decode+tokenize (13a)", per_run_, bytes, (double)hyp.strs.count);
    llmmi_textws_free(&ws);
    bench_lines_free(&hyp);
    bench_lines_free(&ref);
}
