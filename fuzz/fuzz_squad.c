/* fuzz_squad.c - libFuzzer target: SQuAD v1.1 answer normalisation and scoring on
 * arbitrary bytes. Byte 0 picks the number of gold answers (1..3), bytes 1..3 the cut
 * points; the rest is split into a prediction and the answers. Invariants: a status,
 * never a crash; EM is 0 or 1 and F1 in [0, 1]; a prediction scored against itself
 * gets EM 1; normalising is idempotent; serialization round-trips. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_squad *s, *s2;
    llmm_squad_example ex;
    llmm_squad_result r1, r2;
    llmm_str parts[4], norm;
    char buf[8192], buf2[8192];
    unsigned char ser[256];
    size_t n_ans, i, at = 4, rest, len, len2, written;
    int rc;
    if (size < 4) return 0;
    n_ans = 1 + data[0] % 3;
    rest = size - at;
    for (i = 0; i <= n_ans; i++) {
        size_t l = i == n_ans ? rest : (rest ? data[1 + i] % (rest + 1) : 0);
        parts[i].ptr = (const char *)data + at;
        parts[i].len = l;
        at += l;
        rest -= l;
    }
    if (llmm_squad_create(&s, NULL) != LLMM_OK) abort();
    rc = llmm_squad_score(s, parts[0], parts + 1, n_ans, &ex);
    if (rc == LLMM_OK) {
        if (!(ex.exact_match == 0.0 || ex.exact_match == 1.0)) abort();
        if (!(ex.f1 >= 0.0 && ex.f1 <= 1.0)) abort();
        if (llmm_squad_score(s, parts[0], parts, 1, &ex) != LLMM_OK || ex.exact_match != 1.0)
            abort();
        if (llmm_squad_result_get(s, &r1) != LLMM_OK || r1.count != 2) abort();
        if (llmm_squad_serialize(s, ser, sizeof ser, &written) != LLMM_OK) abort();
        if (llmm_squad_create(&s2, NULL) != LLMM_OK) abort();
        if (llmm_squad_merge_serialized(s2, ser, written) != LLMM_OK) abort();
        if (llmm_squad_result_get(s2, &r2) != LLMM_OK || memcmp(&r1, &r2, sizeof r1) != 0)
            abort();
        llmm_squad_free(s2);
    } else if (rc != LLMM_EUTF8) {
        abort();
    }
    rc = llmm_squad_normalize(s, parts[0], buf, sizeof buf, &len);
    if (rc == LLMM_OK) {
        norm.ptr = buf;
        norm.len = len;
        if (llmm_squad_normalize(s, norm, buf2, sizeof buf2, &len2) != LLMM_OK) abort();
        if (len2 != len || memcmp(buf, buf2, len) != 0) abort();
    } else if (rc != LLMM_EUTF8 && rc != LLMM_EBUFFER) {
        abort();
    }
    llmm_squad_free(s);
    return 0;
}
