/* chrf_text.c - a segment as the characters chrF's n-grams run over and its
 * str.split() tokens (sacrebleu/metrics/chrf.py, metrics/helpers.py), decoded from
 * UTF-8 in one pass. */
#include "chrf/chrf_internal.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include "text/textbuf.h"

/* Stores character cp at out[*n], kept unless it is whitespace and `keep` is 0
 * (''.join(line.split()), helpers.py:62-67), and records a token boundary at each
 * change between whitespace and not: tok holds (start, end) pairs of positions in
 * out, *in says whether a token is open. */
static inline void put(uint32_t cp, int keep, uint32_t *out, size_t *n, uint32_t *tok,
                       size_t *nt, int *in)
{
    int sp = llmmi_uc_is_space_inline(cp);
    if (sp == *in) { /* a token starts (not space, none open) or ends */
        tok[(*nt)++] = (uint32_t)*n;
        *in = !sp;
    }
    out[*n] = cp;
    *n += (size_t)(keep | !sp);
}

/* Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF) of
 * s[0..len) through put(); returns the number of characters stored, or (size_t)-1
 * for invalid input. Runs of printable ASCII and of two-byte characters from U+00C0
 * (no whitespace lies in U+00C0..U+07FF) take a short path. */
static size_t decode(const unsigned char *s, size_t len, int keep, uint32_t *out, uint32_t *tok,
                     size_t *n_tok)
{
    size_t i = 0, n = 0, nt = 0;
    int in = 0;
    while (i < len) {
        size_t n0 = n, m;
        uint32_t cp;
        unsigned c;
        do {
            m = n;
            while (i < len && s[i] - 0x21u < 0x5Eu) out[n++] = s[i++];
            while (i + 1 < len && s[i] - 0xC3u < 0x1Du && (s[i + 1] & 0xC0) == 0x80) {
                out[n++] = (uint32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
                i += 2;
            }
        } while (n != m);
        if (n != n0 && !in) {
            tok[nt++] = (uint32_t)n0;
            in = 1;
        }
        if (i == len) break;
        c = s[i];
        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if (c < 0xE0) {
            if (c < 0xC2 || i + 1 >= len || (s[i + 1] & 0xC0) != 0x80) return (size_t)-1;
            cp = (uint32_t)(c & 0x1F) << 6 | (s[i + 1] & 0x3F);
            i += 2;
        } else if (c < 0xF0) {
            if (i + 2 >= len || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return (size_t)-1;
            i += 3;
        } else {
            if (c > 0xF4 || i + 3 >= len || (s[i + 1] & 0xC0) != 0x80 ||
                (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                 (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
            if (cp < 0x10000 || cp > 0x10FFFF) return (size_t)-1;
            i += 4;
        }
        put(cp, keep, out, &n, tok, &nt, &in);
    }
    if (in) tok[nt++] = (uint32_t)n;
    *n_tok = nt;
    return n;
}

/* Lowercased with the option (chrf.py:158, on the whole string, so final sigma sees
 * its context), then as decode(). */
int llmmi_chrf_decode(llmm_chrf *c, llmm_str s)
{
    const int keep = c->opts.whitespace;
    size_t i, n = 0, nt = 0;
    int rc, in = 0;
    if (!s.ptr && s.len) return LLMM_ENULL;
    if (!c->opts.lowercase) {
        /* at most one character per byte, one token boundary per character, plus one */
        if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->chars, s.len + 1)) != LLMM_OK) return rc;
        if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->toks, s.len + 1)) != LLMM_OK) return rc;
        n = decode((const unsigned char *)s.ptr, s.len, keep, c->chars.p, c->toks.p, &nt);
        if (n == (size_t)-1) return LLMM_EUTF8;
    } else {
        rc = llmmi_text_decode(&c->alloc, s.ptr, s.len, 1, &c->text, &c->tmp, NULL);
        if (rc != LLMM_OK) return rc;
        if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->chars, c->text.n + 1)) != LLMM_OK) return rc;
        if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->toks, c->text.n + 1)) != LLMM_OK) return rc;
        for (i = 0; i < c->text.n; i++)
            put(c->text.p[i], keep, c->chars.p, &n, c->toks.p, &nt, &in);
        if (in) c->toks.p[nt++] = (uint32_t)n;
    }
    c->chars.n = n;
    c->toks.n = nt;
    return LLMM_OK;
}
