/* ngram_count.c - numbering and counting n-grams order by order (see ngram.h).
 *
 * The hot loops copy the counter's fields into locals first: they store through
 * uint32_t pointers, which the compiler must otherwise assume may change the
 * counter's own uint32_t fields, reloading them after every store. */
#include "ngram_internal.h"
#include "core/alloc.h"
#include <string.h>
#define XXH_INLINE_ALL /* the short-input paths inline into the token loop */
#include <xxhash.h>

#define HASH_SEED 0x243F6A8885A308D3ull
#define HASH_MUL 0x9E3779B97F4A7C15ull
#define HASH_MUL2 0xC4CEB9FE1A85EC53ull

/* Hash of a token: XXH3 over all its code points, so no input can make many tokens
 * of one segment collide (a hash of a few fixed positions could be flooded by words
 * that differ only in the middle, making interning quadratic). */
static inline uint64_t word_hash(const uint32_t *w, uint32_t len)
{
    return XXH3_64bits(w, (size_t)len * sizeof *w);
}

static inline int same_word(const uint32_t *a, const uint32_t *b, uint32_t len)
{
    return memcmp(a, b, (size_t)len * sizeof *a) == 0;
}

/* Read-only view of the tables for the hot loops (see the note at the top). */
typedef struct tables {
    llmmi_vocab_slot *vocab;
    llmmi_pair_slot *pairs;
    const size_t *tok_off;
    const uint32_t *tok_len;
    size_t vocab_mask, pairs_mask;
    unsigned vocab_shift, pairs_shift;
    uint32_t gen;
} tables;

static inline tables tables_of(const llmmi_ngram_counter *c)
{
    tables t;
    t.vocab = c->vocab;
    t.pairs = c->pairs;
    t.tok_off = c->tok_off;
    t.tok_len = c->tok_len;
    t.vocab_shift = c->vocab_shift;
    t.pairs_shift = c->pairs_shift;
    t.vocab_mask = ((size_t)1 << (64 - t.vocab_shift)) - 1;
    t.pairs_mask = ((size_t)1 << (64 - t.pairs_shift)) - 1;
    t.gen = c->gen;
    return t;
}

/* The slot of token w, or the empty slot where it would go. */
static inline llmmi_vocab_slot *vocab_find(const tables *t, const uint32_t *arena,
                                           const uint32_t *w, uint32_t len, uint64_t h)
{
    size_t i = (size_t)(h >> t->vocab_shift);
    for (;;) {
        llmmi_vocab_slot *s = &t->vocab[i];
        if (s->gen != t->gen) return s;
        if (s->hash == h && t->tok_len[s->id] == len && same_word(arena + t->tok_off[s->id], w, len))
            return s;
        i = (i + 1) & t->vocab_mask;
    }
}

/* The slot of an n-gram (prefix id, last token id) packed in `key`, or the empty slot
 * where it would go (Fibonacci hashing: the high bits of key * odd constant). */
static inline llmmi_pair_slot *pair_find(const tables *t, uint64_t key)
{
    size_t i = (size_t)((key * HASH_MUL) >> t->pairs_shift);
    for (;;) {
        llmmi_pair_slot *s = &t->pairs[i];
        if (s->gen != t->gen || s->key == key) return s;
        i = (i + 1) & t->pairs_mask;
    }
}

/* A new id with no occurrence anywhere yet (references are numbered from 1). */
static inline uint32_t new_id(llmmi_ngram_counter *c, uint32_t *n_ids)
{
    uint32_t id = (*n_ids)++;
    c->hyp_count[id] = 0;
    c->ref_max[id] = 0;
    c->ref_stamp[id] = 0;
    return id;
}

/* One more occurrence of `id` in reference number r: its count in r, folded into the
 * max over references as it goes. */
static inline void ref_count(uint32_t *cur, uint32_t *stamp, uint32_t *max, uint32_t id,
                             uint32_t r)
{
    uint32_t n = stamp[id] == r ? cur[id] + 1 : 1;
    stamp[id] = r;
    cur[id] = n;
    max[id] = n > max[id] ? n : max[id];
}

int llmmi_ngram_hyp(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok, int max_order)
{
    tables t;
    uint32_t n_ids = 0, *tok, *gram, *live, *cnt;
    size_t i;
    int rc;
    if ((rc = llmmi_ngram_prepare(c, ntok, max_order)) != LLMM_OK) return rc;
    t = tables_of(c);
    tok = c->hyp.tok;
    gram = c->hyp.gram;
    live = c->hyp.live;
    cnt = c->hyp_count;
    for (i = 0; i < ntok; i++) {
        const uint32_t *w = arena + tok_off[i];
        uint32_t len = tok_len[i];
        uint64_t h = word_hash(w, len);
        llmmi_vocab_slot *s = vocab_find(&t, arena, w, len, h);
        if (s->gen != t.gen) {
            s->gen = t.gen;
            s->hash = h;
            s->id = new_id(c, &n_ids);
            c->tok_off[s->id] = tok_off[i];
            c->tok_len[s->id] = len;
        }
        cnt[s->id]++;
        tok[i] = gram[i] = s->id;
        live[i] = (uint32_t)i;
    }
    c->hyp.n = c->hyp.n_live = ntok;
    c->n_ids = n_ids;
    c->order_end[0] = n_ids;
    return LLMM_OK;
}

int llmmi_ngram_ref(llmmi_ngram_counter *c, const uint32_t *arena, const size_t *tok_off,
                    const uint32_t *tok_len, size_t ntok)
{
    llmmi_ngram_seq *q = &c->refs;
    tables t;
    uint32_t r, *tok, *gram, *live, *cur = c->ref_cur, *stamp = c->ref_stamp, *max = c->ref_max;
    uint32_t sink = c->sink_id;
    size_t i, pos, n_live;
    void *p;
    int rc;
    if (c->n_refs >= UINT32_MAX - 1 || ntok >= (size_t)UINT32_MAX - 1 - q->n) return LLMM_EOVERFLOW;
    if ((rc = llmmi_ngram_seq_reserve(&c->alloc, q, q->n + ntok + 1)) != LLMM_OK) return rc;
    p = c->ref_end;
    rc = llmmi_grow(&c->alloc, &p, &c->ref_end_cap, (size_t)c->n_refs + 1, sizeof *c->ref_end);
    c->ref_end = (uint32_t *)p;
    if (rc) return rc;
    r = ++c->n_refs;
    t = tables_of(c);
    tok = q->tok;
    gram = q->gram;
    live = q->live;
    pos = q->n;
    n_live = q->n_live;
    for (i = 0; i < ntok; i++, pos++) {
        const uint32_t *w = arena + tok_off[i];
        uint32_t len = tok_len[i], id;
        llmmi_vocab_slot *s = vocab_find(&t, arena, w, len, word_hash(w, len));
        /* not in the hypothesis: no n-gram through it matches (counted on the sink) */
        uint32_t found = s->gen == t.gen;
        id = found ? s->id : LLMMI_NO_ID;
        tok[pos] = gram[pos] = id;
        live[n_live] = (uint32_t)pos;
        n_live += found;
        ref_count(cur, stamp, max, found ? id : sink, r);
    }
    tok[pos] = LLMMI_NO_ID; /* terminator: no n-gram runs into the next reference */
    c->ref_end[r - 1] = (uint32_t)pos;
    q->n = pos + 1;
    q->n_live = n_live;
    return LLMM_OK;
}

/* Numbers the hypothesis k-grams whose two (k-1)-grams both occur in some reference
 * (ref_max > 0), from the (k-1)-gram ids in gram[]. Two passes, so that neither has
 * a data-dependent branch: the first keeps the positions that pass the test (a
 * dropped position gets gram = dead, an id whose ref_max stays 0, which the position
 * before it reads at the next order), the second looks their pairs up. */
static void hyp_order(llmmi_ngram_counter *c, size_t k)
{
    tables t = tables_of(c);
    uint32_t n_ids = c->n_ids, dead = c->dead_id, *gram = c->hyp.gram, *live = c->hyp.live,
             *cnt = c->hyp_count;
    const uint32_t *tok = c->hyp.tok, *max = c->ref_max;
    size_t j, kept = 0, n = c->hyp.n;
    for (j = 0; j < c->hyp.n_live; j++) {
        size_t i = live[j];
        uint32_t g, ok;
        if (i + k > n) break; /* positions ascend: the rest end past the hypothesis */
        g = gram[i];
        ok = (max[g] != 0) & (max[gram[i + 1]] != 0);
        live[kept] = (uint32_t)i;
        kept += ok;
        gram[i] = ok ? g : dead;
    }
    for (j = 0; j < kept; j++) {
        size_t i = live[j];
        uint64_t key = (uint64_t)gram[i] << 32 | tok[i + k - 1];
        llmmi_pair_slot *s = pair_find(&t, key);
        if (s->gen != t.gen) {
            s->gen = t.gen;
            s->key = key;
            s->id = new_id(c, &n_ids);
        }
        cnt[s->id]++;
        gram[i] = s->id;
    }
    c->hyp.n_live = kept;
    c->n_ids = n_ids;
}

/* Counts the references' k-grams that were numbered by hyp_order(): those whose
 * (k-1)-gram prefix was found at the previous order, whose last token occurs in the
 * hypothesis (first pass) and whose pair is in the table (second pass; a miss is
 * counted on the sink id, so that no branch depends on it). */
static void ref_order(llmmi_ngram_counter *c, size_t k)
{
    tables t = tables_of(c);
    uint32_t sink = c->sink_id, *gram = c->refs.gram, *live = c->refs.live, *cur = c->ref_cur,
             *stamp = c->ref_stamp, *max = c->ref_max;
    const uint32_t *tok = c->refs.tok, *end = c->ref_end;
    size_t j, kept = 0, r = 0, n_live = 0;
    /* the prefix ends before its terminator, so p + k - 1 is at most the terminator */
    for (j = 0; j < c->refs.n_live; j++) {
        size_t p = live[j];
        live[n_live] = (uint32_t)p;
        n_live += tok[p + k - 1] != LLMMI_NO_ID;
    }
    for (j = 0; j < n_live; j++) {
        size_t p = live[j];
        llmmi_pair_slot *s = pair_find(&t, (uint64_t)gram[p] << 32 | tok[p + k - 1]);
        uint32_t found = s->gen == t.gen, id = found ? s->id : sink;
        while (p > end[r]) r++;
        gram[p] = id;
        live[kept] = (uint32_t)p;
        kept += found;
        ref_count(cur, stamp, max, id, (uint32_t)r + 1);
    }
    c->refs.n_live = kept;
}

void llmmi_ngram_matches(llmmi_ngram_counter *c, uint64_t *matches)
{
    const uint32_t *cnt = c->hyp_count, *max = c->ref_max;
    uint32_t id = 0;
    int k;
    for (k = 2; k <= c->max_order; k++) {
        hyp_order(c, (size_t)k);
        c->order_end[k - 1] = c->n_ids;
        if (c->hyp.n_live == 0) c->refs.n_live = 0; /* nothing left to find */
        ref_order(c, (size_t)k);
    }
    for (k = 0; k < c->max_order; k++) {
        uint64_t m = 0;
        for (; id < c->order_end[k]; id++) m += cnt[id] < max[id] ? cnt[id] : max[id];
        matches[k] += m;
    }
}
