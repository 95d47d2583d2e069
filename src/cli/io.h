/* io.h - reading hypothesis and reference files into one buffer + offsets, exactly as
 * sacrebleu's command line reads them (sacrebleu/utils.py smart_open and
 * sacrebleu/sacrebleu.py main()). */
#ifndef LLMM_CLI_IO_H
#define LLMM_CLI_IO_H

#include <stddef.h>

#include "llmmetrics.h"

/* The lines of one text stream, back to back without separators: line i is
 * data[offsets[i] .. offsets[i+1]). */
typedef struct cli_lines {
    char *data;
    size_t *offsets;    /* count + 1 entries */
    size_t count;
    const char *name;   /* for messages: the path or "<stdin>" */
} cli_lines;

typedef enum cli_newlines {
    CLI_NL_LF = 0,      /* files: open(..., newline="\n") splits on "\n" only */
    CLI_NL_UNIVERSAL = 1 /* standard input: io.TextIOWrapper(sys.stdin.buffer) splits on
                            "\n", "\r\n" and "\r" (universal newlines) */
} cli_newlines;

/* Reads `path` ("-" or NULL: standard input) as UTF-8 and splits it into lines; the
 * empty piece after a final line break is dropped (Python's line iteration), and every
 * line is rstrip()ped of Python's str.isspace() whitespace, as sacrebleu's CLI does with
 * `line.rstrip()` (sacrebleu.py, "Read references" / "Read hypotheses"). Invalid UTF-8
 * is reported as "FILE:LINE: invalid UTF-8". Returns 0, or prints an error on stderr
 * and returns a non-zero exit code. */
int cli_read_lines(const char *path, cli_newlines nl, cli_lines *out);

/* Splits every line of `in` on tabs into `n_fields` streams (sacrebleu's --num-refs:
 * `line.split(sep='\t', maxsplit=n_fields - 1)`); a line with fewer fields is sacrebleu's
 * "FATAL: line N: expected K fields, but found M." (exit 17). `out` has n_fields
 * entries. Returns 0 or an exit code (message printed). */
int cli_split_fields(const cli_lines *in, size_t n_fields, cli_lines *out);

/* The 1-based number of the first line holding a tab, or 0. */
size_t cli_first_line_with_tab(const cli_lines *l);

/* Lines [start, start + n) as a library batch. */
llmm_strs cli_lines_slice(const cli_lines *l, size_t start, size_t n);

void cli_lines_free(cli_lines *l);

/* ---- sacrebleu.py main(): the reading rules shared by bleu, chrf and ter ---------- */

/* The argument checks sacrebleu.py makes on references and inputs (--num-refs with
 * several files, no reference, -i without a file name). Returns 0 or an exit code
 * (message printed). */
int cli_check_ref_args(long num_refs, size_t n_refs, int input_given, size_t n_inputs);

/* The references: one file per stream, or with num_refs > 1 one file of num_refs
 * tab-separated fields. *refs receives a calloc'd array; *n_streams counts the streams
 * read so far (free them with cli_lines_free even after an error). */
int cli_read_references(char *const *paths, size_t n_paths, long num_refs, cli_lines **refs,
                        size_t *n_streams);

/* The hypotheses: `path` as a file, or NULL / "-" standard input with universal
 * newlines, where an empty input is one empty hypothesis (sacrebleu reads it with
 * readline()) and tab-separated systems are rejected (exit 17 when the number of
 * fields differs across lines, as sacrebleu). */
int cli_read_hypotheses(const char *path, cli_lines *hyps);

#endif
