/* strtab.h - a string interning table: byte strings -> dense ids 0, 1, 2, ...
 *
 * Used by the WordNet index builder (lemma strings) and by the METEOR scorer's word
 * cache. Strings live back to back in one arena; lookups hash with XXH3-64 and probe
 * an open-addressing table (linear probing, load <= 1/2). Ids and byte offsets are
 * 32-bit: interning fails with LLMM_EOVERFLOW beyond 2^31 strings or bytes.
 */
#ifndef LLMMI_STRTAB_H
#define LLMMI_STRTAB_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_STRTAB_NONE UINT32_MAX

typedef struct llmmi_strtab {
    llmm_allocator alloc;
    char *bytes;          /* string i = bytes[off[i] .. off[i + 1]) */
    size_t n_bytes, cap_bytes;
    uint32_t *off;        /* n + 1 entries (room for cap_off) */
    size_t n, cap_off;
    uint64_t *slots;      /* 0 = empty, else tag << 32 | (id + 1), tag = the hash's low 32
                             bits, which also pick the first slot: a probe rejects other
                             strings without touching them, and growing needs no rehash */
    size_t n_slots;       /* power of two (0 before the first string) */
} llmmi_strtab;

void llmmi_strtab_init(llmmi_strtab *t, const llmm_allocator *alloc);
void llmmi_strtab_free(llmmi_strtab *t);
/* Forgets every string (keeps the memory). */
void llmmi_strtab_clear(llmmi_strtab *t);

/* The hash llmmi_strtab_* use for `len` bytes at s (s may be NULL when len == 0). */
uint64_t llmmi_strtab_hash(const char *s, size_t len);

/* Id of the string, or LLMMI_STRTAB_NONE. `h` is llmmi_strtab_hash(s, len). */
uint32_t llmmi_strtab_find(const llmmi_strtab *t, const char *s, size_t len, uint64_t h);

/* Id of the string, adding it when absent (*added = 1 then, else 0; added may be NULL).
 * Returns LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_strtab_intern(llmmi_strtab *t, const char *s, size_t len, uint64_t h, uint32_t *id,
                        int *added);

static inline const char *llmmi_strtab_str(const llmmi_strtab *t, uint32_t id, size_t *len)
{
    *len = t->off[id + 1] - t->off[id];
    return t->bytes + t->off[id];
}

#endif
