"""Tests of the SQuAD binding: evaluate-v1.1.py semantics (the inline cases of
../shared/vectors/squad.jsonl and a re-statement of the official functions)."""

import collections
import random
import re
import string
import unittest

import llmmetrics as L
from llmmetrics import qa as S


def ref_normalize(s):
    """evaluate-v1.1.py normalize_answer."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def ref_f1(p, g):
    pt, gt = ref_normalize(p).split(), ref_normalize(g).split()
    same = sum((collections.Counter(pt) & collections.Counter(gt)).values())
    if same == 0:
        return 0
    precision, recall = 1.0 * same / len(pt), 1.0 * same / len(gt)
    return (2 * precision * recall) / (precision + recall)


class TestSquad(unittest.TestCase):
    def test_vectors(self):
        cases = [("The Eiffel Tower", ["eiffel tower"], 1.0, 1.0, "eiffel tower"),
                 ("theatre an anthem", ["theatre anthem"], 1.0, 1.0, "theatre anthem"),
                 ("U.S.A.!", ["USA"], 1.0, 1.0, "usa"),
                 ("\u00abParis\u00bb \u2014 \u201cFrance\u201d", ["Paris France"], 0.0, 0.0,
                  "\u00abparis\u00bb \u2014 \u201cfrance\u201d"),
                 ("", ["Paris"], 0.0, 0.0, ""),
                 ("in 1990", ["1990", "in the year 1990", "nineteen ninety"], 0.0, 0.8,
                  "in 1990")]
        for pred, golds, em, f1, norm in cases:
            out = L.squad([pred], [golds])
            self.assertEqual(out["per_example"][0],
                             {"exact_match": em, "f1": f1, "normalized_prediction": norm})
            self.assertEqual((out["exact_match"], out["f1"]), (100 * em, 100 * f1))
        out = L.squad([c[0] for c in cases], [c[1] for c in cases])
        self.assertAlmostEqual(out["exact_match"], 50.0, 12)
        self.assertAlmostEqual(out["f1"], 100 * 3.8 / 6, 12)

    def test_official_functions(self):
        rng = random.Random(1)
        alphabet = ["a", "an", "the", "The", " ", "\u00a0", ".", "'", "-", "\u00e9", "\u03a3",
                    "x", "1", "_", "\u4e2d", "\u00b2", "the_", "a\u00e9"]
        for _ in range(500):
            p = "".join(rng.choice(alphabet) + rng.choice(["", " "]) for _ in range(6))
            g = "".join(rng.choice(alphabet) + rng.choice(["", " "]) for _ in range(5))
            self.assertEqual(L.normalize_answer(p), ref_normalize(p))
            self.assertEqual(L.exact_match_score(p, g), ref_normalize(p) == ref_normalize(g))
            self.assertEqual(L.squad_f1_score(p, g), ref_f1(p, g))
        self.assertEqual(S.metric_max_over_ground_truths(S.f1_score, "in 1990",
                                                         ["1990", "in the year 1990"]), 0.8)

    def test_stats_and_errors(self):
        a, b = L.SquadStats(), L.SquadStats()
        a.add("The Eiffel Tower", ["eiffel tower"])
        b.add("in 1990", ["in the year 1990"])
        a.merge_bytes(b.to_bytes())
        self.assertEqual(a.compute(), {"exact_match": 50.0, "f1": 90.0})
        with self.assertRaises(ValueError):
            L.squad(["x"], [[]])
        with self.assertRaises(ZeroDivisionError):
            L.SquadStats().compute()
        with self.assertRaises(TypeError):
            a.add("x", "gold")
        with self.assertRaises(UnicodeEncodeError):
            L.normalize_answer("\ud800")


if __name__ == "__main__":
    unittest.main()
