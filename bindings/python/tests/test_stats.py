"""Tests of the agreement / correlation / ranking / semantic bindings: values from
scikit-learn 1.2.1, statsmodels 0.13.5, fast-krippendorff, scipy 1.10.1 and bert_score
0.3.12 (inline; several copied from ../shared/vectors/stats.jsonl and semantic.jsonl).
Run with `make python-test`."""

import math
import unittest

import llmmetrics as lm


def close(a, b, rel=1e-9):
    return abs(a - b) <= max(1e-12, rel * abs(b))


class Agreement(unittest.TestCase):
    def test_cohen(self):
        r1 = [1, 1, 2, 0, 2, 2, 2, 2, 0, 0, 0, 0, 2, 1, 1, 1, 2, 2, 2, 0]
        r2 = [1, 1, 2, 0, 2, 2, 2, 0, 0, 0, 1, 0, 2, 0, 0, 1, 2, 2, 2, 0]
        self.assertTrue(close(lm.cohen_kappa_score(r1, r2), 0.6923076923076923))
        self.assertTrue(close(lm.cohen_kappa_score(r1, r2, weights="linear"), 0.736842105263158))
        self.assertTrue(close(lm.cohen_kappa_score(r1, r2, weights="quadratic"),
                              0.7741935483870968))
        # string labels sort like sklearn's np.unique
        s1 = ["c" if v == 2 else "a" if v == 0 else "b" for v in r1]
        s2 = ["c" if v == 2 else "a" if v == 0 else "b" for v in r2]
        self.assertTrue(close(lm.cohen_kappa_score(s1, s2, weights="quadratic"),
                              0.7741935483870968))
        self.assertTrue(math.isnan(lm.cohen_kappa_score([], [])))
        self.assertTrue(math.isnan(lm.cohen_kappa_score([1, 1, 1], [1, 1, 1])))
        with self.assertRaises(ValueError):
            lm.cohen_kappa_score(r1, r2, labels=[7])
        with self.assertRaises(ValueError):
            lm.cohen_kappa_score(r1, r2[:-1])

    def test_fleiss(self):
        ratings = [[1, 1, 0], [0, 1, 0], [1, 1, 1], [0, 1, 1], [1, 1, 1], [2, 1, 2], [1, 1, 1],
                   [2, 2, 2], [1, 1, 0], [2, 2, 2]]
        table, cats = lm.aggregate_raters(ratings)
        self.assertEqual(cats, [0, 1, 2])
        self.assertEqual(table[5], [0, 1, 2])
        self.assertTrue(close(lm.fleiss_kappa(table), 0.425287356321839))
        self.assertTrue(close(lm.fleiss_kappa(table, method="randolph"), 0.49999999999999994))
        self.assertTrue(math.isnan(lm.fleiss_kappa([[3], [3]])))
        with self.assertRaises(ValueError):
            lm.fleiss_kappa([[1, 2], [1, 1]])  # unequal raters per subject

    def test_krippendorff(self):
        nan = float("nan")
        data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
                [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
                [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
                [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
        expect = {"nominal": 0.743421052631579, "ordinal": 0.8153875037548814,
                  "interval": 0.8491071428571428, "ratio": 0.7974027747116121}
        for level, value in expect.items():
            self.assertTrue(close(lm.krippendorff_alpha(data, level), value), level)
        with self.assertRaises(ValueError):
            lm.krippendorff_alpha([[2.0, 2.0], [2.0, 2.0]], "nominal")


class Correlation(unittest.TestCase):
    x = [0.609375, -0.703125, 0.6875, -1.546875, 0.828125]
    y = [0.984375, -0.140625, -0.296875, -0.578125, 1.96875]

    def test_values(self):
        r = lm.pearsonr(self.x, self.y)
        self.assertTrue(close(r.statistic, 0.6855742690885833))
        self.assertTrue(close(r.pvalue, 0.20136549378852947))
        r = lm.spearmanr(self.x, self.y)
        self.assertTrue(close(r.statistic, 0.7) and close(r.pvalue, 0.1881204043741873))
        r = lm.kendalltau(self.x, self.y)
        self.assertTrue(close(r.statistic, 0.6) and close(r.pvalue, 0.23333333333333334))
        r = lm.kendalltau([4.0, 4.0, 3.0, 2.0, 4.0], [1.0, -1.0, 1.0, -3.0, 2.0], variant="c")
        self.assertTrue(close(r.statistic, 0.48) and close(r.pvalue, 0.25406477171903397))
        statistic, pvalue = lm.pearsonr([1, 2, 3], [1, 3, 2], alternative="greater")
        self.assertTrue(close(statistic, 0.5))

    def test_edges(self):
        with self.assertRaises(ValueError):
            lm.pearsonr([1.0], [2.0])
        self.assertTrue(math.isnan(lm.spearmanr([1.0], [2.0]).statistic))
        self.assertTrue(math.isnan(lm.kendalltau([], []).pvalue))
        r = lm.pearsonr([2.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0])
        self.assertTrue(math.isnan(r.statistic) and math.isnan(r.pvalue))
        self.assertTrue(math.isnan(lm.spearmanr([1.0, 2.0], [3.0, 1.0]).pvalue))
        with self.assertRaises(ValueError):
            lm.kendalltau([1, 1, 2], [1, 2, 3], method="exact")
        with self.assertRaises(ValueError):
            lm.pearsonr([1.0, float("nan")], [1.0, 2.0])


class Ranking(unittest.TestCase):
    # stats.jsonl "stats/v/rank/tied_scores"
    scores = [[1.0, 1.0, -1.0, 2.0, -0.0, -1.0, 0.0, -1.0],
              [-2.0, 1.0, -1.0, -0.0, 0.0, 2.0, -0.0, 1.0],
              [0.0, 2.0, -1.0, 1.0, -0.0, -0.0, 1.0, -0.0],
              [0.0, -0.0, -0.0, 1.0, 0.0, -1.0, -1.0, 1.0],
              [0.0, 2.0, 1.0, -1.0, -1.0, 0.0, 0.0, -0.0],
              [0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 2.0, -1.0]]
    rel = [[1.0, 2.0, 0.0, 0.0, 2.0, 2.0, 2.0, 0.0],
           [2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 0.0, 1.0],
           [2.0, 2.0, 0.0, 0.0, 1.0, 1.0, 2.0, 1.0],
           [0.0, 2.0, 2.0, 1.0, 0.0, 1.0, 0.0, 2.0],
           [2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 1.0, 2.0],
           [1.0, 2.0, 1.0, 1.0, 1.0, 2.0, 0.0, 2.0]]

    def test_ndcg_and_means(self):
        m = lm.ranking_metrics([[0.9, 0.5, 0.1], [0.3, 0.2, 0.1]],
                               [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0]], k=(1, 2, 5), per_query=True)
        self.assertTrue(close(m["MRR"], 0.25) and close(m["MAP"], 0.25))
        self.assertTrue(close(m["mean_p@5"], 0.1) and close(m["mean_r@2"], 0.5))
        self.assertTrue(close(m["ndcg@2"], 0.31546487678572877))
        self.assertEqual(m["per_query"][1]["rr"], 0.5)
        self.assertTrue(close(lm.ndcg_score([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
                                            [[0.9, 0.5, 0.1], [0.3, 0.2, 0.1]], k=2),
                              0.31546487678572877))
        # ties averaged vs numpy's argsort order (ignore_ties)
        self.assertTrue(close(lm.ndcg_score(self.rel, self.scores, k=1), 0.375))
        self.assertTrue(close(lm.ndcg_score(self.rel, self.scores, k=1, ignore_ties=True),
                              0.4166666666666667))
        self.assertTrue(close(lm.ndcg_score(self.rel, self.scores), 0.8049441734448846))
        m = lm.ranking_metrics(self.scores, self.rel, k=(1, 3, 5))
        self.assertTrue(close(m["MAP"], 0.7802607709750567))
        self.assertTrue(close(m["ndcg_ignore_ties@5"], 0.6672058739732029))
        with self.assertRaises(ValueError):
            lm.ndcg_score([[1.0]], [[0.5]])


class Semantic(unittest.TestCase):
    def test_bertscore(self):
        r = lm.bertscore_greedy([[1.0, 2.0]], [[2.0, 1.0]])
        self.assertTrue(close(r.F, 0.7999999999999999))
        r = lm.bertscore_greedy([[1.0, 0.0]], [[-1.0, 0.0], [0.0, -1.0], [-1.0, -1.0]])
        self.assertEqual((r.P, r.F), (0.0, 0.0))
        self.assertTrue(close(r.R, -0.5690355937288492))
        eye = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]
        r = lm.bertscore_greedy(eye, eye, baseline=(0.5, 0.6, 0.55))
        self.assertEqual(tuple(r), (1.0, 1.0, 1.0))
        with self.assertRaises(ValueError):
            lm.bertscore_greedy([[0.0, 0.0]], [[1.0, 0.0]])

    def test_emd(self):
        self.assertTrue(close(lm.earth_movers_distance([[0.0, 0.0, 1.0]], [[3.0, 4.0, 1.0]]), 5.0))
        self.assertTrue(close(lm.earth_movers_distance([[0.0, 0.0, 1.0]], [[3.0, 4.0, 1.0]],
                                                       metric="cosine"), 0.803883864861816))
        self.assertTrue(close(lm.earth_movers_distance([[0.0], [1.0]], [[0.0], [2.0]], [3, 1]),
                              0.75))
        with self.assertRaises(ValueError):
            lm.earth_movers_distance([[1.0]], [[1.0]], [-1.0])


if __name__ == "__main__":
    unittest.main()
