/* chain.c - sizing and clearing of the n-gram id table (see chain.h). */
#include "chrf/chain.h"

#include "core/alloc.h"
#include <string.h>

void llmmi_chain_init(llmmi_chain *t) { memset(t, 0, sizeof *t); }

void llmmi_chain_free(const llmm_allocator *a, llmmi_chain *t)
{
    llmmi_free(a, t->slots, t->cap * sizeof *t->slots);
    llmmi_chain_init(t);
}

int llmmi_chain_begin(const llmm_allocator *a, llmmi_chain *t, size_t max_ids)
{
    size_t want = 64;
    unsigned bits = 6;
    t->count = 0;
    if (max_ids >= UINT32_MAX / 2) return LLMM_EOVERFLOW;
    while (want < 2 * max_ids + 2) { /* load factor <= 1/2: probes stay short */
        want *= 2;
        bits++;
    }
    if (want > t->cap) {
        size_t bytes;
        llmmi_chain_slot *ns;
        if (!llmmi_mul_ok(want, sizeof *ns, &bytes)) return LLMM_EOVERFLOW;
        ns = (llmmi_chain_slot *)llmmi_calloc(a, want, sizeof *ns);
        if (!ns) return LLMM_ENOMEM;
        llmmi_free(a, t->slots, t->cap * sizeof *t->slots);
        t->slots = ns;
        t->cap = want;
        t->gen = 0;
    }
    /* a small segment after a big one probes only the start of the table */
    t->mask = want - 1;
    t->shift = 64 - bits;
    if (++t->gen == 0) {
        memset(t->slots, 0, t->cap * sizeof *t->slots);
        t->gen = 1;
    }
    return LLMM_OK;
}
