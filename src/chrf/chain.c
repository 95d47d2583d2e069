/* chain.c - building the hypothesis n-gram trie (see chain.h). */
#include "chrf/chain.h"

#include "core/alloc.h"
#include <string.h>

void llmmi_chain_init(llmmi_chain *t) { memset(t, 0, sizeof *t); }

void llmmi_chain_free(const llmm_allocator *a, llmmi_chain *t)
{
    llmmi_free(a, t->nodes, t->cap * sizeof *t->nodes);
    llmmi_free(a, t->iref, t->iref_cap * sizeof *t->iref);
    llmmi_free(a, t->used, t->used_cap * sizeof *t->used);
    llmmi_chain_init(t);
}

/* Clears the previous segment's table nodes and sizes everything for `max_ids`
 * n-grams. */
static int begin(const llmm_allocator *a, llmmi_chain *t, size_t max_ids)
{
    size_t want = 64, k;
    unsigned bits = 6;
    void *p;
    int rc;
    for (k = 0; k < t->n_used; k++) t->nodes[t->used[k]].key = 0;
    t->n_used = 0;
    /* node numbers (table + inline) must fit in 31 bits: they are key prefixes */
    if (max_ids >= ((size_t)1 << 28)) return LLMM_EOVERFLOW;
    while (want < 2 * max_ids + 2) { /* load factor <= 1/2 */
        want *= 2;
        bits++;
    }
    if (1 + want > t->cap) {
        llmmi_chain_node *nn = (llmmi_chain_node *)llmmi_calloc(a, 1 + want, sizeof *nn);
        if (!nn) return LLMM_ENOMEM;
        llmmi_free(a, t->nodes, t->cap * sizeof *t->nodes);
        t->nodes = nn;
        t->cap = 1 + want;
    }
    p = t->iref;
    rc = llmmi_grow(a, &p, &t->iref_cap, max_ids + 1, sizeof *t->iref);
    t->iref = (uint32_t *)p;
    if (rc != LLMM_OK) return rc;
    p = t->used;
    rc = llmmi_grow(a, &p, &t->used_cap, max_ids + 1, sizeof *t->used);
    t->used = (uint32_t *)p;
    if (rc != LLMM_OK) return rc;
    t->mask = want - 1;
    t->shift = 64 - bits;
    t->inline_base = (uint32_t)(1 + want);
    t->n_iref = max_ids;
    return LLMM_OK;
}

int llmmi_chain_build(const llmm_allocator *a, llmmi_chain *t, const uint32_t *seq, size_t len,
                      size_t order, uint32_t *ids)
{
    size_t max_ids, i, k;
    int rc;
    if (!llmmi_mul_ok(len, order, &max_ids)) return LLMM_EOVERFLOW;
    if ((rc = begin(a, t, max_ids)) != LLMM_OK) return rc;
    t->seq = seq;
    t->len = len;
    t->order = order;
    t->nodes[0].hyp = (uint32_t)len; /* the root: the empty n-gram at every position */
    t->nodes[0].pos = 0;
    for (i = 0; i < len; i++) ids[i] = 0;
    for (k = 0; k < order && k < len; k++) {
        /* the counts of order k are final here, so uniqueness of a prefix is known */
        for (i = 0; i + k < len; i++) {
            uint32_t p = ids[i];
            llmmi_chain_node *n;
            uint64_t key;
            size_t j;
            if (p >= t->inline_base || t->nodes[p].hyp == 1) {
                ids[i] = (uint32_t)(t->inline_base + k * len + i); /* unique: inline */
                continue;
            }
            key = llmmi_chain_key(p, seq[i + k]);
            j = llmmi_chain_locate(t, key);
            n = &t->nodes[j];
            if (n->key == 0) {
                n->key = key;
                n->hyp = 0;
                n->pos = (uint32_t)i;
                t->used[t->n_used++] = (uint32_t)j;
            }
            n->hyp++;
            ids[i] = (uint32_t)j;
        }
    }
    return LLMM_OK;
}

void llmmi_chain_clear_ref(llmmi_chain *t)
{
    size_t k;
    for (k = 0; k < t->n_used; k++) t->nodes[t->used[k]].ref = 0;
    memset(t->iref, 0, t->n_iref * sizeof *t->iref);
}
