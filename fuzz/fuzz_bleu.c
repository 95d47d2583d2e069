/* fuzz_bleu.c - libFuzzer target: tokenizers + BLEU on arbitrary bytes.
 * Byte 0 picks tokenizer/lowercase/smoothing, byte 1 where the hypothesis ends;
 * the rest is split into hypothesis and reference (any bytes, NUL included).
 * Invariants: a status, never a crash; counts <= totals; a valid score. */
#include "llmmetrics.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_bleu_options o;
    llmm_bleu *b;
    llmm_bleu_stats st;
    llmm_bleu_result r;
    llmm_str hyp, ref;
    size_t cut;
    int k, rc;
    if (size < 2) return 0;
    llmm_bleu_options_default(&o);
    o.tokenize = data[0] % 5;
    o.lowercase = (data[0] >> 3) & 1;
    o.smooth_method = (data[0] >> 4) & 3;
    o.effective_order = (data[0] >> 6) & 1;
    cut = size > 2 ? data[1] % (size - 1) : 0;
    hyp.ptr = (const char *)data + 2;
    hyp.len = cut;
    ref.ptr = (const char *)data + 2 + cut;
    ref.len = size - 2 - cut;
    if (llmm_bleu_create(&b, &o, NULL) != LLMM_OK) abort();
    rc = llmm_bleu_extract(b, hyp, &ref, 1, &st);
    if (rc == LLMM_OK) {
        for (k = 0; k < 4; k++)
            if (st.counts[k] > st.totals[k]) abort();
        if (llmm_bleu_finalize(&o, &st, &r) != LLMM_OK) abort();
        if (!(r.score >= 0.0 && r.score <= 100.0 + 1e-9) || isnan(r.bp)) abort();
    } else if (rc != LLMM_EUTF8) {
        abort();
    }
    llmm_bleu_free(b);
    return 0;
}
