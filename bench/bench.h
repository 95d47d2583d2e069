/* bench.h - shared helpers of the benchmark program (bench/main.c). */
#ifndef LLMM_BENCH_H
#define LLMM_BENCH_H
#include "llmmetrics.h"
#include <stddef.h>

/* Monotonic seconds. */
double bench_now(void);

/* A text file split on "\n" (final empty piece dropped), owned by the struct. */
typedef struct bench_lines {
    char *data;
    size_t *offsets;
    llmm_strs strs;
    size_t bytes;
} bench_lines;
int bench_read_lines(const char *path, bench_lines *out);
void bench_lines_free(bench_lines *l);

/* The hypothesis/reference pair with the most bytes among data_dir/mt/WMT.hyp.SYS.txt
 * and their first reference; paths written to hyp/ref (PATH_MAX-sized). */
int bench_largest_mt_pair(const char *data_dir, char *hyp, char *ref, size_t cap);

/* Prints one result line: name, MB/s and items/s for `bytes`/`items` per run. */
void bench_report(const char *name, double seconds_per_run, double bytes, double items);

/* Family entry points (one per bench_<family>.c). */
void bench_bleu(const char *data_dir);
void bench_serve(const char *data_dir);
void bench_rouge(const char *data_dir);
void bench_calib(const char *data_dir);
void bench_prob(const char *data_dir);
void bench_stats(const char *data_dir);
void bench_meteor(const char *data_dir);
void bench_chrf_ter(const char *data_dir);
void bench_signif(const char *data_dir);

#endif
