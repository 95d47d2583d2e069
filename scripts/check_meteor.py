#!/usr/bin/python3
"""Differential check of llmmetrics METEOR against NLTK 3.8's meteor_score.

Pairs: every REALSumm summary against its references and against another document's
references, WMT22 en-de hypotheses against references, and random sentences built from
inflected words and WordNet synonyms; default and non-default alpha/beta/gamma; with the
Debian WordNet and without (NLTK given a reader with no synsets). Scores must be equal
to the last bit (the arithmetic is NLTK's, in the same order).

usage: LLMMETRICS_LIB=build/libllmmetrics.so PYTHONPATH=bindings/python \
       scripts/check_meteor.py [--quick]
"""
import json
import os
import random
import sys
import warnings

import llmmetrics
from llmmetrics.meteor import WordNet

sys.path.insert(0, os.path.dirname(__file__))
from check_wordnet import nltk_reader  # noqa: E402

warnings.simplefilter("ignore")
from nltk.translate.meteor_score import meteor_score as nltk_meteor  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data")


class NoWordNet:
    """A WordNet reader with no synsets: NLTK's METEOR with exact + stem stages only."""

    def synsets(self, word):
        return []


def pairs(quick):
    rng = random.Random(7)
    out = []
    summ = os.path.join(DATA, "summ")
    docs = []
    for name in sorted(os.listdir(summ)):
        for line in open(os.path.join(summ, name)):
            d = json.loads(line)
            docs.append((d["prediction"], d["references"]))
    for i, (hyp, refs) in enumerate(docs):
        out.append((hyp.split(), [r.split() for r in refs]))
        other = docs[rng.randrange(len(docs))][1]
        out.append((hyp.split(), [r.split() for r in other + refs]))
    mt = os.path.join(DATA, "mt")
    if os.path.isdir(mt):
        names = sorted(os.listdir(mt))
        hyp_files = [n for n in names if ".hyp." in n][:2]
        ref_files = [n for n in names if ".ref." in n][:1]
        for hf in hyp_files:
            for rf in ref_files:
                hl = open(os.path.join(mt, hf), encoding="utf-8").read().split("\n")
                rl = open(os.path.join(mt, rf), encoding="utf-8").read().split("\n")
                for h, r in list(zip(hl, rl))[:500]:
                    out.append((h.split(), [r.split()]))
    vocab = ("dog hound dogs quick fast speedy happy glad felicitous run running ran runs "
             "big large great cat cats car automobile machine went go goes going gone "
             "children child kids kid The A the a an of on is was were be been being "
             "women woman men man geese goose mice mouse better best good well "
             "rescue rescues rescued saving save saved help helps helped aid relief "
             "CNN , . ' \" İ ΣΑΣ straße 東京").split()
    for _ in range(3000):
        h = [rng.choice(vocab) for _ in range(rng.randrange(0, 15))]
        refs = [[rng.choice(vocab) for _ in range(rng.randrange(0, 15))]
                for _ in range(rng.randrange(1, 4))]
        out.append((h, refs))
    if quick:
        out = rng.sample(out, 1500)
    return out


def main():
    quick = "--quick" in sys.argv
    ref_wn = nltk_reader("/usr/share/wordnet")
    wn = WordNet("/usr/share/wordnet")
    settings = [dict(alpha=0.9, beta=3.0, gamma=0.5), dict(alpha=0.85, beta=0.2, gamma=0.6),
                dict(alpha=0.5, beta=1.0, gamma=1.5)]
    bad = total = 0
    ps = pairs(quick)
    for with_wn in (True, False):
        for opts in settings:
            if not with_wn and opts is not settings[0]:
                continue
            got = llmmetrics.meteor_scores([r for _, r in ps], [h for h, _ in ps],
                                           wordnet=wn if with_wn else False, **opts)
            for (h, refs), g in zip(ps, got):
                exp = nltk_meteor(refs, h, wordnet=ref_wn if with_wn else NoWordNet(), **opts)
                total += 1
                if exp != g:
                    bad += 1
                    if bad <= 10:
                        print("MISMATCH", opts, with_wn, exp, g, h[:12], [r[:12] for r in refs])
    print(f"checked {total} scores, {bad} mismatches (bit-exact comparison)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
