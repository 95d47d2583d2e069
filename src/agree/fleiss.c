/* fleiss.c - Fleiss' kappa (statsmodels 0.13.5 inter_rater.fleiss_kappa).
 *
 * statsmodels: p_rat_s = (sum_j n_sj^2 - n) / (n (n - 1)), P = mean_s p_rat_s,
 * P_exp = sum_j p_j^2 (p_j = category share) or 1/K ('randolph'),
 * kappa = (P - P_exp) / (1 - P_exp); it asserts every subject has the same number
 * of raters n. The mean of p_rat is formed here as one exact ratio of integers. */
#include "agree_internal.h"
#include "core/twoprod.h"
#include <stdlib.h>
#include <string.h>

uint32_t llmm_fleiss_max_categories(void) { return LLMM_FLEISS_MAX_CATEGORIES; }

int llmm_fleiss_create(llmm_fleiss **out, uint32_t n_categories, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_fleiss *f;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_categories == 0 || n_categories > LLMM_FLEISS_MAX_CATEGORIES) return LLMM_EINVAL;
    llmmi_alloc_init(&al, alloc);
    f = (llmm_fleiss *)llmmi_malloc(&al, sizeof *f);
    if (!f) return LLMM_ENOMEM;
    memset(f, 0, sizeof *f);
    f->alloc = al;
    f->k = n_categories;
    f->totals = (uint64_t *)llmmi_calloc(&al, n_categories, sizeof(uint64_t));
    if (!f->totals) {
        llmmi_free(&al, f, sizeof *f);
        return LLMM_ENOMEM;
    }
    *out = f;
    return LLMM_OK;
}

void llmm_fleiss_free(llmm_fleiss *f)
{
    llmm_allocator al;
    if (!f) return;
    al = f->alloc;
    llmmi_free(&al, f->totals, (size_t)f->k * sizeof(uint64_t));
    llmmi_free(&al, f, sizeof *f);
}

void llmm_fleiss_reset(llmm_fleiss *f)
{
    if (!f) return;
    memset(f->totals, 0, (size_t)f->k * sizeof(uint64_t));
    f->n_subjects = f->n_raters = f->sum_sq = 0;
}

uint32_t llmm_fleiss_n_categories(const llmm_fleiss *f) { return f ? f->k : 0; }
uint64_t llmm_fleiss_n_subjects(const llmm_fleiss *f) { return f ? f->n_subjects : 0; }
uint64_t llmm_fleiss_n_raters(const llmm_fleiss *f) { return f ? f->n_raters : 0; }

/* Room for `subjects` more subjects of `raters` raters: the grand total and the
 * squared-count sum (<= subjects * raters^2) must fit in u64. */
static int room_for(const llmm_fleiss *f, uint64_t subjects, uint64_t raters)
{
    uint64_t tot_now = f->n_subjects * f->n_raters, add, sq;
    if (raters > UINT32_MAX) return 0;
    if (subjects && raters > UINT64_MAX / subjects) return 0;
    add = subjects * raters;
    if (add > UINT64_MAX - tot_now || subjects > UINT64_MAX - f->n_subjects) return 0;
    if (raters && add > UINT64_MAX / raters) return 0;
    sq = add * raters;
    return sq <= UINT64_MAX - f->sum_sq;
}

int llmm_fleiss_add_counts(llmm_fleiss *f, const uint64_t *counts, size_t n_subjects)
{
    size_t s, j;
    uint64_t raters;
    if (!f) return LLMM_ENULL;
    if (n_subjects == 0) return LLMM_OK;
    if (!counts) return LLMM_ENULL;
    raters = f->n_raters;
    for (s = 0; s < n_subjects; s++) {
        const uint64_t *row = counts + s * f->k;
        uint64_t sum = 0;
        for (j = 0; j < f->k; j++) {
            if (row[j] > UINT64_MAX - sum) return LLMM_EOVERFLOW;
            sum += row[j];
        }
        if (sum == 0) return LLMM_EINVAL;
        if (raters == 0) raters = sum;
        else if (sum != raters) return LLMM_ELENGTH; /* statsmodels: assert n_total == n_sub * n_rat */
    }
    if (!room_for(f, n_subjects, raters)) return LLMM_EOVERFLOW;
    for (s = 0; s < n_subjects; s++) {
        const uint64_t *row = counts + s * f->k;
        for (j = 0; j < f->k; j++) {
            f->totals[j] += row[j];
            f->sum_sq += row[j] * row[j];
        }
    }
    f->n_raters = raters;
    f->n_subjects += n_subjects;
    return LLMM_OK;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int llmm_fleiss_add_ratings(llmm_fleiss *f, const int32_t *ratings, size_t n_subjects,
                            size_t n_raters)
{
    size_t s, r, total, bytes;
    int32_t *tmp;
    if (!f) return LLMM_ENULL;
    if (n_subjects == 0) return LLMM_OK;
    if (n_raters == 0) return LLMM_EINVAL;
    if (!ratings) return LLMM_ENULL;
    if (f->n_raters && f->n_raters != n_raters) return LLMM_ELENGTH;
    if (!llmmi_mul_ok(n_subjects, n_raters, &total)) return LLMM_EOVERFLOW;
    for (s = 0; s < total; s++)
        if (ratings[s] < 0 || (uint32_t)ratings[s] >= f->k) return LLMM_ERANGE;
    if (!room_for(f, n_subjects, n_raters)) return LLMM_EOVERFLOW;
    if (!llmmi_mul_ok(n_raters, sizeof(int32_t), &bytes)) return LLMM_EOVERFLOW;
    tmp = (int32_t *)llmmi_malloc(&f->alloc, bytes);
    if (!tmp) return LLMM_ENOMEM;
    for (s = 0; s < n_subjects; s++) {
        uint64_t run = 1;
        memcpy(tmp, ratings + s * n_raters, bytes);
        qsort(tmp, n_raters, sizeof *tmp, cmp_i32);
        for (r = 1; r <= n_raters; r++) {
            if (r < n_raters && tmp[r] == tmp[r - 1]) {
                run++;
                continue;
            }
            f->totals[tmp[r - 1]] += run;
            f->sum_sq += run * run;
            run = 1;
        }
    }
    llmmi_free(&f->alloc, tmp, bytes);
    f->n_raters = n_raters;
    f->n_subjects += n_subjects;
    return LLMM_OK;
}

int llmm_fleiss_merge(llmm_fleiss *dst, const llmm_fleiss *src)
{
    uint32_t j;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->k != src->k) return LLMM_EINVAL;
    if (src->n_subjects == 0) return LLMM_OK;
    if (dst->n_subjects && dst->n_raters != src->n_raters) return LLMM_ELENGTH;
    if (!room_for(dst, src->n_subjects, src->n_raters)) return LLMM_EOVERFLOW;
    for (j = 0; j < dst->k; j++) dst->totals[j] += src->totals[j];
    dst->sum_sq += src->sum_sq;
    dst->n_subjects += src->n_subjects;
    dst->n_raters = src->n_raters;
    return LLMM_OK;
}

int llmm_fleiss_kappa(const llmm_fleiss *f, int method, double *kappa)
{
    double n, subjects, total, p_mean, p_exp;
    uint32_t j;
    if (!f || !kappa) return LLMM_ENULL;
    if (method != LLMM_FLEISS_FLEISS && method != LLMM_FLEISS_RANDOLPH) return LLMM_EINVAL;
    if (f->n_subjects == 0) return LLMM_EEMPTY;
    if (f->n_raters < 2) return LLMM_EDOMAIN;
    n = (double)f->n_raters;
    subjects = (double)f->n_subjects;
    total = subjects * n;
    p_mean = (double)(f->sum_sq - f->n_subjects * f->n_raters) / (subjects * n * (n - 1.0));
    if (method == LLMM_FLEISS_FLEISS) {
        llmmi_exactsum s;
        llmmi_exactsum_init(&s);
        for (j = 0; j < f->k; j++) {
            double p = (double)f->totals[j] / total;
            if (p != 0) llmmi_exactsum_add_prod(&s, p, p);
        }
        p_exp = llmmi_exactsum_value(&s);
    } else {
        p_exp = 1.0 / (double)f->k;
    }
    *kappa = (p_mean - p_exp) / (1.0 - p_exp);
    return LLMM_OK;
}
