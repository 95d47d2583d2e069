/* test_bleu.c - BLEU against values computed with sacrebleu 2.6.0 (BLEU(...)
 * .corpus_score([hyp], [[ref] for ref in refs])), plus API, error and memory tests. */
#include "test_util.h"
#include <stdlib.h>

typedef struct bleu_case {
    int tok, lowercase, smooth;
    double smooth_value;
    int effective_order;
    const char *hyp;
    const char *refs[2];
    size_t n_refs;
    double score;
    uint64_t sys_len;
    int64_t ref_len;
    double counts[4], totals[4];
} bleu_case;

static const bleu_case cases[] = {
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_EXP, -1.0, 1, "the\tcat  sat\t\ton   the mat", {"the cat sat on the mat"}, 1,
     100.00000000000004, 6, 6, {6, 5, 4, 3}, {6, 5, 4, 3}},
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_EXP, -1.0, 1, "It costs 1,000.50 dollars, i.e. 3-4 times more (in 2019).", {"It costs 1,000.50 dollars , 3 - 4 times more in 2019 ."}, 1,
     41.682189465797684, 19, 13, {13, 9, 6, 4}, {19, 18, 17, 16}},
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_EXP, -1.0, 1, "He said &quot;hi&quot; &amp; left &lt;b&gt; &apos;x&apos;", {"He said \"hi\" & left <b> 'x'"}, 1,
     54.50176720923848, 17, 11, {10, 9, 8, 7}, {17, 16, 15, 14}},
    {LLMM_TOK_INTL, 0, LLMM_SMOOTH_EXP, -1.0, 1, "It costs 1,000.50 dollars, i.e. 3-4 times more (in 2019).", {"It costs 1,000.50 dollars , 3 - 4 times more in 2019 ."}, 1,
     28.175950490399515, 17, 13, {10, 6, 3, 2}, {17, 16, 15, 14}},
    {LLMM_TOK_INTL, 0, LLMM_SMOOTH_FLOOR, -1.0, 1, "¿Qué? ¡Sí! €5 — «été»", {"¿ Qué ? ¡ Sí ! € 5 — « été »"}, 1,
     100.00000000000004, 12, 12, {12, 11, 10, 9}, {12, 11, 10, 9}},
    {LLMM_TOK_ZH, 0, LLMM_SMOOTH_EXP, -1.0, 1, "价格€100—很好…𠀀 test", {"价格 € 100 — 很好 … 𠀀 test"}, 1,
     100.00000000000004, 10, 10, {10, 9, 8, 7}, {10, 9, 8, 7}},
    {LLMM_TOK_CHAR, 0, LLMM_SMOOTH_EXP, -1.0, 1, "café au lait", {"cafe au lait"}, 1,
     65.80370064762461, 10, 10, {9, 7, 5, 3}, {10, 9, 8, 7}},
    {LLMM_TOK_NONE, 1, LLMM_SMOOTH_ADD_K, -1.0, 1, "The CAT Sat, On THE Mat", {"the cat sat , on the mat"}, 1,
     41.09599123350154, 6, 7, {5, 4, 2, 1}, {6, 6, 5, 4}},
    {LLMM_TOK_13A, 1, LLMM_SMOOTH_EXP, -1.0, 0, "İSTANBUL ΟΔΟΣ ẞ", {"i̇stanbul οδος ß"}, 1,
     0.0, 3, 3, {3, 2, 1, 0}, {3, 2, 1, 0}},
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_NONE, -1.0, 0, "the cat", {"the cat sat"}, 1,
     0.0, 2, 3, {2, 1, 0, 0}, {2, 1, 0, 0}},
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_EXP, -1.0, 0, "the the the the the the the", {"the cat is on the mat", "the mat"}, 2,
     7.809849842300637, 7, 6, {2, 0, 0, 0}, {7, 6, 5, 4}},
    {LLMM_TOK_13A, 0, LLMM_SMOOTH_ADD_K, 0.5, 0, "a b c d e f", {"a b x d e f g"}, 1,
     33.74378457966304, 6, 7, {5, 3.5, 1.5, 0.5}, {6, 5.5, 4.5, 3.5}},
};

static void check_case(const bleu_case *c)
{
    llmm_bleu_options o;
    llmm_bleu *b;
    llmm_bleu_stats st;
    llmm_bleu_result r;
    llmm_str refs[2];
    size_t i;
    int k;
    llmm_bleu_options_default(&o);
    o.tokenize = c->tok;
    o.lowercase = c->lowercase;
    o.smooth_method = c->smooth;
    o.smooth_value = c->smooth_value;
    o.effective_order = c->effective_order;
    assert_int_equal(llmm_bleu_create(&b, &o, NULL), LLMM_OK);
    for (i = 0; i < c->n_refs; i++) refs[i] = test_str(c->refs[i]);
    assert_int_equal(llmm_bleu_extract(b, test_str(c->hyp), refs, c->n_refs, &st), LLMM_OK);
    assert_int_equal(llmm_bleu_finalize(&o, &st, &r), LLMM_OK);
    assert_close(r.score, c->score, 1e-12);
    assert_int_equal(r.sys_len, c->sys_len);
    assert_int_equal(r.ref_len, c->ref_len);
    for (k = 0; k < 4; k++) {
        assert_close(r.counts[k], c->counts[k], 0);
        assert_close(r.totals[k], c->totals[k], 0);
    }
    llmm_bleu_free(b);
}

static void test_sacrebleu_cases(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) check_case(&cases[i]);
}

/* One llmm_strs over NUL-free C strings. */
typedef struct strs_buf {
    char data[512];
    size_t offsets[9];
    unsigned char present[8];
    llmm_strs strs;
} strs_buf;

static void make_strs(strs_buf *s, const char *const *items, size_t n)
{
    size_t i, o = 0;
    s->offsets[0] = 0;
    for (i = 0; i < n; i++) {
        size_t len = items[i] ? strlen(items[i]) : 0;
        if (items[i]) memcpy(s->data + o, items[i], len);
        o += len;
        s->offsets[i + 1] = o;
        s->present[i] = items[i] != NULL;
    }
    s->strs.data = s->data;
    s->strs.offsets = s->offsets;
    s->strs.present = s->present;
    s->strs.count = n;
}

static void test_corpus_equals_merged_segments(void **state)
{
    static const char *hyps[] = {"The cat sat on the mat.", "It rained all day, sadly.",
                                 "Dogs bark at 3-4 cars."};
    static const char *ra[] = {"The cat sat on a mat.", "It was raining all day.",
                               "Dogs bark at three or four cars."};
    static const char *rb[] = {"A cat is sitting on the mat.", NULL, "The dogs bark at cars."};
    strs_buf h, r[2];
    llmm_strs streams[2];
    llmm_bleu *b;
    llmm_bleu_stats total, per[3], merged, fwd, rev;
    llmm_bleu_result r1, r2;
    size_t n_scored;
    int i;
    (void)state;
    make_strs(&h, hyps, 3);
    make_strs(&r[0], ra, 3);
    make_strs(&r[1], rb, 3);
    streams[0] = r[0].strs;
    streams[1] = r[1].strs;
    assert_int_equal(llmm_bleu_create(&b, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, streams, 2, &total, per, &n_scored, NULL, NULL), LLMM_OK);
    assert_int_equal(n_scored, 3);
    /* merge in both orders: identical integers */
    llmm_bleu_stats_init(&fwd);
    llmm_bleu_stats_init(&rev);
    for (i = 0; i < 3; i++) llmm_bleu_stats_merge(&fwd, &per[i]);
    for (i = 2; i >= 0; i--) llmm_bleu_stats_merge(&rev, &per[i]);
    assert_memory_equal(&fwd, &total, sizeof total);
    assert_memory_equal(&rev, &total, sizeof total);
    /* segment 1 has one reference (the other is None): same as extracting it alone */
    {
        llmm_str one = test_str(ra[1]);
        assert_int_equal(llmm_bleu_extract(b, test_str(hyps[1]), &one, 1, &merged), LLMM_OK);
        assert_memory_equal(&merged, &per[1], sizeof merged);
    }
    assert_int_equal(llmm_bleu_finalize(NULL, &total, &r1), LLMM_OK);
    assert_int_equal(llmm_bleu_finalize(NULL, &fwd, &r2), LLMM_OK);
    assert_true(r1.score == r2.score);
    assert_true(r1.score > 0 && r1.score < 100);
    llmm_bleu_free(b);
}

static void test_errors(void **state)
{
    llmm_bleu_options o;
    llmm_bleu *b;
    llmm_bleu_stats st;
    llmm_str ref = test_str("a b c");
    static const char *hyps[] = {"a b", "c d"};
    static const char *refs1[] = {"a b"};
    strs_buf h, r;
    size_t bad_index = 99;
    int bad_stream = 99;
    (void)state;
    llmm_bleu_options_default(&o);
    o.tokenize = 42;
    assert_int_equal(llmm_bleu_create(&b, &o, NULL), LLMM_EINVAL);
    llmm_bleu_options_default(&o);
    o.smooth_method = -1;
    assert_int_equal(llmm_bleu_create(&b, &o, NULL), LLMM_EINVAL);
    llmm_bleu_options_default(&o);
    o.max_ngram_order = 5;
    assert_int_equal(llmm_bleu_create(&b, &o, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_bleu_create(NULL, NULL, NULL), LLMM_ENULL);

    assert_int_equal(llmm_bleu_create(&b, NULL, NULL), LLMM_OK);
    /* invalid UTF-8: overlong, surrogate, truncated, out of range */
    assert_int_equal(llmm_bleu_extract(b, test_str("ok \xC0\xAF"), &ref, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_bleu_extract(b, test_str("\xED\xA0\x80"), &ref, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_bleu_extract(b, test_str("\xE2\x82"), &ref, 1, &st), LLMM_EUTF8);
    assert_int_equal(llmm_bleu_extract(b, test_str("\xF4\x90\x80\x80"), &ref, 1, &st), LLMM_EUTF8);
    /* no reference at all: sacrebleu raises TypeError unless the hypothesis is empty */
    assert_int_equal(llmm_bleu_extract(b, test_str("a"), NULL, 0, &st), LLMM_EINVAL);
    assert_int_equal(llmm_bleu_extract(b, test_str(" "), NULL, 0, &st), LLMM_OK);
    assert_int_equal(st.ref_len, -1);

    /* corpus: empty, mismatched lengths, bad reference reported with its index */
    make_strs(&h, hyps, 2);
    make_strs(&r, refs1, 1);
    h.strs.count = 0;
    assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, &r.strs, 1, &st, NULL, NULL, NULL, NULL), LLMM_EEMPTY);
    h.strs.count = 2;
    assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, &r.strs, 0, &st, NULL, NULL, NULL, NULL), LLMM_EEMPTY);
    {
        size_t n_scored = 0;
        assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, &r.strs, 1, &st, NULL, &n_scored, NULL, NULL), LLMM_OK);
        assert_int_equal(n_scored, 1); /* zip() semantics */
    }
    llmm_bleu_free(b);
    llmm_bleu_options_default(&o);
    o.strict_lengths = 1;
    assert_int_equal(llmm_bleu_create(&b, &o, NULL), LLMM_OK);
    assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, &r.strs, 1, &st, NULL, NULL, NULL, &bad_stream), LLMM_ELENGTH);
    assert_int_equal(bad_stream, 0);
    {
        static const char *bad_refs[] = {"fine", "bro\xFFken"};
        make_strs(&r, bad_refs, 2);
        assert_int_equal(llmm_bleu_extract_corpus(b, &h.strs, &r.strs, 1, &st, NULL, NULL, &bad_index, &bad_stream), LLMM_EUTF8);
        assert_int_equal(bad_index, 1);
        assert_int_equal(bad_stream, 0);
    }
    llmm_bleu_free(b);
    llmm_bleu_free(NULL);
}

static void test_nul_bytes_are_data(void **state)
{
    llmm_bleu *b;
    llmm_bleu_stats st;
    llmm_str hyp, ref;
    (void)state;
    hyp.ptr = "a\0b c";
    hyp.len = 5;
    ref.ptr = "a\0b c";
    ref.len = 5;
    assert_int_equal(llmm_bleu_create(&b, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_bleu_extract(b, hyp, &ref, 1, &st), LLMM_OK);
    assert_int_equal(st.sys_len, 2); /* "a\0b" is one token */
    assert_int_equal(st.counts[1], 1);
    ref.len = 3; /* "a\0b" */
    assert_int_equal(llmm_bleu_extract(b, hyp, &ref, 1, &st), LLMM_OK);
    assert_int_equal(st.counts[0], 1);
    assert_int_equal(st.ref_len, 1);
    llmm_bleu_free(b);
}

static void test_serialization(void **state)
{
    llmm_bleu_stats s, t;
    unsigned char buf[LLMM_BLEU_STATS_SERIALIZED_SIZE + 8];
    size_t written = 0, i;
    (void)state;
    assert_int_equal(llmm_bleu_stats_serialized_size(), LLMM_BLEU_STATS_SERIALIZED_SIZE);
    llmm_bleu_stats_init(&s);
    s.sys_len = 34808;
    s.ref_len = -1;
    for (i = 0; i < 4; i++) {
        s.counts[i] = 100 - i;
        s.totals[i] = 1000 - i;
    }
    assert_int_equal(llmm_bleu_stats_serialize(&s, buf, 10, &written), LLMM_EBUFFER);
    assert_int_equal(llmm_bleu_stats_serialize(&s, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, LLMM_BLEU_STATS_SERIALIZED_SIZE);
    assert_memory_equal(buf, "LLMS\x01\x00\x01\x00", 8); /* magic, version 1, kind 1 */
    assert_int_equal(buf[16 + 8], 34808 & 0xFF);          /* little-endian sys_len */
    assert_int_equal(llmm_bleu_stats_deserialize(&t, buf, written), LLMM_OK);
    assert_memory_equal(&s, &t, sizeof s);
    /* every truncation is rejected */
    for (i = 0; i < written; i++)
        assert_int_equal(llmm_bleu_stats_deserialize(&t, buf, i), LLMM_EFORMAT);
    /* every single-bit corruption is rejected */
    for (i = 0; i < written * 8; i++) {
        int rc;
        buf[i / 8] ^= (unsigned char)(1u << (i % 8));
        rc = llmm_bleu_stats_deserialize(&t, buf, written);
        assert_true(rc == LLMM_EFORMAT || rc == LLMM_EVERSION);
        buf[i / 8] ^= (unsigned char)(1u << (i % 8));
    }
    assert_int_equal(llmm_bleu_stats_deserialize(&t, NULL, written), LLMM_ENULL);
}

static void test_signature_and_names(void **state)
{
    llmm_bleu_options o;
    char buf[128];
    llmm_tokenizer tok;
    llmm_bleu_smooth sm;
    (void)state;
    llmm_bleu_options_default(&o);
    assert_int_equal(llmm_bleu_signature(&o, 2, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
    o.lowercase = 1;
    o.effective_order = 1;
    o.tokenize = LLMM_TOK_INTL;
    o.smooth_method = LLMM_SMOOTH_FLOOR;
    assert_int_equal(llmm_bleu_signature(&o, -1, buf, sizeof buf), LLMM_OK);
    assert_string_equal(buf, "nrefs:var|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0");
    assert_int_equal(llmm_bleu_signature(&o, 1, buf, 10), LLMM_EBUFFER);
    assert_int_equal(llmm_tokenizer_from_name("zh", 2, &tok), LLMM_OK);
    assert_int_equal(tok, LLMM_TOK_ZH);
    assert_int_equal(llmm_tokenizer_from_name("ja-mecab", 8, &tok), LLMM_EINVAL);
    assert_int_equal(llmm_bleu_smooth_from_name("add-k", 5, &sm), LLMM_OK);
    assert_int_equal(sm, LLMM_SMOOTH_ADD_K);
    assert_string_equal(llmm_tokenizer_name(LLMM_TOK_CHAR), "char");
    assert_null(llmm_tokenizer_name((llmm_tokenizer)9));
}

static int bleu_create(void **obj, const llmm_allocator *a)
{
    return llmm_bleu_create((llmm_bleu **)obj, NULL, a);
}

static int bleu_score(void *obj, int k)
{
    static const char *const hyps[3] = {"a quick brown dog jumps over the fox",
                                        "the lazy fox jumps over a brown dog", "a quick brown dog"};
    llmm_str ref = test_str("the quick brown fox jumps over the lazy dog");
    llmm_bleu_stats st;
    return llmm_bleu_extract((llmm_bleu *)obj, test_str(hyps[k]), &ref, 1, &st);
}

static void bleu_destroy(void *obj) { llmm_bleu_free((llmm_bleu *)obj); }

static void test_allocator(void **state)
{
    static const scorer_ops ops = {bleu_create, bleu_score, bleu_destroy};
    (void)state;
    check_alloc_contract(&ops);
}

/* A 20,000-token segment (the vectors' adv-long-line shape) stays exact. */
static void test_long_line(void **state)
{
    size_t n = 20000, i, o = 0;
    char *hyp = malloc(n * 6), *ref = malloc(n * 6);
    llmm_bleu *b;
    llmm_bleu_stats st;
    llmm_str h, r;
    (void)state;
    for (i = 0; i < n; i++) {
        memcpy(hyp + o, i % 2 ? "ab " : "cd ", 3);
        memcpy(ref + o, i % 3 ? "ab " : "cd ", 3);
        o += 3;
    }
    h.ptr = hyp;
    h.len = o;
    r.ptr = ref;
    r.len = o;
    assert_int_equal(llmm_bleu_create(&b, NULL, NULL), LLMM_OK);
    assert_int_equal(llmm_bleu_extract(b, h, &r, 1, &st), LLMM_OK);
    assert_int_equal(st.sys_len, n);
    /* hyp: 10000 "ab", 10000 "cd"; ref: 13333 "ab", 6667 "cd" -> clipped matches */
    assert_int_equal(st.counts[0], 10000 + 6667);
    llmm_bleu_free(b);
    free(hyp);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sacrebleu_cases),
        cmocka_unit_test(test_corpus_equals_merged_segments),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_bytes_are_data),
        cmocka_unit_test(test_serialization),
        cmocka_unit_test(test_signature_and_names),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
