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
    uint32_t *ids;        /* token ids of the current string */
    uint64_t *keys;       /* their XXH3 hashes */
    size_t ids_cap, keys_cap;
};

/* Validates options; returns LLMM_OK or LLMM_EINVAL. */
int llmmi_bleu_check_options(const llmm_bleu_options *o);
/* llmm_bleu_finalize; f32_counts rounds the add-k smoothed counts/totals to float32,
 * as sacrebleu's bootstrap does with its float32 statistics (src/signif). */
int llmmi_bleu_finalize_ex(const llmm_bleu_options *opts, const llmm_bleu_stats *st,
                           int f32_counts, llmm_bleu_result *r);

#endif
