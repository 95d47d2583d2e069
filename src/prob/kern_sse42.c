/* kern_sse42.c - SSE4.2 block kernels (2 doubles per vector; no FMA, so
 * VD_FMA is a separate multiply and add: the Cody-Waite reduction stays exact,
 * the polynomial gains well under an ulp). */
#include "llmm_common.h"
#include "prob_kern.h"
#include <math.h>
#include <simde/x86/sse4.2.h>

typedef simde__m128 VF;
typedef simde__m128d VD;
typedef simde__m128 NANACC;
#define NF 4
#define ND 2
#define K(name) name##_sse42

#define VF_LOAD(p) simde_mm_loadu_ps(p)
#define VF_SET1(x) simde_mm_set1_ps(x)
#define VF_MAX(a, b) simde_mm_max_ps(a, b)
#define VF_STOREU(p, v) simde_mm_storeu_ps(p, v)
#define VF_ADD(a, b) simde_mm_add_ps(a, b)
#define VF_SUB(a, b) simde_mm_sub_ps(a, b)
#define VF_MUL(a, b) simde_mm_mul_ps(a, b)
#define VF_FMA(a, b, c) simde_mm_add_ps(simde_mm_mul_ps(a, b), c)
#define VF_ZERO_LT(e, d, lo) simde_mm_and_ps(e, simde_mm_cmpge_ps(d, lo))
#define VF_POW2K(t)                                                                    \
    simde_mm_castsi128_ps(simde_mm_add_epi32(simde_mm_slli_epi32(simde_mm_castps_si128(t), 23), \
                                             simde_mm_set1_epi32(127 << 23)))
#define NAN_INIT simde_mm_setzero_ps()
#define NAN_ACC2(acc, a, b) simde_mm_or_ps(acc, simde_mm_cmpunord_ps(a, b))
#define NAN_ANY(acc) (simde_mm_movemask_ps(acc) != 0)
#define VD_LO(v) simde_mm_cvtps_pd(v)
#define VD_HI(v) simde_mm_cvtps_pd(simde_mm_movehl_ps(v, v))
#define VD_SET1(x) simde_mm_set1_pd(x)
#define VD_ADD(a, b) simde_mm_add_pd(a, b)
#define VD_SUB(a, b) simde_mm_sub_pd(a, b)
#define VD_MUL(a, b) simde_mm_mul_pd(a, b)
#define VD_MAX(a, b) simde_mm_max_pd(a, b)
#define VD_FMA(a, b, c) simde_mm_add_pd(simde_mm_mul_pd(a, b), c)
#define VD_ZERO_LT(e, d, lo) simde_mm_and_pd(e, simde_mm_cmpge_pd(d, lo))
#define VD_POW2K(t)                                                                    \
    simde_mm_castsi128_pd(simde_mm_add_epi64(                                          \
        simde_mm_slli_epi64(simde_mm_castpd_si128(t), 52),                             \
        simde_mm_set1_epi64x((int64_t)1023 << 52)))
#define VD_STOREU(p, v) simde_mm_storeu_pd(p, v)
#define VD_STORE_F32(p, v) simde_mm_storel_pi((simde__m64 *)(void *)(p), simde_mm_cvtpd_ps(v))

#include "kern_tmpl.h"

/* Half-precision bits -> float32: the exponent/mantissa bits moved to float
 * position and rescaled by 2^112 (exact for normals and subnormals); Inf/NaN
 * get the all-ones exponent; the sign is put back. */
static void f16_f32_sse42(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        simde__m128i h = simde_mm_cvtepu16_epi32(simde_mm_loadl_epi64((const simde__m128i *)(const void *)(x + i)));
        simde__m128i em = simde_mm_and_si128(h, simde_mm_set1_epi32(0x7FFF));
        simde__m128i sign = simde_mm_slli_epi32(simde_mm_and_si128(h, simde_mm_set1_epi32(0x8000)), 16);
        simde__m128i o = simde_mm_slli_epi32(em, 13);
        simde__m128 f = simde_mm_mul_ps(simde_mm_castsi128_ps(o), simde_mm_set1_ps(0x1p112f));
        simde__m128i special = simde_mm_cmpgt_epi32(em, simde_mm_set1_epi32(0x7BFF));
        simde__m128i inf = simde_mm_or_si128(o, simde_mm_set1_epi32(0x7F800000));
        simde__m128i r = simde_mm_blendv_epi8(simde_mm_castps_si128(f), inf, special);
        simde_mm_storeu_ps(out + i, simde_mm_castsi128_ps(simde_mm_or_si128(r, sign)));
    }
    for (; i < n; i++) out[i] = llmmi_pk_f16_to_f32(x[i]);
}

static void bf16_f32_sse42(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        simde__m128i h = simde_mm_cvtepu16_epi32(simde_mm_loadl_epi64((const simde__m128i *)(const void *)(x + i)));
        simde_mm_storeu_ps(out + i, simde_mm_castsi128_ps(simde_mm_slli_epi32(h, 16)));
    }
    for (; i < n; i++) out[i] = llmmi_pk_bf16_to_f32(x[i]);
}

const llmmi_probk llmmi_probk_sse42 = {
    LLMM_ISA_SSE42, max_f32_sse42, sumexp_f32_sse42, sumexp_fast_f32_sse42, klsum_f32_sse42,
    sub_f32_sse42, sub_f64_sse42, exp_f32_sse42, exp_f64_sse42, f16_f32_sse42, bf16_f32_sse42
};
