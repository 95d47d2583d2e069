#!/usr/bin/python3
"""Differential check of the WordNet index against NLTK 3.8's WordNetCorpusReader.

Builds the index from the Debian files (default /usr/share/wordnet) through the shared
library, and compares, for every lemma of the index files, every exception form, and
inflected variants of a sample of them (plus the words of ../shared/data/summ):
  - synsets(word): the (pos, offset) list, order and duplicates included;
  - METEOR's synonym set (lemma names without '_' of those synsets).
NLTK needs a `lexnames` file next to the database (Debian does not ship one): the
script lays out a temporary nltk_data/corpora/wordnet with symlinks and writes it from
the lexnames(5WN) table.

usage: LLMMETRICS_LIB=build/libllmmetrics.so scripts/check_wordnet.py [WORDNET_DIR] [--quick]
"""
import ctypes
import json
import os
import random
import sys
import tempfile

LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact
noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling
noun.food noun.group noun.location noun.motive noun.object noun.person noun.phenomenon
noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape
noun.state noun.substance noun.time verb.body verb.change verb.cognition
verb.communication verb.competition verb.consumption verb.contact verb.creation
verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
verb.weather adj.ppl""".split()
POS_FILES = ["noun", "verb", "adj", "adv"]


class Str(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class Files(ctypes.Structure):
    _fields_ = [("index", Str * 4), ("data", Str * 4), ("exc", Str * 4)]


class Synset(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint32), ("offset", ctypes.c_uint32), ("pos", ctypes.c_char)]


def nltk_reader(wndir):
    root = tempfile.mkdtemp(prefix="wn_nltk_")
    for name in os.listdir(wndir):
        if name.startswith(("index.", "data.")) or name.endswith(".exc"):
            os.symlink(os.path.join(wndir, name), os.path.join(root, name))
    with open(os.path.join(root, "lexnames"), "w") as f:
        for i, name in enumerate(LEXNAMES):
            f.write("%02d\t%s\t0\n" % (i, name))
    import warnings
    warnings.simplefilter("ignore")
    from nltk.corpus.reader.wordnet import WordNetCorpusReader
    return WordNetCorpusReader(root, None)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    wndir = args[0] if args else "/usr/share/wordnet"
    lib = ctypes.CDLL(os.environ.get("LLMMETRICS_LIB", "build/libllmmetrics.so"))
    keep = []
    files = Files()
    for k, kind in enumerate(("index", "data", "exc")):
        for p, pos in enumerate(POS_FILES):
            name = "%s.%s" % (kind, pos) if kind != "exc" else "%s.exc" % pos
            buf = open(os.path.join(wndir, name), "rb").read()
            keep.append(buf)
            getattr(files, kind)[p] = Str(ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p), len(buf))
    wn = ctypes.c_void_p()
    rc = lib.llmm_wordnet_build(ctypes.byref(wn), ctypes.byref(files), None, None)
    assert rc == 0, rc
    out = (Synset * 4096)()
    names = (Str * 4096)()
    n = ctypes.c_size_t()

    def c_synsets(word):
        b = word.encode()
        rc = lib.llmm_wordnet_synsets(wn, b, len(b), out, 4096, ctypes.byref(n))
        assert rc == 0, (word, rc)
        return [(out[i].pos.decode(), out[i].offset) for i in range(n.value)]

    def c_synonyms(word):
        b = word.encode()
        rc = lib.llmm_wordnet_synonyms(wn, b, len(b), names, 4096, ctypes.byref(n))
        assert rc == 0, (word, rc)
        return {ctypes.string_at(names[i].ptr, names[i].len).decode() for i in range(n.value)}

    ref = nltk_reader(wndir)
    words = set()
    for pos in POS_FILES:
        for line in open(os.path.join(wndir, "index." + pos)):
            if not line.startswith(" "):
                words.add(line.split()[0])
        for line in open(os.path.join(wndir, pos + ".exc")):
            words.update(line.split())
    base = sorted(words)
    rng = random.Random(5)
    for w in rng.sample(base, 20000):
        for suf in ("s", "es", "ies", "ed", "ing", "er", "est", "men", "ches", "ves", "'s"):
            words.add(w + suf)
        words.add(w.upper())
        words.add(w.capitalize())
    summ = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "summ")
    if os.path.isdir(summ):
        from nltk.stem.porter import PorterStemmer
        st = PorterStemmer()
        for name in os.listdir(summ):
            for line in open(os.path.join(summ, name)):
                d = json.loads(line)
                for text in [d["prediction"]] + d["references"]:
                    for t in text.split():
                        words.add(t.lower())
                        words.add(st.stem(t.lower()))
    words.update(["", "s", "es", "ses", "men", "ing", "esesesesesesesesesesesesesesing", "İstanbul",
                  "happi", "abaci", "axes", "aurar", "offer"])
    words = sorted(words)
    if quick:
        words = rng.sample(words, 20000)
    bad = 0
    for i, w in enumerate(words):
        exp = [(s.pos(), s.offset()) for s in ref.synsets(w)]
        got = c_synsets(w)
        if exp != got:
            bad += 1
            if bad < 20:
                print("synsets mismatch", repr(w), exp[:6], got[:6])
            continue
        exp_syn = set(l.name() for s in ref.synsets(w) for l in s.lemmas() if l.name().find("_") < 0)
        if exp_syn != c_synonyms(w):
            bad += 1
            if bad < 20:
                print("synonyms mismatch", repr(w), sorted(exp_syn)[:10], sorted(c_synonyms(w))[:10])
    print("checked %d words, %d mismatches" % (len(words), bad))
    lib.llmm_wordnet_free(wn)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
