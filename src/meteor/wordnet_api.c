/* wordnet_api.c - the public queries of llmm_wordnet.h over wordnet_query.c. */
#include "wordnet_internal.h"
#include "lower.h"
#include "core/alloc.h"
#include <stdlib.h>
#include <string.h>

/* A lowered copy of a word (synsets() starts with lemma.lower(), wordnet.py:1750). */
typedef struct lowered {
    const llmm_allocator *a;
    char *text;
    uint32_t *cps;
    size_t len, text_cap, cps_cap;
} lowered;

static int lower_word(lowered *w, const char *word, size_t len)
{
    size_t cps;
    if (!llmmi_mul_ok(len, 4, &cps) || cps > (size_t)-1 / sizeof(uint32_t)) return LLMM_EOVERFLOW;
    w->text_cap = LLMMI_LOWER_BOUND(len) + 1;
    w->cps_cap = cps + 1;
    w->text = (char *)llmmi_malloc(w->a, w->text_cap);
    w->cps = (uint32_t *)llmmi_malloc(w->a, w->cps_cap * sizeof(uint32_t));
    if (!w->text || !w->cps) return LLMM_ENOMEM;
    return llmmi_utf8_lower(word, len, w->cps, w->text, &w->len);
}

static void lowered_free(lowered *w)
{
    llmmi_free(w->a, w->text, w->text_cap);
    llmmi_free(w->a, w->cps, w->cps_cap * sizeof(uint32_t));
}

int llmm_wordnet_synsets(const llmm_wordnet *wn, const char *word, size_t len,
                         llmm_wordnet_synset *out, size_t cap, size_t *n)
{
    llmmi_wn_scratch s;
    lowered w;
    size_t i, m = 0;
    int rc;
    if (n) *n = 0;
    if (!wn || !n || (!word && len) || (!out && cap)) return LLMM_ENULL;
    memset(&w, 0, sizeof w);
    w.a = &wn->alloc;
    llmmi_wn_scratch_init(&s, &wn->alloc);
    rc = lower_word(&w, word, len);
    if (!rc) rc = llmmi_wn_synsets(wn, w.text, w.len, &s, &m);
    if (!rc) {
        for (i = 0; i < m && i < cap; i++) {
            uint32_t id = s.ids[i];
            out[i].id = id;
            out[i].offset = wn_u32(wn->syn_off, id);
            out[i].pos = (char)wn->syn_pos[id];
        }
        *n = m;
        if (m > cap) rc = LLMM_EBUFFER;
    }
    llmmi_wn_scratch_free(&s);
    lowered_free(&w);
    return rc;
}

int llmm_wordnet_morphy(const llmm_wordnet *wn, const char *form, size_t len, int pos,
                        llmm_str *out, size_t cap, size_t *n)
{
    llmmi_wn_scratch s;
    size_t i, m = 0;
    int rc;
    if (n) *n = 0;
    if (!wn || !n || (!form && len) || (!out && cap)) return LLMM_ENULL;
    if (pos < 0 || pos >= LLMM_WN_N_POS) return LLMM_EINVAL;
    if (llmm_utf8_validate(form, len, NULL) != LLMM_OK) return LLMM_EUTF8;
    llmmi_wn_scratch_init(&s, &wn->alloc);
    rc = llmmi_wn_morphy(wn, len ? form : "", len, pos, &s, &m);
    if (!rc) {
        for (i = 0; i < m && i < cap; i++) out[i].ptr = llmmi_wn_str(wn, s.mids[i], &out[i].len);
        *n = m;
        if (m > cap) rc = LLMM_EBUFFER;
    }
    llmmi_wn_scratch_free(&s);
    return rc;
}

int llmm_wordnet_lemma_names(const llmm_wordnet *wn, uint32_t synset_id, llmm_str *out,
                             size_t cap, size_t *n)
{
    uint32_t b, e, i;
    if (n) *n = 0;
    if (!wn || !n || (!out && cap)) return LLMM_ENULL;
    if (synset_id >= wn->n_syn) return LLMM_ERANGE;
    b = wn_u32(wn->syn_name, synset_id);
    e = wn_u32(wn->syn_name, (size_t)synset_id + 1);
    for (i = 0; i < e - b && i < cap; i++)
        out[i].ptr = llmmi_wn_str(wn, wn_u32(wn->name, b + i), &out[i].len);
    *n = e - b;
    return e - b > cap ? LLMM_EBUFFER : LLMM_OK;
}

static int cmp_str(const void *x, const void *y)
{
    const llmm_str *a = (const llmm_str *)x, *b = (const llmm_str *)y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->ptr, b->ptr, n) : 0;
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

int llmm_wordnet_synonyms(const llmm_wordnet *wn, const char *word, size_t len, llmm_str *out,
                          size_t cap, size_t *n)
{
    llmmi_wn_scratch s;
    lowered w;
    llmm_str *all = NULL;
    size_t i, m = 0;
    int rc;
    if (n) *n = 0;
    if (!wn || !n || (!word && len) || (!out && cap)) return LLMM_ENULL;
    memset(&w, 0, sizeof w);
    w.a = &wn->alloc;
    llmmi_wn_scratch_init(&s, &wn->alloc);
    rc = lower_word(&w, word, len);
    if (!rc) rc = llmmi_wn_synonym_ids(wn, w.text, w.len, 0, &s, &m);
    if (!rc && m) {
        all = (llmm_str *)llmmi_calloc(&wn->alloc, m, sizeof *all);
        if (!all) rc = LLMM_ENOMEM;
    }
    if (!rc) {
        for (i = 0; i < m; i++) all[i].ptr = llmmi_wn_str(wn, s.names[i], &all[i].len);
        if (m > 1) qsort(all, m, sizeof *all, cmp_str);
        for (i = 0; i < m && i < cap; i++) out[i] = all[i];
        *n = m;
        if (m > cap) rc = LLMM_EBUFFER;
    }
    llmmi_free(&wn->alloc, all, m * sizeof *all);
    llmmi_wn_scratch_free(&s);
    lowered_free(&w);
    return rc;
}
