/* prob_kern.h - the per-ISA block kernels behind the llmm_logits_* functions.
 *
 * Each SIMD path (kern_scalar.c, kern_sse42.c, kern_avx2.c, kern_avx512.c) fills
 * one constant table; rowpass.c walks a row in blocks of LLMMI_BLK elements and
 * calls these on float32 blocks (float16/bfloat16 blocks are converted into a
 * float32 buffer first; float64 rows use the scalar f64 functions below).
 *
 * exp semantics shared by every path: exp(d) for d < LLMMI_EXP_MIN is exactly 0
 * (probabilities below 2^-1022 are flushed), otherwise < 2 ulp from the true
 * value (a degree-11 minimax polynomial on [-ln2/2, ln2/2] after Cody-Waite
 * reduction in the SIMD paths, libm exp in the scalar path).
 */
#ifndef LLMMI_PROB_KERN_H
#define LLMMI_PROB_KERN_H
#include <stddef.h>
#include <stdint.h>

#define LLMMI_BLK 1024
#define LLMMI_EXP_MIN (-708.0)

typedef struct llmmi_probk {
    int isa; /* LLMM_ISA_* */
    /* Max of x[0..n) (n >= 1); sets *nan = 1 if any element is NaN (the max is
     * then meaningless). */
    float (*max_f32)(const float *x, size_t n, int *nan);
    /* *s += sum e_i and, when t != NULL, *t += sum e_i * d_i, where d_i = x_i - m,
     * e_i = exp(d_i); returns max x_i and sets *nan = 1 if some x_i is NaN. The sums are
     * valid when that max is <= m (the caller may guess m, e.g. the running max of the
     * row, and check afterwards; -Inf entries give 0). pf[0..n) is prefetched meanwhile
     * (the block the caller reads next; any readable pointer). */
    float (*sumexp_f32)(const float *x, size_t n, double m, double *s, double *t,
                        const float *pf, int *nan);
    /* The same with a float32 exp (llmm_logits_options.fast) and no t. The scalar path
     * has no float32 exp and sums in float64. */
    float (*sumexp_fast_f32)(const float *x, size_t n, double m, double *s, const float *pf,
                             int *nan);
    /* Two rows: *sp += sum e_i, *u += sum over e_i > 0 of e_i * ((x_i - mp) - (y_i - mq)),
     * *sq += sum exp(y_i - mq), with e_i = exp(x_i - mp). mp, mq finite. (Centred
     * differences: no cancellation of large logits.) */
    void (*klsum_f32)(const float *x, const float *y, size_t n, double mp, double mq,
                      double *sp, double *u, double *sq);
    /* out_i = (x_i - m) - c, rounded once to the output type (log_softmax with
     * m = max, c = log s: exact for the largest logits, whatever their magnitude). */
    void (*sub_f32)(const float *x, size_t n, double m, double c, float *out);
    void (*sub_f64)(const float *x, size_t n, double m, double c, double *out);
    /* out_i = exp((x_i - m) - c) (x_i <= m, c >= 0), rounded once to the output type. */
    void (*exp_f32)(const float *x, size_t n, double m, double c, float *out);
    void (*exp_f64)(const float *x, size_t n, double m, double c, double *out);
    /* Conversions of half-precision bits to float32 (exact, NaN/Inf kept). */
    void (*f16_f32)(const uint16_t *x, size_t n, float *out);
    void (*bf16_f32)(const uint16_t *x, size_t n, float *out);
} llmmi_probk;

extern const llmmi_probk llmmi_probk_scalar;
extern const llmmi_probk llmmi_probk_sse42;
extern const llmmi_probk llmmi_probk_avx2;
extern const llmmi_probk llmmi_probk_avx512;

/* Bytes per element of a logits dtype (FP32, FP16, BF16, FP64), 0 for any other. */
size_t llmmi_logits_esize(int dtype);

/* The table for a resolved path (LLMM_ISA_SCALAR..LLMM_ISA_AVX512). */
const llmmi_probk *llmmi_probk_for(int isa);

/* Scalar float64-row counterparts (float64 input has no SIMD path). */
double llmmi_pk_max_f64(const double *x, size_t n, int *nan);
void llmmi_pk_sumexp_f64(const double *x, size_t n, double m, double *s, double *t);
void llmmi_pk_klsum_f64(const double *x, const double *y, size_t n, double mp, double mq,
                        double *sp, double *u, double *sq);
/* exp with the shared flush rule (scalar). */
double llmmi_pk_exp(double d);
/* Scalar half-precision conversions. */
float llmmi_pk_f16_to_f32(uint16_t h);
float llmmi_pk_bf16_to_f32(uint16_t h);

#endif
