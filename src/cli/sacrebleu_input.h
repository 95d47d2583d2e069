/* sacrebleu_input.h - the input checks shared by the sacrebleu-compatible subcommands
 * (bleu, chrf, ter, the significance tests), with sacrebleu's messages. */
#ifndef LLMM_CLI_SACREBLEU_INPUT_H
#define LLMM_CLI_SACREBLEU_INPUT_H

#include <stddef.h>

#include "io.h"
#include "llmmetrics.h"

/* utils.py sanity_check_lengths(): a system must have lines, as many as every reference
 * stream. Returns 0 or CLI_EXIT_ERROR (message printed). */
int cli_sb_check_lengths(const cli_lines *hyps, const cli_lines *refs, size_t n_streams);

/* A negative --smooth-value for floor or add-k smoothing is a usage error. Returns 0 or
 * CLI_EXIT_USAGE (message printed). */
int cli_sb_check_smooth_value(int given, const llmm_bleu_options *o);

/* metrics/base.py _extract_corpus_statistics(): BLEU warns after 100 hypotheses that end
 * in " ." (the caller skips it with --force). */
void cli_sb_warn_tokenized(const cli_lines *hyps);

#endif
