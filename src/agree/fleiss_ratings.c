/* fleiss_ratings.c - raw ratings -> subjects x categories table, as statsmodels
 * 0.13.5 inter_rater.aggregate_raters (categories = np.unique of all ratings), and
 * the one-shot Fleiss' kappa over raw ratings. */
#include "agree_internal.h"
#include <string.h>

int llmm_fleiss_categories(const int64_t *ratings, size_t n, int64_t *cats, size_t cap,
                           size_t *n_cat, const llmm_allocator *alloc)
{
    llmm_allocator al;
    int64_t *tmp;
    size_t k, bytes;
    int rc;
    if (!n_cat || (n && !ratings) || (cap && !cats)) return LLMM_ENULL;
    *n_cat = 0;
    if (n == 0) return LLMM_OK;
    if (!llmmi_mul_ok(n, sizeof(int64_t), &bytes)) return LLMM_EOVERFLOW;
    llmmi_alloc_init(&al, alloc);
    tmp = (int64_t *)llmmi_malloc(&al, bytes);
    if (!tmp) return LLMM_ENOMEM;
    memcpy(tmp, ratings, bytes);
    rc = llmmi_sort_unique_i64(&al, tmp, n, &k);
    if (rc == LLMM_OK) {
        *n_cat = k;
        if (k <= cap) memcpy(cats, tmp, k * sizeof(int64_t));
        else rc = LLMM_EBUFFER;
    }
    llmmi_free(&al, tmp, bytes);
    return rc;
}

int llmm_fleiss_aggregate(const int64_t *ratings, size_t n_subjects, size_t n_raters,
                          const int64_t *cats, size_t n_cat, uint64_t *table)
{
    size_t s, r, j, cells;
    if ((n_subjects && n_raters && !ratings) || (n_cat && !cats) || (n_subjects && n_cat && !table))
        return LLMM_ENULL;
    if (!llmmi_mul_ok(n_subjects, n_raters, &cells) || !llmmi_mul_ok(n_subjects, n_cat, &cells))
        return LLMM_EOVERFLOW;
    for (j = 1; j < n_cat; j++)
        if (cats[j] <= cats[j - 1]) return LLMM_EINVAL;
    for (s = 0; s < n_subjects * n_raters; s++)
        if (llmmi_find_i64(cats, n_cat, ratings[s]) < 0) return LLMM_EDOMAIN;
    if (cells) memset(table, 0, cells * sizeof(uint64_t));
    for (s = 0; s < n_subjects; s++)
        for (r = 0; r < n_raters; r++)
            table[s * n_cat + (size_t)llmmi_find_i64(cats, n_cat, ratings[s * n_raters + r])]++;
    return LLMM_OK;
}

int llmm_fleiss_kappa_ratings(const int64_t *ratings, size_t n_subjects, size_t n_raters,
                              int method, double *kappa, const llmm_allocator *alloc)
{
    llmm_allocator al;
    int64_t *cats;
    int32_t *idx;
    size_t total, k, i, bytes;
    llmm_fleiss *f = NULL;
    int rc;
    if (!kappa) return LLMM_ENULL;
    if (method != LLMM_FLEISS_FLEISS && method != LLMM_FLEISS_RANDOLPH) return LLMM_EINVAL;
    if (n_subjects == 0 || n_raters == 0) return LLMM_EEMPTY;
    if (!ratings) return LLMM_ENULL;
    if (!llmmi_mul_ok(n_subjects, n_raters, &total) ||
        !llmmi_mul_ok(total, sizeof(int64_t), &bytes))
        return LLMM_EOVERFLOW;
    llmmi_alloc_init(&al, alloc);
    cats = (int64_t *)llmmi_malloc(&al, bytes);
    idx = (int32_t *)llmmi_calloc(&al, total, sizeof(int32_t));
    if (!cats || !idx) {
        rc = LLMM_ENOMEM;
        goto done;
    }
    memcpy(cats, ratings, bytes);
    if ((rc = llmmi_sort_unique_i64(&al, cats, total, &k)) != LLMM_OK) goto done;
    if (k > LLMM_FLEISS_MAX_CATEGORIES) {
        rc = LLMM_EUNSUPPORTED;
        goto done;
    }
    for (i = 0; i < total; i++) idx[i] = (int32_t)llmmi_find_i64(cats, k, ratings[i]);
    if ((rc = llmm_fleiss_create(&f, (uint32_t)k, &al)) != LLMM_OK) goto done;
    if ((rc = llmm_fleiss_add_ratings(f, idx, n_subjects, n_raters)) != LLMM_OK) goto done;
    rc = llmm_fleiss_kappa(f, method, kappa);
done:
    llmm_fleiss_free(f);
    llmmi_free(&al, cats, bytes);
    llmmi_free(&al, idx, total * sizeof(int32_t));
    return rc;
}
