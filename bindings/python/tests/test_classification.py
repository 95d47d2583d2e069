"""Tests of the classification binding against scikit-learn 1.2.1 values (inline, from
../shared/vectors/stats.jsonl precision_recall_f1 cases), plus a differential test
against scikit-learn when it is installed."""

import math
import random
import unittest

import llmmetrics as L

try:
    import sklearn.metrics as skm
except ImportError:  # pragma: no cover
    skm = None


def close(a, b):
    return abs(a - b) <= max(1e-12, 1e-9 * abs(b))


class TestPRF(unittest.TestCase):
    def test_vector_cases(self):
        # stats.jsonl prf/no_true_positive_zd1
        yt, yp = [0, 0, 0], [0, 1, 0]
        self.assertEqual(L.precision_recall_fscore_support(yt, yp, average="binary",
                                                           zero_division=1)[:3],
                         (0.0, 1.0, 0.0))
        p, r, f, s = L.precision_recall_fscore_support(yt, yp, average="weighted",
                                                       zero_division=1)
        self.assertTrue(close(p, 1.0) and close(r, 0.6666666666666666)
                        and close(f, 0.8000000000000002) and s is None)
        # prf/empty
        self.assertTrue(math.isnan(L.accuracy_score([], [])))
        self.assertTrue(math.isnan(L.f1_score([], [], average="macro")))
        self.assertEqual(L.f1_score([], [], average="micro"), 0.0)
        # prf/no_predicted_positive
        self.assertTrue(close(L.f1_score([1, 0, 1, 0], [0, 0, 0, 0], average="macro"),
                              0.3333333333333333))

    def test_labels_and_errors(self):
        self.assertTrue(close(L.precision_score(["b", "a", "b"], ["b", "b", "b"],
                                                pos_label="b"), 2 / 3))
        with self.assertRaisesRegex(ValueError, "multiclass"):
            L.f1_score([0, 1, 2], [0, 1, 1])
        with self.assertRaisesRegex(ValueError, "pos_label"):
            L.f1_score([0, 2], [2, 0])
        with self.assertRaises(ValueError):
            L.f1_score([0, 1], [0])
        p, r, f, s = L.precision_recall_fscore_support([0, 1, 2, 2], [0, 2, 2, 1])
        self.assertEqual(list(s), [1, 1, 2])
        self.assertEqual(list(p), [1.0, 0.0, 0.5])
        self.assertEqual([list(row) for row in L.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1])],
                         [[1, 0, 0], [0, 0, 1], [0, 1, 1]])
        self.assertEqual(L.accuracy_score([0, 1, 2, 2], [0, 2, 2, 1]), 0.5)

    def test_matrix_object(self):
        a = L.ConfusionMatrix(3).update([0, 1, 2], [0, 2, 2])
        b = L.ConfusionMatrix.from_bytes(L.ConfusionMatrix(3).update([2, 1], [2, 1]).to_bytes())
        a.merge(b)
        self.assertEqual(a.accuracy(), 0.8)
        self.assertEqual(a.prf("micro"), (0.8, 0.8, 0.8000000000000002))
        with self.assertRaises(ValueError):
            a.update([3], [0])

    @unittest.skipUnless(skm, "scikit-learn not installed")
    def test_against_sklearn(self):
        import warnings
        rng = random.Random(3)
        for trial in range(150):
            n = rng.randrange(0, 60)
            k = rng.choice([2, 2, 3, 5])
            yt = [rng.randrange(k) for _ in range(n)]
            yp = [rng.randrange(k) for _ in range(n)]
            for avg in ("micro", "macro", "weighted", "binary"):
                for zd in ("warn", 0, 1):
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            want = skm.precision_recall_fscore_support(
                                yt, yp, average=avg, zero_division=zd)[:3]
                    except ValueError:
                        with self.assertRaises(ValueError):
                            L.precision_recall_fscore_support(yt, yp, average=avg,
                                                              zero_division=zd)
                        continue
                    got = L.precision_recall_fscore_support(yt, yp, average=avg,
                                                            zero_division=zd)[:3]
                    for g, w in zip(got, want):
                        self.assertTrue(close(g, w) or (math.isnan(g) and math.isnan(w)),
                                        (trial, avg, zd, yt, yp, got, want))


if __name__ == "__main__":
    unittest.main()
