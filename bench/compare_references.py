"""compare_references.py - corpus BLEU, chrF and TER from Python: llmmetrics against
sacrebleu (when importable) and NLTK (BLEU), on the largest hypothesis/reference pair of
DATA/mt (by bytes); then latency quantiles against numpy and DataDog's sketches-py.

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
from llmmetrics import _lib


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


def c_extract_time(metric, hb, rb):
    """Best time of the metric's one C corpus call on buffers encoded beforehand."""
    ref_arr = (_lib.Strs * 1)(rb.strs)
    total = metric._STATS()

    def c_call():
        status = type(metric)._EXTRACT_CORPUS(metric._scorer, ctypes.byref(hb.strs), ref_arr, 1,
                                              ctypes.byref(total), None, None, None, None)
        _lib.check(status)
    return best_time(c_call, 7)[0]


def sacrebleu_module():
    try:
        import sacrebleu
    except ImportError:
        print("  sacrebleu not installed: no sacrebleu ratio (put a sacrebleu 2.6.0 checkout "
              "on PYTHONPATH; the project issues give about 2.5 MB/s for its BLEU, 1 MB/s "
              "for chrF and 0.2 MB/s for TER on this class of machine)")
        return None
    return sacrebleu


def metric_section(title, ours, metric, sacre_name, pair, encoded, extra_refs=None):
    """One sacrebleu metric: llmmetrics' Python call and its C call alone, then
    sacrebleu's, with the ratios. `extra_refs(hyps, refs, t_py)` adds other references."""
    size, hyps, refs, n = pair
    hb, rb, t_enc = encoded
    print(f"{title}: {n} segments, {size / 1e6:.2f} MB")
    t_py, score = best_time(lambda: ours(hyps, [refs]), 5)
    report(f"llmmetrics.{ours.__name__} (Python call)", t_py, size, n,
           f"score {score.score:.4f}")
    t_c = c_extract_time(metric, hb, rb)
    report("  of which: C extract (pre-encoded buffers)", t_c, size, n)
    report("  of which: UTF-8 encoding + offsets", t_enc, size, n)
    if extra_refs:
        extra_refs(hyps, refs, t_py)
    sacrebleu = sacrebleu_module()
    if sacrebleu is not None:
        fn = getattr(sacrebleu, sacre_name)
        t_sacre, s = best_time(lambda: fn(hyps, [refs]), 2)
        report(f"sacrebleu {sacrebleu.__version__} {sacre_name}", t_sacre, size, n,
               f"score {s.score:.4f}")
        print(f"  RATIO llmmetrics vs sacrebleu: C extract {t_sacre / t_c:.0f}x, "
              f"Python call {t_sacre / t_py:.0f}x")
    print(f"  Python-layer share of the llmmetrics call: {100 * (1 - t_c / t_py):.0f}%")


def nltk_bleu(hyps, refs, t_py):
    # NLTK: no sacrebleu tokenizer; str.split() is a reasonable stand-in for 13a on
    # detokenized text, so its BLEU differs a little from sacrebleu's.
    try:
        from nltk.translate.bleu_score import corpus_bleu as nltk_corpus_bleu
    except ImportError:
        print("  NLTK not installed (apt-get install python3-nltk): skipped")
        return
    size = sum(len(x.encode()) for x in hyps + refs)

    def nltk_run():
        return nltk_corpus_bleu([[r.split()] for r in refs], [h.split() for h in hyps])
    t_nltk, nltk_score = best_time(nltk_run, 2)
    report("nltk corpus_bleu (str.split() tokens)", t_nltk, size, len(hyps),
           f"BLEU {100 * nltk_score:.4f} (different tokenization)")
    print(f"  RATIO llmmetrics (Python call) vs NLTK: {t_nltk / t_py:.1f}x")


def sacrebleu_sections(data):
    found = largest_pair(os.path.join(data, "mt"))
    if not found:
        print(f"compare_references: no hypothesis/reference pair in {data}/mt, skipped")
        return
    size, hyp_path, ref_path = found
    hyps, refs = read_lines(hyp_path), read_lines(ref_path)
    pair = (size, hyps, refs, len(hyps))
    t_enc, (hb, rb) = best_time(lambda: (_lib.encode_batch(hyps), _lib.encode_batch(refs)), 7)
    encoded = (hb, rb, t_enc)
    names = f"{os.path.basename(hyp_path)} + {os.path.basename(ref_path)}"
    metric_section(f"corpus BLEU (13a) from Python on {names}", llmmetrics.corpus_bleu,
                   llmmetrics.BLEU(), "corpus_bleu", pair, encoded, nltk_bleu)
    metric_section(f"corpus chrF from Python on {names}", llmmetrics.corpus_chrf,
                   llmmetrics.CHRF(), "corpus_chrf", pair, encoded)
    metric_section(f"corpus TER from Python on {names}", llmmetrics.corpus_ter,
                   llmmetrics.TER(), "corpus_ter", pair, encoded)


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
    sacrebleu_sections(data)
    latency_section()
    return 0


if __name__ == "__main__":
    sys.exit(main())
