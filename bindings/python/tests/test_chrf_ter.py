"""chrF and TER through the Python binding, against values computed with sacrebleu 2.6.0
(the calls are shown next to each value)."""

import unittest

import llmmetrics
from llmmetrics import CHRF, TER

HYPS = ["The cat sat on the mat.", "A dog barked at İSTANBUL ΟΔΟΣ", ""]
REFS_A = ["the cat sat on the mat", "a dog barked loudly", "nothing"]
REFS_B = ["The cat is sitting on the mat.", None, "x"]


class TestChrF(unittest.TestCase):
    def test_compat_functions(self):
        # sacrebleu.corpus_chrf(HYPS, [REFS_A, REFS_B])
        self.assertAlmostEqual(llmmetrics.corpus_chrf(HYPS, [REFS_A, REFS_B]).score,
                               60.09457616090227, delta=1e-11)
        # ... word_order=2, remove_whitespace=False
        self.assertAlmostEqual(
            llmmetrics.corpus_chrf(HYPS, [REFS_A, REFS_B], word_order=2,
                                   remove_whitespace=False).score,
            65.4513007884803, delta=1e-11)
        # sacrebleu.sentence_chrf(HYPS[1], [REFS_A[1]], beta=1, eps_smoothing=True)
        self.assertAlmostEqual(
            llmmetrics.sentence_chrf(HYPS[1], [REFS_A[1]], beta=1, eps_smoothing=True).score,
            37.36748939341819, delta=1e-11)

    def test_metric_object(self):
        m = CHRF(word_order=2, lowercase=True)
        s = m.corpus_score(HYPS, [REFS_A, REFS_B])
        self.assertAlmostEqual(s.score, 69.75270275489139, delta=1e-11)
        self.assertEqual((s.name, s.char_order, s.word_order, s.beta), ("chrF2++", 6, 2, 2))
        sig = m.get_signature()
        self.assertEqual(str(sig), "nrefs:var|case:lc|eff:yes|nc:6|nw:2|space:no|version:2.6.0")
        self.assertEqual(sig.format(short=True), "#:var|c:lc|e:yes|nc:6|nw:2|s:no|v:2.6.0")
        self.assertEqual(s.format(width=3), "chrF2++ = 69.753")
        self.assertEqual(s.format(width=1, signature=str(sig), is_json=True),
                         '{\n "name": "chrF2++",\n "score": 69.8,\n "signature": '
                         '"nrefs:var|case:lc|eff:yes|nc:6|nw:2|space:no|version:2.6.0",\n'
                         ' "nrefs": "var",\n "case": "lc",\n "eff": "yes",\n "nc": "6",\n'
                         ' "nw": "2",\n "space": "no",\n "version": "2.6.0"\n}')

    def test_cached_references(self):
        m = CHRF(references=[REFS_A, REFS_B])
        self.assertAlmostEqual(m.corpus_score(HYPS, None).score, 60.09457616090227,
                               delta=1e-11)
        self.assertEqual(m.get_signature().info["nrefs"], "var")

    def test_errors(self):
        with self.assertRaises(IndexError):
            llmmetrics.corpus_chrf([], [["a"]])
        with self.assertRaises(TypeError):
            CHRF().corpus_score("a string", [["a"]])
        with self.assertRaises(TypeError):
            CHRF().corpus_score(["a", None], [["a", "b"]])
        with self.assertRaises(ValueError):
            CHRF(char_order=0, word_order=0)
        with self.assertRaises(ValueError):
            CHRF(char_order=13)
        with self.assertRaises(ValueError):  # a segment without any reference
            CHRF().corpus_score(["a"], [[None]])
        with self.assertRaises(ValueError):
            CHRF().get_signature()
        with self.assertRaises(UnicodeEncodeError):
            CHRF().sentence_score("\ud800", ["a"])


class TestTER(unittest.TestCase):
    def test_compat_functions(self):
        # sacrebleu.corpus_ter(HYPS, [REFS_A, REFS_B])
        s = llmmetrics.corpus_ter(HYPS, [REFS_A, REFS_B])
        self.assertAlmostEqual(s.score, 43.47826086956522, delta=1e-11)
        self.assertEqual(s.num_edits, 5)
        self.assertEqual(s.ref_length, 11.5)
        s = llmmetrics.corpus_ter(HYPS, [REFS_A, REFS_B], normalized=True, case_sensitive=True)
        self.assertAlmostEqual(s.score, 58.333333333333336, delta=1e-11)
        self.assertEqual((s.num_edits, s.ref_length), (7, 12.0))
        # sacrebleu.sentence_ter(...): one shift and two substitutions
        s = llmmetrics.sentence_ter("the mat sat on the cat quickly today",
                                    ["today the cat sat on the mat quickly"])
        self.assertEqual((s.score, s.num_edits, s.ref_length), (37.5, 3, 8.0))

    def test_metric_object(self):
        m = TER(no_punct=True)
        s = m.corpus_score(HYPS, [REFS_A])
        self.assertAlmostEqual(s.score, 36.36363636363637, delta=1e-11)
        sig = m.get_signature()
        self.assertEqual(str(sig),
                         "nrefs:1|case:lc|tok:tercom|norm:no|punct:no|asian:no|version:2.6.0")
        self.assertEqual(sig.format(short=True), "#:1|c:lc|t:tercom|nr:no|pn:no|as:no|v:2.6.0")
        self.assertEqual(s.format(signature=str(sig)),
                         "TER|nrefs:1|case:lc|tok:tercom|norm:no|punct:no|asian:no|"
                         "version:2.6.0 = 36.36")
        self.assertIsInstance(s.num_edits, int)

    def test_errors(self):
        with self.assertRaises(IndexError):
            llmmetrics.corpus_ter(["a"], [[]])
        with self.assertRaises(RuntimeError):
            TER().corpus_score(["a"], None)
        with self.assertRaises(ValueError):
            TER().sentence_score("a", [None])


if __name__ == "__main__":
    unittest.main()
