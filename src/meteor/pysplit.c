/* pysplit.c - Python whitespace splitting on UTF-8 (see pysplit.h). */
#include "pysplit.h"
#include "core/unicode.h"
#include <stdint.h>

#define CONT(b) (((b)&0xC0u) == 0x80u)

/* Every non-ASCII space is U+0085 or U+00A0 (C2 xx) or lies in U+1680..U+3000 (E1..E3
 * xx xx). Only a complete, well-formed sequence counts: an invalid byte is never taken
 * for a space, so it stays inside a token, where it is reported (LLMM_EUTF8). */
size_t llmmi_py_space_at_nonascii(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    if (u[0] == 0xC2)
        return avail >= 2 && CONT(u[1]) && llmmi_uc_is_space(0x80u | (u[1] & 0x3Fu)) ? 2 : 0;
    if (u[0] >= 0xE1 && u[0] <= 0xE3 && avail >= 3 && CONT(u[1]) && CONT(u[2]))
        return llmmi_uc_is_space((uint32_t)(u[0] & 0x0Fu) << 12 | (uint32_t)(u[1] & 0x3Fu) << 6 |
                                 (u[2] & 0x3Fu))
                   ? 3
                   : 0;
    return 0;
}

void llmmi_py_strip(const char **b, const char **e)
{
    const char *s = *b, *t = *e;
    size_t n;
    while (s < t && (n = llmmi_py_space_at(s, t)) != 0) s += n;
    /* trailing: step back over one character at a time */
    while (t > s) {
        const char *c = t - 1;
        while (c > s && ((unsigned char)*c & 0xC0) == 0x80) c--;
        if (llmmi_py_space_at(c, t) == 0) break;
        t = c;
    }
    *b = s;
    *e = t;
}
