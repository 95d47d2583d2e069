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
#include "core/twoprod.h"
#include <math.h>
#include <stdlib.h>

typedef struct vi {
    double v;
    size_t i;
} vi;

static int cmp_vi(const void *a, const void *b)
{
    double x = ((const vi *)a)->v, y = ((const vi *)b)->v;
    return (x > y) - (x < y);
}

/* Average ranks (1-based) of v[i*stride], i < n, into rank[i]; tmp has room for n. */
static void average_ranks(const double *v, size_t n, size_t stride, vi *tmp, double *rank)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        tmp[i].v = v[i * stride];
        tmp[i].i = i;
    }
    qsort(tmp, n, sizeof *tmp, cmp_vi);
    for (i = 0; i < n; i = j) {
        double r;
        for (j = i + 1; j < n && tmp[j].v == tmp[i].v; j++) {
        }
        r = 0.5 * ((double)i + 1 + (double)j); /* mean of the 1-based ranks i+1 .. j */
        for (; i < j; i++) rank[tmp[i].i] = r;
    }
}

int llmmi_spearman(const double *x, const double *y, size_t n, size_t stride,
                   const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al)
{
    vi *tmp;
    double *rx, *ry, mean, fact, cxx, cyy, cxy, rs, dof, t;
    llmmi_exactsum sxx, syy, sxy;
    size_t i;
    int cx = 1, cy = 1;
    out->statistic = out->pvalue = NAN;
    for (i = 0; i < n; i++) {
        cx &= x[i * stride] == x[0];
        cy &= y[i * stride] == y[0];
    }
    if (cx || cy) return LLMM_OK; /* ConstantInputWarning -> NaN */
    tmp = (vi *)llmmi_calloc(al, n, sizeof *tmp);
    rx = (double *)llmmi_calloc(al, n, 2 * sizeof(double));
    if (!tmp || !rx) {
        llmmi_free(al, tmp, n * sizeof *tmp);
        llmmi_free(al, rx, n * 2 * sizeof(double));
        return LLMM_ENOMEM;
    }
    ry = rx + n;
    average_ranks(x, n, stride, tmp, rx);
    average_ranks(y, n, stride, tmp, ry);
    mean = ((double)n + 1) / 2;
    llmmi_exactsum_init(&sxx);
    llmmi_exactsum_init(&syy);
    llmmi_exactsum_init(&sxy);
    for (i = 0; i < n; i++) {
        double dx = rx[i] - mean, dy = ry[i] - mean;
        llmmi_exactsum_add_prod(&sxx, dx, dx);
        llmmi_exactsum_add_prod(&syy, dy, dy);
        llmmi_exactsum_add_prod(&sxy, dx, dy);
    }
    llmmi_free(al, tmp, n * sizeof *tmp);
    llmmi_free(al, rx, n * 2 * sizeof(double));
    fact = 1.0 / (double)(n - 1);
    cxx = llmmi_exactsum_value(&sxx) * fact;
    cyy = llmmi_exactsum_value(&syy) * fact;
    cxy = llmmi_exactsum_value(&sxy) * fact;
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
