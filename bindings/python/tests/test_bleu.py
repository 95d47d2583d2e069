"""Tests of the BLEU binding: sacrebleu 2.6.0 values (inline cases copied from
../shared/vectors/bleu.jsonl or derived by hand in comments), its API layout and its
errors. Run with `make python-test`."""

import json
import logging
import math
import unittest

import llmmetrics
from llmmetrics import BLEU, corpus_bleu, raw_corpus_bleu, sentence_bleu
from llmmetrics import _lib

logging.getLogger("llmmetrics").setLevel(logging.ERROR)  # sentence-level advice


def close(a, b):
    return abs(a - b) <= max(1e-12, 1e-9 * abs(b))


class AssertScore:
    def assertScore(self, got, expected):
        self.assertTrue(close(got.score, expected["score"]), (got.score, expected["score"]))
        self.assertTrue(close(got.bp, expected["bp"]), (got.bp, expected["bp"]))
        self.assertEqual(got.counts, expected["counts"])
        self.assertEqual(got.totals, expected["totals"])
        self.assertEqual(got.sys_len, expected["sys_len"])
        self.assertEqual(got.ref_len, expected["ref_len"])
        for g, e in zip(got.precisions, expected["precisions"]):
            self.assertTrue(close(g, e), (got.precisions, expected["precisions"]))


# (id in bleu.jsonl, options, hyp, refs for the sentence, expected)
SENTENCE_CASES = [
    ("bleu-vis-0157-adv-repeated_tokens", {}, "the the the the the the the",
     ["the cat is on the mat"],
     {"score": 7.809849842300637, "counts": [2, 0, 0, 0], "totals": [7, 6, 5, 4],
      "precisions": [28.571428571428573, 8.333333333333334, 5.0, 3.125], "bp": 1.0,
      "sys_len": 7, "ref_len": 6}),
    ("bleu-vis-0158-adv-repeated_tokens", {"smooth_method": "floor", "effective_order": True},
     "the the the the the the the", ["the cat is on the mat"],
     {"score": 3.9281465090051304, "counts": [2, 0, 0, 0], "totals": [7, 6, 5, 4],
      "precisions": [28.571428571428573, 1.6666666666666667, 2.0, 2.5], "bp": 1.0,
      "sys_len": 7, "ref_len": 6}),
    ("bleu-vis-0139-adv-numbers", {},
     "It costs 1,000.50 dollars, i.e. 3-4 times more (in 2019).",
     ["It costs 1,000.50 dollars , 3 - 4 times more in 2019 ."],
     {"score": 41.682189465797684, "counts": [13, 9, 6, 4], "totals": [19, 18, 17, 16],
      "precisions": [68.42105263157895, 50.0, 35.294117647058826, 25.0], "bp": 1.0,
      "sys_len": 19, "ref_len": 13}),
    ("bleu-vis-0136-adv-tabs_multi_spaces", {}, "the\tcat  sat\t\ton   the mat",
     ["the cat sat on the mat"],
     {"score": 100.00000000000004, "counts": [6, 5, 4, 3], "totals": [6, 5, 4, 3],
      "precisions": [100.0, 100.0, 100.0, 100.0], "bp": 1.0, "sys_len": 6, "ref_len": 6}),
    ("bleu-vis-0130-adv-empty_hyp", {}, "", ["the cat sat on the mat"],
     {"score": 0.0, "counts": [0, 0, 0, 0], "totals": [0, 0, 0, 0],
      "precisions": [0.0, 0.0, 0.0, 0.0], "bp": 0.0, "sys_len": 0, "ref_len": 6}),
    ("bleu-vis-0133-adv-empty_ref", {}, "the cat sat on the mat", [""],
     {"score": 0.0, "counts": [0, 0, 0, 0], "totals": [6, 5, 4, 3],
      "precisions": [0.0, 0.0, 0.0, 0.0], "bp": 1.0, "sys_len": 6, "ref_len": 0}),
]


class TestSacrebleuVectors(unittest.TestCase, AssertScore):
    def test_sentence_cases(self):
        for cid, opts, hyp, refs, expected in SENTENCE_CASES:
            with self.subTest(cid):
                self.assertScore(BLEU(**opts).sentence_score(hyp, refs), expected)

    def test_two_references(self):
        # bleu-vis-0160-adv-hyp_longer: two reference streams of one segment each.
        got = BLEU().corpus_score(
            ["the cat sat on the mat and then it went to sleep on the warm soft rug by the fire"],
            [["the cat sat on the mat"], ["a cat was sitting on the mat"]])
        self.assertEqual(got.counts, [6, 5, 4, 3])
        self.assertEqual(got.totals, [20, 19, 18, 17])
        self.assertTrue(close(got.score, 23.588448106534212))
        self.assertEqual((got.sys_len, got.ref_len), (20, 7))  # closest reference

    def test_hyps_longer_than_refs_are_truncated(self):
        # bleu-vis-0174-invalid-hyps-longer-than-refs: sacrebleu zips (no length check).
        got = BLEU().corpus_score(["a b c", "d e f", "g h"], [["a b c", "d e x"]])
        self.assertScore(got, {"score": 0.0, "counts": [5, 3, 1, 0], "totals": [6, 4, 2, 0],
                               "precisions": [83.33333333333333, 75.0, 50.0, 0.0],
                               "bp": 1.0, "sys_len": 6, "ref_len": 6})


class TestCorpus(unittest.TestCase):
    def test_corpus_brevity_penalty(self):
        # Segment 1 matches fully (6 tokens); segment 2 "a dog" vs "a dog ran": counts
        # [2,1,0,0]. Corpus: counts == totals == [8,6,4,3], precisions 100,
        # sys_len 8 < ref_len 9, so BLEU = 100 * exp(1 - 9/8).
        got = corpus_bleu(["the cat sat on the mat", "a dog"],
                          [["the cat sat on the mat", "a dog ran"]])
        self.assertEqual(got.counts, [8, 6, 4, 3])
        self.assertEqual(got.totals, [8, 6, 4, 3])
        self.assertEqual((got.sys_len, got.ref_len), (8, 9))
        self.assertTrue(close(got.bp, math.exp(-0.125)))
        self.assertTrue(close(got.score, 100 * math.exp(-0.125)))
        self.assertTrue(all(isinstance(c, int) for c in got.counts + got.totals))

    def test_accepts_tuples(self):
        a = corpus_bleu(("x y z w", "p q"), (("x y z w", "p q r"),))
        b = corpus_bleu(["x y z w", "p q"], [["x y z w", "p q r"]])
        self.assertEqual(a.score, b.score)

    def test_none_references_and_nrefs(self):
        # Each segment keeps exactly one reference: nrefs:1, a perfect match.
        metric = BLEU()
        got = metric.corpus_score(["a b c d", "e f g h"], [["a b c d", None], [None, "e f g h"]])
        self.assertEqual(got.counts, [8, 6, 4, 2])
        self.assertTrue(close(got.score, 100.0))
        self.assertTrue(str(metric.get_signature()).startswith("nrefs:1|"))
        # One or two references depending on the segment: "var".
        metric.corpus_score(["a b c d", "e f g h"], [["a b c d", "e f g h"], [None, "e f g h"]])
        self.assertTrue(str(metric.get_signature()).startswith("nrefs:var|"))

    def test_nul_bytes_are_data(self):
        same = sentence_bleu("a\x00b c d e", ["a\x00b c d e"])
        self.assertEqual(same.counts, [4, 3, 2, 1])
        other = sentence_bleu("a\x00b c d e", ["a c d e"])
        self.assertEqual(other.counts, [3, 2, 1, 0])  # "a\x00b" is one token, not "a"

    def test_non_ascii_offsets(self):
        # Mixed ASCII and multi-byte segments: offsets must be in bytes.
        hyps = ["é è ê", "a b c", "日本 語 です"]
        got = corpus_bleu(hyps, [hyps])
        self.assertEqual(got.counts, [9, 6, 3, 0])
        self.assertEqual(got.sys_len, 9)

    def test_reference_cache(self):
        hyps = ["the cat sat on the mat", "a dog"]
        refs = [["the cat sat on the mat", "a dog ran"]]
        cached = BLEU(references=refs)
        self.assertEqual(cached.corpus_score(hyps, None).score, BLEU().corpus_score(hyps, refs).score)

    def test_raw_corpus_bleu(self):
        # tokenize none: "mat." is one token and does not match "mat".
        got = raw_corpus_bleu(["the cat sat on the mat."], [["the cat sat on the mat"]])
        self.assertEqual(got.counts, [5, 4, 3, 2])


class TestOptions(unittest.TestCase):
    def test_tokenizers(self):
        self.assertEqual(corpus_bleu(["abcd"], [["abcd"]], tokenize="char").totals, [4, 3, 2, 1])
        self.assertEqual(corpus_bleu(["我们今天"], [["我们今天"]], tokenize="zh").totals, [4, 3, 2, 1])
        self.assertEqual(corpus_bleu(["a b."], [["a b."]], tokenize="none").totals, [2, 1, 0, 0])
        self.assertEqual(corpus_bleu(["a b."], [["a b."]], tokenize="13a").totals, [3, 2, 1, 0])
        # intl does not split a sentence-final period after a digit (13a does).
        self.assertEqual(corpus_bleu(["in 2019."], [["x"]], tokenize="intl").sys_len, 2)
        self.assertEqual(corpus_bleu(["in 2019."], [["x"]], tokenize="13a").sys_len, 3)

    def test_lowercase(self):
        self.assertEqual(sentence_bleu("The CAT sat", ["the cat sat"]).counts, [1, 0, 0, 0])
        self.assertEqual(sentence_bleu("The CAT sat", ["the cat sat"], lowercase=True).counts,
                         [3, 2, 1, 0])

    def test_add_k(self):
        # "a b c" vs "a b d": counts [2,1,0,0], totals [3,2,1,0]; add-k adds k to orders
        # 2..4 (the reported counts include it), precisions 2/3, (1+k)/(2+k), k/(1+k), k/k.
        got = sentence_bleu("a b c", ["a b d"], smooth_method="add-k",
                            use_effective_order=False)
        self.assertEqual(got.counts, [2, 2, 1, 1])
        self.assertEqual(got.totals, [3, 3, 2, 1])
        self.assertTrue(all(isinstance(c, int) for c in got.counts))
        expected = math.exp((math.log(200 / 3) + math.log(200 / 3) + math.log(50.0)
                             + math.log(100.0)) / 4)
        self.assertTrue(close(got.score, expected), (got.score, expected))
        half = sentence_bleu("a b c", ["a b d"], smooth_method="add-k", smooth_value=0.5)
        self.assertEqual(half.counts, [2, 1.5, 0.5, 0.5])
        self.assertEqual(half.totals, [3, 2.5, 1.5, 0.5])

    def test_effective_order_defaults(self):
        # sacrebleu.compat: corpus_bleu defaults to use_effective_order=False,
        # sentence_bleu to True. A 3-token exact match has no 4-grams.
        self.assertEqual(corpus_bleu(["a b c"], [["a b c"]]).score, 0.0)
        self.assertTrue(close(sentence_bleu("a b c", ["a b c"]).score, 100.0))

    def test_max_ngram_order(self):
        got = BLEU(max_ngram_order=2).corpus_score(["a b c"], [["a b c"]])
        self.assertEqual(len(got.counts), 2)
        self.assertTrue(close(got.score, 100.0))


class TestSignatureAndFormat(unittest.TestCase):
    def test_signature(self):
        m = BLEU()
        with self.assertRaises(ValueError):
            m.get_signature()  # nrefs unknown before an evaluation, as in sacrebleu
        m.corpus_score(["a"], [["a"], ["b"]])
        self.assertEqual(m.get_signature().format(),
                         "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")
        self.assertEqual(m.get_signature().format(short=True),
                         "#:2|c:mixed|e:no|tok:13a|s:exp|v:2.6.0")
        m = BLEU(lowercase=True, tokenize="intl", smooth_method="floor", effective_order=True)
        m.sentence_score("a", ["a"])
        self.assertEqual(str(m.get_signature()),
                         "nrefs:1|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0")
        m = BLEU(smooth_method="add-k", smooth_value=0.5)
        m.sentence_score("a", ["a"])
        self.assertIn("smooth:add-k[0.50]", str(m.get_signature()))

    def test_format(self):
        got = corpus_bleu(["the cat sat on the mat", "a dog"],
                          [["the cat sat on the mat", "a dog ran"]])
        self.assertEqual(str(got), "BLEU = 88.25 100.0/100.0/100.0/100.0 "
                                   "(BP = 0.882 ratio = 0.889 hyp_len = 8 ref_len = 9)")
        self.assertEqual(got.format(width=1, score_only=True), "88.2")
        sig = "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
        self.assertTrue(got.format(1, signature=sig).startswith("BLEU|" + sig + " = 88.2 "))
        d = json.loads(got.format(1, signature=sig, is_json=True))
        self.assertEqual(list(d), ["name", "score", "signature", "verbose_score", "nrefs",
                                   "case", "eff", "tok", "smooth", "version"])
        self.assertEqual(d["score"], 88.2)
        self.assertEqual(d["nrefs"], "1")


class TestErrors(unittest.TestCase):
    def test_unknown_tokenizer(self):
        for name in ("foo", "ja-mecab", "spm"):
            with self.subTest(name):
                with self.assertRaises(KeyError):
                    corpus_bleu(["a"], [["a"]], tokenize=name)
                with self.assertRaises(ValueError):
                    corpus_bleu(["a"], [["a"]], tokenize=name)

    def test_unknown_smooth_method(self):
        with self.assertRaises(AssertionError):
            BLEU(smooth_method="bogus")
        with self.assertRaises(ValueError):
            BLEU(smooth_method="bogus")

    def test_empty_inputs(self):
        for hyps, refs in (([], [["a"]]), (["a"], []), (["a"], [[]]), (["a"], [["a"], []])):
            with self.subTest(hyps=hyps, refs=refs):
                with self.assertRaises(IndexError):
                    corpus_bleu(hyps, refs)
                with self.assertRaises(ValueError):
                    corpus_bleu(hyps, refs)
        with self.assertRaises(IndexError):
            sentence_bleu("a", [])

    def test_bad_types(self):
        with self.assertRaises(TypeError):
            corpus_bleu(["a", None], [["a", "b"]])
        with self.assertRaises(TypeError):
            corpus_bleu([1], [["a"]])
        with self.assertRaises(TypeError):
            corpus_bleu(["a", 2], [["a", "b"]])
        with self.assertRaises(TypeError):
            corpus_bleu(["a"], ["a"])  # a stream must be a sequence, not a str
        with self.assertRaises(TypeError):
            sentence_bleu(["a"], ["a"])
        with self.assertRaises(TypeError):
            sentence_bleu("a", "a")

    def test_lone_surrogate(self):
        with self.assertRaises(UnicodeEncodeError):
            corpus_bleu(["ok", "bad \ud800"], [["ok", "ref"]])
        with self.assertRaises(UnicodeEncodeError):
            corpus_bleu(["ok"], [["bad \udfff"]])
        with self.assertRaises(UnicodeEncodeError):
            sentence_bleu("\ud800", ["a"])
        with self.assertRaises(UnicodeEncodeError) as cm:
            corpus_bleu(["é", "x \ud800"], [["é", "x"]])
        self.assertIn("hypothesis 1", str(cm.exception))

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            BLEU(max_ngram_order=5)
        with self.assertRaises(ValueError):
            BLEU(smooth_method="floor", smooth_value=float("nan"))
        with self.assertRaises(ValueError):
            BLEU(smooth_method="floor", smooth_value=-1)
        with self.assertRaises(ValueError):
            BLEU().corpus_score(["a"], [["a"]], n_bootstrap=100)

    def test_no_cached_references(self):
        with self.assertRaises(RuntimeError):
            BLEU().corpus_score(["a"], None)


class TestLib(unittest.TestCase):
    def test_version(self):
        self.assertRegex(llmmetrics.__version__, r"^\d+\.\d+\.\d+$")

    def test_encode_batch(self):
        b = _lib.encode_batch(["a", "é", "", None, "日"], allow_none=True)
        self.assertEqual(list(b.offsets), [0, 1, 3, 3, 3, 6])
        self.assertEqual(bytes(b.present), b"\x01\x01\x01\x00\x01")
        self.assertEqual(b.item(4), "日".encode())
        self.assertIsNone(_lib.encode_batch(["a"]).present)

    def test_status_exceptions(self):
        with self.assertRaises(UnicodeDecodeError) as cm:
            _lib.utf8_validate(b"ok \xff")
        self.assertIsInstance(cm.exception, llmmetrics.Error)
        self.assertEqual(cm.exception.start, 3)
        self.assertEqual(cm.exception.status_name, "LLMM_EUTF8")
        with self.assertRaises(ValueError):
            _lib.utf8_validate(b"\xed\xa0\x80")  # an encoded surrogate is not UTF-8
        _lib.utf8_validate("fine ✓".encode())


if __name__ == "__main__":
    unittest.main()
