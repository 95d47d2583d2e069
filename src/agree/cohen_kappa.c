/* cohen_kappa.c - Cohen's kappa (scikit-learn 1.2.1 cohen_kappa_score).
 *
 * sklearn: kappa = 1 - sum(w * C) / sum(w * E) with C the confusion matrix over the
 * label list and E = outer(colsum, rowsum) / N, w over label *positions*
 * (sklearn/metrics/_classification.py cohen_kappa_score; REFERENCE-QUIRKS.md 10.5).
 * Here sum(w * C) is an exact integer sum and N * sum(w * E) = sum_ij w_ij r_i c_j is
 * formed exactly in O(K) (two-products into the exact accumulator), then
 * kappa = 1 - num / (den / N): 0/0 gives NaN exactly where sklearn's does. */
#include "agree_internal.h"
#include "core/twoprod.h"
#include <stdlib.h>
#include <string.h>

void llmm_cohen_options_default(llmm_cohen_options *opts)
{
    if (!opts) return;
    opts->weights = LLMM_KAPPA_UNWEIGHTED;
    opts->labels = NULL;
    opts->n_labels = 0;
}

size_t llmm_cohen_options_size(void) { return sizeof(llmm_cohen_options); }

double llmmi_kappa_value(int weights, size_t k, const uint64_t *r, const uint64_t *c, uint64_t n,
                         const llmmi_exactsum *num)
{
    llmmi_exactsum den;
    double dn = (double)n, expected;
    size_t i;
    llmmi_exactsum_init(&den);
    if (weights == LLMM_KAPPA_UNWEIGHTED) {
        /* sum_{i != j} r_i c_j = N^2 - sum_i r_i c_i */
        llmmi_exactsum_add_prod(&den, dn, dn);
        for (i = 0; i < k; i++) llmmi_exactsum_add_prod(&den, -(double)r[i], (double)c[i]);
    } else if (weights == LLMM_KAPPA_LINEAR) {
        /* sum_i r_i * sum_j |i - j| c_j with running prefix sums of c_j and j*c_j */
        double c_tot = 0, s_tot = 0, c_lo = 0, s_lo = 0;
        for (i = 0; i < k; i++) {
            c_tot += (double)c[i];
            s_tot += (double)i * (double)c[i];
        }
        for (i = 0; i < k; i++) {
            double di = (double)i, ci = (double)c[i];
            double c_hi = c_tot - c_lo - ci, s_hi = s_tot - s_lo - di * ci;
            double inner = (di * c_lo - s_lo) + (s_hi - di * c_hi);
            if (r[i]) llmmi_exactsum_add_prod(&den, (double)r[i], inner);
            c_lo += ci;
            s_lo += di * ci;
        }
    } else {
        /* sum (i-j)^2 r_i c_j = N sum j^2 c_j + N sum i^2 r_i - 2 (sum i r_i)(sum j c_j) */
        llmmi_exactsum a, b, sr, sc;
        llmmi_exactsum_init(&a);
        llmmi_exactsum_init(&b);
        llmmi_exactsum_init(&sr);
        llmmi_exactsum_init(&sc);
        for (i = 0; i < k; i++) {
            double di = (double)i;
            llmmi_exactsum_add_prod(&a, di * di, (double)c[i]);
            llmmi_exactsum_add_prod(&b, di * di, (double)r[i]);
            llmmi_exactsum_add_prod(&sr, di, (double)r[i]);
            llmmi_exactsum_add_prod(&sc, di, (double)c[i]);
        }
        llmmi_exactsum_add_prod(&den, dn, llmmi_exactsum_value(&a));
        llmmi_exactsum_add_prod(&den, dn, llmmi_exactsum_value(&b));
        llmmi_exactsum_add_prod(&den, -2.0 * llmmi_exactsum_value(&sr), llmmi_exactsum_value(&sc));
    }
    expected = llmmi_exactsum_value(&den) / dn;
    return 1.0 - llmmi_exactsum_value(num) / expected;
}

static int weights_ok(int w)
{
    return w == LLMM_KAPPA_UNWEIGHTED || w == LLMM_KAPPA_LINEAR || w == LLMM_KAPPA_QUADRATIC;
}

/* The label list: explicit (kept in caller order, looked up through a sorted copy) or
 * the sorted distinct values of both raters. pos_of_sorted[s] = position of sorted[s]. */
typedef struct label_map {
    int64_t *sorted;
    size_t *pos_of_sorted;
    size_t k;
} label_map;

/* qsort has no context argument: sort (value, position) pairs instead. */
typedef struct vp { int64_t v; size_t p; } vp;
static int cmp_vp(const void *a, const void *b)
{
    const vp *x = (const vp *)a, *y = (const vp *)b;
    return (x->v > y->v) - (x->v < y->v);
}

static int build_map(const llmm_allocator *al, const int64_t *r1, const int64_t *r2, size_t n,
                     const llmm_cohen_options *o, label_map *m)
{
    size_t i, bytes;
    m->sorted = NULL;
    m->pos_of_sorted = NULL;
    m->k = 0;
    if (o->labels) {
        vp *tmp;
        if (o->n_labels == 0) return LLMM_EINVAL;
        if (!llmmi_mul_ok(o->n_labels, sizeof(vp), &bytes)) return LLMM_EOVERFLOW;
        tmp = (vp *)llmmi_malloc(al, bytes);
        m->sorted = (int64_t *)llmmi_calloc(al, o->n_labels, sizeof(int64_t));
        m->pos_of_sorted = (size_t *)llmmi_calloc(al, o->n_labels, sizeof(size_t));
        if (!tmp || !m->sorted || !m->pos_of_sorted) {
            llmmi_free(al, tmp, bytes);
            return LLMM_ENOMEM;
        }
        for (i = 0; i < o->n_labels; i++) {
            tmp[i].v = o->labels[i];
            tmp[i].p = i;
        }
        qsort(tmp, o->n_labels, sizeof(vp), cmp_vp);
        for (i = 0; i < o->n_labels; i++) {
            if (i && tmp[i].v == tmp[i - 1].v) {
                llmmi_free(al, tmp, bytes);
                return LLMM_EINVAL;
            }
            m->sorted[i] = tmp[i].v;
            m->pos_of_sorted[i] = tmp[i].p;
        }
        llmmi_free(al, tmp, bytes);
        m->k = o->n_labels;
        return LLMM_OK;
    }
    if (n == 0) return LLMM_OK;
    if (n > (size_t)-1 / 2) return LLMM_EOVERFLOW;
    m->sorted = (int64_t *)llmmi_calloc(al, 2 * n, sizeof(int64_t));
    if (!m->sorted) return LLMM_ENOMEM;
    memcpy(m->sorted, r1, n * sizeof(int64_t));
    memcpy(m->sorted + n, r2, n * sizeof(int64_t));
    return llmmi_sort_unique_i64(al, m->sorted, 2 * n, &m->k);
}

static void free_map(const llmm_allocator *al, label_map *m, size_t n, const llmm_cohen_options *o)
{
    size_t cap = o->labels ? o->n_labels : 2 * n;
    llmmi_free(al, m->sorted, cap * sizeof(int64_t));
    if (m->pos_of_sorted) llmmi_free(al, m->pos_of_sorted, o->n_labels * sizeof(size_t));
}

static ptrdiff_t position(const label_map *m, int64_t x)
{
    ptrdiff_t s = llmmi_find_i64(m->sorted, m->k, x);
    if (s < 0 || !m->pos_of_sorted) return s;
    return (ptrdiff_t)m->pos_of_sorted[s];
}

int llmm_cohen_kappa(const int64_t *rater1, const int64_t *rater2, size_t n,
                     const llmm_cohen_options *opts, double *kappa, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_cohen_options o;
    label_map m;
    uint64_t *rc = NULL, kept = 0;
    llmmi_exactsum num;
    size_t i;
    int rc_status, any_listed = 0;
    if (!kappa || (n && (!rater1 || !rater2))) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_cohen_options_default(&o);
    if (!weights_ok(o.weights)) return LLMM_EINVAL;
    if (o.labels == NULL && o.n_labels) o.n_labels = 0;
    llmmi_alloc_init(&al, alloc);
    rc_status = build_map(&al, rater1, rater2, n, &o, &m);
    if (rc_status == LLMM_OK && m.k) {
        rc = (uint64_t *)llmmi_calloc(&al, m.k, 2 * sizeof(uint64_t));
        if (!rc) rc_status = LLMM_ENOMEM;
    }
    if (rc_status == LLMM_OK) {
        llmmi_exactsum_init(&num);
        for (i = 0; i < n; i++) {
            ptrdiff_t a = position(&m, rater1[i]), b = position(&m, rater2[i]);
            if (a >= 0) any_listed = 1;
            if (a < 0 || b < 0) continue;
            rc[a]++;
            rc[m.k + (size_t)b]++;
            kept++;
            if (a != b) llmmi_exactsum_add(&num, llmmi_kappa_weight(o.weights, (size_t)a, (size_t)b));
        }
        /* sklearn confusion_matrix: "At least one label specified must be in y_true" */
        if (o.labels && n && !any_listed) rc_status = LLMM_EDOMAIN;
        else *kappa = llmmi_kappa_value(o.weights, m.k, rc, rc + m.k, kept, &num);
    }
    if (rc) llmmi_free(&al, rc, m.k * 2 * sizeof(uint64_t));
    free_map(&al, &m, n, &o);
    return rc_status;
}
