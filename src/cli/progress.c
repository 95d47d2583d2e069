/* progress.c - progress display on a terminal's stderr. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#include "cli.h"

void cli_progress_init(cli_progress *p, size_t total, int quiet)
{
    p->total = total;
    p->last_percent = -1;
    p->on = !quiet && total > CLI_PROGRESS_MIN_LINES && isatty(fileno(stderr));
}

void cli_progress_update(cli_progress *p, size_t done)
{
    int percent;
    if (!p->on)
        return;
    percent = (int)((double)done * 100.0 / (double)p->total);
    if (percent == p->last_percent)
        return;
    p->last_percent = percent;
    fprintf(stderr, "\r" CLI_PROG ": %zu/%zu segments (%d%%)", done, p->total, percent);
    fflush(stderr);
}

void cli_progress_done(cli_progress *p)
{
    if (!p->on)
        return;
    /* Overwrite the line with blanks, then return to its start. */
    fprintf(stderr, "\r%60s\r", "");
    fflush(stderr);
}
