/* main.c - `make bench`: throughput of each metric on the shared data. Reference
 * implementations are timed side by side by bench/compare_references.py. */
#include "bench.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    printf("libllmmetrics %s\n", llmm_version());
    bench_bleu(data);
    bench_serve(data);
    bench_rouge(data);
    bench_calib(data);
    bench_prob(data);
    bench_stats(data);
    bench_meteor(data);
    bench_chrf_ter(data);
    bench_signif(data);
    return 0;
}
