"""compare_meteor.py - METEOR from Python on DATA/summ (REALSumm, 2,500 summary/reference
pairs, str.split() tokens): NLTK 3.8's meteor_score (the first 600 pairs, twice: one pass
as a corpus evaluation makes it, then with NLTK's synset cache warm) against llmmetrics in
the same process: the whole corpus in one call
(llmmetrics.meteor_scores, pre-tokenized lists, NLTK's input form) and the C batch on
strings the library splits itself (the C throughput, without the Python layer). Both use
Debian's WordNet 3.0 (/usr/share/wordnet or $LLMMETRICS_WORDNET_DIR); NLTK reads it through
a temporary nltk_data-style folder (Debian ships no `lexnames`, NLTK needs the file).

Run by `make bench`:  python3 bench/compare_meteor.py DATA  (LLMMETRICS_LIB/PYTHONPATH set
by the Makefile). A benchmark, not a test.
"""

import ctypes
import glob
import json
import os
import shutil
import sys
import tempfile
import time
import warnings

import llmmetrics
from llmmetrics import _lib, meteor as _meteor

NLTK_SAMPLE = 600  # the first pairs, scored by NLTK twice (about 1 s + 0.6 s)
LEXNAMES = 45      # lexicographer files of WordNet 3.0; only their names differ


def nltk_wordnet(wndir, tmp):
    """NLTK's WordNetCorpusReader over the Debian files (symlinks + a lexnames file)."""
    root = os.path.join(tmp, "wordnet")
    os.mkdir(root)
    for name in os.listdir(wndir):
        if name.startswith(("index.", "data.")) or name.endswith(".exc"):
            os.symlink(os.path.join(wndir, name), os.path.join(root, name))
    with open(os.path.join(root, "lexnames"), "w") as f:
        for i in range(LEXNAMES):
            f.write(f"{i:02d}\tlex{i}\t0\n")
    warnings.simplefilter("ignore")
    from nltk.corpus.reader.wordnet import WordNetCorpusReader
    return WordNetCorpusReader(root, None)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    wndir = _meteor.default_wordnet_dir()
    hyps, refs = [], []
    for path in sorted(glob.glob(os.path.join(data, "summ", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                hyps.append(rec["prediction"])
                refs.append(rec["references"])
    if not hyps or not os.path.exists(os.path.join(wndir, "index.noun")):
        print(f"compare_meteor: no summaries in {data}/summ or no WordNet in {wndir}, skipped")
        return 0
    n = len(hyps)
    hyp_tok = [h.split() for h in hyps]
    ref_tok = [[r.split() for r in rs] for rs in refs]
    print(f"METEOR from Python on {data}/summ: {n} pairs, WordNet {wndir}")

    t = time.perf_counter()
    wn = llmmetrics.WordNet(wndir)
    t_build = time.perf_counter() - t
    blob = wn.to_bytes()
    t = time.perf_counter()
    llmmetrics.WordNet.load(blob)
    t_load = time.perf_counter() - t
    print(f"  llmmetrics WordNet index: build {t_build * 1e3:.0f} ms (files read included), "
          f"load of the {len(blob) / 1e6:.1f} MB saved index {t_load * 1e3:.1f} ms")

    # llmmetrics, NLTK's input form, one call for the corpus. The first call meets every
    # word for the first time (cold word cache); later calls reuse the cache.
    t = time.perf_counter()
    ours = llmmetrics.meteor_scores(ref_tok, hyp_tok, wordnet=wn)
    t_cold = time.perf_counter() - t
    t_warm = min(_time(lambda: llmmetrics.meteor_scores(ref_tok, hyp_tok, wordnet=wn))
                 for _ in range(3))
    print(f"  llmmetrics.meteor_scores (token lists)   first call {n / t_cold:10,.0f} pairs/s, "
          f"later calls {n / t_warm:10,.0f} pairs/s")
    t_str = min(_time(lambda: llmmetrics.meteor_scores(refs, hyps, wordnet=wn, tokenized=False))
                for _ in range(3))
    print(f"  llmmetrics.meteor_scores (strings, split in C)              {n / t_str:10,.0f} pairs/s")

    # The C batch on strings (the library splits them): a fresh scorer each time.
    hb = _lib.encode_batch(hyps)
    flat = [r for rs in refs for r in rs]
    rb = _lib.encode_batch(flat)
    seg = (ctypes.c_size_t * (n + 1))()
    k = 0
    for i, rs in enumerate(refs):
        seg[i] = k
        k += len(rs)
    seg[n] = k
    batch_text = _lib.fn("llmm_meteor_score_batch_text", ctypes.c_int, ctypes.c_void_p,
                         ctypes.POINTER(_lib.Strs), ctypes.POINTER(_lib.Strs),
                         ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p, ctypes.c_void_p,
                         ctypes.c_void_p)

    def c_batch():
        s = _meteor._Scorer(0.9, 3.0, 0.5, wn)
        _lib.check(batch_text(s.h, ctypes.byref(hb.strs), ctypes.byref(rb.strs), seg, None,
                              None, None))
    t_c = min(_time(c_batch) for _ in range(3))
    print(f"  C batch on strings, new scorer per run     {n / t_c:10,.0f} pairs/s")

    try:
        from nltk.translate.meteor_score import meteor_score
    except ImportError:
        print("  NLTK not installed (apt-get install python3-nltk): no ratio")
        return 0
    tmp = tempfile.mkdtemp(prefix="compare_meteor_")
    try:
        t = time.perf_counter()
        reader = nltk_wordnet(wndir, tmp)
        t_reader = time.perf_counter() - t
        sample = list(range(min(n, NLTK_SAMPLE)))
        t = time.perf_counter()
        theirs = [meteor_score(ref_tok[i], hyp_tok[i], wordnet=reader) for i in sample]
        t_nltk_first = time.perf_counter() - t
        # again: NLTK's reader now has every synset it needs in its cache
        t = time.perf_counter()
        theirs = [meteor_score(ref_tok[i], hyp_tok[i], wordnet=reader) for i in sample]
        t_nltk = time.perf_counter() - t
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    same = sum(ours[i] == s for i, s in zip(sample, theirs))
    nltk_first = len(sample) / t_nltk_first
    nltk_rate = len(sample) / t_nltk
    print(f"  NLTK 3.8 meteor_score, {len(sample)} pairs: first pass {nltk_first:,.0f} pairs/s, "
          f"second pass (synsets cached) {nltk_rate:,.0f} pairs/s; reader construction "
          f"{t_reader:.1f} s not counted; {same}/{len(sample)} scores bit-identical")
    for label, rate in (("first pass (one pass over a corpus)", nltk_first),
                        ("second pass (synsets cached)", nltk_rate)):
        print(f"  speed-up vs NLTK's {label}: C batch, new scorer {n / t_c / rate:,.0f}x; "
              f"meteor_scores on strings {n / t_str / rate:,.0f}x, on token lists "
              f"{n / t_cold / rate:,.0f}x (first call), {n / t_warm / rate:,.0f}x (later)")
    return 0


def _time(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
