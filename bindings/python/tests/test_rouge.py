"""Tests of the rouge-score drop-in (llmmetrics.rouge_scorer): rouge-score 0.1.2 values
(inline cases copied from ../shared/vectors/rouge.jsonl; the whole file is also run when
it is present), the API layout, errors and the bootstrap aggregator. Run with
`make python-test`."""

import json
import os
import threading
import unittest

import llmmetrics
from llmmetrics import rouge_scorer

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "vectors",
                       "rouge.jsonl")


def close(a, b):
    return abs(a - b) <= max(1e-12, 1e-9 * abs(b))


class TestRougeScorer(unittest.TestCase):
    def assertScore(self, got, p, r, f):
        self.assertIsInstance(got, rouge_scorer.Score)
        self.assertTrue(close(got.precision, p) and close(got.recall, r) and close(got.fmeasure, f),
                        (got, p, r, f))

    def test_score(self):
        # rouge-vis-0026-adv-lsum_newlines
        s = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"])
        out = s.score("the dog ran .\nthe cat sat on the mat .",
                      "the cat sat .\n\nthe dog ran away .\n")
        self.assertEqual(list(out), ["rouge1", "rouge2", "rougeL", "rougeLsum"])
        self.assertScore(out["rouge2"], 0.6666666666666666, 0.5, 0.5714285714285715)
        self.assertScore(out["rougeL"], 0.5714285714285714, 0.4444444444444444, 0.5)
        self.assertScore(out["rougeLsum"], 0.8571428571428571, 0.6666666666666666, 0.75)

    def test_stemmer_and_unicode(self):
        # rouge-vis-0019-adv-turkish_i
        s = rouge_scorer.RougeScorer(["rouge1"])
        out = s.score("istanbul'da ışık ILIK ii ıi", "İstanbul'da IŞIK ılık İi Iı")
        self.assertScore(out["rouge1"], 0.3, 0.5, 0.37499999999999994)
        s = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
        out = s.score("A quick brown fox jumps over the lazy dog.\nIt runs",
                      "The quick brown foxes jumped.\nOver lazy dogs running")
        self.assertScore(out["rouge1"], 1.0, 9 / 11, 0.9)

    def test_score_multi(self):
        # rouge-vis-0028-adv-multi-tie
        s = rouge_scorer.RougeScorer(["rouge1", "rouge2"])
        out = s.score_multi(["a b x y", "x y c d", "a b c d e f g h"], "a b c d")
        self.assertScore(out["rouge1"], 1.0, 0.5, 0.6666666666666666)
        self.assertScore(out["rouge2"], 1.0, 0.42857142857142855, 0.6)
        with self.assertRaisesRegex(ValueError, "argmax of an empty sequence"):
            s.score_multi([], "a")

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "^Invalid rouge type: rougeX$"):
            rouge_scorer.RougeScorer(["rougeX"]).score("a", "a")
        with self.assertRaisesRegex(ValueError, "^rougen requires positive n: rouge0$"):
            rouge_scorer.RougeScorer(["rouge1", "rouge0"]).score("a", "a")
        with self.assertRaises(llmmetrics.UnsupportedError):
            rouge_scorer.RougeScorer(["rougeLsum"], split_summaries=True).score("a", "a")
        # no effect without rougeLsum, as in rouge-score
        out = rouge_scorer.RougeScorer(["rouge1"], split_summaries=True).score("a b", "a")
        self.assertScore(out["rouge1"], 1.0, 0.5, 2 / 3)
        with self.assertRaises(TypeError):
            rouge_scorer.RougeScorer(["rouge1"]).score(b"a", "a")
        with self.assertRaises(NotImplementedError):
            rouge_scorer.RougeScorer(["rouge1"], tokenizer=object())

    def test_score_corpus(self):
        s = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
        preds = ["the cat sat", "a dog ran away", "nothing"]
        targets = ["the cat sat on the mat", ["the dog ran", "dogs running"], "something else"]
        per, mean = s.score_corpus(targets, preds)
        for i in range(3):
            t = targets[i]
            want = s.score_multi(t if isinstance(t, list) else [t], preds[i])
            self.assertEqual(per[i], want)
        for k in ("rouge1", "rougeL"):
            for f in range(3):
                self.assertTrue(close(mean[k][f], sum(p[k][f] for p in per) / 3))
        with self.assertRaises(ValueError):
            s.score_corpus(["a"], ["a", "b"])

    def test_threads(self):
        s = rouge_scorer.RougeScorer(["rouge2", "rougeLsum"], use_stemmer=True)
        want = s.score("the quick brown fox jumps", "a quick brown fox jumped")
        errors = []

        def work():
            for _ in range(200):
                if s.score("the quick brown fox jumps", "a quick brown fox jumped") != want:
                    errors.append(1)
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def test_bootstrap(self):
        agg = rouge_scorer.BootstrapAggregator(seed=7)
        s = rouge_scorer.RougeScorer(["rouge1", "rougeL"])
        preds = ["a b c", "a b", "c d e", "x y", "a c e", "b d"]
        refs = ["a b c d", "a c", "c d", "x", "e c a", "d b"]
        for p, r in zip(preds, refs):
            agg.add_scores(s.score(r, p))
        res = agg.aggregate()
        self.assertEqual(set(res), {"rouge1", "rougeL"})
        for k, a in res.items():
            self.assertIsInstance(a, rouge_scorer.AggregateScore)
            self.assertIsInstance(a.mid, rouge_scorer.Score)
            for f in range(3):
                self.assertLessEqual(a.low[f], a.mid[f])
                self.assertLessEqual(a.mid[f], a.high[f])
        again = rouge_scorer.BootstrapAggregator(seed=7)
        for p, r in zip(preds, refs):
            again.add_scores(s.score(r, p))
        self.assertEqual(again.aggregate(), res)
        with self.assertRaises(ValueError):
            rouge_scorer.BootstrapAggregator(confidence_interval=2)
        with self.assertRaises(ValueError):
            rouge_scorer.BootstrapAggregator(n_samples=0)

    @unittest.skipUnless(os.path.exists(VECTORS), "shared vectors not present")
    def test_vectors(self):
        n = 0
        with open(VECTORS, encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                opts = case["options"]
                scorer = rouge_scorer.RougeScorer(opts["rouge_types"], opts["use_stemmer"],
                                                  opts["split_summaries"])
                exp = case["expected"]
                if "error" in exp:
                    with self.assertRaises(ValueError):
                        scorer.score(case["references"][0][0], case["hyps"][0])
                    n += 1
                    continue
                for i, (h, refs) in enumerate(zip(case["hyps"], case["references"])):
                    got = (scorer.score_multi(refs, h) if case["call"] == "score_multi"
                           else scorer.score(refs[0], h))
                    for k, e in exp["per_example"][i].items():
                        self.assertScore(got[k], e["precision"], e["recall"], e["fmeasure"])
                n += 1
        self.assertEqual(n, 29)


if __name__ == "__main__":
    unittest.main()
