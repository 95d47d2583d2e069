/* signif_options.c - defaults, names and struct sizes of llmm_signif.h. */
#include "signif_internal.h"

uint64_t llmm_signif_default_seed(void) { return LLMM_SIGNIF_DEFAULT_SEED; }

size_t llmm_signif_default_samples(int test)
{
    /* significance.py:299-300 PairedTest._DEFAULT_SAMPLES. */
    return test == LLMM_SIGNIF_BS ? LLMM_SIGNIF_DEFAULT_BS
           : test == LLMM_SIGNIF_AR ? LLMM_SIGNIF_DEFAULT_AR : 0;
}

const char *llmm_signif_test_name(int test)
{
    return test == LLMM_SIGNIF_BS ? "bs" : test == LLMM_SIGNIF_AR ? "ar" : NULL;
}

void llmm_signif_options_default(llmm_signif_options *opts)
{
    if (!opts) return;
    opts->test = LLMM_SIGNIF_BS;
    opts->seed = LLMM_SIGNIF_DEFAULT_SEED;
    opts->n_samples = 0;
    opts->n_ar_confidence = -1;
}

size_t llmm_pcg64_size(void) { return sizeof(llmm_pcg64); }
size_t llmm_signif_options_size(void) { return sizeof(llmm_signif_options); }
size_t llmm_signif_result_size(void) { return sizeof(llmm_signif_result); }
