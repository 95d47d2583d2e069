/* meteor_score.c - scorer lifetime and the public scoring calls (NLTK 3.8
 * single_meteor_score :282-344 and meteor_score :347-409). */
#include "meteor_internal.h"
#include "core/alloc.h"
#include <math.h>
#include <string.h>

void llmm_meteor_options_default(llmm_meteor_options *opts)
{
    if (!opts) return;
    memset(opts, 0, sizeof *opts);
    /* NLTK defaults (meteor_score.py:288-290) */
    opts->alpha = 0.9;
    opts->beta = 3.0;
    opts->gamma = 0.5;
    opts->wordnet = NULL;
    opts->cache_words = (size_t)1 << 20;
}

int llmm_meteor_create(llmm_meteor **out, const llmm_meteor_options *opts,
                       const llmm_allocator *alloc)
{
    llmm_meteor *m;
    llmm_allocator a;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (opts && (!isfinite(opts->alpha) || !isfinite(opts->beta) || !isfinite(opts->gamma)))
        return LLMM_ENONFINITE;
    llmmi_alloc_init(&a, alloc);
    m = (llmm_meteor *)llmmi_calloc(&a, 1, sizeof *m);
    if (!m) return LLMM_ENOMEM;
    m->alloc = a;
    if (opts) m->opts = *opts;
    else llmm_meteor_options_default(&m->opts);
    if (m->opts.cache_words == 0) m->opts.cache_words = (size_t)1 << 20;
    llmmi_strtab_init(&m->words, &a);
    llmmi_shortmap_init(&m->tokens, &a);
    llmmi_wn_scratch_init(&m->wn_scratch, &a);
    *out = m;
    return LLMM_OK;
}

void llmm_meteor_free(llmm_meteor *m)
{
    llmm_allocator a;
    if (!m) return;
    a = m->alloc;
    llmmi_strtab_free(&m->words);
    llmmi_shortmap_free(&m->tokens);
    llmmi_wn_scratch_free(&m->wn_scratch);
    llmmi_free(&a, m->info, m->info_cap * sizeof *m->info);
    llmmi_free(&a, m->syn, m->syn_cap * sizeof *m->syn);
    llmmi_free(&a, m->hyp.low, m->hyp.cap * 3 * sizeof *m->hyp.low);
    llmmi_free(&a, m->ref.low, m->ref.cap * 3 * sizeof *m->ref.low);
    llmmi_free(&a, m->next, m->next_cap * sizeof *m->next);
    llmmi_free(&a, m->left, m->left_cap * sizeof *m->left);
    llmmi_free(&a, m->stack, m->stack_cap * sizeof *m->stack);
    llmmi_free(&a, m->wtab, m->wtab_cap * sizeof *m->wtab);
    llmmi_free(&a, m->text, m->text_cap);
    llmmi_free(&a, m->cps, m->cps_cap * sizeof *m->cps);
    llmmi_free(&a, m, sizeof *m);
}

/* ---- inputs ----------------------------------------------------------------------------- */

/* A pre-tokenized list: NLTK raises TypeError for a str in place of tokens
 * (meteor_score.py:32-40); the C shape of "not tokenized" is a list without offsets. */
static int check_list(const llmm_strs *l)
{
    size_t i;
    if (!l || !l->offsets) return LLMM_ENULL;
    if (l->present) return LLMM_EINVAL;
    for (i = 0; i < l->count; i++)
        if (l->offsets[i + 1] < l->offsets[i]) return LLMM_EINVAL;
    if (!l->data && l->count && l->offsets[l->count] != l->offsets[0]) return LLMM_ENULL;
    return LLMM_OK;
}

static int load_list(llmm_meteor *m, met_side *side, const llmm_strs *l)
{
    int rc = check_list(l);
    if (rc) return rc;
    return llmmi_met_load_side(m, side, l->data, l->offsets, l->count);
}

static int load_text(llmm_meteor *m, met_side *side, llmm_str s)
{
    return llmmi_met_load_text(m, side, s.ptr, s.len);
}

/* ---- scoring ---------------------------------------------------------------------------- */

typedef int (*load_ref_fn)(llmm_meteor *m, const void *ctx, size_t r);

/* max(single_meteor_score(reference, hypothesis) for reference in references): the
 * hypothesis is loaded; the first reference with the largest score wins (max()). */
static int best_of(llmm_meteor *m, load_ref_fn load, const void *ctx, size_t n_refs,
                   llmm_meteor_result *out)
{
    llmm_meteor_result r;
    size_t k;
    int rc;
    if (n_refs == 0) return LLMM_EEMPTY; /* max() arg is an empty sequence */
    for (k = 0; k < n_refs; k++) {
        if ((rc = load(m, ctx, k)) || (rc = llmmi_met_pair(m, &r))) return rc;
        if (k == 0 || r.score > out->score) {
            *out = r;
            out->best_ref = k;
        }
    }
    return LLMM_OK;
}

static int load_ref_list(llmm_meteor *m, const void *ctx, size_t r)
{
    return load_list(m, &m->ref, (const llmm_strs *)ctx + r);
}

static int load_ref_text(llmm_meteor *m, const void *ctx, size_t r)
{
    return load_text(m, &m->ref, ((const llmm_str *)ctx)[r]);
}

int llmm_meteor_single(llmm_meteor *m, const llmm_strs *reference, const llmm_strs *hypothesis,
                       llmm_meteor_result *out)
{
    if (!reference) return LLMM_ENULL;
    return llmm_meteor_score(m, reference, 1, hypothesis, out);
}

int llmm_meteor_score(llmm_meteor *m, const llmm_strs *references, size_t n_refs,
                      const llmm_strs *hypothesis, llmm_meteor_result *out)
{
    int rc;
    if (!m || !out || (!references && n_refs)) return LLMM_ENULL;
    memset(out, 0, sizeof *out);
    if (n_refs == 0) return LLMM_EEMPTY; /* max() of no reference: before any hypothesis check */
    llmmi_met_maybe_reset(m);
    if ((rc = load_list(m, &m->hyp, hypothesis))) return rc;
    return best_of(m, load_ref_list, references, n_refs, out);
}

int llmm_meteor_score_text(llmm_meteor *m, llmm_str hypothesis, const llmm_str *references,
                           size_t n_refs, llmm_meteor_result *out)
{
    int rc;
    if (!m || !out || (!references && n_refs)) return LLMM_ENULL;
    memset(out, 0, sizeof *out);
    if (n_refs == 0) return LLMM_EEMPTY;
    llmmi_met_maybe_reset(m);
    if ((rc = load_text(m, &m->hyp, hypothesis))) return rc;
    return best_of(m, load_ref_text, references, n_refs, out);
}

/* ---- batches ------------------------------------------------------------------------------ */

/* Where a batch's hypotheses and references come from: tokenized texts
 * (llmm_meteor_score_batch) or strings to split (llmm_meteor_score_batch_text). */
typedef struct batch_ctx {
    const llmm_meteor_texts *hyp_texts, *ref_texts;
    const llmm_strs *hyp_strs, *ref_strs;
    const llmm_meteor_packed *hyp_packed, *ref_packed;
    const char *hyp_at, *ref_at; /* packed: where the next unread text starts */
    const char *hyp_end, *ref_end;
    size_t ref_next;             /* packed: index of that reference text */
    size_t first;                /* the current segment's first reference */
} batch_ctx;

/* Text k of a batch as a token list view. */
static int load_batch_text(llmm_meteor *m, met_side *side, const llmm_meteor_texts *t, size_t k)
{
    llmm_strs l;
    size_t b = t->text_offsets[k], e = t->text_offsets[k + 1];
    if (e < b || e > t->tokens.count) return LLMM_EINVAL;
    l.data = t->tokens.data;
    l.offsets = t->tokens.offsets ? t->tokens.offsets + b : NULL;
    l.present = t->tokens.present;
    l.count = e - b;
    return load_list(m, side, &l);
}

/* String k of a batch, split. */
static int load_batch_str(llmm_meteor *m, met_side *side, const llmm_strs *s, size_t k)
{
    llmm_str t;
    if (s->offsets[k + 1] < s->offsets[k]) return LLMM_EINVAL;
    t.len = s->offsets[k + 1] - s->offsets[k];
    t.ptr = s->data && t.len ? s->data + s->offsets[k] : NULL;
    return load_text(m, side, t);
}

/* Packed reference k: texts are read in order (segments take non-decreasing ranges, and
 * a segment's references one after the other), skipping texts no segment uses. */
static int load_ref_packed(llmm_meteor *m, batch_ctx *c, size_t k)
{
    int rc;
    if (k >= c->ref_packed->count) return LLMM_EINVAL;
    for (; c->ref_next <= k; c->ref_next++)
        if ((rc = llmmi_met_load_packed(m, &m->ref, &c->ref_at, c->ref_end,
                                        c->ref_packed->counts[c->ref_next])))
            return rc;
    return LLMM_OK;
}

static int load_ref_batch(llmm_meteor *m, const void *ctx, size_t r)
{
    batch_ctx *c = (batch_ctx *)ctx;
    if (c->ref_packed) return load_ref_packed(m, c, c->first + r);
    if (c->ref_texts) return load_batch_text(m, &m->ref, c->ref_texts, c->first + r);
    return load_batch_str(m, &m->ref, c->ref_strs, c->first + r);
}

/* Segment i: hypothesis i against references [ref_offsets[i], ref_offsets[i+1]). */
static int batch(llmm_meteor *m, batch_ctx *c, size_t n_seg, size_t n_refs_total,
                 const size_t *ref_offsets, double *scores, llmm_meteor_stats *total,
                 size_t *bad_index)
{
    llmm_meteor_result r;
    size_t i;
    int rc = LLMM_OK;
    for (i = 0; i < n_seg; i++) {
        size_t n_refs = ref_offsets[i + 1] - ref_offsets[i];
        if (ref_offsets[i + 1] < ref_offsets[i] || ref_offsets[i + 1] > n_refs_total) {
            rc = LLMM_EINVAL;
            break;
        }
        if (n_refs == 0) {
            rc = LLMM_EEMPTY; /* max() of no reference */
            break;
        }
        c->first = ref_offsets[i];
        memset(&r, 0, sizeof r);
        llmmi_met_maybe_reset(m);
        if (c->hyp_packed)
            rc = llmmi_met_load_packed(m, &m->hyp, &c->hyp_at, c->hyp_end,
                                       c->hyp_packed->counts[i]);
        else
            rc = c->hyp_texts ? load_batch_text(m, &m->hyp, c->hyp_texts, i)
                              : load_batch_str(m, &m->hyp, c->hyp_strs, i);
        if (rc || (rc = best_of(m, load_ref_batch, c, n_refs, &r))) break;
        if (scores) scores[i] = r.score;
        if (total) llmm_meteor_stats_add(total, &r);
    }
    if (rc && bad_index) *bad_index = i;
    return rc;
}

int llmm_meteor_score_batch(llmm_meteor *m, const llmm_meteor_texts *hyps,
                            const llmm_meteor_texts *refs, const size_t *ref_offsets,
                            double *scores, llmm_meteor_stats *total, size_t *bad_index)
{
    batch_ctx c;
    if (!m || !hyps || !refs || !ref_offsets || !hyps->text_offsets || !refs->text_offsets)
        return LLMM_ENULL;
    memset(&c, 0, sizeof c);
    c.hyp_texts = hyps;
    c.ref_texts = refs;
    return batch(m, &c, hyps->count, refs->count, ref_offsets, scores, total, bad_index);
}

int llmm_meteor_score_batch_text(llmm_meteor *m, const llmm_strs *hyps, const llmm_strs *refs,
                                 const size_t *ref_offsets, double *scores,
                                 llmm_meteor_stats *total, size_t *bad_index)
{
    batch_ctx c;
    if (!m || !hyps || !refs || !ref_offsets || !hyps->offsets || !refs->offsets)
        return LLMM_ENULL;
    if (hyps->present || refs->present) return LLMM_EINVAL;
    memset(&c, 0, sizeof c);
    c.hyp_strs = hyps;
    c.ref_strs = refs;
    return batch(m, &c, hyps->count, refs->count, ref_offsets, scores, total, bad_index);
}

/* The data holds exactly the tokens counted: as many NULs as tokens, the last byte a
 * NUL (a token holding a NUL would shift every later token: refused before scoring). */
static int check_packed(const llmm_meteor_packed *p)
{
    size_t i, tokens = 0, nuls = 0;
    if (!p->counts && p->count) return LLMM_ENULL;
    if (!p->data && p->len) return LLMM_ENULL;
    for (i = 0; i < p->count; i++) {
        if (p->counts[i] > (size_t)-1 - tokens) return LLMM_EINVAL;
        tokens += p->counts[i];
    }
    if (p->len && p->data[p->len - 1] != 0) return LLMM_EINVAL;
    for (i = 0; i < p->len; i++) nuls += p->data[i] == 0;
    return nuls == tokens ? LLMM_OK : LLMM_EINVAL;
}

int llmm_meteor_score_batch_packed(llmm_meteor *m, const llmm_meteor_packed *hyps,
                                   const llmm_meteor_packed *refs, const size_t *ref_offsets,
                                   double *scores, llmm_meteor_stats *total, size_t *bad_index)
{
    batch_ctx c;
    int rc;
    if (!m || !hyps || !refs || !ref_offsets) return LLMM_ENULL;
    if ((rc = check_packed(hyps)) || (rc = check_packed(refs))) return rc;
    memset(&c, 0, sizeof c);
    c.hyp_packed = hyps;
    c.ref_packed = refs;
    c.hyp_at = hyps->len ? hyps->data : "";
    c.ref_at = refs->len ? refs->data : "";
    c.hyp_end = c.hyp_at + hyps->len;
    c.ref_end = c.ref_at + refs->len;
    return batch(m, &c, hyps->count, refs->count, ref_offsets, scores, total, bad_index);
}

size_t llmm_meteor_options_size(void) { return sizeof(llmm_meteor_options); }
size_t llmm_meteor_packed_size(void) { return sizeof(llmm_meteor_packed); }
size_t llmm_meteor_result_size(void) { return sizeof(llmm_meteor_result); }
size_t llmm_meteor_texts_size(void) { return sizeof(llmm_meteor_texts); }
