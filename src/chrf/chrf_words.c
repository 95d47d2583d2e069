/* chrf_words.c - the word ids of chrF++ (word n-grams, chrf.py:131-150): str.split()
 * tokens, split once more at ASCII punctuation, then numbered by their node in a
 * trie of the hypothesis words (gramtab.h), so that equal words get equal ids
 * exactly and a reference word the hypothesis lacks gets LLMMI_GRAM_NONE. */
#include "chrf/chrf_internal.h"

#include "core/alloc.h"

/* string.punctuation, the set of CHRF._PUNCTS (chrf.py:82). */
static int is_ascii_punct(uint32_t cp)
{
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
}

/* The id of word w[0..len) (len >= 1): its node in the trie of hypothesis words,
 * added with `hyp`, else LLMMI_GRAM_NONE when absent. */
static uint32_t word_id(llmmi_gramtab *v, const uint32_t *w, size_t len, int hyp)
{
    uint32_t node = LLMMI_GRAM_ROOT;
    size_t k;
    for (k = 0; k < len; k++) {
        uint64_t kk = llmmi_gram_key(v->tag, node, w[k]);
        size_t h = llmmi_gram_slot(v->key, v->mask, kk);
        if (v->key[h] != kk) {
            if (!hyp) return LLMMI_GRAM_NONE;
            v->key[h] = kk;
        }
        node = (uint32_t)h;
    }
    return node;
}

int llmmi_chrf_words(llmm_chrf *c, int hyp)
{
    const uint32_t *ch = c->chars.p, *tok = c->toks.p;
    uint32_t *out;
    size_t k, n = 0;
    int rc;
    /* at most two words per token; the trie has at most one node per character */
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->words, c->toks.n + 1)) != LLMM_OK) return rc;
    if (hyp && (rc = llmmi_gramtab_begin(&c->alloc, &c->vocab, c->chars.n)) != LLMM_OK)
        return rc;
    out = c->words.p;
    for (k = 0; k < c->toks.n; k += 2) {
        const uint32_t *w = ch + tok[k];
        size_t len = tok[k + 1] - tok[k];
        /* CHRF._remove_punctuation (chrf.py:131-150): a token longer than one
         * character loses one ASCII punctuation character, the last if it is
         * punctuation, else the first if that is ("(a)" gives "(a", ")", sacrebleu
         * issue #124) */
        if (len > 1 && is_ascii_punct(w[len - 1])) {
            out[n++] = word_id(&c->vocab, w, len - 1, hyp);
            out[n++] = word_id(&c->vocab, w + len - 1, 1, hyp);
        } else if (len > 1 && is_ascii_punct(w[0])) {
            out[n++] = word_id(&c->vocab, w, 1, hyp);
            out[n++] = word_id(&c->vocab, w + 1, len - 1, hyp);
        } else {
            out[n++] = word_id(&c->vocab, w, len, hyp);
        }
    }
    c->words.n = n;
    return LLMM_OK;
}
