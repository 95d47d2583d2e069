/* gramtab.c - building the hypothesis n-gram trie and counting a reference's
 * matches against it (see gramtab.h). */
#include "chrf/gramtab.h"

#include "core/alloc.h"
#include <string.h>

#define HYP(c) ((uint32_t)(c))
#define REF(c) ((uint32_t)((c) >> 32))
#define REF_ONE ((uint64_t)1 << 32)

void llmmi_gramtab_init(llmmi_gramtab *t) { memset(t, 0, sizeof *t); }

static void free_slots(const llmm_allocator *a, llmmi_gramtab *t)
{
    llmmi_free(a, t->key, t->cap * sizeof *t->key);
    llmmi_free(a, t->cnt, t->cap * sizeof *t->cnt);
    llmmi_free(a, t->pos, t->cap * sizeof *t->pos);
    t->key = t->cnt = NULL;
    t->pos = NULL;
    t->cap = t->dirty = 0;
}

void llmmi_gramtab_free(const llmm_allocator *a, llmmi_gramtab *t)
{
    free_slots(a, t);
    llmmi_free(a, t->at, t->scratch_cap * sizeof *t->at);
    llmmi_free(a, t->node, t->scratch_cap * sizeof *t->node);
    llmmi_gramtab_init(t);
}

/* Buffers for a table of `want` slots (a power of two), every slot empty (tag 0). */
static int grow_slots(const llmm_allocator *a, llmmi_gramtab *t, size_t want)
{
    free_slots(a, t);
    t->key = (uint64_t *)llmmi_calloc(a, want, sizeof *t->key);
    t->cnt = (uint64_t *)llmmi_calloc(a, want, sizeof *t->cnt); /* read, then masked */
    t->pos = (uint32_t *)llmmi_malloc(a, want * sizeof *t->pos);
    t->cap = want;
    if (!t->key || !t->cnt || !t->pos) {
        free_slots(a, t);
        return LLMM_ENOMEM;
    }
    return LLMM_OK;
}

static int grow_scratch(const llmm_allocator *a, llmmi_gramtab *t, size_t want)
{
    uint32_t *at = (uint32_t *)llmmi_malloc(a, want * sizeof *at);
    uint32_t *node = (uint32_t *)llmmi_malloc(a, want * sizeof *node);
    if (!at || !node) {
        llmmi_free(a, at, want * sizeof *at);
        llmmi_free(a, node, want * sizeof *node);
        return LLMM_ENOMEM;
    }
    llmmi_free(a, t->at, t->scratch_cap * sizeof *t->at);
    llmmi_free(a, t->node, t->scratch_cap * sizeof *t->node);
    t->at = at;
    t->node = node;
    t->scratch_cap = want;
    return LLMM_OK;
}

int llmmi_gramtab_begin(const llmm_allocator *a, llmmi_gramtab *t, size_t max_nodes)
{
    size_t want = 64;
    unsigned tag = (unsigned)(t->tag >> LLMMI_GRAM_TAG_SHIFT) + 1;
    int rc;
    if (max_nodes >= ((size_t)1 << 26)) return LLMM_EOVERFLOW;
    while (want < 2 * max_nodes) want *= 2; /* load factor <= 1/2 */
    if (want > t->cap && (rc = grow_slots(a, t, want)) != LLMM_OK) return rc;
    if (tag == 256) { /* tags wrap around: empty what earlier segments used */
        memset(t->key, 0, t->dirty * sizeof *t->key);
        t->dirty = 0;
        tag = 1;
    }
    if (want > t->dirty) t->dirty = want;
    t->tag = (uint64_t)tag << LLMMI_GRAM_TAG_SHIFT;
    t->mask = want - 1;
    return LLMM_OK;
}

/* Adds one occurrence, at hypothesis position j, of the n-gram whose key is kk;
 * returns its node. New or not, the same instructions run (whether it is new is
 * data-dependent). pos[] keeps the last position, which is the only one when the
 * n-gram turns out to be unique. */
static inline uint32_t add(uint64_t *key, uint64_t *cnt, uint32_t *pos, size_t mask,
                           uint64_t kk, size_t j)
{
    size_t h = llmmi_gram_slot(key, mask, kk);
    uint64_t old = (uint64_t)(key[h] != kk) - 1; /* all ones when already there */
    key[h] = kk;
    cnt[h] = (cnt[h] & old) + 1;
    pos[h] = (uint32_t)j;
    return (uint32_t)h;
}

int llmmi_gramtab_build(const llmm_allocator *a, llmmi_gramtab *t, const uint32_t *seq,
                        size_t len, size_t order)
{
    uint64_t *key, *cnt, tag;
    uint32_t *pos, *at, *node;
    size_t j, k, x, n_at, max_nodes, mask;
    int rc;
    if (!llmmi_mul_ok(len, order, &max_nodes)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_gramtab_begin(a, t, max_nodes)) != LLMM_OK) return rc;
    if (len > t->scratch_cap && (rc = grow_scratch(a, t, len)) != LLMM_OK) return rc;
    t->seq = seq;
    t->len = len;
    t->order = order;
    key = t->key;
    cnt = t->cnt;
    pos = t->pos;
    at = t->at;
    node = t->node;
    mask = t->mask;
    tag = t->tag;
    /* order by order, so that the uniqueness of a prefix is known when its
     * extensions would be added; at[0 .. n_at) are the positions whose n-gram of
     * the current order is a node, node[] those nodes */
    for (j = 0; j < len; j++) {
        at[j] = (uint32_t)j;
        node[j] = add(key, cnt, pos, mask, llmmi_gram_key(tag, LLMMI_GRAM_ROOT, seq[j]), j);
    }
    n_at = order ? len : 0;
    for (k = 1; k < order && n_at; k++) {
        size_t m = 0;
        /* keep the positions whose prefix is not unique (unique: no node below) and
         * that have room for order k + 1 (positions increase), without branching */
        while (n_at && at[n_at - 1] + k >= len) n_at--;
        for (x = 0; x < n_at; x++) {
            at[m] = at[x];
            node[m] = node[x];
            m += HYP(cnt[node[x]]) != 1;
        }
        for (x = 0; x < m; x++)
            node[x] = add(key, cnt, pos, mask,
                          llmmi_gram_key(tag, node[x], seq[at[x] + k]), at[x]);
        n_at = m;
    }
    return LLMM_OK;
}

void llmmi_gramtab_count(llmmi_gramtab *t, const uint32_t *seq, size_t len, int first,
                         uint64_t *match)
{
    const uint64_t *key = t->key, tag = t->tag;
    uint64_t *cnt = t->cnt;
    const uint32_t *pos = t->pos, *hyp = t->seq;
    const size_t mask = t->mask, order = t->order, hyp_len = t->len;
    /* matches of n-grams below unique nodes, as differences between orders */
    int64_t diff[LLMMI_GRAM_MAX_ORDER + 1] = {0};
    int64_t run = 0;
    size_t j, k;
    if (!first) /* clear the reference counts (of empty slots too: harmless) */
        for (k = 0; k <= mask; k++) cnt[k] &= 0xFFFFFFFFu;
    for (j = 0; j < len; j++) {
        size_t kmax = len - j < order ? len - j : order;
        uint32_t node = LLMMI_GRAM_ROOT;
        for (k = 0; k < kmax; k++) {
            uint64_t kk = llmmi_gram_key(tag, node, seq[j + k]), c;
            size_t h = llmmi_gram_slot(key, mask, kk);
            if (key[h] != kk) break; /* neither it nor its extensions are in the hypothesis */
            c = cnt[h];
            if (HYP(c) == 1) {
                /* a unique n-gram, at hyp + pos[h] only: the reference's longer
                 * n-grams at j match while its symbols equal the hypothesis's
                 * after it. Its reference count says how many of these orders
                 * (itself included) this reference has matched already: each
                 * matches at most once (min(1, ref)). */
                const uint32_t *hs = hyp + pos[h], *rs = seq + j;
                size_t lim = hyp_len - pos[h] < kmax ? hyp_len - pos[h] : kmax;
                size_t end = k + 1, done = REF(c);
                while (end < lim && hs[end] == rs[end]) end++;
                if (end - k > done) {
                    diff[k + done]++;
                    diff[end]--;
                    cnt[h] = (uint64_t)(end - k) << 32 | 1;
                }
                break;
            }
            /* a match while the reference count stays within the hypothesis count */
            match[k] += REF(c) < HYP(c);
            cnt[h] = c + REF_ONE;
            node = (uint32_t)h;
        }
    }
    for (k = 0; k < order; k++) {
        run += diff[k];
        match[k] += (uint64_t)run;
    }
}
