/* fuzz_chrf.c - libFuzzer target: chrF / chrF++ on arbitrary bytes.
 * Byte 0 picks the orders and flags, byte 1 the number of references (1..3), bytes
 * 2..4 the cut points; the rest is split into a hypothesis and references (any
 * bytes, NUL included). Invariants: a status, never a crash; per order matches <=
 * hypothesis and reference n-grams; a score in [0, 100]; a corpus of the same
 * segment twice has twice the statistics; serialization round-trips. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_chrf_options o;
    llmm_chrf *c;
    llmm_chrf_stats st, st2;
    llmm_chrf_result r;
    llmm_str parts[4];
    unsigned char buf[LLMM_CHRF_STATS_SERIALIZED_SIZE];
    size_t n_refs, i, at = 5, rest;
    int k, rc;
    if (size < 5) return 0;
    llmm_chrf_options_default(&o);
    o.char_order = data[0] & 7;              /* 0..7 */
    o.word_order = (data[0] >> 3) & 3;       /* 0..3 */
    if (o.char_order + o.word_order == 0) o.char_order = 6;
    o.lowercase = (data[0] >> 5) & 1;
    o.whitespace = (data[0] >> 6) & 1;
    o.eps_smoothing = (data[0] >> 7) & 1;
    o.beta = data[1] >> 4;
    n_refs = 1 + (data[1] & 3) % 3;
    rest = size - at;
    for (i = 0; i <= n_refs; i++) {
        size_t len = i == n_refs ? rest : (rest ? data[2 + i] % (rest + 1) : 0);
        parts[i].ptr = (const char *)data + at;
        parts[i].len = len;
        at += len;
        rest -= len;
    }
    if (llmm_chrf_create(&c, &o, NULL) != LLMM_OK) abort();
    rc = llmm_chrf_extract(c, parts[0], parts + 1, n_refs, &st);
    if (rc == LLMM_OK) {
        for (k = 0; k < o.char_order + o.word_order; k++)
            if (st.counts[3 * k + 2] > st.counts[3 * k] || st.counts[3 * k + 2] > st.counts[3 * k + 1])
                abort();
        if (llmm_chrf_finalize(&o, &st, &r) != LLMM_OK) abort();
        if (!(r.score >= 0.0 && r.score <= 100.0 + 1e-9)) abort();
        /* the same segment twice: merge doubles, the score is the same */
        st2 = st;
        llmm_chrf_stats_merge(&st2, &st);
        for (k = 0; k < 3 * LLMM_CHRF_MAX_ORDER; k++)
            if (st2.counts[k] != 2 * st.counts[k]) abort();
        if (llmm_chrf_stats_serialize(&st, buf, sizeof buf, NULL) != LLMM_OK) abort();
        if (llmm_chrf_stats_deserialize(&st2, buf, sizeof buf) != LLMM_OK) abort();
        if (memcmp(&st, &st2, sizeof st) != 0) abort();
        /* extraction does not depend on the previous segment */
        if (llmm_chrf_extract(c, parts[1], parts, 1, &st2) != LLMM_OK) abort();
        if (llmm_chrf_extract(c, parts[0], parts + 1, n_refs, &st2) != LLMM_OK) abort();
        if (memcmp(&st, &st2, sizeof st) != 0) abort();
    } else if (rc != LLMM_EUTF8) {
        abort();
    }
    llmm_chrf_free(c);
    return 0;
}
