/* cpbuf.c - growable code-point buffers. */
#include "cpbuf.h"
#include "alloc.h"

int llmmi_cpbuf_reserve(const llmm_allocator *a, llmmi_cpbuf *b, size_t need)
{
    void *p = b->p;
    int rc = llmmi_grow(a, &p, &b->cap, need ? need : 1, sizeof *b->p);
    b->p = (uint32_t *)p;
    return rc;
}

void llmmi_cpbuf_free(const llmm_allocator *a, llmmi_cpbuf *b)
{
    llmmi_free(a, b->p, b->cap * sizeof *b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}
