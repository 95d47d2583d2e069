/* shortmap.h - a hash map from short byte strings (at most 16 bytes) to uint32 values,
 * with the strings held inline in the slots.
 *
 * The METEOR scorer maps every raw token to its lowered-word id through it: a lookup is
 * two 8-byte loads, a multiply-xorshift hash and one slot compare, with no pointer
 * chase into a string arena (most tokens are short). Open addressing, linear probing,
 * load <= 1/2; growing re-hashes the inline keys (no string is read again).
 */
#ifndef LLMMI_SHORTMAP_H
#define LLMMI_SHORTMAP_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LLMMI_SHORT_MAX 16
#define LLMMI_SHORTMAP_NONE UINT32_MAX

/* A string of at most 16 bytes as two little-endian words, zero past its end. */
typedef struct llmmi_shortkey {
    uint64_t w0, w1;
    uint32_t len;
} llmmi_shortkey;

typedef struct llmmi_shortmap_slot {
    uint64_t w0, w1;
    uint32_t tag; /* 0 = empty, else the key's length + 1 */
    uint32_t val;
} llmmi_shortmap_slot;

typedef struct llmmi_shortmap {
    llmm_allocator alloc;
    llmmi_shortmap_slot *slots;
    size_t n, n_slots; /* n_slots: a power of two, or 0 */
} llmmi_shortmap;

void llmmi_shortmap_init(llmmi_shortmap *t, const llmm_allocator *alloc);
void llmmi_shortmap_free(llmmi_shortmap *t);
/* Forgets every key (keeps the memory). */
void llmmi_shortmap_clear(llmmi_shortmap *t);
/* Room for n keys without growing. LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_shortmap_reserve(llmmi_shortmap *t, size_t n);
/* Adds a key known to be absent. LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_shortmap_put(llmmi_shortmap *t, const llmmi_shortkey *k, uint64_t h, uint32_t val);

/* The key of the `len` (<= 16) bytes at s; the bytes [s, limit) may be read (limit >=
 * s + len). Whole words are loaded when 16 bytes are readable, then masked. */
static inline void llmmi_shortkey_make(llmmi_shortkey *k, const char *s, size_t len,
                                       const char *limit)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (limit - s >= 16) {
        memcpy(&k->w0, s, 8);
        memcpy(&k->w1, s + 8, 8);
        if (len < 8) {
            k->w0 &= ((uint64_t)1 << (8 * len)) - 1;
            k->w1 = 0;
        } else if (len < 16) {
            k->w1 &= ((uint64_t)1 << (8 * (len - 8))) - 1;
        }
        k->len = (uint32_t)len;
        return;
    }
#endif
    {
        unsigned char b[16] = {0};
        size_t i;
        (void)limit;
        if (len) memcpy(b, s, len);
        /* little-endian words whatever the host order (equal strings <=> equal keys) */
        k->w0 = k->w1 = 0;
        for (i = 8; i-- > 0;) {
            k->w0 = k->w0 << 8 | b[i];
            k->w1 = k->w1 << 8 | b[8 + i];
        }
        k->len = (uint32_t)len;
    }
}

static inline uint64_t llmmi_shortkey_hash(const llmmi_shortkey *k)
{
    uint64_t h = (k->w0 ^ k->len) * UINT64_C(0x9E3779B97F4A7C15);
    h ^= (k->w1 + (h >> 29)) * UINT64_C(0xC2B2AE3D27D4EB4F);
    h ^= h >> 32;
    h *= UINT64_C(0xD6E8FEB86659FD93);
    return h ^ (h >> 29);
}

/* The value of a key, or LLMMI_SHORTMAP_NONE. `h` is llmmi_shortkey_hash(k). */
static inline uint32_t llmmi_shortmap_get(const llmmi_shortmap *t, const llmmi_shortkey *k,
                                          uint64_t h)
{
    size_t mask, i;
    uint32_t tag = k->len + 1;
    if (!t->n_slots) return LLMMI_SHORTMAP_NONE;
    mask = t->n_slots - 1;
    for (i = (size_t)h & mask;; i = (i + 1) & mask) {
        const llmmi_shortmap_slot *s = &t->slots[i];
        if (s->tag == tag && s->w0 == k->w0 && s->w1 == k->w1) return s->val;
        if (!s->tag) return LLMMI_SHORTMAP_NONE;
    }
}

#endif
