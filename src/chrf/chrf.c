/* chrf.c - chrF / chrF++ segment statistics exactly as sacrebleu 2.6.0
 * (sacrebleu/metrics/chrf.py, metrics/helpers.py): the scorer, one segment against
 * its references, and a corpus.
 *
 * Per segment the hypothesis n-grams go into tries (gramtab.h) that every
 * reference is then counted against; the references are decoded one at a time into
 * the same buffers.
 */
#include "chrf/chrf_internal.h"

#include "chrf/chrf_score.h"
#include "core/alloc.h"
#include "core/corpus.h"
#include "core/strs.h"
#include <string.h>

int llmm_chrf_create(llmm_chrf **out, const llmm_chrf_options *opts,
                     const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_chrf *c;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&a, alloc);
    c = (llmm_chrf *)llmmi_calloc(&a, 1, sizeof *c);
    if (!c) return LLMM_ENOMEM;
    c->alloc = a;
    if (opts)
        c->opts = *opts;
    else
        llmm_chrf_options_default(&c->opts);
    if ((rc = llmmi_chrf_options_check(&c->opts)) != LLMM_OK) {
        llmmi_free(&a, c, sizeof *c);
        return rc;
    }
    llmmi_gramtab_init(&c->cgrams);
    llmmi_gramtab_init(&c->vocab);
    llmmi_gramtab_init(&c->wgrams);
    *out = c;
    return LLMM_OK;
}

void llmm_chrf_free(llmm_chrf *c)
{
    llmm_allocator a;
    if (!c) return;
    a = c->alloc;
    llmmi_cpbuf_free(&a, &c->text);
    llmmi_cpbuf_free(&a, &c->tmp);
    llmmi_cpbuf_free(&a, &c->chars);
    llmmi_cpbuf_free(&a, &c->toks);
    llmmi_cpbuf_free(&a, &c->words);
    llmmi_cpbuf_free(&a, &c->hchars);
    llmmi_cpbuf_free(&a, &c->hwords);
    llmmi_gramtab_free(&a, &c->cgrams);
    llmmi_gramtab_free(&a, &c->vocab);
    llmmi_gramtab_free(&a, &c->wgrams);
    llmmi_free(&a, c->refbuf, c->refbuf_cap * sizeof *c->refbuf);
    llmmi_free(&a, c, sizeof *c);
}

/* CHRF._get_match_statistics (chrf.py:106-129) for `order` orders starting at
 * out[3 * first]: [hyp n-grams if the reference has any of that order else 0,
 * ref n-grams, matches]. */
static void order_stats(uint64_t *out, int first, int order, size_t hyp_len, size_t ref_len,
                        const uint64_t *match)
{
    int k;
    for (k = 0; k < order; k++) {
        uint64_t h = hyp_len > (size_t)k ? hyp_len - (size_t)k : 0;
        uint64_t r = ref_len > (size_t)k ? ref_len - (size_t)k : 0;
        out[3 * (first + k)] = r ? h : 0;
        out[3 * (first + k) + 1] = r;
        out[3 * (first + k) + 2] = match[k];
    }
}

/* Extracts one segment; on a UTF-8 error *bad_ref is -1 (hypothesis) or the index
 * of the reference. */
static void swap(llmmi_cpbuf *x, llmmi_cpbuf *y)
{
    llmmi_cpbuf t = *x;
    *x = *y;
    *y = t;
}

static int extract(llmm_chrf *c, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                   llmm_chrf_stats *out, long *bad_ref)
{
    const int nc = c->opts.char_order, nw = c->opts.word_order;
    size_t r;
    double best_f = -1.0;
    int rc;

    *bad_ref = -1;
    if ((rc = llmmi_chrf_decode(c, hyp)) != LLMM_OK) return rc;
    if (nw > 0 && (rc = llmmi_chrf_words(c, 1)) != LLMM_OK) return rc;
    /* the tries read the hypothesis while the references are decoded: move it to
     * buffers of its own (a swap, no copy) */
    swap(&c->chars, &c->hchars);
    swap(&c->words, &c->hwords);
    if (nc > 0 && (rc = llmmi_gramtab_build(&c->alloc, &c->cgrams, c->hchars.p, c->hchars.n,
                                            (size_t)nc)) != LLMM_OK)
        return rc;
    if (nw > 0 && (rc = llmmi_gramtab_build(&c->alloc, &c->wgrams, c->hwords.p, c->hwords.n,
                                            (size_t)nw)) != LLMM_OK)
        return rc;

    /* chrf.py:255-284: keep the reference with the best sentence-level f-score,
     * strict > from -1.0, so the first reference wins ties and a zero score still
     * counts. */
    for (r = 0; r < n_refs; r++) {
        llmm_chrf_stats st;
        uint64_t match[LLMM_CHRF_MAX_CHAR_ORDER > LLMM_CHRF_MAX_WORD_ORDER
                           ? LLMM_CHRF_MAX_CHAR_ORDER
                           : LLMM_CHRF_MAX_WORD_ORDER];
        double f;
        *bad_ref = (long)r;
        if ((rc = llmmi_chrf_decode(c, refs[r])) != LLMM_OK) return rc;
        memset(&st, 0, sizeof st);
        if (nc > 0) {
            memset(match, 0, sizeof match);
            llmmi_gramtab_count(&c->cgrams, c->chars.p, c->chars.n, r == 0, match);
            order_stats(st.counts, 0, nc, c->hchars.n, c->chars.n, match);
        }
        if (nw > 0) {
            if ((rc = llmmi_chrf_words(c, 0)) != LLMM_OK) return rc;
            memset(match, 0, sizeof match);
            llmmi_gramtab_count(&c->wgrams, c->words.p, c->words.n, r == 0, match);
            order_stats(st.counts, nc, nw, c->hwords.n, c->words.n, match);
        }
        f = llmmi_chrf_fscore(st.counts, nc + nw, c->opts.beta, c->opts.eps_smoothing);
        if (f > best_f) {
            best_f = f;
            *out = st;
        }
    }
    *bad_ref = -1;
    return LLMM_OK;
}

int llmm_chrf_extract(llmm_chrf *c, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                      llmm_chrf_stats *out)
{
    long bad;
    if (!c || !out || (n_refs && !refs)) return LLMM_ENULL;
    /* chrf.py:273-284 leaves the statistics empty without a reference, and
     * sacrebleu then fails while summing them */
    if (n_refs == 0) return LLMM_EEMPTY;
    return extract(c, hyp, refs, n_refs, out, &bad);
}

int llmm_chrf_extract_corpus(llmm_chrf *c, const llmm_strs *hyps, const llmm_strs *refs,
                             size_t n_streams, llmm_chrf_stats *total,
                             llmm_chrf_stats *per_segment, size_t *n_scored, size_t *bad_index,
                             int *bad_stream)
{
    size_t n, i, s;
    int rc;
    if (bad_index) *bad_index = 0;
    if (bad_stream) *bad_stream = -1;
    if (n_scored) *n_scored = 0;
    if (!c || !total) return LLMM_ENULL;
    rc = llmmi_corpus_open(hyps, refs, n_streams, c->opts.strict_lengths, &n, bad_index,
                           bad_stream);
    if (rc != LLMM_OK) return rc;
    {
        void *p = c->refbuf;
        rc = llmmi_grow(&c->alloc, &p, &c->refbuf_cap, n_streams, sizeof *c->refbuf);
        c->refbuf = (llmm_str *)p;
        if (rc != LLMM_OK) return rc;
    }
    llmm_chrf_stats_init(total);
    for (i = 0; i < n; i++) {
        llmm_chrf_stats st;
        llmm_str h;
        size_t k = 0;
        long bad;
        if (!llmmi_strs_item(hyps, i, &h)) {
            /* base.py:257: "Undefined line in hypotheses stream!" */
            if (bad_index) *bad_index = i;
            return LLMM_EINVAL;
        }
        for (s = 0; s < n_streams; s++)
            if (llmmi_strs_item(&refs[s], i, &c->refbuf[k])) k++;
        if (k == 0) {
            if (bad_index) *bad_index = i;
            if (bad_stream) *bad_stream = 0;
            return LLMM_EEMPTY;
        }
        if ((rc = extract(c, h, c->refbuf, k, &st, &bad)) != LLMM_OK) {
            if (bad_index) *bad_index = i;
            if (bad_stream && bad >= 0)
                *bad_stream = llmmi_corpus_stream_of(refs, n_streams, i, (size_t)bad);
            return rc;
        }
        llmm_chrf_stats_merge(total, &st);
        if (per_segment) per_segment[i] = st;
    }
    if (n_scored) *n_scored = n;
    return LLMM_OK;
}
