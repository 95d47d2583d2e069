/* normalize.c - evaluate-v1.1.py `normalize_answer` (REFERENCE-QUIRKS.md section 9):
 * white_space_fix(remove_articles(remove_punc(lower(s)))). */
#include "squad_internal.h"
#include "core/alloc.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include <string.h>

int llmmi_squad_is_word(uint32_t cp)
{
    size_t lo = 0, hi = llmmi_squad_word_n_ranges;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               cp == '_';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < llmmi_squad_word_ranges[mid][0]) hi = mid;
        else if (cp > llmmi_squad_word_ranges[mid][1]) lo = mid + 1;
        else return 1;
    }
    return 0;
}

/* string.punctuation: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ (ASCII only: Unicode
 * punctuation such as U+00AB or U+2014 stays). */
static int is_ascii_punct(uint32_t cp)
{
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
}

/* Length of an article (a | an | the, tried in that order as the regex alternation
 * does) starting at f[i] and followed by a word boundary, else 0. The caller checks
 * the boundary before f[i]. */
static size_t article_at(const uint32_t *f, size_t m, size_t i)
{
#define BOUNDARY_AT(j) ((j) == m || !llmmi_squad_is_word(f[j]))
    if (f[i] == 'a') {
        if (BOUNDARY_AT(i + 1)) return 1;
        if (i + 1 < m && f[i + 1] == 'n' && BOUNDARY_AT(i + 2)) return 2;
    } else if (f[i] == 't' && i + 2 < m && f[i + 1] == 'h' && f[i + 2] == 'e' &&
               BOUNDARY_AT(i + 3)) {
        return 3;
    }
    return 0;
#undef BOUNDARY_AT
}

int llmmi_squad_normalize(llmm_squad *s, llmm_str text, llmmi_cpbuf *out, size_t *len)
{
    size_t n, m, i, j, k, lowcap;
    uint32_t *f, *o;
    int rc;
    if (text.len && !text.ptr) return LLMM_ENULL;
    if ((rc = llmmi_cpbuf_reserve(&s->alloc, &s->dec, text.len)) != LLMM_OK) return rc;
    if ((rc = llmmi_utf8_decode(text.ptr, text.len, s->dec.p, &n, NULL)) != LLMM_OK) return rc;
    if (n > (size_t)-1 / LLMMI_LOWER_MAX_EXPANSION) return LLMM_EOVERFLOW;
    lowcap = n * LLMMI_LOWER_MAX_EXPANSION;
    if ((rc = llmmi_cpbuf_reserve(&s->alloc, &s->low, lowcap)) != LLMM_OK) return rc;
    if ((rc = llmmi_cpbuf_reserve(&s->alloc, out, lowcap)) != LLMM_OK) return rc;
    /* lower(), then remove_punc() in place */
    m = llmmi_uc_lower(s->dec.p, n, s->low.p);
    f = s->low.p;
    for (i = j = 0; i < m; i++)
        if (!is_ascii_punct(f[i])) f[j++] = f[i];
    m = j;
    /* remove_articles(): re.sub(r'\b(a|an|the)\b', ' ', text), boundaries judged on the
     * punctuation-free text (re.sub matches on its input, not on its output). */
    if ((rc = llmmi_cpbuf_reserve(&s->alloc, &s->dec, m)) != LLMM_OK) return rc; /* reused as output */
    o = s->dec.p;
    for (i = k = 0; i < m;) {
        size_t a = 0;
        if (i == 0 || !llmmi_squad_is_word(f[i - 1])) a = article_at(f, m, i);
        if (a) {
            o[k++] = ' ';
            i += a;
        } else {
            o[k++] = f[i++];
        }
    }
    /* white_space_fix(): ' '.join(text.split()) with str.isspace() separators */
    for (i = j = 0; i < k;) {
        while (i < k && llmmi_uc_is_space(o[i])) i++;
        if (i == k) break;
        if (j) out->p[j++] = ' ';
        while (i < k && !llmmi_uc_is_space(o[i])) out->p[j++] = o[i++];
    }
    *len = j;
    return LLMM_OK;
}
