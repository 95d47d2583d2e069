/* logits.c - the llmm_logits_* kernels over one row (see llmm_prob.h). */
#include "llmm_prob.h"
#include "core/cpu.h"
#include "prob_kern.h"
#include "rowpass.h"
#include <math.h>

/* Common argument checks; resolves the kernel table for the call. */
static int prep(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                const llmmi_probk **k)
{
    int isa, rc;
    if (!x && n) return LLMM_ENULL;
    if (!llmmi_logits_esize(dtype)) return LLMM_EINVAL;
    rc = llmmi_cpu_resolve(opts ? opts->isa : LLMM_ISA_AUTO, &isa);
    if (rc) return rc;
    *k = llmmi_probk_for(isa);
    return LLMM_OK;
}

static double lse_of(const llmmi_rowsum *r) { return r->m + log(r->s); }

/* The sum flags of a call: LLMMI_ROW_SUM, with the float32 exp if asked. */
static int sum_flags(const llmm_logits_options *opts)
{
    return LLMMI_ROW_SUM | (opts && opts->fast ? LLMMI_ROW_FAST : 0);
}

/* Reference value of logsumexp for a row with a value status: scipy.special.logsumexp
 * gives -Inf for empty and all -Inf rows, +Inf with +Inf, NaN with NaN
 * (REFERENCE-QUIRKS.md 10.1). */
static double lse_fill(int rc, const void *x, size_t n, int dtype)
{
    if (rc == LLMM_ENONFINITE) return llmmi_row_has_nan(x, n, dtype) ? NAN : HUGE_VAL;
    return -HUGE_VAL; /* empty or all -Inf */
}

int llmm_logits_logsumexp(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                          double *lse)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    int rc = prep(x, n, dtype, opts, &k);
    if (rc) return rc;
    if (!lse) return LLMM_ENULL;
    rc = llmmi_row_reduce(k, x, n, dtype, sum_flags(opts), &r);
    *lse = rc ? lse_fill(rc, x, n, dtype) : lse_of(&r);
    return rc;
}

static void put(void *out, int out_dtype, size_t i, double v)
{
    if (out_dtype == LLMM_DTYPE_FP64) ((double *)out)[i] = v;
    else ((float *)out)[i] = (float)v;
}

/* scipy's float64 log_softmax / softmax of a row with a value status (REFERENCE-QUIRKS.md
 * 10.1): NaN everywhere, except with +Inf (and no NaN): NaN at +Inf, `other` elsewhere
 * (-Inf / 0). torch float32 gives all NaN there; we follow scipy. */
static void map_fill(int rc, const void *x, size_t n, int dtype, void *out, int out_dtype,
                     double other)
{
    int inf_only = rc == LLMM_ENONFINITE && !llmmi_row_has_nan(x, n, dtype);
    size_t i;
    for (i = 0; i < n; i++) {
        double v = NAN;
        if (inf_only && llmmi_row_get(x, dtype, i) != HUGE_VAL) v = other;
        put(out, out_dtype, i, v);
    }
}

/* out = f((x - m) - c) over the row, f = identity (sub) or exp. */
static void map_row(const llmmi_probk *k, const void *x, size_t n, int dtype, double m, double c,
                    void *out, int out_dtype, int use_exp)
{
    float buf[LLMMI_BLK];
    size_t i0, i;
    if (dtype == LLMM_DTYPE_FP64) {
        for (i = 0; i < n; i++) {
            double d = (((const double *)x)[i] - m) - c;
            put(out, out_dtype, i, use_exp ? llmmi_pk_exp(d) : d);
        }
        return;
    }
    for (i0 = 0; i0 < n; i0 += LLMMI_BLK) {
        size_t len = n - i0 < LLMMI_BLK ? n - i0 : LLMMI_BLK;
        const float *xb = (const float *)x + i0;
        if (dtype == LLMM_DTYPE_FP16) {
            k->f16_f32((const uint16_t *)x + i0, len, buf);
            xb = buf;
        } else if (dtype == LLMM_DTYPE_BF16) {
            k->bf16_f32((const uint16_t *)x + i0, len, buf);
            xb = buf;
        }
        if (out_dtype == LLMM_DTYPE_FP64) {
            if (use_exp) k->exp_f64(xb, len, m, c, (double *)out + i0);
            else k->sub_f64(xb, len, m, c, (double *)out + i0);
        } else {
            if (use_exp) k->exp_f32(xb, len, m, c, (float *)out + i0);
            else k->sub_f32(xb, len, m, c, (float *)out + i0);
        }
    }
}

static int map_checks(const void *x, size_t n, int dtype, void *out, int out_dtype)
{
    if (!out && n) return LLMM_ENULL;
    if (out_dtype != LLMM_DTYPE_FP32 && out_dtype != LLMM_DTYPE_FP64) return LLMM_EINVAL;
    if (out == x && n && out_dtype != dtype) return LLMM_EINVAL;
    return LLMM_OK;
}

int llmm_logits_log_softmax(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                            void *out, int out_dtype, double *lse)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    int rc = prep(x, n, dtype, opts, &k);
    if (!rc) rc = map_checks(x, n, dtype, out, out_dtype);
    if (rc) return rc;
    rc = llmmi_row_reduce(k, x, n, dtype, sum_flags(opts), &r);
    if (rc) {
        if (lse) *lse = lse_fill(rc, x, n, dtype);
        map_fill(rc, x, n, dtype, out, out_dtype, -HUGE_VAL);
        return rc;
    }
    if (lse) *lse = lse_of(&r);
    /* (x - max) - log s: exact for the top logits whatever their magnitude */
    map_row(k, x, n, dtype, r.m, log(r.s), out, out_dtype, 0);
    return LLMM_OK;
}

int llmm_logits_softmax(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                        void *out, int out_dtype)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    int rc = prep(x, n, dtype, opts, &k);
    if (!rc) rc = map_checks(x, n, dtype, out, out_dtype);
    if (rc) return rc;
    rc = llmmi_row_reduce(k, x, n, dtype, sum_flags(opts), &r);
    if (rc) {
        map_fill(rc, x, n, dtype, out, out_dtype, 0.0);
        return rc;
    }
    map_row(k, x, n, dtype, r.m, log(r.s), out, out_dtype, 1);
    return LLMM_OK;
}

int llmm_logits_entropy(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                        double *nats)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    int rc = prep(x, n, dtype, opts, &k);
    if (rc) return rc;
    if (!nats) return LLMM_ENULL;
    rc = llmmi_row_reduce(k, x, n, dtype, LLMMI_ROW_T, &r);
    /* H = -sum p_i log p_i = log s - t/s: two non-negative terms, no cancellation */
    *nats = rc ? NAN : log(r.s) - r.t / r.s;
    return rc;
}

int llmm_logits_nll(const void *x, size_t n, int dtype, size_t target,
                    const llmm_logits_options *opts, double *nll)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    double xt;
    int rc = prep(x, n, dtype, opts, &k);
    if (rc) return rc;
    if (!nll) return LLMM_ENULL;
    if (target >= n) return LLMM_ERANGE;
    xt = llmmi_row_get(x, dtype, target);
    rc = llmmi_row_reduce(k, x, n, dtype, sum_flags(opts), &r);
    if (rc) {
        *nll = lse_fill(rc, x, n, dtype) - xt;
        return rc;
    }
    *nll = (r.m - xt) + log(r.s); /* no cancellation of large logits */
    return xt == -HUGE_VAL ? LLMM_EDOMAIN : LLMM_OK;
}

int llmm_logits_argmax(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                       size_t *index)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    size_t i;
    int rc = prep(x, n, dtype, opts, &k);
    if (rc) return rc;
    if (!index) return LLMM_ENULL;
    rc = llmmi_row_reduce(k, x, n, dtype, LLMMI_ROW_AMAX, &r);
    /* first index on ties, +Inf counts as the maximum (numpy argmax; REFERENCE-QUIRKS 10.1) */
    if (rc == LLMM_OK) *index = r.amax;
    else if (rc == LLMM_EDOMAIN) *index = 0;
    else if (rc == LLMM_ENONFINITE && !llmmi_row_has_nan(x, n, dtype)) {
        for (i = 0; llmmi_row_get(x, dtype, i) != HUGE_VAL; i++) {}
        *index = i;
    }
    return rc;
}

int llmm_logits_max_prob(const void *x, size_t n, int dtype, const llmm_logits_options *opts,
                         double *prob)
{
    const llmmi_probk *k;
    llmmi_rowsum r;
    int rc = prep(x, n, dtype, opts, &k);
    if (rc) return rc;
    if (!prob) return LLMM_ENULL;
    rc = llmmi_row_reduce(k, x, n, dtype, sum_flags(opts), &r);
    *prob = rc ? NAN : 1.0 / r.s; /* exp(max - lse) = 1/s */
    return rc;
}

int llmm_logits_kl(const void *p_logits, const void *q_logits, size_t n, int dtype,
                   const llmm_logits_options *opts, double *kl)
{
    const llmmi_probk *k;
    llmmi_klsum r;
    int rc = prep(p_logits, n, dtype, opts, &k);
    if (!rc && !q_logits && n) rc = LLMM_ENULL;
    if (rc) return rc;
    if (!kl) return LLMM_ENULL;
    rc = llmmi_row_kl(k, p_logits, q_logits, n, dtype, &r);
    if (rc) {
        *kl = rc == LLMM_EEMPTY ? 0.0 : NAN;
        return rc;
    }
    /* sum p (log p - log q) = sum p ((x - m_p) - (y - m_q)) - log s_p + log s_q */
    *kl = r.u / r.p.s - log(r.p.s) + log(r.q.s);
    return *kl == HUGE_VAL ? LLMM_EDOMAIN : LLMM_OK;
}

int llmm_logits_top_agree(const void *p_logits, const void *q_logits, size_t n, int dtype,
                          const llmm_logits_options *opts, int *agree)
{
    size_t ip, iq;
    int rc;
    if (!agree) return LLMM_ENULL;
    rc = llmm_logits_argmax(p_logits, n, dtype, opts, &ip);
    if (rc) return rc;
    rc = llmm_logits_argmax(q_logits, n, dtype, opts, &iq);
    if (rc) return rc;
    *agree = ip == iq;
    return LLMM_OK;
}
