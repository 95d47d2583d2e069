/* cli.h - shared helpers of the llmmetrics command-line tool (src/cli/ is the only
 * part of the project that reads files, the environment or the terminal). */
#ifndef LLMM_CLI_H
#define LLMM_CLI_H

#include <stdio.h>

#define CLI_PROG "llmmetrics"

/* Exit codes: 0 success, 1 input or runtime error, 2 usage error (like argparse),
 * 17 malformed tab-separated input (sacrebleu's "FATAL" exit code). */
enum { CLI_EXIT_OK = 0, CLI_EXIT_ERROR = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_FIELDS = 17 };

/* Prints "llmmetrics: <message>\n" on stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void cli_error(const char *fmt, ...);

/* The `perplexity` subcommand (perplexity_cmd.c): argv[0] is "perplexity". */
int cli_perplexity_main(int argc, char **argv);
void cli_perplexity_usage(FILE *out);

/* The `bleu` subcommand: argv[0] is "bleu". Returns an exit code. */
int cli_bleu_main(int argc, char **argv);
/* Prints the `bleu` subcommand's help. */
void cli_bleu_usage(FILE *out);

/* The `chrf` and `ter` subcommands (src/cli/chrf_cmd.c, ter_cmd.c, cter_*.c). */
int cli_chrf_main(int argc, char **argv);
void cli_chrf_usage(FILE *out);
int cli_ter_main(int argc, char **argv);
void cli_ter_usage(FILE *out);

/* The `serving` subcommand (src/cli/serving_cmd.c): argv[0] is "serving". */
int cli_serving_main(int argc, char **argv);
void cli_serving_usage(FILE *out);
/* The `rouge` subcommand (rouge_cmd.c); argv[0] is "rouge". */
int cli_rouge_main(int argc, char **argv);
void cli_rouge_usage(FILE *out);
/* The `squad` subcommand (squad_cmd.c): argv[0] is "squad". */
int cli_squad_main(int argc, char **argv);
void cli_squad_usage(FILE *out);
/* The `calibration` and `fairness` subcommands (calibration_cmd.c, fairness_cmd.c). */
int cli_calibration_main(int argc, char **argv);
void cli_calibration_usage(FILE *out);
int cli_fairness_main(int argc, char **argv);
void cli_fairness_usage(FILE *out);
/* The `meteor` subcommand (meteor_cmd.c): argv[0] is "meteor". Returns an exit code. */
int cli_meteor_main(int argc, char **argv);
void cli_meteor_usage(FILE *out);

#endif
