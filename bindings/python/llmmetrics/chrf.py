"""chrF and chrF++ exactly as sacrebleu 2.6.0 computes them, with sacrebleu's Python API.

* ``corpus_chrf`` and ``sentence_chrf`` have the signatures of ``sacrebleu.compat``
  (``remove_whitespace=True`` is ``whitespace=False``).
* ``CHRF`` mirrors ``sacrebleu.metrics.CHRF`` (``corpus_score``, ``sentence_score``,
  ``get_signature``, reference caching through ``references=``).
* Results are ``CHRFScore`` objects with sacrebleu's attributes (``score``, ``name``,
  ``char_order``, ``word_order``, ``beta``) and ``format()``.

References use sacrebleu's layout: for a corpus, a list of reference streams parallel
to the hypotheses (``None`` = no reference for that segment); for a sentence, a list
of strings. A corpus crosses into C in one call.
"""

import ctypes

from . import _lib, _sacrebleu
from ._lib import InvalidArgumentError

__all__ = ["CHRF", "CHRFScore", "CHRFSignature", "corpus_chrf", "sentence_chrf"]

_P = ctypes.POINTER
_MAX_CHAR = _lib.fn("llmm_chrf_max_char_order", ctypes.c_int)()
_MAX_WORD = _lib.fn("llmm_chrf_max_word_order", ctypes.c_int)()
_MAX_ORDER = _lib.fn("llmm_chrf_max_order", ctypes.c_int)()


class _Options(ctypes.Structure):
    _fields_ = [("char_order", ctypes.c_int), ("word_order", ctypes.c_int),
                ("beta", ctypes.c_int), ("lowercase", ctypes.c_int),
                ("whitespace", ctypes.c_int), ("eps_smoothing", ctypes.c_int),
                ("strict_lengths", ctypes.c_int)]


class _Stats(ctypes.Structure):
    _fields_ = [("counts", ctypes.c_uint64 * (3 * _MAX_ORDER))]


class _Result(ctypes.Structure):
    _fields_ = [("score", ctypes.c_double), ("char_order", ctypes.c_int),
                ("word_order", ctypes.c_int), ("beta", ctypes.c_int)]


_lib.check_size(_Options, "llmm_chrf_options_size")
_lib.check_size(_Stats, "llmm_chrf_stats_size")
_lib.check_size(_Result, "llmm_chrf_result_size")

_options_default = _lib.fn("llmm_chrf_options_default", None, _P(_Options))
_create = _lib.fn("llmm_chrf_create", ctypes.c_int, _P(ctypes.c_void_p), _P(_Options),
                  ctypes.c_void_p)
_free = _lib.fn("llmm_chrf_free", None, ctypes.c_void_p)
_extract = _lib.fn("llmm_chrf_extract", ctypes.c_int, ctypes.c_void_p, _lib.Str,
                   _P(_lib.Str), ctypes.c_size_t, _P(_Stats))
_extract_corpus = _lib.fn("llmm_chrf_extract_corpus", ctypes.c_int, ctypes.c_void_p,
                          _P(_lib.Strs), _P(_lib.Strs), ctypes.c_size_t, _P(_Stats),
                          _P(_Stats), _P(ctypes.c_size_t), _P(ctypes.c_size_t),
                          _P(ctypes.c_int))
_finalize = _lib.fn("llmm_chrf_finalize", ctypes.c_int, _P(_Options), _P(_Stats), _P(_Result))
_signature = _lib.fn("llmm_chrf_signature", ctypes.c_int, _P(_Options), ctypes.c_int,
                     ctypes.c_char_p, ctypes.c_size_t)


class CHRFScore(_sacrebleu.Score):
    """A chrF score with sacrebleu's ``CHRFScore`` attributes: ``score`` (0-100),
    ``name`` ("chrF2", "chrF2++"), ``char_order``, ``word_order``, ``beta``."""

    def __init__(self, score, char_order, word_order, beta):
        self.beta = beta
        self.char_order = char_order
        self.word_order = word_order
        super().__init__(f"chrF{beta}" + "+" * word_order, score)


class CHRFSignature(_sacrebleu.Signature):
    """sacrebleu's chrF signature (``nrefs|case|eff|nc|nw|space|version``)."""

    _ABBR = {"nrefs": "#", "case": "c", "eff": "e", "nc": "nc", "nw": "nw", "space": "s",
             "version": "v"}


class CHRF(_sacrebleu.CorpusScorer):
    """Computes chrF / chrF++ like ``sacrebleu.metrics.CHRF``.

    :param char_order: character n-gram order (0 to 12).
    :param word_order: word n-gram order (0 to 4); 2 is chrF++.
    :param beta: recall weight (an int, 0 to 10000).
    :param lowercase: case-insensitive chrF (Python ``str.lower()``).
    :param whitespace: keep whitespace in the character n-grams.
    :param eps_smoothing: chrF++.py / NLTK / Moses epsilon smoothing instead of
        sacreBLEU's effective order.
    :param references: reference streams to cache for ``corpus_score(hyps, None)``.
    """

    NAME = "CHRF"
    _STATS = _Stats
    _EXTRACT = _extract
    _EXTRACT_CORPUS = _extract_corpus
    _FREE = _free
    _SIGNATURE_FN = _signature
    _SIGNATURE = CHRFSignature

    CHAR_ORDER = 6
    WORD_ORDER = 0
    BETA = 2

    def __init__(self, char_order=CHAR_ORDER, word_order=WORD_ORDER, beta=BETA,
                 lowercase=False, whitespace=False, eps_smoothing=False, references=None):
        for name, value, hi in (("char_order", char_order, _MAX_CHAR),
                                ("word_order", word_order, _MAX_WORD),
                                ("beta", beta, 10000)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= hi:
                raise InvalidArgumentError(f"{name} must be an int from 0 to {hi}, "
                                           f"not {value!r}")
        if char_order + word_order == 0:
            raise InvalidArgumentError("char_order + word_order must be at least 1")
        self.beta = beta
        self.char_order = char_order
        self.word_order = word_order
        self.order = char_order + word_order
        self.lowercase = lowercase
        self.whitespace = whitespace
        self.eps_smoothing = eps_smoothing
        opts = _Options()
        _options_default(ctypes.byref(opts))
        opts.char_order = char_order
        opts.word_order = word_order
        opts.beta = beta
        opts.lowercase = 1 if lowercase else 0
        opts.whitespace = 1 if whitespace else 0
        opts.eps_smoothing = 1 if eps_smoothing else 0
        self._open(_create, opts, "chrF options", references)

    def _compute(self, stats):
        res = _Result()
        _lib.check(_finalize(ctypes.byref(self._opts), ctypes.byref(stats), ctypes.byref(res)),
                   "chrF")
        return CHRFScore(res.score, self.char_order, self.word_order, self.beta)



def corpus_chrf(hypotheses, references, char_order=CHRF.CHAR_ORDER,
                word_order=CHRF.WORD_ORDER, beta=CHRF.BETA, remove_whitespace=True,
                eps_smoothing=False):
    """Corpus chrF, as ``sacrebleu.corpus_chrf`` (references: a list of streams)."""
    metric = CHRF(char_order=char_order, word_order=word_order, beta=beta,
                  whitespace=not remove_whitespace, eps_smoothing=eps_smoothing)
    return metric.corpus_score(hypotheses, references)


def sentence_chrf(hypothesis, references, char_order=CHRF.CHAR_ORDER,
                  word_order=CHRF.WORD_ORDER, beta=CHRF.BETA, remove_whitespace=True,
                  eps_smoothing=False):
    """Sentence chrF, as ``sacrebleu.sentence_chrf`` (references: a list of strings)."""
    metric = CHRF(char_order=char_order, word_order=word_order, beta=beta,
                  whitespace=not remove_whitespace, eps_smoothing=eps_smoothing)
    return metric.sentence_score(hypothesis, references)
