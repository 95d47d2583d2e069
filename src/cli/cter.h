/* cter.h - the `llmmetrics chrf` and `llmmetrics ter` subcommands, and every command
 * line with several metrics (`-m bleu chrf ter`, also reached from `llmmetrics bleu`):
 * sacrebleu's options, input reading and output (sacrebleu/sacrebleu.py with -m,
 * metrics/base.py Score.format, utils.py print_single_results). */
#ifndef LLMM_CLI_CTER_H
#define LLMM_CLI_CTER_H

#include <stddef.h>
#include <stdio.h>

#include "bleu_args.h" /* cli_format */
#include "llmmetrics.h"

enum { CTER_CHRF = 1, CTER_TER = 2, CTER_BLEU = 4 };

typedef struct cter_args {
    char **refs;             /* reference files (positional) */
    size_t n_refs;
    char **inputs;           /* -i/--input files; input_given == 0: standard input */
    size_t n_inputs;
    int input_given;
    long num_refs;           /* -nr/--num-refs */
    int sentence_level;      /* -sl/--sentence-level */
    int metrics;             /* CTER_* bits from -m/--metrics (or the subcommand) */
    int n_metrics;
    llmm_chrf_options chrf;  /* --chrf-* */
    llmm_ter_options ter;    /* --ter-* */
    llmm_bleu_options bleu;  /* -tok, -lc, -s, -sv, --effective-order */
    int smooth_value_given;
    int force;               /* --force */
    int quiet, short_sig, score_only, width;
    cli_format format;
} cter_args;

/* 1 when `llmmetrics bleu` arguments ask for another metric with -m (the bleu command
 * then hands them to cter_main). */
int cter_wants_other_metrics(int argc, char **argv);

/* Parses argv[1..argc) (argv[0] is the subcommand, whose metric is `metric`). Returns
 * -1 to go on, or an exit code (0 after --help, 2 after a usage error, printed). Free
 * with cter_args_free(). */
int cter_args_parse(int argc, char **argv, int metric, cter_args *a);
void cter_args_free(cter_args *a);
void cter_usage(FILE *out, int metric);

/* The whole subcommand: parse, read, score, print. Returns an exit code. */
int cter_main(int argc, char **argv, int metric);

#endif
