"""Shared pieces of the sacrebleu-style metrics chrF and TER (chrf.py, ter.py):
sacrebleu's argument checks (metrics/base.py ``_check_corpus_score_args`` and
``_check_sentence_score_args``), reference streams packed for one C call, the number of
references for the signature, and ``Score.format`` / ``Signature.format``.
"""

import ctypes
import json
import threading

from . import _lib
from ._lib import InvalidArgumentError

__all__ = ["check_corpus_args", "encode_references", "encode_sentence", "Score",
           "Signature", "empty", "EmptyInputError", "CorpusScorer"]


class EmptyInputError(InvalidArgumentError, IndexError):
    """Empty hypothesis or reference list (an IndexError, as in sacrebleu's
    base.py _check_corpus_score_args); also a ValueError and llmmetrics.Error."""


def empty():
    """sacrebleu's IndexError for an empty hypothesis or reference list."""
    exc = EmptyInputError("list index out of range")
    exc.status_name = "LLMM_EEMPTY"
    return exc


def check_corpus_args(prefix, hypotheses, references):
    """Returns the hypotheses as a list after sacrebleu's checks (TypeError/IndexError)."""
    if isinstance(hypotheses, str) or not hasattr(hypotheses, "__getitem__"):
        raise TypeError(f"{prefix}: `hyps` should be a sequence of strings.")
    if not isinstance(hypotheses, list):
        hypotheses = list(hypotheses)
    if not hypotheses:
        raise empty()
    if not isinstance(hypotheses[0], str):
        raise TypeError(f"{prefix}: Each element of `hyps` should be a string.")
    if None in hypotheses:
        raise TypeError(f"{prefix}: Undefined line in hypotheses stream!")
    if references is not None:
        if isinstance(references, str) or not hasattr(references, "__getitem__"):
            raise TypeError(f"{prefix}: `refs` should be a sequence of sequence of strings.")
        if not references:
            raise empty()
        if isinstance(references[0], str) or not hasattr(references[0], "__getitem__"):
            raise TypeError(f"{prefix}: Each element of `refs` should be a sequence of "
                            "strings.")
        if not references[0]:
            raise empty()
        if not isinstance(references[0][0], str) and references[0][0] is not None:
            raise TypeError(f"{prefix}: `refs` should be a sequence of sequence of strings.")
    return hypotheses


def _num_refs(streams, rows):
    """sacrebleu's num_refs: the number of non-None references if it is the same for
    every segment, else -1 (printed "var")."""
    if not any(None in s[:rows] for s in streams):
        return len(streams) if rows else -1
    counts = {sum(r is not None for r in row) for row in zip(*(s[:rows] for s in streams))}
    return counts.pop() if len(counts) == 1 else -1


def encode_references(references):
    """Reference streams as C batches: (batches, rows, num_refs)."""
    streams = [s if isinstance(s, list) else list(s) for s in references]
    rows = min(map(len, streams)) if streams else 0
    num_refs = _num_refs(streams, rows)
    batches = [_lib.encode_batch(s[:rows] if len(s) > rows else s, "reference",
                                 allow_none=True) for s in streams]
    return batches, rows, num_refs


def encode_sentence(prefix, hypothesis, references):
    """One hypothesis and its references (None skipped) as C strings:
    (hyp, array of refs, number of refs, objects to keep alive)."""
    if not isinstance(hypothesis, str):
        raise TypeError(f"{prefix}: The argument `hyp` should be a string.")
    if isinstance(references, str) or not hasattr(references, "__getitem__"):
        raise TypeError(f"{prefix}: The argument `refs` should be a sequence of strings.")
    if not references:
        raise empty()
    if not isinstance(references[0], str) and references[0] is not None:
        raise TypeError(f"{prefix}: Each element of `refs` should be a string.")
    hyp, keep = _lib.encode_str(hypothesis, "hypothesis")
    present = [r for r in references if r is not None]
    arr = (_lib.Str * max(len(present), 1))()
    keep = [keep]
    for i, r in enumerate(present):
        arr[i], b = _lib.encode_str(r, f"reference {i}")
        keep.append(b)
    return hyp, arr, len(present), keep


def check_corpus_status(status, hyps, batches, bad_index, bad_stream):
    """Raises for a failed corpus call, naming the segment (and its bytes for UTF-8)."""
    if status:
        src = hyps if bad_stream < 0 else batches[bad_stream]
        _lib.check(status, f"segment {bad_index}",
                   src.item(bad_index) if bad_index < src.count else b"")


class Score:
    """sacrebleu's ``Score``: ``name``, ``score`` and ``format()``."""

    def __init__(self, name, score):
        self.name = name
        self.score = score
        self._mean = -1.0
        self._ci = -1.0
        self._verbose = ""

    def format(self, width=2, score_only=False, signature="", is_json=False):
        """sacrebleu's ``Score.format`` (metrics/base.py): the one-line text, with the
        verbose part when the metric has one, or the JSON object."""
        sc = f"{self.score:.{width}f}"
        if score_only:
            return sc
        d = {"name": self.name, "score": float(sc), "signature": str(signature)}
        full = f"{self.name}|{signature}" if signature else self.name
        full = f"{full} = {sc}"
        if self._verbose:
            full += f" {self._verbose}"
            d["verbose_score"] = self._verbose
        if is_json:
            for param in str(signature).split("|"):
                if ":" in param:
                    key, value = param.split(":", 1)
                    d[key] = value
            return json.dumps(d, indent=1, ensure_ascii=False)
        return full

    def __repr__(self):
        return self.format()

    def __str__(self):
        return self.format()


class Signature:
    """sacrebleu's reproducibility signature: ``format(short=False)``, ``info``."""

    _ABBR = {"nrefs": "#", "version": "v"}

    def __init__(self, long_signature):
        self._long = long_signature
        self.info = dict(item.split(":", 1) for item in long_signature.split("|"))

    @classmethod
    def from_c(cls, sig_fn, options, num_refs):
        buf = ctypes.create_string_buffer(256)
        _lib.check(sig_fn(ctypes.byref(options), num_refs, buf, len(buf)), "signature")
        return cls(buf.value.decode("utf-8"))

    def format(self, short=False):
        if not short:
            return self._long
        return "|".join(f"{self._ABBR.get(k, k)}:{v}" for k, v in self.info.items())

    def __str__(self):
        return self.format()

    def __repr__(self):
        return self.format()


def no_bootstrap(n_bootstrap):
    if n_bootstrap != 1:
        raise InvalidArgumentError("bootstrap resampling (n_bootstrap > 1) is not supported")


class CorpusScorer:
    """corpus_score / sentence_score shared by the sacrebleu-style metric classes.

    A subclass sets NAME (sacrebleu's class name, for messages), _STATS (the ctypes
    statistics struct), _SIGNATURE (its Signature class), _EXTRACT, _EXTRACT_CORPUS,
    _FREE and _SIGNATURE_FN (the C entry points), calls _open() from its constructor
    and provides _compute(stats). It may
    override _check_hypotheses (called with the encoded corpus hypotheses) and
    _check_sentence (called first in sentence_score), e.g. to log warnings."""

    def _open(self, create, options, what, references):
        """Creates the C scorer for `options` (a ctypes struct) and caches the
        references if given; called by the subclass constructor."""
        self._ref_cache = None
        self._lock = threading.Lock()
        self._opts = options
        handle = ctypes.c_void_p()
        _lib.check(create(ctypes.byref(handle), ctypes.byref(options), None), what)
        self._scorer = handle
        if references is not None:
            self._ref_cache = encode_references(references)
            self.num_refs = self._ref_cache[2]

    def __del__(self):
        scorer = getattr(self, "_scorer", None)
        if scorer is not None and scorer.value:
            type(self)._FREE(scorer)
            self._scorer = None

    def get_signature(self):
        """The signature of the last evaluation (sacrebleu needs one to know nrefs)."""
        if not hasattr(self, "num_refs"):
            raise ValueError("Number of references unknown, please evaluate the metric "
                             "first.")
        return self._SIGNATURE.from_c(type(self)._SIGNATURE_FN, self._opts, self.num_refs)

    def _check_hypotheses(self, hypotheses):
        pass

    def _check_sentence(self):
        pass

    def corpus_score(self, hypotheses, references, n_bootstrap=1):
        """The metric on a corpus. `references`: a list of streams parallel to
        `hypotheses` (None uses the references cached at construction)."""
        no_bootstrap(n_bootstrap)
        hypotheses = check_corpus_args(self.NAME, hypotheses, references)
        total, _segments, _n = self._extract_corpus(hypotheses, references)
        return self._compute(total)

    def _extract_corpus(self, hypotheses, references, per_segment=False):
        """The statistics of a corpus in one C call: (total, per-segment array or None,
        number of segments). Sets num_refs."""
        if references is not None:
            batches, rows, num_refs = encode_references(references)
        elif self._ref_cache is not None:
            batches, rows, num_refs = self._ref_cache
        else:
            raise RuntimeError("No references provided and the cache is empty.")
        self.num_refs = num_refs
        n = min(len(hypotheses), rows)
        if n == 0:
            raise empty()
        if len(hypotheses) > n:
            hypotheses = hypotheses[:n]
        hyps = _lib.encode_batch(hypotheses, "hypothesis")
        self._check_hypotheses(hypotheses)
        refs = (_lib.Strs * len(batches))(*(b.strs for b in batches))
        total = self._STATS()
        segments = (self._STATS * n)() if per_segment else None
        bad_index = ctypes.c_size_t(0)
        bad_stream = ctypes.c_int(-1)
        with self._lock:
            status = type(self)._EXTRACT_CORPUS(
                self._scorer, ctypes.byref(hyps.strs), refs, len(batches), ctypes.byref(total),
                segments, None, ctypes.byref(bad_index), ctypes.byref(bad_stream))
        check_corpus_status(status, hyps, batches, bad_index.value, bad_stream.value)
        return total, segments, n

    def sentence_score(self, hypothesis, references):
        """The metric on one hypothesis against a list of reference strings (None =
        missing)."""
        self._check_sentence()
        hyp, arr, n, _keep = encode_sentence(self.NAME, hypothesis, references)
        stats = self._STATS()
        with self._lock:
            status = type(self)._EXTRACT(self._scorer, hyp, arr, n, ctypes.byref(stats))
        _lib.check(status, f"sentence {self.NAME}")
        self.num_refs = n
        return self._compute(stats)
