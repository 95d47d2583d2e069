/* test_chrf.c - chrF / chrF++ against values computed with sacrebleu 2.6.0
 * (CHRF(...).corpus_score([hyp], [[ref] for ref in refs]) and the statistics of
 * _extract_corpus_statistics), plus API, error, serialization and memory tests. */
#include "test_util.h"
#include <stdlib.h>

typedef struct chrf_case {
    int char_order, word_order, beta, lowercase, whitespace, eps_smoothing;
    const char *hyp;
    const char *refs[2];
    size_t n_refs;
    double score;
    uint64_t stats[24];
} chrf_case;

static const chrf_case cases[] = {
    {6, 0, 2, 0, 0, 0, "the cat sat on the mat", {"the cat is on the mat"}, 1, 64.5779420625287,
     {17, 16, 15, 16, 15, 12, 15, 14, 10, 14, 13, 8, 13, 12, 6, 12, 11, 4}},
    /* chrF++: "(cat)" -> "(cat", ")"; "sat," -> "sat", ","; "mat!" -> "mat", "!" */
    {6, 2, 2, 0, 0, 0, "The (cat) sat, on the mat!", {"the cat sat on the mat ."}, 1, 46.16626509249553,
     {21, 18, 16, 20, 17, 12, 19, 16, 8, 18, 15, 5, 17, 14, 4, 16, 13, 3, 9, 7, 4, 8, 6, 2}},
    /* orders whose reference side is empty count no hypothesis n-grams */
    {6, 0, 2, 0, 0, 1, "a b", {"xyz"}, 1, 8.333333333333334e-15,
     {2, 3, 0, 1, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    /* str.lower(): final sigma, U+0130 -> i + U+0307, U+1E9E -> sharp s; spaces kept */
    {6, 0, 1, 1, 1, 0, "ΟΔΟΣ İstanbul  ẞ", {"οδος i̇stanbul ß"}, 1, 91.20926021037475,
     {17, 16, 16, 16, 15, 15, 15, 14, 13, 14, 13, 12, 13, 12, 11, 12, 11, 10}},
    /* two references: the better one ("the the") is kept */
    {3, 1, 2, 0, 0, 0, "the the the the", {"the cat", "the the"}, 2, 81.21019108280255,
     {12, 6, 6, 11, 5, 5, 10, 4, 4, 4, 2, 2}},
    {6, 0, 2, 0, 0, 0, "", {"abc"}, 1, 0.0, {0, 3, 0, 0, 2, 0, 0, 1, 0}},
    {6, 0, 2, 0, 0, 1, "abc", {""}, 1, 1.0000000000000002e-14, {0}},
    {6, 2, 2, 0, 0, 0, "zero overlap", {"completely different", "zero overlap here"}, 2,
     70.00371396226078, {11, 15, 11, 10, 14, 10, 9, 13, 9, 8, 12, 8, 7, 11, 7, 6, 10, 6, 2, 3, 2, 1, 2, 1}},
};

static llmm_chrf_options case_options(const chrf_case *c)
{
    llmm_chrf_options o;
    llmm_chrf_options_default(&o);
    o.char_order = c->char_order;
    o.word_order = c->word_order;
    o.beta = c->beta;
    o.lowercase = c->lowercase;
    o.whitespace = c->whitespace;
    o.eps_smoothing = c->eps_smoothing;
    return o;
}

static void test_sacrebleu_cases(void **state)
{
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const chrf_case *c = &cases[i];
        llmm_chrf_options o = case_options(c);
        llmm_chrf *chrf;
        llmm_chrf_stats st;
        llmm_chrf_result r;
        llmm_str refs[2];
        for (k = 0; k < c->n_refs; k++) refs[k] = test_str(c->refs[k]);
        assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_OK);
        assert_int_equal(llmm_chrf_extract(chrf, test_str(c->hyp), refs, c->n_refs, &st), LLMM_OK);
        for (k = 0; k < 3 * LLMM_CHRF_MAX_ORDER; k++)
            assert_int_equal(st.counts[k], k < 24 ? c->stats[k] : 0);
        assert_int_equal(llmm_chrf_finalize(&o, &st, &r), LLMM_OK);
        assert_close(r.score, c->score, 1e-12);
        assert_int_equal(r.char_order, c->char_order);
        assert_int_equal(r.word_order, c->word_order);
        assert_int_equal(r.beta, c->beta);
        llmm_chrf_free(chrf);
    }
}

static llmm_strs make_strs(const char *const *items, size_t n, const unsigned char *present,
                           char *buf, size_t *offsets)
{
    llmm_strs s;
    size_t i, o = 0;
    offsets[0] = 0;
    for (i = 0; i < n; i++) {
        size_t l = strlen(items[i]);
        memcpy(buf + o, items[i], l);
        o += l;
        offsets[i + 1] = o;
    }
    s.data = buf;
    s.offsets = offsets;
    s.present = present;
    s.count = n;
    return s;
}

/* Corpus = merge of the segments; a missing reference is skipped (sacrebleu's None);
 * the corpus score is the f-score of the summed statistics (not a mean). */
static void test_corpus(void **state)
{
    static const char *const hyps[] = {"the cat sat", "a dog barked", "hello"};
    static const char *const r1[] = {"the cat sat down", "x", "hello there"};
    static const char *const r2[] = {"a cat sat", "a dog barked loudly", "y"};
    static const unsigned char p2[] = {1, 1, 0};
    char b0[64], b1[64], b2[64];
    size_t o0[4], o1[4], o2[4], n_scored, bad_index, i;
    int bad_stream;
    llmm_strs h = make_strs(hyps, 3, NULL, b0, o0), refs[2];
    llmm_chrf *chrf;
    llmm_chrf_stats total, per[3], sum;
    llmm_chrf_result r;
    (void)state;
    refs[0] = make_strs(r1, 3, NULL, b1, o1);
    refs[1] = make_strs(r2, 3, p2, b2, o2);
    assert_int_equal(llmm_chrf_create(&chrf, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, refs, 2, &total, per, &n_scored,
                                              &bad_index, &bad_stream), LLMM_OK);
    assert_int_equal(n_scored, 3);
    llmm_chrf_stats_init(&sum);
    for (i = 0; i < 3; i++) llmm_chrf_stats_merge(&sum, &per[i]);
    assert_memory_equal(&sum, &total, sizeof sum);
    /* sacrebleu: CHRF().corpus_score(hyps, [r1, [r2[0], r2[1], None]]) */
    assert_int_equal(llmm_chrf_finalize(NULL, &total, &r), LLMM_OK);
    assert_close(r.score, 54.86265931459102, 1e-12);
    assert_int_equal(llmm_chrf_finalize(NULL, &per[1], &r), LLMM_OK);
    assert_close(r.score, 60.26939539787438, 1e-12);
    /* zip truncation, or LLMM_ELENGTH when strict */
    refs[0].count = 2;
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, refs, 2, &total, NULL, &n_scored, NULL,
                                              NULL), LLMM_OK);
    assert_int_equal(n_scored, 2);
    llmm_chrf_free(chrf);
    {
        llmm_chrf_options o;
        llmm_chrf_options_default(&o);
        o.strict_lengths = 1;
        assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_OK);
        assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, refs, 2, &total, NULL, &n_scored,
                                                  &bad_index, &bad_stream), LLMM_ELENGTH);
        assert_int_equal(bad_stream, 0);
        assert_int_equal(bad_index, 2);
        llmm_chrf_free(chrf);
    }
}

static void test_errors(void **state)
{
    static const char *const hyps[] = {"ok", "bad \xC3\x28 utf8"};
    static const char *const refs1[] = {"ok", "fine"};
    static const unsigned char none[] = {1, 0};
    char b0[64], b1[64];
    size_t o0[3], o1[3], bad_index = 99;
    int bad_stream = 99;
    llmm_strs h = make_strs(hyps, 2, NULL, b0, o0), r = make_strs(refs1, 2, NULL, b1, o1);
    llmm_chrf_options o;
    llmm_chrf *chrf;
    llmm_chrf_stats st;
    llmm_str ref = test_str("x"), bad = test_str("\xFF");
    (void)state;

    llmm_chrf_options_default(&o);
    o.char_order = LLMM_CHRF_MAX_CHAR_ORDER + 1;
    assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_EINVAL);
    o.char_order = 0;
    assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_EINVAL); /* no order at all */
    o.word_order = 2;
    assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_OK); /* word n-grams only */
    llmm_chrf_free(chrf);
    o.beta = -1;
    assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_chrf_create(NULL, NULL, NULL), LLMM_ENULL);
    llmm_chrf_free(NULL);

    assert_int_equal(llmm_chrf_create(&chrf, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_chrf_extract(chrf, test_str("a"), &ref, 0, &st), LLMM_EEMPTY);
    assert_int_equal(llmm_chrf_extract(chrf, test_str("a"), NULL, 1, &st), LLMM_ENULL);
    assert_int_equal(llmm_chrf_extract(chrf, bad, &ref, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_chrf_extract(chrf, test_str("a"), &bad, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, &r, 1, &st, NULL, NULL, &bad_index,
                                              &bad_stream), LLMM_EUTF8);
    assert_int_equal(bad_index, 1);
    assert_int_equal(bad_stream, -1);
    /* a reference error names its stream */
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &r, &h, 1, &st, NULL, NULL, &bad_index,
                                              &bad_stream), LLMM_EUTF8);
    assert_int_equal(bad_index, 1);
    assert_int_equal(bad_stream, 0);
    /* a segment whose only reference is missing, an empty corpus, no stream */
    {
        llmm_strs rr = r;
        rr.present = none;
        assert_int_equal(llmm_chrf_extract_corpus(chrf, &r, &rr, 1, &st, NULL, NULL, &bad_index,
                                                  &bad_stream), LLMM_EEMPTY);
        assert_int_equal(bad_index, 1);
    }
    h.count = 0;
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, &r, 1, &st, NULL, NULL, NULL, NULL),
                     LLMM_EEMPTY);
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &r, &r, 0, &st, NULL, NULL, NULL, NULL),
                     LLMM_EEMPTY);
    /* a missing hypothesis */
    r.present = none;
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &r, &h, 0, &st, NULL, NULL, NULL, NULL),
                     LLMM_EEMPTY);
    h = make_strs(hyps, 1, NULL, b0, o0);
    {
        llmm_strs hh = r, rr = r;
        rr.present = NULL;
        assert_int_equal(llmm_chrf_extract_corpus(chrf, &hh, &rr, 1, &st, NULL, NULL, &bad_index,
                                                  &bad_stream), LLMM_EINVAL);
        assert_int_equal(bad_index, 1);
        assert_int_equal(bad_stream, -1);
    }
    /* decreasing offsets */
    o0[1] = 5;
    o0[0] = 6;
    assert_int_equal(llmm_chrf_extract_corpus(chrf, &h, &r, 1, &st, NULL, NULL, NULL, NULL),
                     LLMM_EINVAL);
    llmm_chrf_free(chrf);
}

/* NUL bytes are characters like any other. */
static void test_nul_bytes(void **state)
{
    llmm_chrf *chrf;
    llmm_chrf_stats st;
    llmm_str h = {"a\0b", 3}, r = {"a\0b", 3};
    llmm_chrf_result res;
    (void)state;
    assert_int_equal(llmm_chrf_create(&chrf, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_chrf_extract(chrf, h, &r, 1, &st), LLMM_OK);
    assert_int_equal(st.counts[0], 3);
    assert_int_equal(st.counts[2], 3);
    assert_int_equal(llmm_chrf_finalize(NULL, &st, &res), LLMM_OK);
    assert_close(res.score, 100.0, 1e-15);
    llmm_chrf_free(chrf);
}

static void test_serialization(void **state)
{
    llmm_chrf_stats a, b;
    unsigned char buf[LLMM_CHRF_STATS_SERIALIZED_SIZE];
    size_t k, written = 0;
    (void)state;
    for (k = 0; k < 3 * LLMM_CHRF_MAX_ORDER; k++)
        a.counts[k] = (uint64_t)(k + 1) * 0x0102030405ull / (k % 3 == 2 ? 4 : 1);
    assert_int_equal(llmm_chrf_stats_serialized_size(), sizeof buf);
    assert_int_equal(llmm_chrf_stats_serialize(&a, buf, sizeof buf - 1, &written), LLMM_EBUFFER);
    assert_int_equal(llmm_chrf_stats_serialize(&a, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, sizeof buf);
    assert_int_equal(llmm_chrf_stats_deserialize(&b, buf, sizeof buf), LLMM_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(llmm_chrf_stats_deserialize(&b, buf, sizeof buf - 1), LLMM_EFORMAT);
    buf[40] ^= 1;
    assert_int_equal(llmm_chrf_stats_deserialize(&b, buf, sizeof buf), LLMM_EFORMAT);
    buf[40] ^= 1;
    buf[6] = 3; /* another kind (TER) */
    assert_int_equal(llmm_chrf_stats_deserialize(&b, buf, sizeof buf), LLMM_EFORMAT);
    /* a well-formed envelope around impossible statistics (matches > n-grams) */
    a.counts[2] = a.counts[0] + 1;
    assert_int_equal(llmm_chrf_stats_serialize(&a, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(llmm_chrf_stats_deserialize(&b, buf, sizeof buf), LLMM_EFORMAT);
    assert_int_equal(llmm_chrf_stats_deserialize(&b, NULL, 0), LLMM_ENULL);
}

static void test_signature_and_names(void **state)
{
    llmm_chrf_options o;
    char buf[128];
    (void)state;
    assert_int_equal(llmm_chrf_signature(NULL, 1, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0");
    assert_int_equal(llmm_chrf_name(NULL, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "chrF2");
    llmm_chrf_options_default(&o);
    o.word_order = 2;
    o.lowercase = o.eps_smoothing = o.whitespace = 1;
    assert_int_equal(llmm_chrf_signature(&o, -1, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "nrefs:var|case:lc|eff:no|nc:6|nw:2|space:yes|version:2.6.0");
    assert_int_equal(llmm_chrf_name(&o, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "chrF2++");
    assert_int_equal(llmm_chrf_signature(&o, 1, buf, 20), LLMM_EBUFFER);
    assert_int_equal(llmm_chrf_name(&o, buf, 5), LLMM_EBUFFER);
    assert_int_equal(llmm_chrf_max_order(), LLMM_CHRF_MAX_ORDER);
    assert_int_equal(llmm_chrf_stats_size(), sizeof(llmm_chrf_stats));
    assert_int_equal(llmm_chrf_options_size(), sizeof(llmm_chrf_options));
    assert_int_equal(llmm_chrf_result_size(), sizeof(llmm_chrf_result));
}

static int chrf_create(void **obj, const llmm_allocator *a)
{
    llmm_chrf_options o;
    llmm_chrf_options_default(&o);
    o.word_order = 2;
    o.lowercase = 1;
    return llmm_chrf_create((llmm_chrf **)obj, &o, a);
}

static int chrf_score(void *obj, int k)
{
    static const char *const hyps[3] = {"A quick brown dog jumps over the fox",
                                        "the lazy fox jumps over a brown dog", "a quick brown dog"};
    llmm_str refs[2];
    llmm_chrf_stats st;
    refs[0] = test_str("the quick brown fox jumps over the lazy dog");
    refs[1] = test_str("a fast brown fox leaps over a lazy dog");
    return llmm_chrf_extract((llmm_chrf *)obj, test_str(hyps[k]), refs, 2, &st);
}

static void chrf_destroy(void *obj) { llmm_chrf_free((llmm_chrf *)obj); }

static void test_allocator(void **state)
{
    static const scorer_ops ops = {chrf_create, chrf_score, chrf_destroy};
    (void)state;
    check_alloc_contract(&ops);
}

/* A 100,000-character segment of one repeated letter: counts stay exact. */
static void test_long_segment(void **state)
{
    size_t n = 100000;
    char *s = malloc(n);
    llmm_chrf *chrf;
    llmm_chrf_stats st;
    llmm_str h, r;
    int k;
    (void)state;
    memset(s, 'a', n);
    h.ptr = s;
    h.len = n;
    r.ptr = s;
    r.len = n / 2;
    assert_int_equal(llmm_chrf_create(&chrf, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_chrf_extract(chrf, h, &r, 1, &st), LLMM_OK);
    for (k = 0; k < 6; k++) {
        assert_int_equal(st.counts[3 * k], n - k);
        assert_int_equal(st.counts[3 * k + 1], n / 2 - k);
        assert_int_equal(st.counts[3 * k + 2], n / 2 - k);
    }
    llmm_chrf_free(chrf);
    free(s);
}

/* A small deterministic generator of segments whose n-grams repeat (an alphabet of
 * `k` letters, some two-byte and three-byte, and spaces). */
static unsigned long lcg(unsigned long *x)
{
    *x = *x * 6364136223846793005ul + 1442695040888963407ul;
    return (*x >> 33);
}

static size_t random_segment(unsigned long *x, char *buf, size_t n, unsigned k)
{
    static const char *const letters[] = {"a", "b", "c", " ", "\xd0\xb4", "\xd0\xb0",
                                          "\xe4\xb8\x80", "d", " ", "\xc3\xa9", "e", "."};
    size_t len = 0, i;
    for (i = 0; i < n; i++) {
        const char *l = letters[lcg(x) % k];
        size_t m = strlen(l);
        memcpy(buf + len, l, m);
        len += m;
    }
    return len;
}

/* Naive statistics of ASCII text without whitespace: every hypothesis n-gram's
 * occurrences counted by comparing substrings (no trie, no hashing). */
static void naive_stats(const char *h, size_t hl, const char *r, size_t rl, int order,
                        uint64_t *out)
{
    int n;
    size_t i, j;
    for (n = 1; n <= order; n++) {
        uint64_t hyp = hl >= (size_t)n ? hl - n + 1 : 0, ref = rl >= (size_t)n ? rl - n + 1 : 0;
        uint64_t match = 0;
        for (i = 0; i + n <= hl; i++) {
            uint64_t ch = 0, cr = 0, seen = 0;
            for (j = 0; j < i && !seen; j++) seen = !memcmp(h + j, h + i, (size_t)n);
            if (seen) continue; /* count each distinct n-gram once */
            for (j = 0; j + n <= hl; j++) ch += !memcmp(h + j, h + i, (size_t)n);
            for (j = 0; j + n <= rl; j++) cr += !memcmp(r + j, h + i, (size_t)n);
            match += ch < cr ? ch : cr;
        }
        out[3 * (n - 1)] = ref ? hyp : 0;
        out[3 * (n - 1) + 1] = ref;
        out[3 * (n - 1) + 2] = match;
    }
}

/* The trie (shared and unique n-grams, reference walks that stop early) against
 * naive counting, on text with many repeats, for several orders. */
static void test_against_naive(void **state)
{
    unsigned long x = 12345;
    char h[64], r[64];
    int iter;
    (void)state;
    for (iter = 0; iter < 400; iter++) {
        llmm_chrf_options o;
        llmm_chrf *chrf;
        llmm_chrf_stats st;
        uint64_t want[3 * LLMM_CHRF_MAX_CHAR_ORDER];
        unsigned k = 2 + (unsigned)(iter % 2); /* a, b (, c): ASCII, no space */
        size_t hl = random_segment(&x, h, lcg(&x) % 40, k);
        size_t rl = random_segment(&x, r, lcg(&x) % 40, k);
        llmm_str ref = {r, rl};
        int order = 1 + iter % LLMM_CHRF_MAX_CHAR_ORDER;
        llmm_chrf_options_default(&o);
        o.char_order = order;
        assert_int_equal(llmm_chrf_create(&chrf, &o, NULL), LLMM_OK);
        assert_int_equal(llmm_chrf_extract(chrf, (llmm_str){h, hl}, &ref, 1, &st), LLMM_OK);
        naive_stats(h, hl, r, rl, order, want);
        assert_memory_equal(st.counts, want, 3 * (size_t)order * sizeof *want);
        llmm_chrf_free(chrf);
    }
}


/* One scorer over many segments (short and long: the trie's tags wrap around twice
 * and its size changes; several references: reference counts are reset) gives each
 * segment the statistics a fresh scorer gives it. And the UTF-8 fast path
 * (lowercase off) agrees with the code-point path (lowercase on, over text that is
 * already lowercase), whitespace kept or not, for chrF and chrF++. */
static void test_reuse_and_decode_paths(void **state)
{
    static char buf[3][4 * 600];
    unsigned long x = 777;
    int variant, seg;
    (void)state;
    for (variant = 0; variant < 4; variant++) {
        llmm_chrf_options o, lo;
        llmm_chrf *reused, *lower;
        llmm_chrf_options_default(&o);
        o.word_order = variant & 1 ? 2 : 0;
        o.whitespace = variant >> 1;
        lo = o;
        lo.lowercase = 1;
        assert_int_equal(llmm_chrf_create(&reused, &o, NULL), LLMM_OK);
        assert_int_equal(llmm_chrf_create(&lower, &lo, NULL), LLMM_OK);
        for (seg = 0; seg < 600; seg++) {
            llmm_chrf *fresh;
            llmm_chrf_stats a, b, c;
            llmm_str hyp, refs[2];
            /* long ones, and short ones lacking most letters of the references */
            size_t n = seg % 17 == 5 ? 600 : seg % 3 ? lcg(&x) % 80 : 2;
            unsigned k = 4 + (unsigned)(seg % 9);
            hyp.ptr = buf[0];
            hyp.len = random_segment(&x, buf[0], n, k);
            refs[0].ptr = buf[1];
            refs[0].len = random_segment(&x, buf[1], lcg(&x) % 80, k);
            refs[1].ptr = buf[2];
            refs[1].len = random_segment(&x, buf[2], lcg(&x) % 80, k);
            assert_int_equal(llmm_chrf_create(&fresh, &o, NULL), LLMM_OK);
            assert_int_equal(llmm_chrf_extract(reused, hyp, refs, 2, &a), LLMM_OK);
            assert_int_equal(llmm_chrf_extract(fresh, hyp, refs, 2, &b), LLMM_OK);
            assert_int_equal(llmm_chrf_extract(lower, hyp, refs, 2, &c), LLMM_OK);
            assert_memory_equal(&a, &b, sizeof a);
            assert_memory_equal(&a, &c, sizeof a);
            llmm_chrf_free(fresh);
        }
        llmm_chrf_free(reused);
        llmm_chrf_free(lower);
    }
}

/* The trie is emptied by changing a tag per segment; after 255 segments the tags
 * are reused, and the n-grams of the segment that had the tag before must be gone:
 * "xyz" is in the first hypothesis only (whose reference lacks it), and then in
 * every reference. */
static void test_tag_reuse(void **state)
{
    llmm_chrf *chrf;
    llmm_chrf_stats st;
    llmm_str ref = test_str("xyz"), other = test_str("q");
    int seg, k;
    (void)state;
    assert_int_equal(llmm_chrf_create(&chrf, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_chrf_extract(chrf, test_str("xyz"), &other, 1, &st), LLMM_OK);
    assert_int_equal(st.counts[2], 0);
    for (seg = 1; seg < 600; seg++) {
        assert_int_equal(llmm_chrf_extract(chrf, test_str("a"), &ref, 1, &st), LLMM_OK);
        for (k = 0; k < 6; k++) assert_int_equal(st.counts[3 * k + 2], 0);
    }
    llmm_chrf_free(chrf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sacrebleu_cases),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_serialization),
        cmocka_unit_test(test_signature_and_names),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_long_segment),
        cmocka_unit_test(test_against_naive),
        cmocka_unit_test(test_reuse_and_decode_paths),
        cmocka_unit_test(test_tag_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
