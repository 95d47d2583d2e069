/* fuzz_rouge.c - libFuzzer target: ROUGE on arbitrary bytes.
 * Byte 0 picks the stemmer and the type set, byte 1 where the prediction ends; the rest
 * is the prediction, then targets separated by 0x01 bytes (NUL and anything else are
 * data). Invariants: LLMM_OK or LLMM_EUTF8, never a crash; every score in [0, 1];
 * F-measures of rouge-N and rougeL are symmetric in (prediction, target) for one
 * target; a scorer whose LCS rows are forced through checkpoints gives the same bits. */
#include "llmmetrics.h"
#include "rouge/rouge_internal.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int in01(double x) { return x >= 0 && x <= 1; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_rouge_options o;
    llmm_rouge *r, *tiny;
    llmm_rouge_result a, b, swapped;
    llmm_str pred, targets[8];
    size_t cut, n_t = 0, i, start;
    int rc, rc2, t;
    if (size < 2) return 0;
    llmm_rouge_options_default(&o);
    o.use_stemmer = data[0] & 1;
    o.types = (LLMM_ROUGE_BIT(LLMM_ROUGE_TYPE_COUNT) - 1) & ~(unsigned)((data[0] >> 1) & 0x3E);
    cut = data[1] % (size - 1);
    pred.ptr = (const char *)data + 2;
    pred.len = cut;
    for (i = start = 2 + cut; i <= size && n_t < 8; i++)
        if (i == size || data[i] == 1) {
            targets[n_t].ptr = (const char *)data + start;
            targets[n_t++].len = i - start;
            start = i + 1;
        }
    if (llmm_rouge_create(&r, &o, NULL) != LLMM_OK || llmm_rouge_create(&tiny, &o, NULL) != LLMM_OK)
        abort();
    tiny->rows_budget = 2;
    rc = llmm_rouge_score_multi(r, pred, targets, n_t, &a);
    rc2 = llmm_rouge_score_multi(tiny, pred, targets, n_t, &b);
    if (rc != rc2 || (rc != LLMM_OK && rc != LLMM_EUTF8)) abort();
    if (rc == LLMM_OK) {
        for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
            const llmm_rouge_prf *s = &a.score[t];
            if (!in01(s->precision) || !in01(s->recall) || !in01(s->fmeasure)) abort();
            if (memcmp(s, &b.score[t], sizeof *s) != 0) abort();
        }
        if (n_t == 1 && llmm_rouge_score(r, targets[0], pred, &swapped) == LLMM_OK)
            for (t = 0; t <= LLMM_ROUGE_L; t++)
                if ((o.types & LLMM_ROUGE_BIT(t)) &&
                    swapped.score[t].fmeasure != a.score[t].fmeasure)
                    abort();
    }
    llmm_rouge_free(r);
    llmm_rouge_free(tiny);
    return 0;
}
