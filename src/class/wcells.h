/* wcells.h - exact weighted confusion cells (sklearn's sample_weight): a hash map from a
 * cell index (true * K + pred) to an exact, order-independent sum of the weights
 * (core/exactsum.h), holding only the cells that were ever hit. */
#ifndef LLMMI_WCELLS_H
#define LLMMI_WCELLS_H
#include "llmm_common.h"
#include "core/exactsum.h"

typedef struct llmmi_wcells {
    uint32_t *slot;      /* cap slots: index into cell/sum + 1, 0 = empty */
    uint32_t cap;        /* power of two (0 before the first cell) */
    uint32_t n, room;    /* cells in use, cells allocated */
    uint32_t *cell;      /* room: the cell index of sum[i] */
    llmmi_exactsum *sum; /* room */
} llmmi_wcells;

void llmmi_wcells_free(llmm_allocator *a, llmmi_wcells *w);
/* The sum of a cell, created (zero) when missing; NULL when out of memory. */
llmmi_exactsum *llmmi_wcells_at(llmm_allocator *a, llmmi_wcells *w, uint32_t cell);
/* The sum of a cell, or NULL when the cell was never created. */
const llmmi_exactsum *llmmi_wcells_find(const llmmi_wcells *w, uint32_t cell);

#endif
