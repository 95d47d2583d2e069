/* agree_internal.h - state of the agreement statistics and the shared finalizers. */
#ifndef LLMMI_AGREE_INTERNAL_H
#define LLMMI_AGREE_INTERNAL_H
#include "llmm_agree.h"
#include "core/alloc.h"
#include "core/exactsum.h"

struct llmm_cohen {
    llmm_allocator alloc;
    uint32_t k;       /* categories */
    uint64_t total;   /* pairs */
    uint64_t *counts; /* k*k, row = rater1 */
};

struct llmm_fleiss {
    llmm_allocator alloc;
    uint32_t k;
    uint64_t n_subjects;
    uint64_t n_raters; /* per subject; 0 while empty */
    uint64_t sum_sq;   /* sum over subjects of sum_j n_ij^2 */
    uint64_t *totals;  /* k category totals */
};

/* Units with m ratings (m >= 2): mat = sum over those units of (n n^T - diag n). */
typedef struct llmmi_kripp_group {
    uint64_t m;
    uint64_t units; /* units in the group (0 for a group reserved but not used yet) */
    uint64_t *mat;  /* v*v */
} llmmi_kripp_group;

struct llmm_kripp {
    llmm_allocator alloc;
    uint32_t v;
    double *domain;   /* v values in the caller's order */
    double *sorted;   /* the same values sorted ascending ... */
    uint32_t *pos;    /* ... and their positions in `domain` */
    uint64_t n_pairable;
    size_t n_groups, cap_groups;
    llmmi_kripp_group *groups; /* ascending m */
};

/* Cohen's kappa from kept-pair marginals over k label positions: r = rater1 counts,
 * c = rater2 counts, n = kept pairs, num = exact sum of the weights of the kept pairs. */
double llmmi_kappa_value(int weights, size_t k, const uint64_t *r, const uint64_t *c, uint64_t n,
                         const llmmi_exactsum *num);
/* Weight of a pair of label positions. */
static inline double llmmi_kappa_weight(int weights, size_t i, size_t j)
{
    double d = i > j ? (double)(i - j) : (double)(j - i);
    return weights == LLMM_KAPPA_UNWEIGHTED ? (i != j) : weights == LLMM_KAPPA_LINEAR ? d : d * d;
}

/* Sorts n int64 values ascending and removes duplicates in place (count in *k).
 * Allocates O(n) scratch: LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_sort_unique_i64(const llmm_allocator *al, int64_t *v, size_t n, size_t *k);
/* Position of x in sorted[0..n), or -1. */
ptrdiff_t llmmi_find_i64(const int64_t *sorted, size_t n, int64_t x);

/* Krippendorff: the positions (in domain order) of a value, or -1 if absent. */
ptrdiff_t llmmi_kripp_lookup(const llmm_kripp *k, double x);
/* Index of the group for m ratings per unit, created (empty) if absent; -1 on ENOMEM. */
ptrdiff_t llmmi_kripp_group_for(llmm_kripp *k, uint64_t m);

#endif
