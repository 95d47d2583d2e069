/* ngram.c - token interning and n-gram counting (see ngram.h). */
#include "ngram.h"
#include "core/alloc.h"
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc)
{
    memset(c, 0, sizeof *c);
    llmmi_alloc_init(&c->alloc, alloc);
}

void llmmi_ngram_free(llmmi_ngram_counter *c)
{
    if (!c) return;
    llmmi_free(&c->alloc, c->vocab, c->vocab_cap * sizeof *c->vocab);
    llmmi_free(&c->alloc, c->grams, c->grams_cap * sizeof *c->grams);
    llmmi_free(&c->alloc, c->used, c->used_cap * sizeof *c->used);
    llmmi_free(&c->alloc, c->touched, c->touched_cap * sizeof *c->touched);
    memset(c, 0, sizeof *c);
}

/* Smallest power of two >= 2*n (load factor <= 1/2), at least 64. */
static int table_size(size_t n, size_t *out)
{
    size_t cap = 64;
    while (cap / 2 < n) {
        if (cap > (size_t)-1 / 4) return LLMM_EOVERFLOW;
        cap *= 2;
    }
    *out = cap;
    return LLMM_OK;
}

/* Replaces a table by a zeroed one of `cap` slots when it is too small. */
static int ensure_table(const llmm_allocator *a, void **tab, size_t *cap, size_t want, size_t elem)
{
    void *p;
    if (*cap >= want) return LLMM_OK;
    p = llmmi_calloc(a, want, elem);
    if (!p) return LLMM_ENOMEM;
    llmmi_free(a, *tab, *cap * elem);
    *tab = p;
    *cap = want;
    return LLMM_OK;
}

int llmmi_ngram_begin(llmmi_ngram_counter *c, size_t max_tokens, size_t max_grams)
{
    size_t vcap, gcap;
    void *p;
    int rc;
    if ((rc = table_size(max_tokens, &vcap)) || (rc = table_size(max_grams, &gcap))) return rc;
    /* A new (zeroed) table must not see stale stamps: gen 0 never marks a slot. */
    if (vcap > c->vocab_cap || gcap > c->grams_cap || c->gen == UINT32_MAX) {
        if (c->gen == UINT32_MAX) { /* wrap: clear everything once every 2^32 segments */
            if (c->vocab) memset(c->vocab, 0, c->vocab_cap * sizeof *c->vocab);
            if (c->grams) memset(c->grams, 0, c->grams_cap * sizeof *c->grams);
            c->gen = 0;
        }
        p = c->vocab;
        if ((rc = ensure_table(&c->alloc, &p, &c->vocab_cap, vcap, sizeof *c->vocab))) return rc;
        c->vocab = (llmmi_vocab_slot *)p;
        p = c->grams;
        if ((rc = ensure_table(&c->alloc, &p, &c->grams_cap, gcap, sizeof *c->grams))) return rc;
        c->grams = (llmmi_ngram_slot *)p;
    }
    p = c->used;
    if ((rc = llmmi_grow(&c->alloc, &p, &c->used_cap, max_grams, sizeof *c->used))) return rc;
    c->used = (size_t *)p;
    p = c->touched;
    if ((rc = llmmi_grow(&c->alloc, &p, &c->touched_cap, max_grams, sizeof *c->touched))) return rc;
    c->touched = (size_t *)p;
    c->gen++;
    c->n_ids = 0;
    c->n_used = 0;
    c->ref_stamp = 0;
    return LLMM_OK;
}

int llmmi_ngram_intern(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                       const uint32_t *tok_len, size_t ntok, int insert, uint32_t *ids,
                       uint64_t *keys)
{
    size_t mask = c->vocab_cap - 1, t;
    for (t = 0; t < ntok; t++) {
        const uint32_t *tok = arena + tok_off[t];
        uint32_t len = tok_len[t];
        uint64_t h = XXH3_64bits(tok, (size_t)len * sizeof *tok);
        size_t i = (size_t)h & mask;
        for (;;) {
            llmmi_vocab_slot *s = &c->vocab[i];
            if (s->gen != c->gen) {
                if (!insert) {
                    ids[t] = LLMMI_NO_ID;
                    keys[t] = 0;
                    break;
                }
                if ((size_t)c->n_ids * 2 >= c->vocab_cap) return LLMM_EOVERFLOW;
                s->gen = c->gen;
                s->hash = h;
                s->off = tok_off[t];
                s->len = len;
                s->id = c->n_ids++;
                ids[t] = s->id;
                keys[t] = h;
                break;
            }
            if (s->hash == h && s->len == len &&
                memcmp(arena + s->off, tok, (size_t)len * sizeof *tok) == 0) {
                ids[t] = s->id;
                keys[t] = h;
                break;
            }
            i = (i + 1) & mask;
        }
    }
    return LLMM_OK;
}

/* N-gram hashes are built from the tokens' XXH3 hashes, one multiply per token:
 * h(t1..tk) = (...((SEED ^ x1) * M ^ x2) * M ... ^ xk) * M. The table index takes
 * the high bits; equal hashes are confirmed by comparing the ids. */
#define GRAM_SEED 0x243F6A8885A308D3ull
#define GRAM_MUL 0x9E3779B97F4A7C15ull
static inline uint64_t gram_step(uint64_t h, uint64_t key) { return (h ^ key) * GRAM_MUL; }

static inline int same_ids(const uint32_t *a, const uint32_t *b, int order)
{
    int k;
    for (k = 0; k < order; k++)
        if (a[k] != b[k]) return 0;
    return 1;
}

/* Finds the slot of an n-gram, or the empty slot where it would go. */
static inline llmmi_ngram_slot *find_slot(llmmi_ngram_counter *c, const uint32_t *ids, int order,
                                          uint64_t h, size_t *index)
{
    size_t mask = c->grams_cap - 1, i = (size_t)(h >> 32 ^ h) & mask;
    for (;;) {
        llmmi_ngram_slot *s = &c->grams[i];
        if (s->gen != c->gen || (s->order == (uint32_t)order && same_ids(s->ids, ids, order))) {
            *index = i;
            return s;
        }
        i = (i + 1) & mask;
    }
}

int llmmi_ngram_add_hyp(llmmi_ngram_counter *c, const uint32_t *ids, const uint64_t *keys,
                        size_t n, int max_order)
{
    size_t i, idx;
    int order;
    for (i = 0; i < n; i++) {
        uint64_t h = GRAM_SEED;
        for (order = 1; order <= max_order && i + (size_t)order <= n; order++) {
            llmmi_ngram_slot *s;
            h = gram_step(h, keys[i + (size_t)order - 1]);
            s = find_slot(c, ids + i, order, h, &idx);
            if (s->gen != c->gen) {
                if (c->n_used >= c->used_cap || c->n_used * 2 >= c->grams_cap) return LLMM_EOVERFLOW;
                s->gen = c->gen;
                s->order = (uint32_t)order;
                memcpy(s->ids, ids + i, (size_t)order * sizeof *ids);
                s->hyp_count = 0;
                s->ref_max = 0;
                s->ref_stamp = 0;
                c->used[c->n_used++] = idx;
            }
            s->hyp_count++;
        }
    }
    return LLMM_OK;
}

int llmmi_ngram_add_ref(llmmi_ngram_counter *c, const uint32_t *ids, const uint64_t *keys,
                        size_t n, int max_order)
{
    size_t i, k, idx;
    int order;
    c->ref_stamp++;
    c->n_touched = 0;
    for (i = 0; i < n; i++) {
        uint64_t h = GRAM_SEED;
        /* an n-gram with a token unknown to the hypothesis cannot match */
        for (order = 1; order <= max_order && i + (size_t)order <= n &&
                        ids[i + (size_t)order - 1] != LLMMI_NO_ID; order++) {
            llmmi_ngram_slot *s;
            h = gram_step(h, keys[i + (size_t)order - 1]);
            s = find_slot(c, ids + i, order, h, &idx);
            if (s->gen != c->gen) continue;
            if (s->ref_stamp != c->ref_stamp) {
                s->ref_stamp = c->ref_stamp;
                s->ref_cur = 0;
                c->touched[c->n_touched++] = idx;
            }
            s->ref_cur++;
        }
    }
    for (k = 0; k < c->n_touched; k++) {
        llmmi_ngram_slot *s = &c->grams[c->touched[k]];
        if (s->ref_cur > s->ref_max) s->ref_max = s->ref_cur;
    }
    return LLMM_OK;
}

void llmmi_ngram_matches(const llmmi_ngram_counter *c, uint64_t *matches)
{
    size_t k;
    for (k = 0; k < c->n_used; k++) {
        const llmmi_ngram_slot *s = &c->grams[c->used[k]];
        matches[s->order - 1] += s->hyp_count < s->ref_max ? s->hyp_count : s->ref_max;
    }
}
