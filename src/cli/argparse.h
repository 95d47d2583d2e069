/* argparse.h - a table-driven command-line parser with the rules of Python's argparse
 * as sacrebleu's command line relies on them: "-x value", "--long value",
 * "--long=value", unique prefixes of long options (allow_abbrev), list options that take
 * every following word argparse would not read as an option, "--" ending the options.
 * Used by the sacrebleu-compatible subcommands (bleu, chrf, ter). */
#ifndef LLMM_CLI_ARGPARSE_H
#define LLMM_CLI_ARGPARSE_H

#include <stddef.h>

typedef enum cli_arity { CLI_ARG_NONE, CLI_ARG_ONE, CLI_ARG_LIST } cli_arity;

typedef struct cli_opt {
    const char *shrt; /* "-i", or NULL */
    const char *lng;  /* "--input" */
    int id;           /* the caller's option id */
    cli_arity arity;
} cli_opt;

/* Callbacks return -1 to go on, or an exit code that stops the parse (it is returned). */
typedef struct cli_argparse {
    const char *sub;  /* subcommand name, for messages: "llmmetrics SUB: error: ..." */
    const cli_opt *opts;
    size_t n_opts;
    void *ctx;
    int (*positional)(void *ctx, char *word);
    int (*flag)(void *ctx, const cli_opt *o);
    int (*value)(void *ctx, const cli_opt *o, const char *val);
    /* A list option with its words: the "=value" part (if any) then every following
     * value word; n may be 0. */
    int (*list)(void *ctx, const cli_opt *o, char **words, size_t n);
} cli_argparse;

/* Parses argv[1..argc). Returns -1 when every argument was taken, else an exit code
 * (CLI_EXIT_USAGE after a usage error, which it prints). */
int cli_argparse_run(const cli_argparse *p, int argc, char **argv);

/* Prints "usage: ... (see --help)" and "llmmetrics SUB: error: " + fmt(a, b) to
 * standard error; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *sub, const char *fmt, const char *a, const char *b);

/* A word argparse would not take as an option: "-", "-1.5", or no leading '-'. */
int cli_is_value_word(const char *s);

/* argparse's name of an option in messages: "--long/-s" or "--long". */
const char *cli_opt_label(const cli_opt *o, char *buf, size_t cap);

/* Python int() and float() of an option value: 1 on success. */
int cli_parse_int(const char *s, long *out);
int cli_parse_double(const char *s, double *out);

/* An int option within [lo, hi] into *out; -1 to go on or the usage-error exit code. */
int cli_int_option(const char *sub, const cli_opt *o, const char *val, long lo, long hi,
                   long *out);

#endif
