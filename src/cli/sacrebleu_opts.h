/* sacrebleu_opts.h - option values shared by the sacrebleu-compatible subcommands
 * (bleu, chrf, ter), checked and named as sacrebleu/sacrebleu.py parse_args() does. */
#ifndef LLMM_CLI_SACREBLEU_OPTS_H
#define LLMM_CLI_SACREBLEU_OPTS_H

#include "argparse.h"

typedef enum cli_format { CLI_FMT_JSON = 0, CLI_FMT_TEXT = 1, CLI_FMT_LATEX = 2 } cli_format;

/* Each returns -1 to go on, or the usage-error exit code (the error is printed, with
 * `sub` naming the subcommand). */
int cli_sb_encoding(const char *sub, const char *val);
int cli_sb_tokenize(const char *sub, const char *val, int *tokenize);
int cli_sb_smooth_method(const char *sub, const char *val, int *smooth_method);
int cli_sb_float(const char *sub, const cli_opt *o, const char *val, double *out);
int cli_sb_format(const char *sub, const char *val, cli_format *format);

/* sacrebleu.py parse_args(): SACREBLEU_FORMAT overrides --format when it names a valid
 * choice; LLMMETRICS_FORMAT is this tool's own name for it and wins. */
void cli_sb_format_from_env(cli_format *format);

#endif
