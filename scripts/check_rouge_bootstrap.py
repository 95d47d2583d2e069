#!/usr/bin/env python3
"""Statistical check of llmm_rouge_bootstrap against rouge-score's BootstrapAggregator.

Scores every pair of ../shared/data/summ/*.jsonl (rouge1, rouge2, rougeL, rougeLsum,
use_stemmer=True) with llmmetrics.rouge_scorer (whose per-pair scores match rouge-score
exactly, see the parity suite), then computes the 95% intervals twice: with
llmmetrics.rouge_scorer.BootstrapAggregator, and with numpy following rouge-score's
scoring.py _bootstrap_resample (1000 resamples of np.random.choice indices, mean per
resample, np.percentile at 2.5/50/97.5). Both are random, so they are compared with a
tolerance: every low/mid/high of every type and measure must agree within 0.002.

Usage: LLMMETRICS_LIB=build/libllmmetrics.so PYTHONPATH=bindings/python \
       scripts/check_rouge_bootstrap.py [DATA_DIR]
"""
import glob
import json
import os
import sys

import numpy as np

from llmmetrics import rouge_scorer

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def numpy_intervals(rows, n_samples=1000, ci=0.95, seed=1):
    """rouge-score's resampling (scoring.py:126-153), with a seeded generator."""
    rng = np.random.RandomState(seed)
    matrix = np.vstack(rows)
    means = np.zeros((n_samples, matrix.shape[1]))
    for i in range(n_samples):
        idx = rng.choice(np.arange(matrix.shape[0]), size=matrix.shape[0])
        means[i, :] = np.mean(matrix[idx, :], axis=0)
    delta = (1 - ci) / 2
    return np.percentile(means, 100 * np.array([delta, 0.5, 1 - delta]), axis=0)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "data")
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    agg = rouge_scorer.BootstrapAggregator(seed=2024)
    rows = {t: [] for t in TYPES}
    for path in sorted(glob.glob(os.path.join(data, "summ", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                s = scorer.score(rec["references"][0], rec["prediction"])
                agg.add_scores(s)
                for t in TYPES:
                    rows[t].append(tuple(s[t]))
    ours = agg.aggregate()
    worst = 0.0
    for t in TYPES:
        ref = numpy_intervals(rows[t])
        for b, bound in enumerate(("low", "mid", "high")):
            got = getattr(ours[t], bound)
            for m in range(3):
                d = abs(got[m] - ref[b, m])
                worst = max(worst, d)
                print("%-9s %-4s %-9s llmm %.5f numpy %.5f diff %.5f"
                      % (t, bound, rouge_scorer.Score._fields[m], got[m], ref[b, m], d))
    n = len(rows[TYPES[0]])
    print("%d pairs; largest difference %.5f (tolerance 0.002): %s"
          % (n, worst, "OK" if worst <= 0.002 else "FAIL"))
    return 0 if worst <= 0.002 else 1


if __name__ == "__main__":
    sys.exit(main())
