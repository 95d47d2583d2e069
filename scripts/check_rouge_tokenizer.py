#!/usr/bin/env python3
"""Checks the ROUGE tokenizer of libllmmetrics against rouge-score's over every code point.

rouge-score's tokenize() (rouge_score/tokenize.py) is: text.lower(), runs of characters
outside [a-z0-9] replaced by one space, split on whitespace, empty tokens dropped. For
every code point c (surrogates excluded) the prediction "x" + c + "y" + c + "z9" is scored
against the space-joined tokens Python produces for it; identical token sequences give
rouge1 = rouge2 = 1 (rouge2 = 0 when there is a single token), anything else less.

Usage: LLMMETRICS_LIB=build/libllmmetrics.so PYTHONPATH=bindings/python \
       scripts/check_rouge_tokenizer.py
"""
import re
import sys

from llmmetrics import rouge_scorer

NON_ALNUM = re.compile(r"[^a-z0-9]+")


def py_tokens(text):
    return [t for t in NON_ALNUM.sub(" ", text.lower()).split() if t]


def main():
    preds, targets, n_tok = [], [], []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        p = "x" + c + "Y" + c + "z9"
        toks = py_tokens(p)
        preds.append(p)
        targets.append(" ".join(toks))
        n_tok.append(len(toks))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"])
    per, _ = scorer.score_corpus(targets, preds)
    bad = 0
    for p, k, s in zip(preds, n_tok, per):
        want2 = (1.0, 1.0, 1.0) if k >= 2 else (0.0, 0.0, 0.0)
        if tuple(s["rouge1"]) != (1.0, 1.0, 1.0) or tuple(s["rouge2"]) != want2:
            bad += 1
            if bad <= 10:
                print("MISMATCH U+%04X: %r -> python %r, llmm %r"
                      % (ord(p[1]), p, py_tokens(p), s))
    print("%d code points, %d mismatches" % (len(preds), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
