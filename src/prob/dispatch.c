/* dispatch.c - picks the block-kernel table for a call (see prob_kern.h). */
#include "llmm_prob.h"
#include "core/cpu.h"
#include "prob_kern.h"

const llmmi_probk *llmmi_probk_for(int isa)
{
    switch (isa) {
    case LLMM_ISA_SSE42: return &llmmi_probk_sse42;
    case LLMM_ISA_AVX2: return &llmmi_probk_avx2;
    case LLMM_ISA_AVX512: return &llmmi_probk_avx512;
    default: return &llmmi_probk_scalar;
    }
}

void llmm_logits_options_default(llmm_logits_options *opts)
{
    if (!opts) return;
    opts->isa = LLMM_ISA_AUTO;
    opts->fast = 0;
}

size_t llmm_logits_options_size(void) { return sizeof(llmm_logits_options); }

size_t llmmi_logits_esize(int dtype)
{
    switch (dtype) {
    case LLMM_DTYPE_FP32: return 4;
    case LLMM_DTYPE_FP16:
    case LLMM_DTYPE_BF16: return 2;
    case LLMM_DTYPE_FP64: return 8;
    default: return 0; /* FP8/INT8/INT4 are not logits types here */
    }
}
