/* gramtab.h - the n-grams (orders 1..N) of one hypothesis as a trie of exact nodes,
 * and the matches of a reference against them, for chrF (CHRF._get_match_statistics,
 * sacrebleu/metrics/chrf.py:106-129).
 *
 * A node is a slot of an open-addressing table (linear probing, load <= 1/2) keyed
 * by the exact pair (parent node, symbol): the n-gram s[0..n) is the child of
 * s[0..n-1) by s[n-1], and order-1 n-grams are children of LLMMI_GRAM_ROOT. Equal
 * nodes therefore mean equal n-grams, with no hash collision to verify. Symbols are
 * code points (character n-grams, or the letters of words) or word ids (word
 * n-grams).
 *
 * Unique n-grams end the trie: once an n-gram occurs once in the hypothesis, so
 * does each of its extensions, which therefore need no node: they are the
 * hypothesis symbols after its only occurrence (pos[]), and a reference reaching it
 * just compares symbols. In text, most n-grams of order 3 and more are of this kind.
 *
 * A segment starts with llmmi_gramtab_begin(), which empties only the slots the
 * previous segment used, so the table stays as small as the segment needs
 * (L1-resident for sentence-length segments) and nothing is allocated once it has
 * grown.
 */
#ifndef LLMMI_GRAMTAB_H
#define LLMMI_GRAMTAB_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_GRAM_ROOT 0x7FFFFFFFu /* the empty n-gram (no slot has this number) */
#define LLMMI_GRAM_NONE 0xFFFFFFFFu /* "no such node" */
#define LLMMI_GRAM_EMPTY UINT64_MAX /* key of an empty slot (parents are < 2^31) */
#define LLMMI_GRAM_MAX_ORDER 16     /* largest order of llmmi_gramtab_build() */

typedef struct llmmi_gramtab {
    uint64_t *key;   /* key[0 .. mask]: parent << 32 | symbol, or LLMMI_GRAM_EMPTY */
    uint64_t *cnt;   /* hypothesis count (low 32 bits) | reference count (high 32) */
    uint32_t *pos;   /* hypothesis position of the first occurrence */
    size_t cap;      /* allocated slots */
    size_t mask;
    unsigned shift;  /* 64 - log2(mask + 1) */
    uint32_t *used;  /* slots filled in this segment */
    size_t n_used;
    uint32_t *at, *node; /* scratch of the build: positions and their nodes */
    size_t scratch_cap;
    const uint32_t *seq; /* the hypothesis (owned by the caller) */
    size_t len;
    size_t order;
} llmmi_gramtab;

void llmmi_gramtab_init(llmmi_gramtab *t);
void llmmi_gramtab_free(const llmm_allocator *a, llmmi_gramtab *t);
/* Empties the table and sizes it for up to max_nodes nodes (and scratch for
 * max_nodes positions). LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW (max_nodes >= 2^27:
 * node numbers must stay below LLMMI_GRAM_ROOT). */
int llmmi_gramtab_begin(const llmm_allocator *a, llmmi_gramtab *t, size_t max_nodes);

/* Builds the trie of the n-grams of order 1..order (<= LLMMI_GRAM_MAX_ORDER) of
 * seq[0..len), which must stay valid while references are counted. LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_gramtab_build(const llmm_allocator *a, llmmi_gramtab *t, const uint32_t *seq,
                        size_t len, size_t order);
/* match[k] += sum over the n-grams g of order k+1 of seq[0..len) of
 * min(hyp(g), ref(g)). `first` is 0 for the first reference of a segment, else 1
 * (the previous reference's counts are then cleared). */
void llmmi_gramtab_count(llmmi_gramtab *t, const uint32_t *seq, size_t len, int first,
                         uint64_t *match);

/* The key of the child of node `parent` by `sym`. */
static inline uint64_t llmmi_gram_key(uint32_t parent, uint32_t sym)
{
    return (uint64_t)parent << 32 | sym;
}

/* The slot holding `key` in key[0 .. mask], or the empty slot where it would go
 * (hot loops keep the table's fields in locals: their stores would otherwise make
 * the compiler reload them). */
static inline size_t llmmi_gram_slot(const uint64_t *key, size_t mask, unsigned shift,
                                     uint64_t k)
{
    size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> shift);
    uint64_t a, b;
    /* stop at key k or at an empty slot (~key == 0), tested as one value so that
     * there is one branch, usually not taken: whether k is there is data-dependent */
    for (;;) {
        a = key[h] ^ k;
        b = ~key[h];
        if ((a < b ? a : b) == 0) return h;
        h = (h + 1) & mask;
    }
}

#endif
