/* cpu.h - which SIMD paths this CPU (and this build) can run.
 *
 * Detection reads the CPU model data that libgcc fills once at load time
 * (__builtin_cpu_supports), so a query costs a few loads and there is no
 * mutable state in this library: callers that want to skip even that store the
 * answer in their own options/context (e.g. llmm_logits_options.isa). On other
 * compilers or architectures only the scalar path is reported. */
#ifndef LLMMI_CPU_H
#define LLMMI_CPU_H
#include "llmm_common.h"

/* 1 when the path `isa` (LLMM_ISA_SCALAR..LLMM_ISA_AVX512) can run here, else 0.
 * LLMM_ISA_AVX2 requires AVX2+FMA+BMI2, LLMM_ISA_AVX512 requires F+BW+DQ+VL
 * (the flags the Makefile compiles *_avx2.c / *_avx512.c with). */
int llmmi_cpu_supports(int isa);
/* The best path supported here (LLMM_ISA_SCALAR at least). */
int llmmi_cpu_best(void);
/* Resolves a requested path: LLMM_ISA_AUTO -> llmmi_cpu_best(); an explicit
 * supported path -> itself. Returns LLMM_OK, LLMM_EINVAL (unknown value) or
 * LLMM_EUNSUPPORTED (the CPU cannot run it). */
int llmmi_cpu_resolve(int requested, int *isa);

#endif
