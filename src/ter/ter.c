/* ter.c - TER segment statistics exactly as sacrebleu 2.6.0 (metrics/ter.py). */
#include "llmm_ter.h"

#include "text/intern.h"
#include "text/textbuf.h"
#include "core/alloc.h"
#include "core/corpus.h"
#include "ter/ter_core.h"
#include "ter/ter_tokenizer.h"
#include <string.h>

struct llmm_ter {
    llmm_allocator alloc;
    llmm_ter_options opts;
    llmmi_ter_tok_opts tok_opts;
    llmmi_ter_tokens tok;
    llmmi_intern vocab;     /* words of the hypothesis */
    llmmi_cpbuf hyp_ids, ref_ids;
    llmmi_ter_ws ws;
    llmm_str *refbuf;       /* corpus path: the present references of a segment */
    size_t refbuf_cap;
};

void llmm_ter_options_default(llmm_ter_options *opts)
{
    if (opts) memset(opts, 0, sizeof *opts); /* ter.py:96-99: all False */
}

int llmm_ter_create(llmm_ter **out, const llmm_ter_options *opts, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_ter *t;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&a, alloc);
    t = (llmm_ter *)llmmi_calloc(&a, 1, sizeof *t);
    if (!t) return LLMM_ENOMEM;
    t->alloc = a;
    if (opts)
        t->opts = *opts;
    else
        llmm_ter_options_default(&t->opts);
    t->tok_opts.normalized = t->opts.normalized;
    t->tok_opts.no_punct = t->opts.no_punct;
    t->tok_opts.asian_support = t->opts.asian_support;
    t->tok_opts.case_sensitive = t->opts.case_sensitive;
    llmmi_intern_init(&t->vocab);
    *out = t;
    return LLMM_OK;
}

void llmm_ter_free(llmm_ter *t)
{
    llmm_allocator a;
    if (!t) return;
    a = t->alloc;
    llmmi_ter_tokens_free(&a, &t->tok);
    llmmi_intern_free(&a, &t->vocab);
    llmmi_cpbuf_free(&a, &t->hyp_ids);
    llmmi_cpbuf_free(&a, &t->ref_ids);
    llmmi_ter_ws_free(&a, &t->ws);
    llmmi_free(&a, t->refbuf, t->refbuf_cap * sizeof *t->refbuf);
    llmmi_free(&a, t, sizeof *t);
}

/* Tokenizes s and maps its words to ids: hypothesis words are added to the
 * vocabulary, a reference word absent from the hypothesis becomes
 * LLMMI_INTERN_NONE (it can only ever be compared with hypothesis words).
 *
 * References are preprocessed twice, as sacrebleu does: Metric._cache_references
 * (base.py:346) runs _preprocess_segment on every reference, and
 * TER._extract_reference_info (ter.py:193) runs it again on the result. With
 * `normalized` the second run can split further ("squire's ," -> "squire 's ,").
 * Hypotheses are preprocessed once (base.py:388). */
static int words(llmm_ter *t, llmm_str s, int insert, llmmi_cpbuf *ids)
{
    size_t k;
    int rc = llmmi_ter_tokenize(&t->alloc, &t->tok_opts, s.ptr, s.len, !insert, &t->tok, NULL);
    if (rc != LLMM_OK) return rc;
    if ((rc = llmmi_cpbuf_reserve(&t->alloc, ids, t->tok.n ? t->tok.n : 1)) != LLMM_OK) return rc;
    for (k = 0; k < t->tok.n; k++) {
        rc = llmmi_intern_get(&t->alloc, &t->vocab, t->tok.text + t->tok.tok[k].off,
                              t->tok.tok[k].len, insert, &ids->p[k]);
        if (rc != LLMM_OK) return rc;
    }
    ids->n = t->tok.n;
    return LLMM_OK;
}

/* TER._compute_segment_statistics (ter.py:152-180); *bad_ref is -1 or the index
 * of the reference that failed. */
static int extract(llmm_ter *t, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                   llmm_ter_stats *out, long *bad_ref)
{
    uint64_t best = UINT64_MAX, ref_len = 0, q, r;
    size_t k;
    int rc;
    *bad_ref = -1;
    llmmi_intern_reset(&t->vocab);
    if ((rc = words(t, hyp, 1, &t->hyp_ids)) != LLMM_OK) return rc;
    for (k = 0; k < n_refs; k++) {
        uint64_t e;
        *bad_ref = (long)k;
        if ((rc = words(t, refs[k], 0, &t->ref_ids)) != LLMM_OK) return rc;
        rc = llmmi_ter_edits(&t->alloc, &t->ws, t->hyp_ids.p, t->hyp_ids.n, t->ref_ids.p,
                             t->ref_ids.n, &e);
        if (rc != LLMM_OK) return rc;
        ref_len += t->ref_ids.n;
        if (e < best) best = e; /* strict <: the minimum over references */
    }
    *bad_ref = -1;
    out->num_edits = best;
    /* avg_ref_len = ref_lengths / len(ref_words), kept exactly in 1/720720 units */
    q = ref_len / n_refs;
    r = ref_len % n_refs;
    out->ref_length_sc = q * LLMM_TER_LENGTH_SCALE +
                         (r * LLMM_TER_LENGTH_SCALE + n_refs / 2) / n_refs;
    return LLMM_OK;
}

int llmm_ter_extract(llmm_ter *t, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                     llmm_ter_stats *out)
{
    long bad;
    if (!t || !out || (n_refs && !refs)) return LLMM_ENULL;
    if (n_refs == 0) return LLMM_EEMPTY; /* ter.py:179 divides by len(ref_words) */
    return extract(t, hyp, refs, n_refs, out, &bad);
}

int llmm_ter_extract_corpus(llmm_ter *t, const llmm_strs *hyps, const llmm_strs *refs,
                            size_t n_streams, llmm_ter_stats *total, llmm_ter_stats *per_segment,
                            size_t *n_scored, size_t *bad_index, int *bad_stream)
{
    size_t n, i, s;
    int rc;
    if (bad_index) *bad_index = 0;
    if (bad_stream) *bad_stream = -1;
    if (n_scored) *n_scored = 0;
    if (!t || !total) return LLMM_ENULL;
    rc = llmmi_corpus_open(hyps, refs, n_streams, t->opts.strict_lengths, &n, bad_index,
                           bad_stream);
    if (rc != LLMM_OK) return rc;
    {
        void *p = t->refbuf;
        rc = llmmi_grow(&t->alloc, &p, &t->refbuf_cap, n_streams, sizeof *t->refbuf);
        t->refbuf = (llmm_str *)p;
        if (rc != LLMM_OK) return rc;
    }
    llmm_ter_stats_init(total);
    for (i = 0; i < n; i++) {
        llmm_ter_stats st;
        llmm_str h;
        size_t k = 0;
        long bad;
        if (!llmmi_strs_item(hyps, i, &h)) { /* base.py:257 */
            if (bad_index) *bad_index = i;
            return LLMM_EINVAL;
        }
        for (s = 0; s < n_streams; s++)
            if (llmmi_strs_item(&refs[s], i, &t->refbuf[k])) k++;
        if (k == 0) {
            if (bad_index) *bad_index = i;
            if (bad_stream) *bad_stream = 0;
            return LLMM_EEMPTY;
        }
        if ((rc = extract(t, h, t->refbuf, k, &st, &bad)) != LLMM_OK) {
            if (bad_index) *bad_index = i;
            if (bad_stream && bad >= 0)
                *bad_stream = llmmi_corpus_stream_of(refs, n_streams, i, (size_t)bad);
            return rc;
        }
        llmm_ter_stats_merge(total, &st);
        if (per_segment) per_segment[i] = st;
    }
    if (n_scored) *n_scored = n;
    return LLMM_OK;
}
