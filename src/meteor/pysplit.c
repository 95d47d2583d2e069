/* pysplit.c - Python whitespace splitting on UTF-8 (see pysplit.h). */
#include "pysplit.h"
#include "core/unicode.h"
#include <stdint.h>

/* Code point and length of the (valid) UTF-8 sequence at p. */
static uint32_t decode(const unsigned char *p, const unsigned char *end, size_t *n)
{
    if (p[0] < 0xE0 && p + 1 < end) {
        *n = 2;
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0 && p + 2 < end) {
        *n = 3;
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    if (p + 3 < end) {
        *n = 4;
        return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
               (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
    }
    *n = 1; /* truncated sequence: not a space */
    return 0xFFFD;
}

size_t llmmi_py_space_at_nonascii(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    uint32_t cp;
    size_t n;
    /* every non-ASCII space starts with C2, E1, E2 or E3 */
    if (u[0] != 0xC2 && (u[0] < 0xE1 || u[0] > 0xE3)) return 0;
    cp = decode(u, (const unsigned char *)end, &n);
    return llmmi_uc_is_space(cp) ? n : 0;
}

int llmmi_py_next_token(const char **p, const char *end, const char **tok, const char **tok_end)
{
    const char *s = *p;
    size_t n;
    while (s < end && (n = llmmi_py_space_at(s, end)) != 0) s += n;
    if (s >= end) {
        *p = end;
        return 0;
    }
    *tok = s;
    while (s < end && llmmi_py_space_at(s, end) == 0) s++;
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
