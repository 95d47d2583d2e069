/* rouge_internal.h - the ROUGE scorer's state, shared by the files of src/rouge/.
 *
 * Texts become arrays of dense token ids (uint32_t) through a per-scorer vocabulary;
 * with use_stemmer the id is that of the token's stem. Ids are only compared within
 * one scoring call, so the vocabulary may be dropped between calls (bounded memory).
 * Per-id scratch arrays (counts, LCS match masks, postings index) are kept all-zero
 * between uses: whoever sets an entry clears it before returning.
 */
#ifndef LLMMI_ROUGE_INTERNAL_H
#define LLMMI_ROUGE_INTERNAL_H
#include "core/alloc.h"
#include "llmm_rouge.h"
#include <stddef.h>
#include <stdint.h>

/* ---- vocabulary (rouge_vocab.c) ------------------------------------------------- */
typedef struct llmmi_rouge_token {
    size_t off;             /* offset in the arena */
    uint64_t head;          /* the first (up to) 8 bytes, zero-padded: most tokens are
                               compared without reading the arena */
    uint32_t len;           /* byte length */
    uint32_t stem;          /* id of its stem, LLMMI_ROUGE_NO_STEM until computed */
} llmmi_rouge_token;

typedef struct llmmi_rouge_vocab {
    char *arena;            /* token bytes, back to back */
    size_t arena_len, arena_cap;
    llmmi_rouge_token *tok; /* per id */
    uint32_t count;
    size_t cap;             /* capacity of tok */
    uint64_t *slots;        /* open addressing: hash << 32 | (id + 1), 0 = empty */
    size_t n_slots;         /* power of two */
} llmmi_rouge_vocab;

#define LLMMI_ROUGE_NO_STEM UINT32_MAX

/* Id of the token s[0..len), inserting it if new. LLMM_OK, LLMM_ENOMEM, LLMM_EOVERFLOW. */
int llmmi_rouge_vocab_intern(llmmi_rouge_vocab *v, const llmm_allocator *a, const char *s,
                             size_t len, uint32_t *id);
/* The token cache survives between calls (stems are computed once per distinct token)
 * until it holds more than LLMMI_ROUGE_VOCAB_LIMIT tokens or arena bytes; then this
 * frees it. Returns 1 if it did. */
#define LLMMI_ROUGE_VOCAB_LIMIT ((size_t)1 << 20)
int llmmi_rouge_vocab_trim(llmmi_rouge_vocab *v, const llmm_allocator *a);
void llmmi_rouge_vocab_free(llmmi_rouge_vocab *v, const llmm_allocator *a);

/* ---- a tokenized text -------------------------------------------------------------- */
typedef struct llmmi_rouge_text {
    uint32_t *ids;          /* tokens of the whole text */
    size_t n, cap;
    size_t *sent_end;       /* rougeLsum: end (exclusive) of each non-empty sentence */
    size_t n_sent, sent_cap;
} llmmi_rouge_text;

/* ---- the scorer ---------------------------------------------------------------------- */
typedef struct llmmi_ngram_slot {
    uint32_t pos;           /* start of the n-gram in the target */
    uint32_t count_t;       /* occurrences in the target */
    uint32_t count_p;       /* occurrences in the prediction seen so far */
    uint32_t hash;
} llmmi_ngram_slot;

struct llmm_rouge {
    llmm_allocator a;
    llmm_rouge_options opts;
    llmmi_rouge_vocab vocab;
    llmmi_rouge_text pred, target;
    char *tok;              /* the token being assembled (lowercased bytes) */
    size_t tok_cap;
    uint32_t *stem_scratch; /* Porter scratch, tok_cap code points */
    size_t stem_cap;
    /* per-id scratch, `id_cap` entries each, all zero between uses; one allocation
     * (id_block) holding mask, then cnt_t, cnt_p and local */
    uint64_t *mask;
    uint32_t *cnt_t, *cnt_p, *local;
    void *id_block;
    size_t id_cap;
    /* n-gram table */
    llmmi_ngram_slot *slots;
    size_t n_slots;
    /* LCS scratch (rouge_lcs.c, rouge_lsum.c) */
    uint64_t *words;        /* rows / checkpoints of the LCS table */
    size_t words_cap;
    unsigned char *carry;   /* one carry bit per row of a word-major sweep */
    size_t carry_cap;
    /* rougeLsum scratch (rouge_lsum.c) */
    unsigned char *hit;     /* union flags, per token of the target */
    size_t hit_cap;
    unsigned char *hit_base; /* flags of the reference sentence being walked */
    uint32_t *rep_pred, *rep_target; /* per sentence: the first identical sentence */
    size_t rep_pred_cap, rep_target_cap;
    uint32_t *dedup;        /* hash slots of the sentence deduplication */
    size_t dedup_cap;
    uint32_t *post_start, *post;   /* candidate-sentence postings per local id */
    size_t post_start_cap, post_cap;
    uint32_t *sent_stamp;   /* per candidate sentence: last reference sentence visiting it */
    size_t sent_stamp_cap;
    uint32_t *lids;         /* local ids of the candidate's distinct tokens */
    size_t lids_cap;
    size_t rows_budget;     /* words of LCS rows kept per sentence pair before
                               checkpointing (LLMMI_ROUGE_ROWS_BUDGET; tests lower it) */
};

#define LLMMI_ROUGE_ROWS_BUDGET ((size_t)1 << 18)

/* rouge_tokenize.c: rouge-score's tokenizer (+ stemmer) into ids and sentences. */
int llmmi_rouge_tokenize(llmm_rouge *r, llmm_str text, llmmi_rouge_text *out);
/* Makes the per-id scratch arrays cover every id of the vocabulary (new entries zero);
 * llmmi_rouge_id_arrays_free() releases them. */
int llmmi_rouge_id_arrays(llmm_rouge *r);
void llmmi_rouge_id_arrays_free(llmm_rouge *r);

/* rouge_ngram.c: clipped n-gram overlap Σ min(count_t, count_p). */
int llmmi_rouge_ngram_overlap(llmm_rouge *r, const uint32_t *t, size_t nt, const uint32_t *p,
                              size_t np, unsigned n, size_t *overlap);

/* rouge_lcs.c: the LCS table of `rows` (one row per symbol) against `cols` (n symbols,
 * W = ceil(n/64) words per row), bit-parallel (Hyyro 2004: bit j-1 of row i is 0 iff
 * t[i][j] - t[i][j-1] = 1, so t[i][j] = zero bits of row i below bit j).
 * Computes rows i0+1..i1 of the table from row i0 (`start`, W words; NULL = row 0, all
 * ones), word by word (one match mask word per token id at a time, so memory is linear).
 * If `out` is non-NULL, row i0 + k*every is stored at out + (k-1)*W (k = 1, 2, ...).
 * *zeros (if non-NULL) receives t[i1][n]. */
int llmmi_rouge_lcs_sweep(llmm_rouge *r, const uint32_t *rows, size_t i0, size_t i1,
                          const uint32_t *cols, size_t n, const uint64_t *start, uint64_t *out,
                          size_t every, size_t *zeros);
/* LCS length of two id strings, O(ceil(na/64)*nb) word operations, linear memory. */
int llmmi_rouge_lcs_length(llmm_rouge *r, const uint32_t *a, size_t na, const uint32_t *b,
                           size_t nb, size_t *lcs);

/* rouge_lsum.c: rouge-score's _summary_level_lcs hit count (after clipping). */
int llmmi_rouge_lsum_hits(llmm_rouge *r, const llmmi_rouge_text *target,
                          const llmmi_rouge_text *pred, size_t *hits);
/* Builds the postings of the prediction's sentences (once per prediction). */
int llmmi_rouge_lsum_index(llmm_rouge *r, const llmmi_rouge_text *pred);
/* Clears what llmmi_rouge_lsum_index() left in the per-id arrays. */
void llmmi_rouge_lsum_unindex(llmm_rouge *r, const llmmi_rouge_text *pred);

/* Grow helpers over llmmi_grow(). */
int llmmi_rouge_reserve(llmm_rouge *r, void **buf, size_t *cap, size_t need, size_t elem);

/* popcount of a 64-bit word (the builtin only where it is one instruction: without
 * POPCNT, GCC calls a libgcc routine that is slower than this SWAR count) */
static inline unsigned llmmi_popcount64(uint64_t x)
{
#if defined(__POPCNT__) && (defined(__GNUC__) || defined(__clang__))
    return (unsigned)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
#endif
}

#endif
