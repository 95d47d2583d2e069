/* kern_avx2.c - AVX2 + FMA block kernels (4 doubles per vector). */
#include "llmm_common.h"
#include "prob_kern.h"
#include <math.h>
#include <simde/x86/avx2.h>
#include <simde/x86/fma.h>

typedef simde__m256 VF;
typedef simde__m256d VD;
typedef simde__m256 NANACC;
#define NF 8
#define ND 4
#define K(name) name##_avx2

#define VF_LOAD(p) simde_mm256_loadu_ps(p)
#define VF_SET1(x) simde_mm256_set1_ps(x)
#define VF_MAX(a, b) simde_mm256_max_ps(a, b)
#define VF_STOREU(p, v) simde_mm256_storeu_ps(p, v)
#define VF_ADD(a, b) simde_mm256_add_ps(a, b)
#define VF_SUB(a, b) simde_mm256_sub_ps(a, b)
#define VF_MUL(a, b) simde_mm256_mul_ps(a, b)
#define VF_FMA(a, b, c) simde_mm256_fmadd_ps(a, b, c)
#define VF_ZERO_LT(e, d, lo) simde_mm256_and_ps(e, simde_mm256_cmp_ps(d, lo, SIMDE_CMP_GE_OQ))
#define VF_POW2K(t)                                                                    \
    simde_mm256_castsi256_ps(simde_mm256_add_epi32(                                    \
        simde_mm256_slli_epi32(simde_mm256_castps_si256(t), 23), simde_mm256_set1_epi32(127 << 23)))
#define NAN_INIT simde_mm256_setzero_ps()
#define NAN_ACC2(acc, a, b) simde_mm256_or_ps(acc, simde_mm256_cmp_ps(a, b, SIMDE_CMP_UNORD_Q))
#define NAN_ANY(acc) (simde_mm256_movemask_ps(acc) != 0)
#define VD_LO(v) simde_mm256_cvtps_pd(simde_mm256_castps256_ps128(v))
#define VD_HI(v) simde_mm256_cvtps_pd(simde_mm256_extractf128_ps(v, 1))
#define VD_SET1(x) simde_mm256_set1_pd(x)
#define VD_ADD(a, b) simde_mm256_add_pd(a, b)
#define VD_SUB(a, b) simde_mm256_sub_pd(a, b)
#define VD_MUL(a, b) simde_mm256_mul_pd(a, b)
#define VD_MAX(a, b) simde_mm256_max_pd(a, b)
#define VD_FMA(a, b, c) simde_mm256_fmadd_pd(a, b, c)
#define VD_ZERO_LT(e, d, lo) simde_mm256_and_pd(e, simde_mm256_cmp_pd(d, lo, SIMDE_CMP_GE_OQ))
#define VD_POW2K(t)                                                                    \
    simde_mm256_castsi256_pd(simde_mm256_add_epi64(                                    \
        simde_mm256_slli_epi64(simde_mm256_castpd_si256(t), 52),                       \
        simde_mm256_set1_epi64x((int64_t)1023 << 52)))
#define VD_STOREU(p, v) simde_mm256_storeu_pd(p, v)
#define VD_STORE_F32(p, v) simde_mm_storeu_ps(p, simde_mm256_cvtpd_ps(v))

#include "kern_tmpl.h"

/* Half-precision bits -> float32, as in kern_sse42.c, 8 lanes. */
static void f16_f32_avx2(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        simde__m256i h = simde_mm256_cvtepu16_epi32(simde_mm_loadu_si128((const simde__m128i *)(const void *)(x + i)));
        simde__m256i em = simde_mm256_and_si256(h, simde_mm256_set1_epi32(0x7FFF));
        simde__m256i sign = simde_mm256_slli_epi32(simde_mm256_and_si256(h, simde_mm256_set1_epi32(0x8000)), 16);
        simde__m256i o = simde_mm256_slli_epi32(em, 13);
        simde__m256 f = simde_mm256_mul_ps(simde_mm256_castsi256_ps(o), simde_mm256_set1_ps(0x1p112f));
        simde__m256i special = simde_mm256_cmpgt_epi32(em, simde_mm256_set1_epi32(0x7BFF));
        simde__m256i inf = simde_mm256_or_si256(o, simde_mm256_set1_epi32(0x7F800000));
        simde__m256i r = simde_mm256_blendv_epi8(simde_mm256_castps_si256(f), inf, special);
        simde_mm256_storeu_ps(out + i, simde_mm256_castsi256_ps(simde_mm256_or_si256(r, sign)));
    }
    for (; i < n; i++) out[i] = llmmi_pk_f16_to_f32(x[i]);
}

static void bf16_f32_avx2(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        simde__m256i h = simde_mm256_cvtepu16_epi32(simde_mm_loadu_si128((const simde__m128i *)(const void *)(x + i)));
        simde_mm256_storeu_ps(out + i, simde_mm256_castsi256_ps(simde_mm256_slli_epi32(h, 16)));
    }
    for (; i < n; i++) out[i] = llmmi_pk_bf16_to_f32(x[i]);
}

const llmmi_probk llmmi_probk_avx2 = {
    LLMM_ISA_AVX2, max_f32_avx2, sumexp_f32_avx2, sumexp_fast_f32_avx2, klsum_f32_avx2,
    sub_f32_avx2, sub_f64_avx2, exp_f32_avx2, exp_f64_avx2, f16_f32_avx2, bf16_f32_avx2
};
