/* test_tokenizers.c - token lists of sacrebleu 2.6.0's tokenizers (expected values
 * printed by sacrebleu's Tokenizer13a / TokenizerV14International / TokenizerZh /
 * TokenizerChar followed by str.split()). */
#include "test_util.h"
#include "text/textws.h"
#include "core/utf8.h"
#include "core/unicode.h"
#include "text/tokenizers.h"

typedef struct tok_case {
    int tok;
    const char *text;
    size_t n;
    const char *tokens[20];
} tok_case;

static const tok_case cases[] = {
    /* ",5": the non-overlapping re.sub of ([^0-9])([\.,]) consumes "x." first */
    {LLMM_TOK_13A, "x.,5 a..b 1.5 2019. 3-4 a-b (x)", 17, {"x", ".", ",5", "a", ".", ".", "b", "1.5", "2019", ".", "3", "-", "4", "a-b", "(", "x", ")"}},
    {LLMM_TOK_13A, "&amp;quot; &lt;b&gt; <skipped>a-\nb\nc", 8, {"&", "quot", ";", "<", "b", ">", "ab", "c"}},
    {LLMM_TOK_13A, "it's 10,000.5$ {a}|b~", 9, {"it's", "10,000.5", "$", "{", "a", "}", "|", "b", "~"}},
    /* U+00A0, U+3000, U+0085, U+001C split; U+200B does not */
    {LLMM_TOK_13A, "a\xc2\xa0" "b\xe3\x80\x80" "c\xe2\x80\x8b" "d\xc2\x85" "e\x1c" "f", 5, {"a", "b", "c\xe2\x80\x8b" "d", "e", "f"}},
    {LLMM_TOK_INTL, "Hello, world! 2019. 1,000.50 3-4 \xc2\xbfQu\xc3\xa9?", 11, {"Hello", ",", "world", "!", "2019", ".", "1,000.50", "3-4", "\xc2\xbf", "Qu\xc3\xa9", "?"}},
    /* U+1FAE8 is \p{S} in Unicode 15.0 (regex 2022.10.31) */
    {LLMM_TOK_INTL, "\xe2\x82\xac" "5 a\xf0\x9f\xab\xa8" "b \xc2\xab\xc3\xa9t\xc3\xa9\xc2\xbb", 8, {"\xe2\x82\xac", "5", "a", "\xf0\x9f\xab\xa8", "b", "\xc2\xab", "\xc3\xa9t\xc3\xa9", "\xc2\xbb"}},
    /* zh range bug: U+20AC and U+2014 split like Han, U+20000 (Extension B) does not */
    {LLMM_TOK_ZH, "  \xe4\xbb\xb7\xe6\xa0\xbc\xe2\x82\xac" "100\xe2\x80\x94\xe5\xbe\x88\xe5\xa5\xbd\xe2\x80\xa6\xf0\xa0\x80\x80 test 2019.  ", 11,
     {"\xe4\xbb\xb7", "\xe6\xa0\xbc", "\xe2\x82\xac", "100", "\xe2\x80\x94", "\xe5\xbe\x88", "\xe5\xa5\xbd", "\xe2\x80\xa6", "\xf0\xa0\x80\x80", "test", "2019."}},
    {LLMM_TOK_ZH, "\xe2\x80\x99s \xe2\xbe\x81\xe2\xbe\xa2 \xef\xbc\x81x", 6, {"\xe2\x80\x99", "s", "\xe2\xbe\x81", "\xe2\xbe\xa2", "\xef\xbc\x81", "x"}},
    {LLMM_TOK_CHAR, "ab c\xc3\xa9", 4, {"a", "b", "c", "\xc3\xa9"}},
    {LLMM_TOK_NONE, " a\tb  c.d ", 3, {"a", "b", "c.d"}},
};

static void test_sacrebleu_tokens(void **state)
{
    llmmi_textws ws;
    size_t i, t, first, bad;
    (void)state;
    llmmi_textws_init(&ws, NULL);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tok_case *c = &cases[i];
        llmmi_textws_reset(&ws);
        assert_int_equal(llmmi_textws_tokenize(&ws, c->tok, 0, c->text, strlen(c->text), &first, &bad), LLMM_OK);
        assert_int_equal(first, 0);
        if (ws.ntok != c->n) fail_msg("case %zu: %zu tokens, expected %zu", i, ws.ntok, c->n);
        for (t = 0; t < ws.ntok; t++) {
            char buf[64];
            size_t k, o = 0;
            for (k = 0; k < ws.tok_len[t]; k++) o += llmmi_utf8_encode(ws.arena.p[ws.tok_off[t] + k], buf + o);
            buf[o] = '\0';
            if (strcmp(buf, c->tokens[t]) != 0) fail_msg("case %zu token %zu: '%s', expected '%s'", i, t, buf, c->tokens[t]);
        }
    }
    llmmi_textws_free(&ws);
}

static void test_lowercase_and_rstrip(void **state)
{
    llmmi_textws ws;
    size_t first, bad;
    /* 'İ'.lower() is "i̇" (two code points); final sigma; rstrip drops U+3000 */
    const char *s = "\xc4\xb0X \xce\x9f\xce\x94\xce\x9f\xce\xa3\xe3\x80\x80";
    static const uint32_t want[] = {0x69, 0x307, 'x', 0x3BF, 0x3B4, 0x3BF, 0x3C2};
    size_t k;
    (void)state;
    llmmi_textws_init(&ws, NULL);
    assert_int_equal(llmmi_textws_tokenize(&ws, LLMM_TOK_13A, 1, s, strlen(s), &first, &bad), LLMM_OK);
    assert_int_equal(ws.ntok, 2);
    assert_int_equal(ws.tok_len[0], 3);
    assert_int_equal(ws.tok_len[1], 4);
    for (k = 0; k < 7; k++) assert_int_equal(ws.arena.p[k], want[k]);
    llmmi_textws_reset(&ws);
    assert_int_equal(llmmi_textws_tokenize(&ws, LLMM_TOK_13A, 0, "ok\xff", 3, &first, &bad), LLMM_EUTF8);
    assert_int_equal(bad, 2);
    llmmi_textws_free(&ws);
}

/* The one-pass 13a tokenizer on UTF-8 (tok_13a_utf8.c) against decode + rstrip +
 * the code-point chain (tok_stream.c), on random strings rich in the characters the
 * rules act on. */
static void test_13a_utf8_matches_chain(void **state)
{
    static const char *const atoms[] = {"a", "b", "7", "0", ".", ",", "-", " ", "  ", "'",
                                        "(", "$", "\t", "\xc2\xa0", "\xd0\xb6", "\xe3\x80\x80",
                                        "\xe2\x80\x8b", "\x1c", "/", "\x7f", "\xf0\x9f\x98\x80"};
    static const char *const prepared[] = {"&", "<", "\n"}; /* rarely: they end the fast path */
    uint32_t cps[200], arena_a[200], arena_b[200];
    size_t off_a[210], off_b[210];
    uint32_t len_a[210], len_b[210];
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    char text[200];
    int iter;
    (void)state;
    for (iter = 0; iter < 200000; iter++) {
        size_t len = 0, n, bad = 0, na = 0, nb = 0, fill_a = 0, t;
        int k, atoms_n;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        atoms_n = (int)(rng % 24);
        for (k = 0; k < atoms_n; k++) {
            const char *a;
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            a = (rng >> 40) % 64 == 0 ? prepared[rng % 3] : atoms[rng % (sizeof atoms / sizeof atoms[0])];
            memcpy(text + len, a, strlen(a));
            len += strlen(a);
        }
        if (memchr(text, '&', len) || memchr(text, '<', len) || memchr(text, '\n', len)) {
            /* handed back for the 13a preprocessing, nothing written */
            assert_int_equal(llmmi_tok_13a_utf8(text, len, arena_a, &fill_a, off_a, len_a, &na, &bad),
                             LLMMI_TOK_13A_PREPARE);
            assert_int_equal(na, 0);
            assert_int_equal(fill_a, 0);
            continue;
        }
        assert_int_equal(llmmi_tok_13a_utf8(text, len, arena_a, &fill_a, off_a, len_a, &na, &bad),
                         LLMM_OK);
        assert_int_equal(llmmi_utf8_decode(text, len, cps, &n, &bad), LLMM_OK);
        while (n > 0 && llmmi_uc_is_space(cps[n - 1])) n--;
        llmmi_tok_stream(LLMMI_STREAM_13A, cps, n, arena_b, 0, off_b, len_b, &nb);
        if (na != nb) fail_msg("iteration %d: %zu tokens, chain gives %zu", iter, na, nb);
        for (t = 0; t < na; t++) {
            assert_int_equal(len_a[t], len_b[t]);
            assert_memory_equal(arena_a + off_a[t], arena_b + off_b[t], len_a[t] * sizeof(uint32_t));
        }
    }
    {   /* invalid UTF-8 inside an inert run and at the start: the offset of the bad byte */
        size_t bad = 0, na = 0, fill = 0;
        assert_int_equal(llmmi_tok_13a_utf8("ab c\xd0", 5, arena_a, &fill, off_a, len_a, &na, &bad),
                         LLMM_EUTF8);
        assert_int_equal(bad, 4);
        assert_int_equal(llmmi_tok_13a_utf8("\xed\xa0\x80x", 4, arena_a, &fill, off_a, len_a, &na, &bad),
                         LLMM_EUTF8);
        assert_int_equal(bad, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sacrebleu_tokens),
        cmocka_unit_test(test_lowercase_and_rstrip),
        cmocka_unit_test(test_13a_utf8_matches_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
