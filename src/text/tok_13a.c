/* tok_13a.c - sacrebleu's 13a tokenizer (mteval-v13a) and the regex chain it shares
 * with the zh tokenizer. */
#include "tokenizers.h"
#include <string.h>

/* Python str.replace(old, new) over code points: all non-overlapping occurrences,
 * left to right. Patterns are ASCII. */
static size_t replace_all(const uint32_t *src, size_t n, const char *old, const char *rep,
                          uint32_t *dst)
{
    size_t olen = strlen(old), rlen = strlen(rep), i = 0, o = 0, k;
    while (i < n) {
        if (src[i] == (uint32_t)(unsigned char)old[0] && n - i >= olen) {
            for (k = 1; k < olen && src[i + k] == (uint32_t)(unsigned char)old[k]; k++)
                ;
            if (k == olen) {
                for (k = 0; k < rlen; k++) dst[o++] = (unsigned char)rep[k];
                i += olen;
                continue;
            }
        }
        dst[o++] = src[i++];
    }
    return o;
}

static int contains(const uint32_t *s, size_t n, uint32_t cp)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] == cp) return 1;
    return 0;
}

size_t llmmi_tok_13a_prepare(const uint32_t *src, size_t n, uint32_t *dst)
{
    /* Each replacement shrinks or keeps the length, so the passes can run in
     * place in dst after the first one. */
    size_t m = replace_all(src, n, "<skipped>", "", dst);
    m = replace_all(dst, m, "-\n", "", dst);
    m = replace_all(dst, m, "\n", " ", dst);
    /* tokenizer_13a.py:24-32: entities are unescaped only if '&' occurs, in this
     * order, one full pass each (so "&amp;quot;" becomes "&quot;" and stays). */
    if (contains(dst, m, '&')) {
        m = replace_all(dst, m, "&quot;", "\"", dst);
        m = replace_all(dst, m, "&amp;", "&", dst);
        m = replace_all(dst, m, "&lt;", "<", dst);
        m = replace_all(dst, m, "&gt;", ">", dst);
    }
    /* tokenizer_13a.py:34: f' {line} ' */
    memmove(dst + 1, dst, m * sizeof *dst);
    dst[0] = ' ';
    dst[m + 1] = ' ';
    return m + 2;
}

/* The class of tokenizer_re.py:15, [\{-\~\[-\` -\&\(-\+\:-\@\/] (ASCII only). */
static int is_re1_class(uint32_t c)
{
    return (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) ||
           (c >= 0x28 && c <= 0x2B) || (c >= 0x3A && c <= 0x40) || c == 0x2F;
}

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static int is_dot_comma(uint32_t c) { return c == '.' || c == ','; }

size_t llmmi_tok_re_pass(int pass, const uint32_t *src, size_t n, uint32_t *dst)
{
    size_t i = 0, o = 0;
    switch (pass) {
    case 0: /* ([\{-\~\[-\` -\&\(-\+\:-\@\/]) -> ' \1 ' */
        for (i = 0; i < n; i++) {
            if (is_re1_class(src[i])) {
                dst[o++] = ' ';
                dst[o++] = src[i];
                dst[o++] = ' ';
            } else {
                dst[o++] = src[i];
            }
        }
        return o;
    case 1: /* ([^0-9])([\.,]) -> '\1 \2 ' */
        while (i < n) {
            if (i + 1 < n && !is_digit(src[i]) && is_dot_comma(src[i + 1])) {
                dst[o++] = src[i];
                dst[o++] = ' ';
                dst[o++] = src[i + 1];
                dst[o++] = ' ';
                i += 2;
            } else {
                dst[o++] = src[i++];
            }
        }
        return o;
    case 2: /* ([\.,])([^0-9]) -> ' \1 \2' */
        while (i < n) {
            if (i + 1 < n && is_dot_comma(src[i]) && !is_digit(src[i + 1])) {
                dst[o++] = ' ';
                dst[o++] = src[i];
                dst[o++] = ' ';
                dst[o++] = src[i + 1];
                i += 2;
            } else {
                dst[o++] = src[i++];
            }
        }
        return o;
    default: /* ([0-9])(-) -> '\1 \2 ' */
        while (i < n) {
            if (i + 1 < n && is_digit(src[i]) && src[i + 1] == '-') {
                dst[o++] = src[i];
                dst[o++] = ' ';
                dst[o++] = '-';
                dst[o++] = ' ';
                i += 2;
            } else {
                dst[o++] = src[i++];
            }
        }
        return o;
    }
}
