"""Numeric inputs for the calibration, classification and fairness modules.

Arrays cross into C as pointers: a C-contiguous float64 (F64) or int32 (I32) numpy
array is passed as is (no copy, no extra pass), and so is an int64 one to the entry
points that read int64 (I64.view); other numpy arrays are converted once;
lists and tuples (1-D, or 2-D lists of rows) are packed into a ctypes buffer. numpy is
optional.
"""

import ctypes
import numbers

from ._lib import InvalidArgumentError

try:  # numpy is optional
    import numpy as _np
except ImportError:  # pragma: no cover - depends on the environment
    _np = None

__all__ = ["F64", "I32", "I64", "labels_index", "index_list", "unique_sorted", "np"]

np = _np
_PD = ctypes.POINTER(ctypes.c_double)
_PI = ctypes.POINTER(ctypes.c_int32)
_PI64 = ctypes.POINTER(ctypes.c_int64)


def _is_numpy(x):
    return _np is not None and isinstance(x, _np.ndarray)


def _flatten(x, name):
    """A list / tuple of numbers or of equal-length rows -> (flat list, shape)."""
    x = list(x)
    if x and isinstance(x[0], (list, tuple)) or (_np is not None and x and
                                                  isinstance(x[0], _np.ndarray)):
        cols = len(x[0])
        flat = []
        for i, row in enumerate(x):
            row = list(row)
            if len(row) != cols:
                raise InvalidArgumentError(f"{name}: row {i} has {len(row)} values, "
                                           f"row 0 has {cols}")
            flat.extend(row)
        return flat, (len(x), cols)
    return x, (len(x),)


class F64:
    """A float64 view for C: ``.ptr`` (double *), ``.shape``, ``.size``."""
    __slots__ = ("keep", "ptr", "shape", "size")

    def __init__(self, x, name="array", ndim=None):
        if isinstance(x, F64):
            self.keep, self.ptr, self.shape, self.size = x.keep, x.ptr, x.shape, x.size
        elif _is_numpy(x) or (_np is not None and not isinstance(x, (list, tuple))):
            a = _np.ascontiguousarray(x, dtype=_np.float64)
            self.keep = a
            self.shape = a.shape
            self.size = a.size
            self.ptr = a.ctypes.data_as(_PD)
        else:
            flat, shape = _flatten(x, name)
            try:
                buf = (ctypes.c_double * max(len(flat), 1))(*flat)
            except TypeError:
                raise TypeError(f"{name} should hold numbers") from None
            self.keep = buf
            self.shape = shape
            self.size = len(flat)
            self.ptr = ctypes.cast(buf, _PD)
        if ndim is not None and len(self.shape) not in ndim:
            raise InvalidArgumentError(f"{name} should have {' or '.join(map(str, ndim))} "
                                       f"dimension(s), not {len(self.shape)}")


class I32:
    """An int32 view for C of integer labels (``.ptr``, ``.size``)."""
    __slots__ = ("keep", "ptr", "size")

    def __init__(self, x, name="labels"):
        if _is_numpy(x) or (_np is not None and not isinstance(x, (list, tuple))):
            a = _np.asarray(x)
            if a.size and a.dtype.kind not in "iub":
                if a.dtype.kind == "f" and _np.all(_np.mod(a, 1) == 0):
                    a = a.astype(_np.int64)
                else:
                    raise InvalidArgumentError(f"{name} should hold integers")
            # Types that always fit (bool, int8..int32, uint8, uint16) skip the range
            # scan: an int32 array goes to C as is, without a pass over it here.
            fits = a.dtype.kind == "b" or (a.dtype.kind == "i" and a.dtype.itemsize <= 4) or \
                (a.dtype.kind == "u" and a.dtype.itemsize <= 2)
            if a.size and not fits and (a.min() < -2**31 or a.max() >= 2**31):
                raise InvalidArgumentError(f"{name}: value outside the int32 range")
            a = _np.ascontiguousarray(a.ravel(), dtype=_np.int32)
            self.keep = a
            self.size = a.size
            self.ptr = a.ctypes.data_as(_PI)
        else:
            vals = list(x)
            for v in vals:
                if not isinstance(v, numbers.Integral) and not (
                        isinstance(v, float) and v.is_integer()):
                    raise InvalidArgumentError(f"{name} should hold integers")
            vals = [int(v) for v in vals]
            if any(v < -2**31 or v >= 2**31 for v in vals):
                raise InvalidArgumentError(f"{name}: value outside the int32 range")
            buf = (ctypes.c_int32 * max(len(vals), 1))(*vals)
            self.keep = buf
            self.size = len(vals)
            self.ptr = ctypes.cast(buf, _PI)


class I64:
    """A numpy int64 array seen by C without a copy (``.ptr``, ``.size``)."""
    __slots__ = ("keep", "ptr", "size")

    def __init__(self, a):
        self.keep = _np.ascontiguousarray(a.ravel())
        self.size = self.keep.size
        self.ptr = self.keep.ctypes.data_as(_PI64)

    @staticmethod
    def view(x):
        """I64 of x when it is a numpy int64 array (numpy's and torch's default integer
        type), else None: the caller then converts through I32."""
        return I64(x) if _is_numpy(x) and x.dtype == _np.int64 else None


_DENSE = 1 << 20  # integer labels spanning at most this many values: counting, no sort


def _int_range(a):
    """(min, max) of a non-empty integer numpy array, else None."""
    if a.size and a.dtype.kind in "iu":
        lo, hi = int(a.min()), int(a.max())
        if hi - lo < _DENSE:
            return lo, hi
    return None


def unique_sorted(*seqs):
    """np.unique over the union of the sequences (as a Python list)."""
    if _np is not None and any(_is_numpy(s) for s in seqs):
        parts = [_np.asarray(s).ravel() for s in seqs]
        ranges = [_int_range(p) for p in parts]
        if parts and all(r is not None for r in ranges):
            lo = min(r[0] for r in ranges)
            seen = _np.zeros(max(r[1] for r in ranges) - lo + 1, dtype=bool)
            for p in parts:
                seen[p.astype(_np.intp) - lo] = True
            return (_np.flatnonzero(seen) + lo).tolist()
        return list(_np.unique(_np.concatenate(parts)).tolist()) if parts else []
    return sorted(set().union(*[list(s) for s in seqs]))


def labels_index(values, labels):
    """Maps each value to its index in `labels` (sorted unique): an I32."""
    if _np is not None and _is_numpy(values):
        v = _np.asarray(values).ravel()
        r = _int_range(v)
        if r is not None and labels and isinstance(labels[0], int) and \
                labels[-1] - labels[0] < _DENSE and labels[0] <= r[0] and r[1] <= labels[-1]:
            lut = _np.zeros(labels[-1] - labels[0] + 1, dtype=_np.int32)
            lut[_np.asarray(labels) - labels[0]] = _np.arange(len(labels), dtype=_np.int32)
            return I32(lut[v.astype(_np.intp) - labels[0]], "labels")
        idx = _np.searchsorted(_np.asarray(labels), v)
        return I32(idx.astype(_np.int32), "labels")
    pos = {v: i for i, v in enumerate(labels)}
    return I32([pos[v] for v in values], "labels")


def index_list(values, labels):
    """Like labels_index, as a Python list / numpy array (for a later I32)."""
    if _np is not None and _is_numpy(values):
        return _np.searchsorted(_np.asarray(labels), _np.asarray(values).ravel())
    pos = {v: i for i, v in enumerate(labels)}
    return [pos[v] for v in values]
