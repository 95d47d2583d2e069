/* test_meteor.c - METEOR against NLTK 3.8 values (meteor_score, computed with python3-nltk
 * 3.8 on the inputs below: without WordNet by passing a reader with no synsets, with
 * WordNet on the fixture database of wordnet_fixture.h), against a naive re-statement
 * of NLTK's list-popping matcher on random inputs, and the statistics, batches, cache
 * resets, bad input and allocation failures. */
#include "test_util.h"
#include "wordnet_fixture.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- helpers --------------------------------------------------------------------------- */

#define MAX_TOK 64

/* A token list parsed from a string: tokens separated by single spaces (test input). */
typedef struct toks {
    char buf[1024];
    size_t off[MAX_TOK + 1];
    llmm_strs strs;
} toks;

static void toks_set(toks *t, const char *s)
{
    size_t n = 0, w = 0;
    const char *p = s;
    t->off[0] = 0;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        memcpy(t->buf + w, p, len);
        w += len;
        t->off[++n] = w;
        p += len;
        if (*p == ' ') p++;
    }
    t->strs.data = t->buf;
    t->strs.offsets = t->off;
    t->strs.present = NULL;
    t->strs.count = n;
}

static llmm_wordnet *fixture_wordnet(void)
{
    llmm_wordnet_files f;
    llmm_wordnet *wn = NULL;
    const char *const idx[4] = {fx_index_noun, fx_index_verb, fx_index_adj, fx_index_adv};
    const char *const dat[4] = {fx_data_noun, fx_data_verb, fx_data_adj, fx_data_adv};
    const char *const exc[4] = {fx_exc_noun, fx_exc_verb, fx_exc_adj, fx_exc_adv};
    int p;
    for (p = 0; p < 4; p++) {
        f.index[p] = test_str(idx[p]);
        f.data[p] = test_str(dat[p]);
        f.exc[p] = test_str(exc[p]);
    }
    assert_int_equal(llmm_wordnet_build(&wn, &f, NULL, NULL), LLMM_OK);
    return wn;
}

static llmm_meteor *scorer(const llmm_wordnet *wn, double alpha, double beta, double gamma)
{
    llmm_meteor_options o;
    llmm_meteor *m = NULL;
    llmm_meteor_options_default(&o);
    o.alpha = alpha;
    o.beta = beta;
    o.gamma = gamma;
    o.wordnet = wn;
    assert_int_equal(llmm_meteor_create(&m, &o, NULL), LLMM_OK);
    return m;
}

/* meteor_score([refs...], hyp) with references separated by '|'. */
static double score(llmm_meteor *m, const char *hyp, const char *refs, llmm_meteor_result *res)
{
    toks h, r[4];
    llmm_strs lists[4];
    llmm_meteor_result tmp;
    char copy[1024];
    char *p = copy, *bar;
    size_t n = 0;
    toks_set(&h, hyp);
    snprintf(copy, sizeof copy, "%s", refs);
    do {
        bar = strchr(p, '|');
        if (bar) *bar = 0;
        toks_set(&r[n], p);
        lists[n] = r[n].strs;
        n++;
        p = bar + 1;
    } while (bar);
    if (!res) res = &tmp;
    assert_int_equal(llmm_meteor_score(m, lists, n, &h.strs, res), LLMM_OK);
    return res->score;
}

/* ---- NLTK values ------------------------------------------------------------------------ */

static void test_nltk_without_wordnet(void **state)
{
    llmm_meteor *m = scorer(NULL, 0.9, 3.0, 0.5);
    llmm_meteor_result r;
    (void)state;
    /* the docstring example of meteor_score.py (0.6944 there, with WordNet too) */
    assert_close(score(m, "It is a guide to action which ensures that the military always obeys "
                          "the commands of the party",
                       "It is a guide to action that ensures that the military will forever "
                       "heed Party commands", &r),
                 0.6944444444444445, 1e-15);
    assert_int_equal(r.wordnet, 0);
    assert_int_equal(r.synonym, 0);
    assert_close(score(m, "the cat sat on the mat", "the cat sat on the mat", &r),
                 0.9976851851851852, 1e-15);
    assert_int_equal(r.chunks, 1);
    assert_close(score(m, "a b c d e f", "d e f a b c", &r), 0.9814814814814815, 1e-15);
    assert_int_equal(r.chunks, 2);
    assert_close(score(m, "the the the the", "the cat the", NULL), 0.32258064516129037, 1e-15);
    assert_close(score(m, "running cats Generously creates", "create runs cat generous", &r),
                 0.9375, 1e-15);
    assert_int_equal(r.exact, 0);
    assert_int_equal(r.stem, 4);
    /* str.lower(): final sigma, dotted capital I, sharp s */
    assert_close(score(m, "\xce\xa3\xce\x91\xce\xa3 \xc4\xb0stanbul stra\xc3\x9f" "e",
                       "\xcf\x83\xce\xb1\xcf\x82 i\xcc\x87stanbul STRASSE", NULL),
                 0.625, 1e-15);
    assert_close(score(m, "x y", "y x|x q y", &r), 0.5, 1e-15);
    assert_int_equal(r.best_ref, 0); /* both 0.5: max() keeps the first */
    /* empty hypothesis / reference: ZeroDivisionError -> 0 */
    assert_close(score(m, "", "a b", NULL), 0.0, 0);
    assert_close(score(m, "a b", "", NULL), 0.0, 0);
    assert_close(score(m, "a b", "c d", &r), 0.0, 0);
    assert_int_equal(r.chunks, 1);
    llmm_meteor_free(m);

    m = scorer(NULL, 0.85, 0.2, 0.6);
    assert_close(score(m, "the mat sat on the cat", "the cat sat on the mat", NULL),
                 0.4467352531109634, 1e-15);
    llmm_meteor_free(m);
    m = scorer(NULL, 0.5, 1.0, 2.0); /* gamma > 1: negative scores, as in NLTK */
    assert_close(score(m, "the mat sat on the cat", "the cat sat on the mat", NULL),
                 -0.33333333333333326, 1e-15);
    llmm_meteor_free(m);
}

static void test_nltk_fixture_wordnet(void **state)
{
    llmm_wordnet *wn = fixture_wordnet();
    llmm_meteor *m = scorer(wn, 0.9, 3.0, 0.5);
    llmm_meteor_result r;
    (void)state;
    assert_close(score(m, "the dog ran quickly", "a frump scarpered apace", &r), 0.46875, 1e-15);
    assert_int_equal(r.synonym, 2); /* dog-frump, ran (-> run)-scarper; "quickli" has none */
    assert_int_equal(r.wordnet, 1);
    assert_close(score(m, "Dogs chase geese", "dog tag goose|hound geese", NULL), 0.625, 1e-15);
    /* the synonym stage looks up stems: "happy" -> "happi" has no synset, "hopping" ->
     * "hop" does (REFERENCE-QUIRKS.md section 8) */
    assert_close(score(m, "happy dog hopping", "glad frump skip", &r), 0.625, 1e-15);
    assert_int_equal(r.synonym, 2);
    assert_close(score(m, "quick speedy fast", "fast quick speedy", NULL), 0.8518518518518519,
                 1e-15);
    llmm_meteor_free(m);
    llmm_wordnet_free(wn);
}

/* ---- a naive re-statement of NLTK's matcher ------------------------------------------ */

typedef struct enum_word {
    size_t idx;
    char s[64];
    size_t len;
} enum_word;

static int eq(const enum_word *a, const enum_word *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void pop(enum_word *l, size_t *n, size_t at)
{
    memmove(l + at, l + at + 1, (*n - at - 1) * sizeof *l);
    (*n)--;
}

/* _match_enums / _enum_wordnetsyn_match with list pops (meteor_score.py:79-88, 153-171). */
static size_t stage(enum_word *h, size_t *nh, enum_word *r, size_t *nr, size_t (*pairs)[2],
                    size_t np, const llmm_wordnet *wn)
{
    size_t i, j;
    for (i = *nh; i-- > 0;) {
        llmm_str syn[128];
        size_t ns = 0;
        if (wn) assert_int_equal(llmm_wordnet_synonyms(wn, h[i].s, h[i].len, syn, 128, &ns), LLMM_OK);
        for (j = *nr; j-- > 0;) {
            int hit = eq(&h[i], &r[j]);
            size_t k;
            for (k = 0; k < ns && !hit; k++)
                hit = syn[k].len == r[j].len && memcmp(syn[k].ptr, r[j].s, r[j].len) == 0;
            if (hit) {
                pairs[np][0] = h[i].idx;
                pairs[np][1] = r[j].idx;
                np++;
                pop(h, nh, i);
                pop(r, nr, j);
                break;
            }
        }
    }
    return np;
}

static void stem_all(enum_word *l, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char out[128];
        size_t len;
        assert_int_equal(llmm_porter_stem(l[i].s, l[i].len, 1, out, sizeof out, &len, NULL), LLMM_OK);
        memcpy(l[i].s, out, len);
        l[i].len = len;
    }
}

static int cmp_pair(const void *a, const void *b)
{
    const size_t *x = (const size_t *)a, *y = (const size_t *)b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static double naive(const char *const *hyp, size_t n, const char *const *ref, size_t m,
                    const llmm_wordnet *wn)
{
    enum_word h[MAX_TOK], r[MAX_TOK];
    size_t pairs[MAX_TOK][2], np = 0, nh = n, nr = m, i, chunks = 1;
    double p, rc, fmean;
    for (i = 0; i < n; i++) {
        h[i].idx = i;
        h[i].len = strlen(hyp[i]);
        memcpy(h[i].s, hyp[i], h[i].len);
        for (size_t k = 0; k < h[i].len; k++)
            if (h[i].s[k] >= 'A' && h[i].s[k] <= 'Z') h[i].s[k] |= 32; /* ASCII: str.lower */
    }
    for (i = 0; i < m; i++) {
        r[i].idx = i;
        r[i].len = strlen(ref[i]);
        memcpy(r[i].s, ref[i], r[i].len);
        for (size_t k = 0; k < r[i].len; k++)
            if (r[i].s[k] >= 'A' && r[i].s[k] <= 'Z') r[i].s[k] |= 32;
    }
    np = stage(h, &nh, r, &nr, pairs, np, NULL);
    stem_all(h, nh);
    stem_all(r, nr);
    np = stage(h, &nh, r, &nr, pairs, np, NULL);
    if (wn) np = stage(h, &nh, r, &nr, pairs, np, wn);
    qsort(pairs, np, sizeof pairs[0], cmp_pair);
    for (i = 0; i + 1 < np; i++)
        if (!(pairs[i + 1][0] == pairs[i][0] + 1 && pairs[i + 1][1] == pairs[i][1] + 1)) chunks++;
    if (n == 0 || m == 0 || np == 0) return 0.0;
    p = (double)np / (double)n;
    rc = (double)np / (double)m;
    fmean = (p * rc) / (0.9 * p + (1 - 0.9) * rc);
    return (1 - 0.5 * pow((double)chunks / (double)np, 3.0)) * fmean;
}

static void test_random_vs_naive(void **state)
{
    static const char *const vocab[] = {
        "the", "The", "dog", "dogs", "Dogs", "frump", "chase", "chasing", "tag", "ran", "run",
        "running", "scarper", "scat", "quick", "quickly", "fast", "speedy", "apace", "happy",
        "glad", "felicitous", "hop", "hopping", "skip", "goose", "geese", "church", "churches",
        "good", "well", "better", "a", "of", "cats", "cat", "Generously", "generous"};
    const size_t nv = sizeof vocab / sizeof vocab[0];
    llmm_wordnet *wn = fixture_wordnet();
    llmm_meteor *with = scorer(wn, 0.9, 3.0, 0.5), *without = scorer(NULL, 0.9, 3.0, 0.5);
    unsigned seed = 12345;
    int t;
    (void)state;
    for (t = 0; t < 3000; t++) {
        const char *hyp[MAX_TOK], *ref[MAX_TOK];
        char hs[1024] = "", rs[1024] = "";
        size_t n, m, i;
        seed = seed * 1103515245u + 12345u;
        n = (seed >> 16) % 20;
        seed = seed * 1103515245u + 12345u;
        m = (seed >> 16) % 20;
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            hyp[i] = vocab[(seed >> 16) % nv];
            strcat(hs, i ? " " : "");
            strcat(hs, hyp[i]);
        }
        for (i = 0; i < m; i++) {
            seed = seed * 1103515245u + 12345u;
            ref[i] = vocab[(seed >> 16) % nv];
            strcat(rs, i ? " " : "");
            strcat(rs, ref[i]);
        }
        /* bit-exact: the same arithmetic in the same order */
        assert_true(score(with, hs, rs, NULL) == naive(hyp, n, ref, m, wn));
        assert_true(score(without, hs, rs, NULL) == naive(hyp, n, ref, m, NULL));
    }
    llmm_meteor_free(with);
    llmm_meteor_free(without);
    llmm_wordnet_free(wn);
}

/* ---- statistics, batches, cache --------------------------------------------------------- */

static void test_stats(void **state)
{
    static const double scores[] = {0.5, 0.25, 1e-17, 0.9976851851851852, 0.0, 0.1, 0.7};
    llmm_meteor_stats a, b, c, d;
    llmm_meteor_result r;
    unsigned char buf[1024];
    size_t len, i;
    double mean;
    (void)state;
    memset(&r, 0, sizeof r);
    llmm_meteor_stats_init(&a);
    llmm_meteor_stats_init(&b);
    llmm_meteor_stats_init(&c);
    assert_int_equal(llmm_meteor_stats_mean(&a, &mean), LLMM_EEMPTY);
    for (i = 0; i < 7; i++) {
        r.score = scores[i];
        r.wordnet = (int)(i & 1);
        llmm_meteor_stats_add(&a, &r);
        llmm_meteor_stats_add(i < 3 ? &b : &c, &r);
    }
    d = c;
    llmm_meteor_stats_merge(&d, &b); /* c + b */
    llmm_meteor_stats_merge(&b, &c); /* b + c */
    assert_memory_equal(&b, &d, sizeof b);
    assert_int_equal(llmm_meteor_stats_mean(&a, &mean), LLMM_OK);
    /* math.fsum(scores) / 7 */
    assert_true(mean == 2.5476851851851854 / 7);
    assert_int_equal(a.n_segments, 7);
    assert_int_equal(a.n_wordnet, 3);
    assert_int_equal(llmm_meteor_stats_mean(&b, &mean), LLMM_OK);
    assert_true(mean == 2.5476851851851854 / 7);
    /* serialization round trip, truncation, corruption */
    assert_int_equal(llmm_meteor_stats_serialize(&a, buf, 10, &len), LLMM_EBUFFER);
    assert_int_equal(llmm_meteor_stats_serialize(&a, buf, sizeof buf, &len), LLMM_OK);
    assert_true(len <= llmm_meteor_stats_serialized_size());
    assert_int_equal(llmm_meteor_stats_deserialize(&d, buf, len), LLMM_OK);
    assert_int_equal(llmm_meteor_stats_mean(&d, &mean), LLMM_OK);
    assert_true(mean == 2.5476851851851854 / 7);
    assert_int_equal(d.n_wordnet, 3);
    for (i = 0; i < len; i++) assert_int_not_equal(llmm_meteor_stats_deserialize(&d, buf, i), LLMM_OK);
    for (i = 0; i < len; i++) {
        buf[i] ^= 4;
        assert_int_not_equal(llmm_meteor_stats_deserialize(&d, buf, len), LLMM_OK);
        buf[i] ^= 4;
    }
    assert_int_equal(llmm_meteor_stats_deserialize(NULL, buf, len), LLMM_ENULL);
    assert_int_equal((int)llmm_meteor_stats_size(), (int)sizeof(llmm_meteor_stats));
    assert_int_equal(llmm_meteor_stats_sum_words(), LLMM_METEOR_SUM_WORDS);
}

static void test_batches_and_cache(void **state)
{
    /* three segments; the second has two references */
    static const char hyp_text[] = "the dog ran quickly" "Dogs chase geese" "happy  dog\thopping";
    static const size_t hyp_off[] = {0, 19, 35, 53};
    static const char ref_text[] = "a frump scarpered apace" "dog tag goose" "hound geese"
                                   "glad\xc2\xa0" "frump skip";
    static const size_t ref_off[] = {0, 23, 36, 47, 63};
    static const size_t seg_refs[] = {0, 1, 3, 4};
    static const double want[] = {0.46875, 0.625, 0.625};
    llmm_wordnet *wn = fixture_wordnet();
    llmm_strs hyps = {hyp_text, hyp_off, NULL, 3}, refs = {ref_text, ref_off, NULL, 4};
    llmm_meteor_options o;
    llmm_meteor *m;
    llmm_meteor_stats st;
    double got[3], mean;
    size_t bad = 99, i;
    int pass;
    (void)state;
    llmm_meteor_options_default(&o);
    o.wordnet = wn;
    for (pass = 0; pass < 2; pass++) {
        o.cache_words = pass ? 3 : 0; /* pass 1: the cache is dropped before most segments */
        assert_int_equal(llmm_meteor_create(&m, &o, NULL), LLMM_OK);
        llmm_meteor_stats_init(&st);
        assert_int_equal(llmm_meteor_score_batch_text(m, &hyps, &refs, seg_refs, got, &st, &bad),
                         LLMM_OK);
        for (i = 0; i < 3; i++) assert_close(got[i], want[i], 1e-15);
        assert_int_equal(llmm_meteor_stats_mean(&st, &mean), LLMM_OK);
        assert_close(mean, (0.46875 + 0.625 + 0.625) / 3, 1e-15);
        {
            /* the same through pre-tokenized texts: tokens of "a b" style lists */
            toks t;
            size_t text_off[4] = {0, 4, 7, 10}, rtext_off[5] = {0, 4, 7, 9, 12};
            llmm_meteor_texts ht, rt;
            toks_set(&t, "the dog ran quickly Dogs chase geese happy dog hopping");
            ht.tokens = t.strs;
            ht.text_offsets = text_off;
            ht.count = 3;
            {
                toks u;
                toks_set(&u, "a frump scarpered apace dog tag goose hound geese glad frump skip");
                rt.tokens = u.strs;
                rt.text_offsets = rtext_off;
                rt.count = 4;
                memset(got, 0, sizeof got);
                assert_int_equal(llmm_meteor_score_batch(m, &ht, &rt, seg_refs, got, NULL, NULL),
                                 LLMM_OK);
                for (i = 0; i < 3; i++) assert_close(got[i], want[i], 1e-15);
            }
        }
        {
            /* the same through packed token lists (each token NUL-terminated) */
            static const char hp[] = "the\0dog\0ran\0quickly\0Dogs\0chase\0geese\0happy\0dog\0"
                                     "hopping";
            static const char rp[] = "a\0frump\0scarpered\0apace\0dog\0tag\0goose\0hound\0"
                                     "geese\0glad\0frump\0skip";
            static const size_t hc[] = {4, 3, 3}, rc[] = {4, 3, 2, 3};
            llmm_meteor_packed ph = {hp, sizeof hp, hc, 3}, pr = {rp, sizeof rp, rc, 4};
            memset(got, 0, sizeof got);
            llmm_meteor_stats_init(&st);
            assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg_refs, got, &st, NULL),
                             LLMM_OK);
            for (i = 0; i < 3; i++) assert_close(got[i], want[i], 1e-15);
            assert_int_equal(llmm_meteor_stats_mean(&st, &mean), LLMM_OK);
            assert_close(mean, (0.46875 + 0.625 + 0.625) / 3, 1e-15);
        }
        llmm_meteor_free(m);
    }
    /* packed lists: references skipped by ref_offsets, empty lists, data checks */
    {
        static const char hp[] = "dog\0dog"; /* "dog" | (empty) | "dog" */
        static const char rp[] = "unused\0dog\0cat\0hound"; /* 1 | 1 | 0 | 2 tokens */
        static const size_t hc[] = {1, 0, 1}, rc[] = {1, 1, 0, 2}, seg[] = {1, 2, 3, 4};
        static const size_t too_many[] = {1, 1, 0, 3}, nul_in_token[] = {1, 1, 0, 1};
        llmm_meteor_packed ph = {hp, sizeof hp, hc, 3}, pr = {rp, sizeof rp, rc, 4};
        m = scorer(wn, 0.9, 3.0, 0.5);
        assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg, got, NULL, &bad),
                         LLMM_OK);
        assert_close(got[0], 0.5, 1e-15); /* dog vs dog: 1 - 0.5 * 1^3 */
        assert_close(got[1], 0.0, 0.0);   /* an empty hypothesis against an empty reference */
        assert_close(got[2], 0.0, 0.0);   /* dog against "cat hound": no match */
        pr.counts = too_many;
        assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg, got, NULL, &bad),
                         LLMM_EINVAL);
        pr.counts = nul_in_token; /* "cat\0hound" read as one token: NULs left over */
        assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg, got, NULL, &bad),
                         LLMM_EINVAL);
        pr.counts = rc;
        pr.len = sizeof rp - 1; /* the last token unterminated */
        assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg, got, NULL, &bad),
                         LLMM_EINVAL);
        pr.counts = NULL;
        assert_int_equal(llmm_meteor_score_batch_packed(m, &ph, &pr, seg, got, NULL, &bad),
                         LLMM_ENULL);
        assert_int_equal(llmm_meteor_score_batch_packed(m, NULL, &pr, seg, got, NULL, &bad),
                         LLMM_ENULL);
        llmm_meteor_free(m);
    }
    /* a segment without references: max() of nothing, reported with its index */
    {
        static const size_t no_refs[] = {0, 1, 1, 2};
        m = scorer(wn, 0.9, 3.0, 0.5);
        assert_int_equal(llmm_meteor_score_batch_text(m, &hyps, &refs, no_refs, got, NULL, &bad),
                         LLMM_EEMPTY);
        assert_int_equal(bad, 1);
        llmm_meteor_free(m);
    }
    llmm_wordnet_free(wn);
}

static void test_bad_input(void **state)
{
    llmm_meteor *m = scorer(NULL, 0.9, 3.0, 0.5);
    llmm_meteor_options o;
    llmm_meteor_result r;
    toks h, ref;
    llmm_strs untok;
    unsigned char present[2] = {1, 1};
    llmm_str text = test_str("a b"), rtext = test_str("a \xff");
    (void)state;
    toks_set(&h, "a b");
    toks_set(&ref, "a b");
    /* NLTK: TypeError for a str hypothesis; here a list without token boundaries */
    untok.data = "a b";
    untok.offsets = NULL;
    untok.present = NULL;
    untok.count = 3;
    assert_int_equal(llmm_meteor_score(m, &ref.strs, 1, &untok, &r), LLMM_ENULL);
    assert_int_equal(llmm_meteor_single(m, &untok, &h.strs, &r), LLMM_ENULL);
    assert_int_equal(llmm_meteor_score(m, &ref.strs, 0, &h.strs, &r), LLMM_EEMPTY);
    assert_int_equal(llmm_meteor_score(m, NULL, 1, &h.strs, &r), LLMM_ENULL);
    assert_int_equal(llmm_meteor_single(NULL, &ref.strs, &h.strs, &r), LLMM_ENULL);
    h.strs.present = present;
    assert_int_equal(llmm_meteor_single(m, &ref.strs, &h.strs, &r), LLMM_EINVAL);
    h.strs.present = NULL;
    h.off[1] = 5; /* offsets going backwards */
    assert_int_equal(llmm_meteor_single(m, &ref.strs, &h.strs, &r), LLMM_EINVAL);
    toks_set(&h, "a \xc3");
    assert_int_equal(llmm_meteor_single(m, &ref.strs, &h.strs, &r), LLMM_EUTF8);
    assert_int_equal(llmm_meteor_score_text(m, text, &rtext, 1, &r), LLMM_EUTF8);
    assert_int_equal(llmm_meteor_score_text(m, text, &text, 1, &r), LLMM_OK);
    assert_close(r.score, 0.9375, 1e-15);
    llmm_meteor_free(m);
    /* options */
    llmm_meteor_options_default(&o);
    o.beta = NAN;
    assert_int_equal(llmm_meteor_create(&m, &o, NULL), LLMM_ENONFINITE);
    o.beta = -2000.0; /* (chunks/m)**beta overflows: Python's OverflowError */
    assert_int_equal(llmm_meteor_create(&m, &o, NULL), LLMM_OK);
    toks_set(&h, "a b c");
    toks_set(&ref, "c a b"); /* 3 matches, 2 chunks: (2/3)**-2000 */
    assert_int_equal(llmm_meteor_single(m, &ref.strs, &h.strs, &r), LLMM_EOVERFLOW);
    toks_set(&h, "a");
    toks_set(&ref, "a"); /* 1 chunk, 1 match: 1**-2000 == 1 */
    assert_int_equal(llmm_meteor_single(m, &ref.strs, &h.strs, &r), LLMM_OK);
    assert_close(r.score, 0.5, 1e-15);
    llmm_meteor_free(m);
    llmm_meteor_free(NULL);
    assert_int_equal(llmm_meteor_create(NULL, NULL, NULL), LLMM_ENULL);
}

static void test_alloc_failures(void **state)
{
    llmm_wordnet *wn = fixture_wordnet();
    long k;
    int ok = 0;
    (void)state;
    for (k = 0; !ok; k++) {
        counting_alloc c = {0, 0, 0, k};
        llmm_allocator a = counting_allocator(&c);
        llmm_meteor_options o;
        llmm_meteor *m = NULL;
        toks h, r;
        llmm_meteor_result res;
        int rc;
        llmm_meteor_options_default(&o);
        o.wordnet = wn;
        rc = llmm_meteor_create(&m, &o, &a);
        if (rc == LLMM_OK) {
            toks_set(&h, "Dogs chase geese quickly \xce\xa3\xce\x91\xce\xa3");
            toks_set(&r, "dog tag goose apace \xcf\x83\xce\xb1\xcf\x82");
            rc = llmm_meteor_single(m, &r.strs, &h.strs, &res);
            if (rc == LLMM_OK) {
                ok = 1;
                assert_close(res.score, 0.5111111111111111, 1e-15);
            } else {
                assert_int_equal(rc, LLMM_ENOMEM);
            }
            llmm_meteor_free(m);
        } else {
            assert_int_equal(rc, LLMM_ENOMEM);
        }
        assert_int_equal(c.live_bytes, 0);
    }
    assert_true(k > 10);
    llmm_wordnet_free(wn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nltk_without_wordnet),
        cmocka_unit_test(test_nltk_fixture_wordnet),
        cmocka_unit_test(test_random_vs_naive),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_batches_and_cache),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
