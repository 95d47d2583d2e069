"""ROUGE exactly as Google's rouge-score 0.1.2 computes it: a drop-in for
``rouge_score.rouge_scorer`` (and ``rouge_score.scoring``'s ``Score``,
``AggregateScore`` and ``BootstrapAggregator``)::

    from llmmetrics import rouge_scorer          # was: from rouge_score import rouge_scorer
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
    scores = scorer.score("The quick brown fox", "The quick brown dog")
    scores["rouge1"].fmeasure

Differences from rouge-score:

* ``split_summaries=True`` with ``rougeLsum`` raises ``llmmetrics.UnsupportedError``
  (rouge-score sentence-splits with NLTK's Punkt model, which is not available); without
  ``rougeLsum`` it has no effect, as in rouge-score.
* A custom ``tokenizer=`` object is not supported (NotImplementedError): the default
  tokenizer and the Porter stemmer run in C.
* ``BootstrapAggregator`` takes an optional ``seed`` and uses the library's own
  counter-based generator, so its (random) intervals are reproducible but not numpy's.
* Extra: ``RougeScorer.score_corpus(targets, predictions)`` scores a whole corpus in one C
  call and also returns the exact mean of every score.
"""

import collections
import ctypes
import threading

from . import _lib

__all__ = ["RougeScorer", "Score", "AggregateScore", "BootstrapAggregator"]

_N_TYPES = _lib.fn("llmm_rouge_type_count", ctypes.c_int)()
_P = ctypes.POINTER


class Score(collections.namedtuple("Score", ["precision", "recall", "fmeasure"])):
    """Tuple containing precision, recall, and f-measure values."""


class AggregateScore(collections.namedtuple("AggregateScore", ["low", "mid", "high"])):
    """Tuple containing confidence intervals for scores."""


# ---- C structures -------------------------------------------------------------------

class _Options(ctypes.Structure):
    _fields_ = [("types", ctypes.c_uint), ("use_stemmer", ctypes.c_int),
                ("split_summaries", ctypes.c_int)]


class _Prf(ctypes.Structure):
    _fields_ = [("precision", ctypes.c_double), ("recall", ctypes.c_double),
                ("fmeasure", ctypes.c_double)]


class _Result(ctypes.Structure):
    _fields_ = [("types", ctypes.c_uint), ("score", _Prf * _N_TYPES),
                ("best_target", ctypes.c_size_t * _N_TYPES)]


class _Stats(ctypes.Structure):
    _fields_ = [("n", ctypes.c_uint64), ("types", ctypes.c_uint),
                ("sum", ctypes.c_uint64 * (_N_TYPES * 9))]


class _BootOptions(ctypes.Structure):
    _fields_ = [("confidence_interval", ctypes.c_double), ("n_samples", ctypes.c_size_t),
                ("seed", ctypes.c_uint64)]


class _Aggregate(ctypes.Structure):
    _fields_ = [("low", _Result), ("mid", _Result), ("high", _Result)]


_lib.check_size(_Options, "llmm_rouge_options_size")
_lib.check_size(_Result, "llmm_rouge_result_size")
_lib.check_size(_Stats, "llmm_rouge_stats_size")
_lib.check_size(_BootOptions, "llmm_rouge_bootstrap_options_size")
_lib.check_size(_Aggregate, "llmm_rouge_aggregate_size")

_type_from_name = _lib.fn("llmm_rouge_type_from_name", ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_size_t, _P(ctypes.c_int))
_create = _lib.fn("llmm_rouge_create", ctypes.c_int, _P(ctypes.c_void_p), _P(_Options),
                  ctypes.c_void_p)
_free = _lib.fn("llmm_rouge_free", None, ctypes.c_void_p)
_score_multi = _lib.fn("llmm_rouge_score_multi", ctypes.c_int, ctypes.c_void_p, _lib.Str,
                       _P(_lib.Str), ctypes.c_size_t, _P(_Result))
_extract_corpus = _lib.fn("llmm_rouge_extract_corpus", ctypes.c_int, ctypes.c_void_p,
                          _P(_lib.Strs), _P(_lib.Strs), ctypes.c_size_t, _P(_Stats),
                          _P(_Result), _P(ctypes.c_size_t))
_finalize = _lib.fn("llmm_rouge_finalize", ctypes.c_int, _P(_Stats), _P(_Result))
_boot_default = _lib.fn("llmm_rouge_bootstrap_options_default", None, _P(_BootOptions))
_bootstrap = _lib.fn("llmm_rouge_bootstrap", ctypes.c_int, _P(_Result), ctypes.c_size_t,
                     _P(_BootOptions), _P(_Aggregate), ctypes.c_void_p)


def _type_index(name):
    """The C type of a rouge-score type name, or the ValueError rouge-score raises."""
    if isinstance(name, str):
        b = name.encode("utf-8", "surrogatepass")
        out = ctypes.c_int(0)
        if _type_from_name(b, len(b), ctypes.byref(out)) == 0:
            return out.value
        # rouge_scorer.py:154-158: re.match(r"rouge[0-9]$") with n <= 0
        if len(name) == 6 and name.startswith("rouge") and name[5] == "0":
            return ValueError("rougen requires positive n: %s" % name)
    return ValueError("Invalid rouge type: %s" % (name,))


def _score_of(prf):
    return Score(prf.precision, prf.recall, prf.fmeasure)


class _Scorer:
    """One C scorer (not thread-safe: RougeScorer keeps one per thread)."""

    def __init__(self, options):
        self.ptr = ctypes.c_void_p()
        _lib.check(_create(ctypes.byref(self.ptr), ctypes.byref(options), None),
                   "RougeScorer")

    def __del__(self):
        if self.ptr:
            _free(self.ptr)
            self.ptr = None


class RougeScorer:
    """rouge-score's ``RougeScorer(rouge_types, use_stemmer=False, split_summaries=False)``.

    ``score(target, prediction)`` and ``score_multi(targets, prediction)`` return a dict
    mapping each requested type to a ``Score(precision, recall, fmeasure)``. As in
    rouge-score, an invalid type raises ValueError when scoring, not here.
    """

    def __init__(self, rouge_types, use_stemmer=False, split_summaries=False, tokenizer=None):
        if tokenizer is not None:
            raise NotImplementedError(
                "llmmetrics.rouge_scorer: custom tokenizers are not supported; the default "
                "rouge-score tokenizer (and Porter stemmer) runs in C")
        self.rouge_types = rouge_types
        self._use_stemmer = bool(use_stemmer)
        self._split_summaries = bool(split_summaries)
        self._local = threading.local()
        self._error = None
        self._keys = []
        mask = 0
        for name in rouge_types:
            t = _type_index(name)
            if isinstance(t, ValueError):
                self._error = self._error or t
                continue
            if name not in self._keys:
                self._keys.append(name)
            mask |= 1 << t
        self._mask = mask
        self._index = {name: _type_index(name) for name in self._keys}

    def _scorer(self):
        if self._error is not None:
            raise self._error
        s = getattr(self._local, "scorer", None)
        if s is None:
            opts = _Options(self._mask, int(self._use_stemmer), int(self._split_summaries))
            s = self._local.scorer = _Scorer(opts)
        return s

    def _result(self, res):
        return {name: _score_of(res.score[self._index[name]]) for name in self._keys}

    def score(self, target, prediction):
        """Scores `prediction` against `target` (rouge-score's argument order)."""
        return self.score_multi([target], prediction)

    def score_multi(self, targets, prediction):
        """Per type, the score against the target with the highest F-measure (the first
        one on ties); an empty `targets` raises ValueError, as in rouge-score."""
        s = self._scorer()
        targets = list(targets)
        if not targets:
            raise ValueError("attempt to get argmax of an empty sequence")
        pred, keep = _lib.encode_str(prediction, "prediction")
        c_targets = (_lib.Str * len(targets))()
        alive = [keep]
        for i, t in enumerate(targets):
            c_targets[i], b = _lib.encode_str(t, "target %d" % i)
            alive.append(b)
        res = _Result()
        _lib.check(_score_multi(s.ptr, pred, c_targets, len(targets), ctypes.byref(res)),
                   "RougeScorer.score")
        return self._result(res)

    def score_corpus(self, targets, predictions):
        """Scores a corpus in one C call.

        `targets[i]` is the target string of prediction i, or a list of targets
        (score_multi). Returns ``(per_example, mean)``: a list of score dicts and a dict of
        mean Scores (computed exactly; rouge-score users compute it with a float sum).
        """
        s = self._scorer()
        predictions = list(predictions)
        targets = [[t] if isinstance(t, str) else list(t) for t in targets]
        if len(targets) != len(predictions):
            raise ValueError("targets and predictions differ in length (%d != %d)"
                             % (len(targets), len(predictions)))
        n = len(predictions)
        n_streams = max((len(t) for t in targets), default=0)
        streams = [_lib.encode_batch([t[k] if k < len(t) else None for t in targets],
                                     "target", allow_none=True) for k in range(n_streams)]
        preds = _lib.encode_batch(predictions, "prediction")
        c_streams = (_lib.Strs * max(n_streams, 1))(*[b.strs for b in streams])
        per = (_Result * max(n, 1))()
        stats = _Stats()
        bad = ctypes.c_size_t(0)
        status = _extract_corpus(s.ptr, ctypes.byref(preds.strs), c_streams, n_streams,
                                 ctypes.byref(stats), per, ctypes.byref(bad))
        if status != 0 and _lib.status_name(status) == "LLMM_EEMPTY":
            raise ValueError("example %d: attempt to get argmax of an empty sequence"
                             % bad.value)
        _lib.check(status, "RougeScorer.score_corpus (example %d)" % bad.value)
        if n == 0:
            return [], {}
        mean = _Result()
        _lib.check(_finalize(ctypes.byref(stats), ctypes.byref(mean)), "score_corpus")
        return [self._result(per[i]) for i in range(n)], self._result(mean)


class BootstrapAggregator:
    """rouge-score's ``scoring.BootstrapAggregator``: bootstrap confidence intervals.

    ``add_scores(dict)`` collects per-example scores; ``aggregate()`` returns a dict of
    ``AggregateScore(low, mid, high)``. ``mid`` is the median of the resampled means, as
    in rouge-score. The resampling runs in C with a counter-based generator seeded by
    `seed` (rouge-score uses numpy's global unseeded generator).
    """

    def __init__(self, confidence_interval=0.95, n_samples=1000, seed=0):
        if confidence_interval < 0 or confidence_interval > 1:
            raise ValueError("confidence_interval must be in range [0, 1]")
        if n_samples <= 0:
            raise ValueError("n_samples must be positive")
        self._n_samples = n_samples
        self._confidence_interval = confidence_interval
        self._seed = seed
        self._scores = collections.defaultdict(list)

    def add_scores(self, scores):
        for score_type, score in scores.items():
            self._scores[score_type].append(score)

    def aggregate(self):
        opts = _BootOptions()
        _boot_default(ctypes.byref(opts))
        opts.confidence_interval = self._confidence_interval
        opts.n_samples = self._n_samples
        opts.seed = self._seed & (2 ** 64 - 1)
        result = {}
        # score types are packed into the C result's type slots, _N_TYPES at a time
        keys = list(self._scores)
        for start in range(0, len(keys), _N_TYPES):
            group = keys[start:start + _N_TYPES]
            lengths = {len(self._scores[k]) for k in group}
            for n in lengths:
                sub = [k for k in group if len(self._scores[k]) == n]
                rows = (_Result * n)()
                for slot, k in enumerate(sub):
                    for i, sc in enumerate(self._scores[k]):
                        p, r, f = sc
                        rows[i].types |= 1 << slot
                        rows[i].score[slot] = _Prf(p, r, f)
                agg = _Aggregate()
                _lib.check(_bootstrap(rows, n, ctypes.byref(opts), ctypes.byref(agg), None),
                           "BootstrapAggregator.aggregate")
                for slot, k in enumerate(sub):
                    cls = self._scores[k][0].__class__
                    result[k] = AggregateScore(
                        low=cls(*_score_of(agg.low.score[slot])),
                        mid=cls(*_score_of(agg.mid.score[slot])),
                        high=cls(*_score_of(agg.high.score[slot])))
        return result
