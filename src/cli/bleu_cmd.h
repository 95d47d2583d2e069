/* bleu_cmd.h - what `llmmetrics bleu` (bleu_cmd.c) shares with its statistical-test
 * modes (signif_cmd.c): the loaded run and the sacrebleu-style output helpers. */
#ifndef LLMM_CLI_BLEU_CMD_H
#define LLMM_CLI_BLEU_CMD_H

#include "bleu_args.h"
#include "io.h"

typedef struct bleu_run {
    bleu_args args;
    cli_lines *refs;        /* reference streams */
    size_t n_streams;
    cli_lines hyps;         /* the (first) system */
    llmm_bleu *scorer;
    llmm_bleu_stats *per_segment; /* sentence level only: CHUNK entries */
} bleu_run;

/* sacrebleu's BLEU signature with `extra` items ("bs:1000|seed:12345", or "") after
 * nrefs; short_sig abbreviates the keys. */
int cli_bleu_signature(const llmm_bleu_options *o, int nrefs, const char *extra,
                       int short_sig, char *buf, size_t cap);
/* Score.format() and print(): text or JSON, with the --confidence part when `ci` has a
 * positive mean. */
void cli_bleu_print_score(const llmm_bleu_result *res, const llmm_signif_result *ci,
                          const char *sig, int width, int score_only, int is_json);
/* Reports a library error of system `hyps` (references from r); returns the exit code. */
int cli_bleu_report_status(const bleu_run *r, const cli_lines *hyps, int rc, size_t start,
                           size_t bad_index, int bad_stream);

/* signif_cmd.c: several -i systems, --confidence, --paired-bs / --paired-ar. */
int cli_bleu_wants_signif(const bleu_args *a);
/* Runs those modes once the references and the first system are loaded and checked. */
int cli_bleu_signif(bleu_run *r);

#endif
