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

    def test_sample_weight(self):
        # sklearn 1.2.1 values
        t = [0, 1, 2, 2, 1, 0, 2, 1, 0, 3]
        p = [0, 2, 2, 1, 1, 0, 2, 0, 3, 3]
        w = [1.0, 0.5, 2.0, 1.5, 3.0, 0.25, 1.0, 2.5, 0.75, 4.0]
        self.assertEqual(L.accuracy_score(t, p, sample_weight=w), 0.6818181818181818)
        self.assertEqual(L.accuracy_score(t, p, sample_weight=w, normalize=False), 11.25)
        self.assertEqual(L.accuracy_score(t, p, normalize=False), 6)
        self.assertEqual([list(r) for r in L.confusion_matrix(t, p, sample_weight=w)],
                         [[1.25, 0.0, 0.0, 0.75], [2.5, 3.0, 0.5, 0.0],
                          [0.0, 1.5, 3.0, 0.0], [0.0, 0.0, 0.0, 4.0]])
        self.assertEqual([list(r) for r in L.confusion_matrix(t, p, sample_weight=list(range(1, 11)))],
                         [[7, 0, 0, 9], [8, 5, 2, 0], [0, 4, 10, 0], [0, 0, 0, 10]])
        want = {"micro": (0.6818181818181818,) * 3,
                "macro": (0.674812030075188, 0.6979166666666666, 0.6676242236024845),
                "weighted": (0.7207412470570365, 0.6818181818181818, 0.6866836062488236)}
        for avg, vals in want.items():
            got = L.precision_recall_fscore_support(t, p, average=avg, sample_weight=w,
                                                    zero_division=0)
            self.assertTrue(all(close(g, v) for g, v in zip(got[:3], vals)), (avg, got))
            self.assertIsNone(got[3])
        pr, rc, f1, sup = L.precision_recall_fscore_support(t, p, sample_weight=w)
        self.assertEqual(list(sup), [2.0, 6.0, 4.5, 4.0])
        self.assertTrue(close(list(f1)[0], 0.43478260869565216))
        # the weight-0 pair still makes label 0 present
        self.assertTrue(close(L.precision_score([0, 1, 1, 0, 1, 1], [0, 1, 0, 1, 1, 1],
                                                sample_weight=[0.5, 1.5, 2.0, 1.0, 0.25, 0.0]),
                              0.6363636363636364))
        with self.assertRaises(ZeroDivisionError):
            L.accuracy_score([0, 1], [1, 1], sample_weight=[0.0, 0.0])
        with self.assertRaises(ValueError):
            L.accuracy_score([0, 1], [1, 1], sample_weight=[1.0])
        m = L.ConfusionMatrix(2).update([0, 1], [0, 0], sample_weight=[0.5, 2.0])
        m.merge(L.ConfusionMatrix.from_bytes(L.ConfusionMatrix(2).update([1], [1]).to_bytes()))
        self.assertTrue(m.weighted)
        self.assertEqual([list(r) for r in m.matrix()], [[0.5, 0.0], [2.0, 1.0]])
        self.assertEqual([list(r) for r in L.ConfusionMatrix.from_bytes(m.to_bytes()).matrix()],
                         [[0.5, 0.0], [2.0, 1.0]])

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
            if not n:
                continue
            sw = [rng.randrange(0, 9) / 4 for _ in range(n)]
            for avg in ("micro", "macro", "weighted"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    want = skm.precision_recall_fscore_support(yt, yp, average=avg,
                                                               sample_weight=sw)[:3]
                got = L.precision_recall_fscore_support(yt, yp, average=avg, sample_weight=sw)[:3]
                for g, w in zip(got, want):
                    self.assertTrue(close(g, w) or (math.isnan(g) and math.isnan(w)),
                                    (trial, avg, yt, yp, sw, got, want))
            if sum(sw):
                self.assertTrue(close(L.accuracy_score(yt, yp, sample_weight=sw),
                                      skm.accuracy_score(yt, yp, sample_weight=sw)))


if __name__ == "__main__":
    unittest.main()
