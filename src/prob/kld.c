/* kld.c - llama.cpp's --kl-divergence statistics (llmm_kld_*).
 *
 * Definitions: tools/perplexity/perplexity.cpp @050fc7f (kl_divergence(),
 * log_softmax() with kl_divergence_result, mean_and_uncertainty(), covariance(),
 * percentile()), computed exactly in float64 instead of llama.cpp's float
 * arithmetic and uint16-quantised base log-probs (REFERENCE-QUIRKS.md 10.2).
 *
 * State: ten exact sums (core/exactsum), the same-top count, and every per-token
 * KLD and delta-p value (8 bytes each; exact medians and quantiles need them).
 * Merging appends values and adds sums, so the result is independent of the
 * merge order; serialization writes the values sorted, so equal statistics
 * serialize to equal bytes. */
#include "llmm_prob.h"
#include "core/alloc.h"
#include "core/cpu.h"
#include "core/serial.h"
#include "prob_kern.h"
#include "quantile.h"
#include "rowpass.h"
#include "sumio.h"
#include <math.h>
#include <string.h>

enum { S_NLL, S_NLL2, S_NLLB, S_NLLB2, S_NLL_NLLB, S_KLD, S_KLD2, S_DP, S_DP2, S_DP4, N_SUMS };

struct llmm_kld {
    llmm_allocator alloc;
    llmm_logits_options opts;
    uint64_t n, n_same_top;
    llmmi_exactsum sum[N_SUMS];
    double *kld, *dp; /* n values each */
    size_t cap_kld, cap_dp;
    int sorted;
};

size_t llmm_kld_result_size(void) { return sizeof(llmm_kld_result); }

int llmm_kld_create(llmm_kld **out, const llmm_logits_options *opts, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_kld *k;
    int i;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&a, alloc);
    k = (llmm_kld *)llmmi_calloc(&a, 1, sizeof *k);
    if (!k) return LLMM_ENOMEM;
    k->alloc = a;
    if (opts) k->opts = *opts;
    else llmm_logits_options_default(&k->opts);
    for (i = 0; i < N_SUMS; i++) llmmi_exactsum_init(&k->sum[i]);
    k->sorted = 1;
    *out = k;
    return LLMM_OK;
}

void llmm_kld_free(llmm_kld *k)
{
    llmm_allocator a;
    if (!k) return;
    a = k->alloc;
    llmmi_free(&a, k->kld, k->cap_kld * sizeof(double));
    llmmi_free(&a, k->dp, k->cap_dp * sizeof(double));
    llmmi_free(&a, k, sizeof *k);
}

uint64_t llmm_kld_count(const llmm_kld *k) { return k ? k->n : 0; }

/* Room for `need` values in both arrays (each keeps its own capacity). */
static int reserve(llmm_kld *k, size_t need)
{
    int rc = llmmi_grow(&k->alloc, (void **)&k->kld, &k->cap_kld, need, sizeof(double));
    if (rc) return rc;
    return llmmi_grow(&k->alloc, (void **)&k->dp, &k->cap_dp, need, sizeof(double));
}

/* One token: all the per-token quantities, or a status. */
typedef struct tok {
    double kld, nll, nll_base, dp;
    int same_top;
} tok;

static int one_token(const llmmi_probk *kt, const void *base, const void *test, size_t V,
                     int dtype, size_t target, tok *out)
{
    llmmi_klsum r;
    double ls_b, ls_q, xb, xq;
    int rc = llmmi_row_kl(kt, base, test, V, dtype, &r);
    if (rc) return rc;
    ls_b = log(r.p.s);
    ls_q = log(r.q.s);
    xb = llmmi_row_get(base, dtype, target);
    xq = llmmi_row_get(test, dtype, target);
    /* centred forms (rowpass.h): no cancellation of large logits; +0.0: no -0 in the
     * value multiset */
    out->kld = r.u / r.p.s - ls_b + ls_q + 0.0;
    out->nll_base = (r.p.m - xb) + ls_b;
    out->nll = (r.q.m - xq) + ls_q;
    out->dp = exp(-out->nll) - exp(-out->nll_base) + 0.0;
    out->same_top = r.p.amax == r.q.amax;
    if (out->kld == HUGE_VAL || xb == -HUGE_VAL || xq == -HUGE_VAL) return LLMM_EDOMAIN;
    /* the squares and products summed below must stay finite (float64 input) */
    if (!(fabs(out->nll) < 1e150 && fabs(out->nll_base) < 1e150 && out->kld < 1e150))
        return LLMM_EOVERFLOW;
    return LLMM_OK;
}

static void add_token(llmmi_exactsum *s, const tok *t)
{
    double dp2 = t->dp * t->dp;
    llmmi_exactsum_add(&s[S_NLL], t->nll);
    llmmi_exactsum_add(&s[S_NLL2], t->nll * t->nll);
    llmmi_exactsum_add(&s[S_NLLB], t->nll_base);
    llmmi_exactsum_add(&s[S_NLLB2], t->nll_base * t->nll_base);
    llmmi_exactsum_add(&s[S_NLL_NLLB], t->nll * t->nll_base);
    llmmi_exactsum_add(&s[S_KLD], t->kld);
    llmmi_exactsum_add(&s[S_KLD2], t->kld * t->kld);
    llmmi_exactsum_add(&s[S_DP], t->dp);
    llmmi_exactsum_add(&s[S_DP2], dp2);
    llmmi_exactsum_add(&s[S_DP4], dp2 * dp2);
}

int llmm_kld_add(llmm_kld *k, const void *base_logits, const void *test_logits, size_t T,
                 size_t V, int dtype, const int64_t *targets, double *per_token_kld,
                 size_t *bad_index)
{
    llmmi_exactsum sums[N_SUMS];
    const llmmi_probk *kt;
    size_t esize = llmmi_logits_esize(dtype), t;
    uint64_t same = 0;
    int isa, rc;
    if (!k || (T && (!base_logits || !test_logits || !targets))) return LLMM_ENULL;
    if (!esize) return LLMM_EINVAL;
    if (V && T > (size_t)-1 / V / esize) return LLMM_EOVERFLOW;
    if (k->n + T < k->n || k->n + T > (size_t)-1 / sizeof(double)) return LLMM_EOVERFLOW;
    rc = llmmi_cpu_resolve(k->opts.isa, &isa);
    if (rc) return rc;
    kt = llmmi_probk_for(isa);
    rc = reserve(k, (size_t)k->n + T);
    if (rc) return rc;
    memcpy(sums, k->sum, sizeof sums);
    for (t = 0; t < T; t++) {
        tok v;
        size_t off = t * V * esize;
        if (targets[t] < 0 || (uint64_t)targets[t] >= V) rc = LLMM_ERANGE;
        else rc = one_token(kt, (const char *)base_logits + off, (const char *)test_logits + off,
                            V, dtype, (size_t)targets[t], &v);
        if (rc) {
            if (bad_index) *bad_index = t;
            return rc;
        }
        add_token(sums, &v);
        same += (uint64_t)v.same_top;
        k->kld[k->n + t] = v.kld;
        k->dp[k->n + t] = v.dp;
        if (per_token_kld) per_token_kld[t] = v.kld;
    }
    memcpy(k->sum, sums, sizeof sums);
    k->n += T;
    k->n_same_top += same;
    if (T) k->sorted = 0;
    return LLMM_OK;
}

int llmm_kld_merge(llmm_kld *dst, const llmm_kld *src)
{
    int i, rc;
    if (!dst || !src) return LLMM_ENULL;
    if (dst == src) return LLMM_EINVAL;
    if (dst->n + src->n < dst->n || dst->n + src->n > (size_t)-1 / sizeof(double))
        return LLMM_EOVERFLOW;
    rc = reserve(dst, (size_t)(dst->n + src->n));
    if (rc) return rc;
    if (src->n) {
        memcpy(dst->kld + dst->n, src->kld, (size_t)src->n * sizeof(double));
        memcpy(dst->dp + dst->n, src->dp, (size_t)src->n * sizeof(double));
        dst->sorted = 0;
    }
    for (i = 0; i < N_SUMS; i++) llmmi_exactsum_merge(&dst->sum[i], &src->sum[i]);
    dst->n += src->n;
    dst->n_same_top += src->n_same_top;
    return LLMM_OK;
}

static void sort_values(llmm_kld *k)
{
    if (k->sorted) return;
    llmmi_sort_doubles(k->kld, (size_t)k->n);
    llmmi_sort_doubles(k->dp, (size_t)k->n);
    k->sorted = 1;
}

int llmm_kld_quantile(llmm_kld *k, int which, double q, double *value)
{
    if (!k || !value) return LLMM_ENULL;
    if ((which != 0 && which != 1) || !(q >= 0 && q <= 1)) return LLMM_EINVAL;
    if (!k->n) {
        *value = NAN;
        return LLMM_EEMPTY;
    }
    sort_values(k);
    *value = llmmi_quantile_linear(which ? k->dp : k->kld, (size_t)k->n, q);
    return LLMM_OK;
}

/* llama.cpp mean_and_uncertainty(): f = sum/n, var = sum2/n - f^2,
 * unc = sqrt(var/(n-1)) if var > 0 and n > 10, else 0. */
static void mean_unc(const llmmi_exactsum *sum, const llmmi_exactsum *sum2, uint64_t n,
                     double *mean, double *unc)
{
    double f = llmmi_exactsum_value(sum) / (double)n;
    double var = llmmi_exactsum_value(sum2) / (double)n - f * f;
    *mean = f;
    *unc = var > 0 && n > 10 ? sqrt(var / (double)(n - 1)) : 0.0;
}

int llmm_kld_finalize(llmm_kld *k, llmm_kld_result *r)
{
    double nd, fq, uq, fb, ub, cov, mse, mse_unc;
    const double *kv, *dv;
    size_t n;
    if (!k || !r) return LLMM_ENULL;
    if (!k->n) {
        size_t i;
        double *f = (double *)((char *)r + offsetof(llmm_kld_result, kld_mean));
        r->n_tokens = 0;
        for (i = 0; i < (sizeof *r - offsetof(llmm_kld_result, kld_mean)) / sizeof(double); i++)
            f[i] = NAN;
        return LLMM_EEMPTY;
    }
    sort_values(k);
    n = (size_t)k->n;
    nd = (double)k->n;
    kv = k->kld;
    dv = k->dp;
    r->n_tokens = k->n;

    mean_unc(&k->sum[S_KLD], &k->sum[S_KLD2], k->n, &r->kld_mean, &r->kld_mean_unc);
    r->kld_min = kv[0];
    r->kld_max = kv[n - 1];
    r->kld_median = llmmi_median(kv, n);
    r->kld_p0_1 = llmmi_quantile_linear(kv, n, 0.001);
    r->kld_p1 = llmmi_quantile_linear(kv, n, 0.01);
    r->kld_p5 = llmmi_quantile_linear(kv, n, 0.05);
    r->kld_p10 = llmmi_quantile_linear(kv, n, 0.10);
    r->kld_p90 = llmmi_quantile_linear(kv, n, 0.90);
    r->kld_p95 = llmmi_quantile_linear(kv, n, 0.95);
    r->kld_p99 = llmmi_quantile_linear(kv, n, 0.99);
    r->kld_p99_9 = llmmi_quantile_linear(kv, n, 0.999);

    /* "Same top p": share and sqrt(p(1-p)/(n-1)) (0 for a single token) */
    r->same_top = (double)k->n_same_top / nd;
    r->same_top_unc = k->n > 1 ? sqrt(r->same_top * (1 - r->same_top) / (nd - 1)) : 0.0;

    /* PPL(Q), PPL(base), their log-ratio and difference; covariance() is 0 for n < 10 */
    mean_unc(&k->sum[S_NLL], &k->sum[S_NLL2], k->n, &fq, &uq);
    mean_unc(&k->sum[S_NLLB], &k->sum[S_NLLB2], k->n, &fb, &ub);
    cov = k->n < 10 ? 0.0
                    : (llmmi_exactsum_value(&k->sum[S_NLL_NLLB]) / nd -
                       (llmmi_exactsum_value(&k->sum[S_NLL]) / nd) *
                           (llmmi_exactsum_value(&k->sum[S_NLLB]) / nd)) / (nd - 1);
    r->ppl_test = exp(fq);
    r->ppl_test_unc = r->ppl_test * uq;
    r->ppl_base = exp(fb);
    r->ppl_base_unc = r->ppl_base * ub;
    r->cor_ln_ppl = cov / (uq * ub);
    r->ln_ppl_ratio = fq - fb;
    r->ln_ppl_ratio_unc = sqrt(uq * uq + ub * ub - 2.0 * cov);
    r->ppl_ratio = exp(r->ln_ppl_ratio);
    r->ppl_ratio_unc = r->ppl_ratio * r->ln_ppl_ratio_unc;
    r->ppl_diff = r->ppl_test - r->ppl_base;
    r->ppl_diff_unc = sqrt(r->ppl_test_unc * r->ppl_test_unc + r->ppl_base_unc * r->ppl_base_unc -
                           2.0 * r->ppl_test * r->ppl_base * cov);

    /* delta p: mean, RMS from the mean of dp^2 (unc 0.5/rms * unc(dp^2); 0 when rms is 0) */
    mean_unc(&k->sum[S_DP], &k->sum[S_DP2], k->n, &r->dp_mean, &r->dp_mean_unc);
    mean_unc(&k->sum[S_DP2], &k->sum[S_DP4], k->n, &mse, &mse_unc);
    r->dp_rms = sqrt(mse);
    r->dp_rms_unc = r->dp_rms > 0 ? 0.5 / r->dp_rms * mse_unc : 0.0;
    r->dp_min = dv[0];
    r->dp_max = dv[n - 1];
    r->dp_median = llmmi_median(dv, n);
    r->dp_p0_1 = llmmi_quantile_linear(dv, n, 0.001);
    r->dp_p1 = llmmi_quantile_linear(dv, n, 0.01);
    r->dp_p5 = llmmi_quantile_linear(dv, n, 0.05);
    r->dp_p10 = llmmi_quantile_linear(dv, n, 0.10);
    r->dp_p25 = llmmi_quantile_linear(dv, n, 0.25);
    r->dp_p75 = llmmi_quantile_linear(dv, n, 0.75);
    r->dp_p90 = llmmi_quantile_linear(dv, n, 0.90);
    r->dp_p95 = llmmi_quantile_linear(dv, n, 0.95);
    r->dp_p99 = llmmi_quantile_linear(dv, n, 0.99);
    r->dp_p99_9 = llmmi_quantile_linear(dv, n, 0.999);
    return LLMM_OK;
}

/* Payload: u64 n, u64 n_same_top, N_SUMS exact sums, n sorted KLD values, n sorted
 * delta-p values (f64 little-endian). */
size_t llmm_kld_serialized_size(const llmm_kld *k)
{
    size_t size = LLMMI_SER_HEADER + 16;
    int i;
    if (!k) return 0;
    for (i = 0; i < N_SUMS; i++) size += llmmi_sum_ser_size(&k->sum[i]);
    return size + 16 * (size_t)k->n;
}

int llmm_kld_serialize(llmm_kld *k, void *buf, size_t cap, size_t *written)
{
    unsigned char *b = (unsigned char *)buf, *p;
    size_t need, i;
    int j;
    if (!k || !written) return LLMM_ENULL;
    need = llmm_kld_serialized_size(k);
    *written = need;
    if (need - LLMMI_SER_HEADER > 0xFFFFFFFFu) return LLMM_EOVERFLOW; /* u32 payload length */
    if (!buf || cap < need) return LLMM_EBUFFER;
    sort_values(k);
    p = b + LLMMI_SER_HEADER;
    llmmi_put_u64(p, k->n);
    llmmi_put_u64(p + 8, k->n_same_top);
    p += 16;
    for (j = 0; j < N_SUMS; j++) p += llmmi_sum_write(&k->sum[j], p);
    for (i = 0; i < k->n; i++, p += 8) llmmi_put_f64(p, k->kld[i]);
    for (i = 0; i < k->n; i++, p += 8) llmmi_put_f64(p, k->dp[i]);
    llmmi_ser_seal(b, LLMMI_KIND_KLD, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_kld_deserialize(llmm_kld **out, const void *buf, size_t len,
                         const llmm_logits_options *opts, const llmm_allocator *alloc)
{
    const unsigned char *p, *end;
    size_t plen, used, i;
    uint64_t n;
    llmm_kld *k;
    int j, rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_KLD, &p, &plen);
    if (rc) return rc;
    if (plen < 16) return LLMM_EFORMAT;
    end = p + plen;
    rc = llmm_kld_create(&k, opts, alloc);
    if (rc) return rc;
    n = llmmi_get_u64(p);
    k->n_same_top = llmmi_get_u64(p + 8);
    p += 16;
    for (j = 0; j < N_SUMS && !rc; j++) {
        rc = llmmi_sum_read(&k->sum[j], p, (size_t)(end - p), &used);
        p += used;
    }
    if (!rc && (k->n_same_top > n || n > (uint64_t)(end - p) / 16 || (uint64_t)(end - p) != 16 * n))
        rc = LLMM_EFORMAT;
    if (!rc) rc = reserve(k, (size_t)n);
    for (i = 0; !rc && i < n; i++) {
        k->kld[i] = llmmi_get_f64(p + 8 * i);
        k->dp[i] = llmmi_get_f64(p + 8 * (n + i));
        if (k->kld[i] - k->kld[i] != 0 || k->dp[i] - k->dp[i] != 0) rc = LLMM_EFORMAT;
    }
    if (rc) {
        llmm_kld_free(k);
        return rc;
    }
    k->n = n;
    k->sorted = 0;
    *out = k;
    return LLMM_OK;
}
