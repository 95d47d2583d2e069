/* class_internal.h - the confusion-matrix object shared by the src/class/ files. */
#ifndef LLMMI_CLASS_INTERNAL_H
#define LLMMI_CLASS_INTERNAL_H
#include "llmm_class.h"
#include "wcells.h"

struct llmm_class {
    llmm_allocator alloc;
    uint32_t k;          /* number of classes */
    uint64_t total;      /* pairs added */
    uint64_t *counts;    /* k * k, row-major by true label */
    int weighted;        /* 1 once a sample_weight update (or merge) happened: the cells
                            then hold the weight sums, earlier pairs counted as weight 1 */
    llmmi_wcells w;      /* weighted cells (weighted only) */
};

/* llmm_class_update with the tally kernel of `isa` (LLMM_ISA_*) for the unweighted
 * one-read paths (tests compare the kernels). */
int llmmi_class_update_isa(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                           size_t n, size_t *bad_index, int isa);
/* Makes cm weighted (every counted pair becomes weight 1); LLMM_ENOMEM leaves it as
 * it was. */
int llmmi_class_make_weighted(llmm_class *cm);
/* Creates the weighted cells that n pairs will hit (zero sums), so that adding to them
 * cannot fail afterwards. */
int llmmi_class_reserve_cells(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                              size_t n);
/* dst's weights += src's (src weighted or not); dst must be weighted. */
int llmmi_class_merge_weights(llmm_class *dst, const llmm_class *src);
/* Serialized weighted section: u32 n_cells, then per cell u32 index + exact sum. */
size_t llmmi_class_wser_size(const llmm_class *cm);
unsigned char *llmmi_class_wwrite(const llmm_class *cm, unsigned char *p);
/* Reads the section into a fresh matrix; LLMM_EFORMAT when malformed. */
int llmmi_class_wread(llmm_class *cm, const unsigned char *p, size_t len);

/* Per-label sums for the scores: weights when weighted, else counts. */
typedef struct llmmi_class_table {
    double *tp, *pred, *truth;  /* k each */
    uint64_t *n_truth;          /* k: samples whose true label is k */
    unsigned char *present;     /* k: label seen in y_true or y_pred */
    double tp_total, total;     /* sum of the diagonal, of everything */
} llmmi_class_table;

int llmmi_class_table_make(const llmm_class *cm, llmmi_class_table *t);
void llmmi_class_table_free(const llmm_class *cm, llmmi_class_table *t);

#endif
