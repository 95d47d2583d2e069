/* bleu_extract.c - the BLEU scorer: segment and corpus statistics
 * (sacrebleu bleu.py _extract_reference_info / _compute_segment_statistics). */
#include "bleu_internal.h"
#include "core/alloc.h"
#include "core/corpus.h"
#include "core/strs.h"
#include <string.h>

int llmm_bleu_create(llmm_bleu **out, const llmm_bleu_options *opts, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_bleu *b;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&a, alloc);
    b = (llmm_bleu *)llmmi_calloc(&a, 1, sizeof *b);
    if (!b) return LLMM_ENOMEM;
    b->alloc = a;
    if (opts) b->opts = *opts;
    else llmm_bleu_options_default(&b->opts);
    if ((rc = llmmi_bleu_check_options(&b->opts)) != LLMM_OK) {
        llmmi_free(&a, b, sizeof *b);
        return rc;
    }
    llmmi_textws_init(&b->text, &a);
    llmmi_ngram_init(&b->grams, &a);
    *out = b;
    return LLMM_OK;
}

void llmm_bleu_free(llmm_bleu *b)
{
    llmm_allocator a;
    if (!b) return;
    a = b->alloc;
    llmmi_textws_free(&b->text);
    llmmi_ngram_free(&b->grams);
    llmmi_free(&a, b, sizeof *b);
}

void llmm_bleu_stats_init(llmm_bleu_stats *s)
{
    if (s) memset(s, 0, sizeof *s);
}

void llmm_bleu_stats_merge(llmm_bleu_stats *dst, const llmm_bleu_stats *src)
{
    int k;
    if (!dst || !src) return;
    dst->sys_len += src->sys_len;
    dst->ref_len += src->ref_len;
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        dst->counts[k] += src->counts[k];
        dst->totals[k] += src->totals[k];
    }
}

/* bleu.py:327-345 _get_closest_ref_len: smallest |hyp - ref|, ties go to the
 * shorter reference; -1 when there is no reference at all. */
static int64_t closest_ref_len(int64_t hyp_len, int64_t best, int64_t ref_len)
{
    int64_t d_new = hyp_len > ref_len ? hyp_len - ref_len : ref_len - hyp_len;
    int64_t d_old;
    if (best < 0) return ref_len;
    d_old = hyp_len > best ? hyp_len - best : best - hyp_len;
    if (d_new < d_old || (d_new == d_old && ref_len < best)) return ref_len;
    return best;
}

/* The shared body of llmm_bleu_extract: refs[i] for i < n_refs, skipping absent
 * ones when `present` is given. *bad_ref is the failing reference index (-1 = hyp). */
static int extract(llmm_bleu *b, llmm_str hyp, const llmm_str *refs, const unsigned char *present,
                   size_t n_refs, llmm_bleu_stats *out, int *bad_ref)
{
    const llmm_bleu_options *o = &b->opts;
    size_t first, nhyp, r, bad;
    int64_t ref_len = -1;
    int rc, k, n_present = 0;

    *bad_ref = -1;
    llmm_bleu_stats_init(out);
    llmmi_textws_reset(&b->text);
    rc = llmmi_textws_tokenize(&b->text, o->tokenize, o->lowercase, hyp.ptr, hyp.len, &first, &bad);
    if (rc) return rc;
    nhyp = b->text.ntok;
    rc = llmmi_ngram_hyp(&b->grams, b->text.arena.p, b->text.tok_off, b->text.tok_len, nhyp,
                         o->max_ngram_order);
    if (rc) return rc;

    for (r = 0; r < n_refs; r++) {
        size_t nref;
        if (present && !present[r]) continue; /* base.py:340: None references are dropped */
        n_present++;
        rc = llmmi_textws_tokenize(&b->text, o->tokenize, o->lowercase, refs[r].ptr, refs[r].len,
                                   &first, &bad);
        if (rc) {
            *bad_ref = (int)r;
            return rc;
        }
        nref = b->text.ntok - first;
        rc = llmmi_ngram_ref(&b->grams, b->text.arena.p, b->text.tok_off + first,
                             b->text.tok_len + first, nref);
        if (rc) return rc;
        ref_len = closest_ref_len((int64_t)nhyp, ref_len, (int64_t)nref);
    }
    /* bleu.py:389: with no reference at all sacrebleu tests `ngram in None`, a
     * TypeError, unless the hypothesis has no n-gram; its ref_len is then -1. */
    if (n_present == 0 && nhyp > 0) return LLMM_EINVAL;

    out->sys_len = nhyp;
    out->ref_len = ref_len;
    for (k = 0; k < o->max_ngram_order; k++)
        out->totals[k] = nhyp >= (size_t)(k + 1) ? nhyp - (size_t)k : 0;
    llmmi_ngram_matches(&b->grams, out->counts);
    return LLMM_OK;
}

int llmm_bleu_extract(llmm_bleu *b, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                      llmm_bleu_stats *out)
{
    int bad_ref;
    if (!b || !out || (n_refs && !refs)) return LLMM_ENULL;
    return extract(b, hyp, refs, NULL, n_refs, out, &bad_ref);
}

/* Up to this many reference streams are handled without allocation. */
#define BLEU_STACK_REFS 16

int llmm_bleu_extract_corpus(llmm_bleu *b, const llmm_strs *hyps, const llmm_strs *refs,
                             size_t n_streams, llmm_bleu_stats *total, llmm_bleu_stats *per_segment,
                             size_t *n_scored, size_t *bad_index, int *bad_stream)
{
    llmm_str stack_refs[BLEU_STACK_REFS], *seg_refs = stack_refs;
    unsigned char stack_present[BLEU_STACK_REFS], *seg_present = stack_present;
    size_t n, i, s;
    int rc = LLMM_OK, bad_ref = -1;

    if (bad_index) *bad_index = 0;
    if (bad_stream) *bad_stream = -1;
    if (n_scored) *n_scored = 0;
    if (!b || !total) return LLMM_ENULL;
    llmm_bleu_stats_init(total);
    rc = llmmi_corpus_open(hyps, refs, n_streams, b->opts.strict_lengths, &n, bad_index,
                           bad_stream);
    if (rc != LLMM_OK) return rc;
    if (n_streams > BLEU_STACK_REFS) {
        seg_refs = (llmm_str *)llmmi_calloc(&b->alloc, n_streams, sizeof *seg_refs);
        seg_present = (unsigned char *)llmmi_calloc(&b->alloc, n_streams, 1);
        if (!seg_refs || !seg_present) {
            rc = LLMM_ENOMEM;
            goto done;
        }
    }
    for (i = 0; i < n; i++) {
        llmm_bleu_stats seg;
        llmm_str hyp;
        if (!llmmi_strs_item(hyps, i, &hyp)) { /* base.py:257 "Undefined line" */
            rc = LLMM_EINVAL;
            break;
        }
        for (s = 0; s < n_streams; s++) {
            seg_present[s] = (unsigned char)llmmi_strs_item(&refs[s], i, &seg_refs[s]);
        }
        rc = extract(b, hyp, seg_refs, seg_present, n_streams, &seg, &bad_ref);
        if (rc) break;
        llmm_bleu_stats_merge(total, &seg);
        if (per_segment) per_segment[i] = seg;
    }
    if (rc) {
        if (bad_index) *bad_index = i;
        if (bad_stream) *bad_stream = bad_ref;
    } else if (n_scored) {
        *n_scored = n;
    }
done:
    if (seg_refs != stack_refs) {
        llmmi_free(&b->alloc, seg_refs, n_streams * sizeof *seg_refs);
        llmmi_free(&b->alloc, seg_present, n_streams);
    }
    return rc;
}
