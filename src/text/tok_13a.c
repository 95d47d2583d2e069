/* tok_13a.c - the string preprocessing of sacrebleu's 13a tokenizer (mteval-v13a);
 * its regex chain is in tok_stream.c. */
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

int llmmi_tok_13a_needs_prepare(const char *utf8, size_t len)
{
    /* The three characters are ASCII, and lowercasing never creates or removes
     * them, so looking at the raw bytes is exact. */
    return len && (memchr(utf8, '&', len) || memchr(utf8, '<', len) || memchr(utf8, '\n', len));
}

size_t llmmi_tok_13a_prepare(const uint32_t *src, size_t n, uint32_t *dst)
{
    size_t m, i;
    int amp = 0;
    for (i = 0; i < n; i++) amp |= src[i] == '&';
    /* Each replacement keeps or shrinks the length, so after the first pass the
     * others run in place. */
    m = replace_all(src, n, "<skipped>", "", dst);
    m = replace_all(dst, m, "-\n", "", dst);
    m = replace_all(dst, m, "\n", " ", dst);
    /* tokenizer_13a.py:24-32: entities are unescaped only if '&' occurs, in this
     * order, one full pass each (so "&amp;quot;" becomes "&quot;" and stays). */
    if (amp) {
        m = replace_all(dst, m, "&quot;", "\"", dst);
        m = replace_all(dst, m, "&amp;", "&", dst);
        m = replace_all(dst, m, "&lt;", "<", dst);
        m = replace_all(dst, m, "&gt;", ">", dst);
    }
    return m;
}
