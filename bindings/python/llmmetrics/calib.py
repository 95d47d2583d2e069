"""Calibration metrics with the names and keywords of their references.

* torchmetrics 1.9.0: ``binary_calibration_error``, ``multiclass_calibration_error``,
  ``calibration_error`` (equal-width bins exactly as torchmetrics bins them, norms
  ``"l1"`` / ``"l2"`` / ``"max"``).
* scikit-learn 1.2.1: ``brier_score_loss``, ``log_loss`` (its eps clipping; both take
  ``sample_weight``) and ``calibration_curve`` (``"uniform"`` / ``"quantile"``; sklearn
  1.2.1's has no sample_weight).
* ``adaptive_calibration_error`` (equal-mass bins), ``brier_multiclass``, ``nll`` and
  ``temperature_scaling`` (the temperature minimising the NLL), as plain formulas.
* ``CalibrationErrorStats``: the binned statistics as a mergeable, serializable object
  for streaming (``update`` / ``merge`` / ``compute`` / ``to_bytes``).

Arrays may be lists (rows for multiclass) or numpy arrays; a C-contiguous float64
numpy array is passed to C without a copy.
"""

import ctypes

from . import _lib
from ._arrays import F64, I32, I64, labels_index, np, unique_sorted
from ._lib import InvalidArgumentError, UnsupportedError

__all__ = [
    "binary_calibration_error", "multiclass_calibration_error", "calibration_error",
    "CalibrationErrorStats", "brier_score_loss", "brier_multiclass", "log_loss",
    "calibration_curve", "adaptive_calibration_error", "nll", "temperature_scaling",
    "TemperatureScalingResult",
]

_P = ctypes.POINTER
_c_int, _c_double, _c_size = ctypes.c_int, ctypes.c_double, ctypes.c_size_t
_PD, _PI, _PU8 = _P(ctypes.c_double), _P(ctypes.c_int32), _P(ctypes.c_ubyte)


class _EceOptions(ctypes.Structure):
    _fields_ = [("n_bins", ctypes.c_uint32), ("input", _c_int), ("dtype", _c_int),
                ("isa", _c_int)]


class _EceResult(ctypes.Structure):
    _fields_ = [("l1", _c_double), ("l2", _c_double), ("max", _c_double),
                ("count", ctypes.c_uint64)]


class _Bin(ctypes.Structure):
    _fields_ = [("lower", _c_double), ("upper", _c_double), ("count", ctypes.c_uint64),
                ("correct", ctypes.c_uint64), ("mean_confidence", _c_double),
                ("accuracy", _c_double)]


class _ProbResult(ctypes.Structure):
    _fields_ = [("brier", _c_double), ("log_loss", _c_double), ("log_loss_status", _c_int),
                ("count", ctypes.c_uint64), ("weight_sum", _c_double),
                ("log_loss_sum", _c_double)]


class _TempOptions(ctypes.Structure):
    _fields_ = [("t_min", _c_double), ("t_max", _c_double), ("n_bins", ctypes.c_uint32)]


class _TempResult(ctypes.Structure):
    _fields_ = [("temperature", _c_double), ("nll_before", _c_double),
                ("nll_after", _c_double), ("ece_before", _c_double), ("ece_after", _c_double),
                ("g_min", _c_double), ("g_max", _c_double)]


_lib.check_size(_EceOptions, "llmm_calib_ece_options_size")
_lib.check_size(_EceResult, "llmm_calib_ece_result_size")
_lib.check_size(_Bin, "llmm_calib_bin_size")
_lib.check_size(_ProbResult, "llmm_calib_prob_result_size")
_lib.check_size(_TempOptions, "llmm_calib_temperature_options_size")
_lib.check_size(_TempResult, "llmm_calib_temperature_result_size")

_fn = _lib.fn
_ece_defaults = _fn("llmm_calib_ece_options_default", None, _P(_EceOptions))
_ece_create = _fn("llmm_calib_ece_create", _c_int, _P(ctypes.c_void_p), _P(_EceOptions),
                  ctypes.c_void_p)
_ece_free = _fn("llmm_calib_ece_free", None, ctypes.c_void_p)
_ece_binary = _fn("llmm_calib_ece_update_binary", _c_int, ctypes.c_void_p, _PD, _PI, _c_size)
_ece_binary_i64 = _fn("llmm_calib_ece_update_binary_i64", _c_int, ctypes.c_void_p, _PD,
                      ctypes.POINTER(ctypes.c_int64), _c_size)
_ece_multi = _fn("llmm_calib_ece_update_multiclass", _c_int, ctypes.c_void_p, _PD, _c_size,
                 _c_size, _PI)
_ece_conf = _fn("llmm_calib_ece_update_confidence", _c_int, ctypes.c_void_p, _PD, _PU8,
                _c_size)
_ece_merge = _fn("llmm_calib_ece_merge", _c_int, ctypes.c_void_p, ctypes.c_void_p)
_ece_result = _fn("llmm_calib_ece_result_get", _c_int, ctypes.c_void_p, _P(_EceResult))
_ece_n_bins = _fn("llmm_calib_ece_n_bins_total", ctypes.c_uint32, ctypes.c_void_p)
_ece_bin = _fn("llmm_calib_ece_bin", _c_int, ctypes.c_void_p, ctypes.c_uint32, _P(_Bin))
_ece_ser_size = _fn("llmm_calib_ece_serialized_size", _c_size, ctypes.c_void_p)
_ece_ser = _fn("llmm_calib_ece_serialize", _c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size,
               _P(_c_size))
_ece_deser = _fn("llmm_calib_ece_deserialize", _c_int, _P(ctypes.c_void_p), ctypes.c_char_p,
                 _c_size, ctypes.c_void_p)
_top_label = _fn("llmm_calib_top_label", _c_int, _PD, _c_size, _c_size, _PI, _c_int, _PD, _PU8)
_adaptive = _fn("llmm_calib_adaptive_ece", _c_int, _PD, _PU8, _c_size, ctypes.c_uint32,
                _P(_c_double), ctypes.c_void_p)
_prob_create = _fn("llmm_calib_prob_create", _c_int, _P(ctypes.c_void_p), _c_size,
                   ctypes.c_void_p)
_prob_free = _fn("llmm_calib_prob_free", None, ctypes.c_void_p)
_prob_update = _fn("llmm_calib_prob_update", _c_int, ctypes.c_void_p, _PD, _PI, _c_size)
_prob_update_w = _fn("llmm_calib_prob_update_weighted", _c_int, ctypes.c_void_p, _PD, _PI, _PD,
                     _c_size)
_prob_result = _fn("llmm_calib_prob_result_get", _c_int, ctypes.c_void_p, _P(_ProbResult))
_curve_create = _fn("llmm_calib_curve_create", _c_int, _P(ctypes.c_void_p), ctypes.c_uint32,
                    ctypes.c_void_p)
_curve_free = _fn("llmm_calib_curve_free", None, ctypes.c_void_p)
_curve_update = _fn("llmm_calib_curve_update", _c_int, ctypes.c_void_p, _PD, _PI, _c_size)
_curve_result = _fn("llmm_calib_curve_result", _c_int, ctypes.c_void_p, _PD, _PD,
                    _P(ctypes.c_uint64), _P(_c_size))
_curve_quantile = _fn("llmm_calib_curve_quantile", _c_int, _PD, _PI, _c_size, ctypes.c_uint32,
                      _PD, _PD, _P(ctypes.c_uint64), _P(_c_size), ctypes.c_void_p)
_nll = _fn("llmm_calib_nll", _c_int, _PD, _c_size, _c_size, _PI, _c_double, _P(_c_double))
_temp_defaults = _fn("llmm_calib_temperature_options_default", None, _P(_TempOptions))
_temp_fit = _fn("llmm_calib_temperature_fit", _c_int, _PD, _c_size, _c_size, _PI,
                _P(_TempOptions), _P(_TempResult), ctypes.c_void_p)

_INPUTS = {"auto": 0, "probs": 1, "logits": 2}
_DTYPES = {"float64": 0, "float32": 1}
_NORMS = ("l1", "l2", "max")


def _lengths(a, b, what):
    if a != b:
        raise InvalidArgumentError(f"{what}: {a} predictions but {b} targets")


def _rows(p, name):
    """(n, n_classes) of a 2-D F64."""
    if len(p.shape) != 2:
        raise InvalidArgumentError(f"{name} should be 2-D (samples x classes)")
    return p.shape[0], p.shape[1]


def _as_array(values):
    return np.array(values, dtype=np.float64) if np is not None else list(values)


# ---- binned ECE ---------------------------------------------------------------------

class CalibrationErrorStats:
    """Mergeable binned-ECE statistics (torchmetrics CalibrationError's bins).

    ``dtype="float64"`` bins float64 confidences (torchmetrics with float64 binary
    preds); ``"float32"`` reproduces torchmetrics' float32 computation (float32 preds,
    and every multiclass call). ``input`` is ``"auto"`` (logits when a value of the batch
    lies outside [0, 1], as torchmetrics), ``"probs"`` or ``"logits"``.
    """

    def __init__(self, n_bins=15, input="auto", dtype="float64", _handle=None):
        self._h = ctypes.c_void_p()
        if _handle is not None:
            self._h = _handle
            return
        if input not in _INPUTS or dtype not in _DTYPES:
            raise InvalidArgumentError(f"input must be one of {list(_INPUTS)} and dtype one "
                                       f"of {list(_DTYPES)}")
        o = _EceOptions()
        _ece_defaults(ctypes.byref(o))
        o.n_bins = _bins_arg(n_bins)
        o.input = _INPUTS[input]
        o.dtype = _DTYPES[dtype]
        _lib.check(_ece_create(ctypes.byref(self._h), ctypes.byref(o), None),
                   "CalibrationErrorStats")

    def __del__(self):
        if getattr(self, "_h", None):
            _ece_free(self._h)
            self._h = None

    def update_binary(self, preds, target):
        """Positive-class probabilities (or logits) and 0/1 targets."""
        p, t64 = F64(preds, "preds", ndim=(1,)), I64.view(target)
        t = t64 or I32(target, "target")
        _lengths(p.size, t.size, "update_binary")
        _lib.check((_ece_binary_i64 if t64 else _ece_binary)(self._h, p.ptr, t.ptr, p.size),
                   "update_binary")
        return self

    def update_multiclass(self, preds, target):
        """Rows of class probabilities (or logits) and class-index targets."""
        p, t = F64(preds, "preds", ndim=(2,)), I32(target, "target")
        n, c = _rows(p, "preds")
        _lengths(n, t.size, "update_multiclass")
        _lib.check(_ece_multi(self._h, p.ptr, n, c, t.ptr), "update_multiclass")
        return self

    def update_confidence(self, confidence, correct):
        """Raw (confidence in [0, 1], correct 0/1) pairs."""
        p = F64(confidence, "confidence", ndim=(1,))
        flags = bytes(1 if c else 0 for c in correct)
        _lengths(p.size, len(flags), "update_confidence")
        buf = (ctypes.c_ubyte * max(len(flags), 1)).from_buffer_copy(flags or b"\0")
        _lib.check(_ece_conf(self._h, p.ptr, buf, p.size), "update_confidence")
        return self

    def merge(self, other):
        """Adds another CalibrationErrorStats with the same options."""
        _lib.check(_ece_merge(self._h, other._h), "merge")
        return self

    def compute(self, norm=None):
        """``{"l1", "l2", "max", "count"}``, or one norm's value. Empty statistics give
        torchmetrics' values (l1 NaN, l2 0, max 0)."""
        r = _EceResult()
        status = _ece_result(self._h, ctypes.byref(r))
        if status and _lib.status_name(status) != "LLMM_EEMPTY":
            _lib.check(status, "compute")
        out = {"l1": r.l1, "l2": r.l2, "max": r.max, "count": r.count}
        if norm is None:
            return out
        if norm not in _NORMS:
            raise InvalidArgumentError(f"norm must be one of {_NORMS}, not {norm!r}")
        return out[norm]

    def bins(self):
        """The n_bins + 1 bins (the last holds confidences equal to 1.0) as dicts."""
        out = []
        b = _Bin()
        for i in range(_ece_n_bins(self._h)):
            _lib.check(_ece_bin(self._h, i, ctypes.byref(b)), "bins")
            out.append({"lower": b.lower, "upper": b.upper, "count": b.count,
                        "correct": b.correct, "mean_confidence": b.mean_confidence,
                        "accuracy": b.accuracy})
        return out

    def to_bytes(self):
        n = _ece_ser_size(self._h)
        buf = ctypes.create_string_buffer(n)
        written = _c_size()
        _lib.check(_ece_ser(self._h, buf, n, ctypes.byref(written)), "to_bytes")
        return buf.raw[:written.value]

    @classmethod
    def from_bytes(cls, data):
        h = ctypes.c_void_p()
        data = bytes(data)
        _lib.check(_ece_deser(ctypes.byref(h), data, len(data), None), "from_bytes")
        return cls(_handle=h)


def _bins_arg(n_bins):
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 1:
        raise InvalidArgumentError(f"Expected argument `n_bins` to be an integer larger "
                                   f"than 0, but got {n_bins}")
    return n_bins


def _norm_arg(norm):
    if norm not in _NORMS:
        raise InvalidArgumentError(f"Expected argument `norm` to be one of {_NORMS}, but got "
                                   f"{norm}.")
    return norm


def binary_calibration_error(preds, target, n_bins=15, norm="l1", dtype=None):
    """torchmetrics.functional.classification.binary_calibration_error.

    ``dtype`` None follows torchmetrics (the dtype of ``preds``: float32 for a float32
    numpy array, else float64)."""
    _norm_arg(norm)
    if dtype is None:
        dtype = "float32" if np is not None and getattr(preds, "dtype", None) == np.float32 \
            else "float64"
    return CalibrationErrorStats(n_bins, "auto", dtype).update_binary(preds, target) \
        .compute(norm)


def multiclass_calibration_error(preds, target, num_classes, n_bins=15, norm="l1",
                                 dtype="float32"):
    """torchmetrics.functional.classification.multiclass_calibration_error (which always
    bins in float32; ``dtype="float64"`` gives the exact float64 definition)."""
    _norm_arg(norm)
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise InvalidArgumentError("Expected argument `num_classes` to be an integer larger "
                                   f"than 1, but got {num_classes}")
    p = F64(preds, "preds", ndim=(2,))
    if p.shape[1] != num_classes:
        raise InvalidArgumentError(f"preds has {p.shape[1]} classes, num_classes is "
                                   f"{num_classes}")
    return CalibrationErrorStats(n_bins, "auto", dtype).update_multiclass(p, target) \
        .compute(norm)


def calibration_error(preds, target, task, n_bins=15, norm="l1", num_classes=None):
    """torchmetrics.functional.calibration_error (task "binary" or "multiclass")."""
    if task == "binary":
        return binary_calibration_error(preds, target, n_bins, norm)
    if task == "multiclass":
        if not isinstance(num_classes, int):
            raise InvalidArgumentError(f"`num_classes` is expected to be `int` but "
                                       f"`{type(num_classes)} was passed.`")
        return multiclass_calibration_error(preds, target, num_classes, n_bins, norm)
    raise InvalidArgumentError(f"Expected argument `task` to either be `'binary'` or "
                               f"`'multiclass'` but got {task}")


# ---- scikit-learn: Brier, log loss, calibration curve -------------------------------

def _binary_targets(y_true, pos_label, what):
    """y_true -> 0/1 I32 as sklearn: pos_label, else 1 for {0,1}/{-1,1}, else the largest."""
    if np is not None and isinstance(y_true, np.ndarray) and y_true.dtype.kind in "iub" \
            and pos_label in (None, 1) and y_true.size:
        if int(y_true.min()) >= 0 and int(y_true.max()) <= 1:
            return I32(y_true, "y_true")  # already the 0/1 targets: no mapping pass
    labels = unique_sorted(y_true)
    if len(labels) > 2:
        raise InvalidArgumentError(f"Only binary classification is supported. The type of "
                                   f"the target is multiclass ({what}).")
    if pos_label is None:
        pos_label = 1 if set(labels) <= {0, 1} or set(labels) <= {-1, 1} else \
            (labels[-1] if labels else 1)
    if np is not None and isinstance(y_true, np.ndarray):
        return I32((np.asarray(y_true).ravel() == pos_label).astype(np.int32), "y_true")
    return I32([1 if v == pos_label else 0 for v in y_true], "y_true")


def _weights(sample_weight, n, what):
    """sample_weight as an F64 of n values (None stays None)."""
    if sample_weight is None:
        return None
    w = F64(sample_weight, "sample_weight", ndim=(1,))
    if w.size != n:
        raise InvalidArgumentError(f"{what}: {n} samples but {w.size} sample weights")
    return w


def brier_score_loss(y_true, y_prob, *, sample_weight=None, pos_label=None):
    """sklearn.metrics.brier_score_loss: mean (y - p)^2 of a binary task, weighted by
    ``sample_weight`` (np.average) when given."""
    p = F64(y_prob, "y_prob", ndim=(1,))
    t = _binary_targets(y_true, pos_label, "brier_score_loss")
    _lengths(p.size, t.size, "brier_score_loss")
    return _prob_stats(p, t, 1, _weights(sample_weight, p.size, "brier_score_loss")).brier


def brier_multiclass(probs, target):
    """Mean over samples of sum_k (p_k - onehot_k)^2 (class-index targets)."""
    p, t = F64(probs, "probs", ndim=(2,)), I32(target, "target")
    n, c = _rows(p, "probs")
    _lengths(n, t.size, "brier_multiclass")
    return _prob_stats(p, t, c).brier


def _prob_stats(p, t, n_classes, w=None, normalized=True):
    """The C statistics' result; ZeroDivisionError (as np.average) when the weights sum
    to 0 and a normalized value is wanted."""
    h = ctypes.c_void_p()
    _lib.check(_prob_create(ctypes.byref(h), n_classes, None), "probabilities")
    try:
        if w is None:
            _lib.check(_prob_update(h, p.ptr, t.ptr, t.size), "probabilities")
        else:
            _lib.check(_prob_update_w(h, p.ptr, t.ptr, w.ptr, t.size), "probabilities")
        r = _ProbResult()
        status = _prob_result(h, ctypes.byref(r))
        if status and _lib.status_name(status) == "LLMM_EDOMAIN":
            if normalized:
                raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        else:
            _lib.check(status, "probabilities")
        return r
    finally:
        _prob_free(h)


def log_loss(y_true, y_pred, *, eps="auto", normalize=True, sample_weight=None, labels=None):
    """sklearn 1.2.1 log_loss: p clipped to [eps, 1 - eps] (eps = 2**-52), rows
    renormalised, mean -log p(true class) (weighted by ``sample_weight`` when given; the
    weighted sum when ``normalize=False``). A 1-D y_pred is the positive-class
    probability of a binary task."""
    if eps != "auto":
        raise UnsupportedError("log_loss: only eps='auto' is supported")
    p = F64(y_pred, "y_pred", ndim=(1, 2))
    classes = list(labels) if labels is not None else unique_sorted(y_true)
    classes = sorted(set(classes))
    n_cols = 2 if len(p.shape) == 1 else p.shape[1]
    if len(classes) == 1:
        raise InvalidArgumentError(f"y_true contains only one label ({classes[0]}). Please "
                                   "provide the true labels explicitly through the labels "
                                   "argument.")
    if len(classes) != n_cols:
        raise InvalidArgumentError(f"y_true and y_pred contain different number of classes "
                                   f"{len(classes)}, {n_cols}.")
    if any(v not in set(classes) for v in unique_sorted(y_true)):
        raise InvalidArgumentError("y_true contains values not in labels")
    t = labels_index(y_true, classes)
    _lengths(p.shape[0], t.size, "log_loss")
    w = _weights(sample_weight, t.size, "log_loss")
    r = _prob_stats(p, t, 1 if len(p.shape) == 1 else n_cols, w, normalize)
    if r.log_loss_status and labels is None:
        _lib.check(r.log_loss_status, "log_loss")
    return r.log_loss if normalize else r.log_loss_sum


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    """sklearn.calibration.calibration_curve: (prob_true, prob_pred) of the non-empty
    bins; bins are (lo, hi] (right-closed). numpy arrays when numpy is installed."""
    p = F64(y_prob, "y_prob", ndim=(1,))
    t = _binary_targets(y_true, pos_label, "calibration_curve")
    _lengths(p.size, t.size, "calibration_curve")
    n_bins = _bins_arg(n_bins)
    pt, pp = (_c_double * n_bins)(), (_c_double * n_bins)()
    n_out = _c_size()
    if strategy == "uniform":
        h = ctypes.c_void_p()
        _lib.check(_curve_create(ctypes.byref(h), n_bins, None), "calibration_curve")
        try:
            _lib.check(_curve_update(h, p.ptr, t.ptr, p.size), "calibration_curve")
            _lib.check(_curve_result(h, pt, pp, None, ctypes.byref(n_out)), "calibration_curve")
        finally:
            _curve_free(h)
    elif strategy == "quantile":
        _lib.check(_curve_quantile(p.ptr, t.ptr, p.size, n_bins, pt, pp, None,
                                   ctypes.byref(n_out), None), "calibration_curve")
    else:
        raise InvalidArgumentError("Invalid entry to 'strategy' input. Strategy must be "
                                   "either 'quantile' or 'uniform'.")
    k = n_out.value
    return _as_array(pt[:k]), _as_array(pp[:k])


# ---- adaptive ECE, NLL, temperature scaling ------------------------------------------

def adaptive_calibration_error(probs, target, n_bins=15):
    """Equal-mass ECE: stable sort by confidence, np.array_split into n_bins groups,
    sum (n_g / n) |accuracy_g - confidence_g|. 1-D probs: positive-class probability vs
    0/1 target; 2-D: top-label confidence vs (argmax == target)."""
    p, t = F64(probs, "probs", ndim=(1, 2)), I32(target, "target")
    if len(p.shape) == 1:
        _lengths(p.size, t.size, "adaptive_calibration_error")
        conf = p.ptr
        if np is not None and isinstance(t.keep, np.ndarray):
            keep = (t.keep == 1).astype(np.uint8)
            ok = keep.ctypes.data_as(_PU8)
        else:
            ok = (ctypes.c_ubyte * max(t.size, 1))(*[1 if t.keep[i] == 1 else 0
                                                     for i in range(t.size)])
    else:
        n, c = _rows(p, "probs")
        _lengths(n, t.size, "adaptive_calibration_error")
        buf = (_c_double * max(n, 1))()
        ok = (ctypes.c_ubyte * max(n, 1))()
        _lib.check(_top_label(p.ptr, n, c, t.ptr, _INPUTS["probs"], buf, ok),
                   "adaptive_calibration_error")
        conf = ctypes.cast(buf, _PD)
    out = _c_double()
    _lib.check(_adaptive(conf, ok, t.size, _bins_arg(n_bins), ctypes.byref(out), None),
               "adaptive_calibration_error")
    return out.value


def nll(logits, target, T=1.0):
    """Mean NLL of softmax(logits / T): mean_i [logsumexp(l_i / T) - l_{i,y} / T]."""
    p, t = F64(logits, "logits", ndim=(2,)), I32(target, "target")
    n, c = _rows(p, "logits")
    _lengths(n, t.size, "nll")
    out = _c_double()
    _lib.check(_nll(p.ptr, n, c, t.ptr, float(T), ctypes.byref(out)), "nll")
    return out.value


class TemperatureScalingResult:
    """T_opt, nll_at_T1, nll_at_T_opt, ece_before, ece_after (top-label l1 ECE)."""
    __slots__ = ("T_opt", "nll_at_T1", "nll_at_T_opt", "ece_before", "ece_after")

    def __init__(self, r):
        self.T_opt = r.temperature
        self.nll_at_T1 = r.nll_before
        self.nll_at_T_opt = r.nll_after
        self.ece_before = r.ece_before
        self.ece_after = r.ece_after

    def __repr__(self):
        return (f"TemperatureScalingResult(T_opt={self.T_opt!r}, nll_at_T1={self.nll_at_T1!r}, "
                f"nll_at_T_opt={self.nll_at_T_opt!r}, ece_before={self.ece_before!r}, "
                f"ece_after={self.ece_after!r})")


def temperature_scaling(logits, target, T_search=(1e-3, 1e3), n_bins=15):
    """The temperature minimising the NLL (Brent's method on dNLL/dT in log T).
    ValueError "no interior minimiser ..." when the NLL is monotone over T_search."""
    p, t = F64(logits, "logits", ndim=(2,)), I32(target, "target")
    n, c = _rows(p, "logits")
    _lengths(n, t.size, "temperature_scaling")
    o = _TempOptions()
    _temp_defaults(ctypes.byref(o))
    o.t_min, o.t_max = float(T_search[0]), float(T_search[1])
    o.n_bins = _bins_arg(n_bins)
    r = _TempResult()
    status = _temp_fit(p.ptr, n, c, t.ptr, ctypes.byref(o), ctypes.byref(r), None)
    if status and _lib.status_name(status) == "LLMM_EDOMAIN":
        err = InvalidArgumentError(
            f"no interior minimiser in [{o.t_min:g},{o.t_max:g}]: dNLL/dT does not change "
            f"sign (g({o.t_min:g})={r.g_min!r}, g({o.t_max:g})={r.g_max!r})")
        err.status, err.status_name = status, "LLMM_EDOMAIN"
        raise err
    _lib.check(status, "temperature_scaling")
    return TemperatureScalingResult(r)
