/* ngram.h - exact word n-gram counting for one segment.
 *
 * Tokens are interned to dense ids (XXH3 of the code points, confirmed by comparing
 * the code points), n-grams of up to LLMMI_NGRAM_MAX ids are counted in an
 * open-addressing table keyed by (order, ids) (a hash built from the tokens' XXH3
 * hashes, confirmed by comparing the ids). Both tables are cleared in O(1) by bumping a generation
 * stamp, so a scorer reuses them for every segment without allocating.
 */
#ifndef LLMMI_NGRAM_H
#define LLMMI_NGRAM_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_NGRAM_MAX 4
#define LLMMI_NO_ID UINT32_MAX

typedef struct llmmi_vocab_slot {
    uint64_t hash;
    size_t off;     /* token's code points in the caller's arena */
    uint32_t len;
    uint32_t id;
    uint32_t gen;
} llmmi_vocab_slot;

typedef struct llmmi_ngram_slot {
    uint32_t ids[LLMMI_NGRAM_MAX];
    uint32_t order;
    uint32_t gen;
    uint32_t hyp_count;   /* occurrences in the hypothesis */
    uint32_t ref_max;     /* max occurrences over references seen so far */
    uint32_t ref_cur;     /* occurrences in the reference being counted */
    uint32_t ref_stamp;   /* which reference ref_cur belongs to */
} llmmi_ngram_slot;

typedef struct llmmi_ngram_counter {
    llmm_allocator alloc;
    llmmi_vocab_slot *vocab;
    size_t vocab_cap;          /* power of two */
    uint32_t n_ids;
    llmmi_ngram_slot *grams;
    size_t grams_cap;          /* power of two */
    size_t *used;              /* slots holding hypothesis n-grams */
    size_t n_used, used_cap;
    size_t *touched;           /* slots hit by the current reference */
    size_t n_touched, touched_cap;
    uint32_t gen;
    uint32_t ref_stamp;
} llmmi_ngram_counter;

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc);
void llmmi_ngram_free(llmmi_ngram_counter *c);

/* Starts a segment; `max_tokens` bounds the hypothesis tokens and `max_grams`
 * the hypothesis n-grams it will add (tables are sized for them). */
int llmmi_ngram_begin(llmmi_ngram_counter *c, size_t max_tokens, size_t max_grams);

/* Maps tokens (spans of arena) to ids, and to keys (their XXH3 hashes, from which
 * n-gram hashes are built). With `insert`, unknown tokens get new ids;
 * otherwise they get LLMMI_NO_ID (a reference token absent from the hypothesis
 * can never be part of a matching n-gram). */
int llmmi_ngram_intern(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                       const uint32_t *tok_len, size_t ntok, int insert, uint32_t *ids,
                       uint64_t *keys);

/* Counts every n-gram of order 1..max_order of the hypothesis ids. */
int llmmi_ngram_add_hyp(llmmi_ngram_counter *c, const uint32_t *ids, const uint64_t *keys,
                        size_t n, int max_order);

/* Counts one reference's n-grams that also occur in the hypothesis and folds them
 * into ref_max (sacrebleu's per-n-gram max over references, bleu.py:363-370). */
int llmmi_ngram_add_ref(llmmi_ngram_counter *c, const uint32_t *ids, const uint64_t *keys,
                        size_t n, int max_order);

/* matches[k] += sum over hypothesis n-grams of order k+1 of min(hyp, ref_max). */
void llmmi_ngram_matches(const llmmi_ngram_counter *c, uint64_t *matches);

#endif
