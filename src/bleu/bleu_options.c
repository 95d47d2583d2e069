/* bleu_options.c - BLEU options, names of tokenizers and smoothing methods. */
#include "bleu_internal.h"
#include <string.h>

static const char *const tokenizer_names[] = {"none", "13a", "intl", "char", "zh"};
static const char *const smooth_names[] = {"none", "floor", "add-k", "exp"};

static int lookup(const char *const *names, size_t count, const char *name, size_t len)
{
    size_t i;
    if (!name) return -1;
    for (i = 0; i < count; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) return (int)i;
    return -1;
}

int llmm_tokenizer_from_name(const char *name, size_t len, llmm_tokenizer *out)
{
    int i = lookup(tokenizer_names, sizeof tokenizer_names / sizeof *tokenizer_names, name, len);
    if (i < 0 || !out) return LLMM_EINVAL;
    *out = (llmm_tokenizer)i;
    return LLMM_OK;
}

const char *llmm_tokenizer_name(llmm_tokenizer tok)
{
    if ((unsigned)tok >= sizeof tokenizer_names / sizeof *tokenizer_names) return NULL;
    return tokenizer_names[tok];
}

int llmm_bleu_smooth_from_name(const char *name, size_t len, llmm_bleu_smooth *out)
{
    int i = lookup(smooth_names, sizeof smooth_names / sizeof *smooth_names, name, len);
    if (i < 0 || !out) return LLMM_EINVAL;
    *out = (llmm_bleu_smooth)i;
    return LLMM_OK;
}

const char *llmm_bleu_smooth_name(llmm_bleu_smooth method)
{
    if ((unsigned)method >= sizeof smooth_names / sizeof *smooth_names) return NULL;
    return smooth_names[method];
}

int llmm_bleu_max_order(void) { return LLMM_BLEU_MAX_ORDER; }

void llmm_bleu_options_default(llmm_bleu_options *o)
{
    if (!o) return;
    o->tokenize = LLMM_TOK_13A;
    o->lowercase = 0;
    o->smooth_method = LLMM_SMOOTH_EXP;
    o->smooth_value = -1.0;
    o->effective_order = 0;
    o->max_ngram_order = LLMM_BLEU_MAX_ORDER;
    o->strict_lengths = 0;
}

int llmmi_bleu_check_options(const llmm_bleu_options *o)
{
    if (!llmm_tokenizer_name((llmm_tokenizer)o->tokenize)) return LLMM_EINVAL;
    if (!llmm_bleu_smooth_name((llmm_bleu_smooth)o->smooth_method)) return LLMM_EINVAL;
    if (o->max_ngram_order < 1 || o->max_ngram_order > LLMM_BLEU_MAX_ORDER) return LLMM_EINVAL;
    if (o->smooth_value != o->smooth_value) return LLMM_ENONFINITE;
    return LLMM_OK;
}

size_t llmm_bleu_options_size(void) { return sizeof(llmm_bleu_options); }
size_t llmm_bleu_stats_size(void) { return sizeof(llmm_bleu_stats); }
size_t llmm_bleu_result_size(void) { return sizeof(llmm_bleu_result); }
