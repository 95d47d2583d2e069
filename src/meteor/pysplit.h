/* pysplit.h - Python's str.split() / str.strip() whitespace on valid UTF-8 bytes.
 *
 * Python's str.isspace() set (core/unicode.h, CPython 3.11): ASCII \t \n \v \f \r,
 * \x1c-\x1f and space, plus the non-ASCII separators (U+0085, U+00A0, U+1680,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). On invalid UTF-8 only
 * well-formed spaces separate: invalid bytes stay inside tokens.
 */
#ifndef LLMMI_PYSPLIT_H
#define LLMMI_PYSPLIT_H
#include "core/unicode.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The non-ASCII part of llmmi_py_space_at(). */
size_t llmmi_py_space_at_nonascii(const char *p, const char *end);

/* Byte length of the whitespace character at p (p < end), or 0 if it is not one. */
static inline size_t llmmi_py_space_at(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) return (llmmi_uc_ascii_props[c] & LLMMI_UC_SPACE) ? 1 : 0;
    return llmmi_py_space_at_nonascii(p, end);
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Byte index of the first byte of [s, s + 8) that is below 0x21 or above 0x7F (the
 * only bytes that can start a space), or 8. The lowest flagged byte is exact: a borrow
 * of the subtraction only reaches bytes above a byte below 0x21. */
static inline unsigned llmmi_py_first_special(const char *s)
{
    uint64_t x, m;
    memcpy(&x, s, 8);
    m = ((x - UINT64_C(0x2121212121212121)) & ~x & UINT64_C(0x8080808080808080)) |
        (x & UINT64_C(0x8080808080808080));
    return m ? (unsigned)__builtin_ctzll(m) >> 3 : 8u;
}
#define LLMMI_HAVE_FIRST_SPECIAL 1
#endif

/* The next str.split() token at or after *p: [*tok, *tok_end); *p moves past it.
 * Returns 0 when only whitespace is left. Inline: it runs once per token. */
static inline int llmmi_py_next_token(const char **p, const char *end, const char **tok,
                                      const char **tok_end)
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
#ifdef LLMMI_HAVE_FIRST_SPECIAL
        /* jump to the next byte that may start a space, eight bytes at a time */
        while (end - s >= 8) {
            unsigned k = llmmi_py_first_special(s);
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

/* str.strip(): shrinks [*b, *e) by leading and trailing whitespace. */
void llmmi_py_strip(const char **b, const char **e);

#endif
