/* ece_kern_scalar.c - the portable binned-ECE kernel (ece_kern.h), and the reference
 * the SIMD kernels are tested against. */
#include "ece_kern.h"
#include "llmm_common.h"

void llmmi_ece_kern_scalar(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part)
{
    uint32_t idx[LLMMI_ECE_BLOCK];
    uint64_t v[LLMMI_ECE_BLOCK];
    const double dnb = (double)n_bins;
    size_t i0, i;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_BLOCK) {
        size_t m = n - i0 < LLMMI_ECE_BLOCK ? n - i0 : LLMMI_ECE_BLOCK;
        for (i = 0; i < m; i++)
            llmmi_ece_one(edges, dnb, p, t, i0 + i, part, idx + i, v + i);
        llmmi_ece_accumulate(part, idx, v, t + i0, m);
    }
}

llmmi_ece_kern_fn llmmi_ece_kern_for(int isa)
{
    switch (isa) {
    case LLMM_ISA_AVX2: return llmmi_ece_kern_avx2;
    case LLMM_ISA_AVX512: return llmmi_ece_kern_avx512;
    default: return llmmi_ece_kern_scalar;
    }
}
