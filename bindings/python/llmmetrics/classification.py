"""Classification metrics with scikit-learn 1.2.1's names, keywords and numbers:
``accuracy_score``, ``confusion_matrix``, ``precision_recall_fscore_support``,
``precision_score``, ``recall_score``, ``f1_score`` (average ``"binary"``,
``"micro"``, ``"macro"``, ``"weighted"`` or None, sklearn's ``zero_division`` and
``sample_weight``: exact weight sums per cell, so the result does not depend on the
order of the samples).

Labels may be any sortable values; like sklearn, the labels are the sorted union of
y_true and y_pred. ``ConfusionMatrix`` is the mergeable, serializable statistic over
class indices 0..K-1.
"""

import ctypes
import math

from . import _lib
from ._arrays import F64, I32, labels_index, np, unique_sorted
from ._lib import InvalidArgumentError, UnsupportedError

__all__ = ["accuracy_score", "confusion_matrix", "precision_recall_fscore_support",
           "precision_score", "recall_score", "f1_score", "ConfusionMatrix"]

_P = ctypes.POINTER
_c_int, _c_size = ctypes.c_int, ctypes.c_size_t


class _PrfOptions(ctypes.Structure):
    _fields_ = [("average", _c_int), ("pos_label", ctypes.c_int64),
                ("zero_division", ctypes.c_double)]


class _PrfResult(ctypes.Structure):
    _fields_ = [("precision", ctypes.c_double), ("recall", ctypes.c_double),
                ("f1", ctypes.c_double), ("support", ctypes.c_uint64),
                ("weighted_support", ctypes.c_double)]


_lib.check_size(_PrfOptions, "llmm_class_prf_options_size")
_lib.check_size(_PrfResult, "llmm_class_prf_result_size")

_fn = _lib.fn
_create = _fn("llmm_class_create", _c_int, _P(ctypes.c_void_p), ctypes.c_uint32, ctypes.c_void_p)
_free = _fn("llmm_class_free", None, ctypes.c_void_p)
_update = _fn("llmm_class_update", _c_int, ctypes.c_void_p, _P(ctypes.c_int32),
              _P(ctypes.c_int32), _c_size, _P(_c_size))
_update_w = _fn("llmm_class_update_weighted", _c_int, ctypes.c_void_p, _P(ctypes.c_int32),
                _P(ctypes.c_int32), _P(ctypes.c_double), _c_size, _P(_c_size))
_is_weighted = _fn("llmm_class_is_weighted", _c_int, ctypes.c_void_p)
_confusion_w = _fn("llmm_class_confusion_weighted", _c_int, ctypes.c_void_p,
                   _P(ctypes.c_double), _c_size)
_merge = _fn("llmm_class_merge", _c_int, ctypes.c_void_p, ctypes.c_void_p)
_n_classes = _fn("llmm_class_n_classes", ctypes.c_uint32, ctypes.c_void_p)
_confusion = _fn("llmm_class_confusion", _c_int, ctypes.c_void_p, _P(ctypes.c_uint64), _c_size)
_accuracy = _fn("llmm_class_accuracy", _c_int, ctypes.c_void_p, _P(ctypes.c_double))
_prf = _fn("llmm_class_prf", _c_int, ctypes.c_void_p, _P(_PrfOptions), _P(_PrfResult))
_prf_label = _fn("llmm_class_prf_label", _c_int, ctypes.c_void_p, ctypes.c_uint32,
                 ctypes.c_double, _P(_PrfResult))
_ser_size = _fn("llmm_class_serialized_size", _c_size, ctypes.c_void_p)
_ser = _fn("llmm_class_serialize", _c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size,
           _P(_c_size))
_deser = _fn("llmm_class_deserialize", _c_int, _P(ctypes.c_void_p), ctypes.c_char_p, _c_size,
             ctypes.c_void_p)

_AVERAGES = {"binary": 0, "micro": 1, "macro": 2, "weighted": 3}


class ConfusionMatrix:
    """K x K integer confusion counts over class indices 0..K-1 (mergeable)."""

    def __init__(self, n_classes, _handle=None):
        self._h = ctypes.c_void_p()
        if _handle is not None:
            self._h = _handle
            return
        _lib.check(_create(ctypes.byref(self._h), int(n_classes), None), "ConfusionMatrix")

    def __del__(self):
        if getattr(self, "_h", None):
            _free(self._h)
            self._h = None

    @property
    def n_classes(self):
        return _n_classes(self._h)

    def update(self, y_true, y_pred, sample_weight=None):
        """Adds pairs of class indices (with weights, sklearn's sample_weight)."""
        t, p = I32(y_true, "y_true"), I32(y_pred, "y_pred")
        if t.size != p.size:
            raise InvalidArgumentError(f"y_true has {t.size} labels, y_pred {p.size}")
        _add(self._h, t, p, sample_weight)
        return self

    @property
    def weighted(self):
        return bool(_is_weighted(self._h))

    def merge(self, other):
        _lib.check(_merge(self._h, other._h), "merge")
        return self

    def matrix(self, weighted=None):
        """Rows = true class, columns = predicted class (numpy array if available):
        counts, or the weight sums (floats) when weighted (default: when weights were
        added)."""
        k = self.n_classes
        if weighted is None:
            weighted = self.weighted
        if weighted:
            buf = (ctypes.c_double * (k * k))()
            _lib.check(_confusion_w(self._h, buf, k * k), "matrix")
        else:
            buf = (ctypes.c_uint64 * (k * k))()
            _lib.check(_confusion(self._h, buf, k * k), "matrix")
        rows = [list(buf[i * k:(i + 1) * k]) for i in range(k)]
        if np is None:
            return rows
        return np.array(rows, dtype=np.float64 if weighted else np.int64)

    def accuracy(self):
        out = ctypes.c_double()
        status = _accuracy(self._h, ctypes.byref(out))
        if status and _lib.status_name(status) == "LLMM_EDOMAIN":
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        _lib.check(status, "accuracy")
        return out.value

    def prf(self, average="binary", pos_label=1, zero_division="warn"):
        """(precision, recall, f1) with pos_label a class index."""
        o = _PrfOptions(_avg(average), int(pos_label), _zd(zero_division))
        r = _PrfResult()
        _lib.check(_prf(self._h, ctypes.byref(o), ctypes.byref(r)),
                   _binary_message(average))
        return r.precision, r.recall, r.f1

    def to_bytes(self):
        n = _ser_size(self._h)
        buf = ctypes.create_string_buffer(n)
        written = _c_size()
        _lib.check(_ser(self._h, buf, n, ctypes.byref(written)), "to_bytes")
        return buf.raw[:written.value]

    @classmethod
    def from_bytes(cls, data):
        h = ctypes.c_void_p()
        data = bytes(data)
        _lib.check(_deser(ctypes.byref(h), data, len(data), None), "from_bytes")
        return cls(0, _handle=h)


def _avg(average):
    if average not in _AVERAGES:
        raise InvalidArgumentError(f"average has to be one of {(None,) + tuple(_AVERAGES)}")
    return _AVERAGES[average]


def _zd(zero_division):
    if zero_division == "warn":
        return 0.0  # sklearn 1.2.1: "warn" acts as 0
    if zero_division in (0, 1):
        return float(zero_division)
    raise InvalidArgumentError('zero_division must be "warn", 0 or 1')


def _binary_message(average):
    return "Target is multiclass but average='binary'" if average == "binary" else "prf"


def _add(h, t, p, sample_weight):
    """Adds the I32 pairs t, p to matrix h, weighted when sample_weight is given."""
    if sample_weight is None:
        _lib.check(_update(h, t.ptr, p.ptr, t.size, None), "update")
        return
    w = F64(sample_weight, "sample_weight", ndim=(1,))
    if w.size != t.size:
        raise InvalidArgumentError(f"Found input variables with inconsistent numbers of "
                                   f"samples: [{t.size}, {w.size}]")
    _lib.check(_update_w(h, t.ptr, p.ptr, w.ptr, t.size, None), "update")


def _matrix_of(y_true, y_pred, sample_weight=None):
    """(ConfusionMatrix over the sorted union of labels, labels)."""
    n_t = len(y_true)
    if n_t != len(y_pred):
        raise InvalidArgumentError(f"Found input variables with inconsistent numbers of "
                                   f"samples: [{n_t}, {len(y_pred)}]")
    labels = unique_sorted(y_true, y_pred)
    cm = ConfusionMatrix(max(len(labels), 1))
    if n_t:
        _add(cm._h, labels_index(y_true, labels), labels_index(y_pred, labels), sample_weight)
    return cm, labels


def _integer_weights(sample_weight):
    """sklearn's accumulator choice: int64 for integer (or bool) weights."""
    if np is not None and isinstance(sample_weight, np.ndarray):
        return sample_weight.dtype.kind in "iub"
    return all(isinstance(v, int) for v in sample_weight)


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """sklearn.metrics.accuracy_score (NaN for empty input): the (weighted) fraction
    of correct pairs, or with ``normalize=False`` their number / weight sum."""
    cm, _ = _matrix_of(y_true, y_pred, sample_weight)
    if normalize:
        return cm.accuracy()
    m = cm.matrix()
    diag = [m[i][i] for i in range(len(m))]
    if sample_weight is None:
        return int(sum(int(v) for v in diag))
    return math.fsum(float(v) for v in diag)


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """sklearn.metrics.confusion_matrix over the sorted union of labels; with
    ``sample_weight`` the cells are weight sums (int64 for integer weights, as sklearn).
    ``labels`` and ``normalize`` are not supported."""
    if labels is not None or normalize is not None:
        raise UnsupportedError("confusion_matrix: labels= and normalize= are not supported")
    m = _matrix_of(y_true, y_pred, sample_weight)[0].matrix()
    if sample_weight is not None and _integer_weights(sample_weight):
        return m.astype(np.int64) if np is not None else [[int(v) for v in r] for r in m]
    return m


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, sample_weight=None, zero_division="warn"):
    """sklearn.metrics.precision_recall_fscore_support (beta = 1 only). With an
    average, support is None; with average=None, per-label arrays (the support is the
    weight sum, a float, with ``sample_weight``)."""
    if beta != 1.0 or labels is not None:
        raise UnsupportedError("only beta=1 and labels=None are supported")
    cm, labs = _matrix_of(y_true, y_pred, sample_weight)
    zd = _zd(zero_division)
    if average is None:
        rows = []
        for i in range(len(labs)):
            r = _PrfResult()
            _lib.check(_prf_label(cm._h, i, zd, ctypes.byref(r)), "prf")
            rows.append((r.precision, r.recall, r.f1,
                         r.support if sample_weight is None else r.weighted_support))
        cols = list(zip(*rows)) if rows else [(), (), (), ()]
        if np is not None:
            int_support = sample_weight is None
            return tuple(np.array(c, dtype=np.int64 if k == 3 and int_support else np.float64)
                         for k, c in enumerate(cols))
        return tuple(list(c) for c in cols)
    pos = labs.index(pos_label) if pos_label in labs else len(labs)
    if average == "binary" and len(labs) == 2 and pos == len(labs):
        raise InvalidArgumentError(f"pos_label={pos_label} is not a valid label. It should "
                                   f"be one of {labs}")
    p, r, f = cm.prf(average, pos, zero_division)
    return p, r, f, None


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """sklearn.metrics.precision_score."""
    return precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                           average=average, sample_weight=sample_weight,
                                           zero_division=zero_division)[0]


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """sklearn.metrics.recall_score."""
    return precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                           average=average, sample_weight=sample_weight,
                                           zero_division=zero_division)[1]


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """sklearn.metrics.f1_score."""
    return precision_recall_fscore_support(y_true, y_pred, labels=labels, pos_label=pos_label,
                                           average=average, sample_weight=sample_weight,
                                           zero_division=zero_division)[2]
