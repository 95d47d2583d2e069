/* kern_avx512.c - AVX-512 (F/BW/DQ/VL) block kernels (8 doubles per vector).
 * The libsimde in use (0.7.4) lacks the 512-bit float<->double and
 * half-precision conversions, so those use the native intrinsics when the file
 * is compiled for AVX-512 (always, under the Makefile's ISA flags) and a
 * portable SIMDe composition otherwise. */
#include "llmm_common.h"
#include "prob_kern.h"
#include <math.h>
#include <simde/x86/avx512.h>

typedef simde__m512 VF;
typedef simde__m512d VD;
typedef simde__mmask16 NANACC;
#define NF 16
#define ND 8
#define K(name) name##_avx512

#define VF_LOAD(p) simde_mm512_loadu_ps(p)
#define VF_SET1(x) simde_mm512_set1_ps(x)
#define VF_MAX(a, b) simde_mm512_max_ps(a, b)
#define VF_STOREU(p, v) simde_mm512_storeu_ps(p, v)
#define VF_ADD(a, b) simde_mm512_add_ps(a, b)
#define VF_SUB(a, b) simde_mm512_sub_ps(a, b)
#define VF_MUL(a, b) simde_mm512_mul_ps(a, b)
#define VF_FMA(a, b, c) simde_mm512_fmadd_ps(a, b, c)
#define VF_ZERO_LT(e, d, lo) \
    simde_mm512_maskz_mov_ps(simde_mm512_cmp_ps_mask(d, lo, SIMDE_CMP_GE_OQ), e)
#define VF_POW2K(t)                                                                    \
    simde_mm512_castsi512_ps(simde_mm512_add_epi32(                                    \
        simde_mm512_slli_epi32(simde_mm512_castps_si512(t), 23), simde_mm512_set1_epi32(127 << 23)))
/* p * 2^k where d >= lo, else 0: scalef (exact scaling, no exponent arithmetic) with a
 * zero mask, so the float32 exp needs no clamp of d */
#define VF_SCALEF_Z(p, k, d, lo) \
    simde_mm512_maskz_scalef_ps(simde_mm512_cmp_ps_mask(d, lo, SIMDE_CMP_GE_OQ), p, k)
#define NAN_INIT 0
#define NAN_ACC2(acc, a, b) ((NANACC)((acc) | simde_mm512_cmp_ps_mask(a, b, SIMDE_CMP_UNORD_Q)))
#define NAN_ANY(acc) ((acc) != 0)
#define VD_SET1(x) simde_mm512_set1_pd(x)
#define VD_ADD(a, b) simde_mm512_add_pd(a, b)
#define VD_SUB(a, b) simde_mm512_sub_pd(a, b)
#define VD_MUL(a, b) simde_mm512_mul_pd(a, b)
#define VD_MAX(a, b) simde_mm512_max_pd(a, b)
#define VD_FMA(a, b, c) simde_mm512_fmadd_pd(a, b, c)
#define VD_ZERO_LT(e, d, lo) \
    simde_mm512_maskz_mov_pd(simde_mm512_cmp_pd_mask(d, lo, SIMDE_CMP_GE_OQ), e)
#define VD_POW2K(t)                                                                    \
    simde_mm512_castsi512_pd(simde_mm512_add_epi64(                                    \
        simde_mm512_slli_epi64(simde_mm512_castpd_si512(t), 52),                       \
        simde_mm512_set1_epi64((int64_t)1023 << 52)))
#define VD_STOREU(p, v) simde_mm512_storeu_pd(p, v)

#if defined(SIMDE_X86_AVX512F_NATIVE)
#define VD_LO(v) _mm512_cvtps_pd(_mm512_castps512_ps256(v))
#define VD_HI(v) _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)))
#define VD_STORE_F32(p, v) _mm256_storeu_ps(p, _mm512_cvtpd_ps(v))
#else
static VD widen8(simde__m256 h)
{
    return simde_mm512_insertf64x4(
        simde_mm512_castpd256_pd512(simde_mm256_cvtps_pd(simde_mm256_castps256_ps128(h))),
        simde_mm256_cvtps_pd(simde_mm256_extractf128_ps(h, 1)), 1);
}
static void store8_f32(float *p, VD v)
{
    simde_mm_storeu_ps(p, simde_mm256_cvtpd_ps(simde_mm512_castpd512_pd256(v)));
    simde_mm_storeu_ps(p + 4, simde_mm256_cvtpd_ps(simde_mm512_extractf64x4_pd(v, 1)));
}
#define VD_LO(v) widen8(simde_mm512_castps512_ps256(v))
#define VD_HI(v) widen8(simde_mm256_castpd_ps(simde_mm512_extractf64x4_pd(simde_mm512_castps_pd(v), 1)))
#define VD_STORE_F32(p, v) store8_f32(p, v)
#endif

/* exp by a 16-entry table: d = (16k + j) ln2/16 + r, |r| <= ln2/32,
 * e^d = 2^k * 2^(j/16) * e^r, with 2^(j/16) picked from two registers by one
 * vpermt2pd (indexed directly by the low mantissa bits of the rounding constant)
 * and e^r a degree-6 minimax polynomial (relative error 7e-18). 10 FMA-unit
 * operations per vector instead of 15; < 2 ulp overall. */
#define LLMMI_HAVE_VEXP
/* 2^(j/16), j = 0..15, correctly rounded */
static const double exp_table[16] = {
    1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721,
    1.241857812073484, 1.2968395546510096, 1.3542555469368927, 1.4142135623730951,
    1.4768261459394993, 1.5422108254079407, 1.6104903319492543, 1.681792830507429,
    1.7562521603732995, 1.8340080864093424, 1.9152065613971474};

static inline VD vexp_avx512(VD d, VD *dc)
{
    const VD lo = VD_SET1(LLMMI_EXP_MIN);
    const VD tab_lo = simde_mm512_loadu_pd(exp_table);
    const VD tab_hi = simde_mm512_loadu_pd(exp_table + 8);
    simde__mmask8 live = simde_mm512_cmp_pd_mask(d, lo, SIMDE_CMP_GE_OQ);
    VD x = VD_MAX(d, lo);
    VD t = VD_FMA(x, VD_SET1(23.083120654223414), VD_SET1(6755399441055744.0));
    VD k = VD_SUB(t, VD_SET1(6755399441055744.0));
    VD r = VD_FMA(k, VD_SET1(-0.04332169877307024), x);   /* -ln2_hi / 16, exact product */
    simde__m512i ti = simde_mm512_castpd_si512(t), sb;
    VD p, tab;
    r = VD_FMA(k, VD_SET1(-1.1926343307941173e-11), r);  /* -ln2_lo / 16 */
    p = VD_SET1(0.0013888684838180695);
    p = VD_FMA(p, r, VD_SET1(0.008333496569923543));
    p = VD_FMA(p, r, VD_SET1(0.04166666669064901));
    p = VD_FMA(p, r, VD_SET1(0.16666666662829693));
    p = VD_FMA(p, r, VD_SET1(0.4999999999999952));
    p = VD_FMA(p, r, VD_SET1(1.0000000000000022));
    p = VD_FMA(p, r, VD_SET1(1.0));
    tab = simde_mm512_permutex2var_pd(tab_lo, ti, tab_hi);
    /* 2^(k >> 4) moved into the table entry's exponent: low mantissa bits of t hold
     * 2^51 + k, so ((t >> 4) << 52) is (k >> 4) << 52 modulo 2^64 */
    sb = simde_mm512_add_epi64(simde_mm512_castpd_si512(tab),
                               simde_mm512_slli_epi64(simde_mm512_srli_epi64(ti, 4), 52));
    *dc = x;
    return simde_mm512_maskz_mul_pd(live, p, simde_mm512_castsi512_pd(sb));
}
#define vexp_avx512 vexp_avx512


#include "kern_tmpl.h"

static void f16_f32_avx512(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
#if defined(SIMDE_X86_AVX512F_NATIVE)
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(x + i))));
#endif
    for (; i < n; i++) out[i] = llmmi_pk_f16_to_f32(x[i]);
}

static void bf16_f32_avx512(const uint16_t *x, size_t n, float *out)
{
    size_t i = 0;
#if defined(SIMDE_X86_AVX512F_NATIVE)
    for (; i + 16 <= n; i += 16) {
        __m512i h = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(x + i)));
        _mm512_storeu_ps(out + i, _mm512_castsi512_ps(_mm512_slli_epi32(h, 16)));
    }
#endif
    for (; i < n; i++) out[i] = llmmi_pk_bf16_to_f32(x[i]);
}

const llmmi_probk llmmi_probk_avx512 = {
    LLMM_ISA_AVX512, max_f32_avx512, sumexp_f32_avx512, sumexp_fast_f32_avx512, klsum_f32_avx512,
    sub_f32_avx512, sub_f64_avx512, exp_f32_avx512, exp_f64_avx512, f16_f32_avx512, bf16_f32_avx512
};
