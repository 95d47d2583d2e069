/* test_ngram.c - the n-gram counter (src/text/ngram*.c) against a direct count of
 * sacrebleu's clipped matches, on random segments over a small vocabulary (many
 * repeated n-grams) whose words share their length and first and last two code
 * points (a hash of those alone would collide), with 0 to 3 references, orders 1 to
 * 4, and one counter reused across segments of growing and shrinking lengths. */
#include "test_util.h"
#include "text/ngram.h"

#define MAXT 40
#define NREF 3

/* Words as code points: "abXYZcd"-style words differing only inside, short ones,
 * and long ones (more than 8 code points). */
static const char *const words[] = {"a", "b", "ab", "ba", "abc", "abxyzcd", "abyyzcd",
                                    "abxyycd", "abcdefghijkl", "abcdefXhijkl", "abcdefghijkL",
                                    "\xd0\xb6", "ab"};
#define NWORDS (sizeof words / sizeof words[0])

typedef struct seq {
    size_t n;
    int w[MAXT];
} seq;

/* 1 when a's k-gram at i and b's k-gram at j are the same words */
static int same_gram(const seq *a, size_t i, const seq *b, size_t j, size_t k)
{
    size_t m;
    for (m = 0; m < k; m++)
        if (strcmp(words[a->w[i + m]], words[b->w[j + m]]) != 0) return 0;
    return 1;
}

/* occurrences of a's k-gram at i in b */
static unsigned occurrences(const seq *a, size_t i, const seq *b, size_t k)
{
    size_t j;
    unsigned c = 0;
    for (j = 0; j + k <= b->n; j++) c += (unsigned)same_gram(a, i, b, j, k);
    return c;
}

/* sacrebleu bleu.py:363-392: sum over distinct hypothesis n-grams of
 * min(count in hyp, max count in a reference) */
static void direct(const seq *hyp, const seq *refs, int nref, int order, uint64_t *m)
{
    size_t k, i, j;
    int r;
    for (k = 1; k <= (size_t)order; k++) {
        for (i = 0; i + k <= hyp->n; i++) {
            unsigned h = occurrences(hyp, i, hyp, k), best = 0;
            for (j = 0; j < i && !same_gram(hyp, i, hyp, j, k); j++) {}
            if (j < i) continue; /* counted at its first place */
            for (r = 0; r < nref; r++) {
                unsigned c = occurrences(hyp, i, &refs[r], k);
                if (c > best) best = c;
            }
            m[k - 1] += h < best ? h : best;
        }
    }
}

/* Decodes a sequence's words into the arena (UTF-8 words: ASCII and two-byte only). */
static void lay_out(const seq *s, uint32_t *arena, size_t *fill, size_t *off, uint32_t *len)
{
    size_t t;
    for (t = 0; t < s->n; t++) {
        const unsigned char *p = (const unsigned char *)words[s->w[t]];
        off[t] = *fill;
        while (*p) {
            if (*p < 0x80) {
                arena[(*fill)++] = *p++;
            } else {
                arena[(*fill)++] = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
                p += 2;
            }
        }
        len[t] = (uint32_t)(*fill - off[t]);
    }
}

static void test_against_direct_count(void **state)
{
    static uint32_t arena[(NREF + 1) * MAXT * 16];
    size_t off[NREF + 1][MAXT];
    uint32_t len[NREF + 1][MAXT];
    llmmi_ngram_counter c;
    uint64_t x = 0x243F6A8885A308D3ull;
    int iter;
    (void)state;
    llmmi_ngram_init(&c, NULL);
    for (iter = 0; iter < 20000; iter++) {
        seq hyp, refs[NREF];
        uint64_t got[LLMMI_NGRAM_MAX] = {0}, want[LLMMI_NGRAM_MAX] = {0};
        size_t fill = 0, t;
        int order = 1 + (int)(rng_next(&x) % 4), nref = (int)(rng_next(&x) % (NREF + 1)), r;
        /* words drawn from a prefix of the vocabulary: small ones repeat a lot */
        size_t vocab = 1 + rng_next(&x) % NWORDS, maxlen = iter % 3 == 0 ? MAXT : 8;
        hyp.n = rng_next(&x) % (maxlen + 1);
        for (t = 0; t < hyp.n; t++) hyp.w[t] = (int)(rng_next(&x) % vocab);
        for (r = 0; r < nref; r++) {
            refs[r].n = rng_next(&x) % (maxlen + 1);
            for (t = 0; t < refs[r].n; t++) refs[r].w[t] = (int)(rng_next(&x) % vocab);
        }
        lay_out(&hyp, arena, &fill, off[0], len[0]);
        for (r = 0; r < nref; r++) lay_out(&refs[r], arena, &fill, off[r + 1], len[r + 1]);
        assert_int_equal(llmmi_ngram_hyp(&c, arena, off[0], len[0], hyp.n, order), LLMM_OK);
        for (r = 0; r < nref; r++)
            assert_int_equal(llmmi_ngram_ref(&c, arena, off[r + 1], len[r + 1], refs[r].n), LLMM_OK);
        llmmi_ngram_matches(&c, got);
        direct(&hyp, refs, nref, order, want);
        for (t = 0; t < LLMMI_NGRAM_MAX; t++)
            if (got[t] != want[t])
                fail_msg("iteration %d, order %zu: %llu matches, direct count %llu", iter, t + 1,
                         (unsigned long long)got[t], (unsigned long long)want[t]);
    }
    llmmi_ngram_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_direct_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
