"""compare_rouge.py - ROUGE from Python on DATA/summ (REALSumm, 2,500 pairs): the
llmmetrics drop-in (one call per pair, as rouge-score is used, and score_corpus, one C call
for everything) against rouge-score when it is installed, and against the part of
rouge-score's work that NLTK does alone: tokenizing with rouge-score's regexes and stemming
every token longer than 3 characters with PorterStemmer, as rouge-score does for each
call (a lower bound of rouge-score's time with use_stemmer=True).

Run by `make bench`:  python3 bench/compare_rouge.py DATA  (LLMMETRICS_LIB/PYTHONPATH set
by the Makefile). Best of a few runs; a benchmark, not a test.
"""

import glob
import json
import os
import re
import sys
import time

from llmmetrics import rouge_scorer

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def best_time(fn, runs):
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    pairs = []
    for path in sorted(glob.glob(os.path.join(data, "summ", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                pairs.append((rec["references"][0], rec["prediction"]))
    if not pairs:
        print("compare_rouge: no data under %s/summ, skipped" % data)
        return 0
    n = len(pairs)
    print("ROUGE from Python: %d pairs, %s, use_stemmer=True" % (n, "+".join(TYPES)))
    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    t_ours = best_time(lambda: [ours.score(t, p) for t, p in pairs], 3)
    print("  llmmetrics.rouge_scorer.score per pair: %9.0f pairs/s" % (n / t_ours))
    targets = [t for t, _ in pairs]
    preds = [p for _, p in pairs]
    t_corpus = best_time(lambda: ours.score_corpus(targets, preds), 3)
    print("  llmmetrics score_corpus (one C call):   %9.0f pairs/s" % (n / t_corpus))

    from nltk.stem import porter
    stemmer = porter.PorterStemmer()
    non_alnum = re.compile(r"[^a-z0-9]+")

    def nltk_part():
        for t, p in pairs:
            for text in (t, p):
                for tok in non_alnum.sub(" ", text.lower()).split():
                    if len(tok) > 3:
                        stemmer.stem(tok)
    t_nltk = best_time(nltk_part, 2)
    print("  NLTK tokenize+stem alone (rouge-score's share): %6.0f pairs/s -> llmmetrics "
          "per-pair calls are %.0fx faster" % (n / t_nltk, t_nltk / t_ours))
    try:
        from rouge_score import rouge_scorer as reference
    except ImportError:
        print("  rouge-score: not installed, skipped")
        return 0
    ref = reference.RougeScorer(TYPES, use_stemmer=True)
    t_ref = best_time(lambda: [ref.score(t, p) for t, p in pairs], 1)
    print("  rouge-score %9.0f pairs/s -> llmmetrics %.0fx (per pair), %.0fx (corpus)"
          % (n / t_ref, t_ref / t_ours, t_ref / t_corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
