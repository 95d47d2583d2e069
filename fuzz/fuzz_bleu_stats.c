/* fuzz_bleu_stats.c - libFuzzer target: the BLEU statistics deserializer.
 * Invariant: any byte string is rejected with a status or accepted; an accepted
 * buffer re-serializes to the same bytes. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_bleu_stats st;
    unsigned char again[LLMM_BLEU_STATS_SERIALIZED_SIZE];
    size_t written;
    int rc = llmm_bleu_stats_deserialize(&st, data, size);
    if (rc == LLMM_OK) {
        if (llmm_bleu_stats_serialize(&st, again, sizeof again, &written) != LLMM_OK) abort();
        if (written != size || memcmp(again, data, size) != 0) abort();
    } else if (rc != LLMM_EFORMAT && rc != LLMM_EVERSION) {
        abort();
    }
    return 0;
}
