"""Tests of the METEOR binding: NLTK 3.8 values (meteor_score with Debian's WordNet 3.0,
computed with python3-nltk 3.8; several are the docstring examples of
nltk/translate/meteor_score.py), NLTK's input checks and errors, batches, and the
WordNet index. Needs Debian's wordnet-base (/usr/share/wordnet) or
LLMMETRICS_WORDNET_DIR. Run with `make python-test`."""

import math
import os
import tempfile
import unittest

import llmmetrics
from llmmetrics import (WordNet, meteor_score, meteor_score_strings, meteor_scores,
                        single_meteor_score)
from llmmetrics.meteor import default_wordnet_dir

HYP1 = ['It', 'is', 'a', 'guide', 'to', 'action', 'which', 'ensures', 'that', 'the',
        'military', 'always', 'obeys', 'the', 'commands', 'of', 'the', 'party']
HYP2 = ['It', 'is', 'to', 'insure', 'the', 'troops', 'forever', 'hearing', 'the',
        'activity', 'guidebook', 'that', 'party', 'direct']
REF1 = ['It', 'is', 'a', 'guide', 'to', 'action', 'that', 'ensures', 'that', 'the',
        'military', 'will', 'forever', 'heed', 'Party', 'commands']
REF2 = ['It', 'is', 'the', 'guiding', 'principle', 'which', 'guarantees', 'the', 'military',
        'forces', 'always', 'being', 'under', 'the', 'command', 'of', 'the', 'Party']
REF3 = ['It', 'is', 'the', 'practical', 'guide', 'for', 'the', 'army', 'always', 'to',
        'heed', 'the', 'directions', 'of', 'the', 'party']


def setUpModule():
    if not os.path.exists(os.path.join(default_wordnet_dir(), "index.noun")):
        raise RuntimeError(f"no WordNet database in {default_wordnet_dir()}: "
                           "apt-get install wordnet-base (or set LLMMETRICS_WORDNET_DIR)")


class NLTKValues(unittest.TestCase):
    def test_docstring_examples(self):
        self.assertEqual(meteor_score([REF1, REF2, REF3], HYP1), 0.6944444444444445)
        self.assertEqual(meteor_score([REF1, REF2, REF3], HYP2), 0.3035391371738569)
        self.assertEqual(single_meteor_score(REF1, HYP1), 0.6944444444444445)
        self.assertEqual(single_meteor_score(REF2, HYP2, alpha=0.85, beta=0.2, gamma=0.6),
                         0.12246795980631549)
        self.assertEqual(
            round(meteor_score([['this', 'is', 'a', 'cat']], ['non', 'matching', 'hypothesis']),
                  4), 0.0)

    def test_synonyms_and_vectors(self):
        # meteor.jsonl meteor-vis-0023-adv-synonyms and -0024-adv-stem_matches
        self.assertEqual(meteor_score([['a', 'hound', 'was', 'fast', 'and', 'glad']],
                                      ['the', 'dog', 'is', 'quick', 'and', 'happy']),
                         0.42592592592592593)
        self.assertEqual(meteor_score([['create', 'runs', 'cat', 'generous']],
                                      ['creates', 'running', 'cats', 'generously']), 0.9921875)
        # without the synonym stage only "and" matches
        self.assertEqual(meteor_score([['a', 'hound', 'was', 'fast', 'and', 'glad']],
                                      ['the', 'dog', 'is', 'quick', 'and', 'happy'],
                                      wordnet=False), 0.08333333333333333)

    def test_strings_and_batches(self):
        self.assertEqual(meteor_score_strings(["a hound was  fast and glad", "x"],
                                              "the dog is quick\tand happy"),
                         0.42592592592592593)
        refs = [[REF1, REF2, REF3], [REF1, REF2, REF3], [['a']]]
        hyps = [HYP1, HYP2, []]
        self.assertEqual(meteor_scores(refs, hyps),
                         [0.6944444444444445, 0.3035391371738569, 0.0])
        self.assertEqual(meteor_scores([[" ".join(r) for r in rs] for rs in refs],
                                       [" ".join(h) for h in hyps], tokenized=False),
                         [0.6944444444444445, 0.3035391371738569, 0.0])
        self.assertEqual(meteor_scores([], []), [])
        # mostly-ASCII token lists with a few non-ASCII tokens (byte offsets per token)
        hyps = [["Café", "naïve", "the", "ΣΑΣ"], ["a", "b"], ["straße", "x"]]
        refs = [[["café", "naïve", "a", "σας"]], [["a", "c"], ["b"]], [["STRASSE", "x"]]]
        self.assertEqual(meteor_scores(refs, hyps),
                         [meteor_score(r, h) for r, h in zip(refs, hyps)])
        self.assertEqual(meteor_scores(refs, hyps),
                         meteor_scores([[" ".join(r) for r in rs] for rs in refs],
                                       [" ".join(h) for h in hyps], tokenized=False))
        self.assertEqual(meteor_score([["café", "naïve", "x"]], ["Café", "naïve", "y"]), 0.625)
        # tuples and generators are iterables of tokens too
        self.assertEqual(meteor_score((tuple(REF1),), iter(HYP1)), 0.6944444444444445)
        # tokens holding a NUL, spaces or nothing: the packed form refuses NULs, and the
        # token-offsets path scores them (same values as one call per segment)
        hyps = [["dog\0cat", "a b", ""], ["dog"], []]
        refs = [[["dog\0cat", "a b", "x"]], [["dog"], []], [["a"]]]
        self.assertEqual(meteor_scores(refs, hyps),
                         [meteor_score(r, h) for r, h in zip(refs, hyps)])
        self.assertEqual(meteor_scores(refs, hyps)[:2], [0.625, 0.5])  # NLTK 3.8 values


class Errors(unittest.TestCase):
    def test_nltk_type_errors(self):
        with self.assertRaises(TypeError) as cm:
            meteor_score([['a']], 'a b')
        self.assertEqual(str(cm.exception),
                         '"hypothesis" expects pre-tokenized hypothesis (Iterable[str]): a b')
        with self.assertRaises(TypeError) as cm:
            meteor_score(['a b'], ['a'])
        self.assertEqual(str(cm.exception),
                         '"reference" expects pre-tokenized reference (Iterable[str]): a b')
        with self.assertRaises(ValueError) as cm:
            meteor_score([], ['a'])
        self.assertEqual(str(cm.exception), "max() arg is an empty sequence")
        with self.assertRaises(TypeError):
            meteor_score([['a', 1]], ['a'])

    def test_other_errors(self):
        with self.assertRaises(OverflowError):
            meteor_score([['c', 'a', 'b']], ['a', 'b', 'c'], beta=-2000.0)
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            meteor_score([['a']], ['a'], alpha=math.nan)
        with self.assertRaises(llmmetrics.UnsupportedError):
            meteor_score([['a']], ['a'], preprocess=str.upper)
        with self.assertRaises(UnicodeEncodeError):
            meteor_score([['a']], ['\ud800'])
        with self.assertRaises(ValueError):
            meteor_scores([[['a']]], [['a'], ['b']])


class WordNetIndex(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.wn = WordNet()

    def test_queries(self):
        self.assertEqual(self.wn.synsets('dogs'),
                         [('n', 2084071), ('n', 10114209), ('n', 10023039), ('n', 9886220),
                          ('n', 7676602), ('n', 3901548), ('n', 2710044), ('v', 2001876)])
        self.assertEqual(self.wn.morphy('churches', 'n'), ['church'])
        self.assertEqual(self.wn.morphy('better', 'a'), ['better', 'good', 'well'])
        self.assertEqual(self.wn.synonyms('quick'),
                         {'agile', 'fast', 'flying', 'immediate', 'nimble', 'prompt',
                          'promptly', 'quick', 'quickly', 'ready', 'speedy', 'spry',
                          'straightaway', 'warm'})
        self.assertEqual(self.wn.synonyms('happi'), set())  # a Porter stem: no synset
        self.assertEqual(self.wn.synset_lemma_names('dog')[0],
                         ['dog', 'domestic_dog', 'Canis_familiaris'])
        info = self.wn.info
        self.assertEqual(info['n_synsets'], 117659)
        self.assertEqual(info['format_version'], 1)

    def test_save_load(self):
        blob = self.wn.to_bytes()
        wn2 = WordNet.load(blob)
        self.assertEqual(wn2.info, self.wn.info)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "wn.idx")
            self.wn.save(path)
            wn3 = WordNet.load(path)
        self.assertEqual(meteor_score([['a', 'hound']], ['the', 'dog'], wordnet=wn3),
                         meteor_score([['a', 'hound']], ['the', 'dog'], wordnet=self.wn))
        with self.assertRaises(llmmetrics.Error):
            WordNet.load(blob[:-1])
        with self.assertRaises(llmmetrics.Error):
            WordNet.load(b"not an index")
        with self.assertRaises(LookupError):
            WordNet("/nonexistent/wordnet")


if __name__ == "__main__":
    unittest.main()
