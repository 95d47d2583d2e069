/* test_class.c - accuracy and precision / recall / F1 against scikit-learn 1.2.1
 * (precision_recall_fscore_support, accuracy_score), including its zero_division rules. */
#include "test_util.h"
#include <stdlib.h>

static llmm_class *matrix(uint32_t k, const int32_t *t, const int32_t *p, size_t n)
{
    llmm_class *cm = NULL;
    assert_int_equal(llmm_class_create(&cm, k, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update(cm, t, p, n, NULL), LLMM_OK);
    return cm;
}

static void prf(const llmm_class *cm, int avg, int64_t pos, double zd, int want_rc, double p,
                double r, double f)
{
    llmm_class_prf_options o;
    llmm_class_prf_result res;
    llmm_class_prf_options_default(&o);
    o.average = avg;
    o.pos_label = pos;
    o.zero_division = zd;
    assert_int_equal(llmm_class_prf(cm, &o, &res), want_rc);
    if (want_rc != LLMM_OK) return;
    if (isnan(p)) {
        assert_true(isnan(res.precision) && isnan(res.recall) && isnan(res.f1));
        return;
    }
    assert_close(res.precision, p, 1e-12);
    assert_close(res.recall, r, 1e-12);
    assert_close(res.f1, f, 1e-12);
}

static void test_multiclass(void **state)
{
    /* y_true [0,1,2,2,1,0,2,1], y_pred [0,2,2,2,1,1,0,1] */
    static const int32_t t[] = {0, 1, 2, 2, 1, 0, 2, 1}, p[] = {0, 2, 2, 2, 1, 1, 0, 1};
    llmm_class *cm = matrix(3, t, p, 8);
    double acc;
    uint64_t c, all[9];
    (void)state;
    assert_int_equal(llmm_class_accuracy(cm, &acc), LLMM_OK);
    assert_close(acc, 0.625, 1e-12);
    prf(cm, LLMM_AVG_MICRO, 1, 0, LLMM_OK, 0.625, 0.625, 0.625);
    prf(cm, LLMM_AVG_MACRO, 1, 0, LLMM_OK, 0.611111111111111, 0.611111111111111,
        0.611111111111111);
    prf(cm, LLMM_AVG_WEIGHTED, 1, 0, LLMM_OK, 0.625, 0.625, 0.625);
    /* "Target is multiclass but average='binary'" */
    prf(cm, LLMM_AVG_BINARY, 1, 0, LLMM_EDOMAIN, 0, 0, 0);
    assert_int_equal(llmm_class_count(cm, 2, 0, &c), LLMM_OK);
    assert_int_equal(c, 1);
    assert_int_equal(llmm_class_confusion(cm, all, 9), LLMM_OK);
    assert_true(all[0] == 1 && all[1] == 1 && all[4] == 2 && all[5] == 1 && all[8] == 2);
    assert_int_equal(llmm_class_confusion(cm, all, 8), LLMM_EBUFFER);
    llmm_class_free(cm);
}

static void test_binary_and_zero_division(void **state)
{
    static const int32_t t[] = {1, 0, 1, 1, 0, 0, 1}, p[] = {1, 1, 0, 1, 0, 0, 1};
    /* stats.jsonl "prf/no_true_positive_zd1": y_true [0,0,0], y_pred [0,1,0] */
    static const int32_t t2[] = {0, 0, 0}, p2[] = {0, 1, 0};
    static const int32_t t3[] = {1, 0, 1, 0}, p3[] = {0, 0, 0, 0};
    llmm_class *cm = matrix(2, t, p, 7);
    (void)state;
    prf(cm, LLMM_AVG_BINARY, 1, 0, LLMM_OK, 0.75, 0.75, 0.75);
    prf(cm, LLMM_AVG_BINARY, 0, 0, LLMM_OK, 0.6666666666666666, 0.6666666666666666,
        0.6666666666666666);
    llmm_class_free(cm);
    cm = matrix(2, t2, p2, 3);
    prf(cm, LLMM_AVG_BINARY, 1, 1.0, LLMM_OK, 0.0, 1.0, 0.0);
    prf(cm, LLMM_AVG_MACRO, 1, 1.0, LLMM_OK, 0.5, 0.8333333333333333, 0.4);
    prf(cm, LLMM_AVG_WEIGHTED, 1, 1.0, LLMM_OK, 1.0, 0.6666666666666666, 0.8000000000000002);
    prf(cm, LLMM_AVG_BINARY, 1, 0.0, LLMM_OK, 0.0, 0.0, 0.0);
    llmm_class_free(cm);
    /* "prf/no_predicted_positive" */
    cm = matrix(2, t3, p3, 4);
    prf(cm, LLMM_AVG_BINARY, 1, 0, LLMM_OK, 0.0, 0.0, 0.0);
    prf(cm, LLMM_AVG_MACRO, 1, 0, LLMM_OK, 0.25, 0.5, 0.3333333333333333);
    prf(cm, LLMM_AVG_MICRO, 1, 0, LLMM_OK, 0.5, 0.5, 0.5);
    llmm_class_free(cm);
}

static void test_empty_and_labels(void **state)
{
    static const int32_t t[] = {0, 2}, p[] = {2, 2};
    llmm_class *cm = NULL;
    double acc;
    size_t bad = 99;
    (void)state;
    /* "prf/empty": accuracy NaN, macro NaN, the others 0 */
    assert_int_equal(llmm_class_create(&cm, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_class_accuracy(cm, &acc), LLMM_OK);
    assert_true(isnan(acc));
    prf(cm, LLMM_AVG_BINARY, 1, 0, LLMM_OK, 0.0, 0.0, 0.0);
    prf(cm, LLMM_AVG_MICRO, 1, 0, LLMM_OK, 0.0, 0.0, 0.0);
    prf(cm, LLMM_AVG_MACRO, 1, 0, LLMM_OK, NAN, NAN, NAN);
    prf(cm, LLMM_AVG_WEIGHTED, 1, 0, LLMM_OK, 0.0, 0.0, 0.0);
    prf(cm, LLMM_AVG_WEIGHTED, 1, 1, LLMM_OK, 1.0, 1.0, 1.0);
    /* labels {0, 2} present, pos_label 1 absent: sklearn "pos_label=1 is not a valid label" */
    assert_int_equal(llmm_class_update(cm, t, p, 2, NULL), LLMM_OK);
    prf(cm, LLMM_AVG_BINARY, 1, 0, LLMM_EDOMAIN, 0, 0, 0);
    prf(cm, LLMM_AVG_BINARY, 2, 0, LLMM_OK, 0.5, 1.0, 0.6666666666666666);
    /* label 1 is not present, so macro averages over {0, 2} only */
    prf(cm, LLMM_AVG_MACRO, 1, 0, LLMM_OK, 0.25, 0.5, 0.3333333333333333);
    assert_int_equal(llmm_class_update(cm, t, (const int32_t[]){0, 3}, 2, &bad), LLMM_ERANGE);
    assert_int_equal(bad, 1);
    assert_int_equal(llmm_class_total(cm), 2);
    llmm_class_free(cm);
    assert_int_equal(llmm_class_create(&cm, 0, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_class_create(&cm, LLMM_CLASS_MAX_CLASSES + 1, NULL), LLMM_EINVAL);
    llmm_class_free(NULL);
}

static void test_merge_serialize(void **state)
{
    static const int32_t t[] = {0, 1, 2, 2, 1, 0, 2, 1}, p[] = {0, 2, 2, 2, 1, 1, 0, 1};
    llmm_class *a = matrix(3, t, p, 5), *b = matrix(3, t + 5, p + 5, 3), *whole = matrix(3, t, p, 8);
    llmm_class *c = NULL, *d = NULL;
    unsigned char buf[256];
    uint64_t x[9], y[9];
    size_t n;
    (void)state;
    assert_int_equal(llmm_class_serialize(b, buf, sizeof buf, &n), LLMM_OK);
    assert_int_equal(n, llmm_class_serialized_size(b));
    assert_int_equal(llmm_class_deserialize(&c, buf, n, NULL), LLMM_OK);
    assert_int_equal(llmm_class_merge(a, c), LLMM_OK);
    assert_int_equal(llmm_class_confusion(a, x, 9), LLMM_OK);
    assert_int_equal(llmm_class_confusion(whole, y, 9), LLMM_OK);
    assert_memory_equal(x, y, sizeof x);
    assert_int_equal(llmm_class_total(a), 8);
    buf[20] ^= 0x40;
    assert_int_equal(llmm_class_deserialize(&d, buf, n, NULL), LLMM_EFORMAT);
    assert_int_equal(llmm_class_deserialize(&d, buf, 10, NULL), LLMM_EFORMAT);
    assert_null(d);
    llmm_class_free(a);
    llmm_class_free(b);
    llmm_class_free(c);
    llmm_class_free(whole);
}

static void prf_sub(const llmm_class *cm, const uint32_t *labels, size_t n, int avg, double zd,
                    double p, double r, double f)
{
    llmm_class_prf_options o;
    llmm_class_prf_result res;
    llmm_class_prf_options_default(&o);
    o.average = avg;
    o.zero_division = zd;
    assert_int_equal(llmm_class_prf_labels(cm, &o, labels, n, &res), LLMM_OK);
    if (isnan(p)) {
        assert_true(isnan(res.precision) && isnan(res.recall) && isnan(res.f1));
        return;
    }
    assert_close(res.precision, p, 1e-12);
    assert_close(res.recall, r, 1e-12);
    assert_close(res.f1, f, 1e-12);
}

static void test_label_subset(void **state)
{
    /* sklearn 1.2.1 precision_recall_fscore_support(labels=...) on y_true
     * [0,1,2,2,1,0,2,1], y_pred [0,2,2,2,1,1,0,1]; index 3 has no pairs (a label that is
     * not in the data) */
    static const int32_t t[] = {0, 1, 2, 2, 1, 0, 2, 1}, p[] = {0, 2, 2, 2, 1, 1, 0, 1};
    static const double w[] = {0.5, 1.5, 2.0, 1.0, 0.25, 3.0, 1.0, 0.75};
    static const uint32_t sub[] = {2, 0, 3}, twice[] = {1, 1}, bad[] = {4};
    llmm_class *cm = matrix(4, t, p, 8), *cw = NULL;
    llmm_class_prf_options o;
    llmm_class_prf_result res;
    (void)state;
    prf_sub(cm, sub, 3, LLMM_AVG_MICRO, 0, 0.6, 0.6, 0.6);
    prf_sub(cm, sub, 3, LLMM_AVG_MACRO, 0, 0.38888888888888884, 0.38888888888888884,
            0.38888888888888884);
    prf_sub(cm, sub, 3, LLMM_AVG_MACRO, 1, 0.7222222222222222, 0.7222222222222222,
            0.7222222222222222);
    prf_sub(cm, sub, 3, LLMM_AVG_WEIGHTED, 1, 0.6, 0.6, 0.6);
    prf_sub(cm, twice, 2, LLMM_AVG_MICRO, 0, 0.6666666666666666, 0.6666666666666666,
            0.6666666666666666);
    prf_sub(cm, NULL, 0, LLMM_AVG_MICRO, 1, 1.0, 1.0, 1.0);
    prf_sub(cm, NULL, 0, LLMM_AVG_MACRO, 0, NAN, NAN, NAN);
    prf_sub(cm, NULL, 0, LLMM_AVG_WEIGHTED, 0, 0.0, 0.0, 0.0);
    llmm_class_prf_options_default(&o);
    o.average = LLMM_AVG_MICRO;
    assert_int_equal(llmm_class_prf_labels(cm, &o, sub, 3, &res), LLMM_OK);
    assert_int_equal(res.support, 5); /* true 2 three times, 0 twice, 3 never */
    assert_int_equal(llmm_class_prf_labels(cm, &o, bad, 1, &res), LLMM_ERANGE);
    assert_int_equal(llmm_class_prf_labels(cm, &o, NULL, 1, &res), LLMM_ENULL);
    assert_int_equal(llmm_class_prf_labels(NULL, &o, sub, 3, &res), LLMM_ENULL);
    o.average = LLMM_AVG_BINARY;
    assert_int_equal(llmm_class_prf_labels(cm, &o, sub, 3, &res), LLMM_EINVAL);
    o.average = 9;
    assert_int_equal(llmm_class_prf_labels(cm, &o, sub, 3, &res), LLMM_EINVAL);

    assert_int_equal(llmm_class_create(&cw, 4, NULL), LLMM_OK);
    assert_int_equal(llmm_class_update_weighted(cw, t, p, w, 8, NULL), LLMM_OK);
    prf_sub(cw, sub, 3, LLMM_AVG_MICRO, 0, 0.5833333333333334, 0.4666666666666667,
            0.5185185185185186);
    prf_sub(cw, sub, 3, LLMM_AVG_MACRO, 1, 0.6666666666666666, 0.6309523809523809,
            0.6352941176470589);
    prf_sub(cw, sub, 3, LLMM_AVG_WEIGHTED, 0, 0.5111111111111111, 0.4666666666666667,
            0.4698039215686275);
    prf_sub(cw, twice, 2, LLMM_AVG_WEIGHTED, 0, 0.25, 0.4, 0.3076923076923077);
    llmm_class_free(cw);
    llmm_class_free(cm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multiclass),
        cmocka_unit_test(test_binary_and_zero_division),
        cmocka_unit_test(test_empty_and_labels),
        cmocka_unit_test(test_merge_serialize),
        cmocka_unit_test(test_label_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
