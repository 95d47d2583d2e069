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

/* The non-ASCII part of llmmi_py_space_at(). */
size_t llmmi_py_space_at_nonascii(const char *p, const char *end);

/* Byte length of the whitespace character at p (p < end), or 0 if it is not one. */
static inline size_t llmmi_py_space_at(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) return (llmmi_uc_ascii_props[c] & LLMMI_UC_SPACE) ? 1 : 0;
    return llmmi_py_space_at_nonascii(p, end);
}

/* The next str.split() token at or after *p: [*tok, *tok_end); *p moves past it.
 * Returns 0 when only whitespace is left. */
int llmmi_py_next_token(const char **p, const char *end, const char **tok,
                        const char **tok_end);

/* str.strip(): shrinks [*b, *e) by leading and trailing whitespace. */
void llmmi_py_strip(const char **b, const char **e);

#endif
