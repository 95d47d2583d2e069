/* wcells.c - the weighted-cell map of wcells.h (open addressing, linear probing, load
 * factor at most 1/2). */
#include "wcells.h"
#include "core/alloc.h"
#include <string.h>

static uint32_t hash(uint32_t cell, uint32_t cap)
{
    return (uint32_t)(cell * UINT32_C(2654435761)) & (cap - 1);
}

void llmmi_wcells_free(llmm_allocator *a, llmmi_wcells *w)
{
    llmmi_free(a, w->slot, (size_t)w->cap * sizeof(uint32_t));
    llmmi_free(a, w->cell, (size_t)w->room * sizeof(uint32_t));
    llmmi_free(a, w->sum, (size_t)w->room * sizeof(llmmi_exactsum));
    memset(w, 0, sizeof *w);
}

const llmmi_exactsum *llmmi_wcells_find(const llmmi_wcells *w, uint32_t cell)
{
    uint32_t h;
    if (!w->cap) return NULL;
    for (h = hash(cell, w->cap); w->slot[h]; h = (h + 1) & (w->cap - 1))
        if (w->cell[w->slot[h] - 1] == cell) return &w->sum[w->slot[h] - 1];
    return NULL;
}

/* Doubles the slot table (or makes the first one) and re-inserts every cell. */
static int grow_slots(llmm_allocator *a, llmmi_wcells *w)
{
    uint32_t cap = w->cap ? w->cap * 2 : 16, i, *slot;
    slot = (uint32_t *)llmmi_calloc(a, cap, sizeof(uint32_t));
    if (!slot) return LLMM_ENOMEM;
    for (i = 0; i < w->n; i++) {
        uint32_t h = hash(w->cell[i], cap);
        while (slot[h]) h = (h + 1) & (cap - 1);
        slot[h] = i + 1;
    }
    llmmi_free(a, w->slot, (size_t)w->cap * sizeof(uint32_t));
    w->slot = slot;
    w->cap = cap;
    return LLMM_OK;
}

static int grow_cells(llmm_allocator *a, llmmi_wcells *w)
{
    uint32_t room = w->room ? w->room * 2 : 8;
    uint32_t *cell = (uint32_t *)llmmi_calloc(a, room, sizeof(uint32_t));
    llmmi_exactsum *sum = (llmmi_exactsum *)llmmi_calloc(a, room, sizeof(llmmi_exactsum));
    if (!cell || !sum) {
        llmmi_free(a, cell, (size_t)room * sizeof(uint32_t));
        llmmi_free(a, sum, (size_t)room * sizeof(llmmi_exactsum));
        return LLMM_ENOMEM;
    }
    if (w->n) {
        memcpy(cell, w->cell, (size_t)w->n * sizeof(uint32_t));
        memcpy(sum, w->sum, (size_t)w->n * sizeof(llmmi_exactsum));
    }
    llmmi_free(a, w->cell, (size_t)w->room * sizeof(uint32_t));
    llmmi_free(a, w->sum, (size_t)w->room * sizeof(llmmi_exactsum));
    w->cell = cell;
    w->sum = sum;
    w->room = room;
    return LLMM_OK;
}

llmmi_exactsum *llmmi_wcells_at(llmm_allocator *a, llmmi_wcells *w, uint32_t cell)
{
    uint32_t h;
    llmmi_exactsum *s = (llmmi_exactsum *)llmmi_wcells_find(w, cell);
    if (s) return s;
    if ((w->n + 1) * 2 > w->cap && grow_slots(a, w) != LLMM_OK) return NULL;
    if (w->n == w->room && grow_cells(a, w) != LLMM_OK) return NULL;
    h = hash(cell, w->cap);
    while (w->slot[h]) h = (h + 1) & (w->cap - 1);
    w->slot[h] = w->n + 1;
    w->cell[w->n] = cell;
    llmmi_exactsum_init(&w->sum[w->n]);
    return &w->sum[w->n++];
}
