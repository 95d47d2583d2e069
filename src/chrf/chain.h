/* chain.h - n-gram ids built one symbol at a time: id(g + s) = table[(id(g), s)].
 *
 * An n-gram starting at position i is identified by walking the table from the empty
 * n-gram (id 0) over its symbols (code points for chrF character n-grams, word ids
 * for chrF++ word n-grams). Keys are the exact (prefix id, symbol) pairs, so equal
 * ids mean equal n-grams, with no hash-collision risk. Ids are dense (1, 2, ...) so
 * per-n-gram counts live in plain arrays. One table serves one segment; a new
 * segment clears it in O(1) by bumping a generation stamp and keeps its memory.
 */
#ifndef LLMMI_CHAIN_H
#define LLMMI_CHAIN_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

typedef struct llmmi_chain_slot {
    uint64_t key;    /* prefix id << 32 | symbol */
    uint32_t id;
    uint32_t gen;
} llmmi_chain_slot;

typedef struct llmmi_chain {
    llmmi_chain_slot *slots;
    size_t cap;      /* allocated slots, 0 before first use */
    size_t mask;     /* the segment uses slots[0 .. mask] (a power of two) */
    unsigned shift;  /* 64 - log2(mask + 1) */
    uint32_t gen;
    uint32_t count;  /* ids handed out; the last id is `count` */
} llmmi_chain;

void llmmi_chain_init(llmmi_chain *t);
void llmmi_chain_free(const llmm_allocator *a, llmmi_chain *t);
/* Starts a segment that will insert at most `max_ids` n-grams; sizes the table so
 * that insertion never needs to grow it. LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_chain_begin(const llmm_allocator *a, llmmi_chain *t, size_t max_ids);

/* The hot loops copy the table header into a local llmmi_chain (so that stores to
 * slots and counts cannot alias it and force reloads) and write `count` back. */

static inline size_t llmmi_chain_slot_of(const llmmi_chain *t, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> t->shift);
}

/* Probing past an occupied slot of another key (the rare path). */
static inline llmmi_chain_slot *llmmi_chain_probe(const llmmi_chain *t, size_t j, uint64_t key)
{
    for (;;) {
        llmmi_chain_slot *s;
        j = (j + 1) & t->mask;
        s = &t->slots[j];
        if (s->gen != t->gen || s->key == key) return s;
    }
}

/* Id of n-gram (prefix, sym), adding it if new. The first probe is resolved
 * without a branch on hit / new, which would be unpredictable. */
static inline uint32_t llmmi_chain_insert(llmmi_chain *t, uint32_t prefix, uint32_t sym)
{
    uint64_t key = (uint64_t)prefix << 32 | sym;
    size_t j = llmmi_chain_slot_of(t, key);
    llmmi_chain_slot *s = &t->slots[j];
    uint32_t fresh;
    if (s->gen == t->gen && s->key != key) s = llmmi_chain_probe(t, j, key);
    fresh = s->gen != t->gen;
    t->count += fresh;
    s->id = fresh ? t->count : s->id;
    s->key = key;
    s->gen = t->gen;
    return s->id;
}

/* Id of n-gram (prefix, sym), or 0 when the segment has no such n-gram. */
static inline uint32_t llmmi_chain_find(const llmmi_chain *t, uint32_t prefix, uint32_t sym)
{
    uint64_t key = (uint64_t)prefix << 32 | sym;
    size_t j = llmmi_chain_slot_of(t, key);
    const llmmi_chain_slot *s = &t->slots[j];
    if (s->gen == t->gen && s->key != key) s = llmmi_chain_probe(t, j, key);
    return s->gen == t->gen ? s->id : 0;
}

#endif
