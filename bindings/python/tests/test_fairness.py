"""Tests of the fairness binding: fairlearn 0.15 values (inline cases of
../shared/vectors/fairness.jsonl) and the bias measures."""

import math
import unittest

import llmmetrics as L


def close(a, b):
    return abs(a - b) <= max(1e-12, 1e-9 * abs(b))


class TestGroupFairness(unittest.TestCase):
    # fairness.jsonl int_groups_3
    YT = [1, 1, 0, 0, 1, 0, 1, 0, 1]
    YP = [1, 0, 0, 1, 1, 0, 1, 1, 0]
    SF = [0, 0, 0, 1, 1, 1, 2, 2, 2]

    def test_int_groups(self):
        out = L.group_fairness(self.YT, self.YP, self.SF)
        want = {"demographic_parity_difference_between_groups": 0.3333333333333333,
                "demographic_parity_ratio_to_overall": 0.6,
                "equalized_odds_difference_between_groups_worst_case": 1.0,
                "equalized_odds_ratio_between_groups_mean": 0.25,
                "equalized_odds_difference_to_overall_mean": 0.45,
                "equal_opportunity_ratio_to_overall": 0.6,
                "disparate_impact_ratio": 0.5}
        for k, v in want.items():
            self.assertTrue(close(out[k], v), (k, out[k], v))
        self.assertIs(out["four_fifths_rule_pass"], False)
        self.assertEqual(out["metric_frame"]["by_group"][2]["count"], 3.0)
        self.assertTrue(close(out["metric_frame"]["overall"]["selection_rate"],
                              0.5555555555555556))
        kw = {"sensitive_features": self.SF}
        self.assertTrue(close(L.demographic_parity_ratio(self.YT, self.YP, **kw), 0.5))
        self.assertTrue(close(L.equalized_odds_difference(self.YT, self.YP, agg="mean", **kw),
                              0.75))
        self.assertTrue(close(L.equal_opportunity_difference(self.YT, self.YP,
                                                             method="to_overall", **kw), 0.4))
        self.assertTrue(close(L.equalized_odds_ratio(self.YT, self.YP, **kw), 0.0))

    def test_weights_strings_and_edges(self):
        # fairness.jsonl all_pred_zero: ratios NaN, four-fifths undefined
        out = L.group_fairness([1, 0, 1, 0], [0, 0, 0, 0], ["a", "a", "b", "b"])
        self.assertTrue(math.isnan(out["demographic_parity_ratio_between_groups"]))
        self.assertIsNone(out["four_fifths_rule_pass"])
        self.assertIsNone(L.four_fifths_rule([1, 0], [0, 0], sensitive_features=["a", "b"]))
        # weights: group b selection = 3 / 4, a = 0.5 / 2.5
        w = L.demographic_parity_difference([1, 0, 1, 0], [1, 0, 1, 0],
                                            sensitive_features=["a", "a", "b", "b"],
                                            sample_weight=[0.5, 2.0, 3.0, 1.0])
        self.assertTrue(close(w, 0.75 - 0.2))
        with self.assertRaises(ValueError):
            L.group_fairness([], [], [])
        with self.assertRaises(ValueError):
            L.group_fairness([2], [0], ["a"])
        with self.assertRaises(ValueError):
            L.demographic_parity_difference([1], [1], sensitive_features=["a"],
                                            method="pairwise")

    def test_numpy_integer_columns(self):
        """numpy integer columns take the in-place paths (int64 read by C, features used
        as ids or shifted by their minimum): the same answers as Python lists, which go
        through the sorted mapping."""
        try:
            import numpy as np
        except ImportError:
            self.skipTest("numpy not installed")
        rng = np.random.default_rng(9)
        n = 50_000
        y, yp = rng.integers(0, 2, n), rng.integers(0, 2, n)
        w = rng.random(n)
        g = rng.integers(0, 7, n)
        g[g == 3] = 5  # an absent value inside the range
        for sf in (g, g + 100_000, g - 3, g.astype(np.uint64) + 2**63, g.astype(np.int8),
                   g.astype(np.int32) * 9000):
            for sw in (None, w):
                got = L.group_fairness(y, yp, sf, sample_weight=sw)
                want = L.group_fairness(y.tolist(), yp.tolist(), sf.tolist(),
                                        sample_weight=None if sw is None else sw.tolist())
                self.assertEqual(got, want)
                self.assertEqual(sorted(got["metric_frame"]["by_group"]),
                                 sorted(set(sf.tolist())))
        st = L.GroupFairnessStats().update(y, yp, g)
        st32 = L.GroupFairnessStats().update(y.astype(np.int32), yp.astype(np.int32),
                                             g.astype(np.int32))
        self.assertEqual(st.to_bytes(), st32.to_bytes())
        bad = y.copy()
        bad[40_000] = 2
        with self.assertRaisesRegex(ValueError, "40000"):
            L.GroupFairnessStats().update(bad, yp, g)
        bad[40_000] = 1 << 32
        with self.assertRaisesRegex(ValueError, "40000"):
            L.GroupFairnessStats().update(bad, yp, g)

    def test_stats_merge(self):
        a = L.GroupFairnessStats().update(self.YT[:4], self.YP[:4], self.SF[:4])
        b = L.GroupFairnessStats().update(self.YT[4:], self.YP[4:], self.SF[4:])
        merged = L.GroupFairnessStats.from_bytes(a.to_bytes()).merge(b)
        whole = L.GroupFairnessStats().update(self.YT, self.YP, self.SF)
        self.assertEqual(merged.by_group(), whole.by_group())
        self.assertEqual(merged.result().disparate_impact_ratio, 0.5)


class TestBias(unittest.TestCase):
    def test_gap_and_stereotype(self):
        g = L.counterfactual_gap([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], seed=42, n_resamples=5)
        self.assertTrue(close(g["mean_gap"], 2.5 / 3) and g["max_gap"] == 2.0)
        self.assertTrue(close(g["ci"][0], 0.7333333333333334) and close(g["ci"][1], 1.95))
        self.assertEqual(g, L.counterfactual_gap([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], seed=42,
                                                 n_resamples=5))
        s = L.stereotype_preference_rate([-1.0, -2.0, -3.0, -4.0], [-2.0, -1.0, -3.0, -5.0])
        self.assertEqual((s["rate"], s["n_preferred"], s["n_ties"], s["n"]), (0.5, 2, 1, 4))
        self.assertTrue(0.0 <= s["ci"][0] <= 0.5 <= s["ci"][1] <= 1.0)
        with self.assertRaises(ValueError):
            L.counterfactual_gap([], [])
        with self.assertRaises(ValueError):
            L.stereotype_preference_rate([1.0], [float("inf")])


if __name__ == "__main__":
    unittest.main()
