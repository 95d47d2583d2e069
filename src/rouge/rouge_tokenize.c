/* rouge_tokenize.c - rouge-score's default tokenizer (rouge_score/tokenize.py:34-62)
 * producing token ids, plus the line structure rougeLsum needs.
 *
 * tokenize(): text.lower(); every run of characters outside [a-z0-9] becomes one space
 * (NON_ALPHANUM_RE); split on whitespace; with a stemmer, tokens longer than 3
 * characters are Porter-stemmed; tokens not matching ^[a-z0-9]+$ (the empty ones) are
 * dropped. Only code points whose Python lowercase contains an ASCII letter or digit
 * survive: ASCII, U+212A KELVIN SIGN ("k") and U+0130 (lowercase "i" U+0307, i.e. an
 * "i" that ends the token); every other non-ASCII character separates tokens
 * (REFERENCE-QUIRKS.md section 7; checked over all code points by
 * scripts/check_rouge_tokenizer.py).
 *
 * rougeLsum tokenizes each line of text.split("\n") (rouge_scorer.py:138-150). A token
 * never spans "\n", so the lines' tokens are consecutive ranges of the whole text's
 * tokens; lines without tokens contribute nothing to _summary_level_lcs and are not
 * recorded.
 */
#include "core/utf8.h"
#include "rouge_internal.h"
#include "text/porter.h"
#include <string.h>

/* ASCII byte -> lowercase letter/digit, or 0 for a separator */
static unsigned char alnum_lower(unsigned char c)
{
    if (c >= 'a' && c <= 'z') return c;
    if (c >= 'A' && c <= 'Z') return (unsigned char)(c + 32);
    if (c >= '0' && c <= '9') return c;
    return 0;
}

int llmmi_rouge_reserve(llmm_rouge *r, void **buf, size_t *cap, size_t need, size_t elem)
{
    return llmmi_grow(&r->a, buf, cap, need, elem);
}

/* id_cap entries of mask (u64) then cnt_t, cnt_p, local (u32): 20 bytes per id */
#define ID_BYTES (sizeof(uint64_t) + 3 * sizeof(uint32_t))

static void id_pointers(llmm_rouge *r, void *block, size_t cap)
{
    r->mask = (uint64_t *)block;
    r->cnt_t = (uint32_t *)(r->mask + cap);
    r->cnt_p = r->cnt_t + cap;
    r->local = r->cnt_p + cap;
}

int llmmi_rouge_id_arrays(llmm_rouge *r)
{
    size_t need = r->vocab.count, cap = r->id_cap ? r->id_cap : 1024, bytes;
    uint64_t *old_mask = r->mask;
    uint32_t *old_t = r->cnt_t, *old_p = r->cnt_p, *old_l = r->local;
    void *block;
    if (need <= r->id_cap) return LLMM_OK;
    while (cap < need) {
        if (cap > (size_t)-1 / 2) return LLMM_EOVERFLOW;
        cap *= 2;
    }
    if (!llmmi_mul_ok(cap, ID_BYTES, &bytes)) return LLMM_EOVERFLOW;
    block = llmmi_calloc(&r->a, 1, bytes);
    if (!block) return LLMM_ENOMEM;
    id_pointers(r, block, cap);
    if (r->id_cap) {
        memcpy(r->mask, old_mask, r->id_cap * sizeof(uint64_t));
        memcpy(r->cnt_t, old_t, r->id_cap * sizeof(uint32_t));
        memcpy(r->cnt_p, old_p, r->id_cap * sizeof(uint32_t));
        memcpy(r->local, old_l, r->id_cap * sizeof(uint32_t));
        llmmi_free(&r->a, r->id_block, r->id_cap * ID_BYTES);
    }
    r->id_block = block;
    r->id_cap = cap;
    return LLMM_OK;
}

void llmmi_rouge_id_arrays_free(llmm_rouge *r)
{
    llmmi_free(&r->a, r->id_block, r->id_cap * ID_BYTES);
    r->id_block = NULL;
    r->mask = NULL;
    r->cnt_t = r->cnt_p = r->local = NULL;
    r->id_cap = 0;
}

/* Id of the token in r->tok[0..len): its stem's id with use_stemmer. The stem of each
 * distinct token is computed once and cached in the vocabulary. */
static int token_id(llmm_rouge *r, size_t len, uint32_t *out)
{
    uint32_t id, sid;
    size_t n;
    int st = llmmi_rouge_vocab_intern(&r->vocab, &r->a, r->tok, len, &id);
    if (st != LLMM_OK || !r->opts.use_stemmer) {
        *out = id;
        return st;
    }
    if (r->vocab.tok[id].stem == LLMMI_ROUGE_NO_STEM) {
        if (len > 3) { /* "Only stem words more than 3 characters long" (tokenize.py:54-57) */
            n = llmmi_porter_stem_ascii(r->tok, len, r->tok, r->stem_scratch);
            if ((st = llmmi_rouge_vocab_intern(&r->vocab, &r->a, r->tok, n, &sid)) != LLMM_OK)
                return st;
            r->vocab.tok[id].stem = sid;
        } else {
            r->vocab.tok[id].stem = id;
        }
    }
    *out = r->vocab.tok[id].stem;
    return LLMM_OK;
}

static int end_sentence(llmm_rouge *r, llmmi_rouge_text *t, size_t *start)
{
    int st;
    if (t->n == *start) return LLMM_OK;
    st = llmmi_rouge_reserve(r, (void **)&t->sent_end, &t->sent_cap, t->n_sent + 1,
                             sizeof(size_t));
    if (st != LLMM_OK) return st;
    t->sent_end[t->n_sent++] = t->n;
    *start = t->n;
    return LLMM_OK;
}

int llmmi_rouge_tokenize(llmm_rouge *r, llmm_str text, llmmi_rouge_text *t)
{
    const unsigned char *s = (const unsigned char *)text.ptr;
    size_t len = text.len, i = 0, tl = 0, start = 0;
    int st;

    t->n = 0;
    t->n_sent = 0;
    if (len > UINT32_MAX) return LLMM_EOVERFLOW; /* ids and token lengths are 32-bit */
    /* at most (len + 1) / 2 tokens; a token is at most len bytes */
    if ((st = llmmi_rouge_reserve(r, (void **)&t->ids, &t->cap, len / 2 + 1,
                                  sizeof(uint32_t))) != LLMM_OK ||
        (st = llmmi_rouge_reserve(r, (void **)&r->tok, &r->tok_cap, len + 1, 1)) != LLMM_OK)
        return st;
    if (r->opts.use_stemmer &&
        (st = llmmi_rouge_reserve(r, (void **)&r->stem_scratch, &r->stem_cap, len + 1,
                                  sizeof(uint32_t))) != LLMM_OK)
        return st;

    while (i < len) {
        unsigned c = s[i];
        int ends_token;
        if (c < 0x80) {
            unsigned char l = alnum_lower((unsigned char)c);
            i++;
            if (l) {
                r->tok[tl++] = (char)l;
                continue;
            }
            ends_token = 1;
        } else {
            uint32_t cps[4], cp;
            size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, n_cp;
            /* k is the length the lead byte announces; the strict decoder rejects bad
             * leads, continuations, overlongs and surrogates */
            if (len - i < k || llmmi_utf8_decode(text.ptr + i, k, cps, &n_cp, NULL) != LLMM_OK ||
                n_cp != 1)
                return LLMM_EUTF8;
            cp = cps[0];
            i += k;
            if (cp == 0x212A) { /* KELVIN SIGN lowercases to ASCII "k" */
                r->tok[tl++] = 'k';
                continue;
            }
            if (cp == 0x130) r->tok[tl++] = 'i'; /* "i" + U+0307: the token ends */
            ends_token = 1;
        }
        if (ends_token && tl) {
            if ((st = token_id(r, tl, &t->ids[t->n])) != LLMM_OK) return st;
            t->n++;
            tl = 0;
        }
        if (c == '\n' && (st = end_sentence(r, t, &start)) != LLMM_OK) return st;
    }
    if (tl) {
        if ((st = token_id(r, tl, &t->ids[t->n])) != LLMM_OK) return st;
        t->n++;
    }
    if ((st = end_sentence(r, t, &start)) != LLMM_OK) return st;
    return llmmi_rouge_id_arrays(r);
}
