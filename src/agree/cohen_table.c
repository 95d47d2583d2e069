/* cohen_table.c - the mergeable contingency table behind Cohen's kappa. */
#include "agree_internal.h"
#include <string.h>

uint32_t llmm_cohen_max_categories(void) { return LLMM_COHEN_MAX_CATEGORIES; }

int llmm_cohen_create(llmm_cohen **out, uint32_t n_categories, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_cohen *t;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_categories == 0 || n_categories > LLMM_COHEN_MAX_CATEGORIES) return LLMM_EINVAL;
    llmmi_alloc_init(&al, alloc);
    t = (llmm_cohen *)llmmi_malloc(&al, sizeof *t);
    if (!t) return LLMM_ENOMEM;
    t->alloc = al;
    t->k = n_categories;
    t->total = 0;
    t->counts = (uint64_t *)llmmi_calloc(&al, (size_t)n_categories * n_categories, sizeof(uint64_t));
    if (!t->counts) {
        llmmi_free(&al, t, sizeof *t);
        return LLMM_ENOMEM;
    }
    *out = t;
    return LLMM_OK;
}

void llmm_cohen_free(llmm_cohen *t)
{
    llmm_allocator al;
    if (!t) return;
    al = t->alloc;
    llmmi_free(&al, t->counts, (size_t)t->k * t->k * sizeof(uint64_t));
    llmmi_free(&al, t, sizeof *t);
}

void llmm_cohen_reset(llmm_cohen *t)
{
    if (!t) return;
    memset(t->counts, 0, (size_t)t->k * t->k * sizeof(uint64_t));
    t->total = 0;
}

uint32_t llmm_cohen_n_categories(const llmm_cohen *t) { return t ? t->k : 0; }
uint64_t llmm_cohen_total(const llmm_cohen *t) { return t ? t->total : 0; }

int llmm_cohen_update(llmm_cohen *t, const int32_t *rater1, const int32_t *rater2, size_t n,
                      size_t *bad_index)
{
    size_t i;
    if (!t) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!rater1 || !rater2) return LLMM_ENULL;
    for (i = 0; i < n; i++) {
        if (rater1[i] < 0 || (uint32_t)rater1[i] >= t->k || rater2[i] < 0 ||
            (uint32_t)rater2[i] >= t->k) {
            if (bad_index) *bad_index = i;
            return LLMM_ERANGE;
        }
    }
    if ((uint64_t)n > UINT64_MAX - t->total) return LLMM_EOVERFLOW;
    for (i = 0; i < n; i++) t->counts[(size_t)rater1[i] * t->k + (size_t)rater2[i]]++;
    t->total += n;
    return LLMM_OK;
}

int llmm_cohen_merge(llmm_cohen *dst, const llmm_cohen *src)
{
    size_t i, kk;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->k != src->k) return LLMM_EINVAL;
    if (src->total > UINT64_MAX - dst->total) return LLMM_EOVERFLOW;
    kk = (size_t)dst->k * dst->k;
    /* every count is <= its table's total, so no cell can wrap once the totals fit */
    for (i = 0; i < kk; i++) dst->counts[i] += src->counts[i];
    dst->total += src->total;
    return LLMM_OK;
}

int llmm_cohen_table(const llmm_cohen *t, uint64_t *out, size_t cap)
{
    size_t kk;
    if (!t || !out) return LLMM_ENULL;
    kk = (size_t)t->k * t->k;
    if (cap < kk) return LLMM_EBUFFER;
    memcpy(out, t->counts, kk * sizeof(uint64_t));
    return LLMM_OK;
}

int llmm_cohen_finalize(const llmm_cohen *t, const llmm_cohen_options *opts, double *kappa)
{
    llmm_cohen_options o;
    llmm_allocator al;
    ptrdiff_t *pos;
    uint64_t *rc, kept = 0;
    size_t i, j, k = 0, K;
    llmmi_exactsum num;
    int any_listed = 0;
    if (!t || !kappa) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_cohen_options_default(&o);
    if (o.weights != LLMM_KAPPA_UNWEIGHTED && o.weights != LLMM_KAPPA_LINEAR &&
        o.weights != LLMM_KAPPA_QUADRATIC)
        return LLMM_EINVAL;
    if (o.labels && o.n_labels == 0) return LLMM_EINVAL;
    K = t->k;
    al = t->alloc;
    pos = (ptrdiff_t *)llmmi_calloc(&al, K, sizeof(ptrdiff_t));
    rc = (uint64_t *)llmmi_calloc(&al, K, 2 * sizeof(uint64_t));
    if (!pos || !rc) {
        llmmi_free(&al, pos, K * sizeof(ptrdiff_t));
        llmmi_free(&al, rc, K * 2 * sizeof(uint64_t));
        return LLMM_ENOMEM;
    }
    for (i = 0; i < K; i++) pos[i] = -1;
    if (o.labels) {
        for (i = 0; i < o.n_labels; i++) {
            int64_t c = o.labels[i];
            int bad = c < 0 || (uint64_t)c >= K ? LLMM_ERANGE : pos[c] >= 0 ? LLMM_EINVAL : 0;
            if (bad) {
                llmmi_free(&al, pos, K * sizeof(ptrdiff_t));
                llmmi_free(&al, rc, K * 2 * sizeof(uint64_t));
                return bad;
            }
            pos[c] = (ptrdiff_t)i;
        }
        k = o.n_labels;
    } else {
        /* sklearn labels=None: the labels seen in either rater, sorted */
        for (i = 0; i < K; i++) {
            uint64_t seen = 0;
            for (j = 0; j < K && !seen; j++) seen = t->counts[i * K + j] | t->counts[j * K + i];
            if (seen) pos[i] = (ptrdiff_t)k++;
        }
    }
    llmmi_exactsum_init(&num);
    for (i = 0; i < K; i++) {
        for (j = 0; j < K; j++) {
            uint64_t c = t->counts[i * K + j];
            if (!c) continue;
            if (pos[i] >= 0) any_listed = 1;
            if (pos[i] < 0 || pos[j] < 0) continue;
            rc[pos[i]] += c;
            rc[K + (size_t)pos[j]] += c;
            kept += c;
            if (pos[i] != pos[j])
                llmmi_exactsum_add_mul(&num,
                                       llmmi_kappa_weight(o.weights, (size_t)pos[i], (size_t)pos[j]), c);
        }
    }
    /* sklearn confusion_matrix: "At least one label specified must be in y_true" */
    if (o.labels && t->total && !any_listed) {
        llmmi_free(&al, pos, K * sizeof(ptrdiff_t));
        llmmi_free(&al, rc, K * 2 * sizeof(uint64_t));
        return LLMM_EDOMAIN;
    }
    *kappa = llmmi_kappa_value(o.weights, k, rc, rc + K, kept, &num);
    llmmi_free(&al, pos, K * sizeof(ptrdiff_t));
    llmmi_free(&al, rc, K * 2 * sizeof(uint64_t));
    return LLMM_OK;
}
