/* ter_cmd.c - `llmmetrics ter`: TER like `sacrebleu -m ter`. */
#include "cli.h"
#include "cter.h"

int cli_ter_main(int argc, char **argv) { return cter_main(argc, argv, CTER_TER); }

void cli_ter_usage(FILE *out) { cter_usage(out, CTER_TER); }
