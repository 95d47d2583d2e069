"""llmmetrics.signif against values printed by numpy 1.24.2 and sacrebleu 2.6.0."""

import math
import unittest

import llmmetrics
from llmmetrics import signif

# Per-segment BLEU statistics ([hyp_len, ref_len, correct_1..4, total_1..4]) of three
# systems; the expected values are sacrebleu's PairedTest / _bootstrap_resample on them.
S0 = [[9, 10, 7, 4, 2, 1, 9, 8, 7, 6], [12, 11, 10, 6, 3, 1, 12, 11, 10, 9],
      [5, 7, 3, 1, 0, 0, 5, 4, 3, 2], [8, 8, 8, 7, 6, 5, 8, 7, 6, 5],
      [14, 12, 9, 5, 2, 0, 14, 13, 12, 11], [6, 6, 4, 2, 1, 0, 6, 5, 4, 3]]
S1 = [[10, 10, 8, 5, 3, 2, 10, 9, 8, 7], [11, 11, 9, 5, 2, 1, 11, 10, 9, 8],
      [6, 7, 4, 2, 1, 0, 6, 5, 4, 3], [8, 8, 7, 5, 4, 3, 8, 7, 6, 5],
      [13, 12, 10, 6, 3, 1, 13, 12, 11, 10], [7, 6, 5, 3, 1, 0, 7, 6, 5, 4]]
S2 = [[7, 10, 5, 2, 0, 0, 7, 6, 5, 4], [12, 11, 8, 4, 1, 0, 12, 11, 10, 9],
      [4, 7, 2, 0, 0, 0, 4, 3, 2, 1], [9, 8, 6, 3, 1, 0, 9, 8, 7, 6],
      [15, 12, 8, 3, 1, 0, 15, 14, 13, 12], [5, 6, 3, 1, 0, 0, 5, 4, 3, 2]]

HYP = ["the cat sat on the mat", "a dog"]
HYP2 = ["the cat sat on a mat", "a dog ran"]
REFS = [["the cat sat on the mat", "a dog ran"]]


def rows(results):
    return [(r.score, r.p_value, r.mean, r.ci) for r in results]


class TestPcg64(unittest.TestCase):
    def test_raw(self):
        # np.random.default_rng(12345).bit_generator.random_raw(4)
        self.assertEqual(signif.Pcg64(12345).random_raw(4),
                         [0x3a32b18db2ffc19d, 0x51171315c9e4c4de, 0xcc2024823444efd9,
                          0xad1f06aea486e910])
        self.assertEqual(signif.Pcg64(0).random_raw(1), [0xa30febcfd9c2825f])

    def test_choice_and_bools(self):
        # default_rng(12345).choice(2037, size=12)
        self.assertEqual(signif.Pcg64().integers(2037, 12),
                         [1424, 463, 1606, 645, 415, 1624, 1309, 1377, 2013, 796, 1709, 677])
        g = signif.Pcg64(12345)
        bools = g.bools(40)
        self.assertEqual(bools[:8], [True, False, True, True, True, False, False, True])
        self.assertEqual(sum(bools), 24)
        self.assertEqual(g.integers(5, 6), [3, 1, 1, 3, 3, 3])

    def test_bad_seed(self):
        for seed in (-1, 2 ** 64, 1.5, "1"):
            with self.assertRaises(llmmetrics.InvalidArgumentError):
                signif.Pcg64(seed)


class TestFromStats(unittest.TestCase):
    def test_paired_bs(self):
        got = signif.paired_test_from_stats([S0, S1, S2], "bs", n_samples=200)
        self.assertEqual(rows(got), [
            (40.012048649540716, None, 37.543640404757305, 23.63141886946438),
            (39.98155973386301, 0.4577114427860697, 39.25333174956056, 11.990211935747803),
            (11.324459751492547, 0.009950248756218905, 10.675863660276248, 3.150165876923203)])

    def test_paired_ar(self):
        got = signif.paired_test_from_stats([S0, S1, S2], "ar", n_samples=500)
        self.assertEqual([r.p_value for r in got],
                         [None, 0.9401197604790419, 0.001996007984031936])
        self.assertIsNone(got[1].mean)
        got = signif.paired_test_from_stats([S0, S1, S2], "ar", n_samples=300,
                                            n_ar_confidence=100)
        self.assertEqual(rows(got)[2], (11.324459751492547, 0.0033222591362126247,
                                        10.583998750865273, 4.014613182504818))
        self.assertEqual(got[0].mean, 36.85125942829329)

    def test_confidence(self):
        r = signif.confidence_from_stats(S1, n_bootstrap=300)
        self.assertEqual((r.score, r.mean, r.ci),
                         (39.98155973386301, 39.73897565149291, 12.583920113305647))
        r = signif.confidence_from_stats(S2, n_bootstrap=250, seed=7, smooth_method="add-k",
                                         smooth_value=0.1)
        self.assertEqual((r.score, r.mean, r.ci),
                         (7.635568064638675, 7.283163545120467, 1.9056619977661664))

    def test_errors(self):
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            signif.paired_test_from_stats([S0], "bs")
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            signif.paired_test_from_stats([S0, S1[:3]], "bs")
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            signif.paired_test_from_stats([S0, S1], "xx")
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            signif.confidence_from_stats([[1, 2, 3]])
        with self.assertRaises(IndexError):
            signif.confidence_from_stats([])


class TestText(unittest.TestCase):
    def test_paired_test_class(self):
        sigs, scores = signif.PairedTest([("a", HYP), ("b", HYP2)],
                                         {"BLEU": llmmetrics.BLEU(references=REFS)}, None,
                                         test_type="ar", n_samples=50)()
        self.assertEqual(scores["System"], ["a", "b"])
        self.assertEqual(rows(scores["BLEU"]), [(88.24969025845958, None, None, None),
                                                (59.6949179201965, 0.45098039215686275, None,
                                                 None)])
        self.assertEqual(sigs["BLEU"].format(True),
                         "#:1|ar:50|rs:12345|c:mixed|e:no|tok:13a|s:exp|v:2.6.0")

    def test_paired_bs(self):
        got = signif.paired_bs([HYP, HYP2], REFS, n_samples=50)
        self.assertEqual(rows(got), [
            (88.24969025845958, None, 66.82986371372222, 50.00000000000002),
            (59.6949179201965, 0.0196078431372549, 41.30974293041605, 29.84745896009825)])
        ar = signif.paired_ar([HYP, HYP2], REFS, n_samples=50, tokenize="13a")
        self.assertEqual(ar[1].p_value, 0.45098039215686275)

    def test_confidence(self):
        s = signif.confidence(HYP, REFS, n_bootstrap=20)
        self.assertEqual((s.score, s._mean, s._ci),
                         (88.24969025845958, 68.53732964215278, 50.00000000000002))
        s = signif.confidence(HYP, REFS, n_bootstrap=1)
        self.assertEqual(s._mean, -1.0)
        self.assertTrue(math.isclose(s.score, 88.24969025845958))


if __name__ == "__main__":
    unittest.main()
