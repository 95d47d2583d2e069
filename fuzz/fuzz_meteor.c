/* fuzz_meteor.c - libFuzzer target: METEOR on arbitrary text, with the unit tests' tiny
 * WordNet. The input is split at the first NUL into a hypothesis and references
 * (references separated by '\n'), scored as plain strings (str.split()).
 * Invariants: LLMM_OK with a score in [0, 1] (default alpha, beta, gamma), or LLMM_EUTF8
 * for invalid UTF-8; the same through a scorer whose cache is dropped every segment.
 * Also: token lists made by cutting the texts at every ' ' byte score the same through
 * llmm_meteor_score (token offsets) and llmm_meteor_score_batch_packed (NUL-terminated
 * tokens), which refuses (LLMM_EINVAL) a reference holding a NUL byte. */
#include "llmmetrics.h"
#include "../tests/unit/wordnet_fixture.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static llmm_wordnet *wn;

static void init(void)
{
    llmm_wordnet_files f;
    const char *const idx[4] = {fx_index_noun, fx_index_verb, fx_index_adj, fx_index_adv};
    const char *const dat[4] = {fx_data_noun, fx_data_verb, fx_data_adj, fx_data_adv};
    const char *const exc[4] = {fx_exc_noun, fx_exc_verb, fx_exc_adj, fx_exc_adv};
    int p;
    for (p = 0; p < 4; p++) {
        f.index[p].ptr = idx[p];
        f.index[p].len = strlen(idx[p]);
        f.data[p].ptr = dat[p];
        f.data[p].len = strlen(dat[p]);
        f.exc[p].ptr = exc[p];
        f.exc[p].len = strlen(exc[p]);
    }
    if (llmm_wordnet_build(&wn, &f, NULL, NULL) != LLMM_OK) abort();
}

/* The ' '-separated tokens of t: back to back in flat (offsets off, from *flat_len on)
 * and NUL-terminated in packed (from *packed_len on); returns the token count. */
static size_t cut(llmm_str t, char *flat, size_t *flat_len, size_t *off, char *packed,
                  size_t *packed_len)
{
    size_t i, n = 0;
    off[0] = *flat_len;
    for (i = 0; i <= t.len; i++) {
        char c = i < t.len ? t.ptr[i] : ' ';
        packed[(*packed_len)++] = c == ' ' ? 0 : c;
        if (c == ' ') off[++n] = *flat_len;
        else flat[(*flat_len)++] = c;
    }
    return n;
}

/* The offsets path and the packed path agree on the ' '-cut token lists. */
static void check_packed(llmm_meteor *m, llmm_str hyp, const llmm_str *refs, size_t n)
{
    size_t total = hyp.len + 1, i, off_n = 0, nul = 0, packed_len = 0, flat_len = 0, rlen = 0;
    size_t counts[9], seg[2] = {0, 0}, *offs;
    char *packed, *flat;
    llmm_strs lists[9];
    llmm_meteor_packed ph, pr;
    llmm_meteor_result r;
    double got = -1;
    int rc1, rc2;
    for (i = 0; i < n; i++) total += refs[i].len + 1;
    offs = malloc((2 * total + 9) * sizeof *offs);
    packed = malloc(total);
    flat = malloc(total);
    if (!offs || !packed || !flat) abort();
    for (i = 0; i <= n; i++) {
        llmm_str t = i == 0 ? hyp : refs[i - 1];
        size_t before = packed_len;
        lists[i].data = flat;
        lists[i].offsets = offs + off_n;
        lists[i].present = NULL;
        lists[i].count = counts[i] = cut(t, flat, &flat_len, offs + off_n, packed, &packed_len);
        off_n += counts[i] + 1;
        if (i > 0) {
            rlen += packed_len - before;
            nul += t.len && memchr(t.ptr, 0, t.len) != NULL;
        }
    }
    rc1 = llmm_meteor_score(m, lists + 1, n, lists, &r);
    ph.data = packed;
    ph.len = packed_len - rlen;
    ph.counts = counts;
    ph.count = 1;
    pr.data = packed + ph.len;
    pr.len = rlen;
    pr.counts = counts + 1;
    pr.count = n;
    seg[1] = n;
    rc2 = llmm_meteor_score_batch_packed(m, &ph, &pr, seg, &got, NULL, NULL);
    if (nul) {
        if (rc2 != LLMM_EINVAL) abort();
    } else if (rc1 != rc2 || (rc1 == LLMM_OK && got != r.score)) {
        abort();
    }
    free(offs);
    free(packed);
    free(flat);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *z = memchr(p, 0, size), *s, *end = p + size;
    llmm_str hyp, refs[8];
    llmm_meteor_options o;
    llmm_meteor *m1 = NULL, *m2 = NULL;
    llmm_meteor_result r1, r2;
    size_t n = 0;
    int rc1, rc2;
    if (!wn) init();
    hyp.ptr = p;
    hyp.len = z ? (size_t)(z - p) : size;
    for (s = z ? z + 1 : end; s < end && n < 8;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        refs[n].ptr = s;
        refs[n].len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        n++;
        s = nl ? nl + 1 : end;
    }
    if (n == 0) {
        refs[0] = hyp;
        n = 1;
    }
    llmm_meteor_options_default(&o);
    o.wordnet = wn;
    if (llmm_meteor_create(&m1, &o, NULL)) abort();
    o.cache_words = 1;
    if (llmm_meteor_create(&m2, &o, NULL)) abort();
    rc1 = llmm_meteor_score_text(m1, hyp, refs, n, &r1);
    rc2 = llmm_meteor_score_text(m2, hyp, refs, n, &r2);
    if (rc1 != rc2) abort();
    if (rc1 == LLMM_OK) {
        if (!(r1.score >= 0.0 && r1.score <= 1.0) || r1.score != r2.score) abort();
        rc2 = llmm_meteor_score_text(m2, hyp, refs, n, &r2); /* after a cache reset */
        if (rc2 != LLMM_OK || r1.score != r2.score) abort();
    } else if (rc1 != LLMM_EUTF8) {
        abort();
    }
    check_packed(m1, hyp, refs, n);
    llmm_meteor_free(m1);
    llmm_meteor_free(m2);
    return 0;
}
