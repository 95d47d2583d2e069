/* fuzz_rouge_stats.c - libFuzzer target: the ROUGE statistics deserializer.
 * Invariant: any byte string is rejected with a status or accepted; an accepted buffer
 * re-serializes to the same bytes and finalizes to means in [0, 1]. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_rouge_stats st;
    llmm_rouge_result mean;
    unsigned char again[LLMM_ROUGE_STATS_SERIALIZED_SIZE];
    size_t written;
    int rc = llmm_rouge_stats_deserialize(&st, data, size), t;
    if (rc == LLMM_OK) {
        if (llmm_rouge_stats_serialize(&st, again, sizeof again, &written) != LLMM_OK) abort();
        if (written != size || memcmp(again, data, size) != 0) abort();
        rc = llmm_rouge_finalize(&st, &mean);
        if (rc == LLMM_OK) {
            for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
                if (!(mean.score[t].precision >= 0 && mean.score[t].precision <= 1 &&
                      mean.score[t].recall >= 0 && mean.score[t].recall <= 1 &&
                      mean.score[t].fmeasure >= 0 && mean.score[t].fmeasure <= 1))
                    abort();
        } else if (rc != LLMM_EEMPTY) {
            abort();
        }
    } else if (rc != LLMM_EFORMAT && rc != LLMM_EVERSION) {
        abort();
    }
    return 0;
}
