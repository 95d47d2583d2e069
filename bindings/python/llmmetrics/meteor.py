"""METEOR exactly as NLTK 3.8 computes it (``nltk.translate.meteor_score``), with
WordNet 3.0 synonyms read from Debian's ``wordnet-base`` files.

* ``meteor_score(references, hypothesis, alpha=0.9, beta=3.0, gamma=0.5)`` and
  ``single_meteor_score(reference, hypothesis, ...)`` take NLTK's input form:
  pre-tokenized hypotheses and references (a ``str`` raises NLTK's TypeError).
* ``meteor_score_strings(references, hypothesis, ...)`` is the convenience on plain
  strings: each is tokenized with ``str.split()``.
* ``meteor_scores(references, hypotheses, ...)`` scores a corpus in one C call and
  returns the per-segment scores (NLTK has no corpus METEOR; the mean of these is what
  evaluation harnesses report).
* ``WordNet`` is the WordNet index: built from a database directory (default
  ``$LLMMETRICS_WORDNET_DIR`` or ``/usr/share/wordnet``), or loaded from a blob saved
  with ``save()`` (milliseconds). ``wordnet=None`` (the default) uses a shared index of
  the default directory and raises LookupError when it is missing, as NLTK does without
  its ``wordnet`` corpus; ``wordnet=False`` scores with the exact and stem stages only.

``preprocess`` and ``stemmer`` are accepted for NLTK compatibility but only their
defaults (``str.lower``, NLTK's ``PorterStemmer()``) exist in C.
"""

import array
import ctypes
import os
import threading
from itertools import accumulate, compress, count
from operator import not_

from . import _lib
from ._lib import InvalidArgumentError, UnsupportedError

__all__ = ["WordNet", "meteor_score", "single_meteor_score", "meteor_score_strings",
           "meteor_scores"]

_P = ctypes.POINTER


# ---- C structures -------------------------------------------------------------------

class _Files(ctypes.Structure):
    _fields_ = [("index", _lib.Str * 4), ("data", _lib.Str * 4), ("exc", _lib.Str * 4)]


class _Error(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("pos", ctypes.c_int), ("line", ctypes.c_size_t)]


class _Info(ctypes.Structure):
    _fields_ = [("fingerprint", ctypes.c_uint64), ("format_version", ctypes.c_uint32),
                ("n_strings", ctypes.c_size_t), ("n_lemmas", ctypes.c_size_t),
                ("n_senses", ctypes.c_size_t), ("n_synsets", ctypes.c_size_t),
                ("n_lemma_names", ctypes.c_size_t), ("n_exceptions", ctypes.c_size_t),
                ("blob_size", ctypes.c_size_t)]


class _Synset(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint32), ("offset", ctypes.c_uint32), ("pos", ctypes.c_char)]


class _Options(ctypes.Structure):
    _fields_ = [("alpha", ctypes.c_double), ("beta", ctypes.c_double),
                ("gamma", ctypes.c_double), ("wordnet", ctypes.c_void_p),
                ("cache_words", ctypes.c_size_t)]


class _Result(ctypes.Structure):
    _fields_ = [("score", ctypes.c_double), ("best_ref", ctypes.c_size_t),
                ("hyp_len", ctypes.c_size_t), ("ref_len", ctypes.c_size_t),
                ("matches", ctypes.c_size_t), ("exact", ctypes.c_size_t),
                ("stem", ctypes.c_size_t), ("synonym", ctypes.c_size_t),
                ("chunks", ctypes.c_size_t), ("wordnet", ctypes.c_int)]


class _Texts(ctypes.Structure):
    _fields_ = [("tokens", _lib.Strs), ("text_offsets", _P(ctypes.c_size_t)),
                ("count", ctypes.c_size_t)]


_lib.check_size(_Files, "llmm_wordnet_files_size")
_lib.check_size(_Error, "llmm_wordnet_error_size")
_lib.check_size(_Info, "llmm_wordnet_info_size")
_lib.check_size(_Synset, "llmm_wordnet_synset_size")
_lib.check_size(_Options, "llmm_meteor_options_size")
_lib.check_size(_Result, "llmm_meteor_result_size")
class _Packed(ctypes.Structure):
    _fields_ = [("data", ctypes.c_char_p), ("len", ctypes.c_size_t),
                ("counts", _P(ctypes.c_size_t)), ("count", ctypes.c_size_t)]


_lib.check_size(_Texts, "llmm_meteor_texts_size")
_lib.check_size(_Packed, "llmm_meteor_packed_size")

_file_name = _lib.fn("llmm_wordnet_file_name", ctypes.c_char_p, ctypes.c_int, ctypes.c_int)
_wn_build = _lib.fn("llmm_wordnet_build", ctypes.c_int, _P(ctypes.c_void_p), _P(_Files),
                    ctypes.c_void_p, _P(_Error))
_wn_load = _lib.fn("llmm_wordnet_load", ctypes.c_int, _P(ctypes.c_void_p), ctypes.c_char_p,
                   ctypes.c_size_t, ctypes.c_void_p)
_wn_free = _lib.fn("llmm_wordnet_free", None, ctypes.c_void_p)
_wn_blob_size = _lib.fn("llmm_wordnet_blob_size", ctypes.c_size_t, ctypes.c_void_p)
_wn_save = _lib.fn("llmm_wordnet_save", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                   ctypes.c_size_t, _P(ctypes.c_size_t))
_wn_info = _lib.fn("llmm_wordnet_get_info", ctypes.c_int, ctypes.c_void_p, _P(_Info))
_wn_synsets = _lib.fn("llmm_wordnet_synsets", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                      ctypes.c_size_t, _P(_Synset), ctypes.c_size_t, _P(ctypes.c_size_t))
_wn_morphy = _lib.fn("llmm_wordnet_morphy", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                     ctypes.c_size_t, ctypes.c_int, _P(_lib.Str), ctypes.c_size_t,
                     _P(ctypes.c_size_t))
_wn_lemma_names = _lib.fn("llmm_wordnet_lemma_names", ctypes.c_int, ctypes.c_void_p,
                          ctypes.c_uint32, _P(_lib.Str), ctypes.c_size_t, _P(ctypes.c_size_t))
_wn_synonyms = _lib.fn("llmm_wordnet_synonyms", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                       ctypes.c_size_t, _P(_lib.Str), ctypes.c_size_t, _P(ctypes.c_size_t))

_options_default = _lib.fn("llmm_meteor_options_default", None, _P(_Options))
_create = _lib.fn("llmm_meteor_create", ctypes.c_int, _P(ctypes.c_void_p), _P(_Options),
                  ctypes.c_void_p)
_free = _lib.fn("llmm_meteor_free", None, ctypes.c_void_p)
_score = _lib.fn("llmm_meteor_score", ctypes.c_int, ctypes.c_void_p, _P(_lib.Strs),
                 ctypes.c_size_t, _P(_lib.Strs), _P(_Result))
_batch = _lib.fn("llmm_meteor_score_batch", ctypes.c_int, ctypes.c_void_p, _P(_Texts),
                 _P(_Texts), _P(ctypes.c_size_t), _P(ctypes.c_double), ctypes.c_void_p,
                 _P(ctypes.c_size_t))
_batch_packed = _lib.fn("llmm_meteor_score_batch_packed", ctypes.c_int, ctypes.c_void_p,
                        _P(_Packed), _P(_Packed), _P(ctypes.c_size_t), _P(ctypes.c_double),
                        ctypes.c_void_p, _P(ctypes.c_size_t))
_batch_text = _lib.fn("llmm_meteor_score_batch_text", ctypes.c_int, ctypes.c_void_p,
                      _P(_lib.Strs), _P(_lib.Strs), _P(ctypes.c_size_t), _P(ctypes.c_double),
                      ctypes.c_void_p, _P(ctypes.c_size_t))

_POS = {"n": 0, "v": 1, "a": 2, "r": 3, "s": 2}
_KINDS = ("index", "data", "exc")


# ---- WordNet --------------------------------------------------------------------------

def default_wordnet_dir():
    """``$LLMMETRICS_WORDNET_DIR`` or Debian's ``/usr/share/wordnet``."""
    return os.environ.get("LLMMETRICS_WORDNET_DIR") or "/usr/share/wordnet"


class WordNet:
    """A WordNet 3.0 index (``llmm_wordnet``): what NLTK's WordNetCorpusReader answers
    for METEOR. ``WordNet(directory)`` parses the database files (under a second);
    ``WordNet.load(path_or_bytes)`` reads an index saved with ``save()``."""

    def __init__(self, directory=None, _handle=None):
        self._h = ctypes.c_void_p()
        if _handle is not None:
            self._h = _handle
            return
        directory = directory or default_wordnet_dir()
        files = _Files()
        keep = []
        for k, kind in enumerate(_KINDS):
            for pos in range(4):
                name = _file_name(k, pos).decode("ascii")
                path = os.path.join(directory, name)
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError as exc:
                    raise LookupError(
                        f"WordNet database file {path!r} not found ({exc.strerror}); "
                        "install Debian's wordnet-base (apt-get install wordnet-base) or "
                        "pass the directory holding index.noun, data.noun, noun.exc, ...") from None
                keep.append(data)
                getattr(files, kind)[pos] = _lib.Str(data, len(data))
        where = _Error()
        status = _wn_build(ctypes.byref(self._h), ctypes.byref(files), None, ctypes.byref(where))
        if status:
            name = _file_name(where.kind, where.pos)
            _lib.check(status, f"WordNet database {directory!r}: "
                               f"{name.decode() if name else '?'} line {where.line}")

    @classmethod
    def load(cls, blob):
        """Loads a saved index from bytes or from a file path."""
        if isinstance(blob, (str, os.PathLike)):
            with open(blob, "rb") as f:
                blob = f.read()
        blob = bytes(blob)
        h = ctypes.c_void_p()
        _lib.check(_wn_load(ctypes.byref(h), blob, len(blob), None), "WordNet index")
        return cls(_handle=h)

    def to_bytes(self):
        """The index as one blob (see docs/wordnet.md)."""
        n = _wn_blob_size(self._h)
        buf = ctypes.create_string_buffer(n)
        written = ctypes.c_size_t(0)
        _lib.check(_wn_save(self._h, buf, n, ctypes.byref(written)), "WordNet save")
        return buf.raw[:written.value]

    def save(self, path):
        """Writes the blob to a file."""
        with open(path, "wb") as f:
            f.write(self.to_bytes())

    @property
    def info(self):
        """Counts and the fingerprint of the database files (a dict)."""
        i = _Info()
        _lib.check(_wn_info(self._h, ctypes.byref(i)), "WordNet info")
        return {name: getattr(i, name) for name, _ in _Info._fields_}

    def _query(self, call, *args):
        cap = 64
        while True:
            arr = (args[-1] * cap)()
            n = ctypes.c_size_t(0)
            status = call(self._h, *args[:-1], arr, cap, ctypes.byref(n))
            if status and _lib.status_name(status) == "LLMM_EBUFFER":
                cap = n.value
                continue
            _lib.check(status, "WordNet")
            return arr[:n.value]

    @staticmethod
    def _word(word):
        return _lib.encode_str(word, "word")[1]

    def synsets(self, word):
        """``wordnet.synsets(word)`` as a list of (pos, offset) pairs, NLTK's order."""
        b = self._word(word)
        return [(s.pos.decode("ascii"), s.offset)
                for s in self._query(_wn_synsets, b, len(b), _Synset)]

    def synset_lemma_names(self, word):
        """``[s.lemma_names() for s in wordnet.synsets(word)]``."""
        b = self._word(word)
        out = []
        for s in self._query(_wn_synsets, b, len(b), _Synset):
            names = self._query(_wn_lemma_names, ctypes.c_uint32(s.id), _lib.Str)
            out.append([ctypes.string_at(x.ptr, x.len).decode("utf-8") for x in names])
        return out

    def morphy(self, form, pos):
        """``wordnet._morphy(form, pos)``: the base forms, NLTK's order."""
        b = self._word(form)
        if pos not in _POS:
            raise InvalidArgumentError(f"unknown part of speech {pos!r}")
        return [ctypes.string_at(x.ptr, x.len).decode("utf-8")
                for x in self._query(_wn_morphy, b, len(b), _POS[pos], _lib.Str)]

    def synonyms(self, word):
        """METEOR's synonym set of a word (lemma names without '_' of its synsets)."""
        b = self._word(word)
        return {ctypes.string_at(x.ptr, x.len).decode("utf-8")
                for x in self._query(_wn_synonyms, b, len(b), _lib.Str)}

    def close(self):
        if self._h:
            _wn_free(self._h)
            self._h = ctypes.c_void_p()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


_default_lock = threading.Lock()
_default_wordnet = None


def _resolve_wordnet(wordnet):
    global _default_wordnet
    if wordnet is False:
        return None
    if wordnet is None:
        with _default_lock:
            if _default_wordnet is None:
                _default_wordnet = WordNet()
            return _default_wordnet
    if not isinstance(wordnet, WordNet):
        raise TypeError("wordnet should be an llmmetrics WordNet, None (the default index) "
                        "or False (no synonym stage)")
    return wordnet


# ---- scorers ---------------------------------------------------------------------------

class _Scorer:
    """One llmm_meteor (not thread-safe: used under its lock)."""

    def __init__(self, alpha, beta, gamma, wordnet):
        opts = _Options()
        _options_default(ctypes.byref(opts))
        opts.alpha, opts.beta, opts.gamma = alpha, beta, gamma
        self.wordnet = wordnet  # keeps the index alive while the scorer uses it
        opts.wordnet = wordnet._h if wordnet is not None else None
        self.h = ctypes.c_void_p()
        _lib.check(_create(ctypes.byref(self.h), ctypes.byref(opts), None), "METEOR options")
        self.lock = threading.Lock()

    def __del__(self):
        try:
            if self.h:
                _free(self.h)
        except Exception:
            pass


_scorers = {}
_scorers_lock = threading.Lock()


def _scorer(alpha, beta, gamma, wordnet):
    for name, v in (("alpha", alpha), ("beta", beta), ("gamma", gamma)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{name} should be a number, not {type(v).__name__}")
    wn = _resolve_wordnet(wordnet)
    key = (float(alpha), float(beta), float(gamma), id(wn))
    with _scorers_lock:
        s = _scorers.get(key)
        if s is None or s.wordnet is not wn:
            if len(_scorers) > 16:
                _scorers.clear()
            s = _scorers[key] = _Scorer(float(alpha), float(beta), float(gamma), wn)
        return s


def _check_defaults(preprocess, stemmer):
    if preprocess is not str.lower:
        raise UnsupportedError("only preprocess=str.lower (NLTK's default) is implemented")
    if stemmer is not None:
        raise UnsupportedError("only NLTK's default PorterStemmer() is implemented "
                               "(leave stemmer=None)")


def _tokens(x, what):
    """NLTK's _generate_enums check (meteor_score.py:32-40): a str is not a token list."""
    if isinstance(x, str):
        raise TypeError(f'"{what}" expects pre-tokenized {what} (Iterable[str]): {x}')
    return x if type(x) is list else list(x)


def _encode_tokens(tokens):
    """Every token in one UTF-8 buffer (an llmm_strs Batch). Mostly-ASCII corpora (the
    usual case) take one join and one encode, and only the non-ASCII tokens are encoded
    alone for their byte lengths. A non-str token raises NLTK's TypeError (str.lower is
    mapped over the tokens), a lone surrogate UnicodeEncodeError naming the token."""
    try:
        joined = "".join(tokens)
    except TypeError:
        for t in tokens:
            if not isinstance(t, str):
                raise TypeError("descriptor 'lower' for 'str' objects doesn't apply to a "
                                f"'{type(t).__name__}' object") from None
        raise
    if joined.isascii():
        return _lib.encode_batch(tokens, "token")
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return _lib.encode_batch(tokens, "token")  # raises, naming the token
    lens = list(map(len, tokens))
    for i in compress(count(), map(not_, map(str.isascii, tokens))):
        lens[i] = len(tokens[i].encode("utf-8"))
    offsets = array.array(_lib._OFFSET_CODE, [0])
    offsets.extend(accumulate(lens))
    return _lib.Batch(data, offsets, None, len(tokens))


def _raise_status(status, bad):
    name = _lib.status_name(status)
    if name == "LLMM_EEMPTY":
        raise ValueError("max() arg is an empty sequence")
    if name == "LLMM_EOVERFLOW":
        raise OverflowError(34, "Numerical result out of range")
    _lib.check(status, f"METEOR segment {bad}")


def _sizes(values):
    arr = array.array(_lib._OFFSET_CODE, values)
    return arr, (ctypes.c_size_t * len(arr)).from_buffer(arr)


def _pack(lists):
    """Token lists as an llmm_meteor_packed buffer (every token NUL-terminated) and the
    token count of each list. Joined and encoded list by list: a list with a non-ASCII
    token widens only its own string, not the whole corpus's. None when a token is not a
    str or holds a lone surrogate; a token holding a NUL makes the C call fail with
    LLMM_EINVAL (it counts the NULs first). Either way the general path then takes the
    lists (and raises NLTK's error, naming the token)."""
    try:
        data = b"\0".join([("\0".join(toks)).encode("utf-8") for toks in filter(None, lists)])
    except (TypeError, UnicodeEncodeError):
        return None
    return data + b"\0" if data or any(lists) else data, \
        array.array(_lib._OFFSET_CODE, map(len, lists))


def _batch_call(scorer, hyp_lists, ref_lists, ref_offsets):
    """One C call on token lists; returns the scores. The packed form (one buffer, no
    per-token work in Python beyond a join) when every token allows it."""
    hp = _pack(hyp_lists)
    rp = _pack(ref_lists) if hp is not None else None
    if rp is None:
        return _batch_call_offsets(scorer, hyp_lists, ref_lists, ref_offsets)
    keep = [_sizes(hp[1] or [0]), _sizes(rp[1] or [0]), _sizes(ref_offsets)]
    hyps = _Packed(hp[0], len(hp[0]), keep[0][1], len(hyp_lists))
    refs = _Packed(rp[0], len(rp[0]), keep[1][1], len(ref_lists))
    scores = (ctypes.c_double * max(1, len(hyp_lists)))()
    bad = ctypes.c_size_t(0)
    with scorer.lock:
        status = _batch_packed(scorer.h, ctypes.byref(hyps), ctypes.byref(refs), keep[2][1],
                               scores, None, ctypes.byref(bad))
    if status and _lib.status_name(status) == "LLMM_EINVAL":
        # a token holding a NUL (or invalid arguments: the general path raises them)
        return _batch_call_offsets(scorer, hyp_lists, ref_lists, ref_offsets)
    if status:
        _raise_status(status, bad.value)
    return scores[:len(hyp_lists)]


def _batch_call_offsets(scorer, hyp_lists, ref_lists, ref_offsets):
    """One llmm_meteor_score_batch call on token lists (tokens with their offsets)."""
    flat = [t for toks in hyp_lists for t in toks]
    n_hyp_tok = len(flat)
    flat.extend(t for toks in ref_lists for t in toks)
    hyp_off = list(accumulate(map(len, hyp_lists), initial=0))
    ref_off = list(accumulate(map(len, ref_lists), initial=0))
    batch = _encode_tokens(flat)
    offs = batch._c_offsets
    keep = [_sizes(hyp_off), _sizes(ref_off), _sizes(ref_offsets)]
    hyps = _Texts(_lib.Strs(batch.data, offs, None, n_hyp_tok), keep[0][1], len(hyp_lists))
    ref_base = ctypes.cast(ctypes.byref(offs, n_hyp_tok * ctypes.sizeof(ctypes.c_size_t)),
                           _P(ctypes.c_size_t))
    refs = _Texts(_lib.Strs(batch.data, ref_base, None, len(flat) - n_hyp_tok), keep[1][1],
                  len(ref_lists))
    scores = (ctypes.c_double * max(1, len(hyp_lists)))()
    bad = ctypes.c_size_t(0)
    with scorer.lock:
        status = _batch(scorer.h, ctypes.byref(hyps), ctypes.byref(refs), keep[2][1], scores,
                        None, ctypes.byref(bad))
    if status:
        _raise_status(status, bad.value)
    return list(scores[:len(hyp_lists)])


def _batch_text_call(scorer, hyps, refs, ref_offsets):
    """One llmm_meteor_score_batch_text call: the library splits the strings."""
    hb = _lib.encode_batch(hyps, "hypothesis")
    rb = _lib.encode_batch(refs, "reference")
    keep = _sizes(ref_offsets)
    scores = (ctypes.c_double * max(1, len(hyps)))()
    bad = ctypes.c_size_t(0)
    with scorer.lock:
        status = _batch_text(scorer.h, ctypes.byref(hb.strs), ctypes.byref(rb.strs), keep[1],
                             scores, None, ctypes.byref(bad))
    if status:
        _raise_status(status, bad.value)
    return list(scores[:len(hyps)])


def meteor_score(references, hypothesis, preprocess=str.lower, stemmer=None, wordnet=None,
                 alpha=0.9, beta=3.0, gamma=0.5):
    """NLTK ``meteor_score``: the best ``single_meteor_score`` over the references.

    :param references: pre-tokenized references (a list of lists of str).
    :param hypothesis: a pre-tokenized hypothesis (a list of str).
    :param wordnet: a WordNet index; None = the default one; False = no synonym stage.
    """
    _check_defaults(preprocess, stemmer)
    refs = list(references)
    scorer = _scorer(alpha, beta, gamma, wordnet)
    if not refs:
        raise ValueError("max() arg is an empty sequence")
    hyp = _tokens(hypothesis, "hypothesis")
    ref_lists = [_tokens(r, "reference") for r in refs]
    return _batch_call(scorer, [hyp], ref_lists, [0, len(ref_lists)])[0]


def single_meteor_score(reference, hypothesis, preprocess=str.lower, stemmer=None,
                        wordnet=None, alpha=0.9, beta=3.0, gamma=0.5):
    """NLTK ``single_meteor_score`` of one pre-tokenized reference and hypothesis."""
    _check_defaults(preprocess, stemmer)
    scorer = _scorer(alpha, beta, gamma, wordnet)
    hyp = _tokens(hypothesis, "hypothesis")
    ref = _tokens(reference, "reference")
    return _batch_call(scorer, [hyp], [ref], [0, 1])[0]


def meteor_score_strings(references, hypothesis, wordnet=None, alpha=0.9, beta=3.0,
                         gamma=0.5):
    """``meteor_score`` on plain strings, each tokenized with ``str.split()`` (in C)."""
    if isinstance(references, str):
        raise TypeError("references should be a list of str, not a str")
    refs = list(references)
    scorer = _scorer(alpha, beta, gamma, wordnet)
    if not refs:
        raise ValueError("max() arg is an empty sequence")
    return _batch_text_call(scorer, [hypothesis], refs, [0, len(refs)])[0]


def meteor_scores(references, hypotheses, wordnet=None, alpha=0.9, beta=3.0, gamma=0.5,
                  tokenized=True):
    """Per-segment ``meteor_score(references[i], hypotheses[i])`` in one C call.

    ``references[i]`` is the list of references of hypothesis i. With
    ``tokenized=False`` hypotheses and references are plain strings, split with
    ``str.split()`` by the library (the fastest path). ``statistics.fmean`` of the
    result is the corpus mean.
    """
    hyps = list(hypotheses)
    refs = list(references)
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} reference lists")
    scorer = _scorer(alpha, beta, gamma, wordnet)
    if not hyps:
        return []
    ref_offsets = [0]
    if not tokenized:
        flat = []
        for rs in refs:
            if isinstance(rs, str):
                raise TypeError("each entry of references should be a list of str")
            flat.extend(rs)
            ref_offsets.append(len(flat))
        return _batch_text_call(scorer, hyps, flat, ref_offsets)
    hyp_lists = [_tokens(h, "hypothesis") for h in hyps]
    ref_lists = []
    for rs in refs:
        ref_lists.extend(_tokens(r, "reference") for r in rs)
        ref_offsets.append(len(ref_lists))
    return _batch_call(scorer, hyp_lists, ref_lists, ref_offsets)
