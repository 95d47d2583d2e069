#!/usr/bin/env python3
"""Compares llmm_porter_stem() with NLTK's PorterStemmer() over the shared data.

Vocabulary: every distinct token of ../shared/data (mt/*.txt lines; summ/*.jsonl
"prediction" and "references") under two tokenizations: str.split() (what METEOR
stems) and rouge-score's tokenizer (lowercase, runs outside [a-z0-9] become spaces,
split). Each word is stemmed with to_lowercase=True (NLTK's default) and False.
A second, synthetic set (fixed seed) stresses the rule conditions: random words over
vowels, 'y', the consonants the rules test and '*' (NLTK matches the "*d" pseudo-suffix
literally), plus hand-picked Unicode cases for the lowercasing.

Usage: LLMMETRICS_LIB=build/libllmmetrics.so scripts/check_porter.py [DATA_DIR]
Prints the number of words and mismatches; exit status 1 on any mismatch.
"""
import ctypes
import glob
import json
import os
import random
import re
import sys

from nltk.stem.porter import PorterStemmer
import nltk


def load_lib():
    path = os.environ.get("LLMMETRICS_LIB") or os.path.join(
        os.path.dirname(__file__), "..", "build", "libllmmetrics.so")
    lib = ctypes.CDLL(path)
    lib.llmm_porter_stem.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int,
                                     ctypes.c_char_p, ctypes.c_size_t,
                                     ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
    lib.llmm_porter_stem.restype = ctypes.c_int
    lib.llmm_porter_stem_bound.argtypes = [ctypes.c_size_t]
    lib.llmm_porter_stem_bound.restype = ctypes.c_size_t
    return lib


def texts(data_dir):
    for path in sorted(glob.glob(os.path.join(data_dir, "mt", "*.txt"))):
        with open(path, encoding="utf-8", newline="") as f:
            yield from f.read().split("\n")
    for path in sorted(glob.glob(os.path.join(data_dir, "summ", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield rec["prediction"]
                yield from rec["references"]


NON_ALNUM = re.compile(r"[^a-z0-9]+")


def vocabulary(data_dir):
    words = set()
    for t in texts(data_dir):
        words.update(t.split())
        words.update(w for w in NON_ALNUM.sub(" ", t.lower()).split() if w)
    return sorted(words)


def synthetic(count=100000):
    rng = random.Random(20240601)
    alphabet = "aeiouybcdlstzmnrgwx*"
    words = ["a*ded", "ab*ding", "\u0130", "\u0130\u0130\u0130", "\u03a3\u0391\u03a3",
             "\u039f\u0394\u039f\u03a3", "Skies", "SKIES", "syzygy", "yeyyy", "\u212aelvin",
             "caf\u00e9s", "\u0149ing", "\u01c5ed", "\ufb03es", ""]
    for _ in range(count):
        words.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))))
    return words


def compare(lib, stemmer, words, label):
    mismatches = 0
    for w in words:
        for low in (True, False):
            want = stemmer.stem(w, to_lowercase=low)
            got = c_stem(lib, w, int(low))
            if want != got:
                mismatches += 1
                if mismatches <= 20:
                    print("MISMATCH %r lower=%s: nltk %r, llmm %r" % (w, low, want, got))
    print("nltk %s, %s: %d distinct words x 2 modes, %d mismatches"
          % (nltk.__version__, label, len(words), mismatches))
    return mismatches


def c_stem(lib, word, to_lowercase):
    b = word.encode("utf-8")
    cap = lib.llmm_porter_stem_bound(len(b))
    out = ctypes.create_string_buffer(max(cap, 1))
    n = ctypes.c_size_t(0)
    st = lib.llmm_porter_stem(b, len(b), to_lowercase, out, cap, ctypes.byref(n), None)
    if st != 0:
        return "<status %d>" % st
    return out.raw[: n.value].decode("utf-8")


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "data")
    lib = load_lib()
    stemmer = PorterStemmer()
    mismatches = compare(lib, stemmer, vocabulary(data_dir), "shared data")
    mismatches += compare(lib, stemmer, sorted(set(synthetic())), "synthetic")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
