/* textws.c - decode, lowercase, rstrip, tokenize and split one segment. */
#include "textws.h"
#include "tokenizers.h"
#include "core/alloc.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include "llmm_bleu.h"
#include <string.h>

void llmmi_textws_init(llmmi_textws *ws, const llmm_allocator *alloc)
{
    memset(ws, 0, sizeof *ws);
    llmmi_alloc_init(&ws->alloc, alloc);
}

static void cpbuf_free(const llmm_allocator *a, llmmi_cpbuf *b)
{
    llmmi_free(a, b->p, b->cap * sizeof *b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

void llmmi_textws_free(llmmi_textws *ws)
{
    if (!ws) return;
    cpbuf_free(&ws->alloc, &ws->scratch[0]);
    cpbuf_free(&ws->alloc, &ws->scratch[1]);
    cpbuf_free(&ws->alloc, &ws->arena);
    llmmi_free(&ws->alloc, ws->tok_off, ws->tok_off_cap * sizeof *ws->tok_off);
    llmmi_free(&ws->alloc, ws->tok_len, ws->tok_len_cap * sizeof *ws->tok_len);
    ws->tok_off = NULL;
    ws->tok_len = NULL;
    ws->ntok = ws->tok_off_cap = ws->tok_len_cap = 0;
}

void llmmi_textws_reset(llmmi_textws *ws)
{
    ws->arena.n = 0;
    ws->ntok = 0;
}

int llmmi_cpbuf_reserve(const llmm_allocator *a, llmmi_cpbuf *buf, size_t need)
{
    void *p = buf->p;
    int rc = llmmi_grow(a, &p, &buf->cap, need, sizeof *buf->p);
    buf->p = (uint32_t *)p;
    return rc;
}

/* Room for one tokenizer pass: every pass writes at most 3n + 2 code points. */
static int reserve_pass(llmmi_textws *ws, int which, size_t n)
{
    if (n > ((size_t)-1 / sizeof(uint32_t) - 2) / 3) return LLMM_EOVERFLOW;
    return llmmi_cpbuf_reserve(&ws->alloc, &ws->scratch[which], 3 * n + 2);
}

static int push_token(llmmi_textws *ws, size_t off, size_t len)
{
    if (ws->ntok == ws->tok_off_cap || ws->ntok == ws->tok_len_cap) {
        void *po = ws->tok_off, *pl = ws->tok_len;
        int rc = llmmi_grow(&ws->alloc, &po, &ws->tok_off_cap, ws->ntok + 1, sizeof *ws->tok_off);
        ws->tok_off = (size_t *)po;
        if (rc) return rc;
        rc = llmmi_grow(&ws->alloc, &pl, &ws->tok_len_cap, ws->ntok + 1, sizeof *ws->tok_len);
        ws->tok_len = (uint32_t *)pl;
        if (rc) return rc;
    }
    if (len > UINT32_MAX) return LLMM_EOVERFLOW;
    ws->tok_off[ws->ntok] = off;
    ws->tok_len[ws->ntok] = (uint32_t)len;
    ws->ntok++;
    return LLMM_OK;
}

/* Python str.split(): maximal runs of non-whitespace become tokens. For the char
 * tokenizer (tokenizer_char.py:19, " ".join(line)) every non-space code point is
 * its own token. */
static int split_tokens(llmmi_textws *ws, const uint32_t *s, size_t n, int per_char)
{
    size_t i = 0, base;
    int rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->arena, ws->arena.n + n);
    if (rc) return rc;
    while (i < n) {
        size_t j;
        while (i < n && llmmi_uc_is_space(s[i])) i++;
        if (i >= n) break;
        j = i + 1;
        if (!per_char)
            while (j < n && !llmmi_uc_is_space(s[j])) j++;
        base = ws->arena.n;
        memcpy(ws->arena.p + base, s + i, (j - i) * sizeof *s);
        ws->arena.n += j - i;
        rc = push_token(ws, base, j - i);
        if (rc) return rc;
        i = j;
    }
    return LLMM_OK;
}

int llmmi_textws_tokenize(llmmi_textws *ws, int tokenizer, int lowercase, const char *s,
                          size_t len, size_t *first, size_t *bad_offset)
{
    int cur = 0, rc, pass;
    size_t n;
    uint32_t *src;

    *first = ws->ntok;
    if (!s && len) return LLMM_ENULL;
    if ((rc = reserve_pass(ws, 0, len)) != LLMM_OK) return rc;
    rc = llmmi_utf8_decode(s, len, ws->scratch[0].p, &n, bad_offset);
    if (rc) return rc;
    if (lowercase) { /* bleu.py:300 sent.lower() */
        if (n > ((size_t)-1 / sizeof(uint32_t)) / LLMMI_LOWER_MAX_EXPANSION) return LLMM_EOVERFLOW;
        rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->scratch[1], LLMMI_LOWER_MAX_EXPANSION * n + 2);
        if (rc) return rc;
        n = llmmi_uc_lower(ws->scratch[0].p, n, ws->scratch[1].p);
        cur = 1;
    }
    /* bleu.py:302 sent.rstrip() */
    src = ws->scratch[cur].p;
    while (n > 0 && llmmi_uc_is_space(src[n - 1])) n--;

#define LLMMI_PASS(call)                                                  \
    do {                                                                  \
        if ((rc = reserve_pass(ws, 1 - cur, n)) != LLMM_OK) return rc;    \
        src = ws->scratch[cur].p;                                         \
        n = call;                                                         \
        cur = 1 - cur;                                                    \
    } while (0)

    switch (tokenizer) {
    case LLMM_TOK_13A:
        LLMMI_PASS(llmmi_tok_13a_prepare(src, n, ws->scratch[1 - cur].p));
        for (pass = 0; pass < LLMMI_TOK_RE_PASSES; pass++)
            LLMMI_PASS(llmmi_tok_re_pass(pass, src, n, ws->scratch[1 - cur].p));
        break;
    case LLMM_TOK_ZH:
        LLMMI_PASS(llmmi_tok_zh_prepare(src, n, ws->scratch[1 - cur].p));
        for (pass = 0; pass < LLMMI_TOK_RE_PASSES; pass++)
            LLMMI_PASS(llmmi_tok_re_pass(pass, src, n, ws->scratch[1 - cur].p));
        break;
    case LLMM_TOK_INTL:
        for (pass = 0; pass < LLMMI_TOK_INTL_PASSES; pass++)
            LLMMI_PASS(llmmi_tok_intl_pass(pass, src, n, ws->scratch[1 - cur].p));
        break;
    default: /* none, char */
        break;
    }
#undef LLMMI_PASS
    return split_tokens(ws, ws->scratch[cur].p, n, tokenizer == LLMM_TOK_CHAR);
}
