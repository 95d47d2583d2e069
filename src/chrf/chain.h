/* chain.h - the n-grams (orders 1..N) of one hypothesis as a trie of exact ids, for
 * counting matches against references.
 *
 * An n-gram at position i is reached from the empty n-gram (the root, node 0) by
 * one edge per symbol (code points for chrF character n-grams, word ids for chrF++
 * word n-grams). Edges are exact (prefix node, symbol) keys in an open-addressing
 * table, so equal nodes mean equal n-grams, with no hash-collision risk. Nodes are
 * built order by order; once order k-1 is complete, a prefix that occurs once in the
 * hypothesis has exactly one extension, the symbol that follows its occurrence, so
 * that extension needs no table and no storage: it is the "inline" node
 * inline_base + k * len + i of its position i, occurring once, and a reference
 * n-gram extending it is checked by comparing one symbol. In text most n-grams of
 * order 3 and more take this path.
 *
 * Node numbers: 0 = root, 1 .. hcap = the table (nodes[]), then order * len inline
 * nodes, which only have a reference count (iref[]). A table node carries its
 * hypothesis count, its count in the current reference and the position of its first
 * occurrence. A new segment clears only what the previous one used.
 */
#ifndef LLMMI_CHAIN_H
#define LLMMI_CHAIN_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

typedef struct llmmi_chain_node {
    uint64_t key;   /* 1 << 63 | prefix << 32 | symbol; 0 = empty */
    uint32_t hyp;   /* occurrences in the hypothesis */
    uint32_t ref;   /* occurrences in the current reference */
    uint32_t pos;   /* hypothesis position of its first occurrence */
    uint32_t spare;
} llmmi_chain_node;

typedef struct llmmi_chain {
    llmmi_chain_node *nodes; /* root and table */
    size_t cap;
    uint32_t *iref;          /* reference counts of the inline nodes */
    size_t iref_cap, n_iref;
    size_t mask;             /* the table is nodes[1 .. mask + 1] (a power of two) */
    unsigned shift;          /* 64 - log2(mask + 1) */
    uint32_t inline_base;    /* first inline node number */
    const uint32_t *seq;     /* the hypothesis symbols (owned by the caller) */
    size_t len, order;
    uint32_t *used;          /* table nodes filled in this segment */
    size_t n_used, used_cap;
} llmmi_chain;

void llmmi_chain_init(llmmi_chain *t);
void llmmi_chain_free(const llmm_allocator *a, llmmi_chain *t);
/* Builds the trie of every n-gram of order 1..order of seq[0..len) (seq must stay
 * valid while references are counted; ids is scratch for len entries). LLMM_OK,
 * LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_chain_build(const llmm_allocator *a, llmmi_chain *t, const uint32_t *seq, size_t len,
                      size_t order, uint32_t *ids);
/* Sets every reference count to 0. */
void llmmi_chain_clear_ref(llmmi_chain *t);

static inline uint64_t llmmi_chain_key(uint32_t prefix, uint32_t sym)
{
    return (uint64_t)1 << 63 | (uint64_t)prefix << 32 | sym;
}

/* The table node of `key`, or the empty node where it would go (linear probing). */
static inline size_t llmmi_chain_locate(const llmmi_chain *t, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> t->shift);
    uint64_t k = t->nodes[1 + h].key;
    while (k != key && k != 0) {
        h = (h + 1) & t->mask;
        k = t->nodes[1 + h].key;
    }
    return 1 + h;
}

/* The node extending `prefix` (an n-gram of order k, 0 = the root) by `sym`, or 0
 * when the hypothesis has no such n-gram. */
static inline uint32_t llmmi_chain_next(const llmmi_chain *t, uint32_t prefix, size_t k,
                                        uint32_t sym)
{
    size_t i, j;
    if (prefix >= t->inline_base) { /* inline(i, k - 1): unique, so is its extension */
        i = prefix - t->inline_base - (k - 1) * t->len;
    } else if (t->nodes[prefix].hyp == 1) { /* a unique table node */
        i = t->nodes[prefix].pos;
    } else {
        j = llmmi_chain_locate(t, llmmi_chain_key(prefix, sym));
        return t->nodes[j].key ? (uint32_t)j : 0;
    }
    if (i + k >= t->len || t->seq[i + k] != sym) return 0;
    return (uint32_t)(t->inline_base + k * t->len + i);
}

/* Counts one reference occurrence of node j (non-zero); 1 when it matches (does not
 * exceed the node's hypothesis count). */
static inline unsigned llmmi_chain_count_ref(llmmi_chain *t, uint32_t j)
{
    if (j >= t->inline_base) return ++t->iref[j - t->inline_base] <= 1;
    return ++t->nodes[j].ref <= t->nodes[j].hyp;
}

#endif
