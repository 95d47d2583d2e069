/* test_ter.c - TER against values computed with sacrebleu 2.6.0
 * (TER(...).corpus_score([hyp], [[ref] for ref in refs])), plus API, error,
 * serialization, memory and pathological-input tests. */
#include "test_util.h"
#include <stdlib.h>

typedef struct ter_case {
    int normalized, no_punct, asian_support, case_sensitive;
    const char *hyp;
    const char *refs[2];
    size_t n_refs;
    double score;
    uint64_t num_edits;
    double ref_length;
} ter_case;

static const ter_case cases[] = {
    /* two shifts ("today", "mat"/"cat" swap needs shift + substitutions) */
    {0, 0, 0, 0, "the mat sat on the cat quickly today", {"today the cat sat on the mat quickly"}, 1,
     37.5, 3, 8.0},
    {0, 0, 0, 0, "The CAT sat", {"the cat sat"}, 1, 0.0, 0, 3.0},
    {0, 0, 0, 1, "The CAT sat", {"the cat sat"}, 1, 66.66666666666666, 2, 3.0},
    /* references are tokenized twice: "squire's ," -> "squire 's ," (7 words) */
    {1, 0, 0, 0, "Squire's, eine andere Kette.", {"Squire's, eine andere Gartencenterkette."}, 1,
     42.857142857142854, 3, 7.0},
    {1, 0, 0, 0, "He said &quot;hi&quot; &amp; 3-4 left 1,000.50.",
     {"He said \"hi\" & 3 - 4 left 1,000.50 ."}, 1, 0.0, 0, 12.0},
    {0, 1, 0, 0, "Hello, world! (ok)", {"hello world ok"}, 1, 0.0, 0, 3.0},
    {1, 0, 1, 0, "我们今天在公园里散步。", {"我们 今天 在 公园 散步 。"}, 1, 10.0, 1, 10.0},
    {0, 1, 1, 0, "我们，今天。", {"我们 今天"}, 1, 100.0, 2, 2.0},
    /* the best reference by edits; the mean reference length */
    {0, 0, 0, 0, "a b c d e f", {"f e d c b a", "a b c x e f"}, 2, 16.666666666666664, 1, 6.0},
    {0, 0, 0, 0, "", {"one two three"}, 1, 100.0, 3, 3.0},
    {0, 0, 0, 0, "one two three", {""}, 1, 100.0, 3, 0.0},
    {0, 0, 0, 0, "a a a a b b b b", {"b b b b a a a a"}, 1, 12.5, 1, 8.0},
};

static llmm_ter_options case_options(const ter_case *c)
{
    llmm_ter_options o;
    llmm_ter_options_default(&o);
    o.normalized = c->normalized;
    o.no_punct = c->no_punct;
    o.asian_support = c->asian_support;
    o.case_sensitive = c->case_sensitive;
    return o;
}

static void test_sacrebleu_cases(void **state)
{
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ter_case *c = &cases[i];
        llmm_ter_options o = case_options(c);
        llmm_ter *ter;
        llmm_ter_stats st;
        llmm_ter_result r;
        llmm_str refs[2];
        for (k = 0; k < c->n_refs; k++) refs[k] = test_str(c->refs[k]);
        assert_int_equal(llmm_ter_create(&ter, &o, NULL), LLMM_OK);
        assert_int_equal(llmm_ter_extract(ter, test_str(c->hyp), refs, c->n_refs, &st), LLMM_OK);
        assert_int_equal(llmm_ter_finalize(&st, &r), LLMM_OK);
        assert_close(r.score, c->score, 1e-12);
        assert_int_equal(r.num_edits, c->num_edits);
        assert_close(r.ref_length, c->ref_length, 1e-12);
        llmm_ter_free(ter);
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

/* Three references: mean lengths 8/3 and 4/3 are kept exactly (sacrebleu: 4.0). */
static void test_corpus(void **state)
{
    static const char *const hyps[] = {"a b", "c"};
    static const char *const r1[] = {"a b c", "c d"}, *const r2[] = {"a", "c"},
                             *const r3[] = {"x y z w", "e"};
    char b0[32], b1[32], b2[32], b3[32];
    size_t o0[3], o1[3], o2[3], o3[3], n_scored;
    llmm_strs h = make_strs(hyps, 2, NULL, b0, o0), refs[3];
    llmm_ter *ter;
    llmm_ter_stats total, per[2], sum;
    llmm_ter_result r;
    (void)state;
    refs[0] = make_strs(r1, 2, NULL, b1, o1);
    refs[1] = make_strs(r2, 2, NULL, b2, o2);
    refs[2] = make_strs(r3, 2, NULL, b3, o3);
    assert_int_equal(llmm_ter_create(&ter, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_ter_extract_corpus(ter, &h, refs, 3, &total, per, &n_scored, NULL, NULL),
                     LLMM_OK);
    assert_int_equal(n_scored, 2);
    llmm_ter_stats_init(&sum);
    llmm_ter_stats_merge(&sum, &per[1]);
    llmm_ter_stats_merge(&sum, &per[0]);
    assert_memory_equal(&sum, &total, sizeof sum);
    assert_int_equal(total.ref_length_sc, 4 * LLMM_TER_LENGTH_SCALE);
    assert_int_equal(llmm_ter_finalize(&total, &r), LLMM_OK);
    assert_close(r.score, 25.0, 1e-15);
    assert_int_equal(r.num_edits, 1);
    assert_close(r.ref_length, 4.0, 1e-15);
    assert_int_equal(llmm_ter_length_scale(), LLMM_TER_LENGTH_SCALE);
    llmm_ter_free(ter);
}

static void test_errors(void **state)
{
    static const char *const hyps[] = {"ok", "bad \xC3\x28 utf8"};
    static const char *const refs1[] = {"ok", "fine"};
    static const unsigned char none[] = {1, 0};
    char b0[64], b1[64];
    size_t o0[3], o1[3], bad_index = 99;
    int bad_stream = 99;
    llmm_strs h = make_strs(hyps, 2, NULL, b0, o0), r = make_strs(refs1, 2, NULL, b1, o1), rr;
    llmm_ter_options o;
    llmm_ter *ter;
    llmm_ter_stats st;
    llmm_ter_result res;
    llmm_str ref = test_str("x");
    (void)state;
    assert_int_equal(llmm_ter_create(NULL, NULL, NULL), LLMM_ENULL);
    llmm_ter_free(NULL);
    assert_int_equal(llmm_ter_create(&ter, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_ter_extract(ter, test_str("a"), &ref, 0, &st), LLMM_EEMPTY);
    assert_int_equal(llmm_ter_extract(ter, test_str("a"), NULL, 1, &st), LLMM_ENULL);
    assert_int_equal(llmm_ter_extract(ter, test_str("\xED\xA0\x80"), &ref, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_ter_extract_corpus(ter, &h, &r, 1, &st, NULL, NULL, &bad_index,
                                             &bad_stream), LLMM_EUTF8);
    assert_int_equal(bad_index, 1);
    assert_int_equal(bad_stream, -1);
    assert_int_equal(llmm_ter_extract_corpus(ter, &r, &h, 1, &st, NULL, NULL, &bad_index,
                                             &bad_stream), LLMM_EUTF8);
    assert_int_equal(bad_stream, 0);
    rr = r;
    rr.present = none;
    assert_int_equal(llmm_ter_extract_corpus(ter, &r, &rr, 1, &st, NULL, NULL, &bad_index,
                                             &bad_stream), LLMM_EEMPTY);
    assert_int_equal(bad_index, 1);
    assert_int_equal(llmm_ter_extract_corpus(ter, &rr, &r, 1, &st, NULL, NULL, &bad_index,
                                             &bad_stream), LLMM_EINVAL);
    assert_int_equal(bad_stream, -1);
    h.count = 0;
    assert_int_equal(llmm_ter_extract_corpus(ter, &h, &r, 1, &st, NULL, NULL, NULL, NULL),
                     LLMM_EEMPTY);
    llmm_ter_free(ter);
    llmm_ter_options_default(&o);
    o.strict_lengths = 1;
    r.count = 1;
    h.count = 2;
    h = make_strs(refs1, 2, NULL, b0, o0);
    assert_int_equal(llmm_ter_create(&ter, &o, NULL), LLMM_OK);
    assert_int_equal(llmm_ter_extract_corpus(ter, &h, &r, 1, &st, NULL, NULL, &bad_index,
                                             &bad_stream), LLMM_ELENGTH);
    llmm_ter_free(ter);
    /* empty statistics: sacrebleu's 0/0 case scores 0 */
    llmm_ter_stats_init(&st);
    assert_int_equal(llmm_ter_finalize(&st, &res), LLMM_OK);
    assert_close(res.score, 0.0, 0);
    assert_int_equal(llmm_ter_finalize(NULL, &res), LLMM_ENULL);
}

static void test_serialization(void **state)
{
    llmm_ter_stats a = {123456789, 987654321}, b;
    unsigned char buf[LLMM_TER_STATS_SERIALIZED_SIZE];
    size_t written = 0;
    (void)state;
    assert_int_equal(llmm_ter_stats_serialized_size(), sizeof buf);
    assert_int_equal(llmm_ter_stats_serialize(&a, buf, 8, &written), LLMM_EBUFFER);
    assert_int_equal(llmm_ter_stats_serialize(&a, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, sizeof buf);
    assert_int_equal(llmm_ter_stats_deserialize(&b, buf, sizeof buf), LLMM_OK);
    assert_memory_equal(&a, &b, sizeof a);
    buf[20] ^= 4;
    assert_int_equal(llmm_ter_stats_deserialize(&b, buf, sizeof buf), LLMM_EFORMAT);
    buf[20] ^= 4;
    buf[4] = 9; /* unknown format version */
    assert_int_equal(llmm_ter_stats_deserialize(&b, buf, sizeof buf), LLMM_EVERSION);
}

static void test_signature(void **state)
{
    llmm_ter_options o;
    char buf[128];
    (void)state;
    assert_int_equal(llmm_ter_signature(NULL, 1, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0");
    llmm_ter_options_default(&o);
    o.normalized = o.no_punct = o.asian_support = o.case_sensitive = 1;
    assert_int_equal(llmm_ter_signature(&o, -1, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf,
                        "nrefs:var|case:mixed|tok:tercom|norm:yes|punct:no|asian:yes|version:2.6.0");
    assert_int_equal(llmm_ter_signature(&o, 2, buf, 30), LLMM_EBUFFER);
    assert_int_equal(llmm_ter_options_size(), sizeof(llmm_ter_options));
    assert_int_equal(llmm_ter_stats_size(), sizeof(llmm_ter_stats));
    assert_int_equal(llmm_ter_result_size(), sizeof(llmm_ter_result));
}

static int ter_create(void **obj, const llmm_allocator *a)
{
    llmm_ter_options o;
    llmm_ter_options_default(&o);
    o.normalized = 1;
    return llmm_ter_create((llmm_ter **)obj, &o, a);
}

static int ter_score(void *obj, int k)
{
    static const char *const hyps[3] = {"A lazy dog jumps over the brown fox.",
                                        "the fox lazy jumps over a brown dog",
                                        "a quick brown dog, it's"};
    llmm_str refs[2];
    llmm_ter_stats st;
    refs[0] = test_str("the quick brown fox jumps over the lazy dog");
    refs[1] = test_str("a fast brown fox leaps over a lazy dog");
    return llmm_ter_extract((llmm_ter *)obj, test_str(hyps[k]), refs, 2, &st);
}

static void ter_destroy(void *obj) { llmm_ter_free((llmm_ter *)obj); }

/* No allocation per segment in steady state; every byte freed; allocation failure
 * gives LLMM_ENOMEM and no leak. */
static void test_allocator(void **state)
{
    static const scorer_ops ops = {ter_create, ter_score, ter_destroy};
    (void)state;
    check_alloc_contract(&ops);
}

/* Pathological shapes of the issue finish; the edit counts are forced (all
 * deletions, nothing, all substitutions). */
static char *repeat(const char *word, size_t n, llmm_str *out)
{
    size_t l = strlen(word), i;
    char *s = malloc(n * (l + 1) + 1);
    for (i = 0; i < n; i++) {
        memcpy(s + i * (l + 1), word, l);
        s[i * (l + 1) + l] = ' ';
    }
    out->ptr = s;
    out->len = n ? n * (l + 1) - 1 : 0;
    return s;
}

static void test_pathological(void **state)
{
    llmm_ter *ter;
    llmm_ter_stats st;
    llmm_str h, r;
    char *hs, *rs;
    (void)state;
    assert_int_equal(llmm_ter_create(&ter, NULL, NULL), LLMM_OK);
    /* a 20,000-token segment against a short reference */
    hs = repeat("a", 20000, &h);
    rs = repeat("a", 10, &r);
    assert_int_equal(llmm_ter_extract(ter, h, &r, 1, &st), LLMM_OK);
    assert_int_equal(st.num_edits, 19990);
    free(rs);
    /* all-identical tokens on both sides */
    rs = repeat("a", 20000, &r);
    assert_int_equal(llmm_ter_extract(ter, h, &r, 1, &st), LLMM_OK);
    assert_int_equal(st.num_edits, 0);
    free(rs);
    /* no shared token */
    rs = repeat("b", 20000, &r);
    assert_int_equal(llmm_ter_extract(ter, h, &r, 1, &st), LLMM_OK);
    assert_int_equal(st.num_edits, 20000);
    free(rs);
    free(hs);
    llmm_ter_free(ter);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sacrebleu_cases),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_serialization),
        cmocka_unit_test(test_signature),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
