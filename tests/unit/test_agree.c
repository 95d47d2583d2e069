/* test_agree.c - Cohen's kappa, Fleiss' kappa, Krippendorff's alpha: values computed
 * with scikit-learn 1.2.1, statsmodels 0.13.5 and fast-krippendorff (b1eb616), bad
 * input, allocator failures, merge order and serialization. */
#include "test_util.h"

static const int64_t R1[] = {0, 1, 2, 2, 1, 0, 2, 3};
static const int64_t R2[] = {0, 2, 2, 1, 1, 0, 2, 3};

static double cohen(const int64_t *a, const int64_t *b, size_t n, int w, const int64_t *labels,
                    size_t nl, int *rc)
{
    llmm_cohen_options o;
    double k = -99;
    llmm_cohen_options_default(&o);
    o.weights = w;
    o.labels = labels;
    o.n_labels = nl;
    *rc = llmm_cohen_kappa(a, b, n, &o, &k, NULL);
    return k;
}

static void test_cohen_values(void **state)
{
    static const double expect[3] = {0.6521739130434783, 0.7714285714285715, 0.873015873015873};
    static const double expect_lab[3] = {0.6521739130434783, 0.5428571428571429, 0.4920634920634921};
    static const int64_t lab[] = {3, 2, 0, 1}, lab2[] = {0, 2};
    static const int64_t a[] = {10, -5, 7, 7, 10, 3}, b[] = {10, 7, 7, -5, 3, 3};
    int w, rc;
    (void)state;
    for (w = 0; w < 3; w++) {
        assert_close(cohen(R1, R2, 8, w, NULL, 0, &rc), expect[w], 1e-13);
        assert_int_equal(rc, LLMM_OK);
        /* labels= reorders positions: weights follow the given order */
        assert_close(cohen(R1, R2, 8, w, lab, 4, &rc), expect_lab[w], 1e-13);
        /* a subset drops the other pairs */
        assert_close(cohen(R1, R2, 8, w, lab2, 2, &rc), 1.0, 1e-15);
    }
    /* arbitrary label values */
    assert_close(cohen(a, b, 6, LLMM_KAPPA_UNWEIGHTED, NULL, 0, &rc), 0.33333333333333337, 1e-13);
    assert_close(cohen(a, b, 6, LLMM_KAPPA_QUADRATIC, NULL, 0, &rc), 0.07692307692307687, 1e-12);
    /* NaN where sklearn divides 0 by 0 */
    assert_true(isnan(cohen(R1, R1, 0, 0, NULL, 0, &rc)));
    assert_int_equal(rc, LLMM_OK);
    {
        static const int64_t one[] = {4, 4, 4};
        assert_true(isnan(cohen(one, one, 3, LLMM_KAPPA_LINEAR, NULL, 0, &rc)));
    }
}

static void test_cohen_errors(void **state)
{
    static const int64_t dup[] = {1, 1}, none[] = {9};
    double k;
    llmm_cohen_options o;
    int rc;
    (void)state;
    cohen(R1, R2, 8, 3, NULL, 0, &rc);
    assert_int_equal(rc, LLMM_EINVAL);
    cohen(R1, R2, 8, 0, dup, 2, &rc);
    assert_int_equal(rc, LLMM_EINVAL);
    cohen(R1, R2, 8, 0, dup, 0, &rc);
    assert_int_equal(rc, LLMM_EINVAL);
    /* "At least one label specified must be in y_true" */
    cohen(R1, R2, 8, 0, none, 1, &rc);
    assert_int_equal(rc, LLMM_EDOMAIN);
    llmm_cohen_options_default(&o);
    assert_int_equal(llmm_cohen_kappa(NULL, R2, 8, &o, &k, NULL), LLMM_ENULL);
    assert_int_equal(llmm_cohen_kappa(R1, R2, 8, &o, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_cohen_options_size(), sizeof(llmm_cohen_options));
}

static void test_cohen_table(void **state)
{
    static const int32_t a[] = {0, 1, 2, 2, 1, 0, 2, 3}, b[] = {0, 2, 2, 1, 1, 0, 2, 3};
    static const int32_t bad[] = {0, 9};
    llmm_cohen *t1, *t2, *t3;
    unsigned char buf[4096];
    size_t written, bad_at = 0;
    double k1, k2;
    uint64_t table[64];
    int w;
    (void)state;
    assert_int_equal(llmm_cohen_create(&t1, 6, NULL), LLMM_OK); /* categories 4, 5 unused */
    assert_int_equal(llmm_cohen_create(&t2, 6, NULL), LLMM_OK);
    assert_int_equal(llmm_cohen_update(t1, a, b, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_cohen_update(t2, a + 3, b + 3, 5, NULL), LLMM_OK);
    assert_int_equal(llmm_cohen_update(t2, bad, bad, 2, &bad_at), LLMM_ERANGE);
    assert_int_equal(bad_at, 1);
    assert_int_equal(llmm_cohen_merge(t2, t1), LLMM_OK);
    assert_int_equal(llmm_cohen_total(t2), 8);
    for (w = 0; w < 3; w++) {
        llmm_cohen_options o;
        int rc;
        llmm_cohen_options_default(&o);
        o.weights = w;
        assert_int_equal(llmm_cohen_finalize(t2, &o, &k1), LLMM_OK);
        assert_true(k1 == cohen(R1, R2, 8, w, NULL, 0, &rc)); /* same arithmetic, same bits */
    }
    assert_int_equal(llmm_cohen_table(t2, table, 64), LLMM_OK);
    assert_int_equal(table[0 * 6 + 0], 2);
    assert_int_equal(table[1 * 6 + 2], 1);
    assert_int_equal(llmm_cohen_table(t2, table, 35), LLMM_EBUFFER);
    /* serialization round trip, then corruption */
    assert_int_equal(llmm_cohen_serialize(t2, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, llmm_cohen_serialized_size(t2));
    assert_int_equal(llmm_cohen_deserialize(&t3, buf, written, NULL), LLMM_OK);
    assert_int_equal(llmm_cohen_finalize(t3, NULL, &k2), LLMM_OK);
    assert_int_equal(llmm_cohen_finalize(t2, NULL, &k1), LLMM_OK);
    assert_true(k1 == k2);
    llmm_cohen_free(t3);
    assert_int_equal(llmm_cohen_deserialize(&t3, buf, written - 1, NULL), LLMM_EFORMAT);
    buf[40] ^= 1;
    assert_int_equal(llmm_cohen_deserialize(&t3, buf, written, NULL), LLMM_EFORMAT);
    assert_int_equal(llmm_cohen_create(&t3, 5, NULL), LLMM_OK);
    assert_int_equal(llmm_cohen_merge(t3, t2), LLMM_EINVAL);
    llmm_cohen_free(t3);
    assert_int_equal(llmm_cohen_create(&t3, 0, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_cohen_create(&t3, LLMM_COHEN_MAX_CATEGORIES + 1, NULL), LLMM_EINVAL);
    llmm_cohen_free(t1);
    llmm_cohen_free(t2);
    llmm_cohen_free(NULL);
}

static const int64_t FR[5][3] = {{1, 1, 2}, {2, 2, 2}, {1, 3, 3}, {3, 3, 3}, {1, 2, 3}};

static void test_fleiss(void **state)
{
    double k;
    int64_t cats[8];
    size_t n_cat;
    uint64_t table[15];
    llmm_fleiss *f, *g, *h;
    unsigned char buf[256];
    size_t written;
    static const int32_t idx[5][3] = {{0, 0, 1}, {1, 1, 1}, {0, 2, 2}, {2, 2, 2}, {0, 1, 2}};
    (void)state;
    assert_int_equal(llmm_fleiss_kappa_ratings(&FR[0][0], 5, 3, LLMM_FLEISS_FLEISS, &k, NULL), LLMM_OK);
    assert_close(k, 0.29054054054054046, 1e-13);
    assert_int_equal(llmm_fleiss_kappa_ratings(&FR[0][0], 5, 3, LLMM_FLEISS_RANDOLPH, &k, NULL), LLMM_OK);
    assert_close(k, 0.3, 1e-13);
    assert_int_equal(llmm_fleiss_categories(&FR[0][0], 15, cats, 8, &n_cat, NULL), LLMM_OK);
    assert_int_equal(n_cat, 3);
    assert_int_equal(cats[2], 3);
    assert_int_equal(llmm_fleiss_categories(&FR[0][0], 15, cats, 2, &n_cat, NULL), LLMM_EBUFFER);
    assert_int_equal(llmm_fleiss_aggregate(&FR[0][0], 5, 3, cats, 3, table), LLMM_OK);
    assert_int_equal(table[0], 2); /* subject 0: two raters said 1 */
    assert_int_equal(table[4 * 3 + 2], 1);
    /* the mergeable statistics: counts and raw indices, merged */
    assert_int_equal(llmm_fleiss_create(&f, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_fleiss_create(&g, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_fleiss_add_counts(f, table, 2), LLMM_OK);
    assert_int_equal(llmm_fleiss_add_ratings(g, &idx[2][0], 3, 3), LLMM_OK);
    assert_int_equal(llmm_fleiss_merge(f, g), LLMM_OK);
    assert_int_equal(llmm_fleiss_kappa(f, LLMM_FLEISS_FLEISS, &k), LLMM_OK);
    assert_close(k, 0.29054054054054046, 1e-13);
    assert_int_equal(llmm_fleiss_n_subjects(f), 5);
    assert_int_equal(llmm_fleiss_n_raters(f), 3);
    /* a subject with another number of raters: statsmodels asserts */
    {
        static const uint64_t four[3] = {2, 1, 1};
        static const int32_t r2[2] = {0, 1};
        assert_int_equal(llmm_fleiss_add_counts(f, four, 1), LLMM_ELENGTH);
        assert_int_equal(llmm_fleiss_add_ratings(f, r2, 1, 2), LLMM_ELENGTH);
    }
    assert_int_equal(llmm_fleiss_serialize(f, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(llmm_fleiss_deserialize(&h, buf, written, NULL), LLMM_OK);
    assert_int_equal(llmm_fleiss_kappa(h, LLMM_FLEISS_FLEISS, &k), LLMM_OK);
    assert_close(k, 0.29054054054054046, 1e-13);
    llmm_fleiss_free(h);
    buf[16 + 16] ^= 0x40; /* the n_raters field: the checksum no longer matches */
    assert_int_not_equal(llmm_fleiss_deserialize(&h, buf, written, NULL), LLMM_OK);
    /* bad input */
    llmm_fleiss_reset(g);
    assert_int_equal(llmm_fleiss_kappa(g, LLMM_FLEISS_FLEISS, &k), LLMM_EEMPTY);
    assert_int_equal(llmm_fleiss_kappa(f, 7, &k), LLMM_EINVAL);
    assert_int_equal(llmm_fleiss_kappa_ratings(&FR[0][0], 5, 1, LLMM_FLEISS_FLEISS, &k, NULL), LLMM_EDOMAIN);
    assert_int_equal(llmm_fleiss_kappa_ratings(&FR[0][0], 0, 3, LLMM_FLEISS_FLEISS, &k, NULL), LLMM_EEMPTY);
    {
        static const int32_t oob[3] = {0, 1, 3};
        assert_int_equal(llmm_fleiss_add_ratings(g, oob, 1, 3), LLMM_ERANGE);
        assert_int_equal(llmm_fleiss_n_subjects(g), 0);
    }
    /* one category: P_exp = 1 -> NaN */
    {
        static const int64_t same[4] = {5, 5, 5, 5};
        assert_int_equal(llmm_fleiss_kappa_ratings(same, 2, 2, LLMM_FLEISS_FLEISS, &k, NULL), LLMM_OK);
        assert_true(isnan(k));
    }
    llmm_fleiss_free(f);
    llmm_fleiss_free(g);
}

#define NA NAN
static const double KD[4][12] = {{1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA},
                                 {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3},
                                 {NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA},
                                 {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA}};

static void test_kripp(void **state)
{
    static const double expect[4] = {0.743421052631579, 0.8153875037548814, 0.8491071428571428,
                                     0.7974027747116121};
    static const double perm[5] = {1, 3, 2, 4, 5};
    llmm_kripp_options o;
    double a;
    int l;
    (void)state;
    llmm_kripp_options_default(&o);
    for (l = 0; l < 4; l++) {
        o.level = l;
        assert_int_equal(llmm_krippendorff_alpha(&KD[0][0], 4, 12, &o, &a, NULL), LLMM_OK);
        assert_close(a, expect[l], 1e-13);
    }
    /* the ordinal distance follows the order of an explicit domain */
    o.value_domain = perm;
    o.n_values = 5;
    o.level = LLMM_KRIPP_ORDINAL;
    assert_int_equal(llmm_krippendorff_alpha(&KD[0][0], 4, 12, &o, &a, NULL), LLMM_OK);
    assert_close(a, 0.753687293481526, 1e-13);
    o.level = LLMM_KRIPP_INTERVAL;
    assert_int_equal(llmm_krippendorff_alpha(&KD[0][0], 4, 12, &o, &a, NULL), LLMM_OK);
    assert_close(a, 0.8491071428571428, 1e-13);
    /* a rating outside the domain */
    o.n_values = 4;
    assert_int_equal(llmm_krippendorff_alpha(&KD[0][0], 4, 12, &o, &a, NULL), LLMM_EDOMAIN);
    o.value_domain = NULL;
    o.n_values = 0;
    {
        static const double same[2][3] = {{2, 2, 2}, {2, 2, 2}};
        static const double lonely[2][3] = {{1, NA, 3}, {NA, 2, NA}};
        static const double inf[2][2] = {{1, INFINITY}, {1, 2}};
        assert_int_equal(llmm_krippendorff_alpha(&same[0][0], 2, 3, &o, &a, NULL), LLMM_EDOMAIN);
        assert_int_equal(llmm_krippendorff_alpha(&lonely[0][0], 2, 3, &o, &a, NULL), LLMM_EEMPTY);
        assert_int_equal(llmm_krippendorff_alpha(&inf[0][0], 2, 2, &o, &a, NULL), LLMM_ENONFINITE);
    }
    o.level = 9;
    assert_int_equal(llmm_krippendorff_alpha(&KD[0][0], 4, 12, &o, &a, NULL), LLMM_EINVAL);
}

static void test_kripp_stats(void **state)
{
    static const double dom[5] = {1, 2, 3, 4, 5};
    static const double expect[4] = {0.743421052631579, 0.8153875037548814, 0.8491071428571428,
                                     0.7974027747116121};
    double part[4][12], a1, a2;
    llmm_kripp *k1, *k2, *k3;
    unsigned char buf[8192];
    size_t written, r, u;
    int l;
    (void)state;
    assert_int_equal(llmm_kripp_create(&k1, dom, 5, NULL), LLMM_OK);
    assert_int_equal(llmm_kripp_create(&k2, dom, 5, NULL), LLMM_OK);
    /* units 0..5 into k1, 6..11 into k2 (data stays raters x units) */
    for (r = 0; r < 4; r++)
        for (u = 0; u < 12; u++) part[r][u] = KD[r][u];
    {
        double left[4][6], right[4][6];
        for (r = 0; r < 4; r++)
            for (u = 0; u < 6; u++) {
                left[r][u] = part[r][u];
                right[r][u] = part[r][u + 6];
            }
        assert_int_equal(llmm_kripp_add_units(k2, &right[0][0], 4, 6), LLMM_OK);
        assert_int_equal(llmm_kripp_add_units(k1, &left[0][0], 4, 6), LLMM_OK);
    }
    assert_int_equal(llmm_kripp_merge(k2, k1), LLMM_OK);
    assert_int_equal(llmm_kripp_n_pairable_units(k2), 11);
    for (l = 0; l < 4; l++) {
        assert_int_equal(llmm_kripp_alpha(k2, l, &a1), LLMM_OK);
        assert_close(a1, expect[l], 1e-13);
    }
    assert_int_equal(llmm_kripp_serialize(k2, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, llmm_kripp_serialized_size(k2));
    assert_int_equal(llmm_kripp_deserialize(&k3, buf, written, NULL), LLMM_OK);
    assert_int_equal(llmm_kripp_alpha(k3, LLMM_KRIPP_ORDINAL, &a1), LLMM_OK);
    assert_int_equal(llmm_kripp_alpha(k2, LLMM_KRIPP_ORDINAL, &a2), LLMM_OK);
    assert_true(a1 == a2);
    llmm_kripp_free(k3);
    buf[written - 3] ^= 1;
    assert_int_equal(llmm_kripp_deserialize(&k3, buf, written, NULL), LLMM_EFORMAT);
    /* value counts: unit with counts (2, 0, 1, 0, 0) */
    {
        static const uint64_t counts[2][5] = {{2, 0, 1, 0, 0}, {0, 0, 0, 0, 1}};
        llmm_kripp_reset(k1);
        assert_int_equal(llmm_kripp_alpha(k1, 0, &a1), LLMM_EEMPTY);
        assert_int_equal(llmm_kripp_add_value_counts(k1, &counts[0][0], 2), LLMM_OK);
        assert_int_equal(llmm_kripp_n_pairable_units(k1), 1);
        assert_int_equal(llmm_kripp_alpha(k1, 0, &a1), LLMM_OK);
    }
    {
        static const double dup[3] = {1, 2, 1};
        static const double bad[2] = {1, NAN};
        assert_int_equal(llmm_kripp_create(&k3, dup, 3, NULL), LLMM_EDOMAIN);
        assert_int_equal(llmm_kripp_create(&k3, bad, 2, NULL), LLMM_ENONFINITE);
        assert_int_equal(llmm_kripp_create(&k3, dom, 1, NULL), LLMM_EDOMAIN);
        assert_int_equal(llmm_kripp_create(&k3, dom, 4, NULL), LLMM_OK);
        assert_int_equal(llmm_kripp_merge(k3, k2), LLMM_EINVAL);
        llmm_kripp_free(k3);
    }
    llmm_kripp_free(k1);
    llmm_kripp_free(k2);
}

/* Every allocation failure is reported as LLMM_ENOMEM and leaks nothing. */
static void test_alloc_failures(void **state)
{
    long fail;
    int all_ok = 0;
    (void)state;
    for (fail = 0; fail < 40; fail++) {
        counting_alloc ca = {0, 0, 0, fail};
        llmm_allocator al = counting_allocator(&ca);
        llmm_cohen_options o;
        llmm_kripp_options ko;
        double v;
        int rc1, rc2, rc3;
        static const int64_t lab[] = {3, 2, 0, 1};
        llmm_cohen_options_default(&o);
        o.labels = lab;
        o.n_labels = 4;
        rc1 = llmm_cohen_kappa(R1, R2, 8, &o, &v, &al);
        rc2 = llmm_fleiss_kappa_ratings(&FR[0][0], 5, 3, 0, &v, &al);
        llmm_kripp_options_default(&ko);
        rc3 = llmm_krippendorff_alpha(&KD[0][0], 4, 12, &ko, &v, &al);
        assert_true(rc1 == LLMM_OK || rc1 == LLMM_ENOMEM);
        assert_true(rc2 == LLMM_OK || rc2 == LLMM_ENOMEM);
        assert_true(rc3 == LLMM_OK || rc3 == LLMM_ENOMEM);
        assert_int_equal(ca.live_bytes, 0);
        all_ok |= rc1 == LLMM_OK && rc2 == LLMM_OK && rc3 == LLMM_OK;
    }
    assert_true(all_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohen_values),  cmocka_unit_test(test_cohen_errors),
        cmocka_unit_test(test_cohen_table),   cmocka_unit_test(test_fleiss),
        cmocka_unit_test(test_kripp),         cmocka_unit_test(test_kripp_stats),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
