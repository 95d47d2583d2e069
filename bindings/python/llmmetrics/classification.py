"""Classification metrics with scikit-learn 1.2.1's names, keywords and numbers:
``accuracy_score``, ``confusion_matrix``, ``precision_recall_fscore_support``,
``precision_score``, ``recall_score``, ``f1_score`` (average ``"binary"``,
``"micro"``, ``"macro"``, ``"weighted"`` or None, sklearn's ``zero_division`` and
``sample_weight``: exact weight sums per cell, so the result does not depend on the
order of the samples).

Labels may be any sortable values; like sklearn, the labels are the sorted union of
y_true and y_pred, or the ``labels=`` given (selected and ordered from the matrix over
that union; labels without pairs are scored with zero counts). ``confusion_matrix``
also has sklearn's ``normalize``. ``ConfusionMatrix`` is the mergeable, serializable
statistic over class indices 0..K-1.
"""

import ctypes
import math

from . import _lib
from ._arrays import F64, I32, I64, labels_index, np, unique_sorted
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
_update_i64 = _fn("llmm_class_update_i64", _c_int, ctypes.c_void_p, _P(ctypes.c_int64),
                  _P(ctypes.c_int64), _P(ctypes.c_double), _c_size, _P(_c_size))
_is_weighted = _fn("llmm_class_is_weighted", _c_int, ctypes.c_void_p)
_confusion_w = _fn("llmm_class_confusion_weighted", _c_int, ctypes.c_void_p,
                   _P(ctypes.c_double), _c_size)
_merge = _fn("llmm_class_merge", _c_int, ctypes.c_void_p, ctypes.c_void_p)
_n_classes = _fn("llmm_class_n_classes", ctypes.c_uint32, ctypes.c_void_p)
_confusion = _fn("llmm_class_confusion", _c_int, ctypes.c_void_p, _P(ctypes.c_uint64), _c_size)
_accuracy = _fn("llmm_class_accuracy", _c_int, ctypes.c_void_p, _P(ctypes.c_double))
_prf = _fn("llmm_class_prf", _c_int, ctypes.c_void_p, _P(_PrfOptions), _P(_PrfResult))
_prf_labels = _fn("llmm_class_prf_labels", _c_int, ctypes.c_void_p, _P(_PrfOptions),
                  _P(ctypes.c_uint32), _c_size, _P(_PrfResult))
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
        _add_arrays(self._h, y_true, y_pred, sample_weight)
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
        if np is None:
            return [list(buf[i * k:(i + 1) * k]) for i in range(k)]
        a = np.ctypeslib.as_array(buf).reshape(k, k)
        return a.copy() if weighted else a.astype(np.int64)

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
    """Adds the I32 (or both I64) pairs t, p to matrix h, weighted when sample_weight
    is given."""
    w = None
    if sample_weight is not None:
        w = F64(sample_weight, "sample_weight", ndim=(1,))
        if w.size != t.size:
            raise InvalidArgumentError(f"Found input variables with inconsistent numbers of "
                                       f"samples: [{t.size}, {w.size}]")
    if isinstance(t, I64):
        _lib.check(_update_i64(h, t.ptr, p.ptr, w.ptr if w else None, t.size, None), "update")
    elif w is None:
        _lib.check(_update(h, t.ptr, p.ptr, t.size, None), "update")
    else:
        _lib.check(_update_w(h, t.ptr, p.ptr, w.ptr, t.size, None), "update")


def _add_arrays(h, y_true, y_pred, sample_weight):
    """_add of label arrays: two numpy int64 arrays go to C in place, others as int32."""
    t, p = I64.view(y_true), I64.view(y_pred)
    if not (t and p):
        t, p = I32(y_true, "y_true"), I32(y_pred, "y_pred")
    if t.size != p.size:
        raise InvalidArgumentError(f"y_true has {t.size} labels, y_pred {p.size}")
    _add(h, t, p, sample_weight)


def _check_lengths(y_true, y_pred):
    n_t = len(y_true)
    if n_t != len(y_pred):
        raise InvalidArgumentError(f"Found input variables with inconsistent numbers of "
                                   f"samples: [{n_t}, {len(y_pred)}]")
    return n_t


# Integer labels 0..K-1 with K at most this are tried as class indices directly.
_DIRECT_K = 256


def _direct(y_true, y_pred, sample_weight, extra):
    """The (matrix, labels) of integer numpy labels that are already the class indices
    0..K-1, every one of them present (the common case): no mapping pass. None when the
    labels are anything else (the caller then maps them)."""
    if np is None or not all(isinstance(a, np.ndarray) and a.dtype.kind in "iu" and a.size
                             for a in (y_true, y_pred)):
        return None
    lo = min(int(y_true.min()), int(y_pred.min()))
    k = max(int(y_true.max()), int(y_pred.max())) + 1
    if lo < 0 or k > _DIRECT_K:
        return None
    cm = ConfusionMatrix(k + extra)
    _add_arrays(cm._h, y_true, y_pred, sample_weight)
    m = cm.matrix(weighted=False)[:k, :k]
    if not ((m.sum(axis=0) + m.sum(axis=1)) > 0).all():
        return None  # a value inside 0..K-1 is missing: it is not a label
    return cm, list(range(k))


def _matrix_of(y_true, y_pred, sample_weight=None, extra=0):
    """(ConfusionMatrix over the sorted union of labels, labels). `extra` more class
    indices after the labels' stay empty (the zero counts of requested labels that
    are not in the data)."""
    n_t = _check_lengths(y_true, y_pred)
    direct = _direct(y_true, y_pred, sample_weight, extra)
    if direct is not None:
        return direct
    labels = unique_sorted(y_true, y_pred)
    cm = ConfusionMatrix(max(len(labels) + extra, 1))
    if n_t:
        _add(cm._h, labels_index(y_true, labels), labels_index(y_pred, labels), sample_weight)
    return cm, labels


def _labels_list(labels):
    """sklearn's np.asarray(labels), as a list of Python scalars."""
    if np is not None:
        a = np.asarray(labels)
        if a.ndim != 1:
            raise InvalidArgumentError("labels should be a 1-d array-like")
        return a.tolist()
    return list(labels)


def _integer_weights(sample_weight):
    """sklearn's accumulator choice: int64 for integer (or bool) weights (np.asarray
    of an empty list is float64)."""
    if np is not None and isinstance(sample_weight, np.ndarray):
        return sample_weight.dtype.kind in "iub"
    sample_weight = list(sample_weight)
    return bool(sample_weight) and all(isinstance(v, int) for v in sample_weight)


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


def _select(m, present, labels, zero):
    """The cells of matrix m (over `present`) at the rows / columns of `labels`, as
    sklearn's label_to_ind dict (sklearn/metrics/_classification.py:353): a repeated
    label keeps its last position, a label without pairs gets zeros, pairs with a label
    outside `labels` are dropped. `zero`: the empty cells' value without numpy."""
    pos = {y: x for x, y in enumerate(labels)}
    idx = [pos.get(v) for v in present]
    n = len(labels)
    if np is not None:
        keep = np.array([i is not None for i in idx], dtype=bool)
        to = np.array([i for i in idx if i is not None], dtype=np.intp)
        out = np.zeros((n, n), dtype=m.dtype)
        out[np.ix_(to, to)] = m[np.ix_(keep, keep)]
        return out
    out = [[zero] * n for _ in range(n)]
    for i, ti in enumerate(idx):
        if ti is None:
            continue
        for j, pj in enumerate(idx):
            if pj is not None:
                out[ti][pj] = m[i][j]
    return out


def _normalized(m, normalize):
    """sklearn's cm / cm.sum(axis) under np.errstate(all="ignore"), then
    np.nan_to_num (0/0 -> 0, x/0 -> +-max float; _classification.py:376-384).
    m: a numpy array, or a list of rows without numpy."""
    if np is not None:
        a = m
        with np.errstate(all="ignore"):
            if normalize == "true":
                a = a / a.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                a = a / a.sum(axis=0, keepdims=True)
            else:
                a = a / a.sum()
            return np.nan_to_num(a)
    n = len(m)
    if normalize == "true":
        den = [[sum(r)] * n for r in m]
    elif normalize == "pred":
        col = [sum(r[j] for r in m) for j in range(n)]
        den = [col for _ in range(n)]
    else:
        den = [[sum(sum(r) for r in m)] * n] * n

    def div(x, d):
        if d:
            return x / d
        return 0.0 if x == 0 else math.copysign(1.7976931348623157e308, x)
    return [[div(float(x), d) for x, d in zip(r, dr)] for r, dr in zip(m, den)]


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """sklearn.metrics.confusion_matrix. Rows and columns are the sorted union of labels,
    or ``labels`` in the given order (pairs whose true or predicted label is not in
    ``labels`` are dropped; a label not in the data gives zeros). With ``sample_weight``
    the cells are weight sums (int64 for integer weights, as sklearn). ``normalize``
    'true' / 'pred' / 'all' divides by the row / column / total sums (float64; a zero
    sum gives 0)."""
    n = _check_lengths(y_true, y_pred)
    if labels is not None:
        labels = _labels_list(labels)
        if not labels:
            raise InvalidArgumentError("'labels' should contains at least one label.")
        if n == 0:  # int zeros, before normalize is even checked (_classification.py:329)
            zeros = [[0] * len(labels) for _ in labels]
            return np.array(zeros, dtype=np.int64) if np is not None else zeros
    cm, present = _matrix_of(y_true, y_pred, sample_weight)
    integer = sample_weight is None or _integer_weights(sample_weight)
    if not present:  # no data, no labels: sklearn's 0 x 0 matrix
        counts = m = [] if np is None else np.zeros((0, 0), np.int64 if integer else np.float64)
    else:
        m = cm.matrix()
        counts = m if sample_weight is None else cm.matrix(weighted=False)
        if np is not None:
            m = m.astype(np.int64 if integer else np.float64)
        else:
            m = [[int(v) if integer else float(v) for v in r] for r in m]
    if labels is not None:
        pos = set(labels)
        if not any(v in pos and any(counts[i]) for i, v in enumerate(present)):
            raise InvalidArgumentError("At least one label specified must be in y_true")
        m = _select(m, present, labels, 0 if integer else 0.0)
    if normalize not in ("true", "pred", "all", None):
        raise InvalidArgumentError("normalize must be one of {'true', 'pred', 'all', None}")
    return m if normalize is None else _normalized(m, normalize)


def _label_indices(labels, present):
    """Class indices of `labels` in a matrix over `present` plus one empty class (index
    len(present)) that stands for every label without pairs (sklearn gives those zero
    sums: _classification.py:541)."""
    pos = {v: i for i, v in enumerate(present)}
    return [pos.get(v, len(present)) for v in labels]


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, sample_weight=None, zero_division="warn"):
    """sklearn.metrics.precision_recall_fscore_support (beta = 1 only). With an
    average, support is None; with average=None, per-label arrays (the support is the
    weight sum, a float, with ``sample_weight``). ``labels`` chooses (and orders) the
    labels scored and averaged; labels not in the data count with zero counts; it is
    ignored for average='binary', as in sklearn."""
    if beta != 1.0:
        raise UnsupportedError("only beta=1 is supported")
    if average is not None:
        _avg(average)
    if labels is not None and average != "binary":
        labels = _labels_list(labels)
    else:
        labels = None
    cm, labs = _matrix_of(y_true, y_pred, sample_weight, extra=0 if labels is None else 1)
    idx = list(range(len(labs))) if labels is None else _label_indices(labels, labs)
    zd = _zd(zero_division)
    if average is None:
        rows = []
        for i in idx:
            r = _PrfResult()
            _lib.check(_prf_label(cm._h, i, zd, ctypes.byref(r)), "prf")
            rows.append((r.precision, r.recall, r.f1,
                         r.support if sample_weight is None else r.weighted_support))
        cols = list(zip(*rows)) if rows else [(), (), (), ()]
        if np is not None:
            # sklearn's supports are int64 bincounts, but float64 with weights, and
            # also when no pair is correct (its "pathological case", float zeros for
            # tp_sum, makes the whole multilabel confusion matrix float;
            # _classification.py:533-534)
            counts = cm.matrix(weighted=False)
            int_support = sample_weight is None and any(counts[i][i] for i in range(len(labs)))
            return tuple(np.array(c, dtype=np.int64 if k == 3 and int_support else np.float64)
                         for k, c in enumerate(cols))
        return tuple(list(c) for c in cols)
    if labels is not None:
        o = _PrfOptions(_avg(average), 0, zd)
        r = _PrfResult()
        arr = (ctypes.c_uint32 * max(len(idx), 1))(*idx)
        _lib.check(_prf_labels(cm._h, ctypes.byref(o), arr, len(idx), ctypes.byref(r)), "prf")
        return r.precision, r.recall, r.f1, None
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
