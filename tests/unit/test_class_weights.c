/* test_class_weights.c - sample_weight in the confusion matrix against scikit-learn
 * 1.2.1 (values computed with sklearn.metrics and recorded here), plus exactness under
 * any merge order, mixing weighted and unweighted pairs, serialization and bad input. */
#include "test_util.h"
#include <stdlib.h>

/* t, p, w of:
 *   accuracy_score(t, p, sample_weight=w)                     0.6818181818181818
 *   confusion_matrix(t, p, sample_weight=w)                   cm_w below
 *   precision_recall_fscore_support(..., zero_division=0)     below */
static const int32_t t10[] = {0, 1, 2, 2, 1, 0, 2, 1, 0, 3};
static const int32_t p10[] = {0, 2, 2, 1, 1, 0, 2, 0, 3, 3};
static const double w10[] = {1.0, 0.5, 2.0, 1.5, 3.0, 0.25, 1.0, 2.5, 0.75, 4.0};
static const double cm_w[16] = {1.25, 0.0, 0.0, 0.75, 2.5, 3.0, 0.5, 0.0,
                                0.0,  1.5, 3.0, 0.0,  0.0, 0.0, 0.0, 4.0};

static llmm_class *weighted(void)
{
    llmm_class *cm = NULL;
    assert_int_equal(llmm_class_create(&cm, 4, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update_weighted(cm, t10, p10, w10, 10, NULL), LLMM_OK);
    return cm;
}

static void prf(const llmm_class *cm, int average, double zd, llmm_class_prf_result *r)
{
    llmm_class_prf_options o;
    llmm_class_prf_options_default(&o);
    o.average = average;
    o.zero_division = zd;
    assert_int_equal(llmm_class_prf(cm, &o, r), LLMM_OK);
}

static void test_sklearn_values(void **state)
{
    /* average=None */
    static const double per_p[] = {0.3333333333333333, 0.6666666666666666, 0.8571428571428571,
                                   0.8421052631578947};
    static const double per_r[] = {0.625, 0.5, 0.6666666666666666, 1.0};
    static const double per_f[] = {0.43478260869565216, 0.5714285714285715, 0.75,
                                   0.9142857142857143};
    static const double support[] = {2.0, 6.0, 4.5, 4.0};
    llmm_class *cm = weighted();
    llmm_class_prf_result r;
    double acc, m[16];
    uint32_t k;
    (void)state;
    assert_true(llmm_class_is_weighted(cm));
    assert_int_equal(llmm_class_accuracy(cm, &acc), LLMM_OK);
    assert_true(acc == 0.6818181818181818);
    assert_int_equal(llmm_class_confusion_weighted(cm, m, 16), LLMM_OK);
    assert_memory_equal(m, cm_w, sizeof cm_w);
    prf(cm, LLMM_AVG_MICRO, 0.0, &r);
    assert_true(r.precision == 0.6818181818181818 && r.recall == 0.6818181818181818 &&
                r.f1 == 0.6818181818181818);
    assert_true(r.weighted_support == 16.5 && r.support == 10);
    prf(cm, LLMM_AVG_MACRO, 0.0, &r);
    assert_close(r.precision, 0.674812030075188, 1e-15);
    assert_close(r.recall, 0.6979166666666666, 1e-15);
    assert_close(r.f1, 0.6676242236024845, 1e-15);
    prf(cm, LLMM_AVG_WEIGHTED, 0.0, &r);
    assert_close(r.precision, 0.7207412470570365, 1e-15);
    assert_close(r.recall, 0.6818181818181818, 1e-15);
    assert_close(r.f1, 0.6866836062488236, 1e-15);
    for (k = 0; k < 4; k++) {
        assert_int_equal(llmm_class_prf_label(cm, k, 0.0, &r), LLMM_OK);
        assert_close(r.precision, per_p[k], 1e-15);
        assert_close(r.recall, per_r[k], 1e-15);
        assert_close(r.f1, per_f[k], 1e-15);
        assert_true(r.weighted_support == support[k]);
    }
    llmm_class_free(cm);
}

/* precision_recall_fscore_support(tb, pb, average="binary", sample_weight=wb) =
 * (0.6363636363636364, 0.4666666666666667, 0.5384615384615385): the weight-0 pair
 * still makes its labels present. */
static void test_binary(void **state)
{
    static const int32_t tb[] = {0, 1, 1, 0, 1, 1}, pb[] = {0, 1, 0, 1, 1, 1};
    static const double wb[] = {0.5, 1.5, 2.0, 1.0, 0.25, 0.0};
    llmm_class *cm = NULL;
    llmm_class_prf_result r;
    (void)state;
    assert_int_equal(llmm_class_create(&cm, 2, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update_weighted(cm, tb, pb, wb, 6, NULL), LLMM_OK);
    prf(cm, LLMM_AVG_BINARY, 0.0, &r);
    assert_close(r.precision, 0.6363636363636364, 1e-15);
    assert_close(r.recall, 0.4666666666666667, 1e-15);
    assert_close(r.f1, 0.5384615384615385, 1e-15);
    llmm_class_free(cm);
    /* precision_recall_fscore_support([0, 1], [1, 1], average="weighted",
     * sample_weight=[0, 0], zero_division=1) = (1.0, 1.0, 1.0); accuracy_score raises
     * ZeroDivisionError */
    {
        static const int32_t t2[] = {0, 1}, p2[] = {1, 1};
        static const double w0[] = {0.0, 0.0};
        double acc;
        assert_int_equal(llmm_class_create(&cm, 2, NULL), LLMM_OK);
        assert_int_equal(llmm_class_update_weighted(cm, t2, p2, w0, 2, NULL), LLMM_OK);
        prf(cm, LLMM_AVG_WEIGHTED, 1.0, &r);
        assert_true(r.precision == 1.0 && r.recall == 1.0 && r.f1 == 1.0);
        assert_int_equal(llmm_class_accuracy(cm, &acc), LLMM_EDOMAIN);
        llmm_class_free(cm);
    }
}

/* Any split and merge order gives the same bytes; unweighted pairs count as weight 1;
 * weights that round when summed in order still give the exactly rounded sum. */
static void test_merge_and_mixing(void **state)
{
    static const int32_t z[] = {0, 0, 0};
    static const double odd[] = {1e16, 1.0, -1e16};
    llmm_class *a = weighted(), *parts[10], *b = NULL, *u = NULL, *x = NULL;
    unsigned char *s1 = malloc(4096), *s2 = malloc(4096);
    size_t w1, w2, i;
    double m[16], acc;
    (void)state;
    for (i = 0; i < 10; i++) {
        assert_int_equal(llmm_class_create(&parts[i], 4, NULL), LLMM_OK);
        assert_int_equal(llmm_class_update_weighted(parts[i], t10 + i, p10 + i, w10 + i, 1, NULL),
                         LLMM_OK);
    }
    assert_int_equal(llmm_class_create(&b, 4, NULL), LLMM_OK);
    for (i = 10; i-- > 0;) assert_int_equal(llmm_class_merge(b, parts[i]), LLMM_OK);
    assert_int_equal(llmm_class_serialize(a, s1, 4096, &w1), LLMM_OK);
    assert_int_equal(llmm_class_serialize(b, s2, 4096, &w2), LLMM_OK);
    assert_int_equal(w1, w2);
    assert_memory_equal(s1, s2, w1);
    /* round trip */
    assert_int_equal(llmm_class_deserialize(&x, s1, w1, NULL), LLMM_OK);
    assert_int_equal(llmm_class_confusion_weighted(x, m, 16), LLMM_OK);
    assert_memory_equal(m, cm_w, sizeof cm_w);
    assert_int_equal(llmm_class_deserialize(&u, s1, w1 - 1, NULL), LLMM_EFORMAT);
    llmm_class_free(x);
    /* unweighted then weighted: the first pairs weigh 1 */
    assert_int_equal(llmm_class_create(&u, 4, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update(u, t10, p10, 10, NULL), LLMM_OK);
    assert_int_equal(llmm_class_accuracy(u, &acc), LLMM_OK);
    assert_true(acc == 0.6);
    assert_int_equal(llmm_class_update_weighted(u, z, z, odd, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_class_confusion_weighted(u, m, 16), LLMM_OK);
    assert_true(m[0] == 3.0); /* 2 pairs of weight 1, then 1e16 + 1 - 1e16 = 1 exactly */
    assert_int_equal(llmm_class_accuracy(u, &acc), LLMM_OK);
    assert_true(acc == 7.0 / 11.0);
    llmm_class_free(u);
    for (i = 0; i < 10; i++) llmm_class_free(parts[i]);
    llmm_class_free(a);
    llmm_class_free(b);
    free(s1);
    free(s2);
}

static void test_bad_input(void **state)
{
    static const int32_t t[] = {0, 1, 1}, p[] = {1, 1, 5};
    static const double w[] = {1.0, NAN, 1.0};
    llmm_class *cm = NULL;
    size_t bad = 99;
    (void)state;
    assert_int_equal(llmm_class_create(&cm, 2, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update_weighted(cm, t, p, w, 3, &bad), LLMM_ENONFINITE);
    assert_int_equal(bad, 1);
    assert_int_equal(llmm_class_update_weighted(cm, t, p, NULL, 3, &bad), LLMM_ENULL);
    assert_int_equal(llmm_class_update_weighted(cm, t + 2, p + 2, w, 1, &bad), LLMM_ERANGE);
    assert_int_equal(llmm_class_update_weighted(cm, t, p, w, 0, &bad), LLMM_OK);
    assert_false(llmm_class_is_weighted(cm));
    assert_int_equal(llmm_class_total(cm), 0);
    llmm_class_free(cm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sklearn_values),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_merge_and_mixing),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
