/* sbuf.h - appending text to a caller's bounded buffer (signatures, names), without
 * stdio. Shared by chrF and TER. */
#ifndef LLMMI_SBUF_H
#define LLMMI_SBUF_H
#include "llmm_common.h"
#include <stddef.h>

typedef struct llmmi_sbuf {
    char *p;
    size_t n, cap;
    int overflow;
} llmmi_sbuf;

static inline void llmmi_sbuf_init(llmmi_sbuf *b, char *p, size_t cap)
{
    b->p = p;
    b->n = 0;
    b->cap = cap;
    b->overflow = 0;
}

static inline void llmmi_sbuf_char(llmmi_sbuf *b, char c)
{
    if (b->n + 1 < b->cap) b->p[b->n++] = c;
    else b->overflow = 1;
}

static inline void llmmi_sbuf_str(llmmi_sbuf *b, const char *s)
{
    for (; *s; s++) llmmi_sbuf_char(b, *s);
}

static inline void llmmi_sbuf_int(llmmi_sbuf *b, long v)
{
    char d[24];
    int k = 0;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    if (v < 0) llmmi_sbuf_char(b, '-');
    do {
        d[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (k) llmmi_sbuf_char(b, d[--k]);
}

/* NUL-terminates; LLMM_EBUFFER when the text did not fit. */
static inline int llmmi_sbuf_finish(llmmi_sbuf *b)
{
    if (b->cap == 0) return LLMM_EBUFFER;
    b->p[b->n] = 0;
    return b->overflow ? LLMM_EBUFFER : LLMM_OK;
}

#endif
