/* fair_internal.h - the group-fairness statistics shared by the src/fair/ files. */
#ifndef LLMMI_FAIR_INTERNAL_H
#define LLMMI_FAIR_INTERNAL_H
#include "llmm_fair.h"
#include "core/exactsum.h"

/* Cells are indexed y_true * 2 + y_pred: 0 = TN, 1 = FP, 2 = FN, 3 = TP. */
typedef struct llmmi_fair_cell {
    uint64_t all[4];         /* samples */
    uint64_t unit[4];        /* of which added without weights (weight 1) */
    llmmi_exactsum w[4];     /* exact sum of the explicit weights */
} llmmi_fair_cell;

struct llmm_fair {
    llmm_allocator alloc;
    uint32_t n_ids;          /* group ids 0 .. n_ids - 1 exist in `g` */
    uint32_t cap;
    llmmi_fair_cell *g;
};

/* Makes room for ids < need (new cells empty). */
int llmmi_fair_reserve(llmm_fair *f, uint32_t need);
/* llmm_fair_update with the tally kernel of `isa` (LLMM_ISA_*) for the unweighted
 * one-read path (tests compare the kernels). */
int llmmi_fair_update_isa(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                          const int32_t *group, const double *weight, size_t n,
                          size_t *bad_index, int isa);
/* The metrics of a cell. */
void llmmi_fair_metrics(const llmmi_fair_cell *c, llmm_fair_group *out);

#endif
