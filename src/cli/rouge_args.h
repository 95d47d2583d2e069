/* rouge_args.h - the `llmmetrics rouge` options. */
#ifndef LLMM_CLI_ROUGE_ARGS_H
#define LLMM_CLI_ROUGE_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "llmmetrics.h"

typedef struct rouge_args {
    const char **refs;      /* -r/--references files (line files, parallel to the input) */
    size_t n_refs;
    const char *input;      /* -i/--input: predictions; NULL or "-" = standard input */
    int jsonl;              /* --jsonl, or automatic: no -r, or a .jsonl input */
    llmm_rouge_options opts; /* -t/--rouge-types, -s/--use-stemmer, --split-summaries */
    int sentence_level;     /* -sl/--sentence-level */
    int json;               /* -f/--format json (default text) */
    int width;              /* -w/--width: digits of text output (default 4) */
    int bootstrap;          /* -b/--bootstrap */
    llmm_rouge_bootstrap_options boot; /* --n-samples, --confidence, --seed */
} rouge_args;

/* Parses argv[1..argc) (argv[0] is "rouge"). Returns -1 to go on, or an exit code
 * (0 after --help, 2 after a usage error, which it prints). Free with rouge_args_free. */
int rouge_args_parse(int argc, char **argv, rouge_args *a);
void rouge_args_free(rouge_args *a);

#endif
