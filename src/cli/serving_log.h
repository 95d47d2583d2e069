/* serving_log.h - the JSONL request log of `llmmetrics serving`: one JSON object per
 * line with the keys below (others are ignored; times in seconds):
 *
 *   start, first_token, end          numbers (first_token/end may be omitted when
 *                                    token_times is given: its first/last element)
 *   token_times                      optional array: arrival time of every output chunk
 *   input_tokens, output_tokens, cached_tokens   integers (default 0)
 *   status                           "ok" / "success" / 200 = completed; anything else
 *                                    (e.g. "timeout", "exception", "malformed",
 *                                    "refusal", a custom name, or an HTTP code) = failed,
 *                                    counted under that category; default "ok"
 *   cache_hit                        optional boolean: a cache lookup, hit or miss
 *   type                             optional integer 0..15: request type for cache rates
 */
#ifndef LLMM_CLI_SERVING_LOG_H
#define LLMM_CLI_SERVING_LOG_H

#include <stddef.h>

#include "llmmetrics.h"

typedef struct serving_entry {
    llmm_serve_request req;
    char status[LLMM_SLO_NAME_MAX]; /* "" when completed */
    int cache_hit;                   /* -1: no lookup, 0 miss, 1 hit */
    unsigned type;
} serving_entry;

typedef struct serving_log {
    serving_entry *entries;
    size_t count;
    double *times; /* storage of every token_times array */
    size_t n_times;
} serving_log;

/* Parses the lines of a log; on a malformed line prints "NAME:LINE: message" and
 * returns a non-zero exit code. */
int serving_log_parse(const char *name, const char *const *lines, const size_t *lens, size_t n,
                      serving_log *out);
void serving_log_free(serving_log *log);

#endif
