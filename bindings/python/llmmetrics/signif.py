"""Confidence intervals and paired significance tests exactly as sacrebleu 2.6.0.

* ``PairedTest`` mirrors ``sacrebleu.significance.PairedTest`` for BLEU: paired
  bootstrap resampling (``test_type='bs'``) or approximate randomization (``'ar'``),
  the first named system being the baseline. Calling it returns
  ``(signatures, scores)`` with sacrebleu's shapes: ``scores['System']`` lists the
  names, ``scores['BLEU']`` one ``Result`` per system.
* ``paired_bs`` / ``paired_ar`` are the same as plain functions returning the Results.
* ``confidence`` is ``BLEU.corpus_score(..., n_bootstrap=n)``: the score with
  ``_mean`` / ``_ci`` set, as ``sacrebleu --confidence`` prints them.
* ``paired_test_from_stats`` / ``confidence_from_stats`` take sacrebleu's per-segment
  BLEU statistics (``[hyp_len, ref_len, correct_1..N, total_1..N]`` lists, as
  ``BLEU._extract_corpus_statistics`` returns them) instead of text.
* ``Pcg64`` is NumPy's ``np.random.default_rng(seed)`` stream (PCG64 through
  SeedSequence): ``integers(high, size)`` == ``Generator.integers(0, high, size,
  dtype=np.int64)`` == ``Generator.choice(high, size)``; ``bools(size)`` ==
  ``Generator.integers(2, size=size, dtype=bool)``; ``random_raw(size)``.

The seed is an argument (default 12345, sacrebleu's ``SACREBLEU_SEED`` default); the
environment is not read. With the same seed every number equals sacrebleu's.
"""

import ctypes

from . import _lib, _sacrebleu
from . import bleu as _bleu
from ._lib import InvalidArgumentError

__all__ = ["Result", "PairedTest", "paired_bs", "paired_ar", "confidence", "Pcg64",
           "paired_test_from_stats", "confidence_from_stats", "DEFAULT_SEED"]

_P = ctypes.POINTER


class _Pcg64(ctypes.Structure):
    _fields_ = [("state_hi", ctypes.c_uint64), ("state_lo", ctypes.c_uint64),
                ("inc_hi", ctypes.c_uint64), ("inc_lo", ctypes.c_uint64),
                ("spare", ctypes.c_uint32), ("has_spare", ctypes.c_int)]


class _Options(ctypes.Structure):
    _fields_ = [("test", ctypes.c_int), ("seed", ctypes.c_uint64),
                ("n_samples", ctypes.c_size_t), ("n_ar_confidence", ctypes.c_int64)]


class _Result(ctypes.Structure):
    _fields_ = [("score", ctypes.c_double), ("p_value", ctypes.c_double),
                ("mean", ctypes.c_double), ("ci", ctypes.c_double),
                ("has_p_value", ctypes.c_int), ("has_ci", ctypes.c_int)]


_lib.check_size(_Pcg64, "llmm_pcg64_size")
_lib.check_size(_Options, "llmm_signif_options_size")
_lib.check_size(_Result, "llmm_signif_result_size")

_seed = _lib.fn("llmm_pcg64_seed", None, _P(_Pcg64), ctypes.c_uint64)
_next64 = _lib.fn("llmm_pcg64_next64", ctypes.c_uint64, _P(_Pcg64))
_integers = _lib.fn("llmm_pcg64_integers", ctypes.c_int, _P(_Pcg64), ctypes.c_uint64,
                    ctypes.c_size_t, _P(ctypes.c_uint64))
_bools = _lib.fn("llmm_pcg64_bools", ctypes.c_int, _P(_Pcg64), ctypes.c_size_t,
                 _P(ctypes.c_ubyte))
_options_default = _lib.fn("llmm_signif_options_default", None, _P(_Options))
_confidence = _lib.fn("llmm_bleu_confidence", ctypes.c_int, _P(_bleu._Options),
                      _P(_bleu._Stats), ctypes.c_size_t, _P(_Options), _P(_Result),
                      ctypes.c_void_p)
_paired = _lib.fn("llmm_bleu_paired_test", ctypes.c_int, _P(_bleu._Options),
                  _P(_P(_bleu._Stats)), ctypes.c_size_t, ctypes.c_size_t, _P(_Options),
                  _P(_Result), ctypes.c_void_p)

DEFAULT_SEED = _lib.fn("llmm_signif_default_seed", ctypes.c_uint64)()
_TESTS = {"bs": 0, "ar": 1}
_DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}


class Pcg64:
    """NumPy's ``default_rng(seed)`` bit stream (see the module docstring)."""

    def __init__(self, seed=DEFAULT_SEED):
        self._state = _Pcg64()
        _seed(ctypes.byref(self._state), _check_seed(seed))

    def random_raw(self, size):
        return [_next64(ctypes.byref(self._state)) for _ in range(size)]

    def integers(self, high, size):
        out = (ctypes.c_uint64 * max(size, 1))()
        _lib.check(_integers(ctypes.byref(self._state), high, size, out), "integers")
        return list(out[:size])

    def bools(self, size):
        out = (ctypes.c_ubyte * max(size, 1))()
        _lib.check(_bools(ctypes.byref(self._state), size, out), "bools")
        return [bool(b) for b in out[:size]]


class Result:
    """sacrebleu's ``significance.Result``: ``score``, ``p_value``, ``mean``, ``ci``
    (None where the test does not produce them)."""

    def __init__(self, score, p_value=None, mean=None, ci=None):
        self.score = score
        self.p_value = p_value
        self.mean = mean
        self.ci = ci

    def __repr__(self):
        return ','.join([f'{k}={str(v)}' for k, v in self.__dict__.items()])


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 64:
        raise InvalidArgumentError(f"seed must be an int in [0, 2**64), not {seed!r}")
    return seed


def _segment_stats(metric, hypotheses, references):
    """Per-segment statistics of one system (sacrebleu's _extract_corpus_statistics)."""
    if isinstance(hypotheses, str) or not hasattr(hypotheses, "__getitem__"):
        raise TypeError("`hypotheses` should be a sequence of strings.")
    _total, segs, n = metric._extract_corpus(list(hypotheses), references, per_segment=True)
    return segs, n


def _options(test, n_samples, n_ar_confidence, seed):
    o = _Options()
    _options_default(ctypes.byref(o))
    o.test = _TESTS[test]
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < 0:
        raise InvalidArgumentError(f"n_samples must be a non-negative int, not {n_samples!r}")
    o.n_samples = n_samples
    o.n_ar_confidence = n_ar_confidence
    o.seed = _check_seed(seed)
    return o


def _result(r):
    return Result(r.score, r.p_value if r.has_p_value else None,
                  r.mean if r.has_ci else None, r.ci if r.has_ci else None)


def _stats_array(rows, order):
    """sacrebleu's per-segment stat lists -> a C array of llmm_bleu_stats."""
    rows = list(rows)
    if not rows:
        raise _sacrebleu.empty()
    segs = (_bleu._Stats * len(rows))()
    for i, row in enumerate(rows):
        if len(row) != 2 + 2 * order:
            raise InvalidArgumentError(f"segment {i}: expected {2 + 2 * order} statistics, "
                                       f"got {len(row)}")
        seg = segs[i]
        seg.sys_len, seg.ref_len = int(row[0]), int(row[1])
        for k in range(order):
            seg.counts[k] = int(row[2 + k])
            seg.totals[k] = int(row[2 + order + k])
    return segs, len(rows)


def _run_paired(metric, stats, n, test, n_samples, n_ar_confidence, seed):
    if len(stats) < 2:
        raise InvalidArgumentError("paired tests need a baseline and at least one system")
    o = _options(test, n_samples, n_ar_confidence, seed)
    ptrs = (_P(_bleu._Stats) * len(stats))(*(ctypes.cast(s, _P(_bleu._Stats)) for s in stats))
    out = (_Result * len(stats))()
    _lib.check(_paired(ctypes.byref(metric._opts), ptrs, len(stats), n, ctypes.byref(o), out,
                       None), "paired test")
    return [_result(r) for r in out]


def _paired_results(metric, systems, references, test, n_samples, n_ar_confidence, seed):
    stats = []
    n = None
    for hyps in systems:
        segs, k = _segment_stats(metric, hyps, references)
        if n is not None and k != n:
            raise InvalidArgumentError("systems have different numbers of segments")
        n = k
        stats.append(segs)
    return _run_paired(metric, stats, n, test, n_samples, n_ar_confidence, seed)


def paired_test_from_stats(systems_stats, test="bs", metric=None, n_samples=0,
                           n_ar_confidence=-1, seed=DEFAULT_SEED, **bleu_kwargs):
    """A paired test over per-segment statistics (one list of stat rows per system, the
    baseline first); returns one ``Result`` per system."""
    metric = _metric(metric, bleu_kwargs)
    if test not in _TESTS:
        raise InvalidArgumentError(f"unknown test {test!r}")
    stats = [_stats_array(rows, metric.max_ngram_order) for rows in systems_stats]
    if len({n for _, n in stats}) > 1:
        raise InvalidArgumentError("systems have different numbers of segments")
    return _run_paired(metric, [s for s, _ in stats], stats[0][1] if stats else 0, test,
                       n_samples, n_ar_confidence, seed)


def confidence_from_stats(stats, metric=None, n_bootstrap=1000, seed=DEFAULT_SEED,
                          **bleu_kwargs):
    """``Result`` (score, mean, ci) of a bootstrap over per-segment statistics."""
    metric = _metric(metric, bleu_kwargs)
    segs, n = _stats_array(stats, metric.max_ngram_order)
    return _result(_run_confidence(metric, segs, n, n_bootstrap, seed))


def _run_confidence(metric, segs, n, n_bootstrap, seed):
    if n_bootstrap == 0:
        raise InvalidArgumentError("n_bootstrap must be >= 1")
    o = _options("bs", n_bootstrap, -1, seed)
    r = _Result()
    _lib.check(_confidence(ctypes.byref(metric._opts), segs, n, ctypes.byref(o),
                           ctypes.byref(r), None), "confidence")
    return r


def _metric(metric, bleu_kwargs):
    if metric is None:
        return _bleu.BLEU(**bleu_kwargs)
    if bleu_kwargs:
        raise InvalidArgumentError("pass either a BLEU metric or BLEU keyword arguments")
    if not isinstance(metric, _bleu.BLEU):
        raise InvalidArgumentError("only BLEU is supported (chrF/TER are not available yet)")
    return metric


def paired_bs(systems, references, metric=None, n_samples=1000, seed=DEFAULT_SEED,
              **bleu_kwargs):
    """Paired bootstrap resampling of BLEU: `systems` is a list of hypothesis lists, the
    first one the baseline; returns one ``Result`` per system."""
    return _paired_results(_metric(metric, bleu_kwargs), systems, references, "bs",
                           n_samples, -1, seed)


def paired_ar(systems, references, metric=None, n_samples=10000, n_ar_confidence=-1,
              seed=DEFAULT_SEED, **bleu_kwargs):
    """Paired approximate randomization of BLEU (see ``paired_bs``); with
    ``n_ar_confidence`` > 0 (0 = 1000) each system also gets a bootstrap CI."""
    return _paired_results(_metric(metric, bleu_kwargs), systems, references, "ar",
                           n_samples, n_ar_confidence, seed)


def confidence(hypotheses, references, metric=None, n_bootstrap=1000, seed=DEFAULT_SEED,
               **bleu_kwargs):
    """``BLEU.corpus_score(hypotheses, references, n_bootstrap)``: a ``BLEUScore`` whose
    ``_mean`` and ``_ci`` hold the bootstrap mean and 95% half-width (left at -1.0 when
    n_bootstrap is 1)."""
    metric = _metric(metric, bleu_kwargs)
    segs, n = _segment_stats(metric, hypotheses, references)
    total = _bleu._Stats()
    for i in range(n):
        for f in ("sys_len", "ref_len"):
            setattr(total, f, getattr(total, f) + getattr(segs[i], f))
        for k in range(len(total.counts)):
            total.counts[k] += segs[i].counts[k]
            total.totals[k] += segs[i].totals[k]
    score = metric._compute(total)
    r = _run_confidence(metric, segs, n, n_bootstrap, seed)
    if r.has_ci:
        score._mean, score._ci = r.mean, r.ci
    return score


class PairedTest:
    """``sacrebleu.significance.PairedTest`` for BLEU.

    :param named_systems: list of (name, hypotheses); the first is the baseline.
    :param metrics: {'BLEU': BLEU(...)} (BLEU only for now).
    :param references: reference streams, or None for the metric's cached references.
    :param test_type: 'ar' or 'bs'.
    :param n_samples: trials / resamples; 0 uses 10000 (ar) or 1000 (bs).
    :param n_ar_confidence: AR only: -1 none, 0 = 1000, else bootstrap resamples.
    :param seed: the RNG seed (sacrebleu reads SACREBLEU_SEED; default 12345).
    """

    _DEFAULT_SAMPLES = _DEFAULT_SAMPLES

    def __init__(self, named_systems, metrics, references, test_type="ar", n_samples=0,
                 n_ar_confidence=-1, n_jobs=1, seed=DEFAULT_SEED):
        if test_type not in _TESTS:
            raise AssertionError(f"Unknown test type {test_type!r}")
        self.test_type = test_type
        self.named_systems = list(named_systems)
        self.references = references
        self.n_jobs = n_jobs
        self._seed = _check_seed(seed)
        self.n_ar_confidence = n_ar_confidence if n_ar_confidence != 0 else \
            _DEFAULT_SAMPLES["bs"]
        self.n_samples = n_samples if n_samples > 0 else _DEFAULT_SAMPLES[test_type]
        self.metrics = {}
        for name, metric in metrics.items():
            self.metrics[name.upper()] = _metric(metric, {})

    def __call__(self):
        scores = {"System": [name for name, _ in self.named_systems]}
        sigs = {}
        systems = [hyps for _, hyps in self.named_systems]
        for name, metric in self.metrics.items():
            scores[name] = _paired_results(metric, systems, self.references, self.test_type,
                                           self.n_samples, self.n_ar_confidence, self._seed)
            extra = {"seed": str(self._seed), self.test_type: self.n_samples}
            if self.n_ar_confidence > 0:
                extra["bs"] = self.n_ar_confidence
            sigs[name] = _Signature(metric.get_signature(), extra)
        return sigs, scores


class _Signature:
    """A BLEU signature with the test's sample counts and seed, in sacrebleu's key order
    (Signature.info: nrefs, bs, ar, seed, then the metric's keys, version last)."""

    _ABBR = {"bs": "bs", "ar": "ar", "seed": "rs"}

    def __init__(self, base, extra):
        self._base = base
        info = dict(base.info)
        ordered = {"nrefs": info.pop("nrefs")}
        for key in ("bs", "ar", "seed"):
            if key in extra:
                ordered[key] = extra[key]
        version = info.pop("version")
        ordered.update(info)
        ordered["version"] = version
        self.info = ordered

    def format(self, short=False):
        abbr = dict(self._base._ABBR, **self._ABBR)
        return "|".join(f"{abbr.get(k, k) if short else k}:{v}" for k, v in self.info.items())

    def __str__(self):
        return self.format()

    def __repr__(self):
        return self.format()
