/* main.c - the llmmetrics command-line tool: dispatches to a subcommand. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

#include "llmmetrics.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs(CLI_PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void usage(FILE *out)
{
    fputs("usage: " CLI_PROG " [--help] [--version] COMMAND [ARGS...]\n"
          "\n"
          "Exact, fast evaluation metrics for language models (libllmmetrics).\n"
          "\n"
          "commands:\n"
          "  bleu REF [REF ...] [-i HYP]   corpus or sentence BLEU, like sacrebleu 2.6.0\n"
          "                                (`" CLI_PROG " bleu --help` lists its options)\n"
          "  chrf REF [REF ...] [-i HYP]   corpus or sentence chrF / chrF++, like sacrebleu\n"
          "  ter REF [REF ...] [-i HYP]    corpus or sentence TER, like sacrebleu\n"
          "  serving [LOG.jsonl]           vLLM-style serving summary of a request log\n"
          "  rouge -r REF -i PRED          ROUGE-N/L/Lsum like rouge-score 0.1.2\n"
          "  squad [FILE]                  SQuAD v1.1 exact match / F1 of JSON lines\n"
          "  calibration [FILE]            ECE (torchmetrics bins), reliability diagram\n"
          "  fairness [FILE]               per-group rates and fairlearn disparities\n"
          "  perplexity [FILE ...]         cross-entropy / perplexity of API logprobs (JSONL)\n"
          "  meteor -r REF... [-i HYP]     METEOR like NLTK 3.8 (WordNet: --wordnet DIR)\n"
          "\n"
          "options:\n"
          "  -h, --help      show this help and exit\n"
          "  -V, --version   show the library version and exit\n",
          out);
}

int main(int argc, char **argv)
{
    const char *cmd;
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("%s %s\n", CLI_PROG, llmm_version());
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "bleu") == 0)
        return cli_bleu_main(argc - 1, argv + 1);
    if (strcmp(cmd, "chrf") == 0)
        return cli_chrf_main(argc - 1, argv + 1);
    if (strcmp(cmd, "ter") == 0)
        return cli_ter_main(argc - 1, argv + 1);
    if (strcmp(cmd, "serving") == 0)
        return cli_serving_main(argc - 1, argv + 1);
    if (strcmp(cmd, "rouge") == 0)
        return cli_rouge_main(argc - 1, argv + 1);
    if (strcmp(cmd, "squad") == 0) return cli_squad_main(argc - 1, argv + 1);
    if (strcmp(cmd, "calibration") == 0) return cli_calibration_main(argc - 1, argv + 1);
    if (strcmp(cmd, "fairness") == 0) return cli_fairness_main(argc - 1, argv + 1);
    if (strcmp(cmd, "perplexity") == 0) return cli_perplexity_main(argc - 1, argv + 1);
    if (strcmp(cmd, "meteor") == 0) return cli_meteor_main(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try '" CLI_PROG " --help')", cmd);
    return CLI_EXIT_USAGE;
}
