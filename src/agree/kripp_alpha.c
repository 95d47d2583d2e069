/* kripp_alpha.c - Krippendorff's alpha from the coincidence counts, as fast-krippendorff
 * 0.8.3.dev0 krippendorff.alpha computes it (krippendorff.py):
 *   o   = coincidences, n_v = o.sum(axis=0) (column sums, in row order),
 *   e   = (outer(n_v, n_v) - diag(n_v)) / (n_v.sum() - 1),
 *   d   = distance of the level of measurement over the value domain,
 *   alpha = 1 - (o*d).sum() / (e*d).sum()   (numpy pairwise sums).
 * The ordinal distance sums n_v over domain *positions* i..j (np.add.reduceat) minus
 * (n_i + n_j)/2, squared: it depends on the order of the domain (sorted distinct
 * observed values by default; REFERENCE-QUIRKS.md 10.5). */
#include "agree_internal.h"
#include "llmm_sketch.h" /* llmm_sum_numpy: numpy's pairwise float64 sum */
#include <math.h>
#include <stdlib.h>
#include <string.h>

void llmm_kripp_options_default(llmm_kripp_options *opts)
{
    if (!opts) return;
    opts->level = LLMM_KRIPP_INTERVAL;
    opts->value_domain = NULL;
    opts->n_values = 0;
}

size_t llmm_kripp_options_size(void) { return sizeof(llmm_kripp_options); }

static double distance(int level, const double *dom, const double *nv, size_t i, size_t j)
{
    double a = dom[i], b = dom[j];
    switch (level) {
    case LLMM_KRIPP_NOMINAL:
        return a != b;
    case LLMM_KRIPP_ORDINAL: {
        size_t lo = i < j ? i : j, hi = i < j ? j : i, g;
        double s = 0, t;
        for (g = lo; g <= hi; g++) s += nv[g];
        t = s - (nv[lo] + nv[hi]) / 2;
        return t * t;
    }
    case LLMM_KRIPP_INTERVAL:
        return (a - b) * (a - b);
    default: {
        double q;
        if (a + b == 0) return 0; /* np.divide(..., where=v1 + v2 != 0) keeps the zeros */
        q = (a - b) / (a + b);
        return q * q;
    }
    }
}

int llmm_kripp_alpha(const llmm_kripp *k, int level, double *alpha)
{
    llmm_allocator al;
    size_t v, vv, g, i, j;
    double *o, *nv, *prod, total, num, den;
    if (!k || !alpha) return LLMM_ENULL;
    if (level < LLMM_KRIPP_NOMINAL || level > LLMM_KRIPP_RATIO) return LLMM_EINVAL;
    /* "There has to be at least one unit with values assigned by at least two coders." */
    if (k->n_pairable == 0) return LLMM_EEMPTY;
    al = k->alloc;
    v = k->v;
    vv = v * v;
    o = (double *)llmmi_calloc(&al, vv, sizeof(double));
    prod = (double *)llmmi_calloc(&al, vv, sizeof(double));
    nv = (double *)llmmi_calloc(&al, v, sizeof(double));
    if (!o || !prod || !nv) {
        llmmi_free(&al, o, vv * sizeof(double));
        llmmi_free(&al, prod, vv * sizeof(double));
        llmmi_free(&al, nv, v * sizeof(double));
        return LLMM_ENOMEM;
    }
    for (g = 0; g < k->n_groups; g++) {
        const llmmi_kripp_group *gr = &k->groups[g];
        double div = (double)(gr->m - 1);
        if (!gr->units) continue;
        for (i = 0; i < vv; i++)
            if (gr->mat[i]) o[i] += (double)gr->mat[i] / div;
    }
    for (i = 0; i < v; i++)
        for (j = 0; j < v; j++) nv[j] += o[i * v + j];
    llmm_sum_numpy(nv, v, &total);
    for (i = 0; i < v; i++)
        for (j = 0; j < v; j++) prod[i * v + j] = o[i * v + j] * distance(level, k->domain, nv, i, j);
    llmm_sum_numpy(prod, vv, &num);
    for (i = 0; i < v; i++) {
        for (j = 0; j < v; j++) {
            double e = (nv[i] * nv[j] - (i == j ? nv[i] : 0.0)) / (total - 1);
            prod[i * v + j] = e * distance(level, k->domain, nv, i, j);
        }
    }
    llmm_sum_numpy(prod, vv, &den);
    *alpha = 1 - num / den;
    llmmi_free(&al, o, vv * sizeof(double));
    llmmi_free(&al, prod, vv * sizeof(double));
    llmmi_free(&al, nv, v * sizeof(double));
    return LLMM_OK;
}

static int cmp_f64(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int llmm_krippendorff_alpha(const double *data, size_t n_raters, size_t n_units,
                            const llmm_kripp_options *opts, double *alpha,
                            const llmm_allocator *alloc)
{
    llmm_kripp_options o;
    llmm_allocator al;
    llmm_kripp *k = NULL;
    double *dom = NULL;
    size_t cells, i, nd = 0, nu;
    int rc;
    if (!alpha) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_kripp_options_default(&o);
    if (o.level < LLMM_KRIPP_NOMINAL || o.level > LLMM_KRIPP_RATIO) return LLMM_EINVAL;
    if (!llmmi_mul_ok(n_raters, n_units, &cells)) return LLMM_EOVERFLOW;
    if (cells && !data) return LLMM_ENULL;
    llmmi_alloc_init(&al, alloc);
    for (i = 0; i < cells; i++)
        if (data[i] == data[i] && !isfinite(data[i])) return LLMM_ENONFINITE;
    if (o.value_domain) {
        rc = llmm_kripp_create(&k, o.value_domain, o.n_values, &al);
    } else {
        /* value_domain = np.unique(reliability_data[~np.isnan(reliability_data)]) */
        dom = (double *)llmmi_calloc(&al, cells ? cells : 1, sizeof(double));
        if (!dom) return LLMM_ENOMEM;
        for (i = 0; i < cells; i++)
            if (data[i] == data[i]) dom[nd++] = data[i];
        qsort(dom, nd, sizeof(double), cmp_f64);
        for (i = 1, nu = nd ? 1 : 0; i < nd; i++)
            if (dom[i] != dom[nu - 1]) dom[nu++] = dom[i];
        rc = llmm_kripp_create(&k, dom, nu, &al);
        llmmi_free(&al, dom, (cells ? cells : 1) * sizeof(double));
    }
    if (rc == LLMM_OK) rc = llmm_kripp_add_units(k, data, n_raters, n_units);
    if (rc == LLMM_OK) rc = llmm_kripp_alpha(k, o.level, alpha);
    llmm_kripp_free(k);
    return rc;
}
