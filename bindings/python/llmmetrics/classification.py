"""Classification metrics with scikit-learn 1.2.1's names, keywords and numbers:
``accuracy_score``, ``confusion_matrix``, ``precision_recall_fscore_support``,
``precision_score``, ``recall_score``, ``f1_score`` (average ``"binary"``,
``"micro"``, ``"macro"``, ``"weighted"`` or None, and sklearn's ``zero_division``).

Labels may be any sortable values; like sklearn, the labels are the sorted union of
y_true and y_pred. ``ConfusionMatrix`` is the mergeable, serializable statistic over
class indices 0..K-1.
"""

import ctypes

from . import _lib
from ._arrays import I32, labels_index, np, unique_sorted
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
                ("f1", ctypes.c_double), ("support", ctypes.c_uint64)]


_lib.check_size(_PrfOptions, "llmm_class_prf_options_size")
_lib.check_size(_PrfResult, "llmm_class_prf_result_size")

_fn = _lib.fn
_create = _fn("llmm_class_create", _c_int, _P(ctypes.c_void_p), ctypes.c_uint32, ctypes.c_void_p)
_free = _fn("llmm_class_free", None, ctypes.c_void_p)
_update = _fn("llmm_class_update", _c_int, ctypes.c_void_p, _P(ctypes.c_int32),
              _P(ctypes.c_int32), _c_size, _P(_c_size))
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

    def update(self, y_true, y_pred):
        """Adds pairs of class indices."""
        t, p = I32(y_true, "y_true"), I32(y_pred, "y_pred")
        if t.size != p.size:
            raise InvalidArgumentError(f"y_true has {t.size} labels, y_pred {p.size}")
        _lib.check(_update(self._h, t.ptr, p.ptr, t.size, None), "update")
        return self

    def merge(self, other):
        _lib.check(_merge(self._h, other._h), "merge")
        return self

    def matrix(self):
        """Rows = true class, columns = predicted class (numpy array if available)."""
        k = self.n_classes
        buf = (ctypes.c_uint64 * (k * k))()
        _lib.check(_confusion(self._h, buf, k * k), "matrix")
        rows = [list(buf[i * k:(i + 1) * k]) for i in range(k)]
        return np.array(rows, dtype=np.int64) if np is not None else rows

    def accuracy(self):
        out = ctypes.c_double()
        _lib.check(_accuracy(self._h, ctypes.byref(out)), "accuracy")
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


def _matrix_of(y_true, y_pred):
    """(ConfusionMatrix over the sorted union of labels, labels)."""
    n_t = len(y_true)
    if n_t != len(y_pred):
        raise InvalidArgumentError(f"Found input variables with inconsistent numbers of "
                                   f"samples: [{n_t}, {len(y_pred)}]")
    labels = unique_sorted(y_true, y_pred)
    cm = ConfusionMatrix(max(len(labels), 1))
    if n_t:
        t, p = labels_index(y_true, labels), labels_index(y_pred, labels)
        _lib.check(_update(cm._h, t.ptr, p.ptr, t.size, None), "update")
    return cm, labels


def accuracy_score(y_true, y_pred):
    """sklearn.metrics.accuracy_score (NaN for empty input)."""
    return _matrix_of(y_true, y_pred)[0].accuracy()


def confusion_matrix(y_true, y_pred):
    """sklearn.metrics.confusion_matrix over the sorted union of labels."""
    return _matrix_of(y_true, y_pred)[0].matrix()


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, sample_weight=None, zero_division="warn"):
    """sklearn.metrics.precision_recall_fscore_support (beta = 1 only). With an
    average, support is None; with average=None, per-label arrays."""
    if beta != 1.0 or labels is not None or sample_weight is not None:
        raise UnsupportedError("only beta=1, labels=None and sample_weight=None are "
                               "supported")
    cm, labs = _matrix_of(y_true, y_pred)
    zd = _zd(zero_division)
    if average is None:
        rows = []
        for i in range(len(labs)):
            r = _PrfResult()
            _lib.check(_prf_label(cm._h, i, zd, ctypes.byref(r)), "prf")
            rows.append((r.precision, r.recall, r.f1, r.support))
        cols = list(zip(*rows)) if rows else [(), (), (), ()]
        if np is not None:
            return tuple(np.array(c, dtype=np.int64 if k == 3 else np.float64)
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
