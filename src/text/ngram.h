/* ngram.h - exact word n-gram counting for one segment (BLEU's clipped matches).
 *
 * Every distinct n-gram of the hypothesis gets a dense id: its tokens get ids
 * 0 .. V-1 (a table keyed by a hash of the code points, confirmed by comparing the
 * code points), and an n-gram of order k >= 2 is the pair (id of its first k-1
 * tokens, id of its last token), interned in a second table whose key is that pair
 * packed in one 64-bit word, so a probe compares one word and never rehashes text.
 * Ids are handed out order by order, so each order's ids form one range and the
 * counts live in plain arrays indexed by id. A reference only looks n-grams up: a
 * pair absent from the table is absent from the hypothesis, and so is every longer
 * n-gram starting at the same place, which is then dropped from the search.
 *
 * Both tables are cleared in O(1) by bumping a generation stamp and use only as many
 * slots as the segment needs (so small segments stay in L1 after a long one), and
 * every buffer is kept, so a scorer reuses them for every segment without allocating
 * once they have grown to the longest segment.
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
    /* per n-gram id: four arrays in one block of 4 * id_cap */
    uint32_t *id_block;
    size_t id_cap;
    uint32_t *hyp_count;         /* occurrences in the hypothesis */
    uint32_t *ref_max;           /* max occurrences over the references seen so far */
    uint32_t *ref_cur;           /* occurrences in the reference being counted */
    uint32_t *touched;           /* ids whose ref_cur is not 0 */
    uint32_t n_ids;
    uint32_t order_end[LLMMI_NGRAM_MAX]; /* ids of order k are [order_end[k-2], order_end[k-1]) */
    /* per position of the string being counted: three arrays in one block */
    uint32_t *work_block;
    size_t work_cap;
    uint32_t *tok;               /* token ids */
    uint32_t *gram;              /* id of the n-gram starting there, order by order */
    uint32_t *live;              /* positions whose n-gram still occurs in the hypothesis */
} llmmi_ngram_counter;

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc);
void llmmi_ngram_free(llmmi_ngram_counter *c);

/* Starts a segment with the hypothesis tokens (spans of `arena`): numbers its n-grams
 * of order 1..max_order and counts them. Returns LLMM_OK, LLMM_ENOMEM or
 * LLMM_EOVERFLOW. */
int llmmi_ngram_hyp(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok, int max_order);

/* Counts one reference's n-grams that also occur in the hypothesis and folds them
 * into ref_max (sacrebleu's per-n-gram max over references, bleu.py:363-370). The
 * arena may have moved since llmmi_ngram_hyp (offsets are kept, not pointers). */
int llmmi_ngram_ref(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok);

/* matches[k] += sum over hypothesis n-grams of order k+1 of min(hyp, ref_max). */
void llmmi_ngram_matches(const llmmi_ngram_counter *c, uint64_t *matches);

#endif
