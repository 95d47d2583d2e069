/* chrf_cmd.c - `llmmetrics chrf`: chrF / chrF++ like `sacrebleu -m chrf`. */
#include "cli.h"
#include "cter.h"

int cli_chrf_main(int argc, char **argv) { return cter_main(argc, argv, CTER_CHRF); }

void cli_chrf_usage(FILE *out) { cter_usage(out, CTER_CHRF); }
