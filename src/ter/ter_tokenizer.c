/* ter_tokenizer.c - sacrebleu's TercomTokenizer (tokenizer_ter.py:22-168).
 *
 * The regular-expression substitutions are replayed as left-to-right passes over
 * code points, each non-overlapping like re.sub. Passes that only insert spaces
 * around single characters (the Asian ones) are merged, since the final
 * ' '.join(split()) makes the number of spaces irrelevant.
 */
#include "ter/ter_tokenizer.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include <string.h>

void llmmi_ter_tokens_free(const llmm_allocator *a, llmmi_ter_tokens *t)
{
    llmmi_cpbuf_free(a, &t->buf[0]);
    llmmi_cpbuf_free(a, &t->buf[1]);
    llmmi_free(a, t->tok, t->cap * sizeof *t->tok);
    memset(t, 0, sizeof *t);
}

static int is_space(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_SPACE) != 0; }
static int is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; } /* re [0-9] */

/* A rewriting pass: src is buf[cur], dst is buf[!cur] with room for `factor` times
 * the source plus `extra` code points. */
typedef struct pass {
    const uint32_t *s;
    size_t n;
    uint32_t *d;
    size_t o;
} pass;

static int pass_begin(const llmm_allocator *a, llmmi_ter_tokens *t, int cur, size_t factor,
                      size_t extra, pass *p)
{
    size_t need;
    int rc;
    if (!llmmi_mul_ok(t->buf[cur].n, factor, &need) || need + extra < need) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(a, &t->buf[!cur], need + extra)) != LLMM_OK) return rc;
    p->s = t->buf[cur].p;
    p->n = t->buf[cur].n;
    p->d = t->buf[!cur].p;
    p->o = 0;
    return LLMM_OK;
}

static int pass_end(llmmi_ter_tokens *t, int cur, const pass *p)
{
    t->buf[!cur].n = p->o;
    return !cur;
}

static int match_lit(const uint32_t *s, size_t n, size_t i, const char *lit)
{
    size_t k;
    for (k = 0; lit[k]; k++)
        if (i + k >= n || s[i + k] != (unsigned char)lit[k]) return 0;
    return 1;
}

/* re.sub(lit, rep, sent) for literal patterns; `rep` is not longer than `lit` plus
 * two (so the destination needs at most 2x + 2). */
static int replace_lit(const llmm_allocator *a, llmmi_ter_tokens *t, int *cur, const char *lit,
                       const char *rep)
{
    pass p;
    size_t i = 0, k, ll = strlen(lit);
    int rc = pass_begin(a, t, *cur, 2, 2, &p);
    if (rc != LLMM_OK) return rc;
    while (i < p.n) {
        if (p.s[i] == (unsigned char)lit[0] && match_lit(p.s, p.n, i, lit)) {
            for (k = 0; rep[k]; k++) p.d[p.o++] = (unsigned char)rep[k];
            i += ll;
        } else {
            p.d[p.o++] = p.s[i++];
        }
    }
    *cur = pass_end(t, *cur, &p);
    return LLMM_OK;
}

/* The class [{-~[-` -&(-+:-@/] of tokenizer_ter.py:42 (ASCII punctuation without
 * ' , - . and with the space). */
static int is_western_punct(uint32_t c)
{
    return (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) ||
           (c >= 0x28 && c <= 0x2B) || (c >= 0x3A && c <= 0x40) || c == 0x2F;
}

/* tokenizer_ter.py:119 ASIAN_PUNCT and FULL_WIDTH_PUNCT */
static int is_asian_punct(uint32_t c)
{
    return c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011) ||
           (c >= 0x3014 && c <= 0x301F) || (c >= 0xFF61 && c <= 0xFF65) || c == 0x30FB;
}
static int is_full_width_punct(uint32_t c)
{
    return c == 0xFF0E || c == 0xFF0C || c == 0xFF1F || c == 0xFF1A || c == 0xFF1B ||
           c == 0xFF01 || c == 0xFF02 || c == 0xFF08 || c == 0xFF09;
}

/* Characters _normalize_asian (tokenizer_ter.py:59-96) surrounds with spaces. The
 * block comment says 3200-32FF but the pattern is U+3200-U+3F22 (:77), which with
 * 3300-33FF and 3400-4DBF makes one range 3200-4DBF. */
static int is_asian_split(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3200 && c <= 0x4DBF) ||
           (c >= 0x31C0 && c <= 0x31EF) || (c >= 0x2E80 && c <= 0x2EFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || is_asian_punct(c) ||
           is_full_width_punct(c);
}

/* _normalize_general_and_western (tokenizer_ter.py:22-56). */
static int normalize_western(const llmm_allocator *a, llmmi_ter_tokens *t, int *cur)
{
    pass p;
    size_t i;
    int rc;
    /* re.sub(r"\n-", "", s); re.sub(r"\n", " ", s) */
    if ((rc = replace_lit(a, t, cur, "\n-", "")) != LLMM_OK) return rc;
    if ((rc = replace_lit(a, t, cur, "\n", " ")) != LLMM_OK) return rc;
    /* XML entities, always, one pass each in this order */
    if ((rc = replace_lit(a, t, cur, "&quot;", "\"")) != LLMM_OK) return rc;
    if ((rc = replace_lit(a, t, cur, "&amp;", "&")) != LLMM_OK) return rc;
    if ((rc = replace_lit(a, t, cur, "&lt;", "<")) != LLMM_OK) return rc;
    if ((rc = replace_lit(a, t, cur, "&gt;", ">")) != LLMM_OK) return rc;
    /* f" {sent} " and r"([{-~[-` -&(-+:-@/])" -> r" \1 " */
    if ((rc = pass_begin(a, t, *cur, 3, 6, &p)) != LLMM_OK) return rc;
    /* the pad spaces are themselves in the class: " " -> "   " */
    p.d[p.o++] = ' ';
    p.d[p.o++] = ' ';
    p.d[p.o++] = ' ';
    for (i = 0; i < p.n; i++) {
        if (is_western_punct(p.s[i])) {
            p.d[p.o++] = ' ';
            p.d[p.o++] = p.s[i];
            p.d[p.o++] = ' ';
        } else {
            p.d[p.o++] = p.s[i];
        }
    }
    p.d[p.o++] = ' ';
    p.d[p.o++] = ' ';
    p.d[p.o++] = ' ';
    *cur = pass_end(t, *cur, &p);
    /* possessives: r"'s " -> r" 's ". The second rule r"'s$" (:46) never matches:
     * the string always ends with the padding spaces. */
    if ((rc = replace_lit(a, t, cur, "'s ", " 's ")) != LLMM_OK) return rc;
    /* r"([^0-9])([\.,])" -> r"\1 \2 " */
    if ((rc = pass_begin(a, t, *cur, 2, 0, &p)) != LLMM_OK) return rc;
    for (i = 0; i < p.n;) {
        if (i + 1 < p.n && !is_digit(p.s[i]) && (p.s[i + 1] == '.' || p.s[i + 1] == ',')) {
            p.d[p.o++] = p.s[i];
            p.d[p.o++] = ' ';
            p.d[p.o++] = p.s[i + 1];
            p.d[p.o++] = ' ';
            i += 2;
        } else {
            p.d[p.o++] = p.s[i++];
        }
    }
    *cur = pass_end(t, *cur, &p);
    /* r"([\.,])([^0-9])" -> r" \1 \2" */
    if ((rc = pass_begin(a, t, *cur, 2, 0, &p)) != LLMM_OK) return rc;
    for (i = 0; i < p.n;) {
        if (i + 1 < p.n && (p.s[i] == '.' || p.s[i] == ',') && !is_digit(p.s[i + 1])) {
            p.d[p.o++] = ' ';
            p.d[p.o++] = p.s[i];
            p.d[p.o++] = ' ';
            p.d[p.o++] = p.s[i + 1];
            i += 2;
        } else {
            p.d[p.o++] = p.s[i++];
        }
    }
    *cur = pass_end(t, *cur, &p);
    /* r"([0-9])(-)" -> r"\1 \2 " */
    if ((rc = pass_begin(a, t, *cur, 2, 0, &p)) != LLMM_OK) return rc;
    for (i = 0; i < p.n;) {
        if (i + 1 < p.n && is_digit(p.s[i]) && p.s[i + 1] == '-') {
            p.d[p.o++] = p.s[i];
            p.d[p.o++] = ' ';
            p.d[p.o++] = '-';
            p.d[p.o++] = ' ';
            i += 2;
        } else {
            p.d[p.o++] = p.s[i++];
        }
    }
    *cur = pass_end(t, *cur, &p);
    return LLMM_OK;
}

/* _normalize_asian (tokenizer_ter.py:59-96): spaces around CJK characters and Asian
 * punctuation. Its Hiragana/Katakana rules (:84-92) need the whole string to be
 * kana, which the " {sent} " padding of the western step rules out, so they never
 * match and kana runs stay whole. */
static int normalize_asian(const llmm_allocator *a, llmmi_ter_tokens *t, int *cur)
{
    pass p;
    size_t i;
    int rc = pass_begin(a, t, *cur, 3, 0, &p);
    if (rc != LLMM_OK) return rc;
    for (i = 0; i < p.n; i++) {
        if (is_asian_split(p.s[i])) {
            p.d[p.o++] = ' ';
            p.d[p.o++] = p.s[i];
            p.d[p.o++] = ' ';
        } else {
            p.d[p.o++] = p.s[i];
        }
    }
    *cur = pass_end(t, *cur, &p);
    return LLMM_OK;
}

/* _remove_punct: [\.,\?:;!\"\(\)] (:100); with asian_support also the Asian and
 * full-width punctuation classes (:103-106). In place. */
static void remove_punct(llmmi_cpbuf *b, int asian)
{
    size_t i, o = 0;
    for (i = 0; i < b->n; i++) {
        uint32_t c = b->p[i];
        int del = c == '.' || c == ',' || c == '?' || c == ':' || c == ';' || c == '!' ||
                  c == '"' || c == '(' || c == ')';
        if (asian && (is_asian_punct(c) || is_full_width_punct(c))) del = 1;
        b->p[o] = c;
        o += !del;
    }
    b->n = o;
}

/* TercomTokenizer.__call__(sent.rstrip()) on the code points in t->buf[cur], then
 * str.split(): fills t->text and t->tok. */
static int tokenize_cps(const llmm_allocator *a, const llmmi_ter_tok_opts *o,
                        llmmi_ter_tokens *t, int cur)
{
    llmmi_cpbuf *b = &t->buf[cur];
    size_t i;
    int rc;

    t->n = 0;
    /* ter.py:126: tokenizer(sent.rstrip()); tokenizer_ter.py:150: "" stays "" */
    while (b->n && is_space(b->p[b->n - 1])) b->n--;
    if (b->n == 0) {
        t->text = b->p;
        return LLMM_OK;
    }
    if (!o->case_sensitive) { /* :153, str.lower() (TER is case-insensitive by default) */
        size_t need;
        if (!llmmi_mul_ok(b->n, LLMMI_LOWER_MAX_EXPANSION, &need)) return LLMM_EOVERFLOW;
        if ((rc = llmmi_cpbuf_reserve(a, &t->buf[!cur], need)) != LLMM_OK) return rc;
        t->buf[!cur].n = llmmi_uc_lower(b->p, b->n, t->buf[!cur].p);
        cur = !cur;
    }
    if (o->normalized) {
        if ((rc = normalize_western(a, t, &cur)) != LLMM_OK) return rc;
        if (o->asian_support && (rc = normalize_asian(a, t, &cur)) != LLMM_OK) return rc;
    }
    if (o->no_punct) remove_punct(&t->buf[cur], o->asian_support);

    /* ' '.join(sent.split()), then TER splits again: the str.split() tokens */
    b = &t->buf[cur];
    t->text = b->p;
    for (i = 0; i < b->n;) {
        size_t st;
        while (i < b->n && is_space(b->p[i])) i++;
        if (i == b->n) break;
        st = i;
        while (i < b->n && !is_space(b->p[i])) i++;
        if (t->n == t->cap) {
            void *p = t->tok;
            if ((rc = llmmi_grow(a, &p, &t->cap, t->n + 1, sizeof *t->tok)) != LLMM_OK) return rc;
            t->tok = (llmmi_ter_span *)p;
        }
        t->tok[t->n].off = st;
        t->tok[t->n].len = i - st;
        t->n++;
    }
    t->cur = cur;
    return LLMM_OK;
}

/* ' '.join(tokens) into the other buffer, which becomes the input of a new pass. */
static int rejoin(const llmm_allocator *a, llmmi_ter_tokens *t, int *cur)
{
    llmmi_cpbuf *d = &t->buf[!*cur];
    size_t k, o = 0, need = t->buf[*cur].n;
    int rc;
    if ((rc = llmmi_cpbuf_reserve(a, d, need ? need : 1)) != LLMM_OK) return rc;
    for (k = 0; k < t->n; k++) {
        if (k) d->p[o++] = ' ';
        memcpy(d->p + o, t->text + t->tok[k].off, t->tok[k].len * sizeof *d->p);
        o += t->tok[k].len;
    }
    d->n = o;
    *cur = !*cur;
    return LLMM_OK;
}

int llmmi_ter_tokenize(const llmm_allocator *a, const llmmi_ter_tok_opts *o, const char *s,
                       size_t len, int twice, llmmi_ter_tokens *t, size_t *bad)
{
    int cur = 0;
    int rc = llmmi_text_decode(a, s, len, 0, &t->buf[0], &t->buf[1], bad);
    if (rc != LLMM_OK) return rc;
    if ((rc = tokenize_cps(a, o, t, 0)) != LLMM_OK) return rc;
    /* Lowercasing, punctuation removal and the whitespace join are idempotent; the
     * normalization is not ("squire's," -> "squire's ," -> "squire 's ,"). */
    if (!twice || !o->normalized || t->n == 0) return LLMM_OK;
    cur = t->cur;
    if ((rc = rejoin(a, t, &cur)) != LLMM_OK) return rc;
    return tokenize_cps(a, o, t, cur);
}
