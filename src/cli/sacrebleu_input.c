/* sacrebleu_input.c - the input checks shared by the sacrebleu-compatible subcommands. */
#include "sacrebleu_input.h"

#include "cli.h"

int cli_sb_check_lengths(const cli_lines *hyps, const cli_lines *refs, size_t n_streams)
{
    size_t k;
    if (hyps->count == 0) {
        /* sacrebleu.py: "Test set None contains no sentence" (exit 1). */
        cli_error("%s contains no sentence", hyps->name);
        return CLI_EXIT_ERROR;
    }
    for (k = 0; k < n_streams; k++) {
        if (refs[k].count != hyps->count) {
            cli_error("System and reference streams have different lengths.");
            cli_error("%s has %zu lines, %s has %zu lines", hyps->name, hyps->count,
                      refs[k].name, refs[k].count);
            return CLI_EXIT_ERROR;
        }
    }
    return 0;
}

int cli_sb_check_smooth_value(int given, const llmm_bleu_options *o)
{
    if (given && o->smooth_value < 0
        && (o->smooth_method == LLMM_SMOOTH_FLOOR || o->smooth_method == LLMM_SMOOTH_ADD_K)) {
        cli_error("argument --smooth-value/-sv: must not be negative");
        return CLI_EXIT_USAGE;
    }
    return 0;
}

void cli_sb_warn_tokenized(const cli_lines *hyps)
{
    size_t i, n = 0;
    for (i = 0; i < hyps->count; i++) {
        size_t b = hyps->offsets[i], e = hyps->offsets[i + 1];
        if (e - b >= 2 && hyps->data[e - 2] == ' ' && hyps->data[e - 1] == '.')
            n++;
    }
    if (n < 100)
        return;
    cli_error("warning: That's 100 lines that end in a tokenized period ('.')");
    cli_error("warning: It looks like you forgot to detokenize your test data, which may "
              "hurt your score.");
    cli_error("warning: If you insist your data is detokenized, or don't care, you can "
              "suppress this message with --force.");
}
