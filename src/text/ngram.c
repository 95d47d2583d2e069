/* ngram.c - n-gram numbering and clipped counting (see ngram.h). */
#include "ngram.h"
#include "core/alloc.h"
#include <string.h>

#define HASH_SEED 0x243F6A8885A308D3ull
#define HASH_MUL 0x9E3779B97F4A7C15ull
#define HASH_MUL2 0xC4CEB9FE1A85EC53ull

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc)
{
    memset(c, 0, sizeof *c);
    llmmi_alloc_init(&c->alloc, alloc);
}

void llmmi_ngram_free(llmmi_ngram_counter *c)
{
    llmm_allocator a;
    if (!c) return;
    a = c->alloc;
    llmmi_free(&a, c->vocab, c->vocab_cap * sizeof *c->vocab);
    llmmi_free(&a, c->pairs, c->pairs_cap * sizeof *c->pairs);
    llmmi_free(&a, c->tok_off, c->tok_off_cap * sizeof *c->tok_off);
    llmmi_free(&a, c->tok_len, c->tok_len_cap * sizeof *c->tok_len);
    llmmi_free(&a, c->id_block, c->id_cap * 4 * sizeof *c->id_block);
    llmmi_free(&a, c->work_block, c->work_cap * 3 * sizeof *c->work_block);
    llmmi_ngram_init(c, &a);
}

/* Makes *buf hold at least n items of `elem` bytes (doubling), without keeping its
 * contents: buffers are only grown when a segment or reference starts. With `zero`
 * the new buffer is zeroed (a zeroed table slot is never live: gen 0 is never the
 * counter's gen). */
static int reserve(const llmm_allocator *a, void **buf, size_t *cap, size_t n, size_t elem,
                   int zero)
{
    size_t want = *cap ? *cap : 64, bytes;
    void *p;
    if (n <= *cap) return LLMM_OK;
    while (want < n) {
        if (want > (size_t)-1 / 2) return LLMM_EOVERFLOW;
        want *= 2;
    }
    if (!llmmi_mul_ok(want, elem, &bytes)) return LLMM_EOVERFLOW;
    p = zero ? llmmi_calloc(a, want, elem) : llmmi_malloc(a, bytes);
    if (!p) return LLMM_ENOMEM;
    llmmi_free(a, *buf, *cap * elem);
    *buf = p;
    *cap = want;
    return LLMM_OK;
}

/* Room for n positions in the work arrays (never empty, so the arrays are never NULL). */
static int reserve_work(llmmi_ngram_counter *c, size_t n)
{
    void *p = c->work_block;
    int rc = reserve(&c->alloc, &p, &c->work_cap, n + 1, 3 * sizeof *c->work_block, 0);
    c->work_block = (uint32_t *)p;
    if (rc) return rc;
    c->tok = c->work_block;
    c->gram = c->tok + c->work_cap;
    c->live = c->gram + c->work_cap;
    return LLMM_OK;
}

/* Number of address bits of a table holding n entries at load factor <= 1/2 (at
 * least 64 slots), as the shift that maps a 64-bit hash to a slot. */
static int table_shift(size_t n, unsigned *shift)
{
    unsigned b = 6;
    while (((size_t)1 << b) / 2 < n) {
        if (b + 2 >= sizeof(size_t) * 8) return LLMM_EOVERFLOW;
        b++;
    }
    *shift = 64 - b;
    return LLMM_OK;
}

/* Sizes everything for a hypothesis of n tokens and starts a new generation. */
static int prepare(llmmi_ngram_counter *c, size_t n, int max_order)
{
    size_t max_ids;
    unsigned vs, ps;
    void *p;
    int rc;
    /* ids (and positions) stay below LLMMI_NO_ID */
    if (n >= UINT32_MAX / LLMMI_NGRAM_MAX) return LLMM_EOVERFLOW;
    max_ids = n * (size_t)max_order;
    if ((rc = table_shift(n, &vs)) || (rc = table_shift(max_ids - n, &ps))) return rc;
    if (c->gen == UINT32_MAX) { /* wrap: clear everything once every 2^32 segments */
        if (c->vocab) memset(c->vocab, 0, c->vocab_cap * sizeof *c->vocab);
        if (c->pairs) memset(c->pairs, 0, c->pairs_cap * sizeof *c->pairs);
        c->gen = 0;
    }
    p = c->vocab;
    rc = reserve(&c->alloc, &p, &c->vocab_cap, (size_t)1 << (64 - vs), sizeof *c->vocab, 1);
    c->vocab = (llmmi_vocab_slot *)p;
    if (rc) return rc;
    p = c->pairs;
    rc = reserve(&c->alloc, &p, &c->pairs_cap, (size_t)1 << (64 - ps), sizeof *c->pairs, 1);
    c->pairs = (llmmi_pair_slot *)p;
    if (rc) return rc;
    p = c->tok_off;
    rc = reserve(&c->alloc, &p, &c->tok_off_cap, n + 1, sizeof *c->tok_off, 0);
    c->tok_off = (size_t *)p;
    if (rc) return rc;
    p = c->tok_len;
    rc = reserve(&c->alloc, &p, &c->tok_len_cap, n + 1, sizeof *c->tok_len, 0);
    c->tok_len = (uint32_t *)p;
    if (rc) return rc;
    p = c->id_block;
    rc = reserve(&c->alloc, &p, &c->id_cap, max_ids + 1, 4 * sizeof *c->id_block, 0);
    c->id_block = (uint32_t *)p;
    if (rc) return rc;
    c->hyp_count = c->id_block;
    c->ref_max = c->hyp_count + c->id_cap;
    c->ref_cur = c->ref_max + c->id_cap;
    c->touched = c->ref_cur + c->id_cap;
    if ((rc = reserve_work(c, n)) != LLMM_OK) return rc;
    c->gen++;
    c->vocab_shift = vs;
    c->pairs_shift = ps;
    c->max_order = max_order;
    c->n_ids = 0;
    memset(c->order_end, 0, sizeof c->order_end);
    return LLMM_OK;
}

/* Hash of a token's code points, two at a time (tokens are short: an inline
 * multiply-xor fold is cheaper than a library call; equality is always confirmed by
 * comparing the code points). The high bits, which pick the slot, depend on all. */
static inline uint64_t word_hash(const uint32_t *w, uint32_t len)
{
    uint64_t h = HASH_SEED ^ len, x;
    uint32_t i;
    for (i = 0; i + 2 <= len; i += 2) {
        memcpy(&x, w + i, sizeof x);
        h = (h ^ x) * HASH_MUL;
        h ^= h >> 32;
    }
    if (i < len) h = (h ^ w[i]) * HASH_MUL;
    return (h ^ h >> 29) * HASH_MUL2;
}

static inline int same_word(const uint32_t *a, const uint32_t *b, uint32_t len)
{
    uint32_t i;
    for (i = 0; i < len; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The slot of token w, or the empty slot where it would go. */
static inline llmmi_vocab_slot *vocab_find(const llmmi_ngram_counter *c, const uint32_t *arena,
                                           const uint32_t *w, uint32_t len, uint64_t h)
{
    size_t mask = ((size_t)1 << (64 - c->vocab_shift)) - 1, i = (size_t)(h >> c->vocab_shift);
    for (;;) {
        llmmi_vocab_slot *s = &c->vocab[i];
        if (s->gen != c->gen) return s;
        if (s->hash == h && c->tok_len[s->id] == len && same_word(arena + c->tok_off[s->id], w, len))
            return s;
        i = (i + 1) & mask;
    }
}

/* The slot of an n-gram (prefix id, last token id) packed in `key`, or the empty slot
 * where it would go (Fibonacci hashing: the high bits of key * odd constant). */
static inline llmmi_pair_slot *pair_find(const llmmi_ngram_counter *c, uint64_t key)
{
    size_t mask = ((size_t)1 << (64 - c->pairs_shift)) - 1;
    size_t i = (size_t)((key * HASH_MUL) >> c->pairs_shift);
    for (;;) {
        llmmi_pair_slot *s = &c->pairs[i];
        if (s->gen != c->gen || s->key == key) return s;
        i = (i + 1) & mask;
    }
}

static inline uint32_t new_id(llmmi_ngram_counter *c)
{
    uint32_t id = c->n_ids++;
    c->hyp_count[id] = 0;
    c->ref_max[id] = 0;
    c->ref_cur[id] = 0;
    return id;
}

int llmmi_ngram_hyp(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok, int max_order)
{
    size_t t, i, k;
    int rc;
    if ((rc = prepare(c, ntok, max_order)) != LLMM_OK) return rc;
    for (t = 0; t < ntok; t++) {
        const uint32_t *w = arena + tok_off[t];
        uint32_t len = tok_len[t];
        uint64_t h = word_hash(w, len);
        llmmi_vocab_slot *s = vocab_find(c, arena, w, len, h);
        if (s->gen != c->gen) {
            s->gen = c->gen;
            s->hash = h;
            s->id = new_id(c);
            c->tok_off[s->id] = tok_off[t];
            c->tok_len[s->id] = len;
        }
        c->hyp_count[s->id]++;
        c->tok[t] = c->gram[t] = s->id;
    }
    c->order_end[0] = c->n_ids;
    /* order k from order k-1: gram[i] becomes the id of (gram[i], tok[i+k-1]) */
    for (k = 2; k <= (size_t)max_order; k++) {
        for (i = 0; i + k <= ntok; i++) {
            uint64_t key = (uint64_t)c->gram[i] << 32 | c->tok[i + k - 1];
            llmmi_pair_slot *s = pair_find(c, key);
            if (s->gen != c->gen) {
                s->gen = c->gen;
                s->key = key;
                s->id = new_id(c);
            }
            c->hyp_count[s->id]++;
            c->gram[i] = s->id;
        }
        c->order_end[k - 1] = c->n_ids;
    }
    return LLMM_OK;
}

int llmmi_ngram_ref(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok)
{
    size_t t, j, k, n_live = 0, n_touched = 0;
    int rc;
    if (ntok >= UINT32_MAX) return LLMM_EOVERFLOW;
    if ((rc = reserve_work(c, ntok)) != LLMM_OK) return rc;
    for (t = 0; t < ntok; t++) {
        const uint32_t *w = arena + tok_off[t];
        uint32_t len = tok_len[t], id;
        llmmi_vocab_slot *s = vocab_find(c, arena, w, len, word_hash(w, len));
        if (s->gen != c->gen) { /* not in the hypothesis: no n-gram through it matches */
            c->tok[t] = LLMMI_NO_ID;
            continue;
        }
        id = s->id;
        c->tok[t] = c->gram[t] = id;
        c->live[n_live++] = (uint32_t)t;
        if (c->ref_cur[id]++ == 0) c->touched[n_touched++] = id;
    }
    /* Only n-grams whose prefix occurs in the hypothesis are looked up. */
    for (k = 2; k <= (size_t)c->max_order && n_live > 0; k++) {
        size_t kept = 0;
        for (j = 0; j < n_live; j++) {
            size_t p = c->live[j];
            uint32_t last, id;
            llmmi_pair_slot *s;
            if (p + k > ntok) break; /* positions ascend: the rest end past the string */
            if ((last = c->tok[p + k - 1]) == LLMMI_NO_ID) continue;
            s = pair_find(c, (uint64_t)c->gram[p] << 32 | last);
            if (s->gen != c->gen) continue;
            id = s->id;
            c->gram[p] = id;
            c->live[kept++] = (uint32_t)p;
            if (c->ref_cur[id]++ == 0) c->touched[n_touched++] = id;
        }
        n_live = kept;
    }
    for (j = 0; j < n_touched; j++) {
        uint32_t id = c->touched[j];
        if (c->ref_cur[id] > c->ref_max[id]) c->ref_max[id] = c->ref_cur[id];
        c->ref_cur[id] = 0;
    }
    return LLMM_OK;
}

void llmmi_ngram_matches(const llmmi_ngram_counter *c, uint64_t *matches)
{
    uint32_t id = 0;
    int k;
    for (k = 0; k < c->max_order; k++) {
        uint64_t m = 0;
        for (; id < c->order_end[k]; id++)
            m += c->hyp_count[id] < c->ref_max[id] ? c->hyp_count[id] : c->ref_max[id];
        matches[k] += m;
    }
}
