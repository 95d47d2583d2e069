"""Tests of the calibration binding: torchmetrics 1.9.0 / scikit-learn 1.2.1 values
(inline, from ../shared/vectors/calibration.jsonl or the libraries' docstrings), the
streaming object, and a differential test against scikit-learn when it is installed."""

import math
import random
import unittest

import llmmetrics as L
from llmmetrics import calib

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None
try:
    import sklearn.calibration
    import sklearn.metrics
except ImportError:  # pragma: no cover
    sklearn = None


def close(a, b, rel=1e-9):
    return abs(a - b) <= max(1e-12, rel * abs(b))


EDGE_P = [0.0, 0.1, 0.2, 0.5, 0.7, 0.9, 1.0, 1.0]
EDGE_Y = [0, 0, 1, 1, 0, 1, 1, 0]
MC_P = [[0.25, 0.20, 0.55], [0.55, 0.05, 0.40], [0.10, 0.30, 0.60], [0.90, 0.05, 0.05]]
MC_Y = [0, 1, 2, 0]


class TestECE(unittest.TestCase):
    def test_torchmetrics_docstrings(self):
        p, y = [0.25, 0.25, 0.55, 0.75, 0.75], [0, 0, 1, 1, 1]
        self.assertAlmostEqual(L.binary_calibration_error(p, y, n_bins=2, norm="l1"), 0.29, 12)
        self.assertAlmostEqual(L.binary_calibration_error(p, y, n_bins=2, norm="l2"),
                               0.2918332857414772, 12)
        self.assertAlmostEqual(L.binary_calibration_error(p, y, n_bins=2, norm="max"),
                               0.31666666666666665, 12)
        # multiclass computes in float32 like torchmetrics (tensor(0.2000))
        self.assertTrue(close(L.multiclass_calibration_error(MC_P, MC_Y, 3, n_bins=3),
                              0.2000000178813935, 1e-7))
        self.assertTrue(close(L.multiclass_calibration_error(MC_P, MC_Y, 3, n_bins=3,
                                                             dtype="float64"),
                              0.2000000000000001))
        self.assertTrue(close(L.calibration_error(MC_P, MC_Y, "multiclass", n_bins=3,
                                                  norm="max", num_classes=3),
                              0.23333334922790533, 1e-7))

    def test_vector_on_bin_edges(self):
        # calibration.jsonl ece/binary/on_bin_edges
        self.assertTrue(close(L.binary_calibration_error(EDGE_P, EDGE_Y, 10, "l2"),
                              0.4873397172404482))
        self.assertTrue(close(L.binary_calibration_error(EDGE_P, EDGE_Y, 15, "l1"), 0.4))
        self.assertTrue(close(L.binary_calibration_error(EDGE_P, EDGE_Y, 10, "max"), 0.8))
        self.assertTrue(close(L.binary_calibration_error(EDGE_P, EDGE_Y, 10, "l1",
                                                         dtype="float32"),
                              0.4000000059604645, 1e-7))
        if np is not None:  # a float32 array selects torchmetrics' float32 path
            self.assertTrue(close(L.binary_calibration_error(
                np.array(EDGE_P, dtype=np.float32), EDGE_Y, 10), 0.4000000059604645, 1e-7))

    def test_empty_and_errors(self):
        self.assertTrue(math.isnan(L.binary_calibration_error([], [], 10, "l1")))
        self.assertEqual(L.binary_calibration_error([], [], 10, "l2"), 0.0)
        with self.assertRaises(ValueError):
            L.binary_calibration_error([0.5, float("nan")], [0, 1])
        with self.assertRaises(ValueError):
            L.binary_calibration_error([0.5], [2])
        with self.assertRaises(ValueError):
            L.binary_calibration_error([0.5], [1], norm="l3")
        with self.assertRaises(ValueError):
            L.binary_calibration_error([0.5, 0.2], [1])
        with self.assertRaises(ValueError):
            L.multiclass_calibration_error(MC_P, MC_Y, num_classes=1)

    @unittest.skipIf(np is None, "numpy not installed")
    def test_int64_targets_in_place(self):
        """int64 targets go to C without conversion: same statistics as int32 ones, on
        the kernel path (>= 64) and the general one, contiguous or strided."""
        rng = np.random.default_rng(3)
        for n in (10, 1000):
            p = rng.random(n)
            y = rng.integers(0, 2, n)
            self.assertEqual(y.dtype, np.int64)
            want = L.CalibrationErrorStats(15).update_binary(p, y.astype(np.int32)).to_bytes()
            self.assertEqual(L.CalibrationErrorStats(15).update_binary(p, y).to_bytes(), want)
            y2 = np.stack([y, y], axis=1)[:, 0]  # strided view
            self.assertEqual(L.CalibrationErrorStats(15).update_binary(p, y2).to_bytes(), want)
            for bad in (2, -1, 1 << 32):
                yb = y.copy()
                yb[n // 2] = bad
                with self.assertRaises(ValueError):
                    L.binary_calibration_error(p, yb)

    def test_stats_merge_serialize(self):
        rng = random.Random(7)
        p = [rng.random() for _ in range(300)]
        y = [rng.randrange(2) for _ in range(300)]
        whole = L.CalibrationErrorStats(15).update_binary(p, y)
        a = L.CalibrationErrorStats(15).update_binary(p[:100], y[:100])
        b = L.CalibrationErrorStats(15).update_binary(p[100:], y[100:])
        merged = L.CalibrationErrorStats.from_bytes(b.to_bytes()).merge(a)
        self.assertEqual(merged.compute(), whole.compute())
        bins = whole.bins()
        self.assertEqual(len(bins), 16)
        self.assertEqual(sum(b["count"] for b in bins), 300)
        s = L.CalibrationErrorStats(5).update_confidence([0.9, 0.1, 1.0], [1, 0, 1])
        self.assertEqual(s.bins()[5]["count"], 1)  # 1.0: the extra bin
        with self.assertRaises(ValueError):
            merged.merge(L.CalibrationErrorStats(10))
        with self.assertRaises(ValueError):
            L.CalibrationErrorStats.from_bytes(b"LLMS" + bytes(20))


class TestSklearn(unittest.TestCase):
    def test_values(self):
        p, y = [0.1, 0.9, 0.8, 0.3, 0.0, 1.0], [0, 1, 1, 0, 1, 1]
        self.assertTrue(close(L.brier_score_loss(y, p), 0.19166666666666665))
        self.assertTrue(close(L.log_loss(y, p), 6.139032152614291))
        P = [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.0, 0.5, 0.5], [0.3, 0.3, 0.4]]
        self.assertTrue(close(L.log_loss([1, 0, 0, 2], P), 9.456861172174008))
        self.assertTrue(close(L.brier_multiclass(P, [1, 0, 0, 2]), 0.605))
        # calibration.jsonl prob/single_class_y
        with self.assertRaisesRegex(ValueError, "only one label"):
            L.log_loss([1, 1, 1], [0.2, 0.8, 0.6])
        self.assertTrue(close(L.log_loss([1, 1], [0.9, 0.8], labels=[0, 1]), 0.164252033486018))
        self.assertTrue(close(L.brier_score_loss([1, 1, 1], [0.2, 0.8, 0.6]), 0.2800000000000001))
        # string labels and pos_label
        self.assertTrue(close(L.brier_score_loss(["spam", "ham", "ham", "spam"],
                                                 [0.1, 0.9, 0.8, 0.3], pos_label="ham"),
                              0.0375))

    def test_sample_weight(self):
        # sklearn 1.2.1 values (sklearn sums the weighted terms in float order, the
        # binding exactly: equal up to the last bits)
        y, p = [0, 1, 1, 0, 1, 0, 1, 1], [0.1, 0.9, 0.8, 0.3, 0.4, 0.6, 1.0, 0.0]
        w = [0.5, 2.0, 1.0, 3.0, 0.25, 1.5, 1.0, 0.75]
        self.assertTrue(close(L.brier_score_loss(y, p, sample_weight=w), 0.17149999999999999))
        self.assertTrue(close(L.log_loss(y, p, sample_weight=w), 3.019281849489261))
        self.assertTrue(close(L.log_loss(y, p, sample_weight=w, normalize=False),
                              30.19281849489261))
        self.assertTrue(close(L.log_loss(y, p, normalize=False), 38.66677437943406))
        self.assertTrue(close(L.brier_score_loss(y, p, sample_weight=[1, -1, 2, 1, 1, 1, 1, 1]),
                              0.26999999999999996))
        P = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3],
             [0.5, 0.25, 0.25]]
        self.assertTrue(close(L.log_loss([0, 1, 2, 2, 1], P, sample_weight=[1.0, 0.5, 2.0, 1.5, 3.0]),
                              0.9318425321220493))
        with self.assertRaises(ZeroDivisionError):
            L.brier_score_loss(y, p, sample_weight=[0] * 8)
        with self.assertRaises(ValueError):
            L.brier_score_loss(y, p, sample_weight=[1.0] * 7)
        with self.assertRaises(ValueError):
            L.log_loss(y, p, sample_weight=[float("nan")] * 8)
        if np is not None:
            self.assertTrue(close(L.brier_score_loss(np.array(y), np.array(p),
                                                     sample_weight=np.array(w)),
                                  0.17149999999999999))

    def test_curve(self):
        y = [0, 0, 0, 0, 1, 1, 1, 1, 1]
        p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]
        pt, pp = L.calibration_curve(y, p, n_bins=3)
        self.assertEqual(list(pt), [0.0, 0.5, 1.0])
        self.assertTrue(all(close(a, b) for a, b in zip(pp, [0.2, 0.525, 0.85])))
        pt, pp = L.calibration_curve(y, p, n_bins=3, strategy="quantile")
        self.assertTrue(close(list(pp)[1], 0.5833333333333334))
        # calibration.jsonl prob/on_edges, quantile n5
        pt, pp = L.calibration_curve(EDGE_Y, EDGE_P, n_bins=5, strategy="quantile")
        self.assertEqual(list(pt), [0.0, 1.0, 0.5, 1.0, 0.5])
        self.assertEqual(list(pp), [0.05, 0.2, 0.6, 0.9, 1.0])
        with self.assertRaises(ValueError):
            L.calibration_curve(y, p, strategy="kmeans")
        with self.assertRaises(ValueError):
            L.calibration_curve([0, 1], [0.5, 1.5])

    @unittest.skipUnless(sklearn, "scikit-learn not installed")
    def test_against_sklearn(self):
        rng = random.Random(11)
        for trial in range(40):
            n = rng.randrange(2, 300)
            p = [rng.randrange(65) / 64 for _ in range(n)]
            y = [rng.randrange(2) for _ in range(n)]
            if len(set(y)) < 2:
                y[0], y[1] = 0, 1
            self.assertTrue(close(L.brier_score_loss(y, p),
                                  sklearn.metrics.brier_score_loss(y, p)))
            self.assertTrue(close(L.log_loss(y, p), sklearn.metrics.log_loss(y, p)))
            w = [rng.randrange(1, 9) / 4 for _ in range(n)]
            self.assertTrue(close(L.brier_score_loss(y, p, sample_weight=w),
                                  sklearn.metrics.brier_score_loss(y, p, sample_weight=w)))
            self.assertTrue(close(L.log_loss(y, p, sample_weight=w),
                                  sklearn.metrics.log_loss(y, p, sample_weight=w)))
            for strategy in ("uniform", "quantile"):
                for nb in (3, 5, 10):
                    got = L.calibration_curve(y, p, n_bins=nb, strategy=strategy)
                    want = sklearn.calibration.calibration_curve(y, p, n_bins=nb,
                                                                 strategy=strategy)
                    self.assertEqual(len(got[0]), len(want[0]), (trial, strategy, nb))
                    for g, w in zip(got, want):
                        self.assertTrue(all(close(a, b) for a, b in zip(g, w)))


class TestAdaptiveAndTemperature(unittest.TestCase):
    L6 = [[2.0, 0.5, -1.0], [0.0, 1.5, 0.25], [1.0, 1.0, 3.0], [-0.5, 2.5, 0.0],
          [3.0, -1.0, 0.5], [0.25, 0.0, -0.25]]
    Y6 = [0, 2, 2, 1, 1, 2]

    def test_adaptive(self):
        # calibration.jsonl prob/ties and prob/single_class_y
        self.assertTrue(close(L.adaptive_calibration_error([0.5, 0.5, 0.5, 0.5, 0.9, 0.1],
                                                           [1, 0, 1, 0, 1, 0], 10),
                              0.36666666666666664))
        self.assertTrue(close(L.adaptive_calibration_error([0.2, 0.8, 0.6], [1, 1, 1], 15),
                              0.4666666666666667))
        v = L.adaptive_calibration_error(MC_P, MC_Y, 2)
        # top-label: conf [0.55, 0.55, 0.6, 0.9], correct [0, 0, 1, 1] -> groups of 2
        self.assertTrue(close(v, 0.5 * 0.55 + 0.5 * (1 - 0.75)))

    def test_temperature(self):
        # scipy brentq in log T on dNLL/dT
        self.assertTrue(close(L.nll(self.L6, self.Y6), 1.288601551057261))
        r = L.temperature_scaling(self.L6, self.Y6)
        self.assertTrue(close(r.T_opt, 3.3298369365295235, 1e-10))
        self.assertTrue(close(r.nll_at_T_opt, 1.0422793290033356))
        self.assertTrue(close(L.nll(self.L6, self.Y6, T=r.T_opt), r.nll_at_T_opt))
        # calibration.jsonl temperature/always_correct
        with self.assertRaisesRegex(ValueError, "no interior minimiser"):
            L.temperature_scaling([[3.0, 0.0], [0.0, 2.0], [1.0, -1.0]], [0, 1, 0])
        with self.assertRaises(ValueError):
            L.nll(self.L6, self.Y6, T=0)


if __name__ == "__main__":
    unittest.main()
