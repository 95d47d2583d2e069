/* ngram.h - exact word n-gram counting for one segment (BLEU's clipped matches).
 *
 * Every n-gram gets a dense id: the hypothesis tokens get ids 0 .. V-1 (a table keyed
 * by a hash of the code points, confirmed by comparing them), and an n-gram of order
 * k >= 2 is the pair (id of its first k-1 tokens, id of its last token), interned in
 * a second table whose key is that pair packed in one 64-bit word: a probe compares
 * one word and no text is hashed twice. Counts live in arrays indexed by id.
 *
 * The orders are counted one after the other, over the hypothesis and every
 * reference, and only where a match is still possible: a k-gram of the hypothesis can
 * match only if both of its (k-1)-grams occur in some reference, and a k-gram of a
 * reference only if its first k-1 tokens form an n-gram of the hypothesis (it is
 * found in the table or not at all). Every other n-gram has a clipped count of 0, so
 * it is never numbered. Since that test depends only on an n-gram's tokens, all the
 * occurrences of a numbered n-gram are counted, and the sums are exact.
 *
 * Both tables are cleared in O(1) by bumping a generation stamp and use only as many
 * slots as the segment needs (small segments stay in L1 after a long one), and every
 * buffer is kept, so a scorer reuses them for every segment without allocating once
 * they have grown to the longest segment.
 */
#ifndef LLMMI_NGRAM_H
#define LLMMI_NGRAM_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_NGRAM_MAX 4
#define LLMMI_NO_ID UINT32_MAX

typedef struct llmmi_vocab_slot {
    uint64_t hash;  /* hash of the token's code points */
    uint32_t id;
    uint32_t gen;   /* live when equal to the counter's gen */
} llmmi_vocab_slot;

typedef struct llmmi_pair_slot {
    uint64_t key;   /* id of the (k-1)-gram prefix << 32 | id of the last token */
    uint32_t id;
    uint32_t gen;
} llmmi_pair_slot;

/* A token sequence being counted order by order: per position its token id (or
 * LLMMI_NO_ID) and the id of the n-gram of the current order starting there, and the
 * ascending positions where that n-gram is numbered. */
typedef struct llmmi_ngram_seq {
    uint32_t *tok, *gram, *live;
    size_t cap;                  /* positions the three arrays hold */
    size_t n, n_live;
} llmmi_ngram_seq;

typedef struct llmmi_ngram_counter {
    llmm_allocator alloc;
    uint32_t gen;
    int max_order;
    llmmi_vocab_slot *vocab;
    size_t vocab_cap;            /* allocated slots (power of two) */
    unsigned vocab_shift;        /* this segment uses 2^(64 - shift) slots */
    llmmi_pair_slot *pairs;
    size_t pairs_cap;
    unsigned pairs_shift;
    /* per token id: its code points in the caller's arena */
    size_t *tok_off;
    size_t tok_off_cap;
    uint32_t *tok_len;
    size_t tok_len_cap;
    /* per n-gram id (and the two ids after the last possible one, dead_id and sink_id):
     * four arrays in one block of 4 * id_cap */
    uint32_t *id_block;
    size_t id_cap;
    uint32_t *hyp_count;         /* occurrences in the hypothesis */
    uint32_t *ref_max;           /* max occurrences over the references seen so far */
    uint32_t *ref_cur;           /* occurrences in reference number ref_stamp */
    uint32_t *ref_stamp;
    uint32_t n_ids;
    uint32_t dead_id;            /* marks dropped hypothesis positions: ref_max stays 0 */
    uint32_t sink_id;            /* where references count what is not found */
    uint32_t order_end[LLMMI_NGRAM_MAX]; /* ids of order k are [order_end[k-2], order_end[k-1]) */
    llmmi_ngram_seq hyp;
    llmmi_ngram_seq refs;        /* the references back to back, each followed by LLMMI_NO_ID */
    uint32_t *ref_end;           /* position of each reference's terminator in refs */
    size_t ref_end_cap;
    uint32_t n_refs;
} llmmi_ngram_counter;

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc);
void llmmi_ngram_free(llmmi_ngram_counter *c);

/* Starts a segment with the hypothesis tokens (spans of `arena`, each of at least one
 * code point, as str.split() gives them): numbers and counts its tokens. Returns
 * LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_ngram_hyp(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok, int max_order);

/* Adds a reference: counts its tokens that occur in the hypothesis and keeps them for
 * the longer n-grams. The arena may have moved since llmmi_ngram_hyp (offsets are
 * kept, not pointers). Returns LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_ngram_ref(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok);

/* Counts the n-grams of order 2..max_order and adds to matches[k] the sum over the
 * hypothesis n-grams of order k+1 of min(count in the hypothesis, max count in a
 * reference) (sacrebleu bleu.py:363-370, 386-392). Ends the segment. */
void llmmi_ngram_matches(llmmi_ngram_counter *c, uint64_t *matches);

#endif
