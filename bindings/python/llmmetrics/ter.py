"""TER exactly as sacrebleu 2.6.0 computes it, with sacrebleu's Python API.

* ``corpus_ter`` and ``sentence_ter`` have the signatures of ``sacrebleu.compat``.
* ``TER`` mirrors ``sacrebleu.metrics.TER`` (``corpus_score``, ``sentence_score``,
  ``get_signature``, reference caching through ``references=``).
* Results are ``TERScore`` objects with sacrebleu's attributes (``score``, ``name``,
  ``num_edits``, ``ref_length``) and ``format()``.
"""

import ctypes

from . import _lib, _sacrebleu

__all__ = ["TER", "TERScore", "TERSignature", "corpus_ter", "sentence_ter"]

_P = ctypes.POINTER


class _Options(ctypes.Structure):
    _fields_ = [("normalized", ctypes.c_int), ("no_punct", ctypes.c_int),
                ("asian_support", ctypes.c_int), ("case_sensitive", ctypes.c_int),
                ("strict_lengths", ctypes.c_int)]


class _Stats(ctypes.Structure):
    _fields_ = [("num_edits", ctypes.c_uint64), ("ref_length_sc", ctypes.c_uint64)]


class _Result(ctypes.Structure):
    _fields_ = [("score", ctypes.c_double), ("num_edits", ctypes.c_uint64),
                ("ref_length", ctypes.c_double)]


_lib.check_size(_Options, "llmm_ter_options_size")
_lib.check_size(_Stats, "llmm_ter_stats_size")
_lib.check_size(_Result, "llmm_ter_result_size")

_options_default = _lib.fn("llmm_ter_options_default", None, _P(_Options))
_create = _lib.fn("llmm_ter_create", ctypes.c_int, _P(ctypes.c_void_p), _P(_Options),
                  ctypes.c_void_p)
_free = _lib.fn("llmm_ter_free", None, ctypes.c_void_p)
_extract = _lib.fn("llmm_ter_extract", ctypes.c_int, ctypes.c_void_p, _lib.Str, _P(_lib.Str),
                   ctypes.c_size_t, _P(_Stats))
_extract_corpus = _lib.fn("llmm_ter_extract_corpus", ctypes.c_int, ctypes.c_void_p,
                          _P(_lib.Strs), _P(_lib.Strs), ctypes.c_size_t, _P(_Stats),
                          _P(_Stats), _P(ctypes.c_size_t), _P(ctypes.c_size_t),
                          _P(ctypes.c_int))
_finalize = _lib.fn("llmm_ter_finalize", ctypes.c_int, _P(_Stats), _P(_Result))
_signature = _lib.fn("llmm_ter_signature", ctypes.c_int, _P(_Options), ctypes.c_int,
                     ctypes.c_char_p, ctypes.c_size_t)


class TERScore(_sacrebleu.Score):
    """A TER score with sacrebleu's ``TERScore`` attributes: ``score`` (100 · edits /
    reference length), ``num_edits`` (int), ``ref_length`` (float)."""

    def __init__(self, score, num_edits, ref_length):
        super().__init__("TER", score)
        self.num_edits = int(num_edits)
        self.ref_length = ref_length


class TERSignature(_sacrebleu.Signature):
    """sacrebleu's TER signature (``nrefs|case|tok|norm|punct|asian|version``)."""

    _ABBR = {"nrefs": "#", "case": "c", "tok": "t", "norm": "nr", "punct": "pn",
             "asian": "as", "version": "v"}


class TER(_sacrebleu.CorpusScorer):
    """Computes TER like ``sacrebleu.metrics.TER`` (tercom's algorithm).

    :param normalized: tercom's general + western normalization.
    :param no_punct: remove punctuation.
    :param asian_support: CJK character splitting (with ``normalized``) and CJK
        punctuation removal (with ``no_punct``).
    :param case_sensitive: do not lowercase.
    :param references: reference streams to cache for ``corpus_score(hyps, None)``.
    """

    NAME = "TER"
    _STATS = _Stats
    _EXTRACT = _extract
    _EXTRACT_CORPUS = _extract_corpus
    _FREE = _free
    _SIGNATURE_FN = _signature
    _SIGNATURE = TERSignature

    def __init__(self, normalized=False, no_punct=False, asian_support=False,
                 case_sensitive=False, references=None):
        self.no_punct = no_punct
        self.normalized = normalized
        self.asian_support = asian_support
        self.case_sensitive = case_sensitive
        self.tokenizer_signature = "tercom"
        opts = _Options()
        _options_default(ctypes.byref(opts))
        opts.normalized = 1 if normalized else 0
        opts.no_punct = 1 if no_punct else 0
        opts.asian_support = 1 if asian_support else 0
        opts.case_sensitive = 1 if case_sensitive else 0
        self._open(_create, opts, "TER options", references)

    @staticmethod
    def _compute(stats):
        res = _Result()
        _lib.check(_finalize(ctypes.byref(stats), ctypes.byref(res)), "TER")
        return TERScore(res.score, res.num_edits, res.ref_length)



def corpus_ter(hypotheses, references, normalized=False, no_punct=False, asian_support=False,
               case_sensitive=False):
    """Corpus TER, as ``sacrebleu.corpus_ter`` (references: a list of streams)."""
    metric = TER(normalized=normalized, no_punct=no_punct, asian_support=asian_support,
                 case_sensitive=case_sensitive)
    return metric.corpus_score(hypotheses, references)


def sentence_ter(hypothesis, references, normalized=False, no_punct=False, asian_support=False,
                 case_sensitive=False):
    """Sentence TER, as ``sacrebleu.sentence_ter`` (references: a list of strings)."""
    metric = TER(normalized=normalized, no_punct=no_punct, asian_support=asian_support,
                 case_sensitive=case_sensitive)
    return metric.sentence_score(hypothesis, references)
