/* fuzz_sketch.c - libFuzzer target: the DDSketch deserializer. The input is taken as a
 * payload and sealed with a valid envelope (so the checksum does not hide the parser).
 * Invariant: rejected with LLMM_EFORMAT, or accepted and re-serialized to the same
 * bytes, with quantiles, merge and a second round trip working. */
#include "llmmetrics.h"
#include "core/serial.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf, *again;
    llmm_sketch *s = NULL, *t = NULL;
    size_t n, len;
    double q;
    int rc;
    if (size > 1 << 16) return 0;
    buf = malloc(size + LLMMI_SER_HEADER);
    if (!buf) return 0;
    memcpy(buf + LLMMI_SER_HEADER, data, size);
    llmmi_ser_seal(buf, LLMMI_KIND_SKETCH, size);
    rc = llmm_sketch_deserialize(&s, buf, size + LLMMI_SER_HEADER, NULL);
    if (rc == LLMM_OK) {
        n = llmm_sketch_serialized_size(s);
        again = malloc(n);
        if (!again || llmm_sketch_serialize(s, again, n, &len) != LLMM_OK) abort();
        if (len != size + LLMMI_SER_HEADER || memcmp(again, buf, len) != 0) abort();
        if (llmm_sketch_count(s) && llmm_sketch_quantile(s, 0.5, &q) != LLMM_OK) abort();
        if (llmm_sketch_clone(&t, s) != LLMM_OK) abort();
        rc = llmm_sketch_merge(t, s);
        if (llmm_sketch_count(s) <= UINT64_MAX / 2
                ? rc != LLMM_OK || llmm_sketch_count(t) != 2 * llmm_sketch_count(s)
                : rc != LLMM_EOVERFLOW)
            abort();
        llmm_sketch_free(t);
        free(again);
        llmm_sketch_free(s);
    } else if (rc != LLMM_EFORMAT) {
        abort();
    }
    free(buf);
    return 0;
}
