"""Loading libllmmetrics with ctypes, status codes as exceptions, and text batches.

Every family module uses this one: ``lib`` is the ctypes.CDLL, ``fn()`` declares a
prototype, ``check()`` turns a status into an exception, ``check_size()`` verifies a
ctypes Structure against the library's ``llmm_<x>_size()`` twin, and ``encode_batch()``
packs a sequence of str into one UTF-8 buffer plus offsets (the ``llmm_strs`` shape), so
a corpus crosses into C in a single call.

The library is found through, in order: the ``LLMMETRICS_LIB`` environment variable
(a path), ``libllmmetrics.so`` next to this package, then the system
(``ctypes.util.find_library("llmmetrics")``, then ``libllmmetrics.so.0``).
"""

import array
import ctypes
import ctypes.util
import os
from itertools import accumulate

__all__ = [
    "lib", "fn", "check", "check_size", "encode_batch", "Batch", "Str", "Strs",
    "Error", "InvalidArgumentError", "Utf8Error", "OutOfMemoryError", "SizeOverflowError",
    "UnsupportedError", "status_name",
]


def _load():
    candidates = []
    env = os.environ.get("LLMMETRICS_LIB")
    if env:
        candidates.append(env)
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libllmmetrics.so")
    if os.path.exists(here):
        candidates.append(here)
    found = ctypes.util.find_library("llmmetrics")
    if found:
        candidates.append(found)
    candidates.append("libllmmetrics.so.0")
    errors = []
    for path in candidates:
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(f"{path}: {exc}")
            if path == env:
                # An explicit path that does not load is an error, not a reason to
                # silently pick another copy of the library.
                break
    raise ImportError("llmmetrics: cannot load libllmmetrics (" + "; ".join(errors)
                      + "); set LLMMETRICS_LIB to the path of libllmmetrics.so")


lib = _load()


def fn(name, restype, *argtypes):
    """Declares and returns the C function `name` of the library."""
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


# ---- common C types ---------------------------------------------------------------

class Str(ctypes.Structure):
    """llmm_str: `len` bytes at `ptr`."""
    _fields_ = [("ptr", ctypes.c_char_p), ("len", ctypes.c_size_t)]


class Strs(ctypes.Structure):
    """llmm_strs: string i is data[offsets[i]:offsets[i+1]]; present[i] == 0 is None."""
    _fields_ = [("data", ctypes.c_char_p),
                ("offsets", ctypes.POINTER(ctypes.c_size_t)),
                ("present", ctypes.POINTER(ctypes.c_ubyte)),
                ("count", ctypes.c_size_t)]


_version = fn("llmm_version", ctypes.c_char_p)
_strerror = fn("llmm_strerror", ctypes.c_char_p, ctypes.c_int)
_status_name = fn("llmm_status_name", ctypes.c_char_p, ctypes.c_int)
_utf8_validate = fn("llmm_utf8_validate", ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                    ctypes.POINTER(ctypes.c_size_t))

version = _version().decode("ascii")


def status_name(status):
    """The status's C enum name, e.g. 'LLMM_EUTF8'."""
    return _status_name(status).decode("ascii")


def check_size(struct, size_fn_name):
    """Raises ImportError if a ctypes Structure does not match the C struct's size."""
    c_size = fn(size_fn_name, ctypes.c_size_t)()
    if ctypes.sizeof(struct) != c_size:
        raise ImportError(
            f"llmmetrics: {struct.__name__} is {ctypes.sizeof(struct)} bytes but the "
            f"library's {size_fn_name}() says {c_size}: the binding and "
            f"libllmmetrics {version} do not match")


# ---- exceptions ---------------------------------------------------------------------

class Error(Exception):
    """Base class of every exception raised for a libllmmetrics status.

    ``status`` is the C status code, ``status_name`` its name (``'LLMM_EINVAL'``).
    Each subclass also derives from the matching built-in exception, so
    ``except ValueError`` works as well as ``except llmmetrics.Error``.
    """
    status = None
    status_name = None


class InvalidArgumentError(Error, ValueError):
    """Invalid argument, empty input, mismatched lengths, NaN, bad serialized data..."""


class Utf8Error(Error, UnicodeDecodeError):
    """Invalid UTF-8 in bytes given to the library (LLMM_EUTF8)."""


class OutOfMemoryError(Error, MemoryError):
    """The library could not allocate (LLMM_ENOMEM)."""


class SizeOverflowError(Error, OverflowError):
    """A size or count would overflow (LLMM_EOVERFLOW)."""


class UnsupportedError(Error, ValueError):
    """Option or feature not supported (LLMM_EUNSUPPORTED)."""


_EXCEPTIONS = {
    "LLMM_ENOMEM": OutOfMemoryError,
    "LLMM_EOVERFLOW": SizeOverflowError,
    "LLMM_EUNSUPPORTED": UnsupportedError,
    "LLMM_EBUFFER": Error,  # an internal buffer was too small: a binding bug
}


def _make(cls, status, message, *args):
    exc = cls(*args) if args else cls(message)
    exc.status = status
    exc.status_name = status_name(status)
    return exc


def check(status, what="", data=None, start=None):
    """Raises the exception for a non-zero status; `what` prefixes the message.

    For LLMM_EUTF8, `data` (the offending bytes) and `start` (the offset of the
    first bad byte, if known) build a UnicodeDecodeError-compatible exception.
    """
    if status == 0:
        return
    message = _strerror(status).decode("utf-8", "replace")
    if what:
        message = f"{what}: {message}"
    name = status_name(status)
    if name == "LLMM_EUTF8":
        data = bytes(data or b"")
        if start is None:
            start = 0
        end = min(start + 1, len(data)) if data else 0
        raise _make(Utf8Error, status, message, "utf-8", data, start, end, message)
    raise _make(_EXCEPTIONS.get(name, InvalidArgumentError), status, message)


def utf8_validate(data):
    """Checks bytes with the library's validator; raises Utf8Error if invalid."""
    bad = ctypes.c_size_t(0)
    data = bytes(data)
    status = _utf8_validate(data, len(data), ctypes.byref(bad))
    check(status, "invalid UTF-8", data, bad.value)


# ---- text batches -------------------------------------------------------------------

_OFFSET_CODE = next(c for c in "LQI" if array.array(c).itemsize == ctypes.sizeof(ctypes.c_size_t))


class Batch:
    """A sequence of str as one UTF-8 buffer + size_t offsets (+ optional present mask).

    Keeps the Python objects alive for as long as the C view (``strs``) is in use.
    """
    __slots__ = ("data", "offsets", "present", "count", "strs", "_c_offsets", "_c_present")

    def __init__(self, data, offsets, present, count):
        self.data = data
        self.offsets = offsets
        self.present = present
        self.count = count
        self._c_offsets = (ctypes.c_size_t * len(offsets)).from_buffer(offsets)
        self._c_present = None
        if present is not None:
            self._c_present = (ctypes.c_ubyte * count).from_buffer(present)
        self.strs = Strs(data, self._c_offsets,
                         ctypes.cast(self._c_present, ctypes.POINTER(ctypes.c_ubyte))
                         if present is not None else None, count)

    def item(self, i):
        """The UTF-8 bytes of item i."""
        return self.data[self.offsets[i]:self.offsets[i + 1]]


def _encode_error(items, what, exc):
    """Re-raises a UnicodeEncodeError naming the item that holds the lone surrogate."""
    for i, s in enumerate(items):
        if s is None:
            continue
        try:
            s.encode("utf-8")
        except UnicodeEncodeError as e:
            raise UnicodeEncodeError(
                "utf-8", s, e.start, e.end,
                f"{what} {i}: {e.reason} (lone surrogates cannot be encoded as UTF-8)"
            ) from None
    raise exc


def encode_batch(items, what="item", allow_none=False):
    """Encodes a sequence of str (None allowed if `allow_none`) into a Batch.

    ASCII-only input takes a fast path (one join, one encode; str.isascii() is O(1));
    otherwise every item is encoded once (str.encode is strict UTF-8). A str holding a lone surrogate raises UnicodeEncodeError before any C
    call; a non-str item raises TypeError.
    """
    if not isinstance(items, list):
        items = list(items)
    n = len(items)
    present = None
    if allow_none and None in items:
        present = bytearray(0 if s is None else 1 for s in items)
        items = ["" if s is None else s for s in items]
    try:
        ascii_only = all(map(str.isascii, items))
    except TypeError:
        for i, s in enumerate(items):
            if not isinstance(s, str):
                raise TypeError(f"{what} {i} should be a str, not {type(s).__name__}") from None
        raise
    offsets = array.array(_OFFSET_CODE, [0])
    if ascii_only:
        data = "".join(items).encode("ascii")
        offsets.extend(accumulate(map(len, items)))
    else:
        try:
            encoded = list(map(str.encode, items))
        except UnicodeEncodeError as exc:
            _encode_error(items, what, exc)
        data = b"".join(encoded)
        offsets.extend(accumulate(map(len, encoded)))
    return Batch(data, offsets, present, n)


def encode_str(s, what="string"):
    """One str as a Str (and the bytes object that must stay alive)."""
    if not isinstance(s, str):
        raise TypeError(f"{what} should be a str, not {type(s).__name__}")
    try:
        b = s.encode("utf-8")
    except UnicodeEncodeError as e:
        raise UnicodeEncodeError("utf-8", s, e.start, e.end,
                                 f"{what}: {e.reason} (lone surrogates cannot be encoded as "
                                 "UTF-8)") from None
    return Str(b, len(b)), b
