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

void llmmi_textws_free(llmmi_textws *ws)
{
    if (!ws) return;
    llmmi_cpbuf_free(&ws->alloc, &ws->scratch[0]);
    llmmi_cpbuf_free(&ws->alloc, &ws->scratch[1]);
    llmmi_cpbuf_free(&ws->alloc, &ws->arena);
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

/* Room for n more tokens of at most n code points in total (tokenizers only insert
 * spaces, so a string of n code points yields at most n token code points). */
static int reserve_tokens(llmmi_textws *ws, size_t n)
{
    void *po = ws->tok_off, *pl = ws->tok_len;
    size_t need = ws->ntok + n;
    int rc;
    if (need < n) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->arena, ws->arena.n + n)) != LLMM_OK) return rc;
    rc = llmmi_grow(&ws->alloc, &po, &ws->tok_off_cap, need, sizeof *ws->tok_off);
    ws->tok_off = (size_t *)po;
    if (rc) return rc;
    rc = llmmi_grow(&ws->alloc, &pl, &ws->tok_len_cap, need, sizeof *ws->tok_len);
    ws->tok_len = (uint32_t *)pl;
    return rc;
}

static const int stream_kind[] = {LLMMI_STREAM_NONE, LLMMI_STREAM_13A, LLMMI_STREAM_INTL,
                                  LLMMI_STREAM_CHAR, LLMMI_STREAM_ZH};

int llmmi_textws_tokenize(llmmi_textws *ws, int tokenizer, int lowercase, const char *s,
                          size_t len, size_t *first, size_t *bad_offset)
{
    int cur = 0, rc;
    size_t n;
    uint32_t *src;

    *first = ws->ntok;
    if (!s && len) return LLMM_ENULL;
    if ((unsigned)tokenizer >= sizeof stream_kind / sizeof *stream_kind) return LLMM_EINVAL;
    if (len > ((size_t)-1 / sizeof(uint32_t)) / LLMMI_LOWER_MAX_EXPANSION) return LLMM_EOVERFLOW;
    if (tokenizer == LLMM_TOK_13A && !lowercase) {
        if ((rc = reserve_tokens(ws, len + 2)) != LLMM_OK) return rc;
        rc = llmmi_tok_13a_utf8(s, len, ws->arena.p, &ws->arena.n, ws->tok_off, ws->tok_len,
                                &ws->ntok, bad_offset);
        if (rc != LLMMI_TOK_13A_PREPARE) return rc;
    }
    if ((rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->scratch[0], len)) != LLMM_OK) return rc;
    rc = llmmi_utf8_decode(s, len, ws->scratch[0].p, &n, bad_offset);
    if (rc) return rc;
    if (lowercase) { /* bleu.py:300 sent.lower() */
        rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->scratch[1], LLMMI_LOWER_MAX_EXPANSION * n);
        if (rc) return rc;
        n = llmmi_uc_lower(ws->scratch[0].p, n, ws->scratch[1].p);
        cur = 1;
    }
    /* bleu.py:302 sent.rstrip() */
    src = ws->scratch[cur].p;
    while (n > 0 && llmmi_uc_is_space(src[n - 1])) n--;
    if (tokenizer == LLMM_TOK_13A && llmmi_tok_13a_needs_prepare(s, len)) {
        if ((rc = llmmi_cpbuf_reserve(&ws->alloc, &ws->scratch[1 - cur], n)) != LLMM_OK) return rc;
        n = llmmi_tok_13a_prepare(ws->scratch[cur].p, n, ws->scratch[1 - cur].p);
        cur = 1 - cur;
    }
    if ((rc = reserve_tokens(ws, n)) != LLMM_OK) return rc;
    ws->arena.n = llmmi_tok_stream(stream_kind[tokenizer], ws->scratch[cur].p, n, ws->arena.p,
                                   ws->arena.n, ws->tok_off, ws->tok_len, &ws->ntok);
    return LLMM_OK;
}
