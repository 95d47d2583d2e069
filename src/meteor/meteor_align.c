/* meteor_align.c - NLTK 3.8's alignment (meteor_score.py:64-88, 108-116, 138-172,
 * 215-233), chunk count (:260-279) and score (:334-344) for one hypothesis/reference pair.
 *
 * NLTK's matcher walks the hypothesis from its last token to its first and, for each,
 * the remaining reference tokens from last to first, taking the first equal one and
 * removing both (REFERENCE-QUIRKS.md section 8: greedy right-to-left, not METEOR's
 * minimum-crossing alignment). The remaining reference tokens with a given key (word,
 * stem) are therefore taken largest position first: each key keeps a stack of its
 * positions (pushed in increasing order), and a match pops the top. Same alignment,
 * O(n + m) per stage instead of O(n m).
 */
#include "meteor_internal.h"
#include "core/alloc.h"
#include <math.h>
#include <string.h>

/* A fresh generation for the stamp arrays (cleared when the counter wraps). */
static void next_gen(llmm_meteor *m)
{
    if (m->gen == UINT32_MAX) {
        memset(m->stack, 0, m->stack_cap * sizeof *m->stack);
        m->gen = 0;
    }
    m->gen++;
}

/* The stacks cover every cache id; next covers the reference; the leftover lists
 * cover both sides. */
static int reserve(llmm_meteor *m)
{
    size_t old = m->stack_cap;
    int rc;
    if (m->words.n > old) {
        if ((rc = llmmi_grow(&m->alloc, (void **)&m->stack, &m->stack_cap, m->words.n,
                             sizeof *m->stack)))
            return rc;
        memset(m->stack + old, 0, (m->stack_cap - old) * sizeof *m->stack); /* stamp 0: stale */
    }
    if (m->hyp.n > (size_t)-1 - m->ref.n - 1) return LLMM_EOVERFLOW;
    if ((rc = llmmi_grow(&m->alloc, (void **)&m->left, &m->left_cap, m->hyp.n + m->ref.n + 1,
                         sizeof *m->left)))
        return rc;
    return llmmi_grow(&m->alloc, (void **)&m->next, &m->next_cap, m->ref.n ? m->ref.n : 1,
                      sizeof *m->next);
}

/* Pushes reference position j on the stack of key k (positions come increasing). */
static inline void push(llmm_meteor *m, uint32_t k, uint32_t j)
{
    met_stack *st = &m->stack[k];
    if (st->stamp != m->gen) {
        st->stamp = m->gen;
        st->head = MET_NONE;
    }
    m->next[j] = st->head;
    st->head = j;
}

/* Pops the largest remaining reference position of key k, or MET_NONE. */
static inline uint32_t pop(llmm_meteor *m, uint32_t k)
{
    met_stack *st = &m->stack[k];
    uint32_t j;
    if (st->stamp != m->gen || (j = st->head) == MET_NONE) return MET_NONE;
    st->head = m->next[j];
    return j;
}

static void link(llmm_meteor *m, size_t i, uint32_t j)
{
    m->hyp.link[i] = j;
    m->ref.link[j] = (uint32_t)i;
}

/* The unmatched positions of a side among pos[0 .. n) (increasing), kept in place;
 * returns their count. */
static size_t keep_unmatched(const met_side *s, uint32_t *pos, size_t n)
{
    size_t k, out = 0;
    for (k = 0; k < n; k++) {
        pos[out] = pos[k];
        out += s->link[pos[k]] == MET_NONE;
    }
    return out;
}

/* _match_enums (:64-88) on the lowered words: hypothesis from last to first, the
 * largest remaining equal reference position. Every token takes part. */
static size_t match_exact(llmm_meteor *m)
{
    size_t i, j, count = 0;
    next_gen(m);
    for (j = 0; j < m->ref.n; j++) push(m, m->ref.low[j], (uint32_t)j);
    for (i = m->hyp.n; i-- > 0;) {
        uint32_t r = pop(m, m->hyp.low[i]);
        if (r != MET_NONE) {
            link(m, i, r);
            count++;
        }
    }
    return count;
}

/* Stems of the leftover tokens pos[0 .. n) of a side (the stem stage stems them). */
static int stem_side(llmm_meteor *m, met_side *s, const uint32_t *pos, size_t n)
{
    size_t k;
    int rc;
    for (k = 0; k < n; k++) {
        uint32_t low = s->low[pos[k]], st;
        if ((st = m->info[low].stem) == MET_UNSET) {
            if ((rc = llmmi_met_stem(m, low))) return rc;
            st = m->info[low].stem;
        }
        s->stem[pos[k]] = st;
    }
    return LLMM_OK;
}

/* The stem stage (:108-116): _match_enums on the stems of the leftovers hl[0 .. nh)
 * and rl[0 .. nr). */
static size_t match_stems(llmm_meteor *m, const uint32_t *hl, size_t nh, const uint32_t *rl,
                          size_t nr)
{
    size_t k, count = 0;
    next_gen(m);
    for (k = 0; k < nr; k++) push(m, m->ref.stem[rl[k]], rl[k]);
    for (k = nh; k-- > 0;) {
        uint32_t r = pop(m, m->hyp.stem[hl[k]]);
        if (r != MET_NONE) {
            link(m, hl[k], r);
            count++;
        }
    }
    return count;
}

/* Slot of a WordNet id in the synonym stage's table (2^bits slots): its own, or the
 * empty one where it would go. */
static met_wkey *wslot(met_wkey *tab, unsigned bits, uint32_t key)
{
    size_t mask = ((size_t)1 << bits) - 1;
    size_t i = (size_t)((uint32_t)(key * UINT32_C(0x9E3779B1)) >> (32 - bits));
    while (tab[i].key != key && tab[i].key != MET_NONE) i = (i + 1) & mask;
    return &tab[i];
}

/* _enum_wordnetsyn_match (:138-172) on the stemmed leftovers hl[0 .. nh), rl[0 .. nr):
 * a reference stem matches when it is one of the lemma names of the hypothesis stem's
 * synsets. The set NLTK builds also holds the hypothesis stem itself, but no leftover
 * reference has that stem: the stem stage left no equal pair (a hypothesis token stays
 * unmatched only if no remaining reference token had its stem, and references only
 * leave). Names and reference stems compare as WordNet string ids (a stem the index
 * lacks equals no name); the remaining reference positions of each id are a stack in a
 * small per-pair hash table. */
static int match_synonyms(llmm_meteor *m, const uint32_t *hl, size_t nh, const uint32_t *rl,
                          size_t nr, size_t *count)
{
    size_t k, n_keys = 0, n_sets = 0, cap = 16;
    unsigned bits = 4;
    met_wkey *tab;
    int rc;
    *count = 0;
    for (k = 0; k < nh; k++) {
        uint32_t st = m->hyp.stem[hl[k]];
        if (m->info[st].syn_n == MET_UNSET && (rc = llmmi_met_synonyms(m, st))) return rc;
        n_sets += m->info[st].syn_n != 0;
    }
    if (n_sets == 0) return LLMM_OK;
    /* the WordNet ids of the reference leftovers' stems, parked in next[] until pushed */
    for (k = 0; k < nr; k++) {
        uint32_t w = llmmi_met_wn_id(m, m->ref.stem[rl[k]]);
        m->next[rl[k]] = w;
        n_keys += w != MET_NONE;
    }
    if (n_keys == 0) return LLMM_OK;
    /* load <= 1/8: most names are absent, and an absent name mostly meets an empty slot
     * at once */
    while (cap < 8 * n_keys) {
        if (bits >= 31) return LLMM_EOVERFLOW;
        cap *= 2;
        bits++;
    }
    if ((rc = llmmi_grow(&m->alloc, (void **)&m->wtab, &m->wtab_cap, cap, sizeof *m->wtab)))
        return rc;
    tab = m->wtab;
    memset(tab, 0xFF, cap * sizeof *tab); /* key MET_NONE: empty */
    for (k = 0; k < nr; k++) {
        uint32_t w = m->next[rl[k]];
        met_wkey *slot;
        if (w == MET_NONE) continue;
        slot = wslot(tab, bits, w);
        slot->key = w;
        m->next[rl[k]] = slot->head; /* MET_NONE for a new key */
        slot->head = rl[k];
    }
    for (k = nh; k-- > 0;) {
        const met_word *w = &m->info[m->hyp.stem[hl[k]]];
        const uint32_t *syn = m->syn + w->syn_start;
        uint32_t t, n = w->syn_n, best = MET_NONE;
        met_wkey *best_slot = NULL;
        for (t = 0; t < n; t++) {
            met_wkey *slot = wslot(tab, bits, syn[t]);
            if (slot->key != MET_NONE && slot->head != MET_NONE &&
                (best == MET_NONE || slot->head > best)) {
                best = slot->head;
                best_slot = slot;
            }
        }
        if (best == MET_NONE) continue;
        best_slot->head = m->next[best];
        link(m, hl[k], best);
        (*count)++;
    }
    return LLMM_OK;
}

/* _count_chunks over the matches sorted by hypothesis position. */
static size_t count_chunks(const llmm_meteor *m)
{
    size_t i, chunks = 1;
    uint32_t prev_i = MET_NONE, prev_j = 0;
    for (i = 0; i < m->hyp.n; i++) {
        uint32_t j = m->hyp.link[i];
        if (j == MET_NONE) continue;
        if (prev_i != MET_NONE && !(i == (size_t)prev_i + 1 && j == prev_j + 1)) chunks++;
        prev_i = (uint32_t)i;
        prev_j = j;
    }
    return chunks;
}

int llmmi_met_formula(const llmm_meteor_options *o, size_t matches, size_t hyp_len,
                      size_t ref_len, size_t chunks, double *score)
{
    double precision, recall, denom, fmean, frag, pw;
    /* any ZeroDivisionError returns 0.0 (:335-342): empty hypothesis or reference, a zero
     * fmean denominator (no match, or alpha P + (1 - alpha) R == 0), no match */
    *score = 0.0;
    if (hyp_len == 0 || ref_len == 0) return LLMM_OK;
    precision = (double)matches / (double)hyp_len;
    recall = (double)matches / (double)ref_len;
    denom = o->alpha * precision + (1 - o->alpha) * recall;
    if (denom == 0.0) return LLMM_OK;
    fmean = (precision * recall) / denom;
    if (matches == 0) return LLMM_OK;
    frag = (double)chunks / (double)matches;
    /* frag_frac**beta: Python raises OverflowError when the power overflows */
    pw = pow(frag, o->beta);
    if (isinf(pw)) return LLMM_EOVERFLOW;
    *score = (1 - o->gamma * pw) * fmean;
    return LLMM_OK;
}

int llmmi_met_pair(llmm_meteor *m, llmm_meteor_result *out)
{
    size_t i, syn = 0, nh, nr;
    uint32_t *hl, *rl;
    int rc;
    if ((rc = reserve(m))) return rc;
    for (i = 0; i < m->hyp.n; i++) m->hyp.link[i] = MET_NONE;
    for (i = 0; i < m->ref.n; i++) m->ref.link[i] = MET_NONE;
    memset(out, 0, sizeof *out);
    out->hyp_len = m->hyp.n;
    out->ref_len = m->ref.n;
    out->wordnet = m->opts.wordnet != NULL;
    out->exact = match_exact(m);
    /* the later stages see only the leftovers: their positions, increasing */
    hl = m->left;
    rl = m->left + m->hyp.n;
    for (i = 0; i < m->hyp.n; i++) hl[i] = (uint32_t)i;
    for (i = 0; i < m->ref.n; i++) rl[i] = (uint32_t)i;
    nh = keep_unmatched(&m->hyp, hl, m->hyp.n);
    nr = keep_unmatched(&m->ref, rl, m->ref.n);
    if ((rc = stem_side(m, &m->hyp, hl, nh)) || (rc = stem_side(m, &m->ref, rl, nr))) return rc;
    /* stemming may have added cache words: the stacks must cover them */
    if ((rc = reserve(m))) return rc;
    out->stem = match_stems(m, hl, nh, rl, nr);
    if (m->opts.wordnet && out->stem < nh && out->stem < nr) {
        nh = keep_unmatched(&m->hyp, hl, nh);
        nr = keep_unmatched(&m->ref, rl, nr);
        if ((rc = match_synonyms(m, hl, nh, rl, nr, &syn))) return rc;
    }
    out->synonym = syn;
    out->matches = out->exact + out->stem + out->synonym;
    out->chunks = count_chunks(m);
    return llmmi_met_formula(&m->opts, out->matches, out->hyp_len, out->ref_len, out->chunks,
                             &out->score);
}
