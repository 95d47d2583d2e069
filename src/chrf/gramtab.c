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
    llmmi_free(a, t->used, t->cap / 2 * sizeof *t->used);
    t->key = t->cnt = NULL;
    t->pos = t->used = NULL;
    t->cap = 0;
}

void llmmi_gramtab_free(const llmm_allocator *a, llmmi_gramtab *t)
{
    free_slots(a, t);
    llmmi_free(a, t->at, t->scratch_cap * sizeof *t->at);
    llmmi_free(a, t->node, t->scratch_cap * sizeof *t->node);
    llmmi_gramtab_init(t);
}

/* Buffers for a table of `want` slots (a power of two); keys all empty. */
static int grow_slots(const llmm_allocator *a, llmmi_gramtab *t, size_t want)
{
    free_slots(a, t);
    t->key = (uint64_t *)llmmi_malloc(a, want * sizeof *t->key);
    t->cnt = (uint64_t *)llmmi_malloc(a, want * sizeof *t->cnt);
    t->pos = (uint32_t *)llmmi_malloc(a, want * sizeof *t->pos);
    t->used = (uint32_t *)llmmi_malloc(a, want / 2 * sizeof *t->used);
    t->cap = want;
    if (!t->key || !t->cnt || !t->pos || !t->used) {
        free_slots(a, t);
        return LLMM_ENOMEM;
    }
    memset(t->key, 0xFF, want * sizeof *t->key); /* every key LLMMI_GRAM_EMPTY */
    memset(t->cnt, 0, want * sizeof *t->cnt);    /* read (and masked) by add() */
    memset(t->pos, 0, want * sizeof *t->pos);
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
    size_t want = 64, k;
    unsigned bits = 6;
    int rc;
    for (k = 0; k < t->n_used; k++) t->key[t->used[k]] = LLMMI_GRAM_EMPTY;
    t->n_used = 0;
    if (max_nodes >= ((size_t)1 << 27)) return LLMM_EOVERFLOW;
    while (want < 2 * max_nodes) { /* load factor <= 1/2 */
        want *= 2;
        bits++;
    }
    if (want > t->cap && (rc = grow_slots(a, t, want)) != LLMM_OK) return rc;
    t->mask = want - 1;
    t->shift = 64 - bits;
    return LLMM_OK;
}

/* Adds the n-gram `kk` (a child key) that occurs at hypothesis position j; returns
 * its node. Whether it is new is data-dependent, so both cases run the same
 * instructions (no branch to mispredict). */
static inline uint32_t add(uint64_t *key, uint64_t *cnt, uint32_t *pos, uint32_t *used,
                           size_t *n_used, size_t mask, unsigned shift, uint64_t kk, size_t j)
{
    size_t h = llmmi_gram_slot(key, mask, shift, kk);
    size_t fresh = key[h] != kk;
    uint32_t keep = (uint32_t)fresh - 1; /* all ones when the n-gram was there */
    key[h] = kk;
    cnt[h] = (cnt[h] & ((uint64_t)0 - (1 - fresh))) + 1;
    pos[h] = (pos[h] & keep) | ((uint32_t)j & ~keep);
    used[*n_used] = (uint32_t)h;
    *n_used += fresh;
    return (uint32_t)h;
}

int llmmi_gramtab_build(const llmm_allocator *a, llmmi_gramtab *t, const uint32_t *seq,
                        size_t len, size_t order)
{
    uint64_t *key, *cnt;
    uint32_t *pos, *used, *at, *node;
    size_t j, k, x, n_at, max_nodes, mask, n_used = 0;
    unsigned shift;
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
    used = t->used;
    at = t->at;
    node = t->node;
    mask = t->mask;
    shift = t->shift;
    /* order by order, so that the uniqueness of a prefix is known when its
     * extensions would be added; at[0 .. n_at) are the positions whose n-gram of
     * the current order is a node, node[] those nodes */
    for (j = 0; j < len; j++) {
        at[j] = (uint32_t)j;
        node[j] = add(key, cnt, pos, used, &n_used, mask, shift,
                      llmmi_gram_key(LLMMI_GRAM_ROOT, seq[j]), j);
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
            node[x] = add(key, cnt, pos, used, &n_used, mask, shift,
                          llmmi_gram_key(node[x], seq[at[x] + k]), at[x]);
        n_at = m;
    }
    t->n_used = n_used;
    return LLMM_OK;
}

void llmmi_gramtab_count(llmmi_gramtab *t, const uint32_t *seq, size_t len, int first,
                         uint64_t *match)
{
    const uint64_t *key = t->key;
    uint64_t *cnt = t->cnt;
    const uint32_t *pos = t->pos, *hyp = t->seq;
    const size_t mask = t->mask, order = t->order, hyp_len = t->len;
    const unsigned shift = t->shift;
    /* matches of n-grams below unique nodes, as differences between orders */
    int64_t diff[LLMMI_GRAM_MAX_ORDER + 1] = {0};
    int64_t run = 0;
    size_t j, k;
    if (!first)
        for (k = 0; k < t->n_used; k++) cnt[t->used[k]] = HYP(cnt[t->used[k]]);
    for (j = 0; j < len; j++) {
        size_t kmax = len - j < order ? len - j : order;
        uint32_t node = LLMMI_GRAM_ROOT;
        for (k = 0; k < kmax; k++) {
            uint64_t kk = llmmi_gram_key(node, seq[j + k]), c;
            size_t h = llmmi_gram_slot(key, mask, shift, kk);
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
