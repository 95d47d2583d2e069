/* cpbuf.h - a growable buffer of code points, the working storage of every text
 * metric (decoded, lowercased and tokenized strings). */
#ifndef LLMMI_CPBUF_H
#define LLMMI_CPBUF_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

typedef struct llmmi_cpbuf {
    uint32_t *p;
    size_t n, cap;   /* fill and capacity, in code points */
} llmmi_cpbuf;

/* Ensures room for `need` code points (contents kept). LLMM_OK, LLMM_ENOMEM or
 * LLMM_EOVERFLOW. */
int llmmi_cpbuf_reserve(const llmm_allocator *a, llmmi_cpbuf *b, size_t need);
void llmmi_cpbuf_free(const llmm_allocator *a, llmmi_cpbuf *b);

#endif
