/* progress.h - a progress line on stderr for long inputs, only when stderr is a
 * terminal (never in pipes, logs or tests). */
#ifndef LLMM_CLI_PROGRESS_H
#define LLMM_CLI_PROGRESS_H

#include <stddef.h>

/* Inputs with more lines than this show progress. */
#define CLI_PROGRESS_MIN_LINES 100000

typedef struct cli_progress {
    int on;
    size_t total;
    int last_percent;
} cli_progress;

void cli_progress_init(cli_progress *p, size_t total, int quiet);
void cli_progress_update(cli_progress *p, size_t done);
/* Erases the progress line. */
void cli_progress_done(cli_progress *p);

#endif
