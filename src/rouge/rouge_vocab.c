/* rouge_vocab.c - interning of token strings into dense ids: open addressing over
 * (32-bit hash, id) slots, so most probes never touch the token table. */
#include "rouge_internal.h"
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

static uint32_t hash32(const char *s, size_t len)
{
    uint64_t h = XXH3_64bits(s, len);
    return (uint32_t)(h ^ (h >> 32));
}

static uint64_t head8(const char *s, size_t len)
{
    unsigned char b[8] = {0};
    uint64_t h = 0;
    int k;
    memcpy(b, s, len < 8 ? len : 8);
    for (k = 7; k >= 0; k--) h = h << 8 | b[k];
    return h;
}

static int rehash(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    size_t n = v->n_slots ? v->n_slots * 2 : 1024, i;
    uint64_t *slots = (uint64_t *)llmmi_calloc(a, n, sizeof(uint64_t));
    if (!slots) return LLMM_ENOMEM;
    for (i = 0; i < v->n_slots; i++) {
        uint64_t e = v->slots[i];
        size_t k;
        if (!e) continue;
        for (k = (e >> 32) & (n - 1); slots[k]; k = (k + 1) & (n - 1)) {}
        slots[k] = e;
    }
    llmmi_free(a, v->slots, v->n_slots * sizeof(uint64_t));
    v->slots = slots;
    v->n_slots = n;
    return LLMM_OK;
}

int llmmi_rouge_vocab_intern(llmmi_rouge_vocab *v, const llmm_allocator *a, const char *s,
                             size_t len, uint32_t *id)
{
    uint32_t h = hash32(s, len);
    uint64_t head = head8(s, len), e;
    size_t k, mask;
    llmmi_rouge_token *t;
    int st;
    if ((size_t)v->count + 1 > v->n_slots / 2 && (st = rehash(v, a)) != LLMM_OK) return st;
    mask = v->n_slots - 1;
    for (k = h & mask; (e = v->slots[k]) != 0; k = (k + 1) & mask) {
        if ((uint32_t)(e >> 32) != h) continue;
        t = &v->tok[(uint32_t)e - 1];
        if (t->len == len && t->head == head &&
            (len <= 8 || memcmp(v->arena + t->off + 8, s + 8, len - 8) == 0)) {
            *id = (uint32_t)e - 1;
            return LLMM_OK;
        }
    }
    if (v->count == UINT32_MAX - 1 || len > UINT32_MAX) return LLMM_EOVERFLOW;
    st = llmmi_grow(a, (void **)&v->tok, &v->cap, (size_t)v->count + 1, sizeof *v->tok);
    if (st != LLMM_OK) return st;
    if (len > (size_t)-1 - v->arena_len) return LLMM_EOVERFLOW;
    if ((st = llmmi_grow(a, (void **)&v->arena, &v->arena_cap, v->arena_len + len, 1)) != LLMM_OK)
        return st;
    if (len) memcpy(v->arena + v->arena_len, s, len);
    t = &v->tok[v->count];
    t->off = v->arena_len;
    t->head = head;
    t->len = (uint32_t)len;
    t->stem = LLMMI_ROUGE_NO_STEM;
    v->arena_len += len;
    v->slots[k] = (uint64_t)h << 32 | (v->count + 1);
    *id = v->count++;
    return LLMM_OK;
}

void llmmi_rouge_vocab_free(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    llmmi_free(a, v->arena, v->arena_cap);
    llmmi_free(a, v->tok, v->cap * sizeof *v->tok);
    llmmi_free(a, v->slots, v->n_slots * sizeof(uint64_t));
    memset(v, 0, sizeof *v);
}

int llmmi_rouge_vocab_trim(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    if (v->count <= LLMMI_ROUGE_VOCAB_LIMIT && v->arena_len <= 16 * LLMMI_ROUGE_VOCAB_LIMIT)
        return 0;
    llmmi_rouge_vocab_free(v, a);
    return 1;
}
