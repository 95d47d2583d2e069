/* temperature.c - temperature scaling: the T > 0 minimising the mean NLL of
 * softmax(logits / T) (Guo et al. 2017), as the vectors' reference finds it
 * (vectors/README.md, temperature_scaling): the root of
 *     g(T) = mean_i (E_{softmax(l_i / T)}[l_i] - l_{i,y}) = -T^2 dNLL/dT
 * by scipy.optimize.brentq in u = log T over [log t_min, log t_max]. NLL(beta) with
 * beta = 1/T is convex, so g decreases in T and the root is unique. Means are
 * summed exactly (order-independent). */
#include "calib_internal.h"
#include <float.h>
#include <math.h>

size_t llmm_calib_temperature_options_size(void)
{
    return sizeof(llmm_calib_temperature_options);
}
size_t llmm_calib_temperature_result_size(void) { return sizeof(llmm_calib_temperature_result); }

void llmm_calib_temperature_options_default(llmm_calib_temperature_options *opts)
{
    if (!opts) return;
    opts->t_min = 1e-3;
    opts->t_max = 1e3;
    opts->n_bins = 15;
}

static int check_logits(const double *logits, size_t n, size_t n_classes, const int32_t *target)
{
    int unit, rc;
    if (n == 0) return LLMM_EEMPTY;
    if (!logits || !target) return LLMM_ENULL;
    if (n_classes < 1) return LLMM_EINVAL;
    if (n > (size_t)-1 / n_classes) return LLMM_EOVERFLOW;
    if ((rc = llmmi_calib_scan(logits, n * n_classes, &unit)) != LLMM_OK) return rc;
    return llmmi_calib_check_labels(target, n, n_classes);
}

static double row_max(const double *row, size_t c)
{
    double m = row[0];
    size_t k;
    for (k = 1; k < c; k++)
        if (row[k] > m) m = row[k];
    return m;
}

/* mean_i [logsumexp(l_i / T) - l_{i,y} / T] */
static double nll_at(const double *logits, size_t n, size_t c, const int32_t *target, double t)
{
    llmmi_exactsum s;
    size_t i, k;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) {
        const double *row = logits + i * c;
        double m = row_max(row, c) / t, acc = 0.0;
        for (k = 0; k < c; k++) acc += exp(row[k] / t - m);
        llmmi_exactsum_add(&s, (m + log(acc)) - row[target[i]] / t);
    }
    return llmmi_exactsum_value(&s) / (double)n;
}

/* g(T) = mean_i (sum_k softmax(l_i / T)_k l_ik - l_{i,y}) */
static double g_at(const double *logits, size_t n, size_t c, const int32_t *target, double t)
{
    llmmi_exactsum s;
    size_t i, k;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) {
        const double *row = logits + i * c;
        double m = row_max(row, c) / t, w_sum = 0.0, wl_sum = 0.0;
        for (k = 0; k < c; k++) {
            double w = exp(row[k] / t - m);
            w_sum += w;
            wl_sum += w * row[k];
        }
        llmmi_exactsum_add(&s, wl_sum / w_sum - row[target[i]]);
    }
    return llmmi_exactsum_value(&s) / (double)n;
}

/* Top-label l1 ECE of softmax(logits / T) with float64 equal-width bins. */
static int ece_at(const double *logits, size_t n, size_t c, const int32_t *target, double t,
                  uint32_t n_bins, const llmm_allocator *alloc, double *out)
{
    llmm_calib_ece_options o;
    llmm_calib_ece *e;
    llmm_calib_ece_result r;
    double conf[256];
    unsigned char ok[256];
    size_t i, k, j = 0;
    int rc;
    r.l1 = NAN;
    llmm_calib_ece_options_default(&o);
    o.n_bins = n_bins;
    if ((rc = llmm_calib_ece_create(&e, &o, alloc)) != LLMM_OK) return rc;
    for (i = 0; i < n && rc == LLMM_OK; i++) {
        const double *row = logits + i * c;
        double m = row[0], s = 0.0;
        size_t arg = 0;
        for (k = 1; k < c; k++) {
            if (row[k] > m) {
                m = row[k];
                arg = k;
            }
        }
        for (k = 0; k < c; k++) s += exp(row[k] / t - m / t);
        conf[j] = 1.0 / s; /* softmax at the (first) argmax */
        ok[j] = (unsigned char)((size_t)target[i] == arg);
        if (++j == 256 || i + 1 == n) {
            rc = llmm_calib_ece_update_confidence(e, conf, ok, j);
            j = 0;
        }
    }
    if (rc == LLMM_OK) rc = llmm_calib_ece_result_get(e, &r);
    llmm_calib_ece_free(e);
    *out = r.l1;
    return rc;
}

int llmm_calib_nll(const double *logits, size_t n, size_t n_classes, const int32_t *target,
                   double temperature, double *out)
{
    int rc;
    if (!out) return LLMM_ENULL;
    if (!(temperature > 0.0) || temperature - temperature != 0.0) return LLMM_EINVAL;
    if ((rc = check_logits(logits, n, n_classes, target)) != LLMM_OK) return rc;
    *out = nll_at(logits, n, n_classes, target, temperature);
    return LLMM_OK;
}

typedef struct gfun {
    const double *logits;
    size_t n, c;
    const int32_t *target;
} gfun;

static double g_log(const gfun *f, double u)
{
    return g_at(f->logits, f->n, f->c, f->target, exp(u));
}

/* scipy.optimize.brentq (scipy/optimize/Zeros/brentq.c), for f(a) f(b) < 0. */
static double brentq(const gfun *f, double xa, double xb, double fa, double fb, double xtol,
                     double rtol, int iter)
{
    double xpre = xa, xcur = xb, fpre = fa, fcur = fb;
    double xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0, sbis, delta, stry, dpre, dblk;
    int i;
    for (i = 0; i < iter; i++) {
        if (fpre != 0 && fcur != 0 && (signbit(fpre) != signbit(fcur))) {
            xblk = xpre;
            fblk = fpre;
            spre = scur = xcur - xpre;
        }
        if (fabs(fblk) < fabs(fcur)) {
            xpre = xcur;
            xcur = xblk;
            xblk = xpre;
            fpre = fcur;
            fcur = fblk;
            fblk = fpre;
        }
        delta = (xtol + rtol * fabs(xcur)) / 2;
        sbis = (xblk - xcur) / 2;
        if (fcur == 0 || fabs(sbis) < delta) return xcur;
        if (fabs(spre) > delta && fabs(fcur) < fabs(fpre)) {
            if (xpre == xblk) {
                stry = -fcur * (xcur - xpre) / (fcur - fpre); /* interpolate */
            } else {
                dpre = (fpre - fcur) / (xpre - xcur); /* extrapolate */
                dblk = (fblk - fcur) / (xblk - xcur);
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre));
            }
            if (2 * fabs(stry) < fmin(fabs(spre), 3 * fabs(sbis) - delta)) {
                spre = scur; /* good short step */
                scur = stry;
            } else {
                spre = sbis; /* bisect */
                scur = sbis;
            }
        } else {
            spre = sbis;
            scur = sbis;
        }
        xpre = xcur;
        fpre = fcur;
        if (fabs(scur) > delta) xcur += scur;
        else xcur += (sbis > 0 ? delta : -delta);
        fcur = g_log(f, xcur);
    }
    return xcur;
}

int llmm_calib_temperature_fit(const double *logits, size_t n, size_t n_classes,
                               const int32_t *target, const llmm_calib_temperature_options *opts,
                               llmm_calib_temperature_result *out, const llmm_allocator *alloc)
{
    llmm_calib_temperature_options o;
    gfun f;
    double ua, ub, u;
    int rc;
    if (!out) return LLMM_ENULL;
    if (opts) {
        o = *opts;
    } else {
        llmm_calib_temperature_options_default(&o);
    }
    if (!(o.t_min > 0.0) || !(o.t_max > o.t_min) || o.t_max - o.t_max != 0.0 || o.n_bins < 1 ||
        o.n_bins > LLMM_CALIB_MAX_BINS)
        return LLMM_EINVAL;
    if ((rc = check_logits(logits, n, n_classes, target)) != LLMM_OK) return rc;
    f.logits = logits;
    f.n = n;
    f.c = n_classes;
    f.target = target;
    out->nll_before = nll_at(logits, n, n_classes, target, 1.0);
    rc = ece_at(logits, n, n_classes, target, 1.0, o.n_bins, alloc, &out->ece_before);
    if (rc != LLMM_OK) return rc;
    ua = log(o.t_min);
    ub = log(o.t_max);
    out->g_min = g_log(&f, ua);
    out->g_max = g_log(&f, ub);
    out->temperature = out->nll_after = out->ece_after = NAN;
    /* No sign change: the NLL is monotone over the interval, no interior minimiser. */
    if (!(out->g_min * out->g_max < 0.0)) return LLMM_EDOMAIN;
    /* scipy's brentq defaults: rtol = 4 eps, maxiter 100; xtol 1e-15 as the reference. */
    u = brentq(&f, ua, ub, out->g_min, out->g_max, 1e-15, 4 * DBL_EPSILON, 100);
    out->temperature = exp(u);
    out->nll_after = nll_at(logits, n, n_classes, target, out->temperature);
    return ece_at(logits, n, n_classes, target, out->temperature, o.n_bins, alloc,
                  &out->ece_after);
}
