"""SQuAD v1.1 exact match and token F1 with evaluate-v1.1.py's names:
``normalize_answer``, ``exact_match_score``, ``f1_score`` (one prediction, one gold
answer), ``metric_max_over_ground_truths``, and ``squad(predictions, references)`` for a
corpus (``{"exact_match", "f1"}`` on the 0-100 scale and ``per_example`` scores on the
0-1 scale). ``SquadStats`` is the mergeable accumulator.

Note: at the package level this module's ``f1_score`` is ``llmmetrics.squad_f1_score``
(``llmmetrics.f1_score`` is scikit-learn's), and ``llmmetrics.squad`` is the corpus
function; the module itself is ``llmmetrics.qa``.
"""

import ctypes

from . import _lib
from ._lib import InvalidArgumentError

__all__ = ["normalize_answer", "exact_match_score", "f1_score", "metric_max_over_ground_truths",
           "squad", "SquadStats"]

_P = ctypes.POINTER
_c_int, _c_size = ctypes.c_int, ctypes.c_size_t


class _Example(ctypes.Structure):
    _fields_ = [("exact_match", ctypes.c_double), ("f1", ctypes.c_double)]


class _Result(ctypes.Structure):
    _fields_ = [("exact_match", ctypes.c_double), ("f1", ctypes.c_double),
                ("count", ctypes.c_uint64)]


_lib.check_size(_Example, "llmm_squad_example_size")
_lib.check_size(_Result, "llmm_squad_result_size")

_fn = _lib.fn
_create = _fn("llmm_squad_create", _c_int, _P(ctypes.c_void_p), ctypes.c_void_p)
_free = _fn("llmm_squad_free", None, ctypes.c_void_p)
_score = _fn("llmm_squad_score", _c_int, ctypes.c_void_p, _lib.Str, _P(_lib.Str), _c_size,
             _P(_Example))
_batch = _fn("llmm_squad_score_batch", _c_int, ctypes.c_void_p, _P(_lib.Strs), _P(_lib.Strs),
             _P(_c_size), _P(_Example), _P(_c_size))
_normalize = _fn("llmm_squad_normalize", _c_int, ctypes.c_void_p, _lib.Str, ctypes.c_char_p,
                 _c_size, _P(_c_size))
_merge = _fn("llmm_squad_merge", _c_int, ctypes.c_void_p, ctypes.c_void_p)
_result = _fn("llmm_squad_result_get", _c_int, ctypes.c_void_p, _P(_Result))
_ser_size = _fn("llmm_squad_serialized_size", _c_size, ctypes.c_void_p)
_ser = _fn("llmm_squad_serialize", _c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size,
           _P(_c_size))
_merge_ser = _fn("llmm_squad_merge_serialized", _c_int, ctypes.c_void_p, ctypes.c_char_p,
                 _c_size)


class SquadStats:
    """Question count, exact matches and an exact F1 sum; merge shards in any order."""

    def __init__(self):
        self._h = ctypes.c_void_p()
        _lib.check(_create(ctypes.byref(self._h), None), "SquadStats")

    def __del__(self):
        if getattr(self, "_h", None):
            _free(self._h)
            self._h = None

    def add(self, prediction, answers):
        """Scores one question (max over its gold answers) and accumulates it;
        returns (exact_match, f1) on the 0-1 scale."""
        if isinstance(answers, str):
            raise TypeError("answers should be a list of str, not a str")
        p, keep = _lib.encode_str(prediction, "prediction")
        golds = [_lib.encode_str(a, "answer") for a in answers]
        arr = (_lib.Str * max(len(golds), 1))(*[g[0] for g in golds])
        ex = _Example()
        status = _score(self._h, p, arr, len(golds), ctypes.byref(ex))
        if status and _lib.status_name(status) == "LLMM_EEMPTY":
            raise InvalidArgumentError("max() arg is an empty sequence (no gold answers)")
        _lib.check(status, "squad", keep)
        return ex.exact_match, ex.f1

    def add_batch(self, predictions, references):
        """A corpus in one C call; returns the per-question (exact_match, f1) pairs."""
        predictions = list(predictions)
        references = [list(r) for r in references]
        if len(predictions) != len(references):
            raise InvalidArgumentError(f"{len(predictions)} predictions but "
                                       f"{len(references)} reference lists")
        if any(isinstance(r, str) for r in references):
            raise TypeError("each reference should be a list of str")
        preds = _lib.encode_batch(predictions, "prediction")
        golds = _lib.encode_batch([a for r in references for a in r], "answer")
        start = [0]
        for r in references:
            start.append(start[-1] + len(r))
        c_start = (_c_size * len(start))(*start)
        out = (_Example * max(len(predictions), 1))()
        bad = _c_size()
        status = _batch(self._h, ctypes.byref(preds.strs), ctypes.byref(golds.strs), c_start,
                        out, ctypes.byref(bad))
        if status and _lib.status_name(status) == "LLMM_EEMPTY":
            raise InvalidArgumentError(f"question {bad.value}: max() arg is an empty sequence "
                                       "(no gold answers)")
        _lib.check(status, f"question {bad.value}")
        return [(e.exact_match, e.f1) for e in out[:len(predictions)]]

    def merge(self, other):
        _lib.check(_merge(self._h, other._h), "merge")
        return self

    def compute(self):
        """{"exact_match", "f1"} on the 0-100 scale (ZeroDivisionError when empty, as
        evaluate-v1.1.py)."""
        r = _Result()
        status = _result(self._h, ctypes.byref(r))
        if status and _lib.status_name(status) == "LLMM_EEMPTY":
            raise ZeroDivisionError("division by zero (no questions)")
        _lib.check(status, "compute")
        return {"exact_match": r.exact_match, "f1": r.f1}

    def to_bytes(self):
        n = _ser_size(self._h)
        buf = ctypes.create_string_buffer(n)
        written = _c_size()
        _lib.check(_ser(self._h, buf, n, ctypes.byref(written)), "to_bytes")
        return buf.raw[:written.value]

    def merge_bytes(self, data):
        data = bytes(data)
        _lib.check(_merge_ser(self._h, data, len(data)), "merge_bytes")
        return self


def normalize_answer(s):
    """Lower text and remove punctuation, articles and extra whitespace."""
    st, keep = _lib.encode_str(s, "text")
    need = _c_size()
    h = SquadStats()  # own buffers: thread-safe
    _normalize(h._h, st, None, 0, ctypes.byref(need))
    buf = ctypes.create_string_buffer(need.value + 1)
    _lib.check(_normalize(h._h, st, buf, need.value + 1, None), "normalize_answer", keep)
    return buf.raw[:need.value].decode("utf-8")


def _pair(prediction, ground_truth):
    return SquadStats().add(prediction, [ground_truth])


def exact_match_score(prediction, ground_truth):
    """normalize_answer(prediction) == normalize_answer(ground_truth)"""
    return _pair(prediction, ground_truth)[0] == 1.0


def f1_score(prediction, ground_truth):
    """Token F1 of the normalised answers (0 when no token is shared)."""
    return _pair(prediction, ground_truth)[1]


def metric_max_over_ground_truths(metric_fn, prediction, ground_truths):
    """max(metric_fn(prediction, g) for g in ground_truths)"""
    return max(metric_fn(prediction, g) for g in ground_truths)


def squad(predictions, references):
    """Corpus scores as the vectors' ``squad`` metric: {"exact_match", "f1"} (0-100) and
    ``per_example`` = [{"exact_match", "f1", "normalized_prediction"}] (0-1)."""
    stats = SquadStats()
    per = stats.add_batch(predictions, references)
    out = stats.compute()
    out["per_example"] = [{"exact_match": em, "f1": f1, "normalized_prediction":
                           normalize_answer(p)} for (em, f1), p in zip(per, predictions)]
    return out
