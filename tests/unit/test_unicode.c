/* test_unicode.c - the Unicode tables against values read from CPython 3.11.2
 * (str.isspace, str.lower) and the regex module 2022.10.31 (\p{P}, \p{S}, \p{N}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/unicode.h"
#include "llmm_common.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void expect_lower(const uint32_t *src, size_t n, const uint32_t *want, size_t n_want) {
    uint32_t dst[64];
    size_t i, got;
    assert_true(n * LLMMI_LOWER_MAX_EXPANSION <= N_OF(dst));
    got = llmmi_uc_lower(src, n, dst);
    assert_int_equal(got, n_want);
    for (i = 0; i < n_want; i++) assert_int_equal(dst[i], want[i]);
}
#define EXPECT_LOWER(src, want) expect_lower(src, N_OF(src), want, N_OF(want))

static void test_versions(void **state) {
    (void)state;
    assert_string_equal(llmm_unicode_version(), "14.0.0");
    assert_string_equal(llmm_unicode_version_intl(), "15.0.0");
}

static void test_space(void **state) {
    /* every code point with chr(c).isspace() in CPython 3.11.2 */
    static const uint32_t space[] = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20,
                                     0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
                                     0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                                     0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
    static const uint32_t not_space[] = {0x00, 0x08, 0x0E, 0x1B, 0x21, 0x84, 0x86, 0x9F,
                                         0x180E, 0x200B, 0x200C, 0x2060, 0xFEFF, 0x10FFFF,
                                         0x110000, 0xFFFFFFFFu};
    size_t i;
    uint32_t cp, count = 0;
    (void)state;
    for (i = 0; i < N_OF(space); i++) assert_true(llmmi_uc_is_space(space[i]));
    for (i = 0; i < N_OF(not_space); i++) assert_false(llmmi_uc_is_space(not_space[i]));
    for (cp = 0; cp <= LLMMI_UC_MAX_CP; cp++) count += (uint32_t)llmmi_uc_is_space(cp);
    assert_int_equal(count, N_OF(space));
}

static void test_lower_simple(void **state) {
    static const uint32_t ascii[] = {'H', 'e', 'L', 'L', 'o', ' ', '@', '[', '`', '{', 'Z', '1'};
    static const uint32_t ascii_l[] = {'h', 'e', 'l', 'l', 'o', ' ', '@', '[', '`', '{', 'z', '1'};
    /* U+1E9E LATIN CAPITAL SHARP S -> U+00DF; U+00DF unchanged; U+212A KELVIN -> k;
     * U+2126 OHM -> omega; U+023A -> U+2C65 (grows to 3 UTF-8 bytes); U+10400 DESERET;
     * U+1E921 ADLAM; U+01C5 (title case Dz) -> U+01C6; U+0049 -> i (no Turkish rule). */
    static const uint32_t misc[] = {0x1E9E, 0xDF, 0x212A, 0x2126, 0x23A, 0x10400, 0x1E921,
                                    0x1C5, 0x49, 0xC0, 0x410, 0x3A9};
    static const uint32_t misc_l[] = {0xDF, 0xDF, 0x6B, 0x3C9, 0x2C65, 0x10428, 0x1E943,
                                      0x1C6, 0x69, 0xE0, 0x430, 0x3C9};
    static const uint32_t dotted_i[] = {'X', 0x130, 'Y'}; /* U+0130 -> U+0069 U+0307 */
    static const uint32_t dotted_i_l[] = {'x', 0x69, 0x307, 'y'};
    (void)state;
    EXPECT_LOWER(ascii, ascii_l);
    EXPECT_LOWER(misc, misc_l);
    EXPECT_LOWER(dotted_i, dotted_i_l);
    expect_lower(NULL, 0, NULL, 0);
}

static void test_lower_final_sigma(void **state) {
    /* 'ΟΔΟΣ'.lower() == 'οδος' */
    static const uint32_t odos[] = {0x39F, 0x394, 0x39F, 0x3A3};
    static const uint32_t odos_l[] = {0x3BF, 0x3B4, 0x3BF, 0x3C2};
    /* 'ΣΑ' -> 'σα': nothing cased before the sigma */
    static const uint32_t sa[] = {0x3A3, 0x391};
    static const uint32_t sa_l[] = {0x3C3, 0x3B1};
    /* 'Σ' alone -> 'σ' */
    static const uint32_t alone[] = {0x3A3};
    static const uint32_t alone_l[] = {0x3C3};
    /* 'ΑΣΑ' -> 'ασα': cased letter follows */
    static const uint32_t asa[] = {0x391, 0x3A3, 0x391};
    static const uint32_t asa_l[] = {0x3B1, 0x3C3, 0x3B1};
    /* 'Α\u0301Σ\u0301 x' -> final: case-ignorable marks are skipped both ways, then space */
    static const uint32_t marks[] = {0x391, 0x301, 0x3A3, 0x301, ' ', 'x'};
    static const uint32_t marks_l[] = {0x3B1, 0x301, 0x3C2, 0x301, ' ', 'x'};
    /* "Α'Σ'Α" -> not final: apostrophe is case-ignorable, cased Α follows */
    static const uint32_t quote[] = {0x391, '\'', 0x3A3, '\'', 0x391};
    static const uint32_t quote_l[] = {0x3B1, '\'', 0x3C3, '\'', 0x3B1};
    /* 'ΑΣ.' -> final: '.' is case-ignorable (MidNumLet), then end of string */
    static const uint32_t dot[] = {0x391, 0x3A3, '.'};
    static const uint32_t dot_l[] = {0x3B1, 0x3C2, '.'};
    /* ' \u0301Σ' -> 'σ': only case-ignorable characters, then a non-cased one */
    static const uint32_t no_cased[] = {' ', 0x301, 0x3A3};
    static const uint32_t no_cased_l[] = {' ', 0x301, 0x3C3};
    /* 'ΣΣ' -> 'σς'; 'ΑΣΣ' -> 'ασς' */
    static const uint32_t two[] = {0x3A3, 0x3A3};
    static const uint32_t two_l[] = {0x3C3, 0x3C2};
    static const uint32_t three[] = {0x391, 0x3A3, 0x3A3};
    static const uint32_t three_l[] = {0x3B1, 0x3C3, 0x3C2};
    /* '\u0345Σ' -> 'σ': U+0345 is cased AND case-ignorable, so it is skipped */
    static const uint32_t ypo[] = {0x345, 0x3A3};
    static const uint32_t ypo_l[] = {0x345, 0x3C3};
    /* 'aΣ1' -> final ('1' is neither); 'aΣ\u02b0' -> final (U+02B0 Lm is case-ignorable) */
    static const uint32_t digit[] = {'a', 0x3A3, '1'};
    static const uint32_t digit_l[] = {'a', 0x3C2, '1'};
    static const uint32_t lm[] = {'a', 0x3A3, 0x2B0};
    static const uint32_t lm_l[] = {'a', 0x3C2, 0x2B0};
    /* 'İΣ' -> 'i̇ς' (U+0130 is cased) */
    static const uint32_t idot[] = {0x130, 0x3A3};
    static const uint32_t idot_l[] = {0x69, 0x307, 0x3C2};
    (void)state;
    EXPECT_LOWER(odos, odos_l);
    EXPECT_LOWER(sa, sa_l);
    EXPECT_LOWER(alone, alone_l);
    EXPECT_LOWER(asa, asa_l);
    EXPECT_LOWER(marks, marks_l);
    EXPECT_LOWER(quote, quote_l);
    EXPECT_LOWER(dot, dot_l);
    EXPECT_LOWER(no_cased, no_cased_l);
    EXPECT_LOWER(two, two_l);
    EXPECT_LOWER(three, three_l);
    EXPECT_LOWER(ypo, ypo_l);
    EXPECT_LOWER(digit, digit_l);
    EXPECT_LOWER(lm, lm_l);
    EXPECT_LOWER(idot, idot_l);
}

static void test_case_props(void **state) {
    (void)state;
    assert_true(llmmi_uc_is_cased('a'));
    assert_true(llmmi_uc_is_cased(0x1C5));   /* Lt */
    assert_true(llmmi_uc_is_cased(0x2B0));   /* Lm with Other_Lowercase */
    assert_false(llmmi_uc_is_cased('1'));
    assert_true(llmmi_uc_is_case_ignorable('\''));
    assert_true(llmmi_uc_is_case_ignorable('.'));
    assert_true(llmmi_uc_is_case_ignorable(':'));
    assert_true(llmmi_uc_is_case_ignorable(0x301));  /* Mn */
    assert_true(llmmi_uc_is_case_ignorable(0xAD));   /* Cf */
    assert_true(llmmi_uc_is_case_ignorable(0x2019)); /* MidNumLet */
    assert_false(llmmi_uc_is_case_ignorable(','));
    assert_false(llmmi_uc_is_case_ignorable('a'));
}

static void test_categories(void **state) {
    static const uint32_t punct[] = {'!', '"', '#', '%', '&', '\'', '(', ')', '*', ',', '-', '.',
                                     '/', ':', ';', '?', '@', '[', '\\', ']', '_', '{', '}',
                                     0xA1, 0xA7, 0xAB, 0xB6, 0xB7, 0xBB, 0xBF, 0x2010, 0x2014,
                                     0x2018, 0x201C, 0x2026, 0x3001, 0x3002, 0xFF01, 0x55F};
    static const uint32_t symbol[] = {'$', '+', '<', '=', '>', '^', '`', '|', '~', 0xA2, 0xA9,
                                      0xAC, 0xAE, 0xB0, 0xB1, 0xD7, 0xF7, 0x20AC, 0x2190,
                                      0x2200, 0x1F600, 0x1FAE8 /* new in Unicode 15.0 */,
                                      0x1F6DC /* 15.0 */};
    static const uint32_t number[] = {'0', '5', '9', 0xB2, 0xB3, 0xB9, 0xBC, 0x660, 0x669,
                                      0x966, 0x2160, 0x2460, 0x3007, 0xFF10, 0x1D7CE,
                                      0x11F50 /* Kawi digit, new in 15.0 */};
    static const uint32_t none[] = {'a', 'Z', ' ', 0x00, 0x7F, 0x85, 0xA0, 0x200B, 0x4E00,
                                    0x301, 0xE000, 0xD800, 0x10FFFF, 0x110000};
    size_t i;
    (void)state;
    for (i = 0; i < N_OF(punct); i++) {
        assert_true(llmmi_uc_is_punct(punct[i]));
        assert_false(llmmi_uc_is_symbol(punct[i]) || llmmi_uc_is_number(punct[i]));
    }
    for (i = 0; i < N_OF(symbol); i++) {
        assert_true(llmmi_uc_is_symbol(symbol[i]));
        assert_false(llmmi_uc_is_punct(symbol[i]) || llmmi_uc_is_number(symbol[i]));
    }
    for (i = 0; i < N_OF(number); i++) {
        assert_true(llmmi_uc_is_number(number[i]));
        assert_false(llmmi_uc_is_punct(number[i]) || llmmi_uc_is_symbol(number[i]));
    }
    for (i = 0; i < N_OF(none); i++) {
        assert_false(llmmi_uc_is_punct(none[i]) || llmmi_uc_is_symbol(none[i]) ||
                     llmmi_uc_is_number(none[i]));
    }
}

/* Agreement of the inline fast path with the out-of-line functions, and of the
 * ASCII lower fast path with the table (checked for every code point). */
static void test_inline_matches(void **state) {
    uint32_t cp, buf[LLMMI_LOWER_MAX_EXPANSION];
    (void)state;
    for (cp = 0; cp <= LLMMI_UC_MAX_CP; cp++) {
        unsigned p = llmmi_uc_props(cp);
        assert_int_equal(!!(p & LLMMI_UC_SPACE), llmmi_uc_is_space(cp));
        assert_int_equal(!!(p & LLMMI_UC_PUNCT), llmmi_uc_is_punct(cp));
        if (!(p & LLMMI_UC_LOWER_SPECIAL)) {
            assert_int_equal(llmmi_uc_lower(&cp, 1, buf), 1);
            assert_int_equal(buf[0], llmmi_uc_lower_simple(cp));
        }
    }
    for (cp = 0; cp < 0x80; cp++) {
        assert_int_equal(llmmi_uc_ascii_props[cp], llmmi_uc_class_props[llmmi_uc_class(cp)]);
        assert_int_equal(llmmi_uc_lower_simple(cp),
                         (uint32_t)((int32_t)cp + llmmi_uc_class_lower_delta[llmmi_uc_class(cp)]));
    }
}

/* Every property and single-code-point lower case of all 0x110000 code points,
 * hashed as scripts/check_unicode.py's reference_hash() hashes the Python values;
 * the digest below is its output (`/usr/bin/python3 scripts/check_unicode.py --hash`). */
#define REFERENCE_TABLE_HASH 0xca3feac7244f57f8ULL

static uint64_t fnv1a(uint64_t h, unsigned byte) {
    return (h ^ byte) * 0x100000001b3ULL;
}

static void test_full_table_hash(void **state) {
    uint64_t h = 0xcbf29ce484222325ULL;
    uint32_t cp, low[LLMMI_LOWER_MAX_EXPANSION];
    size_t k, n;
    (void)state;
    for (cp = 0; cp <= LLMMI_UC_MAX_CP; cp++) {
        unsigned props = (unsigned)(llmmi_uc_is_space(cp) | llmmi_uc_is_punct(cp) << 1 |
                                    llmmi_uc_is_symbol(cp) << 2 | llmmi_uc_is_number(cp) << 3 |
                                    llmmi_uc_is_cased(cp) << 4 |
                                    llmmi_uc_is_case_ignorable(cp) << 5);
        n = llmmi_uc_lower(&cp, 1, low);
        h = fnv1a(fnv1a(h, props), (unsigned)n);
        for (k = 0; k < n; k++) {
            h = fnv1a(h, low[k] & 0xFF);
            h = fnv1a(h, low[k] >> 8 & 0xFF);
            h = fnv1a(h, low[k] >> 16);
        }
    }
    assert_true(h == REFERENCE_TABLE_HASH);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),       cmocka_unit_test(test_space),
        cmocka_unit_test(test_lower_simple),   cmocka_unit_test(test_lower_final_sigma),
        cmocka_unit_test(test_case_props),     cmocka_unit_test(test_categories),
        cmocka_unit_test(test_inline_matches), cmocka_unit_test(test_full_table_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
