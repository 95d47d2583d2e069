/* ngram.c - the n-gram counter's buffers and tables (see ngram.h; the counting is in
 * ngram_count.c). */
#include "ngram_internal.h"
#include "core/alloc.h"
#include <string.h>

void llmmi_ngram_init(llmmi_ngram_counter *c, const llmm_allocator *alloc)
{
    memset(c, 0, sizeof *c);
    llmmi_alloc_init(&c->alloc, alloc);
}

static void seq_free(const llmm_allocator *a, llmmi_ngram_seq *q)
{
    llmmi_free(a, q->tok, q->cap * 3 * sizeof *q->tok);
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
    seq_free(&a, &c->hyp);
    seq_free(&a, &c->refs);
    llmmi_free(&a, c->ref_end, c->ref_end_cap * sizeof *c->ref_end);
    llmmi_ngram_init(c, &a);
}

/* The capacity to grow to for n items: doubling, at least 64. */
static int grown_cap(size_t cap, size_t n, size_t *out)
{
    size_t want = cap ? cap : 64;
    while (want < n) {
        if (want > (size_t)-1 / 2) return LLMM_EOVERFLOW;
        want *= 2;
    }
    *out = want;
    return LLMM_OK;
}

/* Makes *buf hold at least n items of `elem` bytes, without keeping its contents
 * (these buffers are only grown when a segment starts). With `zero` the new buffer is
 * zeroed: a zeroed table slot is never live (gen 0 is never the counter's gen). */
static int reserve(const llmm_allocator *a, void **buf, size_t *cap, size_t n, size_t elem,
                   int zero)
{
    size_t want, bytes;
    void *p;
    int rc;
    if (n <= *cap) return LLMM_OK;
    if ((rc = grown_cap(*cap, n, &want)) != LLMM_OK) return rc;
    if (!llmmi_mul_ok(want, elem, &bytes)) return LLMM_EOVERFLOW;
    p = zero ? llmmi_calloc(a, want, elem) : llmmi_malloc(a, bytes);
    if (!p) return LLMM_ENOMEM;
    llmmi_free(a, *buf, *cap * elem);
    *buf = p;
    *cap = want;
    return LLMM_OK;
}

int llmmi_ngram_seq_reserve(const llmm_allocator *a, llmmi_ngram_seq *q, size_t n)
{
    size_t want, bytes;
    uint32_t *p;
    int rc;
    if (n <= q->cap) return LLMM_OK;
    if ((rc = grown_cap(q->cap, n, &want)) != LLMM_OK) return rc;
    if (!llmmi_mul_ok(want, 3 * sizeof *p, &bytes)) return LLMM_EOVERFLOW;
    if (!(p = (uint32_t *)llmmi_malloc(a, bytes))) return LLMM_ENOMEM;
    if (q->n) {
        memcpy(p, q->tok, q->n * sizeof *p);
        memcpy(p + want, q->gram, q->n * sizeof *p);
    }
    if (q->n_live) memcpy(p + 2 * want, q->live, q->n_live * sizeof *p);
    seq_free(a, q);
    q->tok = p;
    q->gram = p + want;
    q->live = p + 2 * want;
    q->cap = want;
    return LLMM_OK;
}

/* The shift that maps a 64-bit hash to a slot of a table holding n entries at load
 * factor <= 1/2 (at least 64 slots). */
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

int llmmi_ngram_prepare(llmmi_ngram_counter *c, size_t n, int max_order)
{
    size_t max_ids;
    unsigned vs, ps;
    void *p;
    int rc;
    /* ids and positions stay below LLMMI_NO_ID */
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
    /* the +1s keep every buffer non-empty, so no pointer is NULL */
    p = c->tok_off;
    rc = reserve(&c->alloc, &p, &c->tok_off_cap, n + 1, sizeof *c->tok_off, 0);
    c->tok_off = (size_t *)p;
    if (rc) return rc;
    p = c->tok_len;
    rc = reserve(&c->alloc, &p, &c->tok_len_cap, n + 1, sizeof *c->tok_len, 0);
    c->tok_len = (uint32_t *)p;
    if (rc) return rc;
    p = c->id_block;
    rc = reserve(&c->alloc, &p, &c->id_cap, max_ids + 2, 4 * sizeof *c->id_block, 0);
    c->id_block = (uint32_t *)p;
    if (rc) return rc;
    c->hyp_count = c->id_block;
    c->ref_max = c->hyp_count + c->id_cap;
    c->ref_cur = c->ref_max + c->id_cap;
    c->ref_stamp = c->ref_cur + c->id_cap;
    c->dead_id = (uint32_t)max_ids;
    c->sink_id = (uint32_t)max_ids + 1;
    c->ref_max[c->dead_id] = 0;
    c->ref_stamp[c->sink_id] = 0;
    c->ref_cur[c->sink_id] = 0;
    c->ref_max[c->sink_id] = 0;
    c->hyp.n = c->hyp.n_live = c->refs.n = c->refs.n_live = 0;
    if ((rc = llmmi_ngram_seq_reserve(&c->alloc, &c->hyp, n + 1)) != LLMM_OK) return rc;
    c->gen++;
    c->vocab_shift = vs;
    c->pairs_shift = ps;
    c->max_order = max_order;
    c->n_ids = 0;
    c->n_refs = 0;
    memset(c->order_end, 0, sizeof c->order_end);
    return LLMM_OK;
}
