/* strtab.c - string interning table (see strtab.h). */
#include "strtab.h"
#include "core/alloc.h"
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

#define STRTAB_MAX ((size_t)INT32_MAX)

void llmmi_strtab_init(llmmi_strtab *t, const llmm_allocator *alloc)
{
    memset(t, 0, sizeof *t);
    llmmi_alloc_init(&t->alloc, alloc);
}

void llmmi_strtab_free(llmmi_strtab *t)
{
    llmmi_free(&t->alloc, t->bytes, t->cap_bytes);
    llmmi_free(&t->alloc, t->off, t->cap_off * sizeof *t->off);
    llmmi_free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    memset(t, 0, sizeof *t);
}

void llmmi_strtab_clear(llmmi_strtab *t)
{
    t->n = 0;
    t->n_bytes = 0;
    if (t->off) t->off[0] = 0;
    if (t->slots) memset(t->slots, 0, t->n_slots * sizeof *t->slots);
}

uint64_t llmmi_strtab_hash(const char *s, size_t len)
{
    return XXH3_64bits(len ? s : "", len);
}

/* Equal bytes; short strings (most tokens) without a library call. */
static inline int same(const char *a, const char *b, size_t len)
{
    size_t i;
    if (len > 16) return memcmp(a, b, len) == 0;
    for (i = 0; i < len; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

uint32_t llmmi_strtab_find(const llmmi_strtab *t, const char *s, size_t len, uint64_t h)
{
    size_t mask, i;
    uint32_t tag = (uint32_t)h;
    if (!t->n_slots) return LLMMI_STRTAB_NONE;
    mask = t->n_slots - 1;
    for (i = (size_t)tag & mask;; i = (i + 1) & mask) {
        uint64_t slot = t->slots[i];
        uint32_t id;
        if (!slot) return LLMMI_STRTAB_NONE;
        if ((uint32_t)(slot >> 32) != tag) continue;
        id = (uint32_t)slot - 1;
        if (t->off[id + 1] - t->off[id] == len && same(t->bytes + t->off[id], s, len)) return id;
    }
}

static void place(uint64_t *slots, size_t mask, uint32_t tag, uint32_t id)
{
    size_t i;
    for (i = (size_t)tag & mask; slots[i]; i = (i + 1) & mask)
        ;
    slots[i] = (uint64_t)tag << 32 | (id + 1);
}

/* Doubles the slot table (or creates it) and re-inserts every id from the old slots
 * (their tags are the hashes' low bits, which also pick the slot). */
static int rehash(llmmi_strtab *t)
{
    size_t n_slots = t->n_slots ? t->n_slots * 2 : 64, bytes, i;
    uint64_t *slots;
    if (!llmmi_mul_ok(n_slots, sizeof *slots, &bytes)) return LLMM_EOVERFLOW;
    slots = (uint64_t *)llmmi_calloc(&t->alloc, n_slots, sizeof *slots);
    if (!slots) return LLMM_ENOMEM;
    for (i = 0; i < t->n_slots; i++)
        if (t->slots[i])
            place(slots, n_slots - 1, (uint32_t)(t->slots[i] >> 32), (uint32_t)t->slots[i] - 1);
    llmmi_free(&t->alloc, t->slots, t->n_slots * sizeof *t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    return LLMM_OK;
}

int llmmi_strtab_intern(llmmi_strtab *t, const char *s, size_t len, uint64_t h, uint32_t *id,
                        int *added)
{
    uint32_t found = llmmi_strtab_find(t, s, len, h);
    size_t need;
    int rc;
    if (added) *added = 0;
    if (found != LLMMI_STRTAB_NONE) {
        *id = found;
        return LLMM_OK;
    }
    if (t->n >= STRTAB_MAX || len > STRTAB_MAX - t->n_bytes) return LLMM_EOVERFLOW;
    need = t->n_bytes + len;
    if ((rc = llmmi_grow(&t->alloc, (void **)&t->bytes, &t->cap_bytes, need ? need : 1, 1)))
        return rc;
    if ((rc = llmmi_grow(&t->alloc, (void **)&t->off, &t->cap_off, t->n + 2, sizeof *t->off)))
        return rc;
    if (t->n == 0) t->off[0] = 0;
    if (2 * (t->n + 1) > t->n_slots && (rc = rehash(t))) return rc;
    if (len) memcpy(t->bytes + t->n_bytes, s, len);
    t->n_bytes += len;
    t->off[t->n + 1] = (uint32_t)t->n_bytes;
    place(t->slots, t->n_slots - 1, (uint32_t)h, (uint32_t)t->n);
    *id = (uint32_t)t->n++;
    if (added) *added = 1;
    return LLMM_OK;
}
