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
 * A segment starts with llmmi_gramtab_begin(), which sizes the table for it (so it
 * stays L1-resident for sentence-length segments) and empties it by changing the
 * key tag; nothing is allocated once the buffers have grown.
 */
#ifndef LLMMI_GRAMTAB_H
#define LLMMI_GRAMTAB_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_GRAM_ROOT 0x0FFFFFFFu /* the empty n-gram (no slot has this number) */
#define LLMMI_GRAM_NONE 0x0FFFFFFFu /* a symbol no n-gram has (symbols are < 2^28) */
#define LLMMI_GRAM_MAX_ORDER 16     /* largest order of llmmi_gramtab_build() */

/* A key is tag << 56 | parent << 28 | symbol, parents and symbols (code points,
 * word ids) below 2^28. The tag (1..255) changes with each segment, so a slot whose
 * tag differs is empty: a new segment needs no clearing, except when the tags wrap
 * around (every 255 segments). */
#define LLMMI_GRAM_TAG_SHIFT 56

typedef struct llmmi_gramtab {
    uint64_t *key;   /* key[0 .. mask] */
    uint64_t *cnt;   /* hypothesis count (low 32 bits) | reference count (high 32) */
    uint32_t *pos;   /* a hypothesis position of the n-gram (its only one if unique) */
    size_t cap;      /* allocated slots */
    size_t mask;     /* slots - 1 (a power of two, at most 2^27) */
    uint64_t tag;    /* this segment's tag << LLMMI_GRAM_TAG_SHIFT */
    size_t dirty;    /* slots [0, dirty) may hold tags of earlier segments */
    uint32_t *at, *node; /* scratch of the build: positions and their nodes */
    size_t scratch_cap;
    const uint32_t *seq; /* the hypothesis (owned by the caller) */
    size_t len;
    size_t order;
} llmmi_gramtab;

void llmmi_gramtab_init(llmmi_gramtab *t);
void llmmi_gramtab_free(const llmm_allocator *a, llmmi_gramtab *t);
/* Empties the table and sizes it for up to max_nodes nodes. LLMM_OK, LLMM_ENOMEM or
 * LLMM_EOVERFLOW (max_nodes >= 2^26: node numbers must stay below LLMMI_GRAM_ROOT). */
int llmmi_gramtab_begin(const llmm_allocator *a, llmmi_gramtab *t, size_t max_nodes);

/* Builds the trie of the n-grams of order 1..order (<= LLMMI_GRAM_MAX_ORDER) of
 * seq[0..len), which must stay valid while references are counted. LLMM_OK,
 * LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_gramtab_build(const llmm_allocator *a, llmmi_gramtab *t, const uint32_t *seq,
                        size_t len, size_t order);
/* match[k] += sum over the n-grams g of order k+1 of seq[0..len) of
 * min(hyp(g), ref(g)). `first` is 1 for the first reference of a segment (else the
 * previous reference's counts are cleared first). */
void llmmi_gramtab_count(llmmi_gramtab *t, const uint32_t *seq, size_t len, int first,
                         uint64_t *match);

/* The key of the child of node `parent` by `sym` in a segment tagged `tag`. */
static inline uint64_t llmmi_gram_key(uint64_t tag, uint32_t parent, uint32_t sym)
{
    return tag | (uint64_t)parent << 28 | sym;
}

/* The slot holding key k in key[0 .. mask], or the empty slot where it would go
 * (hot loops keep the table's fields in locals: their stores would otherwise make
 * the compiler reload them). With d = key[h] ^ k, d == 0 is k and d >= 2^56 an
 * empty slot (another tag): both are d - 1 >= 2^56 - 1, one branch, usually not
 * taken, for a test whose outcome is data-dependent. */
static inline size_t llmmi_gram_slot(const uint64_t *key, size_t mask, uint64_t k)
{
    const uint64_t live = ((uint64_t)1 << LLMMI_GRAM_TAG_SHIFT) - 1;
    /* bits 28.. of a multiplicative hash: parents (key bits 28..55) map one-to-one
     * onto them, symbols are mixed in */
    size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 28) & mask;
    while ((key[h] ^ k) - 1 < live) h = (h + 1) & mask;
    return h;
}

#endif
