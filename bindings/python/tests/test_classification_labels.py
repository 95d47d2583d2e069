"""confusion_matrix(labels=, normalize=) and precision/recall/F1 with labels= against
scikit-learn 1.2.1: inline values (computed with sklearn 1.2.1, always run) and a
differential test against sklearn when it is installed."""

import math
import random
import unittest
import warnings

import llmmetrics as L
from llmmetrics import classification as C

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None

try:
    import sklearn.metrics as skm
except ImportError:  # pragma: no cover
    skm = None

YT = ["cat", "ant", "cat", "cat", "ant", "bird", "dog", "cat"]
YP = ["ant", "ant", "cat", "cat", "ant", "cat", "cat", "bird"]
W = [1.0, 0.5, 2.0, 1.5, 3.0, 0.25, 1.0, 2.5]


def rows(m):
    return [list(r) for r in m]


def same_float(g, w):
    """Exact for integers and the special values, 1e-12 relative otherwise."""
    g, w = float(g), float(w)
    if math.isnan(w):
        return math.isnan(g)
    return g == w or abs(g - w) <= 1e-12 * abs(w)


class TestConfusionLabels(unittest.TestCase):
    def test_inline_values(self):
        cm = L.confusion_matrix
        self.assertEqual(rows(cm(YT, YP, labels=["cat", "ant", "fox"])),
                         [[2, 1, 0], [0, 2, 0], [0, 0, 0]])
        # a repeated label keeps its last position (sklearn's label_to_ind dict)
        self.assertEqual(rows(cm(YT, YP, labels=["cat", "ant", "cat"])),
                         [[0, 0, 0], [0, 2, 0], [0, 1, 2]])
        self.assertEqual(rows(cm(YT, YP, labels=["cat", "ant", "fox"], normalize="true")),
                         [[2 / 3, 1 / 3, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
        got = rows(cm(YT, YP, labels=["bird", "cat", "ant"], normalize="pred", sample_weight=W))
        want = [[0.0, 0.06666666666666667, 0.0],
                [1.0, 0.9333333333333333, 0.2222222222222222],
                [0.0, 0.0, 0.7777777777777778]]
        self.assertTrue(all(same_float(g, w) for gr, wr in zip(got, want)
                            for g, w in zip(gr, wr)), got)
        got = rows(cm(YT, YP, labels=["bird", "cat", "ant"], normalize="all", sample_weight=W))
        want = [[0.0, 0.023255813953488372, 0.0],
                [0.23255813953488372, 0.32558139534883723, 0.09302325581395349],
                [0.0, 0.0, 0.32558139534883723]]
        self.assertTrue(all(same_float(g, w) for gr, wr in zip(got, want)
                            for g, w in zip(gr, wr)), got)
        self.assertEqual(rows(cm(YT, YP, normalize="all")),
                         [[0.25, 0.0, 0.0, 0.0], [0.0, 0.0, 0.125, 0.0],
                          [0.125, 0.125, 0.25, 0.0], [0.0, 0.0, 0.125, 0.0]])
        self.assertEqual(rows(cm(YT, YP, labels=["dog", "cat"], sample_weight=range(1, 9))),
                         [[0, 7], [0, 7]])
        # integer labels given as floats / bools match by equality, as sklearn's dict
        self.assertEqual(rows(cm([0, 1, 1], [1, 1, 0], labels=[1.0])), [[1]])
        self.assertEqual(rows(cm([0, 1, 1], [1, 1, 0], labels=[True])), [[1]])
        # negative weights: x / 0 is +-max float after np.nan_to_num
        self.assertEqual(rows(cm([0, 1, 1], [1, 1, 0], sample_weight=[1, -1, 1],
                                 normalize="true")),
                         [[0.0, 1.0], [1.7976931348623157e308, -1.7976931348623157e308]])

    @unittest.skipUnless(np, "numpy not installed")
    def test_dtypes_and_empty(self):
        cm = L.confusion_matrix
        self.assertEqual(cm(YT, YP, labels=["cat"]).dtype, np.int64)
        self.assertEqual(cm(YT, YP, sample_weight=[1] * 8).dtype, np.int64)
        self.assertEqual(cm(YT, YP, sample_weight=np.ones(8, dtype=bool)).dtype, np.int64)
        self.assertEqual(cm(YT, YP, sample_weight=[1.0] * 8).dtype, np.float64)
        self.assertEqual(cm(YT, YP, normalize="true").dtype, np.float64)
        # empty y_true with labels: int zeros, not normalized (sklearn returns early)
        z = cm([], [], labels=[0, 1], normalize="true")
        self.assertEqual((z.dtype, z.tolist()), (np.int64, [[0, 0], [0, 0]]))
        self.assertEqual(cm([], []).shape, (0, 0))
        self.assertEqual(cm([], []).dtype, np.int64)
        self.assertEqual(cm([], [], sample_weight=[]).dtype, np.float64)
        self.assertEqual(cm(np.array([2, 0, 2]), np.array([0, 0, 2]),
                            labels=np.array([2, 0])).tolist(), [[1, 1], [0, 1]])

    def test_errors(self):
        cm = L.confusion_matrix
        with self.assertRaisesRegex(ValueError, "at least one label"):
            cm([0, 1], [0, 1], labels=[])
        with self.assertRaisesRegex(ValueError, "must be in y_true"):
            cm([0, 1], [0, 1], labels=[2])
        with self.assertRaisesRegex(ValueError, "must be in y_true"):
            cm([0, 1], [2, 2], labels=[2])  # y_pred does not count
        with self.assertRaisesRegex(ValueError, "must be in y_true"):
            cm(["a", "b"], ["a", "b"], labels=[1])
        with self.assertRaisesRegex(ValueError, "normalize must be one of"):
            cm([0, 1, 1], [1, 1, 0], normalize="bad")
        with self.assertRaises(ValueError):
            cm([0, 1, 1], [1, 1], labels=[0])
        with self.assertRaises(ValueError):
            cm([0, 1, 1], [1, 1, 0], labels=[0], sample_weight=[1.0])

    def test_without_numpy(self):
        """The pure-Python path gives the numpy path's values as lists."""
        cases = [dict(labels=["bird", "cat", "ant", "fox"], normalize=n, sample_weight=sw)
                 for n in (None, "true", "pred", "all") for sw in (None, W, [2] * 8)]
        cases.append(dict(sample_weight=[1, -1, 1, 0, 0, 0, 0, 0], normalize="pred"))
        want = [L.confusion_matrix(YT, YP, **kw) for kw in cases]
        saved = C.np
        C.np = None
        try:
            got = [L.confusion_matrix(YT, YP, **kw) for kw in cases]
            self.assertEqual(L.confusion_matrix([], []), [])
        finally:
            C.np = saved
        for kw, g, w in zip(cases, got, want):
            self.assertIsInstance(g, list)
            # int cells where numpy gives int64, float cells where it gives float64
            self.assertEqual({type(v) for r in g for v in r},
                             {type(v.item() if hasattr(v, "item") else v) for r in w for v in r},
                             kw)
            self.assertTrue(all(same_float(a, b) for gr, wr in zip(g, w)
                                for a, b in zip(gr, wr)), (kw, g, w))


class TestPrfLabels(unittest.TestCase):
    def check(self, got, want):
        for g, w in zip(got, want):
            if w is None:
                self.assertIsNone(g)
            elif isinstance(w, list):
                self.assertEqual(len(g), len(w))
                self.assertTrue(all(same_float(a, b) for a, b in zip(g, w)), (got, want))
            else:
                self.assertTrue(same_float(g, w), (got, want))

    def test_inline_values(self):
        prfs = L.precision_recall_fscore_support
        labs = ["cat", "fox", "ant"]
        self.check(prfs(YT, YP, labels=labs),
                   ([0.5, 0.0, 2 / 3], [0.5, 0.0, 1.0], [0.5, 0.0, 0.8], [4, 0, 2]))
        self.check(prfs(YT, YP, labels=labs, zero_division=1, sample_weight=W),
                   ([0.7368421052631579, 1.0, 0.7777777777777778], [0.5, 1.0, 1.0],
                    [0.5957446808510638, 1.0, 0.8750000000000001], [7.0, 0.0, 3.5]))
        want = {("micro", "warn"): (0.5714285714285714, 0.6666666666666666,
                                    0.6153846153846153),
                ("macro", "warn"): (0.38888888888888884, 0.5, 0.43333333333333335),
                ("macro", 1): (0.7222222222222222, 0.8333333333333334, 0.7666666666666666),
                ("weighted", "warn"): (0.5555555555555555, 0.6666666666666666, 0.6)}
        for (avg, zd), vals in want.items():
            self.check(prfs(YT, YP, labels=labs, average=avg, zero_division=zd),
                       vals + (None,))
        wwant = {"micro": (0.7567567567567568, 0.6666666666666666, 0.7088607594936708),
                 "macro": (0.5048732943469786, 0.5, 0.4902482269503546),
                 "weighted": (0.7504873294346979, 0.6666666666666666, 0.6888297872340425)}
        for avg, vals in wwant.items():
            self.check(prfs(YT, YP, labels=labs, average=avg, sample_weight=W), vals + (None,))
        # a label listed twice counts twice
        self.check(prfs(YT, YP, labels=["cat", "cat"], average="micro"), (0.5, 0.5, 0.5, None))
        self.check(prfs(YT, YP, labels=["cat", "cat"]),
                   ([0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [4, 4]))
        # labels=[]: empty arrays, macro NaN, micro / weighted the zero_division value
        self.check(prfs([0, 1, 2], [0, 1, 1], labels=[]), ([], [], [], []))
        self.assertTrue(math.isnan(L.f1_score([0, 1, 2], [0, 1, 1], labels=[],
                                              average="macro")))
        self.assertEqual(L.precision_score([0, 1, 2], [0, 1, 1], labels=[], average="micro",
                                           zero_division=1), 1.0)
        self.assertEqual(L.recall_score([0, 1, 2], [0, 1, 1], labels=[], average="weighted"),
                         0.0)
        # labels not in the data: zero counts, so the macro mean is 0 rather than NaN
        self.assertEqual(L.f1_score([], [], labels=[0, 1], average="macro"), 0.0)
        self.assertEqual(L.f1_score(["a", "b"], ["a", "b"], labels=["z"], average="macro"),
                         0.0)
        # average='binary' ignores labels (sklearn uses [pos_label])
        self.assertEqual(L.f1_score([0, 1, 1, 0], [1, 1, 0, 0], labels=[5, 7]), 0.5)
        with self.assertRaisesRegex(ValueError, "multiclass"):
            L.f1_score([0, 1, 2], [0, 1, 1], labels=[0, 1])

    @unittest.skipUnless(np, "numpy not installed")
    def test_support_dtypes(self):
        prfs = L.precision_recall_fscore_support
        self.assertEqual(prfs([0, 1, 2], [0, 1, 1], labels=[2, 5])[3].dtype, np.int64)
        self.assertEqual(prfs([0, 1, 2], [0, 1, 1], labels=[2], sample_weight=[1, 1, 1])[3]
                         .dtype, np.float64)
        s = prfs([], [], labels=[0, 1])[3]  # sklearn's "pathological case": float zeros
        self.assertEqual((s.dtype, s.tolist()), (np.float64, [0.0, 0.0]))
        self.assertEqual(prfs([], [])[3].dtype, np.float64)


def _values(rng, kind, k):
    if kind == "int":
        return list(range(-1, k - 1))
    return ["c%d" % i for i in range(k)]


@unittest.skipUnless(skm and np, "scikit-learn not installed")
class TestAgainstSklearn(unittest.TestCase):
    def same(self, got, want, ctx):
        if want is None:
            self.assertIsNone(got, ctx)
            return
        g, w = np.asarray(got), np.asarray(want)
        self.assertEqual((g.shape, g.dtype), (w.shape, w.dtype), ctx)
        if w.dtype.kind in "iub":
            self.assertTrue(np.array_equal(g, w), ctx)
        else:
            self.assertTrue(all(same_float(a, b) for a, b in zip(g.ravel(), w.ravel())),
                            (ctx, g, w))

    def run_both(self, name, args, kw, ctx):
        """Compares one call; returns 1 when it was compared, counting errors."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                want = getattr(skm, name)(*args, **kw)
            except ValueError:
                with self.assertRaises(ValueError, msg=ctx):
                    getattr(L, name)(*args, **kw)
                return 1
        got = getattr(L, name)(*args, **kw)
        if isinstance(want, tuple):
            for g, w in zip(got, want):
                self.same(g, w, ctx)
        else:
            self.same(got, want, ctx)
        return 1

    def random_case(self, rng):
        kind = rng.choice(["int", "int", "str"])
        k = rng.choice([1, 2, 2, 3, 4, 6])
        vals = _values(rng, kind, k + 2)  # two values that may be labels but not data
        n = rng.choice([0, 1, 3, 10, 40])
        data = vals[:k]
        yt = [rng.choice(data) for _ in range(n)]
        yp = [rng.choice(data) for _ in range(n)]
        if rng.random() < 0.3:
            yt, yp = np.array(yt), np.array(yp)
        r = rng.random()
        if r < 0.15:
            labels = None
        else:
            labels = rng.sample(vals, rng.randrange(0, len(vals) + 1))
            if labels and rng.random() < 0.15:
                labels.append(rng.choice(labels))  # a repeated label
            if rng.random() < 0.2:
                labels = np.array(labels)
        wr = rng.random()
        if wr < 0.35:
            sw = None
        elif wr < 0.55:
            sw = [rng.randrange(0, 5) for _ in range(n)]
        elif wr < 0.9:
            sw = [rng.randrange(0, 9) / 4 for _ in range(n)]
        else:
            sw = np.array([rng.randrange(0, 9) / 4 for _ in range(n)])
        return yt, yp, labels, sw

    def test_confusion_matrix(self):
        rng = random.Random(71)
        compared = 0
        for trial in range(400):
            yt, yp, labels, sw = self.random_case(rng)
            for norm in (None, "true", "pred", "all"):
                kw = dict(labels=labels, sample_weight=sw, normalize=norm)
                compared += self.run_both("confusion_matrix", (yt, yp), kw,
                                          (trial, yt, yp, kw))
        self.assertEqual(compared, 1600)

    def test_prf(self):
        rng = random.Random(72)
        compared = 0
        for trial in range(300):
            yt, yp, labels, sw = self.random_case(rng)
            pos = rng.choice(list(yt[:1]) + [1])
            for avg in (None, "micro", "macro", "weighted", "binary"):
                for zd in ("warn", 0, 1):
                    kw = dict(labels=labels, sample_weight=sw, average=avg, zero_division=zd,
                              pos_label=pos)
                    compared += self.run_both("precision_recall_fscore_support", (yt, yp), kw,
                                              (trial, yt, yp, kw))
            kw = dict(labels=labels, sample_weight=sw, average=rng.choice(
                ["micro", "macro", "weighted"]))
            for name in ("precision_score", "recall_score", "f1_score"):
                compared += self.run_both(name, (yt, yp), kw, (trial, name, yt, yp, kw))
        self.assertEqual(compared, 300 * 18)


if __name__ == "__main__":
    unittest.main()
