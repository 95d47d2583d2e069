/* bleu_internal.h - the scorer object behind llmm_bleu. */
#ifndef LLMMI_BLEU_INTERNAL_H
#define LLMMI_BLEU_INTERNAL_H
#include "llmm_bleu.h"
#include "text/ngram.h"
#include "text/textws.h"

struct llmm_bleu {
    llmm_bleu_options opts;
    llmm_allocator alloc;
    llmmi_textws text;
    llmmi_ngram_counter grams;
};

/* Validates options; returns LLMM_OK or LLMM_EINVAL. */
int llmmi_bleu_check_options(const llmm_bleu_options *o);
/* llmm_bleu_finalize with the add-k smoothed counts/totals stored back as sacrebleu's
 * significance tests store them (src/signif): exactly (Python numbers), rounded to
 * float32 (bootstrap resamples) or truncated to int64 (approximate randomization). */
enum { LLMMI_BLEU_ADDK_EXACT = 0, LLMMI_BLEU_ADDK_F32 = 1, LLMMI_BLEU_ADDK_I64 = 2 };
int llmmi_bleu_finalize_ex(const llmm_bleu_options *opts, const llmm_bleu_stats *st,
                           int addk_mode, llmm_bleu_result *r);

#endif
