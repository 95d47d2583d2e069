/* test_porter.c - the Porter stemmer against NLTK 3.8 PorterStemmer() outputs
 * (produced with python3-nltk 3.8: PorterStemmer().stem(word[, to_lowercase])). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "llmmetrics.h"
#include "text/porter.h"

static const char *const words[][2] = {
    {"caresses", "caress"}, {"ponies", "poni"}, {"ties", "tie"},
    {"dies", "die"}, {"flies", "fli"}, {"caress", "caress"},
    {"cats", "cat"}, {"feed", "feed"}, {"agreed", "agre"},
    {"plastered", "plaster"}, {"bled", "bled"}, {"motoring", "motor"},
    {"sing", "sing"}, {"conflated", "conflat"}, {"troubled", "troubl"},
    {"sized", "size"}, {"hopping", "hop"}, {"tanned", "tan"},
    {"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"},
    {"failing", "fail"}, {"filing", "file"}, {"happy", "happi"},
    {"sky", "sky"}, {"enjoy", "enjoy"}, {"spy", "spi"},
    {"relational", "relat"}, {"conditional", "condit"}, {"rational", "ration"},
    {"valenci", "valenc"}, {"hesitanci", "hesit"}, {"digitizer", "digit"},
    {"conformabli", "conform"}, {"radicalli", "radic"}, {"differentli", "differ"},
    {"vileli", "vile"}, {"analogousli", "analog"}, {"vietnamization", "vietnam"},
    {"predication", "predic"}, {"operator", "oper"}, {"feudalism", "feudal"},
    {"decisiveness", "decis"}, {"hopefulness", "hope"}, {"callousness", "callous"},
    {"formaliti", "formal"}, {"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"},
    {"triplicate", "triplic"}, {"formative", "form"}, {"formalize", "formal"},
    {"electriciti", "electr"}, {"electrical", "electr"}, {"hopeful", "hope"},
    {"goodness", "good"}, {"revival", "reviv"}, {"allowance", "allow"},
    {"inference", "infer"}, {"airliner", "airlin"}, {"gyroscopic", "gyroscop"},
    {"adjustable", "adjust"}, {"defensible", "defens"}, {"irritant", "irrit"},
    {"replacement", "replac"}, {"adjustment", "adjust"}, {"dependent", "depend"},
    {"adoption", "adopt"}, {"homologou", "homolog"}, {"communism", "commun"},
    {"activate", "activ"}, {"angulariti", "angular"}, {"homologous", "homolog"},
    {"effective", "effect"}, {"bowdlerize", "bowdler"}, {"probate", "probat"},
    {"rate", "rate"}, {"cease", "ceas"}, {"controll", "control"},
    {"roll", "roll"}, {"generously", "gener"}, {"archaeology", "archaeolog"},
    {"geology", "geolog"}, {"skies", "sky"}, {"dying", "die"},
    {"lying", "lie"}, {"tying", "tie"}, {"news", "news"},
    {"innings", "inning"}, {"outings", "outing"}, {"cannings", "canning"},
    {"howe", "howe"}, {"proceed", "proceed"}, {"exceed", "exceed"},
    {"succeed", "succeed"}, {"spied", "spi"}, {"died", "die"},
    {"is", "is"}, {"as", "as"}, {"a*ded", "ad"},
    {"yyyy", "yyyi"}, {"syzygy", "syzygi"},
};

static void check(const char *word, size_t len, int lower, const char *want, size_t want_len)
{
    char out[512];
    size_t n = 0;
    assert_int_equal(llmm_porter_stem(word, len, lower, out, sizeof out, &n, NULL), LLMM_OK);
    assert_int_equal(n, want_len);
    assert_memory_equal(out, want, n);
}

static void test_rules(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof words / sizeof words[0]; k++)
        check(words[k][0], strlen(words[k][0]), 1, words[k][1], strlen(words[k][1]));
}

static void test_ascii_path(void **state)
{
    uint32_t scratch[32];
    char out[32];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = llmmi_porter_stem_ascii(words[k][0], strlen(words[k][0]), out, scratch);
        assert_int_equal(n, strlen(words[k][1]));
        assert_memory_equal(out, words[k][1], n);
    }
}

/* Lowercasing is Python's str.lower(); the irregular-forms pool is looked up with the
 * word as given, so "SKIES" is stemmed by the rules ("ski"), not the pool ("sky"). */
static void test_case_and_unicode(void **state)
{
    (void)state;
    check("Running", 7, 1, "run", 3);
    check("Running", 7, 0, "Run", 3);
    check("SKIES", 5, 1, "ski", 3);
    check("SKIES", 5, 0, "SKIES", 5);
    check("\xc4\xb0stanbul", 9, 1, "i\xcc\x87stanbul", 10);
    check("\xc4\xb0", 2, 1, "i\xcc\x87", 3);
    check("\xc4\xb0", 2, 0, "\xc4\xb0", 2);
    check("\xce\xa3\xce\x91\xce\xa3", 6, 1, "\xcf\x83\xce\xb1\xcf\x82", 6);
    check("CAF\xc3\x89S", 6, 1, "caf\xc3\xa9", 5);
    check("\xe2\x84\xaa" "elvin", 8, 1, "kelvin", 6);
    check("", 0, 1, "", 0);
}

static void test_long_word(void **state)
{
    char word[300], want[300];
    size_t i;
    (void)state;
    for (i = 0; i < 296; i++) word[i] = "ab"[i % 2];
    memcpy(word + 296, "ness", 4); /* abab...ness -> step 3 drops -ness */
    memcpy(want, word, 296);
    check(word, 300, 1, want, 296);
}

static void test_errors(void **state)
{
    char out[8];
    size_t n;
    (void)state;
    assert_int_equal(llmm_porter_stem("ab\xff", 3, 1, out, sizeof out, &n, NULL), LLMM_EUTF8);
    assert_int_equal(llmm_porter_stem(NULL, 3, 1, out, sizeof out, &n, NULL), LLMM_ENULL);
    assert_int_equal(llmm_porter_stem("abc", 3, 1, out, sizeof out, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_porter_stem("running", 7, 1, out, 2, &n, NULL), LLMM_EBUFFER);
    assert_int_equal(n, 3);
    assert_int_equal(llmm_porter_stem_bound(10), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_ascii_path),
        cmocka_unit_test(test_case_and_unicode),
        cmocka_unit_test(test_long_word),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
