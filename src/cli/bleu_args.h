/* bleu_args.h - the `llmmetrics bleu` options, spelled like sacrebleu's command line
 * (sacrebleu/sacrebleu.py parse_args()). */
#ifndef LLMM_CLI_BLEU_ARGS_H
#define LLMM_CLI_BLEU_ARGS_H

#include <stddef.h>

#include "llmmetrics.h"
#include "sacrebleu_opts.h" /* cli_format */

typedef struct bleu_args {
    char **refs;            /* reference files (positional) */
    size_t n_refs;
    char **inputs;          /* -i/--input files; input_given == 0: standard input */
    size_t n_inputs;
    int input_given;
    long num_refs;          /* -nr/--num-refs: tab-separated references in one file */
    int sentence_level;     /* -sl/--sentence-level */
    llmm_bleu_options opts; /* -tok, -lc, -s, -sv, --effective-order */
    int smooth_value_given;
    int force;              /* --force */
    int quiet;              /* -q/--quiet */
    int short_sig;          /* -sh/--short */
    int score_only;         /* -b/--score-only */
    int width;              /* -w/--width */
    cli_format format;      /* -f/--format (default json, like sacrebleu 2.x) */
    /* Statistical tests (src/cli/signif_cmd.c). */
    int confidence;         /* -ci/--confidence */
    long confidence_n;      /* -cin/--confidence-n (default 1000) */
    int paired_bs, paired_ar; /* -pbs/--paired-bs, -par/--paired-ar (exclusive) */
    long paired_bs_n;       /* -pbsn/--paired-bs-n (default 1000; <= 0: the default) */
    long paired_ar_n;       /* -parn/--paired-ar-n (default 10000; <= 0: the default) */
    uint64_t seed;          /* --seed (default 12345); sacrebleu reads SACREBLEU_SEED */
} bleu_args;

/* Parses argv[1..argc) (argv[0] is the subcommand). Returns -1 to go on, or an exit
 * code to return at once (0 after --help, 2 after a usage error, which it prints).
 * a->refs and a->inputs point into an array allocated here: free them with
 * bleu_args_free(). */
int bleu_args_parse(int argc, char **argv, bleu_args *a);
void bleu_args_free(bleu_args *a);

#endif
