"""BLEU exactly as sacrebleu 2.6.0 computes it, with sacrebleu's Python API.

* ``corpus_bleu``, ``sentence_bleu`` and ``raw_corpus_bleu`` have the signatures of
  ``sacrebleu.compat`` (note the different ``use_effective_order`` defaults).
* ``BLEU`` mirrors ``sacrebleu.metrics.BLEU`` (``corpus_score``, ``sentence_score``,
  ``get_signature``, reference caching through ``references=``).
* Results are ``BLEUScore`` objects with sacrebleu's attributes (``score``, ``counts``,
  ``totals``, ``precisions``, ``bp``, ``sys_len``, ``ref_len``) and ``format()``.

References use sacrebleu's layout: for a corpus, a list of reference *streams*, each
parallel to the hypotheses (``None`` = no reference for that segment); for a sentence, a
list of strings. A corpus crosses into C in one call.
"""

import ctypes
import logging
from operator import methodcaller

from . import _lib, _sacrebleu
from ._lib import InvalidArgumentError

__all__ = ["BLEU", "BLEUScore", "BLEUSignature", "corpus_bleu", "sentence_bleu",
           "raw_corpus_bleu"]

_log = logging.getLogger("llmmetrics")

MAX_NGRAM_ORDER = 4
_C_MAX_ORDER = _lib.fn("llmm_bleu_max_order", ctypes.c_int)()


# ---- C structures -------------------------------------------------------------------

class _Options(ctypes.Structure):
    _fields_ = [("tokenize", ctypes.c_int), ("lowercase", ctypes.c_int),
                ("smooth_method", ctypes.c_int), ("smooth_value", ctypes.c_double),
                ("effective_order", ctypes.c_int), ("max_ngram_order", ctypes.c_int),
                ("strict_lengths", ctypes.c_int)]


class _Stats(ctypes.Structure):
    _fields_ = [("sys_len", ctypes.c_uint64), ("ref_len", ctypes.c_int64),
                ("counts", ctypes.c_uint64 * _C_MAX_ORDER),
                ("totals", ctypes.c_uint64 * _C_MAX_ORDER)]


class _Result(ctypes.Structure):
    _fields_ = [("score", ctypes.c_double), ("counts", ctypes.c_double * _C_MAX_ORDER),
                ("totals", ctypes.c_double * _C_MAX_ORDER),
                ("precisions", ctypes.c_double * _C_MAX_ORDER), ("bp", ctypes.c_double),
                ("sys_len", ctypes.c_uint64), ("ref_len", ctypes.c_int64),
                ("max_ngram_order", ctypes.c_int)]


_lib.check_size(_Options, "llmm_bleu_options_size")
_lib.check_size(_Stats, "llmm_bleu_stats_size")
_lib.check_size(_Result, "llmm_bleu_result_size")

_P = ctypes.POINTER
_options_default = _lib.fn("llmm_bleu_options_default", None, _P(_Options))
_tokenizer_from_name = _lib.fn("llmm_tokenizer_from_name", ctypes.c_int, ctypes.c_char_p,
                               ctypes.c_size_t, _P(ctypes.c_int))
_smooth_from_name = _lib.fn("llmm_bleu_smooth_from_name", ctypes.c_int, ctypes.c_char_p,
                            ctypes.c_size_t, _P(ctypes.c_int))
_create = _lib.fn("llmm_bleu_create", ctypes.c_int, _P(ctypes.c_void_p), _P(_Options),
                  ctypes.c_void_p)
_free = _lib.fn("llmm_bleu_free", None, ctypes.c_void_p)
_extract = _lib.fn("llmm_bleu_extract", ctypes.c_int, ctypes.c_void_p, _lib.Str,
                   _P(_lib.Str), ctypes.c_size_t, _P(_Stats))
_extract_corpus = _lib.fn("llmm_bleu_extract_corpus", ctypes.c_int, ctypes.c_void_p,
                          _P(_lib.Strs), _P(_lib.Strs), ctypes.c_size_t, _P(_Stats),
                          _P(_Stats), _P(ctypes.c_size_t), _P(ctypes.c_size_t),
                          _P(ctypes.c_int))
_finalize = _lib.fn("llmm_bleu_finalize", ctypes.c_int, _P(_Options), _P(_Stats),
                    _P(_Result))
_signature = _lib.fn("llmm_bleu_signature", ctypes.c_int, _P(_Options), ctypes.c_int,
                     ctypes.c_char_p, ctypes.c_size_t)


# ---- sacrebleu-compatible exceptions ------------------------------------------------
# sacrebleu raises KeyError for an unknown tokenizer (bleu.py _get_tokenizer),
# AssertionError for an unknown smoothing method (bleu.py BLEU.__init__) and IndexError
# for an empty hypothesis or reference list (base.py _check_corpus_score_args; that one
# is _sacrebleu.EmptyInputError). These classes are both that exception and ValueError
# (and llmmetrics.Error).

class UnknownTokenizerError(InvalidArgumentError, KeyError):
    """Unknown or unsupported tokenizer name (a KeyError, as in sacrebleu)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class UnknownSmoothMethodError(InvalidArgumentError, AssertionError):
    """Unknown smoothing method (an AssertionError, as in sacrebleu)."""


# ---- results ------------------------------------------------------------------------

class BLEUScore(_sacrebleu.Score):
    """A BLEU score with sacrebleu's ``BLEUScore`` attributes and formatting.

    ``score`` (0-100), ``counts`` and ``totals`` (matched / total n-grams per order),
    ``precisions`` (percent), ``bp``, ``sys_len``, ``ref_len``, ``ratio``,
    ``prec_str``; ``format(width=2, score_only=False, signature='', is_json=False)``.
    """

    def __init__(self, score, counts, totals, precisions, bp, sys_len, ref_len):
        super().__init__("BLEU", score)
        self.bp = bp
        self.counts = counts
        self.totals = totals
        self.sys_len = sys_len
        self.ref_len = ref_len
        self.precisions = precisions
        self.prec_str = "/".join([f"{p:.1f}" for p in self.precisions])
        self.ratio = self.sys_len / self.ref_len if self.ref_len else 0
        self._verbose = f"{self.prec_str} (BP = {self.bp:.3f} "
        self._verbose += f"ratio = {self.ratio:.3f} hyp_len = {self.sys_len:d} "
        self._verbose += f"ref_len = {self.ref_len:d})"


class BLEUSignature(_sacrebleu.Signature):
    """sacrebleu's BLEU signature (``nrefs|case|eff|tok|smooth|version``)."""

    _ABBR = {"nrefs": "#", "case": "c", "eff": "e", "tok": "tok", "smooth": "s",
             "version": "v"}


# ---- the metric -----------------------------------------------------------------------

def _name_to_enum(parse, name):
    value = ctypes.c_int(0)
    raw = name.encode("utf-8", "surrogatepass") if isinstance(name, str) else b""
    return value.value if parse(raw, len(raw), ctypes.byref(value)) == 0 else None


class BLEU(_sacrebleu.CorpusScorer):
    """Computes BLEU like ``sacrebleu.metrics.BLEU``.

    :param lowercase: case-insensitive BLEU.
    :param force: do not warn about hypotheses that look tokenized.
    :param tokenize: 'none', '13a', 'intl', 'char' or 'zh'; None picks 'zh' for
        ``trg_lang='zh'`` and '13a' otherwise ('ja-mecab', 'ko-mecab' and the
        SentencePiece tokenizers are not available).
    :param smooth_method: 'exp' (default), 'floor', 'add-k' or 'none'.
    :param smooth_value: for 'floor' (default 0.1) and 'add-k' (default 1).
    :param max_ngram_order: 1 to 4.
    :param effective_order: ignore orders without any n-gram (use for sentences).
    :param trg_lang: target language code, only used to choose the default tokenizer.
    :param references: reference streams to cache for repeated ``corpus_score`` calls
        with ``references=None``.
    """

    NAME = "BLEU"
    _STATS = _Stats
    _EXTRACT = _extract
    _EXTRACT_CORPUS = _extract_corpus
    _FREE = _free
    _SIGNATURE_FN = _signature
    _SIGNATURE = BLEUSignature
    SMOOTH_DEFAULTS = {"none": None, "floor": 0.1, "add-k": 1, "exp": None}
    TOKENIZERS = ("none", "zh", "13a", "intl", "char")
    TOKENIZER_DEFAULT = "13a"
    _TOKENIZER_MAP = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
    _UNSUPPORTED = ("ja-mecab", "ko-mecab", "spm", "flores101", "flores200", "spBLEU-1K")

    def __init__(self, lowercase=False, force=False, tokenize=None, smooth_method="exp",
                 smooth_value=None, max_ngram_order=MAX_NGRAM_ORDER, effective_order=False,
                 trg_lang="", references=None):
        self._force = force
        self.trg_lang = trg_lang
        self.lowercase = lowercase
        self.smooth_value = smooth_value
        self.smooth_method = smooth_method
        self.max_ngram_order = max_ngram_order
        self.effective_order = effective_order

        smooth = _name_to_enum(_smooth_from_name, smooth_method)
        if smooth is None:
            # bleu.py: a literal (non-f-string) assertion message.
            raise UnknownSmoothMethodError("Unknown smooth_method {self.smooth_method!r}")
        if tokenize is None:
            tokenize = self._TOKENIZER_MAP.get(trg_lang, self.TOKENIZER_DEFAULT)
        if tokenize in self._UNSUPPORTED:
            raise UnknownTokenizerError(
                f"tokenizer {tokenize!r} is not available in llmmetrics (it needs MeCab or "
                "SentencePiece models); tokenize the text yourself and use tokenize='none'")
        tok = _name_to_enum(_tokenizer_from_name, tokenize)
        if tok is None:
            raise UnknownTokenizerError(tokenize)
        if not isinstance(max_ngram_order, int) or not 1 <= max_ngram_order <= _C_MAX_ORDER:
            raise InvalidArgumentError(
                f"max_ngram_order must be an int from 1 to {_C_MAX_ORDER}, "
                f"not {max_ngram_order!r}")
        if smooth_value is not None and smooth_method in ("floor", "add-k") \
                and not smooth_value >= 0:
            raise InvalidArgumentError(
                f"smooth_value must be a non-negative number, not {smooth_value!r}")
        self.tokenizer_signature = tokenize

        opts = _Options()
        _options_default(ctypes.byref(opts))
        opts.tokenize = tok
        opts.lowercase = 1 if lowercase else 0
        opts.smooth_method = smooth
        opts.smooth_value = -1.0 if smooth_value is None else float(smooth_value)
        opts.effective_order = 1 if effective_order else 0
        opts.max_ngram_order = max_ngram_order
        self._open(_create, opts, "BLEU options", references)

    # -- scoring ------------------------------------------------------------------------

    def _compute(self, stats):
        res = _Result()
        _lib.check(_finalize(ctypes.byref(self._opts), ctypes.byref(stats), ctypes.byref(res)),
                   "BLEU")
        order = self.max_ngram_order
        counts = [int(stats.counts[i]) for i in range(order)]
        totals = [int(stats.totals[i]) for i in range(order)]
        if self.smooth_method == "add-k" and any(counts):
            # bleu.py compute_bleu mutates counts/totals with +k for n > 1, up to the
            # first order without n-grams; redone here so the values keep Python's types.
            k = self.SMOOTH_DEFAULTS["add-k"] if self.smooth_value is None else self.smooth_value
            for n in range(1, order):
                counts[n] += k
                totals[n] += k
                if totals[n] == 0:
                    break
        return BLEUScore(res.score, counts, totals, list(res.precisions[:order]), res.bp,
                         int(res.sys_len), int(res.ref_len))

    def _check_hypotheses(self, hypotheses):
        if not self._force and sum(map(methodcaller("endswith", " ."), hypotheses)) >= 100:
            _log.warning("That's 100 lines that end in a tokenized period ('.')")
            _log.warning("It looks like you forgot to detokenize your test data, which may "
                         "hurt your score.")
            _log.warning("If you insist your data is detokenized, or don't care, you can "
                         "suppress this message with the `force` parameter.")

    def _check_sentence(self):
        if not self.effective_order:
            _log.warning("It is recommended to enable `effective_order` for sentence-level "
                         "BLEU.")



# ---- sacrebleu.compat -------------------------------------------------------------------

def corpus_bleu(hypotheses, references, smooth_method="exp", smooth_value=None, force=False,
                lowercase=False, tokenize=BLEU.TOKENIZER_DEFAULT, use_effective_order=False):
    """Corpus BLEU, as ``sacrebleu.corpus_bleu`` (references: a list of streams)."""
    metric = BLEU(lowercase=lowercase, force=force, tokenize=tokenize,
                  smooth_method=smooth_method, smooth_value=smooth_value,
                  effective_order=use_effective_order)
    return metric.corpus_score(hypotheses, references)


def raw_corpus_bleu(hypotheses, references, smooth_value=BLEU.SMOOTH_DEFAULTS["floor"]):
    """``sacrebleu.raw_corpus_bleu``: no tokenization, floor smoothing, effective order."""
    return corpus_bleu(hypotheses, references, smooth_method="floor",
                       smooth_value=smooth_value, force=True, tokenize="none",
                       use_effective_order=True)


def sentence_bleu(hypothesis, references, smooth_method="exp", smooth_value=None,
                  lowercase=False, tokenize=BLEU.TOKENIZER_DEFAULT, use_effective_order=True):
    """Sentence BLEU, as ``sacrebleu.sentence_bleu`` (references: a list of strings)."""
    metric = BLEU(lowercase=lowercase, tokenize=tokenize, force=False,
                  smooth_method=smooth_method, smooth_value=smooth_value,
                  effective_order=use_effective_order)
    return metric.sentence_score(hypothesis, references)
