/* chrf.c - chrF / chrF++ segment statistics exactly as sacrebleu 2.6.0
 * (sacrebleu/metrics/chrf.py, metrics/helpers.py).
 *
 * Per segment: the hypothesis's character n-grams (and word n-grams for chrF++) get
 * dense ids from chain tables (chain.h) and are counted in arrays; each reference is
 * then walked through the same tables without inserting: a reference n-gram whose
 * prefix is not a hypothesis n-gram cannot match, so its longer extensions are not
 * looked up. matches = sum over n-grams of min(hyp count, ref count), computed as
 * "count a reference occurrence while it does not exceed the hypothesis count".
 */
#include "llmm_chrf.h"

#include "chrf/chain.h"
#include "chrf/chrf_score.h"
#include "text/intern.h"
#include "text/textbuf.h"
#include "core/alloc.h"
#include "core/corpus.h"
#include "core/unicode.h"
#include <string.h>

struct llmm_chrf {
    llmm_allocator alloc;
    llmm_chrf_options opts;
    llmmi_cpbuf text, tmp;  /* decoded (and lowercased) segment, scratch */
    llmmi_cpbuf chars;      /* its characters without whitespace */
    llmmi_cpbuf hseq;       /* the hypothesis characters (chars or text, swapped in) */
    llmmi_cpbuf runs;       /* lengths of the str.split() tokens within chars */
    llmmi_cpbuf hwords;     /* word ids of the hypothesis */
    llmmi_cpbuf rwords;     /* word ids of the current reference */
    llmmi_cpbuf ids;        /* n-gram id at each position, for the current order */
    llmmi_intern vocab;      /* words of the hypothesis */
    llmmi_chain cgrams, wgrams; /* character / word n-grams of the hypothesis */
    size_t hyp_chars;        /* length of the hypothesis character sequence */
    llmm_str *refbuf;        /* corpus path: the present references of a segment */
    size_t refbuf_cap;
};

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
    llmmi_intern_init(&c->vocab);
    llmmi_chain_init(&c->cgrams);
    llmmi_chain_init(&c->wgrams);
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
    llmmi_cpbuf_free(&a, &c->hseq);
    llmmi_cpbuf_free(&a, &c->runs);
    llmmi_cpbuf_free(&a, &c->hwords);
    llmmi_cpbuf_free(&a, &c->rwords);
    llmmi_cpbuf_free(&a, &c->ids);
    llmmi_intern_free(&a, &c->vocab);
    llmmi_chain_free(&a, &c->cgrams);
    llmmi_chain_free(&a, &c->wgrams);
    llmmi_free(&a, c->refbuf, c->refbuf_cap * sizeof *c->refbuf);
    llmmi_free(&a, c, sizeof *c);
}

/* Decodes a segment into c->text (lowercased with the option: chrf.py:158, on the
 * whole string, so final sigma sees its context) and sets *seq / *len to the
 * characters the n-grams run over: unless `whitespace`, every str.split() whitespace
 * character is deleted (''.join(line.split()), helpers.py:62-67). */
static int decode_segment(llmm_chrf *c, llmm_str s, const uint32_t **seq, size_t *len)
{
    size_t i, n, run;
    int rc;
    if (!c->opts.lowercase && !c->opts.whitespace && c->opts.word_order == 0) {
        /* only the characters are needed: decode and drop whitespace in one pass */
        if ((rc = llmmi_text_decode_nospace(&c->alloc, s.ptr, s.len, &c->chars, NULL)) != LLMM_OK)
            return rc;
        *seq = c->chars.p;
        *len = c->chars.n;
        return LLMM_OK;
    }
    rc = llmmi_text_decode(&c->alloc, s.ptr, s.len, c->opts.lowercase, &c->text, &c->tmp, NULL);
    if (rc != LLMM_OK) return rc;
    if (c->opts.whitespace) {
        *seq = c->text.p;
        *len = c->text.n;
        return LLMM_OK;
    }
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->chars, c->text.n ? c->text.n : 1)) != LLMM_OK)
        return rc;
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, &c->runs, c->text.n ? c->text.n : 1)) != LLMM_OK)
        return rc;
    /* the str.split() tokens are the runs of non-space characters: their lengths are
     * kept for the word n-grams (chars holds them back to back) */
    c->runs.n = 0;
    for (i = n = 0, run = 0; i < c->text.n; i++) {
        uint32_t cp = c->text.p[i];
        int sp = llmmi_uc_is_space_inline(cp);
        c->chars.p[n] = cp;
        n += !sp;
        if (!sp) {
            run++;
        } else if (run) {
            c->runs.p[c->runs.n++] = (uint32_t)run;
            run = 0;
        }
    }
    if (run) c->runs.p[c->runs.n++] = (uint32_t)run;
    c->chars.n = n;
    *seq = c->chars.p;
    *len = n;
    return LLMM_OK;
}

/* string.punctuation, the set of CHRF._PUNCTS (chrf.py:82). */
static int is_ascii_punct(uint32_t cp)
{
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
}

static int add_word(llmm_chrf *c, const uint32_t *w, size_t len, int insert, llmmi_cpbuf *ids)
{
    uint32_t id;
    int rc = llmmi_intern_get(&c->alloc, &c->vocab, w, len, insert, &id);
    if (rc != LLMM_OK) return rc;
    ids->p[ids->n++] = id;
    return LLMM_OK;
}

/* The word ids of one str.split() token after CHRF._remove_punctuation
 * (chrf.py:131-150): a token longer than one character loses one ASCII punctuation
 * character, the last if it is punctuation, else the first if that is (so "(a)" gives
 * "(a", ")", sacrebleu issue #124). Hypothesis words are added to the vocabulary; a
 * reference word absent from it gets LLMMI_INTERN_NONE. */
static int add_token(llmm_chrf *c, const uint32_t *t, size_t len, int insert, llmmi_cpbuf *ids)
{
    int rc;
    if (len > 1 && is_ascii_punct(t[len - 1])) {
        if ((rc = add_word(c, t, len - 1, insert, ids)) != LLMM_OK) return rc;
        return add_word(c, t + len - 1, 1, insert, ids);
    }
    if (len > 1 && is_ascii_punct(t[0])) {
        if ((rc = add_word(c, t, 1, insert, ids)) != LLMM_OK) return rc;
        return add_word(c, t + 1, len - 1, insert, ids);
    }
    return add_word(c, t, len, insert, ids);
}

/* Word ids of a segment whose tokens are stored back to back in `chars` with their
 * lengths in `runs` (as decode_segment leaves them without the whitespace option). */
static int segment_runs(llmm_chrf *c, const llmmi_cpbuf *chars, const llmmi_cpbuf *runs,
                        int insert, llmmi_cpbuf *ids)
{
    size_t k, at = 0, cap;
    int rc;
    if (!llmmi_mul_ok(runs->n, 2, &cap)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, ids, cap ? cap : 1)) != LLMM_OK) return rc;
    ids->n = 0;
    for (k = 0; k < runs->n; k++) {
        if ((rc = add_token(c, chars->p + at, runs->p[k], insert, ids)) != LLMM_OK) return rc;
        at += runs->p[k];
    }
    return LLMM_OK;
}

/* Word ids of a decoded text (with its whitespace), split as str.split() does. */
static int segment_words(llmm_chrf *c, const llmmi_cpbuf *text, int insert, llmmi_cpbuf *ids)
{
    const uint32_t *t = text->p;
    size_t n = text->n, i = 0, cap;
    int rc;
    /* at most one word per character, plus one split per token */
    if (!llmmi_mul_ok(n, 2, &cap)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(&c->alloc, ids, cap ? cap : 1)) != LLMM_OK) return rc;
    ids->n = 0;
    while (i < n) {
        size_t s;
        while (i < n && llmmi_uc_is_space_inline(t[i])) i++;
        if (i == n) break;
        s = i;
        while (i < n && !llmmi_uc_is_space_inline(t[i])) i++;
        if ((rc = add_token(c, t + s, i - s, insert, ids)) != LLMM_OK) return rc;
    }
    return LLMM_OK;
}

/* The hypothesis n-grams of order 1..order of seq (see chain.h). */
static int count_hyp(llmm_chrf *c, llmmi_chain *tab, const uint32_t *seq, size_t len, int order)
{
    int rc = llmmi_cpbuf_reserve(&c->alloc, &c->ids, len ? len : 1);
    if (rc != LLMM_OK) return rc;
    return llmmi_chain_build(&c->alloc, tab, seq, len, (size_t)order, c->ids.p);
}

/* Matches of a reference sequence against the hypothesis trie:
 * match[k] += sum over n-grams g of order k+1 of min(hyp(g), ref(g)), counting a
 * reference occurrence while it does not exceed the hypothesis count. From each
 * position the trie is walked order by order until the hypothesis lacks the n-gram
 * (then it lacks every longer one). A symbol LLMMI_INTERN_NONE (a word the hypothesis
 * lacks) is in no n-gram of the hypothesis, so it is never found. */
static void count_ref(llmmi_chain *tab, const uint32_t *seq, size_t len, int order,
                      uint64_t *match)
{
    size_t i, k;
    llmmi_chain_clear_ref(tab);
    for (i = 0; i < len; i++) {
        size_t kmax = len - i < (size_t)order ? len - i : (size_t)order;
        uint32_t j = 0;
        for (k = 0; k < kmax; k++) {
            j = llmmi_chain_next(tab, j, k, seq[i + k]);
            if (!j) break;
            match[k] += llmmi_chain_count_ref(tab, j);
        }
    }
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
static int extract(llmm_chrf *c, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                   llmm_chrf_stats *out, long *bad_ref)
{
    const int nc = c->opts.char_order, nw = c->opts.word_order;
    const uint32_t *seq;
    size_t len, r, hyp_words = 0;
    double best_f = -1.0;
    int rc;

    *bad_ref = -1;
    if ((rc = decode_segment(c, hyp, &seq, &len)) != LLMM_OK) return rc;
    c->hyp_chars = len;
    /* the trie reads the hypothesis characters while references are decoded: move
     * them to a buffer of their own (a swap, no copy) */
    {
        llmmi_cpbuf *src = seq == c->text.p ? &c->text : &c->chars, tmp = *src;
        *src = c->hseq;
        c->hseq = tmp;
    }
    if (nc > 0 && (rc = count_hyp(c, &c->cgrams, seq, len, nc)) != LLMM_OK) return rc;
    if (nw > 0) {
        /* the words come from the decoded text, now in c->hseq when whitespace */
        llmmi_intern_reset(&c->vocab);
        rc = c->opts.whitespace ? segment_words(c, &c->hseq, 1, &c->hwords)
                                : segment_runs(c, &c->hseq, &c->runs, 1, &c->hwords);
        if (rc != LLMM_OK) return rc;
        hyp_words = c->hwords.n;
        rc = count_hyp(c, &c->wgrams, c->hwords.p, hyp_words, nw);
        if (rc != LLMM_OK) return rc;
    }

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
        if ((rc = decode_segment(c, refs[r], &seq, &len)) != LLMM_OK) return rc;
        memset(&st, 0, sizeof st);
        if (nc > 0) {
            memset(match, 0, sizeof match);
            count_ref(&c->cgrams, seq, len, nc, match);
            order_stats(st.counts, 0, nc, c->hyp_chars, len, match);
        }
        if (nw > 0) {
            rc = c->opts.whitespace ? segment_words(c, &c->text, 0, &c->rwords)
                                    : segment_runs(c, &c->chars, &c->runs, 0, &c->rwords);
            if (rc != LLMM_OK) return rc;
            memset(match, 0, sizeof match);
            count_ref(&c->wgrams, c->rwords.p, c->rwords.n, nw, match);
            order_stats(st.counts, nc, nw, hyp_words, c->rwords.n, match);
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
