/* chrf_text.c - a segment as the characters chrF's n-grams run over and, for chrF++,
 * its str.split() tokens (sacrebleu/metrics/chrf.py, metrics/helpers.py). */
#include "chrf/chrf_internal.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include "text/textbuf.h"

/* Lowercased with the option (chrf.py:158, on the whole string, so final sigma sees
 * its context); unless `whitespace`, every str.split() whitespace character is
 * deleted (''.join(line.split()), helpers.py:62-67); with word_order, the tokens of
 * str.split() are recorded as (start, length) pairs in c->chars. */
int llmmi_chrf_decode(llmm_chrf *c, llmm_str s)
{
    const int keep = c->opts.whitespace, words = c->opts.word_order > 0;
    const uint32_t *t;
    uint32_t *out, *tok;
    size_t i, n, nt, start, cap;
    int rc, in = 0;
    if (!c->opts.lowercase && !keep && !words) /* decode and drop whitespace in one pass */
        return llmmi_text_decode_nospace(&c->alloc, s.ptr, s.len, &c->chars, NULL);
    rc = llmmi_text_decode(&c->alloc, s.ptr, s.len, c->opts.lowercase, &c->text, &c->tmp, NULL);
    if (rc != LLMM_OK) return rc;
    /* at most one token per two characters, plus one */
    if (!llmmi_mul_ok(c->text.n / 2 + 1, 2, &cap)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->toks, cap)) != LLMM_OK) return rc;
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->chars, c->text.n + 1)) != LLMM_OK) return rc;
    t = c->text.p;
    out = c->chars.p;
    tok = c->toks.p;
    for (i = n = nt = start = 0; i < c->text.n; i++) {
        int sp = llmmi_uc_is_space_inline(t[i]);
        if (!sp && !in) start = n;
        if (sp && in) {
            tok[nt++] = (uint32_t)start;
            tok[nt++] = (uint32_t)(n - start);
        }
        in = !sp;
        out[n] = t[i];
        n += keep | !sp;
    }
    if (in) {
        tok[nt++] = (uint32_t)start;
        tok[nt++] = (uint32_t)(n - start);
    }
    c->chars.n = n;
    c->toks.n = words ? nt : 0;
    return LLMM_OK;
}
