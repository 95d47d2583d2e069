/* test_rank.c - ranking metrics: sklearn 1.2.1 ndcg_score values (ties averaged and
 * ignored), plain MRR / MAP / P@k / R@k / hit@k, the accumulator (merge, serialization),
 * bad input and allocator failures. */
#include "test_util.h"

static const double S[2][5] = {{0.9, 0.3, 0.3, 0.1, 0.5}, {0.2, 0.2, 0.2, 0.8, 0.1}};
static const double R[2][5] = {{1, 0, 2, 0, 1}, {0, 3, 0, 1, 0}};
static const uint32_t K[3] = {1, 2, 3};

static void test_query(void **state)
{
    llmm_rank_query_result q;
    llmm_rank_cutoff at[3];
    (void)state;
    assert_int_equal(llmm_rank_query(S[0], R[0], 5, K, 3, &q, at, NULL), LLMM_OK);
    assert_close(q.rr, 1.0, 1e-15);
    assert_close(q.ap, 0.9166666666666666, 1e-15);
    assert_close(q.ndcg, 0.8181615409042062, 1e-14);
    assert_true(at[0].k == 1 && at[2].k == 3);
    assert_close(at[2].precision, 2.0 / 3, 1e-15);
    assert_close(at[0].recall, 1.0 / 3, 1e-15);
    assert_close(at[1].recall, 2.0 / 3, 1e-15);
    assert_close(at[0].hit, 1.0, 0);
    assert_int_equal(llmm_rank_query(S[1], R[1], 5, K, 3, &q, at, NULL), LLMM_OK);
    assert_close(q.ap, 0.8333333333333334, 1e-15);
    assert_close(q.ndcg, 0.7054959708667461, 1e-14);
    assert_close(at[1].precision, 0.5, 0); /* ties keep input order: d3, d0, d1 */
    assert_close(at[2].recall, 1.0, 0);
    /* a single document: plain metrics defined, NDCG NaN */
    assert_int_equal(llmm_rank_query(S[0], R[0], 1, K, 3, &q, at, NULL), LLMM_OK);
    assert_close(q.rr, 1.0, 0);
    assert_close(at[2].precision, 1.0 / 3, 1e-15); /* divisor stays k */
    assert_true(isnan(q.ndcg) && isnan(at[0].ndcg));
}

static void test_means(void **state)
{
    /* sklearn ndcg_score(R, S, k=...) and ignore_ties=True */
    static const double ndcg[4] = {0.7618287558854762, 0.41666666666666663, 0.5345415642658462,
                                   0.6337443640979605};
    static const double ndcg_it[4] = {0.7644159546602836, 0.41666666666666663,
                                      0.44765889283012616, 0.7644159546602836};
    static const uint32_t kk[4] = {0, 1, 2, 3};
    llmm_rank *a, *b, *c;
    llmm_rank_query_result m;
    llmm_rank_cutoff at[3];
    unsigned char buf[8192];
    size_t written, i;
    double v;
    (void)state;
    assert_int_equal(llmm_rank_create(&a, K, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_rank_create(&b, K, 3, NULL), LLMM_OK);
    assert_int_equal(llmm_rank_add_query(b, S[1], R[1], 5), LLMM_OK);
    assert_int_equal(llmm_rank_add_queries(a, &S[0][0], &R[0][0], 1, 5), LLMM_OK);
    assert_int_equal(llmm_rank_merge(a, b), LLMM_OK);
    assert_int_equal(llmm_rank_n_queries(a), 2);
    for (i = 0; i < 4; i++) {
        assert_int_equal(llmm_rank_mean_ndcg(a, kk[i], 0, &v), LLMM_OK);
        assert_close(v, ndcg[i], 1e-14);
        assert_int_equal(llmm_rank_mean_ndcg(a, kk[i], 1, &v), LLMM_OK);
        assert_close(v, ndcg_it[i], 1e-14);
    }
    assert_int_equal(llmm_rank_mean_ndcg(a, 7, 0, &v), LLMM_ERANGE);
    assert_int_equal(llmm_rank_mean(a, &m, at), LLMM_OK);
    assert_close(m.rr, 1.0, 0);
    assert_close(m.ap, 0.875, 1e-15);
    assert_close(m.ndcg, ndcg[0], 1e-14);
    assert_close(at[1].precision, 0.75, 1e-15);
    assert_close(at[0].recall, 0.41666666666666663, 1e-15);
    assert_close(at[1].recall, 0.5833333333333333, 1e-15);
    assert_close(at[2].recall, 0.8333333333333333, 1e-15);
    assert_close(at[2].ndcg_ignore_ties, ndcg_it[3], 1e-14);
    /* serialization */
    assert_int_equal(llmm_rank_serialize(a, buf, sizeof buf, &written), LLMM_OK);
    assert_int_equal(written, llmm_rank_serialized_size(a));
    assert_int_equal(llmm_rank_deserialize(&c, buf, written, NULL), LLMM_OK);
    assert_int_equal(llmm_rank_mean_ndcg(c, 2, 1, &v), LLMM_OK);
    assert_close(v, ndcg_it[2], 1e-14);
    llmm_rank_free(c);
    assert_int_equal(llmm_rank_deserialize(&c, buf, written - 1, NULL), LLMM_EFORMAT);
    /* one-document query: sklearn raises for NDCG, the other means stay */
    assert_int_equal(llmm_rank_add_query(a, S[0], R[0], 1), LLMM_OK);
    assert_int_equal(llmm_rank_mean_ndcg(a, 0, 0, &v), LLMM_EDOMAIN);
    assert_int_equal(llmm_rank_mean(a, &m, at), LLMM_OK);
    assert_true(isnan(m.ndcg));
    assert_close(m.rr, 1.0, 0);
    /* cutoffs must match to merge */
    assert_int_equal(llmm_rank_create(&c, K, 2, NULL), LLMM_OK);
    assert_int_equal(llmm_rank_merge(c, a), LLMM_EINVAL);
    assert_int_equal(llmm_rank_mean(c, &m, at), LLMM_EEMPTY);
    llmm_rank_free(c);
    llmm_rank_reset(b);
    assert_int_equal(llmm_rank_mean_ndcg(b, 0, 0, &v), LLMM_EEMPTY);
    llmm_rank_free(a);
    llmm_rank_free(b);
    llmm_rank_free(NULL);
}

static void test_errors(void **state)
{
    static const double bad[2] = {1, NAN};
    static const uint32_t zero[1] = {0};
    llmm_rank_query_result q;
    llmm_rank_cutoff at[3];
    llmm_rank *r;
    (void)state;
    assert_int_equal(llmm_rank_query(bad, R[0], 2, K, 3, &q, at, NULL), LLMM_ENONFINITE);
    assert_int_equal(llmm_rank_query(S[0], R[0], 0, K, 3, &q, at, NULL), LLMM_EEMPTY);
    assert_int_equal(llmm_rank_query(S[0], R[0], 5, zero, 1, &q, at, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_rank_query(S[0], R[0], 5, K, 3, &q, NULL, NULL), LLMM_ENULL);
    assert_int_equal(llmm_rank_create(&r, K, LLMM_RANK_MAX_CUTOFFS + 1, NULL), LLMM_EINVAL);
    assert_int_equal(llmm_rank_create(&r, K, 3, NULL), LLMM_OK);
    /* all-or-nothing */
    {
        double s2[2][2] = {{1, 2}, {3, NAN}}, r2[2][2] = {{1, 0}, {0, 1}};
        assert_int_equal(llmm_rank_add_queries(r, &s2[0][0], &r2[0][0], 2, 2), LLMM_ENONFINITE);
        assert_int_equal(llmm_rank_n_queries(r), 0);
    }
    llmm_rank_free(r);
    assert_int_equal(llmm_rank_max_cutoffs(), LLMM_RANK_MAX_CUTOFFS);
    assert_int_equal(llmm_rank_cutoff_size(), sizeof(llmm_rank_cutoff));
}

static void test_alloc_failures(void **state)
{
    long fail;
    int all_ok = 0;
    (void)state;
    for (fail = 0; fail < 10; fail++) {
        counting_alloc ca = {0, 0, 0, fail};
        llmm_allocator al = counting_allocator(&ca);
        llmm_rank_query_result q;
        llmm_rank_cutoff at[3];
        llmm_rank *r = NULL;
        int rc1 = llmm_rank_query(S[0], R[0], 5, K, 3, &q, at, &al);
        int rc2 = llmm_rank_create(&r, K, 3, &al);
        if (rc2 == LLMM_OK) rc2 = llmm_rank_add_queries(r, &S[0][0], &R[0][0], 2, 5);
        assert_true(rc1 == LLMM_OK || rc1 == LLMM_ENOMEM);
        assert_true(rc2 == LLMM_OK || rc2 == LLMM_ENOMEM);
        llmm_rank_free(r);
        assert_int_equal(ca.live_bytes, 0);
        all_ok |= rc1 == LLMM_OK && rc2 == LLMM_OK;
    }
    assert_true(all_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_means),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
