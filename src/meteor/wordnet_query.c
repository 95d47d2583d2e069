/* wordnet_query.c - lookups on the index: NLTK 3.8's _morphy, synsets() and METEOR's
 * synonym sets (nltk/corpus/reader/wordnet.py:1743-1772 and :2036-2107). */
#include "wordnet_internal.h"
#include "strtab.h"
#include "core/alloc.h"
#include <string.h>

uint32_t llmmi_wn_lookup(const llmm_wordnet *wn, const char *s, size_t len)
{
    uint64_t h;
    uint32_t tag;
    size_t i, probes;
    if (len > wn->max_len) return WN_NONE;
    h = llmmi_strtab_hash(s, len);
    tag = (uint32_t)h;
    i = (size_t)(h >> 32) & wn->hash_mask;
    /* validation guarantees an empty slot; the probe count bounds a crafted table anyway */
    for (probes = 0; probes <= wn->hash_mask; probes++, i = (i + 1) & wn->hash_mask) {
        uint32_t v = wn_u32(wn->slots, 2 * i);
        size_t n;
        const char *t;
        if (!v) return WN_NONE;
        if (wn_u32(wn->slots, 2 * i + 1) != tag) continue; /* another string */
        t = llmmi_wn_str(wn, v - 1, &n);
        if (n == len && (len == 0 || memcmp(t, s, len) == 0)) return v - 1;
    }
    return WN_NONE;
}

/* The exception entry of (string id, pos): its bases exc_base[*b .. *e); 0 if none. */
static int exc_find(const llmm_wordnet *wn, uint32_t id, int pos, uint32_t *b, uint32_t *e)
{
    uint64_t key = (uint64_t)id * 4 + (uint64_t)pos;
    size_t lo = 0, hi = wn->n_exc;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t k = wn_u32(wn->exc_key, mid);
        if (k == key) {
            *b = wn_u32(wn->exc_off, mid);
            *e = wn_u32(wn->exc_off, mid + 1);
            return 1;
        }
        if (k < key) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

void llmmi_wn_scratch_init(llmmi_wn_scratch *s, const llmm_allocator *alloc)
{
    memset(s, 0, sizeof *s);
    llmmi_alloc_init(&s->alloc, alloc);
}

void llmmi_wn_scratch_free(llmmi_wn_scratch *s)
{
    llmmi_free(&s->alloc, s->level[0], s->level_cap[0] * sizeof *s->level[0]);
    llmmi_free(&s->alloc, s->level[1], s->level_cap[1] * sizeof *s->level[1]);
    llmmi_free(&s->alloc, s->text, s->text_cap);
    llmmi_free(&s->alloc, s->mids, s->mids_cap * sizeof *s->mids);
    llmmi_free(&s->alloc, s->ids, s->ids_cap * sizeof *s->ids);
    llmmi_free(&s->alloc, s->names, s->names_cap * sizeof *s->names);
    llmmi_free(&s->alloc, s->memo, s->memo_cap * sizeof *s->memo);
    memset(s, 0, sizeof *s);
}

/* ---- morphy ----------------------------------------------------------------------------
 * MORPHOLOGICAL_SUBSTITUTIONS (wordnet.py:2036-2062), in NLTK's order. A candidate form
 * is word[:k] + ENDING[e]: every rule replaces a suffix `old` by an ending `new`, and no
 * `old` is shorter than an ending it can match (the endings that end in "s" are "" and
 * "s"; no other ending ends like any `old`), so the result is again word[:k'] + new.
 * This keeps a candidate at 16 bytes however long the word is. */
enum { E_NONE, E_S, E_F, E_X, E_Z, E_CH, E_SH, E_MAN, E_Y, E_E };
static const char *const ENDING[] = {"", "s", "f", "x", "z", "ch", "sh", "man", "y", "e"};
static const unsigned char ENDING_LEN[] = {0, 1, 1, 1, 1, 2, 2, 3, 1, 1};

typedef struct rule {
    const char *old;
    unsigned char old_len, new_e;
} rule;

static const rule NOUN_RULES[] = {{"s", 1, E_NONE},  {"ses", 3, E_S},   {"ves", 3, E_F},
                                  {"xes", 3, E_X},   {"zes", 3, E_Z},   {"ches", 4, E_CH},
                                  {"shes", 4, E_SH}, {"men", 3, E_MAN}, {"ies", 3, E_Y}};
static const rule VERB_RULES[] = {{"s", 1, E_NONE},  {"ies", 3, E_Y}, {"es", 2, E_E},
                                  {"es", 2, E_NONE}, {"ed", 2, E_E},  {"ed", 2, E_NONE},
                                  {"ing", 3, E_E},   {"ing", 3, E_NONE}};
static const rule ADJ_RULES[] = {{"er", 2, E_NONE}, {"est", 3, E_NONE}, {"er", 2, E_E},
                                 {"est", 3, E_E}};
static const rule *const RULES[LLMM_WN_N_POS] = {NOUN_RULES, VERB_RULES, ADJ_RULES, NULL};
static const size_t N_RULES[LLMM_WN_N_POS] = {9, 8, 4, 0};

#define FORM(k, e) ((uint64_t)(k) << 8 | (uint64_t)(e))
#define FORM_K(f) ((size_t)((f) >> 8))
#define FORM_E(f) ((unsigned)((f)&0xFF))

typedef struct morphy_ctx {
    const llmm_wordnet *wn;
    const char *word;
    int pos;
    llmmi_wn_scratch *s;
    size_t n; /* results in s->mids */
} morphy_ctx;

/* filter_forms (wordnet.py:2084-2092) for one candidate id: a lemma of this pos, new. */
static int keep_id(morphy_ctx *c, uint32_t id)
{
    uint32_t b, e;
    size_t i;
    int rc;
    if (id == WN_NONE) return LLMM_OK;
    llmmi_wn_senses(c->wn, id, c->pos, &b, &e);
    if (b == e) return LLMM_OK; /* not in _lemma_pos_offset_map[form][pos] */
    for (i = 0; i < c->n; i++)
        if (c->s->mids[i] == id) return LLMM_OK;
    if ((rc = llmmi_grow(&c->s->alloc, (void **)&c->s->mids, &c->s->mids_cap, c->n + 1,
                         sizeof *c->s->mids)))
        return rc;
    c->s->mids[c->n++] = id;
    return LLMM_OK;
}

/* The string id of a candidate form. The ids looked up for a word are remembered
 * (s->memo) across the four parts of speech of one synsets() call: the rules of
 * different parts of speech produce many of the same forms. */
static int form_id(morphy_ctx *c, uint64_t f, uint32_t *id)
{
    llmmi_wn_scratch *s = c->s;
    size_t k = FORM_K(f), el = ENDING_LEN[FORM_E(f)], i;
    int rc;
    for (i = 0; i < s->memo_n; i++)
        if (s->memo[i].form == f) {
            *id = s->memo[i].id;
            return LLMM_OK;
        }
    if (k + el > c->wn->max_len) {
        *id = WN_NONE; /* longer than any string of the index */
    } else {
        if (k) memcpy(s->text, c->word, k);
        memcpy(s->text + k, ENDING[FORM_E(f)], el);
        *id = llmmi_wn_lookup(c->wn, s->text, k + el);
    }
    if ((rc = llmmi_grow(&s->alloc, (void **)&s->memo, &s->memo_cap, s->memo_n + 1,
                         sizeof *s->memo)))
        return rc;
    s->memo[s->memo_n].form = f;
    s->memo[s->memo_n++].id = *id;
    return LLMM_OK;
}

static int keep_form(morphy_ctx *c, uint64_t f)
{
    uint32_t id;
    int rc = form_id(c, f, &id);
    return rc ? rc : keep_id(c, id);
}

/* The last byte of a form (vlen > 0). */
static char last_byte(const morphy_ctx *c, uint64_t f)
{
    size_t k = FORM_K(f), el = ENDING_LEN[FORM_E(f)];
    return el ? ENDING[FORM_E(f)][el - 1] : c->word[k - 1];
}

static int ends_with(const morphy_ctx *c, uint64_t f, const rule *r)
{
    size_t k = FORM_K(f), vlen = k + ENDING_LEN[FORM_E(f)], i;
    const char *end = ENDING[FORM_E(f)];
    if (vlen < r->old_len) return 0;
    for (i = 0; i < r->old_len; i++) {
        size_t at = vlen - r->old_len + i;
        char ch = at < k ? c->word[at] : end[at - k];
        if (ch != r->old[i]) return 0;
    }
    return 1;
}

/* apply_rules (wordnet.py:2076-2082) on level `from` into level `to`, keeping only the
 * first occurrence of each form: filter_forms keeps first occurrences, and the next
 * level of a list with repeats repeats only forms already produced, so results are
 * unchanged while the list no longer grows exponentially. */
static int apply_rules(morphy_ctx *c, int from, size_t n_from, int to, size_t *n_to)
{
    llmmi_wn_scratch *s = c->s;
    size_t i, j, r, n = 0;
    int rc;
    for (i = 0; i < n_from; i++) {
        uint64_t f = s->level[from][i];
        char last;
        if (FORM_K(f) + ENDING_LEN[FORM_E(f)] == 0) continue; /* "" ends with no suffix */
        last = last_byte(c, f);
        for (r = 0; r < N_RULES[c->pos]; r++) {
            const rule *ru = &RULES[c->pos][r];
            uint64_t g;
            /* most forms end in a letter no suffix ends in: one compare rejects them */
            if (ru->old[ru->old_len - 1] != last || !ends_with(c, f, ru)) continue;
            g = FORM(FORM_K(f) + ENDING_LEN[FORM_E(f)] - ru->old_len, ru->new_e);
            for (j = 0; j < n && s->level[to][j] != g; j++)
                ;
            if (j < n) continue;
            if ((rc = llmmi_grow(&s->alloc, (void **)&s->level[to], &s->level_cap[to], n + 1,
                                 sizeof *s->level[to])))
                return rc;
            s->level[to][n++] = g;
        }
    }
    *n_to = n;
    return LLMM_OK;
}

/* _morphy for one part of speech; s->memo holds the ids already looked up for `form`. */
static int morphy_pos(const llmm_wordnet *wn, const char *form, size_t len, int pos,
                      llmmi_wn_scratch *s, size_t *n)
{
    morphy_ctx c;
    uint32_t id, b, e;
    size_t n_cur, n_next, i;
    int cur = 0, rc;
    c.wn = wn;
    c.word = form;
    c.pos = pos;
    c.s = s;
    c.n = 0;
    *n = 0;
    if ((rc = llmmi_grow(&s->alloc, (void **)&s->text, &s->text_cap, (size_t)wn->max_len + 1, 1)))
        return rc;
    if ((rc = form_id(&c, FORM(len, E_NONE), &id))) return rc;
    /* 0. the exception list decides alone (wordnet.py:2094-2097) */
    if (id != WN_NONE && exc_find(wn, id, pos, &b, &e)) {
        if ((rc = keep_id(&c, id))) return rc;
        for (; b < e; b++)
            if ((rc = keep_id(&c, wn_u32(wn->exc_base, b)))) return rc;
        *n = c.n;
        return LLMM_OK;
    }
    /* 1.-2. rules once; the form itself and its first-level forms (:2099-2104) */
    if ((rc = llmmi_grow(&s->alloc, (void **)&s->level[1], &s->level_cap[1], 1,
                         sizeof *s->level[1])))
        return rc;
    s->level[1][0] = FORM(len, E_NONE);
    if ((rc = apply_rules(&c, 1, 1, 0, &n_cur))) return rc;
    if ((rc = keep_id(&c, id))) return rc;
    for (i = 0; i < n_cur; i++)
        if ((rc = keep_form(&c, s->level[0][i]))) return rc;
    /* 3. further levels until one has a result or no rule applies (:2106-2111) */
    while (c.n == 0 && n_cur > 0) {
        if ((rc = apply_rules(&c, cur, n_cur, 1 - cur, &n_next))) return rc;
        cur = 1 - cur;
        n_cur = n_next;
        for (i = 0; i < n_cur; i++)
            if ((rc = keep_form(&c, s->level[cur][i]))) return rc;
    }
    *n = c.n;
    return LLMM_OK;
}

int llmmi_wn_morphy(const llmm_wordnet *wn, const char *form, size_t len, int pos,
                    llmmi_wn_scratch *s, size_t *n)
{
    s->memo_n = 0;
    return morphy_pos(wn, form, len, pos, s, n);
}

/* ---- synsets and synonyms ---------------------------------------------------------- */

int llmmi_wn_synsets(const llmm_wordnet *wn, const char *word, size_t len, llmmi_wn_scratch *s,
                     size_t *n)
{
    size_t total = 0, m, j;
    int pos, rc;
    *n = 0;
    /* [get_synset(p, offset) for p in POS_LIST for form in self._morphy(lemma, p)
     *  for offset in index[form].get(p, [])] (wordnet.py:1758-1763) */
    s->memo_n = 0;
    for (pos = 0; pos < LLMM_WN_N_POS; pos++) {
        if ((rc = morphy_pos(wn, word, len, pos, s, &m))) return rc;
        for (j = 0; j < m; j++) {
            uint32_t b, e;
            llmmi_wn_senses(wn, s->mids[j], pos, &b, &e);
            if ((rc = llmmi_grow(&s->alloc, (void **)&s->ids, &s->ids_cap, total + (e - b),
                                 sizeof *s->ids)))
                return rc;
            for (; b < e; b++) s->ids[total++] = wn_u32(wn->sense, b);
        }
    }
    *n = total;
    return LLMM_OK;
}

/* Sorts n ids ascending: Shell sort (Ciura's gaps), no comparison callback; sets are
 * small (tens of names). */
static void sort_u32(uint32_t *a, size_t n)
{
    static const size_t GAPS[] = {701, 301, 132, 57, 23, 10, 4, 1};
    size_t g, i, j;
    for (g = 0; g < sizeof GAPS / sizeof *GAPS; g++) {
        size_t gap = GAPS[g];
        for (i = gap; i < n; i++) {
            uint32_t v = a[i];
            for (j = i; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
            a[j] = v;
        }
    }
}

int llmmi_wn_synonym_ids(const llmm_wordnet *wn, const char *word, size_t len, int skip_upper,
                         llmmi_wn_scratch *s, size_t *n)
{
    size_t n_syn, i, k = 0, j;
    int rc;
    unsigned skip = WN_FLAG_UNDERSCORE | (skip_upper ? WN_FLAG_UPPER : 0u);
    *n = 0;
    if ((rc = llmmi_wn_synsets(wn, word, len, s, &n_syn))) return rc;
    /* lemma.name() for lemma in synset.lemmas() if lemma.name().find("_") < 0
     * (meteor_score.py:154-163). The synsets' name ranges, then their names, then the
     * names' flags are each requested for all synsets before any is read: the cache
     * misses overlap instead of following one another. */
    for (i = 0; i < n_syn; i++) LLMMI_PREFETCH(wn->syn_name + 4 * (size_t)s->ids[i]);
    for (i = 0; i < n_syn; i++) LLMMI_PREFETCH(wn->name + 4 * (size_t)wn_u32(wn->syn_name, s->ids[i]));
    for (i = 0; i < n_syn; i++) {
        uint32_t b = wn_u32(wn->syn_name, s->ids[i]), e = wn_u32(wn->syn_name, s->ids[i] + 1);
        for (; b < e; b++) LLMMI_PREFETCH(wn->str_flag + wn_u32(wn->name, b));
    }
    for (i = 0; i < n_syn; i++) {
        uint32_t b = wn_u32(wn->syn_name, s->ids[i]), e = wn_u32(wn->syn_name, s->ids[i] + 1);
        if ((rc = llmmi_grow(&s->alloc, (void **)&s->names, &s->names_cap, k + (e - b),
                             sizeof *s->names)))
            return rc;
        for (; b < e; b++) {
            uint32_t id = wn_u32(wn->name, b);
            if (!(wn->str_flag[id] & skip)) s->names[k++] = id;
        }
    }
    sort_u32(s->names, k);
    for (i = j = 0; i < k; i++)
        if (j == 0 || s->names[i] != s->names[j - 1]) s->names[j++] = s->names[i];
    *n = j;
    return LLMM_OK;
}
