/* cpu.c - run-time CPU feature detection for the SIMD dispatchers (see cpu.h). */
#include "cpu.h"

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define LLMMI_CPU_X86 1
#endif

int llmmi_cpu_supports(int isa)
{
    switch (isa) {
    case LLMM_ISA_SCALAR: return 1;
#ifdef LLMMI_CPU_X86
    /* __builtin_cpu_init() is idempotent; it only matters when this runs before
     * libgcc's own constructor (e.g. from another library's constructor). */
    case LLMM_ISA_SSE42:
        __builtin_cpu_init();
        return __builtin_cpu_supports("sse4.2") ? 1 : 0;
    case LLMM_ISA_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
               __builtin_cpu_supports("bmi2");
    case LLMM_ISA_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
               __builtin_cpu_supports("bmi2");
#endif
    default: return 0;
    }
}

int llmmi_cpu_best(void)
{
    int isa;
    for (isa = LLMM_ISA_AVX512; isa > LLMM_ISA_SCALAR; isa--)
        if (llmmi_cpu_supports(isa)) return isa;
    return LLMM_ISA_SCALAR;
}

int llmmi_cpu_resolve(int requested, int *isa)
{
    if (requested == LLMM_ISA_AUTO) {
        *isa = llmmi_cpu_best();
        return LLMM_OK;
    }
    if (requested < LLMM_ISA_SCALAR || requested > LLMM_ISA_AVX512) return LLMM_EINVAL;
    if (!llmmi_cpu_supports(requested)) return LLMM_EUNSUPPORTED;
    *isa = requested;
    return LLMM_OK;
}

int llmm_isa_supported(int isa) { return llmmi_cpu_supports(isa); }

int llmm_isa_best(void) { return llmmi_cpu_best(); }

const char *llmm_isa_name(int isa)
{
    switch (isa) {
    case LLMM_ISA_AUTO: return "auto";
    case LLMM_ISA_SCALAR: return "scalar";
    case LLMM_ISA_SSE42: return "sse4.2";
    case LLMM_ISA_AVX2: return "avx2";
    case LLMM_ISA_AVX512: return "avx512";
    default: return NULL;
    }
}

int llmm_isa_from_name(const char *name, int *isa)
{
    int i;
    const char *n;
    size_t k;
    if (!name || !isa) return LLMM_ENULL;
    for (i = LLMM_ISA_AUTO; i <= LLMM_ISA_AVX512; i++) {
        n = llmm_isa_name(i);
        for (k = 0; n[k] && n[k] == name[k]; k++) {}
        if (n[k] == '\0' && name[k] == '\0') {
            *isa = i;
            return LLMM_OK;
        }
    }
    return LLMM_EINVAL;
}

const char *llmm_simd_path(void) { return llmm_isa_name(llmmi_cpu_best()); }
