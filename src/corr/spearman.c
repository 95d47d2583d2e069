/* spearman.c - Spearman's rho and its p-value (scipy 1.10.1 scipy.stats.spearmanr).
 *
 * scipy: n <= 1 or a constant input -> NaN; ranks by rankdata(method='average');
 * rs = np.corrcoef(ranks) = c_xy / sqrt(c_yy) / sqrt(c_xx) with c = S / (n-1) from the
 * centred dot products (np.cov: c *= 1/(n-1)), clipped; t = rs * sqrt(dof / ((rs+1)(1-rs)))
 * clipped at 0 inside the root (dof = n-2), p from _ttest_finish(dof, t): n == 2 gives
 * dof = 0 and p = NaN; |rs| == 1 gives t = +-inf and p = 0.
 * Ranks are multiples of 1/2 and their mean is exactly (n+1)/2, so the centred sums are
 * exact here (superaccumulator), as numpy's are for moderate n. */
#include "corr_internal.h"
#include "core/exactsum.h"
#include "core/radix.h"
#include "core/twoprod.h"
#include <math.h>

/* Average ranks (1-based) of v[i*stride], i < n, into rank[i]; kv has room for 2n. */
static void average_ranks(const double *v, size_t n, size_t stride, llmmi_kv *kv, double *rank)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        kv[i].k = llmmi_f64_key(v[i * stride]);
        kv[i].v = i;
    }
    llmmi_radix_sort_kv(kv, kv + n, n);
    for (i = 0; i < n; i = j) {
        double r;
        for (j = i + 1; j < n && kv[j].k == kv[i].k; j++) {
        }
        r = 0.5 * ((double)i + 1 + (double)j); /* mean of the 1-based ranks i+1 .. j */
        for (; i < j; i++) rank[kv[i].v] = r;
    }
}

int llmmi_spearman(const double *x, const double *y, size_t n, size_t stride,
                   const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al)
{
    llmmi_kv *tmp;
    double *rx, *ry, mean, fact, cxx, cyy, cxy, rs, dof, t, sxx_v, syy_v, sxy_v;
    size_t i;
    int cx = 1, cy = 1;
    out->statistic = out->pvalue = NAN;
    for (i = 0; i < n; i++) {
        cx &= x[i * stride] == x[0];
        cy &= y[i * stride] == y[0];
    }
    if (cx || cy) return LLMM_OK; /* ConstantInputWarning -> NaN */
    tmp = (llmmi_kv *)llmmi_calloc(al, n, 2 * sizeof *tmp);
    rx = (double *)llmmi_calloc(al, n, 2 * sizeof(double));
    if (!tmp || !rx) {
        llmmi_free(al, tmp, n * 2 * sizeof *tmp);
        llmmi_free(al, rx, n * 2 * sizeof(double));
        return LLMM_ENOMEM;
    }
    ry = rx + n;
    average_ranks(x, n, stride, tmp, rx);
    average_ranks(y, n, stride, tmp, ry);
    mean = ((double)n + 1) / 2;
    if (n <= 200000) {
        /* 2(rank - mean) is an integer of magnitude < n: every product and partial sum
         * of the doubled deviations is an integer below n^3 < 2^53, so plain double
         * sums are exact (and equal to the superaccumulator's) */
        double a = 0, b = 0, c = 0;
        for (i = 0; i < n; i++) {
            double dx = 2 * (rx[i] - mean), dy = 2 * (ry[i] - mean);
            a += dx * dx;
            b += dy * dy;
            c += dx * dy;
        }
        sxx_v = a / 4;
        syy_v = b / 4;
        sxy_v = c / 4;
    } else {
        llmmi_exactsum sxx, syy, sxy;
        llmmi_exactsum_init(&sxx);
        llmmi_exactsum_init(&syy);
        llmmi_exactsum_init(&sxy);
        for (i = 0; i < n; i++) {
            double dx = rx[i] - mean, dy = ry[i] - mean;
            llmmi_exactsum_add_prod(&sxx, dx, dx);
            llmmi_exactsum_add_prod(&syy, dy, dy);
            llmmi_exactsum_add_prod(&sxy, dx, dy);
        }
        sxx_v = llmmi_exactsum_value(&sxx);
        syy_v = llmmi_exactsum_value(&syy);
        sxy_v = llmmi_exactsum_value(&sxy);
    }
    llmmi_free(al, tmp, n * 2 * sizeof *tmp);
    llmmi_free(al, rx, n * 2 * sizeof(double));
    fact = 1.0 / (double)(n - 1);
    cxx = sxx_v * fact;
    cyy = syy_v * fact;
    cxy = sxy_v * fact;
    rs = cxy / sqrt(cyy) / sqrt(cxx);
    rs = rs > 1.0 ? 1.0 : rs < -1.0 ? -1.0 : rs;
    dof = (double)n - 2;
    t = dof / ((rs + 1.0) * (1.0 - rs));
    if (t < 0) t = 0; /* .clip(0); NaN (0/0 at n == 2 with |rs| == 1) stays NaN */
    t = rs * sqrt(t);
    out->statistic = rs;
    out->pvalue = llmmi_t_pvalue(dof, t, o->alternative);
    return LLMM_OK;
}

int llmm_spearmanr(const double *x, const double *y, size_t n, const llmm_corr_options *opts,
                   llmm_corr_result *out, const llmm_allocator *alloc)
{
    llmm_corr_options o;
    llmm_allocator al;
    int rc;
    if (!out || (n && (!x || !y))) return LLMM_ENULL;
    if ((rc = llmmi_corr_opts(opts, &o)) != LLMM_OK) return rc;
    if ((rc = llmmi_corr_precheck(x, y, n, 1, out)) != LLMM_OK) return rc;
    llmmi_alloc_init(&al, alloc);
    return llmmi_spearman(x, y, n, 1, &o, out, &al);
}
