/* intern.c - exact word -> id table (see intern.h). */
#include "text/intern.h"

#include "core/alloc.h"
#include <string.h>

void llmmi_intern_init(llmmi_intern *t) { memset(t, 0, sizeof *t); }

void llmmi_intern_free(const llmm_allocator *a, llmmi_intern *t)
{
    llmmi_free(a, t->slots, t->cap * sizeof *t->slots);
    llmmi_cpbuf_free(a, &t->arena);
    llmmi_intern_init(t);
}

void llmmi_intern_reset(llmmi_intern *t)
{
    t->count = 0;
    t->arena.n = 0;
    if (++t->gen == 0) { /* wrapped: stale stamps could look live */
        if (t->slots) memset(t->slots, 0, t->cap * sizeof *t->slots);
        t->gen = 1;
    }
}

/* Doubles the table, re-placing the live slots. */
static int rehash(const llmm_allocator *a, llmmi_intern *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 256, bytes, i;
    llmmi_intern_slot *ns;
    if (!llmmi_mul_ok(ncap, sizeof *ns, &bytes)) return LLMM_EOVERFLOW;
    ns = (llmmi_intern_slot *)llmmi_calloc(a, ncap, sizeof *ns);
    if (!ns) return LLMM_ENOMEM;
    for (i = 0; i < t->cap; i++) {
        const llmmi_intern_slot *s = &t->slots[i];
        size_t j;
        if (s->gen != t->gen) continue;
        for (j = (size_t)s->hash & (ncap - 1); ns[j].gen == t->gen; j = (j + 1) & (ncap - 1)) {}
        ns[j] = *s;
    }
    llmmi_free(a, t->slots, t->cap * sizeof *t->slots);
    t->slots = ns;
    t->cap = ncap;
    return LLMM_OK;
}

/* Hash of a word's code points (words are short: an inline multiply-xor fold is
 * cheaper than a library call; equality is always confirmed by comparison). */
static uint64_t hash_word(const uint32_t *w, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
    size_t i;
    for (i = 0; i < len; i++) h = (h ^ w[i]) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
}

int llmmi_intern_get(const llmm_allocator *a, llmmi_intern *t, const uint32_t *w, size_t len,
                     int insert, uint32_t *id)
{
    uint64_t h = hash_word(w, len);
    size_t j;
    int rc;
    if (t->gen == 0) t->gen = 1;
    if (len > UINT32_MAX) return LLMM_EOVERFLOW;
    if (t->cap == 0 || (size_t)t->count * 2 >= t->cap) {
        if (!insert && t->cap == 0) { *id = LLMMI_INTERN_NONE; return LLMM_OK; }
        if (insert && (rc = rehash(a, t)) != LLMM_OK) return rc;
    }
    for (j = (size_t)h & (t->cap - 1); t->slots[j].gen == t->gen; j = (j + 1) & (t->cap - 1)) {
        const llmmi_intern_slot *s = &t->slots[j];
        if (s->hash == h && s->len == len &&
            (len == 0 || memcmp(t->arena.p + s->off, w, len * sizeof *w) == 0)) {
            *id = s->id;
            return LLMM_OK;
        }
    }
    if (!insert) { *id = LLMMI_INTERN_NONE; return LLMM_OK; }
    if (t->count == LLMMI_INTERN_NONE - 1) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(a, &t->arena, t->arena.n + len)) != LLMM_OK) return rc;
    if (len) memcpy(t->arena.p + t->arena.n, w, len * sizeof *w);
    t->slots[j].hash = h;
    t->slots[j].off = t->arena.n;
    t->slots[j].len = (uint32_t)len;
    t->slots[j].id = t->count++;
    t->slots[j].gen = t->gen;
    t->arena.n += len;
    *id = t->slots[j].id;
    return LLMM_OK;
}
