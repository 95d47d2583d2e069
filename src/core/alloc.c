/* alloc.c - default allocator and growth helper. */
#include "alloc.h"
#include <stdlib.h>
#include <string.h>

static void *default_alloc(void *user, size_t size) { (void)user; return malloc(size ? size : 1); }
static void *default_realloc(void *user, void *p, size_t old_size, size_t new_size)
{
    (void)user; (void)old_size;
    return realloc(p, new_size ? new_size : 1);
}
static void default_free(void *user, void *p, size_t size) { (void)user; (void)size; free(p); }

void llmmi_alloc_init(llmm_allocator *dst, const llmm_allocator *src)
{
    if (src && src->alloc && src->free) {
        *dst = *src;
    } else {
        dst->alloc = default_alloc;
        dst->realloc = default_realloc;
        dst->free = default_free;
        dst->user = NULL;
    }
}

void *llmmi_malloc(const llmm_allocator *a, size_t size) { return a->alloc(a->user, size); }

void *llmmi_calloc(const llmm_allocator *a, size_t n, size_t size)
{
    size_t total;
    void *p;
    if (!llmmi_mul_ok(n, size, &total)) return NULL;
    p = a->alloc(a->user, total);
    if (p) memset(p, 0, total);
    return p;
}

void *llmmi_realloc(const llmm_allocator *a, void *p, size_t old_size, size_t new_size)
{
    void *q;
    if (a->realloc) return a->realloc(a->user, p, old_size, new_size);
    q = a->alloc(a->user, new_size);
    if (!q) return NULL;
    if (p) {
        memcpy(q, p, old_size < new_size ? old_size : new_size);
        a->free(a->user, p, old_size);
    }
    return q;
}

void llmmi_free(const llmm_allocator *a, void *p, size_t size)
{
    if (p) a->free(a->user, p, size);
}

int llmmi_grow(const llmm_allocator *a, void **buf, size_t *cap, size_t need, size_t elem)
{
    size_t new_cap, old_bytes, new_bytes;
    void *p;
    if (need <= *cap) return LLMM_OK;
    new_cap = *cap ? *cap : 16;
    while (new_cap < need) {
        if (new_cap > (size_t)-1 / 2) return LLMM_EOVERFLOW;
        new_cap *= 2;
    }
    if (!llmmi_mul_ok(new_cap, elem, &new_bytes)) return LLMM_EOVERFLOW;
    old_bytes = *cap * elem;
    p = llmmi_realloc(a, *buf, old_bytes, new_bytes);
    if (!p) return LLMM_ENOMEM;
    *buf = p;
    *cap = new_cap;
    return LLMM_OK;
}
