/* fuzz_ter.c - libFuzzer target: TER (tokenizer, beam edit distance, shifts) on
 * arbitrary bytes. Byte 0 picks the tokenizer flags, byte 1 the number of references
 * (1..2), bytes 2..3 the cut points; the rest is split into a hypothesis and
 * references. Invariants: a status, never a crash; a finite, non-negative score;
 * without normalization a hypothesis is its own perfect reference (references are
 * tokenized twice, which only changes normalized text); extraction does not depend
 * on the previous segment; serialization round-trips. */
#include "llmmetrics.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_ter_options o;
    llmm_ter *t;
    llmm_ter_stats st, st2;
    llmm_ter_result r;
    llmm_str parts[3];
    unsigned char buf[LLMM_TER_STATS_SERIALIZED_SIZE];
    size_t n_refs, i, at = 4, rest;
    int rc;
    if (size < 4) return 0;
    llmm_ter_options_default(&o);
    o.normalized = data[0] & 1;
    o.no_punct = (data[0] >> 1) & 1;
    o.asian_support = (data[0] >> 2) & 1;
    o.case_sensitive = (data[0] >> 3) & 1;
    n_refs = 1 + (data[1] & 1);
    rest = size - at;
    for (i = 0; i <= n_refs; i++) {
        size_t len = i == n_refs ? rest : (rest ? data[2 + i] % (rest + 1) : 0);
        parts[i].ptr = (const char *)data + at;
        parts[i].len = len;
        at += len;
        rest -= len;
    }
    if (llmm_ter_create(&t, &o, NULL) != LLMM_OK) abort();
    rc = llmm_ter_extract(t, parts[0], parts + 1, n_refs, &st);
    if (rc == LLMM_OK) {
        if (llmm_ter_finalize(&st, &r) != LLMM_OK) abort();
        if (!(r.score >= 0.0) || !isfinite(r.score) || !(r.ref_length >= 0.0)) abort();
        if (llmm_ter_stats_serialize(&st, buf, sizeof buf, NULL) != LLMM_OK) abort();
        if (llmm_ter_stats_deserialize(&st2, buf, sizeof buf) != LLMM_OK) abort();
        if (memcmp(&st, &st2, sizeof st) != 0) abort();
        if (!o.normalized) {
            if (llmm_ter_extract(t, parts[0], parts, 1, &st2) != LLMM_OK) abort();
            if (st2.num_edits != 0) abort();
        }
        if (llmm_ter_extract(t, parts[0], parts + 1, n_refs, &st2) != LLMM_OK) abort();
        if (memcmp(&st, &st2, sizeof st) != 0) abort();
    } else if (rc != LLMM_EUTF8) {
        abort();
    }
    llmm_ter_free(t);
    return 0;
}
