/* kendall.c - Kendall's tau-b / tau-c and their p-value (scipy 1.10.1
 * scipy.stats.kendalltau, _stats_py.py).
 *
 * scipy counts, for n pairs: discordant pairs `dis`, x ties xtie = sum t(t-1)/2 over
 * groups of equal x (likewise ytie), joint ties ntie (equal x and y), tot = n(n-1)/2,
 * and con - dis = tot - xtie - ytie + ntie - 2 dis. All x (or all y) tied -> NaN.
 *   tau_b = (con-dis) / sqrt(tot - xtie) / sqrt(tot - ytie)
 *   tau_c = 2 (con-dis) / (n^2 (m-1) / m), m = min(#distinct x, #distinct y)
 * clipped to [-1, 1]. p-value: 'auto' = exact when there are no ties and
 * (n <= 33 or min(dis, tot-dis) <= 1), else asymptotic with
 *   var = (v0 - x1 - y1)/18 + 2 xtie ytie / m2 + x0 y0 / (9 m2 (n-2)),  m2 = n(n-1),
 *   v0 = m2 (2n+5), x0 = sum t(t-1)(t-2), x1 = sum t(t-1)(2t+5) (likewise y),
 * z = (con-dis)/sqrt(var), p from the normal distribution.
 * Here: sort the pairs by (x, y) (two stable radix passes); discordant pairs = strict
 * inversions of the y sequence (merge sort), which also leaves y sorted for its tie
 * groups. */
#include "corr_internal.h"
#include "core/radix.h"
#include <math.h>
#include <string.h>

/* Sorts v[0..n) ascending with tmp as scratch; returns the number of pairs i < j with
 * v[i] > v[j] in the original order. */
static uint64_t sort_count_inversions(double *v, double *tmp, size_t n)
{
    size_t width, i;
    uint64_t inv = 0;
    for (width = 1; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            size_t mid = i + width < n ? i + width : n, hi = i + 2 * width < n ? i + 2 * width : n;
            size_t a = i, b = mid, k = i;
            while (a < mid && b < hi) {
                if (v[b] < v[a]) {
                    inv += mid - a;
                    tmp[k++] = v[b++];
                } else {
                    tmp[k++] = v[a++];
                }
            }
            while (a < mid) tmp[k++] = v[a++];
            while (b < hi) tmp[k++] = v[b++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    return inv;
}

typedef struct ties {
    uint64_t pairs;    /* sum t(t-1)/2 */
    double t0, t1;     /* sum t(t-1)(t-2), sum t(t-1)(2t+5) */
    uint64_t distinct; /* number of groups */
} ties;

static void add_group(ties *s, uint64_t t)
{
    double d = (double)t;
    s->distinct++;
    if (t < 2) return;
    s->pairs += t * (t - 1) / 2;
    s->t0 += d * (d - 1.) * (d - 2);
    s->t1 += d * (d - 1.) * (2 * d + 5);
}

int llmmi_kendall(const double *x, const double *y, size_t n, size_t stride,
                  const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al)
{
    llmmi_kv *p;
    double *ys, *tmp, tau, pval;
    ties tx = {0, 0, 0, 0}, ty = {0, 0, 0, 0};
    uint64_t dis, ntie = 0, tot, run, un = (uint64_t)n;
    int64_t cmd;
    size_t i;
    int method = o->kendall_method, status = LLMM_OK;
    out->statistic = out->pvalue = NAN;
    p = (llmmi_kv *)llmmi_calloc(al, n, 2 * sizeof *p);
    ys = (double *)llmmi_calloc(al, n, 2 * sizeof(double));
    if (!p || !ys) {
        llmmi_free(al, p, n * 2 * sizeof *p);
        llmmi_free(al, ys, n * 2 * sizeof(double));
        return LLMM_ENOMEM;
    }
    tmp = ys + n;
    /* lexicographic (x, y) order: stable sort by y, then stable sort by x */
    for (i = 0; i < n; i++) {
        p[i].k = llmmi_f64_key(y[i * stride]);
        p[i].v = i;
    }
    llmmi_radix_sort_kv(p, p + n, n);
    for (i = 0; i < n; i++) p[i].k = llmmi_f64_key(x[p[i].v * stride]);
    llmmi_radix_sort_kv(p, p + n, n);
    for (i = 0, run = 1; i < n; i++, run++) {
        ys[i] = y[p[i].v * stride];
        if (i + 1 < n && p[i + 1].k == p[i].k) continue;
        add_group(&tx, run);
        run = 0;
    }
    for (i = 0, run = 1; i < n; i++, run++) {
        if (i + 1 < n && p[i + 1].k == p[i].k && y[p[i + 1].v * stride] == ys[i]) continue;
        ntie += run * (run - 1) / 2;
        run = 0;
    }
    dis = sort_count_inversions(ys, tmp, n);
    for (i = 0, run = 1; i < n; i++, run++) {
        if (i + 1 < n && ys[i + 1] == ys[i]) continue;
        add_group(&ty, run);
        run = 0;
    }
    llmmi_free(al, p, n * 2 * sizeof *p);
    llmmi_free(al, ys, n * 2 * sizeof(double));

    tot = un * (un - 1) / 2;
    if (tx.pairs == tot || ty.pairs == tot) return LLMM_OK; /* NaN, NaN */
    cmd = (int64_t)(tot - tx.pairs - ty.pairs + ntie) - 2 * (int64_t)dis;
    if (o->kendall_variant == LLMM_KENDALL_B) {
        tau = (double)cmd / sqrt((double)(tot - tx.pairs)) / sqrt((double)(tot - ty.pairs));
    } else {
        double m = (double)(tx.distinct < ty.distinct ? tx.distinct : ty.distinct);
        tau = 2 * (double)cmd / ((double)n * (double)n * (m - 1) / m);
    }
    tau = tau > 1.0 ? 1.0 : tau < -1.0 ? -1.0 : tau;

    if (method == LLMM_KENDALL_EXACT && (tx.pairs || ty.pairs)) {
        /* scipy: "Ties found, exact method cannot be used." */
        return LLMM_EDOMAIN;
    }
    if (method == LLMM_KENDALL_AUTO)
        method = !tx.pairs && !ty.pairs && (n <= 33 || (dis < tot - dis ? dis : tot - dis) <= 1)
                     ? LLMM_KENDALL_EXACT
                     : LLMM_KENDALL_ASYMPTOTIC;
    if (method == LLMM_KENDALL_EXACT) {
        pval = llmmi_kendall_p_exact(un, tot - dis, o->alternative, al, &status);
        if (status != LLMM_OK) return status;
    } else {
        double dn = (double)n, m2 = dn * (dn - 1.), var;
        var = (m2 * (2 * dn + 5) - tx.t1 - ty.t1) / 18 +
              (2 * (double)tx.pairs * (double)ty.pairs) / m2 + tx.t0 * ty.t0 / (9 * m2 * (dn - 2));
        pval = llmmi_z_pvalue((double)cmd / sqrt(var), o->alternative);
    }
    out->statistic = tau;
    out->pvalue = pval;
    return LLMM_OK;
}

int llmm_kendalltau(const double *x, const double *y, size_t n, const llmm_corr_options *opts,
                    llmm_corr_result *out, const llmm_allocator *alloc)
{
    llmm_corr_options o;
    llmm_allocator al;
    int rc;
    if (!out || (n && (!x || !y))) return LLMM_ENULL;
    if ((rc = llmmi_corr_opts(opts, &o)) != LLMM_OK) return rc;
    if ((rc = llmmi_corr_precheck(x, y, n, 1, out)) != LLMM_OK) return rc;
    llmmi_alloc_init(&al, alloc);
    return llmmi_kendall(x, y, n, 1, &o, out, &al);
}
