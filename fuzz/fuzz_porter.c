/* fuzz_porter.c - libFuzzer target: NLTK's Porter stemmer on arbitrary bytes. Byte 0
 * picks to_lowercase; the rest is the word. Invariants: a status, never a crash; with
 * a buffer of llmm_porter_stem_bound(len) bytes the stem always fits; a too-small
 * buffer gets LLMM_EBUFFER, never an overrun (the stem is written into an exactly
 * sized heap block, so ASan sees any byte past it). */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len, cap, out_len = 0, small_len = 0;
    char *out, *small;
    int lower, rc;
    if (size < 1) return 0;
    lower = data[0] & 1;
    len = size - 1;
    cap = llmm_porter_stem_bound(len);
    out = malloc(cap ? cap : 1);
    if (!out) return 0;
    rc = llmm_porter_stem((const char *)data + 1, len, lower, out, cap, &out_len, NULL);
    if (rc == LLMM_OK) {
        if (out_len > cap) abort();
        if (llmm_utf8_validate(out, out_len, NULL) != LLMM_OK) abort();
        if (out_len > 0) {
            small = malloc(out_len - 1 ? out_len - 1 : 1);
            if (!small) abort();
            rc = llmm_porter_stem((const char *)data + 1, len, lower, small, out_len - 1,
                                  &small_len, NULL);
            if (rc != LLMM_EBUFFER) abort();
            free(small);
        }
    } else if (rc != LLMM_EUTF8) {
        abort();
    }
    free(out);
    return 0;
}
