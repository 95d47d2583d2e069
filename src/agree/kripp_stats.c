/* kripp_stats.c - the mergeable coincidence counts behind Krippendorff's alpha.
 *
 * fast-krippendorff's coincidence matrix is o = sum_u (n_u n_u^T - diag n_u) / (m_u - 1)
 * (krippendorff.py _coincidences), n_u the value counts of unit u and m_u their sum.
 * Grouping units by m keeps every stored number an integer: per m, the integer matrix
 * sum over those units of (n n^T - diag n). Units with m < 2 contribute nothing. */
#include "agree_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

uint32_t llmm_kripp_max_values(void) { return LLMM_KRIPP_MAX_VALUES; }

static int cmp_f64(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int llmm_kripp_create(llmm_kripp **out, const double *domain, size_t n_values,
                      const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_kripp *k;
    size_t i;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_values && !domain) return LLMM_ENULL;
    for (i = 0; i < n_values; i++)
        if (!isfinite(domain[i])) return LLMM_ENONFINITE;
    /* fast-krippendorff: "There has to be more than one value in the domain." */
    if (n_values < 2) return LLMM_EDOMAIN;
    if (n_values > LLMM_KRIPP_MAX_VALUES) return LLMM_EUNSUPPORTED;
    llmmi_alloc_init(&al, alloc);
    k = (llmm_kripp *)llmmi_malloc(&al, sizeof *k);
    if (!k) return LLMM_ENOMEM;
    memset(k, 0, sizeof *k);
    k->alloc = al;
    k->v = (uint32_t)n_values;
    k->domain = (double *)llmmi_calloc(&al, n_values, sizeof(double));
    k->sorted = (double *)llmmi_calloc(&al, n_values, sizeof(double));
    k->pos = (uint32_t *)llmmi_calloc(&al, n_values, sizeof(uint32_t));
    if (!k->domain || !k->sorted || !k->pos) {
        llmm_kripp_free(k);
        return LLMM_ENOMEM;
    }
    memcpy(k->domain, domain, n_values * sizeof(double));
    memcpy(k->sorted, domain, n_values * sizeof(double));
    qsort(k->sorted, n_values, sizeof(double), cmp_f64);
    for (i = 1; i < n_values; i++) {
        if (k->sorted[i] == k->sorted[i - 1]) {
            llmm_kripp_free(k);
            return LLMM_EDOMAIN;
        }
    }
    for (i = 0; i < n_values; i++) {
        size_t lo = 0, hi = n_values;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (k->sorted[mid] < domain[i]) lo = mid + 1;
            else hi = mid;
        }
        k->pos[lo] = (uint32_t)i;
    }
    *out = k;
    return LLMM_OK;
}

void llmm_kripp_free(llmm_kripp *k)
{
    llmm_allocator al;
    size_t g, vv;
    if (!k) return;
    al = k->alloc;
    vv = (size_t)k->v * k->v;
    for (g = 0; g < k->n_groups; g++) llmmi_free(&al, k->groups[g].mat, vv * sizeof(uint64_t));
    llmmi_free(&al, k->groups, k->cap_groups * sizeof(llmmi_kripp_group));
    llmmi_free(&al, k->domain, (size_t)k->v * sizeof(double));
    llmmi_free(&al, k->sorted, (size_t)k->v * sizeof(double));
    llmmi_free(&al, k->pos, (size_t)k->v * sizeof(uint32_t));
    llmmi_free(&al, k, sizeof *k);
}

void llmm_kripp_reset(llmm_kripp *k)
{
    size_t g;
    if (!k) return;
    for (g = 0; g < k->n_groups; g++) {
        memset(k->groups[g].mat, 0, (size_t)k->v * k->v * sizeof(uint64_t));
        k->groups[g].units = 0;
    }
    k->n_pairable = 0;
}

uint64_t llmm_kripp_n_pairable_units(const llmm_kripp *k) { return k ? k->n_pairable : 0; }

ptrdiff_t llmmi_kripp_lookup(const llmm_kripp *k, double x)
{
    size_t lo = 0, hi = k->v;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k->sorted[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < k->v && k->sorted[lo] == x ? (ptrdiff_t)k->pos[lo] : -1;
}

ptrdiff_t llmmi_kripp_group_for(llmm_kripp *k, uint64_t m)
{
    size_t g, vv = (size_t)k->v * k->v;
    uint64_t *mat;
    for (g = 0; g < k->n_groups && k->groups[g].m < m; g++) {
    }
    if (g < k->n_groups && k->groups[g].m == m) return (ptrdiff_t)g;
    if (llmmi_grow(&k->alloc, (void **)&k->groups, &k->cap_groups, k->n_groups + 1,
                   sizeof(llmmi_kripp_group)) != LLMM_OK)
        return -1;
    mat = (uint64_t *)llmmi_calloc(&k->alloc, vv, sizeof(uint64_t));
    if (!mat) return -1;
    memmove(k->groups + g + 1, k->groups + g, (k->n_groups - g) * sizeof(llmmi_kripp_group));
    k->groups[g].m = m;
    k->groups[g].units = 0;
    k->groups[g].mat = mat;
    k->n_groups++;
    return (ptrdiff_t)g;
}

/* Adds one unit's (value position, count) runs to its group. */
static void add_unit(llmm_kripp *k, llmmi_kripp_group *gr, const uint32_t *val,
                     const uint64_t *cnt, size_t runs)
{
    size_t a, b, v = k->v;
    for (a = 0; a < runs; a++) {
        for (b = 0; b < runs; b++)
            gr->mat[(size_t)val[a] * v + val[b]] += cnt[a] * cnt[b] - (a == b ? cnt[a] : 0);
    }
    gr->units++;
    k->n_pairable++;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int llmm_kripp_add_units(llmm_kripp *k, const double *data, size_t n_raters, size_t n_units)
{
    size_t u, r, cells, m, runs;
    uint32_t *val;
    uint64_t *cnt;
    if (!k) return LLMM_ENULL;
    if (n_raters == 0 || n_units == 0) return LLMM_OK;
    if (!data) return LLMM_ENULL;
    if (!llmmi_mul_ok(n_raters, n_units, &cells)) return LLMM_EOVERFLOW;
    /* pass 1: validate every rating, reserve the groups */
    for (u = 0; u < n_units; u++) {
        for (r = m = 0; r < n_raters; r++) {
            double x = data[r * n_units + u];
            if (x != x) continue; /* missing */
            if (!isfinite(x)) return LLMM_ENONFINITE;
            /* fast-krippendorff: "The reliability data contains out-of-domain values." */
            if (llmmi_kripp_lookup(k, x) < 0) return LLMM_EDOMAIN;
            m++;
        }
        if (m >= 2 && llmmi_kripp_group_for(k, m) < 0) return LLMM_ENOMEM;
    }
    val = (uint32_t *)llmmi_calloc(&k->alloc, n_raters, sizeof(uint32_t));
    cnt = (uint64_t *)llmmi_calloc(&k->alloc, n_raters, sizeof(uint64_t));
    if (!val || !cnt) {
        llmmi_free(&k->alloc, val, n_raters * sizeof(uint32_t));
        llmmi_free(&k->alloc, cnt, n_raters * sizeof(uint64_t));
        return LLMM_ENOMEM;
    }
    /* pass 2: runs of equal values per unit */
    for (u = 0; u < n_units; u++) {
        for (r = m = 0; r < n_raters; r++) {
            double x = data[r * n_units + u];
            if (x == x) val[m++] = (uint32_t)llmmi_kripp_lookup(k, x);
        }
        if (m < 2) continue;
        qsort(val, m, sizeof *val, cmp_u32);
        for (r = 0, runs = 0; r < m; r++) {
            if (runs && val[runs - 1] == val[r]) {
                cnt[runs - 1]++;
            } else {
                val[runs] = val[r];
                cnt[runs++] = 1;
            }
        }
        add_unit(k, &k->groups[llmmi_kripp_group_for(k, m)], val, cnt, runs);
    }
    llmmi_free(&k->alloc, val, n_raters * sizeof(uint32_t));
    llmmi_free(&k->alloc, cnt, n_raters * sizeof(uint64_t));
    return LLMM_OK;
}

int llmm_kripp_add_value_counts(llmm_kripp *k, const uint64_t *counts, size_t n_units)
{
    size_t u, j, runs, v;
    uint32_t *val;
    uint64_t *cnt;
    if (!k) return LLMM_ENULL;
    if (n_units == 0) return LLMM_OK;
    if (!counts) return LLMM_ENULL;
    v = k->v;
    for (u = 0; u < n_units; u++) {
        uint64_t m = 0;
        for (j = 0; j < v; j++) {
            if (counts[u * v + j] > UINT32_MAX - m) return LLMM_EOVERFLOW;
            m += counts[u * v + j];
        }
        if (m >= 2 && llmmi_kripp_group_for(k, m) < 0) return LLMM_ENOMEM;
    }
    val = (uint32_t *)llmmi_calloc(&k->alloc, v, sizeof(uint32_t));
    cnt = (uint64_t *)llmmi_calloc(&k->alloc, v, sizeof(uint64_t));
    if (!val || !cnt) {
        llmmi_free(&k->alloc, val, v * sizeof(uint32_t));
        llmmi_free(&k->alloc, cnt, v * sizeof(uint64_t));
        return LLMM_ENOMEM;
    }
    for (u = 0; u < n_units; u++) {
        uint64_t m = 0;
        for (j = runs = 0; j < v; j++) {
            if (!counts[u * v + j]) continue;
            val[runs] = (uint32_t)j;
            cnt[runs++] = counts[u * v + j];
            m += counts[u * v + j];
        }
        if (m >= 2) add_unit(k, &k->groups[llmmi_kripp_group_for(k, m)], val, cnt, runs);
    }
    llmmi_free(&k->alloc, val, v * sizeof(uint32_t));
    llmmi_free(&k->alloc, cnt, v * sizeof(uint64_t));
    return LLMM_OK;
}

int llmm_kripp_merge(llmm_kripp *dst, const llmm_kripp *src)
{
    size_t g, i, vv;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->v != src->v || memcmp(dst->domain, src->domain, (size_t)dst->v * sizeof(double)))
        return LLMM_EINVAL;
    for (g = 0; g < src->n_groups; g++)
        if (src->groups[g].units && llmmi_kripp_group_for(dst, src->groups[g].m) < 0)
            return LLMM_ENOMEM;
    vv = (size_t)dst->v * dst->v;
    for (g = 0; g < src->n_groups; g++) {
        const llmmi_kripp_group *s = &src->groups[g];
        llmmi_kripp_group *d;
        if (!s->units) continue;
        d = &dst->groups[llmmi_kripp_group_for(dst, s->m)];
        for (i = 0; i < vv; i++) d->mat[i] += s->mat[i];
        d->units += s->units;
    }
    dst->n_pairable += src->n_pairable;
    return LLMM_OK;
}
