/* test_wordnet.c - the WordNet index on a tiny fixture database (wordnet_fixture.h),
 * against values NLTK 3.8's WordNetCorpusReader gives for the same files
 * (scripts/gen_wordnet_fixture.py --nltk); blob save/load and its validation; malformed
 * databases; allocation failures. */
#include "test_util.h"
#include "wordnet_fixture.h"
#include "core/serial.h"

#include <stdio.h>
#include <stdlib.h>

static llmm_wordnet_files fixture(void)
{
    llmm_wordnet_files f;
    f.index[0] = test_str(fx_index_noun);
    f.index[1] = test_str(fx_index_verb);
    f.index[2] = test_str(fx_index_adj);
    f.index[3] = test_str(fx_index_adv);
    f.data[0] = test_str(fx_data_noun);
    f.data[1] = test_str(fx_data_verb);
    f.data[2] = test_str(fx_data_adj);
    f.data[3] = test_str(fx_data_adv);
    f.exc[0] = test_str(fx_exc_noun);
    f.exc[1] = test_str(fx_exc_verb);
    f.exc[2] = test_str(fx_exc_adj);
    f.exc[3] = test_str(fx_exc_adv);
    return f;
}

static llmm_wordnet *build(void)
{
    llmm_wordnet_files f = fixture();
    llmm_wordnet *wn = NULL;
    assert_int_equal(llmm_wordnet_build(&wn, &f, NULL, NULL), LLMM_OK);
    assert_non_null(wn);
    return wn;
}

/* "pos:offset pos:offset ..." of synsets(word). */
static void synsets_are(const llmm_wordnet *wn, const char *word, const char *want)
{
    llmm_wordnet_synset out[16];
    char got[256] = "";
    size_t n = 99, i, at = 0;
    assert_int_equal(llmm_wordnet_synsets(wn, word, strlen(word), out, 16, &n), LLMM_OK);
    for (i = 0; i < n; i++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%c:%u", i ? " " : "", out[i].pos,
                               out[i].offset);
    if (strcmp(got, want) != 0) fail_msg("synsets(%s) = \"%s\", expected \"%s\"", word, got, want);
}

/* Space-separated strings of a query. */
static void strs_are(const llmm_str *out, size_t n, const char *want, const char *what)
{
    char got[256] = "";
    size_t i, at = 0;
    for (i = 0; i < n; i++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s", i ? " " : "", (int)out[i].len,
                               out[i].ptr);
    if (strcmp(got, want) != 0) fail_msg("%s = \"%s\", expected \"%s\"", what, got, want);
}

static void synonyms_are(const llmm_wordnet *wn, const char *word, const char *want)
{
    llmm_str out[16];
    size_t n = 0;
    assert_int_equal(llmm_wordnet_synonyms(wn, word, strlen(word), out, 16, &n), LLMM_OK);
    strs_are(out, n, want, word);
}

static void morphy_is(const llmm_wordnet *wn, const char *form, int pos, const char *want)
{
    llmm_str out[16];
    size_t n = 0;
    assert_int_equal(llmm_wordnet_morphy(wn, form, strlen(form), pos, out, 16, &n), LLMM_OK);
    strs_are(out, n, want, form);
}

/* Values of NLTK 3.8 on the fixture (gen_wordnet_fixture.py --nltk). */
static void test_synsets(void **state)
{
    llmm_wordnet *wn = build();
    (void)state;
    synsets_are(wn, "dog", "n:102 n:188 v:102");
    synsets_are(wn, "Dogs", "n:102 n:188 v:102"); /* lowered, then morphy per pos */
    synsets_are(wn, "dogged", "");
    synsets_are(wn, "geese", "n:253");            /* noun.exc */
    synsets_are(wn, "aurar", "n:304");            /* the later of two exception lines */
    synsets_are(wn, "churches", "n:399");
    synsets_are(wn, "quick", "a:102 s:168");      /* satellites read through index.adj */
    synsets_are(wn, "quicker", "a:102 s:168");
    synsets_are(wn, "better", "a:244 a:244");     /* good and well share it: kept twice */
    synsets_are(wn, "ran", "v:170");
    synsets_are(wn, "running", "");               /* runn, runne: no verb "run" by rule */
    synsets_are(wn, "hopping", "v:223");
    synsets_are(wn, "happier", "a:313");
    synsets_are(wn, "happi", "");
    synsets_are(wn, "fast", "s:168 r:102");
    synsets_are(wn, "men", "");
    synsets_are(wn, "", "");
    synsets_are(wn, "xyz", "");
    llmm_wordnet_free(wn);
}

static void test_morphy_and_names(void **state)
{
    llmm_wordnet *wn = build();
    llmm_wordnet_synset ss[4];
    llmm_str names[8];
    size_t n = 0;
    (void)state;
    morphy_is(wn, "dogs", LLMM_WN_NOUN, "dog");
    morphy_is(wn, "dogs", LLMM_WN_VERB, "dog");
    morphy_is(wn, "aurar", LLMM_WN_NOUN, "eyrir");
    morphy_is(wn, "churches", LLMM_WN_NOUN, "church");
    morphy_is(wn, "hopping", LLMM_WN_VERB, "hop");
    morphy_is(wn, "better", LLMM_WN_ADJ, "good well");
    morphy_is(wn, "quickest", LLMM_WN_ADJ, "quick");
    morphy_is(wn, "happy", LLMM_WN_ADJ, "happy");
    morphy_is(wn, "Dogs", LLMM_WN_NOUN, ""); /* _morphy does not lower */
    /* NLTK gives "hop" for "hopesesesing"; a long run of suffixes stays linear here
     * (NLTK's candidate list grows as 3^k) */
    morphy_is(wn, "hopesesesing", LLMM_WN_VERB, "hop");
    morphy_is(wn, "hopesesesesesesesesesesesesesesesesesesesesesesesesesesesesesesing",
              LLMM_WN_VERB, "hop");
    synonyms_are(wn, "dog", "chase dog frump tag");
    synonyms_are(wn, "fast", "apace fast quick quickly");
    synonyms_are(wn, "happier", "felicitous glad happy");
    synonyms_are(wn, "xyz", "");
    /* lemma names keep case and underscores and lose "(a)" markers */
    assert_int_equal(llmm_wordnet_synsets(wn, "quick", 5, ss, 4, &n), LLMM_OK);
    assert_int_equal(llmm_wordnet_lemma_names(wn, ss[0].id, names, 8, &n), LLMM_OK);
    strs_are(names, n, "quick speedy", "quick.a.01");
    assert_int_equal(llmm_wordnet_synsets(wn, "dog", 3, ss, 4, &n), LLMM_OK);
    assert_int_equal(llmm_wordnet_lemma_names(wn, ss[0].id, names, 8, &n), LLMM_OK);
    strs_are(names, n, "dog domestic_dog Canis_familiaris", "dog.n.01");
    /* too little room: the count, the first entries, LLMM_EBUFFER */
    assert_int_equal(llmm_wordnet_lemma_names(wn, ss[0].id, names, 1, &n), LLMM_EBUFFER);
    assert_int_equal(n, 3);
    assert_int_equal(llmm_wordnet_synsets(wn, "dog", 3, ss, 2, &n), LLMM_EBUFFER);
    assert_int_equal(n, 3);
    assert_int_equal(llmm_wordnet_lemma_names(wn, 1000, names, 8, &n), LLMM_ERANGE);
    assert_int_equal(llmm_wordnet_morphy(wn, "dogs", 4, 4, names, 8, &n), LLMM_EINVAL);
    assert_int_equal(llmm_wordnet_synsets(wn, "\xff", 1, ss, 4, &n), LLMM_EUTF8);
    assert_int_equal(llmm_wordnet_synsets(NULL, "a", 1, ss, 4, &n), LLMM_ENULL);
    llmm_wordnet_free(wn);
}

static void test_info_and_names(void **state)
{
    llmm_wordnet *wn = build();
    llmm_wordnet_info info;
    (void)state;
    assert_int_equal(llmm_wordnet_get_info(wn, &info), LLMM_OK);
    assert_int_equal(info.n_synsets, 15);
    assert_int_equal(info.n_exceptions, 7); /* 8 lines, aurar twice */
    assert_int_equal(info.format_version, LLMM_WORDNET_FORMAT_VERSION);
    assert_int_equal(info.blob_size, llmm_wordnet_blob_size(wn));
    assert_string_equal(llmm_wordnet_file_name(LLMM_WN_FILE_EXC, LLMM_WN_ADJ), "adj.exc");
    assert_string_equal(llmm_wordnet_file_name(LLMM_WN_FILE_DATA, LLMM_WN_NOUN), "data.noun");
    assert_null(llmm_wordnet_file_name(3, 0));
    assert_null(llmm_wordnet_file_name(0, 4));
    assert_int_equal(llmm_wordnet_n_pos(), LLMM_WN_N_POS);
    llmm_wordnet_free(wn);
    llmm_wordnet_free(NULL);
}

/* ---- blobs ---------------------------------------------------------------------------- */

static unsigned char *save(const llmm_wordnet *wn, size_t *len)
{
    unsigned char *blob;
    *len = llmm_wordnet_blob_size(wn);
    blob = malloc(*len);
    assert_non_null(blob);
    assert_int_equal(llmm_wordnet_save(wn, blob, *len - 1, NULL), LLMM_EBUFFER);
    assert_int_equal(llmm_wordnet_save(wn, blob, *len, NULL), LLMM_OK);
    return blob;
}

static void test_blob_roundtrip(void **state)
{
    llmm_wordnet *wn = build(), *wn2 = NULL;
    llmm_wordnet_info a, b;
    size_t len;
    unsigned char *blob = save(wn, &len);
    (void)state;
    assert_int_equal(llmm_wordnet_load(&wn2, blob, len, NULL), LLMM_OK);
    free(blob); /* the index keeps its own copy */
    synsets_are(wn2, "better", "a:244 a:244");
    synonyms_are(wn2, "dog", "chase dog frump tag");
    llmm_wordnet_get_info(wn, &a);
    llmm_wordnet_get_info(wn2, &b);
    assert_memory_equal(&a, &b, sizeof a);
    llmm_wordnet_free(wn);
    llmm_wordnet_free(wn2);
}

/* Every truncation and every single-bit flip is rejected (the checksum), and so is
 * every payload field changed and re-sealed (the structural validation). */
static void test_blob_rejects(void **state)
{
    llmm_wordnet *wn = build(), *bad = NULL;
    size_t len, i, accepted = 0;
    unsigned char *blob = save(wn, &len), *copy = malloc(len);
    (void)state;
    assert_non_null(copy);
    for (i = 0; i < len; i++) assert_int_not_equal(llmm_wordnet_load(&bad, blob, i, NULL), LLMM_OK);
    for (i = 0; i < len; i++) {
        memcpy(copy, blob, len);
        copy[i] ^= (unsigned char)(1u << (i % 8));
        assert_int_not_equal(llmm_wordnet_load(&bad, copy, len, NULL), LLMM_OK);
        assert_null(bad);
    }
    /* re-sealed: header fields and the first bytes of every section changed */
    for (i = LLMMI_SER_HEADER; i < len; i++) {
        int rc;
        memcpy(copy, blob, len);
        copy[i] ^= 0x80;
        llmmi_ser_seal(copy, LLMMI_KIND_WORDNET, len - LLMMI_SER_HEADER);
        rc = llmm_wordnet_load(&bad, copy, len, NULL);
        if (rc == LLMM_OK) {
            /* accepted only where any value is valid (text, offsets, pos letters):
             * queries must stay in bounds */
            llmm_wordnet_synset ss[8];
            llmm_str s[8];
            size_t n;
            accepted++;
            llmm_wordnet_synsets(bad, "dogs", 4, ss, 8, &n);
            llmm_wordnet_synonyms(bad, "better", 6, s, 8, &n);
            llmm_wordnet_free(bad);
        }
    }
    assert_true(accepted < len / 2);
    /* header: version, kind, magic */
    memcpy(copy, blob, len);
    llmmi_put_u32(copy + LLMMI_SER_HEADER + 4, LLMM_WORDNET_FORMAT_VERSION + 1);
    llmmi_ser_seal(copy, LLMMI_KIND_WORDNET, len - LLMMI_SER_HEADER);
    assert_int_equal(llmm_wordnet_load(&bad, copy, len, NULL), LLMM_EVERSION);
    memcpy(copy, blob, len);
    llmmi_ser_seal(copy, LLMMI_KIND_BLEU, len - LLMMI_SER_HEADER);
    assert_int_equal(llmm_wordnet_load(&bad, copy, len, NULL), LLMM_EFORMAT);
    assert_int_equal(llmm_wordnet_load(&bad, NULL, len, NULL), LLMM_ENULL);
    assert_int_equal(llmm_wordnet_load(NULL, blob, len, NULL), LLMM_ENULL);
    free(copy);
    free(blob);
    llmm_wordnet_free(wn);
}

/* ---- malformed databases --------------------------------------------------------------- */

static void build_fails(llmm_wordnet_files *f, int want, int kind, int pos, size_t line)
{
    llmm_wordnet *wn = (llmm_wordnet *)f; /* must be reset to NULL */
    llmm_wordnet_error where;
    assert_int_equal(llmm_wordnet_build(&wn, f, NULL, &where), want);
    assert_null(wn);
    assert_int_equal(where.kind, kind);
    assert_int_equal(where.pos, pos);
    assert_int_equal(where.line, line);
}

static void test_malformed(void **state)
{
    llmm_wordnet_files f = fixture();
    (void)state;
    {
        /* an index line that announces an offset it lacks (line 2) */
        llmm_wordnet_files g = fixture();
        g.index[1] = test_str("  1 licence\nchase v 1 0 1 0\n");
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 2);
        g.index[1] = test_str("chase v 0 0 0 0\n");            /* n_synsets == 0 */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 1);
        g.index[1] = test_str("chase v 1 0 2 0 00000102\n");   /* n_senses != n_synsets */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 1);
        g.index[1] = test_str("chase n 1 0 1 0 00000102\n");   /* pos of another file */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 1);
        g.index[1] = test_str("\n");                           /* empty line */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 1);
        g.index[1] = test_str("chase v 1 0 1 0 00000103\n");   /* not a synset line */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_DATA, LLMM_WN_VERB, 2);
        g.index[1] = test_str("chase v 1 0 1 0 99999999\n");   /* past the end */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_DATA, LLMM_WN_VERB, 4);
        g.index[1] = test_str("chase v 1 0 1 0 1x\n");         /* not a number */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_INDEX, LLMM_WN_VERB, 1);
        g = fixture();
        g.exc[3] = test_str("\n");                              /* empty exception line */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_EXC, LLMM_WN_ADV, 1);
        g.exc[3] = test_str("ok fine\n\xc3\x28\n");             /* invalid UTF-8 */
        build_fails(&g, LLMM_EUTF8, LLMM_WN_FILE_EXC, LLMM_WN_ADV, 2);
        g = fixture();
        g.data[3] = test_str("00000000 02 r 01 fast 0 000 | a | b\n");  /* two '|' */
        g.index[3] = test_str("fast r 1 0 1 0 00000000\n");
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_DATA, LLMM_WN_ADV, 1);
        g.data[3] = test_str("00000000 02 r 0g fast 0 000 | a\n");      /* bad hex count */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_DATA, LLMM_WN_ADV, 1);
        g.data[3] = test_str("00000000 02 r 02 fast 0 000 | a\n");      /* missing lemma */
        build_fails(&g, LLMM_EFORMAT, LLMM_WN_FILE_DATA, LLMM_WN_ADV, 1);
        /* universal newlines and Python whitespace: "\r" ends a line, U+00A0 separates */
        g.data[3] = test_str("00000000 02 r 01 fast\xc2\xa0" "0 000 | a\rx");
        {
            llmm_wordnet *wn = NULL;
            assert_int_equal(llmm_wordnet_build(&wn, &g, NULL, NULL), LLMM_OK);
            synsets_are(wn, "fast", "s:168 r:0");
            llmm_wordnet_free(wn);
        }
    }
    {
        llmm_wordnet *wn = NULL;
        assert_int_equal(llmm_wordnet_build(&wn, NULL, NULL, NULL), LLMM_ENULL);
        assert_int_equal(llmm_wordnet_build(NULL, &f, NULL, NULL), LLMM_ENULL);
        f = fixture();
        f.data[0].ptr = NULL;
        assert_int_equal(llmm_wordnet_build(&wn, &f, NULL, NULL), LLMM_ENULL);
        /* an empty database is valid and knows no word */
        memset(&f, 0, sizeof f);
        assert_int_equal(llmm_wordnet_build(&wn, &f, NULL, NULL), LLMM_OK);
        synsets_are(wn, "dog", "");
        llmm_wordnet_free(wn);
    }
}

/* Every allocation of build, save/load and the queries failing in turn: a status, no
 * leak, and the sizes given to free() match (live bytes back to 0). */
static void test_alloc_failures(void **state)
{
    llmm_wordnet_files f = fixture();
    long k;
    int ok = 0;
    (void)state;
    for (k = 0; !ok; k++) {
        counting_alloc c = {0, 0, 0, k};
        llmm_allocator a = counting_allocator(&c);
        llmm_wordnet *wn = NULL;
        int rc = llmm_wordnet_build(&wn, &f, &a, NULL);
        if (rc == LLMM_OK) {
            llmm_wordnet_synset ss[8];
            size_t n;
            ok = 1;
            c.fail_after = c.allocs; /* the queries' scratch fails at once */
            assert_int_equal(llmm_wordnet_synsets(wn, "dogs", 4, ss, 8, &n), LLMM_ENOMEM);
            c.fail_after = -1;
            synsets_are(wn, "dogs", "n:102 n:188 v:102");
            llmm_wordnet_free(wn);
        } else {
            assert_int_equal(rc, LLMM_ENOMEM);
            assert_null(wn);
        }
        assert_int_equal(c.live_bytes, 0);
    }
    assert_true(k > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synsets),
        cmocka_unit_test(test_morphy_and_names),
        cmocka_unit_test(test_info_and_names),
        cmocka_unit_test(test_blob_roundtrip),
        cmocka_unit_test(test_blob_rejects),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
