/* test_squad.c - SQuAD v1.1 normalisation, exact match and F1 against evaluate-v1.1.py
 * (values of ../shared/vectors/squad.jsonl and of the official functions run by hand). */
#include "test_util.h"

static void norm_is(llmm_squad *s, const char *in, const char *want)
{
    char buf[256];
    size_t len = 0;
    assert_int_equal(llmm_squad_normalize(s, test_str(in), buf, sizeof buf, &len), LLMM_OK);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
}

static void test_normalize(void **state)
{
    llmm_squad *s;
    char small[4];
    size_t len;
    (void)state;
    assert_int_equal(llmm_squad_create(&s, NULL), LLMM_OK);
    norm_is(s, "The Eiffel Tower", "eiffel tower");
    norm_is(s, "theatre an anthem", "theatre anthem");       /* whole words only */
    norm_is(s, "U.S.A.!", "usa");
    norm_is(s, "\xc2\xab" "Paris\xc2\xbb \xe2\x80\x94 \xe2\x80\x9c" "France\xe2\x80\x9d",
            "\xc2\xab" "paris\xc2\xbb \xe2\x80\x94 \xe2\x80\x9c" "france\xe2\x80\x9d"); /* Unicode punctuation stays */
    norm_is(s, "", "");
    norm_is(s, "a an the", "");
    norm_is(s, "the_a a_the", "thea athe");                  /* "_" is punctuation: gone first */
    norm_is(s, "2the a2 \xc2\xb2" "a", "2the a2 \xc2\xb2" "a"); /* digits and U+00B2 are \\w */
    norm_is(s, "\xc3\xa9" "a a\xc3\xa9", "\xc3\xa9" "a a\xc3\xa9"); /* so is U+00E9 */
    norm_is(s, "x\xc2\xa0the\xe3\x80\x80y", "x y");          /* NBSP, U+3000 are spaces */
    norm_is(s, "don't the-end", "dont theend");              /* punctuation goes first */
    norm_is(s, "\xce\x9f\xce\x94\xce\x9f\xce\xa3", "\xce\xbf\xce\xb4\xce\xbf\xcf\x82"); /* final sigma */
    assert_int_equal(llmm_squad_normalize(s, test_str("The Eiffel Tower"), small, sizeof small, &len),
                     LLMM_EBUFFER);
    assert_int_equal(len, 12);
    assert_int_equal(llmm_squad_normalize(s, test_str("\xff"), small, sizeof small, &len), LLMM_EUTF8);
    llmm_squad_free(s);
}

static void test_scores(void **state)
{
    llmm_squad *s, *t;
    llmm_squad_example ex;
    llmm_squad_result r;
    llmm_str gold[3];
    unsigned char buf[128];
    size_t n;
    (void)state;
    assert_int_equal(llmm_squad_create(&s, NULL), LLMM_OK);
    assert_int_equal(llmm_squad_result_get(s, &r), LLMM_EEMPTY);
    /* squad.jsonl "multi_gold": max over the gold answers, F1 0.8 ("in 1990" vs "in year 1990") */
    gold[0] = test_str("1990");
    gold[1] = test_str("in the year 1990");
    gold[2] = test_str("nineteen ninety");
    assert_int_equal(llmm_squad_score(s, test_str("in 1990"), gold, 3, &ex), LLMM_OK);
    assert_true(ex.exact_match == 0.0);
    assert_close(ex.f1, 0.8, 1e-15);
    /* empty prediction: EM 0, F1 0; empty vs empty: EM 1 but F1 0 */
    gold[0] = test_str("Paris");
    assert_int_equal(llmm_squad_score(s, test_str(""), gold, 1, &ex), LLMM_OK);
    assert_true(ex.exact_match == 0.0 && ex.f1 == 0.0);
    gold[0] = test_str("the");
    assert_int_equal(llmm_squad_score(s, test_str("."), gold, 1, &ex), LLMM_OK);
    assert_true(ex.exact_match == 1.0 && ex.f1 == 0.0);
    /* repeated tokens: Counter intersection, P = 2/3, R = 2/2 -> 0.8 */
    gold[0] = test_str("cat cat");
    assert_int_equal(llmm_squad_score(s, test_str("cat cat cat"), gold, 1, &ex), LLMM_OK);
    assert_close(ex.f1, 0.8, 1e-15);
    assert_int_equal(llmm_squad_result_get(s, &r), LLMM_OK);
    assert_int_equal(r.count, 4);
    assert_close(r.exact_match, 25.0, 1e-15);
    assert_close(r.f1, 40.0, 1e-15);
    /* errors leave the statistics unchanged */
    assert_int_equal(llmm_squad_score(s, test_str("x"), gold, 0, &ex), LLMM_EEMPTY);
    gold[0] = test_str("\xc0\x80");
    assert_int_equal(llmm_squad_score(s, test_str("x"), gold, 1, &ex), LLMM_EUTF8);
    /* merging through the serialized form */
    assert_int_equal(llmm_squad_serialize(s, buf, sizeof buf, &n), LLMM_OK);
    assert_int_equal(llmm_squad_create(&t, NULL), LLMM_OK);
    assert_int_equal(llmm_squad_merge_serialized(t, buf, n), LLMM_OK);
    assert_int_equal(llmm_squad_merge(t, s), LLMM_OK);
    assert_int_equal(llmm_squad_result_get(t, &r), LLMM_OK);
    assert_int_equal(r.count, 8);
    assert_close(r.f1, 40.0, 1e-15);
    buf[n - 1] ^= 1;
    assert_int_equal(llmm_squad_merge_serialized(t, buf, n), LLMM_EFORMAT);
    llmm_squad_free(t);
    llmm_squad_free(s);
}

static void test_batch(void **state)
{
    /* two questions: answers {"eiffel tower"} and {"1990", "in the year 1990"} */
    static const char preds[] = "The Eiffel Towerin 1990";
    static const size_t poff[] = {0, 16, 23};
    static const char golds[] = "eiffel tower1990in the year 1990";
    static const size_t goff[] = {0, 12, 16, 32};
    static const size_t start[] = {0, 1, 3};
    llmm_strs p = {preds, poff, NULL, 2}, g = {golds, goff, NULL, 3};
    llmm_squad_example ex[2];
    llmm_squad_result r;
    llmm_squad *s;
    size_t bad = 9;
    (void)state;
    assert_int_equal(llmm_squad_create(&s, NULL), LLMM_OK);
    assert_int_equal(llmm_squad_score_batch(s, &p, &g, start, ex, &bad), LLMM_OK);
    assert_true(ex[0].exact_match == 1.0 && ex[0].f1 == 1.0);
    assert_close(ex[1].f1, 0.8, 1e-15);
    assert_int_equal(llmm_squad_result_get(s, &r), LLMM_OK);
    assert_close(r.exact_match, 50.0, 1e-15);
    assert_close(r.f1, 90.0, 1e-15);
    assert_int_equal(llmm_squad_score_batch(s, &p, &g, (const size_t[]){0, 1, 1}, ex, &bad),
                     LLMM_EEMPTY);
    assert_int_equal(bad, 1);
    llmm_squad_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_scores),
        cmocka_unit_test(test_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
