/* kern_tmpl.h - the SIMD block kernels, written once over a small set of vector
 * macros and instantiated by kern_sse42.c, kern_avx2.c and kern_avx512.c (each
 * defines the macros below, then includes this file). Not a standalone header.
 *
 *   VF, VD           float / double vector types, NF / ND lanes (NF == 2 * ND)
 *   VF_LOAD(p)       unaligned load of NF floats
 *   VF_SET1(x), VF_MAX(a, b), VF_STOREU(p, v), VF_ADD, VF_SUB, VF_MUL, VF_FMA(a, b, c) = a*b + c
 *   VF_ZERO_LT(e, d, lo), VF_POW2K(t)   float32 counterparts of the VD_ macros below
 *   VF_SCALEF_Z(p, k, d, lo)   optional: p * 2^k where d >= lo, else 0 (k integral)
 *   NANACC, NAN_INIT, NAN_ACC2(acc, a, b), NAN_ANY(acc)   NaN detection (in a or b)
 *   VD_LO(v), VD_HI(v)  the low / high ND floats of v widened to double
 *   VD_SET1, VD_ADD, VD_SUB, VD_MUL, VD_MAX, VD_FMA(a, b, c) = a*b + c
 *   VD_ZERO_LT(e, d, lo)  e where d >= lo, else +0
 *   VD_POW2K(t)      2^k for t = k + LLMMI_MAGIC computed in double
 *   VD_STOREU(p, v), VD_STORE_F32(p, v)  store ND doubles / ND floats (rounded)
 *   K(name)          name with the ISA suffix
 *
 * Tails shorter than NF are copied into a buffer padded with -Inf (which every
 * kernel maps to a zero contribution) and run through the same vector code, so a
 * path never mixes vector and libm exp.
 */

/* Cody-Waite split of ln 2 (fdlibm): k * LN2_HI is exact for |k| < 2^20. */
#define LLMMI_LOG2E 1.4426950408889634
#define LLMMI_LN2_HI 6.93147180369123816490e-01
#define LLMMI_LN2_LO 1.90821492927058770002e-10
#define LLMMI_MAGIC 6755399441055744.0 /* 1.5 * 2^52: adding it rounds to an integer */

/* exp(d) for d <= 0, no NaN; d < LLMMI_EXP_MIN (and -Inf) -> 0. *dc receives d
 * clamped to LLMMI_EXP_MIN, so e * dc is 0 (not NaN) where e is 0. An ISA file
 * may provide its own (defining LLMMI_HAVE_VEXP); the default is a degree-11
 * minimax polynomial for e^r on [-ln2/2, ln2/2] (relative error 3e-18 before
 * rounding; < 2 ulp evaluated in double). */
#ifndef LLMMI_HAVE_VEXP
static inline VD K(vexp)(VD d, VD *dc)
{
    const VD lo = VD_SET1(LLMMI_EXP_MIN);
    VD x = VD_MAX(d, lo);
    VD t = VD_FMA(x, VD_SET1(LLMMI_LOG2E), VD_SET1(LLMMI_MAGIC));
    VD k = VD_SUB(t, VD_SET1(LLMMI_MAGIC));
    VD r = VD_FMA(k, VD_SET1(-LLMMI_LN2_HI), x);
    VD p;
    r = VD_FMA(k, VD_SET1(-LLMMI_LN2_LO), r);
    p = VD_SET1(2.4994304551885587e-08);
    p = VD_FMA(p, r, VD_SET1(2.763229371066051e-07));
    p = VD_FMA(p, r, VD_SET1(2.755762253436746e-06));
    p = VD_FMA(p, r, VD_SET1(2.480148652026932e-05));
    p = VD_FMA(p, r, VD_SET1(0.00019841269432672174));
    p = VD_FMA(p, r, VD_SET1(0.001388888895122506));
    p = VD_FMA(p, r, VD_SET1(0.008333333333559276));
    p = VD_FMA(p, r, VD_SET1(0.04166666666649276));
    p = VD_FMA(p, r, VD_SET1(0.1666666666666617));
    p = VD_FMA(p, r, VD_SET1(0.5000000000000018));
    p = VD_FMA(p, r, VD_SET1(1.0));
    p = VD_FMA(p, r, VD_SET1(1.0));
    *dc = x;
    return VD_ZERO_LT(VD_MUL(p, VD_POW2K(t)), d, lo);
}
#endif

/* Fast variant (llmm_logits_options.fast): exp(a - m) in float32, NF lanes (summed in
 * double by the callers). d = a - m is rounded, so its error is recovered exactly
 * (Knuth's TwoSum: d + err == a - m) and added to the reduced argument; k = round(d
 * log2 e) by the 1.5 * 2^23 rounding constant; Cody-Waite with a short ln 2 (k *
 * 0.693359375 exact); degree-6 minimax polynomial for e^r on [-ln2/2, ln2/2] (1.9e-9
 * before rounding); 2^k by VF_SCALEF_Z where the ISA has it (AVX-512 scalef, zero-masked),
 * else built in the exponent bits of the clamped argument. Measured over every float32
 * d in [-87, 0]: <= 1.048 ulp with FMA, 1.334 ulp without (SSE4.2). d < -87 (1e-38,
 * against a largest term of 1) gives 0. */
static inline VF K(vexpf)(VF a, VF m)
{
    const VF lo = VF_SET1(-87.0f);
    VF d = VF_SUB(a, m), bp = VF_SUB(d, a), ap = VF_SUB(d, bp);
    VF err = VF_SUB(VF_SUB(a, ap), VF_ADD(m, bp));
#ifdef VF_SCALEF_Z
    VF x = d;
#else
    VF x = VF_MAX(d, lo);
#endif
    VF t = VF_FMA(x, VF_SET1(1.44269504f), VF_SET1(12582912.0f));
    VF k = VF_SUB(t, VF_SET1(12582912.0f));
    VF r = VF_ADD(VF_FMA(k, VF_SET1(-0.693359375f), x), err);
    VF p;
    r = VF_FMA(k, VF_SET1(2.12194442e-4f), r);
    p = VF_SET1(0.0013836742145940661f);
    p = VF_FMA(p, r, VF_SET1(0.008374898694455624f));
    p = VF_FMA(p, r, VF_SET1(0.041668232530355453f));
    p = VF_FMA(p, r, VF_SET1(0.16666419804096222f));
    p = VF_FMA(p, r, VF_SET1(0.49999991059303284f));
    p = VF_FMA(p, r, VF_SET1(1.0f));
    p = VF_FMA(p, r, VF_SET1(1.0f));
#ifdef VF_SCALEF_Z
    return VF_SCALEF_Z(p, k, d, lo);
#else
    return VF_ZERO_LT(VF_MUL(p, VF_POW2K(t)), d, lo);
#endif
}

/* Copies x[0..n) (n < w) into buf[0..w) padded with -Inf. */
static inline void K(pad)(const float *x, size_t n, float *buf, size_t w)
{
    size_t i;
    for (i = 0; i < w; i++) buf[i] = i < n ? x[i] : -HUGE_VALF;
}

static double K(hsum)(VD v)
{
    double tmp[ND], s = 0;
    int i;
    VD_STOREU(tmp, v);
    for (i = 0; i < ND; i++) s += tmp[i];
    return s;
}

/* The largest of the NF lanes (no NaN). */
static float K(hmax)(VF v)
{
    float tmp[NF], m;
    int j;
    VF_STOREU(tmp, v);
    m = tmp[0];
    for (j = 1; j < NF; j++)
        if (tmp[j] > m) m = tmp[j];
    return m;
}

static float K(max_f32)(const float *x, size_t n, int *nan)
{
    VF m0 = VF_SET1(-HUGE_VALF), m1 = m0, m2 = m0, m3 = m0;
    NANACC na = NAN_INIT;
    float m;
    size_t i = 0;
    for (; i + 4 * NF <= n; i += 4 * NF) {
        VF a = VF_LOAD(x + i), b = VF_LOAD(x + i + NF);
        VF c = VF_LOAD(x + i + 2 * NF), d = VF_LOAD(x + i + 3 * NF);
        m0 = VF_MAX(m0, a);
        m1 = VF_MAX(m1, b);
        m2 = VF_MAX(m2, c);
        m3 = VF_MAX(m3, d);
        na = NAN_ACC2(NAN_ACC2(na, a, b), c, d);
    }
    for (; i + NF <= n; i += NF) {
        VF a = VF_LOAD(x + i);
        m0 = VF_MAX(m0, a);
        na = NAN_ACC2(na, a, a);
    }
    m = K(hmax)(VF_MAX(VF_MAX(m0, m1), VF_MAX(m2, m3)));
    for (; i < n; i++) {
        if (x[i] != x[i]) *nan = 1;
        else if (x[i] > m) m = x[i];
    }
    if (NAN_ANY(na)) *nan = 1;
    return m;
}

/* Touches the 4 cache lines of 64 floats at p (the block the caller reads next), into
 * L1. SIMDe 0.7.4 hands its own hint numbers to the native _mm_prefetch, where
 * SIMDE_MM_HINT_T0 (1) means _MM_HINT_T2 (prefetcht2, measured 12% slower here), so the
 * native constant is used when there is one. */
#if defined(SIMDE_X86_SSE_NATIVE)
#define LLMMI_HINT_T0 _MM_HINT_T0
#else
#define LLMMI_HINT_T0 SIMDE_MM_HINT_T0
#endif
#define LLMMI_PREFETCH4(p)                                                               \
    do {                                                                                 \
        simde_mm_prefetch((const char *)(p), LLMMI_HINT_T0);                             \
        simde_mm_prefetch((const char *)((p) + 16), LLMMI_HINT_T0);                      \
        simde_mm_prefetch((const char *)((p) + 32), LLMMI_HINT_T0);                      \
        simde_mm_prefetch((const char *)((p) + 48), LLMMI_HINT_T0);                      \
    } while (0)

/* *s += sum e_i, *t += sum e_i d_i (t may be NULL), d_i = x_i - m, e_i = exp(d_i), and
 * returns max x_i (*nan = 1 if some x_i is NaN): the sums are meaningful only when
 * that maximum is <= m (the row pass guesses that the running maximum holds for the
 * block, checks, and redoes the block from L1 when it does not: each block is loaded
 * once). pf[0..n) is prefetched meanwhile. */
static float K(sumexp_f32)(const float *x, size_t n, double m, double *s, double *t,
                           const float *pf, int *nan)
{
    const VD vm = VD_SET1(m);
    VD s0 = VD_SET1(0.0), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, d0, d1, d2, d3;
    VF mx = VF_SET1(-HUGE_VALF);
    NANACC na = NAN_INIT;
    float buf[2 * NF];
    size_t i = 0;
    int last = 0;
    while (!last) {
        VF a, b;
        VD e0, e1, e2, e3;
        if (i + 2 * NF <= n) {
            a = VF_LOAD(x + i);
            b = VF_LOAD(x + i + NF);
            if (i % 64 == 0) LLMMI_PREFETCH4(pf + i);
            i += 2 * NF;
        } else {
            if (i == n) break;
            K(pad)(x + i, n - i, buf, 2 * NF);
            a = VF_LOAD(buf);
            b = VF_LOAD(buf + NF);
            last = 1;
        }
        mx = VF_MAX(mx, VF_MAX(a, b));
        na = NAN_ACC2(na, a, b);
        /* two vectors per step: four independent exp chains */
        e0 = K(vexp)(VD_SUB(VD_LO(a), vm), &d0);
        e1 = K(vexp)(VD_SUB(VD_HI(a), vm), &d1);
        e2 = K(vexp)(VD_SUB(VD_LO(b), vm), &d2);
        e3 = K(vexp)(VD_SUB(VD_HI(b), vm), &d3);
        s0 = VD_ADD(s0, e0);
        s1 = VD_ADD(s1, e1);
        s2 = VD_ADD(s2, e2);
        s3 = VD_ADD(s3, e3);
        if (t) {
            t0 = VD_FMA(e0, d0, VD_FMA(e2, d2, t0));
            t1 = VD_FMA(e1, d1, VD_FMA(e3, d3, t1));
        }
    }
    *s += K(hsum)(VD_ADD(VD_ADD(s0, s1), VD_ADD(s2, s3)));
    if (t) *t += K(hsum)(VD_ADD(t0, t1));
    if (NAN_ANY(na)) *nan = 1;
    return K(hmax)(mx);
}

/* The fast sum, fused with the block's maximum: *s += sum exp(x_i - m) with the
 * float32 exp, and the return value is max x_i (*nan = 1 if some x_i is NaN). The sum
 * is meaningful only when that maximum is <= m: the row pass guesses that the running
 * maximum holds for the block (it mostly does after the first blocks) and redoes the
 * block, from L1, when it does not. Each block is then loaded once, not twice. */
static float K(sumexp_fast_f32)(const float *x, size_t n, double m, double *s, const float *pf,
                                int *nan)
{
    const VF vm = VF_SET1((float)m); /* m is a float32 maximum: exact */
    VD s0 = VD_SET1(0.0), s1 = s0;
    VF mx0 = VF_SET1(-HUGE_VALF), mx1 = mx0;
    NANACC na = NAN_INIT;
    float buf[NF];
    size_t i = 0;
    /* four independent vectors per step: the exp chains overlap */
    for (; i + 4 * NF <= n; i += 4 * NF) {
        VF a0 = VF_LOAD(x + i), a1 = VF_LOAD(x + i + NF);
        VF a2 = VF_LOAD(x + i + 2 * NF), a3 = VF_LOAD(x + i + 3 * NF), e;
        if (i % 64 == 0) LLMMI_PREFETCH4(pf + i);
        mx0 = VF_MAX(mx0, VF_MAX(a0, a1));
        mx1 = VF_MAX(mx1, VF_MAX(a2, a3));
        na = NAN_ACC2(NAN_ACC2(na, a0, a1), a2, a3);
        /* the four summed in float (a depth-2 tree: relative error <= 2 * 2^-24 of
         * these nonnegative terms), then widened: a quarter of the conversions */
        e = VF_ADD(VF_ADD(K(vexpf)(a0, vm), K(vexpf)(a1, vm)),
                   VF_ADD(K(vexpf)(a2, vm), K(vexpf)(a3, vm)));
        s0 = VD_ADD(s0, VD_LO(e));
        s1 = VD_ADD(s1, VD_HI(e));
    }
    for (;;) {
        VF a, e;
        if (i + NF <= n) {
            a = VF_LOAD(x + i);
            i += NF;
        } else {
            if (i == n) break;
            K(pad)(x + i, n - i, buf, NF);
            a = VF_LOAD(buf);
            i = n;
        }
        mx0 = VF_MAX(mx0, a);
        na = NAN_ACC2(na, a, a);
        e = K(vexpf)(a, vm);
        s0 = VD_ADD(s0, VD_LO(e));
        s1 = VD_ADD(s1, VD_HI(e));
    }
    *s += K(hsum)(VD_ADD(s0, s1));
    if (NAN_ANY(na)) *nan = 1;
    return K(hmax)(VF_MAX(mx0, mx1));
}

static void K(klsum_f32)(const float *x, const float *y, size_t n, double mp, double mq,
                         double *sp, double *u, double *sq)
{
    const VD vmp = VD_SET1(mp), vmq = VD_SET1(mq), lo = VD_SET1(LLMMI_EXP_MIN);
    VD ap = VD_SET1(0.0), au = ap, aq = ap, yl, yh, dl, dh, el, eh, dummy;
    float bx[NF], by[NF];
    size_t i = 0;
    int last = 0;
    while (!last) {
        VF a, b;
        if (i + NF <= n) {
            a = VF_LOAD(x + i);
            b = VF_LOAD(y + i);
            i += NF;
        } else {
            if (i == n) break;
            K(pad)(x + i, n - i, bx, NF);
            K(pad)(y + i, n - i, by, NF);
            a = VF_LOAD(bx);
            b = VF_LOAD(by);
            last = 1;
        }
        dl = VD_SUB(VD_LO(a), vmp);
        dh = VD_SUB(VD_HI(a), vmp);
        yl = VD_SUB(VD_LO(b), vmq);
        yh = VD_SUB(VD_HI(b), vmq);
        el = K(vexp)(dl, &dummy);
        eh = K(vexp)(dh, &dummy);
        ap = VD_ADD(ap, VD_ADD(el, eh));
        au = VD_ADD(au, VD_ZERO_LT(VD_MUL(el, VD_SUB(dl, yl)), dl, lo));
        au = VD_ADD(au, VD_ZERO_LT(VD_MUL(eh, VD_SUB(dh, yh)), dh, lo));
        /* same association as ap, so identical rows give bit-identical sums */
        aq = VD_ADD(aq, VD_ADD(K(vexp)(yl, &dummy), K(vexp)(yh, &dummy)));
    }
    *sp += K(hsum)(ap);
    *u += K(hsum)(au);
    *sq += K(hsum)(aq);
}

/* out = f((x - m) - c) for sub / exp, float or double output; the tail goes through
 * a padded buffer and is copied out. */
#define LLMMI_MAP_BODY(OUT_T, STORE, EXPR)                                                \
    const VD vm = VD_SET1(m), vc = VD_SET1(c);                                            \
    VD lo_, hi_, dummy_;                                                                  \
    float buf[NF];                                                                        \
    OUT_T obuf[NF];                                                                       \
    size_t i = 0, j;                                                                      \
    (void)dummy_;                                                                         \
    for (; i + NF <= n; i += NF) {                                                        \
        VF a = VF_LOAD(x + i);                                                            \
        lo_ = VD_SUB(VD_SUB(VD_LO(a), vm), vc);                                           \
        hi_ = VD_SUB(VD_SUB(VD_HI(a), vm), vc);                                           \
        STORE(out + i, EXPR(lo_));                                                        \
        STORE(out + i + ND, EXPR(hi_));                                                   \
    }                                                                                     \
    if (i < n) {                                                                          \
        VF a;                                                                             \
        K(pad)(x + i, n - i, buf, NF);                                                    \
        a = VF_LOAD(buf);                                                                 \
        lo_ = VD_SUB(VD_SUB(VD_LO(a), vm), vc);                                           \
        hi_ = VD_SUB(VD_SUB(VD_HI(a), vm), vc);                                           \
        STORE(obuf, EXPR(lo_));                                                           \
        STORE(obuf + ND, EXPR(hi_));                                                      \
        for (j = 0; i + j < n; j++) out[i + j] = obuf[j];                                 \
    }

#define LLMMI_ID(v) (v)
#define LLMMI_EXP(v) K(vexp)((v), &dummy_)

static void K(sub_f32)(const float *x, size_t n, double m, double c, float *out)
{
    LLMMI_MAP_BODY(float, VD_STORE_F32, LLMMI_ID)
}

static void K(sub_f64)(const float *x, size_t n, double m, double c, double *out)
{
    LLMMI_MAP_BODY(double, VD_STOREU, LLMMI_ID)
}

static void K(exp_f32)(const float *x, size_t n, double m, double c, float *out)
{
    LLMMI_MAP_BODY(float, VD_STORE_F32, LLMMI_EXP)
}

static void K(exp_f64)(const float *x, size_t n, double m, double c, double *out)
{
    LLMMI_MAP_BODY(double, VD_STOREU, LLMMI_EXP)
}

#undef LLMMI_MAP_BODY
#undef LLMMI_ID
#undef LLMMI_EXP
