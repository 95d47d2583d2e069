/* kern_scalar.c - portable C block kernels (the reference the SIMD paths are
 * tested against) and the float64-row kernels. */
#include "llmm_common.h"
#include "prob_kern.h"
#include <math.h>
#include <string.h>

double llmmi_pk_exp(double d) { return d < LLMMI_EXP_MIN ? 0.0 : exp(d); }

float llmmi_pk_bf16_to_f32(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

float llmmi_pk_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1Fu, m = h & 0x3FFu, u;
    float f;
    if (e == 0x1Fu) {
        u = sign | 0x7F800000u | (m << 13); /* Inf, NaN (payload kept) */
    } else if (e == 0) {
        f = (float)m * (1.0f / 16777216.0f); /* subnormal: m * 2^-24, exact */
        return sign ? -f : f;
    } else {
        u = sign | ((e + 112u) << 23) | (m << 13);
    }
    memcpy(&f, &u, sizeof f);
    return f;
}

static float max_f32(const float *x, size_t n, int *nan)
{
    float m = -HUGE_VALF;
    size_t i;
    for (i = 0; i < n; i++) {
        if (x[i] != x[i]) *nan = 1;
        else if (x[i] > m) m = x[i];
    }
    return m;
}

double llmmi_pk_max_f64(const double *x, size_t n, int *nan)
{
    double m = -HUGE_VAL;
    size_t i;
    for (i = 0; i < n; i++) {
        if (x[i] != x[i]) *nan = 1;
        else if (x[i] > m) m = x[i];
    }
    return m;
}

/* d clamped like the SIMD paths do, so e*d is 0 (not NaN) for -Inf entries. */
#define SUMEXP_BODY(x, n, m, s, t)                                                        \
    do {                                                                                  \
        double s_ = 0, t_ = 0;                                                            \
        size_t i_;                                                                        \
        for (i_ = 0; i_ < (n); i_++) {                                                    \
            double d_ = (double)(x)[i_] - (m);                                            \
            double e_ = llmmi_pk_exp(d_);                                                 \
            s_ += e_;                                                                     \
            if (e_ > 0) t_ += e_ * d_;                                                    \
        }                                                                                 \
        *(s) += s_;                                                                       \
        if (t) *(t) += t_;                                                                \
    } while (0)

/* The maximum first, so no term can overflow when the guess m is low. */
static float sumexp_f32(const float *x, size_t n, double m, double *s, double *t,
                        const float *pf, int *nan)
{
    float bm = max_f32(x, n, nan);
    (void)pf;
    if ((double)bm <= m) SUMEXP_BODY(x, n, m, s, t);
    return bm;
}

void llmmi_pk_sumexp_f64(const double *x, size_t n, double m, double *s, double *t)
{
    SUMEXP_BODY(x, n, m, s, t);
}

#define KLSUM_BODY(x, y, n, mp, mq, sp, u, sq)                                            \
    do {                                                                                  \
        double sp_ = 0, u_ = 0, sq_ = 0;                                                  \
        size_t i_;                                                                        \
        for (i_ = 0; i_ < (n); i_++) {                                                    \
            double e_ = llmmi_pk_exp((double)(x)[i_] - (mp));                             \
            sp_ += e_;                                                                    \
            double dy_ = (double)(y)[i_] - (mq);                                          \
            if (e_ > 0) u_ += e_ * (((double)(x)[i_] - (mp)) - dy_);                      \
            sq_ += llmmi_pk_exp(dy_);                                                     \
        }                                                                                 \
        *(sp) += sp_;                                                                     \
        *(u) += u_;                                                                       \
        *(sq) += sq_;                                                                     \
    } while (0)

static void klsum_f32(const float *x, const float *y, size_t n, double mp, double mq,
                      double *sp, double *u, double *sq)
{
    KLSUM_BODY(x, y, n, mp, mq, sp, u, sq);
}

void llmmi_pk_klsum_f64(const double *x, const double *y, size_t n, double mp, double mq,
                        double *sp, double *u, double *sq)
{
    KLSUM_BODY(x, y, n, mp, mq, sp, u, sq);
}

static void sub_f32(const float *x, size_t n, double m, double c, float *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = (float)(((double)x[i] - m) - c);
}

static void sub_f64(const float *x, size_t n, double m, double c, double *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = ((double)x[i] - m) - c;
}

static void exp_f32(const float *x, size_t n, double m, double c, float *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = (float)llmmi_pk_exp(((double)x[i] - m) - c);
}

static void exp_f64(const float *x, size_t n, double m, double c, double *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = llmmi_pk_exp(((double)x[i] - m) - c);
}

static void f16_f32(const uint16_t *x, size_t n, float *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = llmmi_pk_f16_to_f32(x[i]);
}

static void bf16_f32(const uint16_t *x, size_t n, float *out)
{
    size_t i;
    for (i = 0; i < n; i++) out[i] = llmmi_pk_bf16_to_f32(x[i]);
}

/* No float32 exp in the scalar path: the fast option computes in float64 here. */
static float sumexp_fast_f32(const float *x, size_t n, double m, double *s, const float *pf,
                             int *nan)
{
    return sumexp_f32(x, n, m, s, NULL, pf, nan);
}

const llmmi_probk llmmi_probk_scalar = {
    LLMM_ISA_SCALAR, max_f32, sumexp_f32, sumexp_fast_f32, klsum_f32, sub_f32, sub_f64,
    exp_f32, exp_f64, f16_f32, bf16_f32
};
