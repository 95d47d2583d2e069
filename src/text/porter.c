/* porter.c - the Porter stemmer exactly as NLTK 3.8's PorterStemmer() runs it in its
 * default NLTK_EXTENSIONS mode (nltk/stem/porter.py). Line references are to that file.
 *
 * A word is an array of code points, edited in place: every rule replaces a suffix by
 * a replacement no longer than the suffix plus what an earlier step removed, so a stem
 * never outgrows its word.
 */
#include "porter.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include "llmm_common.h"
#include <string.h>

static int is_vowel(uint32_t c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* _is_consonant (porter.py:126-145): 'y' is a consonant at position 0 and otherwise
 * the opposite of its predecessor; a run of y's flips the answer once per y. */
static int cons(const uint32_t *w, size_t i)
{
    int flip = 0;
    while (w[i] == 'y' && i > 0) {
        flip ^= 1;
        i--;
    }
    return (is_vowel(w[i]) ? 0 : 1) ^ flip;
}

/* _measure (porter.py:147-196): number of "vc" pairs in the c/v pattern of w[0..n). */
static size_t measure(const uint32_t *w, size_t n)
{
    size_t i, m = 0;
    int prev = -1; /* consonant flag of w[i-1]; -1 before the start */
    for (i = 0; i < n; i++) {
        int c;
        if (is_vowel(w[i])) c = 0;
        else if (w[i] == 'y' && i > 0) c = !prev;
        else c = 1;
        if (c && prev == 0) m++;
        prev = c;
    }
    return m;
}

static int contains_vowel(const uint32_t *w, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!cons(w, i)) return 1;
    return 0;
}

/* condition *d (porter.py:208-217) */
static int ends_double(const uint32_t *w, size_t n)
{
    return n >= 2 && w[n - 1] == w[n - 2] && cons(w, n - 1);
}

/* condition *o (porter.py:219-238), with NLTK's extra two-letter "vc" case, which has
 * no w/x/y exception. */
static int ends_cvc(const uint32_t *w, size_t n)
{
    if (n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) && w[n - 1] != 'w' &&
        w[n - 1] != 'x' && w[n - 1] != 'y')
        return 1;
    return n == 2 && !cons(w, 0) && cons(w, 1);
}

static int ends_with(const uint32_t *w, size_t n, const char *suf, size_t k)
{
    size_t i;
    if (n < k) return 0;
    for (i = 0; i < k; i++)
        if (w[n - k + i] != (unsigned char)suf[i]) return 0;
    return 1;
}

/* Writes the ASCII replacement at w[at] and returns the new length. */
static size_t put(uint32_t *w, size_t at, const char *rep)
{
    while (*rep) w[at++] = (unsigned char)*rep++;
    return at;
}

typedef enum cond { M_GT0, M_GT1, ION_RULE, LOGI_RULE } cond;

typedef struct rule {
    const char *suffix;
    const char *replacement;
    unsigned char suffix_len;
    unsigned char cond;
} rule;

#define R(s, r, c) {s, r, sizeof(s) - 1, c}

static int cond_holds(const uint32_t *w, size_t n, size_t stem_len, unsigned c)
{
    switch (c) {
    case M_GT0: return measure(w, stem_len) > 0;
    case M_GT1: return measure(w, stem_len) > 1;
    /* (m>1 and (*S or *T)) ION (porter.py:588-592) */
    case ION_RULE:
        return measure(w, stem_len) > 1 && (w[stem_len - 1] == 's' || w[stem_len - 1] == 't');
    /* NLTK keeps the 'l' of -logi with the stem: the measure is of word[:-3]
     * (porter.py:503-508). */
    default: return measure(w, n - 3) > 0;
    }
}

/* _apply_rule_list (porter.py:248-274) for plain suffix rules: the first rule whose
 * suffix matches decides; if its condition fails the word is returned unchanged. */
static size_t apply_rules(uint32_t *w, size_t n, const rule *rules, size_t count)
{
    size_t k;
    for (k = 0; k < count; k++) {
        const rule *r = &rules[k];
        if (ends_with(w, n, r->suffix, r->suffix_len)) {
            size_t stem_len = n - r->suffix_len;
            if (!cond_holds(w, n, stem_len, r->cond)) return n;
            return put(w, stem_len, r->replacement);
        }
    }
    return n;
}

/* Step 1a (porter.py:276-301). */
static size_t step1a(uint32_t *w, size_t n)
{
    /* NLTK extension: 'dies' -> 'die' but 'flies' -> 'fli' (:287-291) */
    if (n == 4 && ends_with(w, n, "ies", 3)) return n - 1;
    if (ends_with(w, n, "sses", 4)) return n - 2;
    if (ends_with(w, n, "ies", 3)) return n - 2;
    if (ends_with(w, n, "ss", 2)) return n;
    if (ends_with(w, n, "s", 1)) return n - 1;
    return n;
}

/* Step 1b (porter.py:303-385). */
static size_t step1b(uint32_t *w, size_t n)
{
    size_t s;
    /* NLTK extension: 'died' -> 'die', 'spied' -> 'spi' (:336-343) */
    if (ends_with(w, n, "ied", 3)) return n == 4 ? n - 1 : n - 2;
    if (ends_with(w, n, "eed", 3)) return measure(w, n - 3) > 0 ? n - 1 : n;
    if (ends_with(w, n, "ed", 2) && contains_vowel(w, n - 2)) s = n - 2;
    else if (ends_with(w, n, "ing", 3) && contains_vowel(w, n - 3)) s = n - 3;
    else return n;
    /* the rule list of :365-385, applied to the intermediate stem w[0..s) */
    if (ends_with(w, s, "at", 2) || ends_with(w, s, "bl", 2) || ends_with(w, s, "iz", 2))
        return put(w, s, "e");
    if (ends_double(w, s)) {
        uint32_t last = w[s - 1];
        return (last == 'l' || last == 's' || last == 'z') ? s : s - 1;
    }
    /* _apply_rule_list also tests the pseudo-suffix "*d" literally with endswith
     * (porter.py:259-272): a stem ending in the two characters '*' 'd' loses the '*'. */
    if (ends_with(w, s, "*d", 2)) {
        w[s - 2] = 'd';
        return s - 1;
    }
    if (measure(w, s) == 1 && ends_cvc(w, s)) return put(w, s, "e");
    return s;
}

/* Step 1c (porter.py:387-433), NLTK condition: the y follows a consonant that is not
 * the first letter. */
static size_t step1c(uint32_t *w, size_t n)
{
    if (!ends_with(w, n, "y", 1)) return n;
    if (n - 1 > 1 && cons(w, n - 2)) w[n - 1] = 'i';
    return n;
}

static const rule step2_rules[] = {
    R("ational", "ate", M_GT0), R("tional", "tion", M_GT0), R("enci", "ence", M_GT0),
    R("anci", "ance", M_GT0),   R("izer", "ize", M_GT0),    R("bli", "ble", M_GT0),
    R("alli", "al", M_GT0),     R("entli", "ent", M_GT0),   R("eli", "e", M_GT0),
    R("ousli", "ous", M_GT0),   R("ization", "ize", M_GT0), R("ation", "ate", M_GT0),
    R("ator", "ate", M_GT0),    R("alism", "al", M_GT0),    R("iveness", "ive", M_GT0),
    R("fulness", "ful", M_GT0), R("ousness", "ous", M_GT0), R("aliti", "al", M_GT0),
    R("iviti", "ive", M_GT0),   R("biliti", "ble", M_GT0),  R("fulli", "ful", M_GT0),
    R("logi", "log", LOGI_RULE)};

/* Step 2 (porter.py:435-513): NLTK applies -alli -> -al first and, if it fires, runs
 * step 2 again on the result (:465-472); -bli -> -ble replaces -abli -> -able;
 * -fulli and -logi are NLTK additions. */
static size_t step2(uint32_t *w, size_t n)
{
    if (ends_with(w, n, "alli", 4) && measure(w, n - 4) > 0) n -= 2;
    return apply_rules(w, n, step2_rules, sizeof step2_rules / sizeof step2_rules[0]);
}

static const rule step3_rules[] = {
    R("icate", "ic", M_GT0), R("ative", "", M_GT0), R("alize", "al", M_GT0),
    R("iciti", "ic", M_GT0), R("ical", "ic", M_GT0), R("ful", "", M_GT0),
    R("ness", "", M_GT0)};

static const rule step4_rules[] = {
    R("al", "", M_GT1),   R("ance", "", M_GT1), R("ence", "", M_GT1), R("er", "", M_GT1),
    R("ic", "", M_GT1),   R("able", "", M_GT1), R("ible", "", M_GT1), R("ant", "", M_GT1),
    R("ement", "", M_GT1), R("ment", "", M_GT1), R("ent", "", M_GT1),
    R("ion", "", ION_RULE), R("ou", "", M_GT1), R("ism", "", M_GT1), R("ate", "", M_GT1),
    R("iti", "", M_GT1),  R("ous", "", M_GT1),  R("ive", "", M_GT1),  R("ize", "", M_GT1)};

/* Step 5a (porter.py:603-637): both rules are tried. */
static size_t step5a(const uint32_t *w, size_t n)
{
    size_t m;
    if (!ends_with(w, n, "e", 1)) return n;
    m = measure(w, n - 1);
    if (m > 1 || (m == 1 && !ends_cvc(w, n - 1))) return n - 1;
    return n;
}

/* Step 5b (porter.py:639-652): the measure is of word[:-1]. */
static size_t step5b(const uint32_t *w, size_t n)
{
    if (ends_with(w, n, "ll", 2) && measure(w, n - 1) > 1) return n - 1;
    return n;
}

/* The irregular forms of NLTK_EXTENSIONS (porter.py:100-122): word -> stem. */
static const char *const pool[][2] = {
    {"sky", "sky"},         {"skies", "sky"},       {"dying", "die"},
    {"lying", "lie"},       {"tying", "tie"},       {"news", "news"},
    {"innings", "inning"},  {"inning", "inning"},   {"outings", "outing"},
    {"outing", "outing"},   {"cannings", "canning"}, {"canning", "canning"},
    {"howe", "howe"},       {"proceed", "proceed"}, {"exceed", "exceed"},
    {"succeed", "succeed"}};

static const char *pool_lookup(const uint32_t *w, size_t n)
{
    size_t k, i;
    if (n < 3 || n > 8) return NULL;
    for (k = 0; k < sizeof pool / sizeof pool[0]; k++) {
        const char *key = pool[k][0];
        for (i = 0; i < n && key[i] && w[i] == (unsigned char)key[i]; i++) {}
        if (i == n && key[i] == '\0') return pool[k][1];
    }
    return NULL;
}

size_t llmmi_porter_stem_cp(const uint32_t *orig, size_t n_orig, uint32_t *w, size_t n)
{
    /* stem() (porter.py:654-678): the pool is looked up with the word as given but
     * indexed with the lowercased form; both agree whenever the lookup succeeds (pool
     * keys are lowercase). */
    const char *irregular = pool_lookup(orig, n_orig);
    if (irregular) return put(w, 0, irregular);
    /* words of at most two characters (before lowercasing) are returned as lowercased */
    if (n_orig <= 2) return n;
    n = step1a(w, n);
    n = step1b(w, n);
    n = step1c(w, n);
    n = step2(w, n);
    n = apply_rules(w, n, step3_rules, sizeof step3_rules / sizeof step3_rules[0]);
    n = apply_rules(w, n, step4_rules, sizeof step4_rules / sizeof step4_rules[0]);
    n = step5a(w, n);
    return step5b(w, n);
}

size_t llmmi_porter_stem_ascii(const char *in, size_t n, char *out, uint32_t *scratch)
{
    size_t i, m;
    for (i = 0; i < n; i++) scratch[i] = (unsigned char)in[i];
    m = llmmi_porter_stem_cp(scratch, n, scratch, n);
    for (i = 0; i < m; i++) out[i] = (char)scratch[i];
    return m;
}

int llmmi_porter_stem_utf8(const char *in, size_t len, int to_lowercase, char *out,
                           size_t *out_len, uint32_t *scratch)
{
    uint32_t *orig = scratch, *w = scratch;
    size_t n_orig, n, i, o = 0;
    int st = llmmi_utf8_decode(in, len, orig, &n_orig, NULL);
    if (st != LLMM_OK) return st;
    n = n_orig;
    if (to_lowercase) {
        /* Python str.lower() of the whole word (context-dependent final sigma included) */
        w = scratch + n_orig;
        n = llmmi_uc_lower(orig, n_orig, w);
    }
    n = llmmi_porter_stem_cp(orig, n_orig, w, n);
    for (i = 0; i < n; i++) o += llmmi_utf8_encode(w[i], out + o);
    *out_len = o;
    return LLMM_OK;
}
