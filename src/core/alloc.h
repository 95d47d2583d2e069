/* alloc.h - internal allocation through the optional caller allocator.
 * Every size computation that could overflow goes through llmmi_mul_ok(). */
#ifndef LLMMI_ALLOC_H
#define LLMMI_ALLOC_H
#include "llmm_common.h"

/* Resolves a possibly-NULL caller allocator to a usable one (copied by value). */
void llmmi_alloc_init(llmm_allocator *dst, const llmm_allocator *src);
void *llmmi_malloc(const llmm_allocator *a, size_t size);
void *llmmi_calloc(const llmm_allocator *a, size_t n, size_t size);
void *llmmi_realloc(const llmm_allocator *a, void *p, size_t old_size, size_t new_size);
void llmmi_free(const llmm_allocator *a, void *p, size_t size);

/* 1 when a*b fits in size_t (and stores it in *out), else 0. */
static inline int llmmi_mul_ok(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > (size_t)-1 / b) return 0;
    *out = a * b;
    return 1;
}

/* Grows a buffer of `elem`-sized items to hold at least `need` items, doubling.
 * Returns LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW; *buf / *cap are updated. */
int llmmi_grow(const llmm_allocator *a, void **buf, size_t *cap, size_t need, size_t elem);

#endif
