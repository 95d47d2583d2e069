/* pysplit.c - Python whitespace splitting on UTF-8 (see pysplit.h). */
#include "pysplit.h"
#include "core/unicode.h"
#include <stdint.h>
#include <string.h>

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

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Byte index of the first byte of [s, s + 8) that is below 0x21 or above 0x7F (the
 * only bytes that can start a space), or 8. The lowest flagged byte is exact: a borrow
 * of the subtraction only reaches bytes above a byte below 0x21. */
static inline unsigned first_special(const char *s)
{
    uint64_t x, m;
    memcpy(&x, s, 8);
    m = ((x - UINT64_C(0x2121212121212121)) & ~x & UINT64_C(0x8080808080808080)) |
        (x & UINT64_C(0x8080808080808080));
    return m ? (unsigned)__builtin_ctzll(m) >> 3 : 8u;
}
#define HAVE_FIRST_SPECIAL 1
#endif

int llmmi_py_next_token(const char **p, const char *end, const char **tok, const char **tok_end)
{
    const char *s = *p;
    size_t n;
    while (s < end && (n = llmmi_py_space_at(s, end)) != 0) s += n;
    if (s >= end) {
        *p = end;
        return 0;
    }
    *tok = s++; /* the first byte is not a space */
    for (;;) {
#ifdef HAVE_FIRST_SPECIAL
        /* jump to the next byte that may start a space, eight bytes at a time */
        while (end - s >= 8) {
            unsigned k = first_special(s);
            s += k;
            if (k < 8) break;
        }
#endif
        if (s >= end || llmmi_py_space_at(s, end) != 0) break;
        s++;
    }
    *tok_end = s;
    *p = s;
    return 1;
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
