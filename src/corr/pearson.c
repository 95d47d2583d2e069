/* pearson.c - Pearson's r and its exact p-value (scipy 1.10.1 scipy.stats.pearsonr).
 *
 * scipy (_stats_py.py pearsonr): constant input -> NaN (ConstantInputWarning); n == 2 ->
 * r = sign(dx) sign(dy), p = 1; else xm = x - mean(x), r = dot(xm/|xm|, ym/|ym|) clipped
 * to [-1, 1], and with Beta(n/2-1, n/2-1) on [-1, 1]:
 * p(two-sided) = 2 sf(|r|), less = cdf(r), greater = sf(r); sf(r) = I_{1-(r+1)/2}(ab, ab)
 * (boost ibetac, argument (r+1)/2 rounded as scipy's loc/scale transform rounds it).
 * Here the mean and both norms are exact sums (correctly rounded) and the dot product
 * is the exact sum of the rounded elementwise products: order-independent. */
#include "corr_internal.h"
#include "corr/special.h"
#include "core/twoprod.h"
#include <math.h>

static double sgn(double v) { return (v > 0) - (v < 0); }

/* sf and cdf of Beta(ab, ab) on [-1, 1] at r */
static double beta_sf(double ab, double r)
{
    double u = (r + 1) / 2; /* exact halving of a rounded sum, as (r - loc) / scale */
    if (u >= 1) return 0;
    if (u <= 0) return 1;
    return llmmi_betainc(ab, ab, 1 - u, u);
}

static double beta_cdf(double ab, double r)
{
    double u = (r + 1) / 2;
    if (u >= 1) return 1;
    if (u <= 0) return 0;
    return llmmi_betainc(ab, ab, u, 1 - u);
}

int llmmi_pearson(const double *x, const double *y, size_t n, size_t stride,
                  const llmm_corr_options *o, llmm_corr_result *out)
{
    llmmi_exactsum sx, sy, sxx, syy, sxy;
    double mx, my, nx, ny, r, ab;
    size_t i;
    int cx = 1, cy = 1;
    for (i = 0; i < n; i++) {
        cx &= x[i * stride] == x[0];
        cy &= y[i * stride] == y[0];
    }
    out->statistic = out->pvalue = NAN;
    if (cx || cy) return LLMM_OK; /* "An input array is constant" -> NaN */
    if (n == 2) {
        out->statistic = sgn(x[stride] - x[0]) * sgn(y[stride] - y[0]);
        out->pvalue = 1.0;
        return LLMM_OK;
    }
    llmmi_exactsum_init(&sx);
    llmmi_exactsum_init(&sy);
    for (i = 0; i < n; i++) {
        llmmi_exactsum_add(&sx, x[i * stride]);
        llmmi_exactsum_add(&sy, y[i * stride]);
    }
    mx = llmmi_exactsum_value(&sx) / (double)n;
    my = llmmi_exactsum_value(&sy) / (double)n;
    llmmi_exactsum_init(&sxx);
    llmmi_exactsum_init(&syy);
    for (i = 0; i < n; i++) {
        double dx = x[i * stride] - mx, dy = y[i * stride] - my;
        llmmi_exactsum_add_prod(&sxx, dx, dx);
        llmmi_exactsum_add_prod(&syy, dy, dy);
    }
    nx = sqrt(llmmi_exactsum_value(&sxx));
    ny = sqrt(llmmi_exactsum_value(&syy));
    llmmi_exactsum_init(&sxy);
    for (i = 0; i < n; i++)
        llmmi_exactsum_add(&sxy, ((x[i * stride] - mx) / nx) * ((y[i * stride] - my) / ny));
    r = llmmi_exactsum_value(&sxy);
    r = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
    ab = (double)n / 2 - 1;
    out->statistic = r;
    if (o->alternative == LLMM_ALT_LESS) out->pvalue = beta_cdf(ab, r);
    else if (o->alternative == LLMM_ALT_GREATER) out->pvalue = beta_sf(ab, r);
    else out->pvalue = 2 * beta_sf(ab, fabs(r));
    return LLMM_OK;
}

int llmm_pearsonr(const double *x, const double *y, size_t n, const llmm_corr_options *opts,
                  llmm_corr_result *out)
{
    llmm_corr_options o;
    int rc;
    if (!out || (n && (!x || !y))) return LLMM_ENULL;
    if ((rc = llmmi_corr_opts(opts, &o)) != LLMM_OK) return rc;
    if ((rc = llmmi_corr_precheck(x, y, n, 1, out)) != LLMM_OK) return rc;
    return llmmi_pearson(x, y, n, 1, &o, out);
}
