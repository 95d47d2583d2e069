/* shortmap.c - short-string map with inline keys (see shortmap.h). */
#include "shortmap.h"
#include "core/alloc.h"

void llmmi_shortmap_init(llmmi_shortmap *t, const llmm_allocator *alloc)
{
    memset(t, 0, sizeof *t);
    llmmi_alloc_init(&t->alloc, alloc);
}

void llmmi_shortmap_free(llmmi_shortmap *t)
{
    llmmi_free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    memset(t, 0, sizeof *t);
}

void llmmi_shortmap_clear(llmmi_shortmap *t)
{
    t->n = 0;
    if (t->slots) memset(t->slots, 0, t->n_slots * sizeof *t->slots);
}

static void place(llmmi_shortmap_slot *slots, size_t mask, const llmmi_shortmap_slot *s)
{
    llmmi_shortkey k;
    size_t i;
    k.w0 = s->w0;
    k.w1 = s->w1;
    k.len = s->tag - 1;
    for (i = (size_t)llmmi_shortkey_hash(&k) & mask; slots[i].tag; i = (i + 1) & mask)
        ;
    slots[i] = *s;
}

int llmmi_shortmap_reserve(llmmi_shortmap *t, size_t n)
{
    size_t n_slots = t->n_slots ? t->n_slots : 256, i;
    llmmi_shortmap_slot *slots;
    while (n_slots / 2 < n) {
        if (n_slots > (size_t)-1 / 4) return LLMM_EOVERFLOW;
        n_slots *= 2;
    }
    if (n_slots == t->n_slots) return LLMM_OK;
    if (!llmmi_mul_ok(n_slots, sizeof *slots, &i)) return LLMM_EOVERFLOW;
    slots = (llmmi_shortmap_slot *)llmmi_calloc(&t->alloc, n_slots, sizeof *slots);
    if (!slots) return LLMM_ENOMEM;
    for (i = 0; i < t->n_slots; i++)
        if (t->slots[i].tag) place(slots, n_slots - 1, &t->slots[i]);
    llmmi_free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    return LLMM_OK;
}

int llmmi_shortmap_put(llmmi_shortmap *t, const llmmi_shortkey *k, uint64_t h, uint32_t val)
{
    size_t mask, i;
    int rc;
    if (2 * (t->n + 1) > t->n_slots && (rc = llmmi_shortmap_reserve(t, t->n + 1))) return rc;
    mask = t->n_slots - 1;
    for (i = (size_t)h & mask; t->slots[i].tag; i = (i + 1) & mask)
        ;
    t->slots[i].w0 = k->w0;
    t->slots[i].w1 = k->w1;
    t->slots[i].tag = k->len + 1;
    t->slots[i].val = val;
    t->n++;
    return LLMM_OK;
}
