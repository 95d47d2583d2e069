/* test_calib_weights.c - sample_weight in brier_score_loss / log_loss against
 * scikit-learn 1.2.1 (values computed with sklearn.metrics and recorded here), exactness
 * under merge, serialization of weighted statistics, and bad weights. */
#include "test_util.h"

static const int32_t yt[] = {0, 1, 1, 0, 1, 0, 1, 1};
static const double pp[] = {0.1, 0.9, 0.8, 0.3, 0.4, 0.6, 1.0, 0.0};
static const double w[] = {0.5, 2.0, 1.0, 3.0, 0.25, 1.5, 1.0, 0.75};

static llmm_calib_prob *make(size_t n_classes)
{
    llmm_calib_prob *p = NULL;
    assert_int_equal(llmm_calib_prob_create(&p, n_classes, NULL), LLMM_OK);
    return p;
}

static void test_binary(void **state)
{
    static const double wneg[] = {1, -1, 2, 1, 1, 1, 1, 1};
    llmm_calib_prob *p = make(1);
    llmm_calib_prob_result r;
    (void)state;
    assert_int_equal(llmm_calib_prob_update_weighted(p, pp, yt, w, 8), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(p, &r), LLMM_OK);
    /* brier_score_loss(yt, pp, sample_weight=w) */
    assert_close(r.brier, 0.17149999999999999, 1e-15);
    /* log_loss(yt, pp, sample_weight=w), and normalize=False */
    assert_close(r.log_loss, 3.019281849489261, 1e-15);
    assert_close(r.log_loss_sum, 30.19281849489261, 1e-15);
    assert_true(r.weight_sum == 10.0 && r.count == 8);
    llmm_calib_prob_free(p);
    /* brier_score_loss(yt, pp, sample_weight=[1, -1, 2, 1, 1, 1, 1, 1]) */
    p = make(1);
    assert_int_equal(llmm_calib_prob_update_weighted(p, pp, yt, wneg, 8), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(p, &r), LLMM_OK);
    assert_close(r.brier, 0.26999999999999996, 1e-15);
    llmm_calib_prob_free(p);
}

/* log_loss(ym, P, sample_weight=wm) = 0.9318425321220493 */
static void test_multiclass(void **state)
{
    static const double P[] = {0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6,
                               0.3, 0.4, 0.3, 0.5, 0.25, 0.25};
    static const int32_t ym[] = {0, 1, 2, 2, 1};
    static const double wm[] = {1.0, 0.5, 2.0, 1.5, 3.0};
    llmm_calib_prob *p = make(3);
    llmm_calib_prob_result r;
    (void)state;
    assert_int_equal(llmm_calib_prob_update_weighted(p, P, ym, wm, 5), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(p, &r), LLMM_OK);
    assert_close(r.log_loss, 0.9318425321220493, 1e-15);
    llmm_calib_prob_free(p);
}

/* One-by-one weighted updates merged in reverse give the batch's bytes; unweighted
 * statistics keep their format; unit weights give the unweighted values. */
static void test_merge_serialize(void **state)
{
    static const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1};
    llmm_calib_prob *a = make(1), *b = make(1), *c = make(1), *d = make(1), *x = NULL;
    llmm_calib_prob_result ra, rc;
    unsigned char s1[4096], s2[4096];
    size_t w1, w2;
    int i;
    (void)state;
    assert_int_equal(llmm_calib_prob_update_weighted(a, pp, yt, w, 8), LLMM_OK);
    for (i = 7; i >= 0; i--) {
        llmm_calib_prob *one = make(1);
        assert_int_equal(llmm_calib_prob_update_weighted(one, pp + i, yt + i, w + i, 1), LLMM_OK);
        assert_int_equal(llmm_calib_prob_merge(b, one), LLMM_OK);
        llmm_calib_prob_free(one);
    }
    assert_int_equal(llmm_calib_prob_serialize(a, s1, sizeof s1, &w1), LLMM_OK);
    assert_int_equal(llmm_calib_prob_serialize(b, s2, sizeof s2, &w2), LLMM_OK);
    assert_int_equal(w1, w2);
    assert_memory_equal(s1, s2, w1);
    assert_int_equal(llmm_calib_prob_deserialize(&x, s1, w1, NULL), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(x, &ra), LLMM_OK);
    assert_close(ra.brier, 0.17149999999999999, 1e-15);
    llmm_calib_prob_free(x);
    assert_int_equal(llmm_calib_prob_deserialize(&x, s1, w1 - 1, NULL), LLMM_EFORMAT);
    /* unit weights == no weights */
    assert_int_equal(llmm_calib_prob_update_weighted(c, pp, yt, ones, 8), LLMM_OK);
    assert_int_equal(llmm_calib_prob_update(d, pp, yt, 8), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(c, &ra), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(d, &rc), LLMM_OK);
    assert_true(ra.brier == rc.brier && ra.log_loss == rc.log_loss);
    assert_true(rc.weight_sum == 8.0);
    assert_int_equal(llmm_calib_prob_serialize(d, s2, sizeof s2, &w2), LLMM_OK);
    assert_int_equal(llmm_calib_prob_serialize(c, s1, sizeof s1, &w1), LLMM_OK);
    assert_true(w1 > w2); /* the weighted form carries the weight sum */
    llmm_calib_prob_free(a);
    llmm_calib_prob_free(b);
    llmm_calib_prob_free(c);
    llmm_calib_prob_free(d);
}

static void test_bad_weights(void **state)
{
    static const double wn[] = {1, 1, INFINITY, 1, 1, 1, 1, 1};
    static const double w0[] = {0, 0, 0, 0, 0, 0, 0, 0};
    llmm_calib_prob *p = make(1);
    llmm_calib_prob_result r;
    (void)state;
    assert_int_equal(llmm_calib_prob_update_weighted(p, pp, yt, wn, 8), LLMM_ENONFINITE);
    assert_int_equal(llmm_calib_prob_update_weighted(p, pp, yt, NULL, 8), LLMM_ENULL);
    assert_int_equal(llmm_calib_prob_result_get(p, &r), LLMM_EEMPTY);
    /* weights summing to 0: np.average raises ZeroDivisionError */
    assert_int_equal(llmm_calib_prob_update_weighted(p, pp, yt, w0, 8), LLMM_OK);
    assert_int_equal(llmm_calib_prob_result_get(p, &r), LLMM_EDOMAIN);
    assert_true(r.log_loss_sum == 0.0);
    llmm_calib_prob_free(p);
    /* a weight so large that a weighted term overflows: np.average gives inf (the log
     * loss term 36.04 * 1e308), the Brier term 1e308 stays finite */
    {
        static const double probs[] = {0.0, 0.5}, w[] = {1e308, 1.0};
        static const int32_t y[] = {1, 0};
        llmm_calib_prob *q = make(1);
        assert_int_equal(llmm_calib_prob_update_weighted(q, probs, y, w, 2), LLMM_OK);
        assert_int_equal(llmm_calib_prob_result_get(q, &r), LLMM_OK);
        assert_true(isinf(r.log_loss) && r.log_loss > 0);
        assert_true(isfinite(r.brier) && r.brier > 0.99 && r.brier <= 1.0);
        llmm_calib_prob_free(q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_multiclass),
        cmocka_unit_test(test_merge_serialize),
        cmocka_unit_test(test_bad_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
