/* test_rouge.c - ROUGE against rouge-score 0.1.2 outputs (cases copied from
 * ../shared/vectors/rouge.jsonl) and against a naive re-statement of rouge-score's
 * algorithms (full DP table, _backtrack_norec walk, Counter clipping) on random texts,
 * with the LCS row store forced to checkpoint. */
#include "test_util.h"
#include "rouge/rouge_internal.h"
#include <stdlib.h>

static llmm_rouge *make(unsigned types, int stem)
{
    llmm_rouge_options o;
    llmm_rouge *r = NULL;
    llmm_rouge_options_default(&o);
    if (types) o.types = types;
    o.use_stemmer = stem;
    assert_int_equal(llmm_rouge_create(&r, &o, NULL), LLMM_OK);
    return r;
}

static void expect(const llmm_rouge_result *res, int type, double p, double rc, double f)
{
    assert_true(res->types & LLMM_ROUGE_BIT(type));
    assert_close(res->score[type].precision, p, 1e-15);
    assert_close(res->score[type].recall, rc, 1e-15);
    assert_close(res->score[type].fmeasure, f, 1e-15);
}

/* rouge-vis-0002 (REALSumm bart_out, doc 0, use_stemmer=True) */
static void test_real_stemmed(void **state)
{
    const char *pred =
        "Two CNN Heroes are among the earthquake survivors in Kathmandu , Nepal .\nAnuradha "
        "Koirala , who rescues victims of sex trafficking , has a rehabilitation center that is "
        "home to 425 young women and girls .\nPushpa Basnet and the 45 children she cares for "
        "were also forced to evacuate their residence .\nSeveral CNN Heroes have been assisting "
        "in relief efforts in Nepal .";
    const char *ref =
        "Anuradha Koirala and 425 young women and girls have been sleeping outdoors because of "
        "aftershocks .\nPushpa Basnet and 45 children she cares for were forced to evacuate "
        "their residence .\nSeven other CNN Heroes and their organizations now assisting in "
        "relief efforts .";
    llmm_rouge *r = make(0, 1);
    llmm_rouge_result res;
    (void)state;
    assert_int_equal(llmm_rouge_score(r, test_str(pred), test_str(ref), &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0.5084745762711864, 0.7317073170731707, 0.6);
    expect(&res, LLMM_ROUGE_2, 0.3620689655172414, 0.525, 0.42857142857142855);
    expect(&res, LLMM_ROUGE_L, 0.4576271186440678, 0.6585365853658537, 0.54);
    expect(&res, LLMM_ROUGE_LSUM, 0.4915254237288136, 0.7073170731707317, 0.58);
    llmm_rouge_free(r);
}

/* rouge-vis-0019, 0020, 0026, 0011: Unicode lowercasing, clipping, lines, empty input */
static void test_adversarial(void **state)
{
    llmm_rouge *r = make(0, 0);
    llmm_rouge_result res;
    (void)state;
    assert_int_equal(llmm_rouge_score(r, test_str("\xc4\xb0stanbul'da I\xc5\x9eIK \xc4\xb1l\xc4\xb1k "
                                                  "\xc4\xb0i I\xc4\xb1"),
                                      test_str("istanbul'da \xc4\xb1\xc5\x9f\xc4\xb1k ILIK ii "
                                               "\xc4\xb1i"), &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0.3, 0.5, 0.37499999999999994);
    expect(&res, LLMM_ROUGE_2, 0, 0, 0);
    expect(&res, LLMM_ROUGE_LSUM, 0.3, 0.5, 0.37499999999999994);
    assert_int_equal(llmm_rouge_score(r, test_str("the the the the the the the"),
                                      test_str("the cat is on the mat"), &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0.2857142857142857, 0.3333333333333333, 0.30769230769230765);
    expect(&res, LLMM_ROUGE_LSUM, 0.2857142857142857, 0.3333333333333333, 0.30769230769230765);
    assert_int_equal(llmm_rouge_score(r, test_str("the cat sat .\n\nthe dog ran away .\n"),
                                      test_str("the dog ran .\nthe cat sat on the mat ."), &res),
                     LLMM_OK);
    expect(&res, LLMM_ROUGE_2, 0.6666666666666666, 0.5, 0.5714285714285715);
    expect(&res, LLMM_ROUGE_L, 0.5714285714285714, 0.4444444444444444, 0.5);
    expect(&res, LLMM_ROUGE_LSUM, 0.8571428571428571, 0.6666666666666666, 0.75);
    assert_int_equal(llmm_rouge_score(r, test_str(""), test_str("the cat sat on the mat"), &res),
                     LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0, 0, 0);
    expect(&res, LLMM_ROUGE_LSUM, 0, 0, 0);
    /* the Kelvin sign lowercases to "k"; other non-ASCII letters separate tokens */
    assert_int_equal(llmm_rouge_score(r, test_str("\xe2\x84\xaa" "elvin caf\xc3\xa9"),
                                      test_str("kelvin caf"), &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_2, 1, 1, 1);
    llmm_rouge_free(r);
}

/* score_multi: best F per type, first on ties (rouge-vis-0028 and a tie) */
static void test_multi(void **state)
{
    llmm_rouge *r = make(0, 0);
    llmm_rouge_result res;
    llmm_str t3[3], t2[2];
    (void)state;
    t3[0] = test_str("a b x y");
    t3[1] = test_str("x y c d");
    t3[2] = test_str("a b c d e f g h");
    assert_int_equal(llmm_rouge_score_multi(r, test_str("a b c d"), t3, 3, &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 1.0, 0.5, 0.6666666666666666);
    expect(&res, LLMM_ROUGE_2, 1.0, 0.42857142857142855, 0.6);
    assert_int_equal(res.best_target[LLMM_ROUGE_1], 2);
    t2[0] = test_str("a c");
    t2[1] = test_str("b d");
    assert_int_equal(llmm_rouge_score_multi(r, test_str("a b"), t2, 2, &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0.5, 0.5, 0.5);
    assert_int_equal(res.best_target[LLMM_ROUGE_1], 0);
    assert_int_equal(llmm_rouge_score_multi(r, test_str("a b"), t2, 0, &res), LLMM_EEMPTY);
    llmm_rouge_free(r);
}

static void test_types_and_errors(void **state)
{
    int t;
    llmm_rouge *r = NULL;
    llmm_rouge_options o;
    llmm_rouge_result res;
    (void)state;
    assert_int_equal(llmm_rouge_type_from_name("rouge7", 6, &t), LLMM_OK);
    assert_int_equal(t, LLMM_ROUGE_7);
    assert_int_equal(llmm_rouge_type_from_name("rougeLsum", 9, &t), LLMM_OK);
    assert_int_equal(t, LLMM_ROUGE_LSUM);
    assert_int_equal(llmm_rouge_type_from_name("rouge0", 6, &t), LLMM_EINVAL);
    assert_int_equal(llmm_rouge_type_from_name("rouge10", 7, &t), LLMM_EINVAL);
    assert_int_equal(llmm_rouge_type_from_name("rougeX", 6, &t), LLMM_EINVAL);
    assert_string_equal(llmm_rouge_type_name(LLMM_ROUGE_L), "rougeL");
    assert_null(llmm_rouge_type_name(11));
    assert_int_equal(llmm_rouge_type_count(), LLMM_ROUGE_TYPE_COUNT);

    llmm_rouge_options_default(&o);
    o.types = 0;
    assert_int_equal(llmm_rouge_create(&r, &o, NULL), LLMM_EINVAL);
    o.types = 1u << 11;
    assert_int_equal(llmm_rouge_create(&r, &o, NULL), LLMM_EINVAL);
    llmm_rouge_options_default(&o);
    o.split_summaries = 1;
    assert_int_equal(llmm_rouge_create(&r, &o, NULL), LLMM_EUNSUPPORTED);
    o.types = LLMM_ROUGE_BIT(LLMM_ROUGE_1); /* no effect without rougeLsum */
    assert_int_equal(llmm_rouge_create(&r, &o, NULL), LLMM_OK);
    assert_int_equal(llmm_rouge_score(r, test_str("a\xff"), test_str("a"), &res), LLMM_EUTF8);
    assert_int_equal(llmm_rouge_score(r, test_str("a"), test_str("\xe2\x84"), &res), LLMM_EUTF8);
    assert_int_equal(llmm_rouge_score(r, test_str("a"), test_str("\xed\xa0\x80"), &res),
                     LLMM_EUTF8);
    {
        llmm_str bad = {NULL, 3};
        assert_int_equal(llmm_rouge_score(r, bad, test_str("a"), &res), LLMM_ENULL);
    }
    assert_int_equal(llmm_rouge_score(r, test_str("a"), test_str("a"), NULL), LLMM_ENULL);
    /* the scorer still works after errors */
    assert_int_equal(llmm_rouge_score(r, test_str("a b"), test_str("a c"), &res), LLMM_OK);
    expect(&res, LLMM_ROUGE_1, 0.5, 0.5, 0.5);
    llmm_rouge_free(r);
    llmm_rouge_free(NULL);
}

/* ---- naive re-statement of rouge-score on texts of one-letter words ---------------- */
typedef struct ntext {
    int tok[4096];
    int n;
    int sent_end[4096];
    int n_sent;
} ntext;

static void ntok(const char *s, ntext *t)
{
    int start = 0;
    t->n = t->n_sent = 0;
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z') t->tok[t->n++] = *s - 'a';
        if (*s == '\n' && t->n > start) t->sent_end[t->n_sent++] = start = t->n;
    }
    if (t->n > start) t->sent_end[t->n_sent++] = t->n;
}

static int *lcs_table(const int *a, int na, const int *b, int nb)
{
    int *t = calloc((size_t)(na + 1) * (size_t)(nb + 1), sizeof(int)), i, j;
    for (i = 1; i <= na; i++)
        for (j = 1; j <= nb; j++) {
            int up = t[(i - 1) * (nb + 1) + j], left = t[i * (nb + 1) + j - 1];
            t[i * (nb + 1) + j] = a[i - 1] == b[j - 1] ? t[(i - 1) * (nb + 1) + j - 1] + 1
                                  : up > left         ? up
                                                      : left;
        }
    return t;
}

static int naive_lsum(const ntext *ref, const ntext *can)
{
    int cnt_r[26] = {0}, cnt_c[26] = {0}, hits = 0, s, c, k;
    unsigned char mark[4096];
    for (k = 0; k < ref->n; k++) cnt_r[ref->tok[k]]++;
    for (k = 0; k < can->n; k++) cnt_c[can->tok[k]]++;
    for (s = 0; s < ref->n_sent; s++) {
        int rb = s ? ref->sent_end[s - 1] : 0, m = ref->sent_end[s] - rb;
        const int *rs = ref->tok + rb;
        memset(mark, 0, sizeof mark);
        for (c = 0; c < can->n_sent; c++) {
            int cb = c ? can->sent_end[c - 1] : 0, n = can->sent_end[c] - cb;
            const int *cs = can->tok + cb;
            int *t = lcs_table(rs, m, cs, n), i = m, j = n;
            while (i > 0 && j > 0) {
                if (rs[i - 1] == cs[j - 1]) {
                    mark[i - 1] = 1;
                    i--;
                    j--;
                } else if (t[i * (n + 1) + j - 1] > t[(i - 1) * (n + 1) + j]) {
                    j--;
                } else {
                    i--;
                }
            }
            free(t);
        }
        for (k = 0; k < m; k++)
            if (mark[k] && cnt_c[rs[k]] > 0 && cnt_r[rs[k]] > 0) {
                hits++;
                cnt_c[rs[k]]--;
                cnt_r[rs[k]]--;
            }
    }
    return hits;
}

static int naive_ngram(const ntext *t, const ntext *p, int n)
{
    int ov = 0, i, j, k;
    unsigned char used[4096] = {0};
    /* Σ min(count_t, count_p): pair each target n-gram with an unused equal one */
    for (i = 0; i + n <= t->n; i++)
        for (j = 0; j + n <= p->n; j++) {
            if (used[j]) continue;
            for (k = 0; k < n && t->tok[i + k] == p->tok[j + k]; k++) {}
            if (k == n) {
                used[j] = 1;
                ov++;
                break;
            }
        }
    return ov;
}

static double fm(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

static void random_text(char *buf, int n_tok, int alphabet, double p_newline)
{
    int k, o = 0;
    for (k = 0; k < n_tok; k++) {
        buf[o++] = (char)('a' + rand() % alphabet);
        buf[o++] = (rand() / (double)RAND_MAX) < p_newline ? '\n' : ' ';
    }
    buf[o] = '\0';
}

static void compare_naive(llmm_rouge *r, const char *pred, const char *ref)
{
    static ntext P, T;
    llmm_rouge_result res;
    int n, *t;
    ntok(pred, &P);
    ntok(ref, &T);
    assert_int_equal(llmm_rouge_score(r, test_str(pred), test_str(ref), &res), LLMM_OK);
    for (n = 1; n <= 4; n++) {
        int gp = P.n >= n ? P.n - n + 1 : 0, gt = T.n >= n ? T.n - n + 1 : 0;
        double ov = naive_ngram(&T, &P, n);
        double pp = ov / (gp ? gp : 1), rr = ov / (gt ? gt : 1);
        assert_true(res.score[n - 1].precision == pp && res.score[n - 1].recall == rr &&
                    res.score[n - 1].fmeasure == fm(pp, rr));
    }
    if (P.n && T.n) {
        double h, pp, rr;
        t = lcs_table(T.tok, T.n, P.tok, P.n);
        h = t[(T.n + 1) * (P.n + 1) - 1];
        free(t);
        pp = h / P.n;
        rr = h / T.n;
        assert_true(res.score[LLMM_ROUGE_L].precision == pp && res.score[LLMM_ROUGE_L].recall == rr);
        h = naive_lsum(&T, &P);
        pp = h / P.n;
        rr = h / T.n;
        if (!(res.score[LLMM_ROUGE_LSUM].precision == pp &&
              res.score[LLMM_ROUGE_LSUM].recall == rr &&
              res.score[LLMM_ROUGE_LSUM].fmeasure == fm(pp, rr)))
            fail_msg("lsum %.17g/%.17g, naive %.17g/%.17g", res.score[LLMM_ROUGE_LSUM].precision,
                     res.score[LLMM_ROUGE_LSUM].recall, pp, rr);
    }
}

static void test_random_vs_naive(void **state)
{
    static char pred[9000], ref[9000];
    unsigned all = LLMM_ROUGE_BIT(0) | LLMM_ROUGE_BIT(1) | LLMM_ROUGE_BIT(2) | LLMM_ROUGE_BIT(3) |
                   LLMM_ROUGE_BIT(LLMM_ROUGE_L) | LLMM_ROUGE_BIT(LLMM_ROUGE_LSUM);
    llmm_rouge *r = make(all, 0), *tiny = make(all, 0);
    int it;
    (void)state;
    tiny->rows_budget = 3; /* every pair goes through checkpoints and segments */
    srand(12345);
    for (it = 0; it < 400; it++) {
        int np = rand() % (it < 300 ? 40 : 400), nt = rand() % (it < 300 ? 40 : 400);
        int alphabet = 2 + rand() % 6;
        double nl = it % 4 == 0 ? 0.0 : 0.02 + (rand() % 30) / 100.0;
        random_text(pred, np, alphabet, nl);
        random_text(ref, nt, alphabet, nl);
        compare_naive(r, pred, ref);
        compare_naive(tiny, pred, ref);
    }
    llmm_rouge_free(r);
    llmm_rouge_free(tiny);
}

/* a long single line each: multi-word rows, checkpointed walk; result equals the
 * unbounded store's */
static void test_long_lines(void **state)
{
    static char pred[40001], ref[40001];
    llmm_rouge *r = make(0, 0), *tiny = make(0, 0);
    llmm_rouge_result a, b;
    (void)state;
    tiny->rows_budget = 64;
    srand(7);
    random_text(pred, 20000, 6, 0);
    random_text(ref, 20000, 6, 0);
    assert_int_equal(llmm_rouge_score(r, test_str(pred), test_str(ref), &a), LLMM_OK);
    assert_int_equal(llmm_rouge_score(tiny, test_str(pred), test_str(ref), &b), LLMM_OK);
    assert_true(a.score[LLMM_ROUGE_LSUM].recall == b.score[LLMM_ROUGE_LSUM].recall);
    /* one sentence each: the union is that of one LCS, so Lsum hits = LCS length */
    assert_true(a.score[LLMM_ROUGE_LSUM].recall == a.score[LLMM_ROUGE_L].recall);
    llmm_rouge_free(r);
    llmm_rouge_free(tiny);
}

static void test_stats(void **state)
{
    llmm_rouge *r = make(0, 1);
    llmm_rouge_stats s1, s2, s3, all, back;
    llmm_rouge_result res[3], mean;
    const char *preds[3] = {"the cat sat", "a dog ran away", "nothing"};
    const char *refs[3] = {"the cat sat on the mat", "the dog ran", "something else"};
    unsigned char buf[LLMM_ROUGE_STATS_SERIALIZED_SIZE];
    size_t i, w;
    double sum;
    (void)state;
    llmm_rouge_stats_init(&all);
    for (i = 0; i < 3; i++) {
        llmm_str t = test_str(refs[i]);
        assert_int_equal(llmm_rouge_score(r, test_str(preds[i]), t, &res[i]), LLMM_OK);
        assert_int_equal(llmm_rouge_stats_add(&all, &res[i]), LLMM_OK);
    }
    assert_int_equal(llmm_rouge_extract(r, test_str(preds[0]), &(llmm_str){refs[0], strlen(refs[0])}, 1, &s1), LLMM_OK);
    llmm_rouge_stats_init(&s2);
    llmm_rouge_stats_init(&s3);
    assert_int_equal(llmm_rouge_stats_add(&s2, &res[1]), LLMM_OK);
    assert_int_equal(llmm_rouge_stats_add(&s3, &res[2]), LLMM_OK);
    /* (s3 + s2) + s1 == all, bit for bit */
    assert_int_equal(llmm_rouge_stats_merge(&s3, &s2), LLMM_OK);
    assert_int_equal(llmm_rouge_stats_merge(&s3, &s1), LLMM_OK);
    assert_memory_equal(s3.sum, all.sum, sizeof all.sum);
    assert_int_equal(s3.n, 3);
    assert_int_equal(llmm_rouge_finalize(&all, &mean), LLMM_OK);
    sum = res[0].score[LLMM_ROUGE_1].recall + res[1].score[LLMM_ROUGE_1].recall +
          res[2].score[LLMM_ROUGE_1].recall;
    assert_close(mean.score[LLMM_ROUGE_1].recall, sum / 3, 1e-15);
    /* serialization round trip and corruption */
    assert_int_equal(llmm_rouge_stats_serialized_size(), sizeof buf);
    assert_int_equal(llmm_rouge_stats_serialize(&all, buf, sizeof buf, &w), LLMM_OK);
    assert_int_equal(w, sizeof buf);
    assert_int_equal(llmm_rouge_stats_deserialize(&back, buf, w), LLMM_OK);
    assert_memory_equal(&back.sum, &all.sum, sizeof all.sum);
    assert_int_equal(llmm_rouge_stats_deserialize(&back, buf, w - 1), LLMM_EFORMAT);
    buf[40] ^= 1;
    assert_int_equal(llmm_rouge_stats_deserialize(&back, buf, w), LLMM_EFORMAT);
    assert_int_equal(llmm_rouge_stats_serialize(&all, buf, 10, &w), LLMM_EBUFFER);
    /* bad inputs */
    llmm_rouge_stats_init(&s1);
    assert_int_equal(llmm_rouge_finalize(&s1, &mean), LLMM_EEMPTY);
    res[0].score[LLMM_ROUGE_1].recall = 1.5;
    assert_int_equal(llmm_rouge_stats_add(&s1, &res[0]), LLMM_EDOMAIN);
    res[0].types = LLMM_ROUGE_BIT(LLMM_ROUGE_1);
    assert_int_equal(llmm_rouge_stats_add(&all, &res[0]), LLMM_EINVAL);
    llmm_rouge_free(r);
}

static void test_corpus(void **state)
{
    llmm_rouge *r = make(0, 0);
    const char hyp_data[] = "a b cb c d";
    const size_t hyp_off[] = {0, 3, 6, 10};
    const char ref_data[] = "a bb cc d";
    const size_t ref_off[] = {0, 3, 3, 9};
    const unsigned char present[] = {1, 0, 1};
    llmm_strs hyps = {hyp_data, hyp_off, NULL, 3}, refs = {ref_data, ref_off, present, 3};
    llmm_rouge_stats total;
    llmm_rouge_result per[3];
    size_t bad = 99;
    (void)state;
    /* example 1 has no reference */
    assert_int_equal(llmm_rouge_extract_corpus(r, &hyps, &refs, 1, &total, per, &bad),
                     LLMM_EEMPTY);
    assert_int_equal(bad, 1);
    refs.present = NULL;
    assert_int_equal(llmm_rouge_extract_corpus(r, &hyps, &refs, 1, &total, per, &bad), LLMM_OK);
    assert_int_equal(total.n, 3);
    expect(&per[0], LLMM_ROUGE_1, 1, 1, 1);       /* "a b" vs "a b" */
    expect(&per[1], LLMM_ROUGE_1, 0, 0, 0);       /* " cb" vs "" */
    expect(&per[2], LLMM_ROUGE_1, 0.5, 1.0 / 3, 0.4); /* " c d" vs "b cc d" */
    refs.count = 2;
    assert_int_equal(llmm_rouge_extract_corpus(r, &hyps, &refs, 1, &total, per, &bad),
                     LLMM_ELENGTH);
    llmm_rouge_free(r);
}

static void test_bootstrap(void **state)
{
    llmm_rouge_result ex[50];
    llmm_rouge_aggregate a1, a2;
    llmm_rouge_bootstrap_options o;
    int i;
    (void)state;
    memset(ex, 0, sizeof ex);
    for (i = 0; i < 50; i++) {
        ex[i].types = LLMM_ROUGE_BIT(LLMM_ROUGE_1);
        ex[i].score[0].precision = i / 49.0;
        ex[i].score[0].recall = 0.5;
        ex[i].score[0].fmeasure = (i % 2) ? 1.0 : 0.0;
    }
    llmm_rouge_bootstrap_options_default(&o);
    assert_int_equal(o.n_samples, 1000);
    o.seed = 42;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, &o, &a1, NULL), LLMM_OK);
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, &o, &a2, NULL), LLMM_OK);
    assert_memory_equal(&a1, &a2, sizeof a1); /* reproducible */
    assert_true(a1.low.score[0].precision < a1.mid.score[0].precision);
    assert_true(a1.mid.score[0].precision < a1.high.score[0].precision);
    assert_close(a1.mid.score[0].precision, 0.5, 0.05);
    /* the interval of a mean of 50 values uniform on [0, 1]: +-1.96 * 0.29 / sqrt(50) */
    assert_close(a1.high.score[0].precision - a1.low.score[0].precision, 0.16, 0.2);
    assert_true(a1.low.score[0].recall == 0.5 && a1.high.score[0].recall == 0.5);
    o.seed = 43;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, &o, &a2, NULL), LLMM_OK);
    assert_true(a1.low.score[0].precision != a2.low.score[0].precision);
    o.confidence_interval = 1.5;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, &o, &a2, NULL), LLMM_EINVAL);
    llmm_rouge_bootstrap_options_default(&o);
    o.n_samples = 0;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, &o, &a2, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_rouge_bootstrap(ex, 0, NULL, &a2, NULL), LLMM_EEMPTY);
    ex[3].score[0].recall = NAN;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, NULL, &a2, NULL), LLMM_ENONFINITE);
    ex[3].types = 3;
    assert_int_equal(llmm_rouge_bootstrap(ex, 50, NULL, &a2, NULL), LLMM_EINVAL);
}

/* every allocation failing in turn: an error status, no leak, a usable scorer */
static void test_alloc_failures(void **state)
{
    const char *pred = "The quick brown foxes jumped.\nOver lazy dogs running";
    const char *ref = "A quick brown fox jumps over the lazy dog.\nIt runs";
    long k, total = -1;
    (void)state;
    for (k = -1; k < total; k++) { /* k = -1: no failure, counts the allocations */
        counting_alloc ca = {0, 0, 0, k};
        llmm_allocator a = counting_allocator(&ca);
        llmm_rouge_options o;
        llmm_rouge *r = NULL;
        llmm_rouge_result res;
        int st;
        llmm_rouge_options_default(&o);
        o.use_stemmer = 1;
        st = llmm_rouge_create(&r, &o, &a);
        if (st == LLMM_OK) {
            st = llmm_rouge_score(r, test_str(pred), test_str(ref), &res);
            assert_true(st == LLMM_OK || st == LLMM_ENOMEM);
            if (k < 0) total = ca.allocs;
            ca.fail_after = -1;
            assert_int_equal(llmm_rouge_score(r, test_str(pred), test_str(ref), &res), LLMM_OK);
            /* rouge-score with use_stemmer: P 9/9, R 9/11 */
            assert_close(res.score[LLMM_ROUGE_1].fmeasure, 0.9, 1e-15);
            llmm_rouge_free(r);
        } else {
            assert_int_equal(st, LLMM_ENOMEM);
        }
        assert_int_equal(ca.live_bytes, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_stemmed),   cmocka_unit_test(test_adversarial),
        cmocka_unit_test(test_multi),          cmocka_unit_test(test_types_and_errors),
        cmocka_unit_test(test_random_vs_naive), cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_stats),          cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_bootstrap),      cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
