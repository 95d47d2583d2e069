"""compare_references.py - corpus BLEU from Python: llmmetrics against NLTK (and sacrebleu
when installed), on the largest hypothesis/reference pair of DATA/mt (by bytes).

Run by `make bench` after the C benchmark:  python3 bench/compare_references.py DATA
Needs LLMMETRICS_LIB / PYTHONPATH as set by the Makefile. Prints MB/s (hypothesis +
reference UTF-8 bytes), segments/s and the speed ratios. Timings are the best of a few
runs; this is a benchmark, not a test.
"""

import ctypes
import glob
import os
import re
import sys
import time

import llmmetrics
from llmmetrics import _lib, bleu as _bleu


def read_lines(path):
    # vectors/README.md: split on "\n" only, drop the empty piece after the last newline.
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def largest_pair(mt_dir):
    best = None
    for hyp in glob.glob(os.path.join(mt_dir, "*.hyp.*.txt")):
        m = re.match(r"(.*)\.hyp\.[^/]*\.txt$", hyp)
        for ref in glob.glob(m.group(1) + ".ref.*.txt"):
            size = os.path.getsize(hyp) + os.path.getsize(ref)
            if best is None or size > best[0]:
                best = (size, hyp, ref)
    return best


def best_time(fn, runs):
    best = float("inf")
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def report(label, seconds, n_bytes, n_segments, extra=""):
    print(f"  {label:<44} {seconds * 1e3:9.1f} ms {n_bytes / seconds / 1e6:9.1f} MB/s "
          f"{n_segments / seconds:12,.0f} seg/s {extra}")


def bleu_section(data):
    found = largest_pair(os.path.join(data, "mt"))
    if not found:
        print(f"compare_references: no hypothesis/reference pair in {data}/mt, skipped")
        return 0
    size, hyp_path, ref_path = found
    hyps, refs = read_lines(hyp_path), read_lines(ref_path)
    n = len(hyps)
    print(f"corpus BLEU (13a) from Python on {os.path.basename(hyp_path)} + "
          f"{os.path.basename(ref_path)}: {n} segments, {size / 1e6:.2f} MB")

    # llmmetrics, the whole Python call (type checks, UTF-8 encoding, one C call).
    t_py, score = best_time(lambda: llmmetrics.corpus_bleu(hyps, [refs]), 7)
    report("llmmetrics.corpus_bleu (Python call)", t_py, size, n, f"BLEU {score.score:.4f}")

    # The same C call on buffers encoded beforehand: what the Python layer adds.
    t_enc, (hb, rb) = best_time(lambda: (_lib.encode_batch(hyps), _lib.encode_batch(refs)), 7)
    metric = llmmetrics.BLEU()
    ref_arr = (_lib.Strs * 1)(rb.strs)
    total = _bleu._Stats()

    def c_call():
        status = _bleu._extract_corpus(metric._scorer, ctypes.byref(hb.strs), ref_arr, 1,
                                       ctypes.byref(total), None, None, None, None)
        _lib.check(status)
    t_c, _ = best_time(c_call, 7)
    report("  of which: C extract (pre-encoded buffers)", t_c, size, n)
    report("  of which: UTF-8 encoding + offsets", t_enc, size, n)

    # NLTK: no sacrebleu tokenizer; str.split() is a reasonable stand-in for 13a on
    # detokenized text, so its BLEU differs a little from sacrebleu's.
    try:
        from nltk.translate.bleu_score import corpus_bleu as nltk_corpus_bleu
    except ImportError:
        print("  NLTK not installed (apt-get install python3-nltk): skipped")
        t_nltk = None
    else:
        def nltk_run():
            return nltk_corpus_bleu([[r.split()] for r in refs], [h.split() for h in hyps])
        t_nltk, nltk_score = best_time(nltk_run, 2)
        report("nltk corpus_bleu (str.split() tokens)", t_nltk, size, n,
               f"BLEU {100 * nltk_score:.4f} (different tokenization)")

    try:
        import sacrebleu
    except ImportError:
        print("  sacrebleu not installed: skipped (its corpus BLEU runs at about 2.5 MB/s "
              "on this class of machine, per the project issue)")
        t_sacre = None
    else:
        t_sacre, s = best_time(lambda: sacrebleu.corpus_bleu(hyps, [refs]), 2)
        report(f"sacrebleu {sacrebleu.__version__} corpus_bleu", t_sacre, size, n,
               f"BLEU {s.score:.4f}")

    if t_nltk:
        print(f"  speed-up llmmetrics (Python call) vs NLTK: {t_nltk / t_py:.1f}x")
    if t_sacre:
        print(f"  speed-up llmmetrics (Python call) vs sacrebleu: {t_sacre / t_py:.1f}x")
    print(f"  Python-layer share of the llmmetrics call: {100 * (1 - t_c / t_py):.0f}% "
          f"(C extract alone is {t_py / t_c:.2f}x faster than the whole call)")


def latency_section():
    """DDSketch inserts and exact percentiles: llmmetrics against numpy.percentile and the
    DataDog Python sketch (sketches-py, when importable), with the ratios."""
    import random
    from llmmetrics import serve
    rng = random.Random(12345)
    values = [rng.lognormvariate(3.0, 1.0) for _ in range(1_000_000)]
    n = len(values)
    qs = (0.5, 0.9, 0.99)
    arr = (ctypes.c_double * n)(*values)
    print(f"latency: {n:,} lognormal values, quantiles 0.5/0.9/0.99")

    def c_inserts():  # the C insert path on a ready double array (no Python conversion)
        sk = serve.DDSketch(0.01)
        serve.check(serve._add_many(sk._p, arr, n, None), "add_many")
        return sk
    t_c, sk = best_time(c_inserts, 3)
    ours_q = [sk.get_quantile_value(q) for q in qs]
    print(f"  llmmetrics DDSketch inserts (C, llmm_sketch_add_many) {t_c * 1e3:8.1f} ms "
          f"{n / t_c / 1e6:9.1f} M values/s")

    def py_sketch():
        sk = serve.DDSketch(0.01)
        sk.add_many(values)
        return [sk.get_quantile_value(q) for q in qs]
    t_sk, _ = best_time(py_sketch, 3)
    print(f"  llmmetrics DDSketch from Python (list + 3 quantiles) {t_sk * 1e3:8.1f} ms "
          f"{n / t_sk / 1e6:9.1f} M values/s")
    t_ex, _ = best_time(lambda: serve.quantile(values, list(qs), method="linear"), 3)
    print(f"  llmmetrics exact quantiles (numpy linear, list)    {t_ex * 1e3:8.1f} ms "
          f"{n / t_ex / 1e6:9.1f} M values/s")
    try:
        import numpy as np
    except ImportError:
        print("  numpy: NOT importable, numpy ratios not measured")
    else:
        a = np.asarray(values)
        t_np_arr, _ = best_time(lambda: np.percentile(a, [50, 90, 99]), 3)
        t_np, _ = best_time(lambda: np.percentile(np.asarray(values), [50, 90, 99]), 3)
        print(f"  numpy.percentile (exact), array / list input       {t_np_arr * 1e3:8.1f} ms / "
              f"{t_np * 1e3:.1f} ms")
        print(f"  RATIO C sketch inserts vs numpy.percentile on the same float64 array: "
              f"{t_np_arr / t_c:.1f}x faster")
        print(f"  RATIO from Python, list input: llmmetrics sketch {t_np / t_sk:.1f}x, "
              f"llmmetrics exact quantiles {t_np / t_ex:.1f}x vs numpy.percentile")
    try:
        from ddsketch import DDSketch
    except ImportError as e:
        print(f"  DataDog sketches-py: NOT importable ({e}); DataDog ratio not measured "
              "(put a sketches-py checkout on PYTHONPATH)")
    else:
        def dd():
            dsk = DDSketch(0.01)
            for v in values:
                dsk.add(v)
            return dsk
        t_dd, dsk = best_time(dd, 1)
        dd_q = [dsk.get_quantile_value(q) for q in qs]
        print(f"  DataDog sketches-py DDSketch.add (Python)         {t_dd * 1e3:8.1f} ms "
              f"{n / t_dd / 1e6:9.2f} M values/s  (same quantiles: "
              f"{'yes' if dd_q == ours_q else 'NO'})")
        print(f"  RATIO C sketch inserts vs DataDog sketches-py add: {t_dd / t_c:.0f}x "
              f"({n / t_c / 1e6:.1f} vs {n / t_dd / 1e6:.2f} M values/s)")
        print(f"  RATIO llmmetrics from Python (list) vs DataDog: {t_dd / t_sk:.0f}x")


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    bleu_section(data)
    latency_section()
    return 0


if __name__ == "__main__":
    sys.exit(main())
