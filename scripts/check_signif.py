#!/usr/bin/env python3
"""Differential check of llmmetrics.signif against sacrebleu 2.6.0 significance.py.

Runs only when `sacrebleu` (and numpy) can be imported, e.g.

    LLMMETRICS_LIB=build/libllmmetrics.so PYTHONPATH=/path/to/sacrebleu-checkout \
        python3 scripts/check_signif.py [--quick] [--data ../shared/data/mt] \
        [--cli build/llmmetrics]

and otherwise prints "skipped" and exits 0. Every comparison is exact (==) on floats:
  * the random stream: default_rng(seed).choice / integers(bool) / random_raw;
  * PairedTest (bs and ar, several BLEU configurations, seeds, n_ar_confidence) on the
    WMT22 en-de systems, JDExploreAcademy as the baseline;
  * corpus_score(n_bootstrap=1000) (`--confidence`) of every system;
  * synthetic statistics: totals beyond 2^24 (sacrebleu's float32 sums round), segments
    without references (ref_len -1), no matches, one- and two-segment corpora;
  * with --cli: stdout and exit status of `llmmetrics bleu` and `python3 -m sacrebleu`
    (which needs tabulate, colorama, portalocker) for the paired / confidence / multi-
    system command lines.
Prints timings of sacrebleu and llmmetrics for the default tests at the end.
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))

try:
    import numpy as np
    from sacrebleu.metrics import BLEU as SBLEU
    from sacrebleu.significance import PairedTest as SPairedTest, _bootstrap_resample
except ImportError as exc:  # pragma: no cover - depends on the environment
    print(f"check_signif: skipped (sacrebleu/numpy not importable: {exc})")
    sys.exit(0)

import llmmetrics  # noqa: E402
from llmmetrics import signif  # noqa: E402

SYSTEMS = ["JDExploreAcademy", "Online-B", "Online-W", "OpenNMT", "PROMT"]
FAILS = []
CHECKS = [0]


def same(a, b, what):
    CHECKS[0] += 1
    if a != b:
        FAILS.append(what)
        print(f"MISMATCH {what}: sacrebleu {a!r} llmmetrics {b!r}")


def same_result(ra, rb, what):
    for f in ("score", "p_value", "mean", "ci"):
        same(getattr(ra, f), getattr(rb, f), f"{what}.{f}")


def set_seed(seed):
    os.environ["SACREBLEU_SEED"] = str(seed)


def check_rng():
    for seed in (0, 1, 12345, 2 ** 32 - 1, 2 ** 32, 2 ** 63 + 11, 2 ** 64 - 1):
        g = np.random.default_rng(seed)
        p = signif.Pcg64(seed)
        for high, size in ((2037, 5000), (1, 3), (2 ** 32, 100), (2 ** 40 + 1, 100), (7, 999)):
            same(g.choice(high, size=size, replace=True).tolist(), p.integers(high, size),
                 f"rng seed={seed} choice({high})")
        same([bool(b) for b in g.integers(2, size=4099, dtype=bool)], p.bools(4099),
             f"rng seed={seed} bools")
        same([int(x) for x in g.bit_generator.random_raw(7)], p.random_raw(7),
             f"rng seed={seed} random_raw")


def read(data, name):
    with open(os.path.join(data, f"wmt22.en-de.{name}.txt"), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def paired(named, refs, kwargs, test, n, seed, n_ar_conf=-1, label=""):
    set_seed(seed)
    t0 = time.perf_counter()
    sig_a, sc_a = SPairedTest(named, {"BLEU": SBLEU(references=refs, **kwargs)}, None,
                              test_type=test, n_samples=n, n_ar_confidence=n_ar_conf)()
    t1 = time.perf_counter()
    sig_b, sc_b = signif.PairedTest(named, {"BLEU": llmmetrics.BLEU(references=refs, **kwargs)},
                                    None, test_type=test, n_samples=n,
                                    n_ar_confidence=n_ar_conf, seed=seed)()
    t2 = time.perf_counter()
    what = f"{label} {test} n={n} seed={seed} {kwargs}"
    same(sc_a["System"], sc_b["System"], what + " names")
    for i, (ra, rb) in enumerate(zip(sc_a["BLEU"], sc_b["BLEU"])):
        same_result(ra, rb, f"{what} [{sc_a['System'][i]}]")
    for short in (False, True):
        same(sig_a["BLEU"].format(short), sig_b["BLEU"].format(short), what + " signature")
    return t1 - t0, t2 - t1


def confidence(hyps, refs, kwargs, n, seed, label):
    set_seed(seed)
    t0 = time.perf_counter()
    a = SBLEU(**kwargs).corpus_score(hyps, refs, n_bootstrap=n)
    t1 = time.perf_counter()
    b = signif.confidence(hyps, refs, n_bootstrap=n, seed=seed, **kwargs)
    t2 = time.perf_counter()
    what = f"confidence {label} n={n} {kwargs}"
    for f in ("score", "_mean", "_ci"):
        same(getattr(a, f), getattr(b, f), f"{what}.{f}")
    return t1 - t0, t2 - t1


class StatsBLEU(SBLEU):
    """sacrebleu BLEU whose 'hypotheses' are already per-segment statistics."""

    def _extract_corpus_statistics(self, hypotheses, references):
        self.num_refs = 1
        return [list(r) for r in hypotheses]


def synthetic(rng, n, big=False, holes=False):
    rows = []
    for _ in range(n):
        hyp = int(rng.integers(0, 2 ** 21 if big else 40))
        ref = int(rng.integers(0, 2 ** 21 if big else 40))
        if holes and rng.random() < 0.2:
            ref = -1
        tot = [max(hyp - k, 0) for k in range(4)]
        cor = [int(rng.integers(0, t + 1)) if t else 0 for t in tot]
        if rng.random() < 0.1:
            cor = [0, 0, 0, 0]
        rows.append([hyp, ref] + cor + tot)
    return rows


def check_synthetic(quick):
    rng = np.random.default_rng(99)
    configs = [{}, {"smooth_method": "add-k", "smooth_value": 0.1},
               {"smooth_method": "add-k", "smooth_value": 1.7},
               {"smooth_method": "floor"}, {"effective_order": True}]
    shapes = [(1, False, False), (2, False, False), (37, False, True), (300, True, False),
              (120, True, True)]
    for n, big, holes in shapes:
        systems = [synthetic(rng, n, big, holes) for _ in range(3)]
        for kwargs in configs:
            label = f"synthetic n={n} big={big} holes={holes} {kwargs}"
            # --confidence path: _bootstrap_resample + Score.estimate_ci
            set_seed(12345)
            m = StatsBLEU(**kwargs)
            actual = m._aggregate_and_compute(systems[0])
            _, bs = _bootstrap_resample(systems[0], m, 200)
            actual.estimate_ci(bs)
            r = signif.confidence_from_stats(systems[0], n_bootstrap=200, **kwargs)
            same(actual.score, r.score, label + " conf.score")
            same(actual._mean, r.mean, label + " conf.mean")
            same(actual._ci, r.ci, label + " conf.ci")
            tests = [("bs", 300, -1), ("ar", 400, -1), ("ar", 200, 150)]
            for test, ns, nconf in tests:
                if quick and test == "ar" and n > 100:
                    continue
                set_seed(12345)
                named = [(f"s{i}", s) for i, s in enumerate(systems)]
                _, sc = SPairedTest(named, {"BLEU": StatsBLEU(**kwargs)}, None, test_type=test,
                                    n_samples=ns, n_ar_confidence=nconf)()
                ours = signif.paired_test_from_stats(systems, test, n_samples=ns,
                                                     n_ar_confidence=nconf, **kwargs)
                for i, (ra, rb) in enumerate(zip(sc["BLEU"], ours)):
                    same_result(ra, rb, f"{label} {test} conf={nconf} [{i}]")


def check_cli(cli, data):
    """Byte-for-byte command-line output (stdout) and exit status."""
    ref = os.path.join(data, "wmt22.en-de.ref.A.txt")
    hyp = [os.path.join(data, f"wmt22.en-de.hyp.{s}.txt") for s in SYSTEMS]
    cases = [
        [ref, "-i"] + hyp + ["--paired-bs", "-f", "text"],
        [ref, "-i"] + hyp[:3] + ["--paired-bs"],
        [ref, "-i"] + hyp[:3] + ["--paired-ar", "-parn", "2000", "-f", "text", "-w", "3"],
        [ref, "-i"] + hyp[:3] + ["--paired-bs", "-pbsn", "300", "-f", "latex", "-sh"],
        [ref, "-i"] + hyp[:3] + ["--paired-ar", "-parn", "300", "-f", "latex"],
        [ref, "-i"] + hyp + ["-f", "text", "-w", "2"],
        [ref, "-i"] + hyp[:2] + ["-f", "latex"],
        [ref, "-i"] + hyp[:2],
        [ref, "-i", hyp[1], "--confidence"],
        [ref, "-i", hyp[1], "--confidence", "-f", "text", "-w", "3", "-cin", "300"],
        [ref, "-i", hyp[1], "--confidence", "-b"],
        [ref, "-i", hyp[1], "--confidence", "-sh", "-f", "text", "-lc", "-tok", "intl"],
        [ref, "-i", hyp[1], "--confidence", "-cin", "1", "-f", "text"],
        [ref, "-i", hyp[0], hyp[0], hyp[1], "--paired-bs", "-pbsn", "100", "-f", "text"],
        [ref, "-i", hyp[0], hyp[1], "--paired-bs", "-pbsn", "0", "-s", "floor", "-f", "text"],
        [ref, "-i", hyp[0], hyp[1], "--paired-ar", "-parn", "-5", "-f", "text"],
        [ref, "-i", hyp[1], "--paired-bs"],
        [ref, "-i", hyp[0], hyp[1], "--confidence"],
        [ref, "-i", hyp[0], hyp[1], "-sl"],
        [ref, "-i", hyp[0], hyp[0]],
    ]
    env = dict(os.environ, SACREBLEU_SEED="12345")
    env.pop("SACREBLEU_FORMAT", None)
    env.pop("LLMMETRICS_FORMAT", None)
    for args in cases:
        a = subprocess.run([sys.executable, "-m", "sacrebleu"] + args + ["-q"], env=env,
                           capture_output=True)
        b = subprocess.run([cli, "bleu"] + args + ["-q"], env=env, capture_output=True)
        same((a.returncode, a.stdout.decode("utf-8", "replace")),
             (b.returncode, b.stdout.decode("utf-8", "replace")), "cli " + " ".join(args[1:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data", "mt"))
    ap.add_argument("--quick", action="store_true", help="fewer configurations")
    ap.add_argument("--cli", help="path of the llmmetrics binary: compare its output too")
    args = ap.parse_args()

    check_rng()
    print(f"rng: {CHECKS[0]} checks")
    check_synthetic(args.quick)
    print(f"synthetic: {CHECKS[0]} checks so far")

    if not os.path.exists(os.path.join(args.data, "wmt22.en-de.ref.A.txt")):
        print(f"check_signif: WMT22 data not found in {args.data}; text checks skipped")
    else:
        ref_a, ref_b = read(args.data, "ref.A"), read(args.data, "ref.B")
        named = [(s, read(args.data, f"hyp.{s}")) for s in SYSTEMS]
        timings = {}
        timings["bs"] = paired(named, [ref_a], {}, "bs", 1000, 12345, label="default")
        timings["ar"] = paired(named, [ref_a], {}, "ar", 10000, 12345, label="default")
        configs = [{"lowercase": True, "tokenize": "intl"}, {"smooth_method": "floor"},
                   {"smooth_method": "add-k", "smooth_value": 0.1}, {"tokenize": "none"}]
        if not args.quick:
            configs += [{"smooth_method": "none"}, {"effective_order": True},
                        {"tokenize": "char"}, {"smooth_method": "add-k"}]
        for kwargs in configs:
            paired(named[:3], [ref_a], kwargs, "bs", 500, 12345, label="config")
            paired(named[:3], [ref_a], kwargs, "ar", 1000, 12345, label="config")
        paired(named[:3], [ref_a, ref_b], {}, "bs", 1000, 12345, label="2 refs")
        paired(named[:3], [ref_a, ref_b], {}, "ar", 2000, 12345, label="2 refs")
        for seed in (1, 7, 2 ** 40 + 7):
            paired(named[:2], [ref_a], {}, "bs", 300, seed, label="seed")
            paired(named[:2], [ref_a], {}, "ar", 300, seed, label="seed")
        paired(named[:3], [ref_a], {}, "ar", 2000, 12345, n_ar_conf=1000, label="ar+ci")
        paired(named[:2], [ref_a], {}, "ar", 500, 12345, n_ar_conf=0, label="ar+ci default")
        t_conf = [0.0, 0.0]
        for name, hyps in named:
            t = confidence(hyps, [ref_a], {}, 1000, 12345, name)
            t_conf = [t_conf[0] + t[0], t_conf[1] + t[1]]
        confidence(named[1][1], [ref_a], {"smooth_method": "add-k", "smooth_value": 0.1}, 1000,
                   12345, "add-k 0.1")
        confidence(named[1][1], [ref_a, ref_b], {"lowercase": True}, 2000, 3, "2 refs lc")
        confidence(named[1][1][:1], [ref_a[:1]], {}, 50, 12345, "one segment")
        if args.cli:
            before = CHECKS[0]
            check_cli(args.cli, args.data)
            print(f"cli: {CHECKS[0] - before} command lines compared")
        print("timings (sacrebleu / llmmetrics, seconds, text -> result, 5 systems, 1 thread):")
        print(f"  paired bs 1000:    {timings['bs'][0]:.2f} / {timings['bs'][1]:.3f}")
        print(f"  paired ar 10000:   {timings['ar'][0]:.2f} / {timings['ar'][1]:.3f}")
        print(f"  confidence 1000 x5: {t_conf[0]:.2f} / {t_conf[1]:.3f}")

    if FAILS:
        print(f"check_signif: {len(FAILS)} of {CHECKS[0]} comparisons differ")
        return 1
    print(f"check_signif: all {CHECKS[0]} comparisons identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
