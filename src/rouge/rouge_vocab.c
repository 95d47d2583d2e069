/* rouge_vocab.c - interning of token strings into dense ids (open addressing). */
#include "rouge_internal.h"
#include <string.h>
#include <xxhash.h>

static uint32_t hash32(const char *s, size_t len)
{
    uint64_t h = XXH3_64bits(s, len);
    return (uint32_t)(h ^ (h >> 32));
}

static int rehash(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    size_t n = v->n_slots ? v->n_slots * 2 : 1024, bytes, i;
    uint32_t *slots;
    if (!llmmi_mul_ok(n, sizeof(uint32_t), &bytes)) return LLMM_EOVERFLOW;
    slots = (uint32_t *)llmmi_calloc(a, n, sizeof(uint32_t));
    if (!slots) return LLMM_ENOMEM;
    for (i = 0; i < v->count; i++) {
        size_t k = v->tok[i].hash & (n - 1);
        while (slots[k]) k = (k + 1) & (n - 1);
        slots[k] = (uint32_t)i + 1;
    }
    llmmi_free(a, v->slots, v->n_slots * sizeof(uint32_t));
    v->slots = slots;
    v->n_slots = n;
    return LLMM_OK;
}


int llmmi_rouge_vocab_intern(llmmi_rouge_vocab *v, const llmm_allocator *a, const char *s,
                             size_t len, uint32_t *id)
{
    uint32_t h = hash32(s, len);
    size_t k, mask;
    int st;
    if ((size_t)v->count + 1 > v->n_slots / 2 && (st = rehash(v, a)) != LLMM_OK) return st;
    mask = v->n_slots - 1;
    for (k = h & mask; v->slots[k]; k = (k + 1) & mask) {
        const llmmi_rouge_token *e = &v->tok[v->slots[k] - 1];
        if (e->hash == h && e->len == len && memcmp(v->arena + e->off, s, len) == 0) {
            *id = v->slots[k] - 1;
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
    v->tok[v->count].off = v->arena_len;
    v->tok[v->count].len = (uint32_t)len;
    v->tok[v->count].hash = h;
    v->tok[v->count].stem = LLMMI_ROUGE_NO_STEM;
    v->arena_len += len;
    v->slots[k] = v->count + 1;
    *id = v->count++;
    return LLMM_OK;
}

void llmmi_rouge_vocab_free(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    llmmi_free(a, v->arena, v->arena_cap);
    llmmi_free(a, v->tok, v->cap * sizeof *v->tok);
    llmmi_free(a, v->slots, v->n_slots * sizeof(uint32_t));
    memset(v, 0, sizeof *v);
}

int llmmi_rouge_vocab_trim(llmmi_rouge_vocab *v, const llmm_allocator *a)
{
    if (v->count <= LLMMI_ROUGE_VOCAB_LIMIT && v->arena_len <= 16 * LLMMI_ROUGE_VOCAB_LIMIT)
        return 0;
    llmmi_rouge_vocab_free(v, a);
    return 1;
}
