"""Probability metrics from logits and log-probabilities (``llmm_prob.h``).

Function names follow ``vectors/logprob.jsonl``:

* ``sequence_cross_entropy(logprobs, n_bytes)`` - cross-entropy, perplexity, bits per
  byte of per-token natural-log probabilities (e.g. OpenAI ``logprobs.content[].logprob``).
* ``log_softmax(logits)`` and the other one-row kernels: ``logsumexp``, ``softmax``,
  ``entropy``, ``nll``, ``argmax``, ``max_prob``, ``topk``; two rows: ``kl_divergence``,
  ``top_agree``.
* ``token_nll(logits, targets, ignore_index=None)`` - per-token NLL, mean, perplexity
  of a ``[T][V]`` block of logits.
* ``kl_divergence_batch(base_logits, test_logits, targets)`` - the statistics of
  llama.cpp's ``perplexity --kl-divergence``.
* ``CrossEntropy`` and ``KLDivergence`` - the mergeable, serializable statistics behind
  them, for streaming and distributed evaluation.

Inputs are lists or any C-contiguous buffer-protocol object: numpy ``float32``,
``float16`` and ``float64`` arrays (and ``array.array('f'/'d')``) are read in place,
without a copy; ``uint16`` buffers are read as ``dtype="bfloat16"`` (or ``"float16"``)
when asked. Python lists are converted to float64 once.

Bad values raise ``InvalidArgumentError`` (a ``ValueError``) with the C status name
(``LLMM_ENONFINITE`` for NaN/+Inf, ``LLMM_EDOMAIN`` for an all ``-inf`` row or an
infinite result, ``LLMM_EEMPTY``), unless ``strict=False``: the functions then return
what numpy/scipy return for the same input (NaN, +-Inf).
"""

import array
import ctypes
import math

from . import _lib

__all__ = [
    "logsumexp", "log_softmax", "softmax", "entropy", "nll", "argmax", "max_prob", "topk",
    "kl_divergence", "top_agree", "sequence_cross_entropy", "token_nll",
    "kl_divergence_batch", "CrossEntropy", "KLDivergence", "Result", "isa_names",
    "simd_path",
]

_P = ctypes.POINTER
_c_size_t = ctypes.c_size_t
_c_double = ctypes.c_double
_vp = ctypes.c_void_p

F32, BF16, F16, F64 = 0, 1, 2, 6  # llmm_dtype (llmm_common.h)
_DTYPES = {"float32": F32, "float16": F16, "bfloat16": BF16, "float64": F64}
_FORMATS = {"f": F32, "e": F16, "d": F64}
_SIZES = {F32: 4, F16: 2, BF16: 2, F64: 8}
_VALUE_STATUSES = ("LLMM_EEMPTY", "LLMM_EDOMAIN", "LLMM_ENONFINITE")
_SIZE_MAX = ctypes.c_size_t(-1).value
_U16 = -1  # uint16 buffers: float16 or bfloat16 bits, by dtype=
_TYPESTRS = {"f4": F32, "f2": F16, "f8": F64, "u2": _U16}


# ---- C structures and prototypes ------------------------------------------------------

class _Options(ctypes.Structure):
    _fields_ = [("isa", ctypes.c_int), ("fast", ctypes.c_int)]


class _XentOptions(ctypes.Structure):
    _fields_ = [("ignore_index", ctypes.c_int64), ("logits", _Options)]


_SUM_BYTES = _lib.fn("llmm_xent_sum_bytes", _c_size_t)()


class _XentStats(ctypes.Structure):
    _fields_ = [("n_tokens", ctypes.c_uint64), ("n_bytes", ctypes.c_uint64),
                ("nll_sum_", ctypes.c_ubyte * _SUM_BYTES)]


_XENT_RESULT_FIELDS = ["nll_sum_nats", "cross_entropy_nats", "cross_entropy_bits",
                       "perplexity", "bits_per_byte"]


class _XentResult(ctypes.Structure):
    _fields_ = ([("n_tokens", ctypes.c_uint64), ("n_bytes", ctypes.c_uint64)]
                + [(f, _c_double) for f in _XENT_RESULT_FIELDS])


_KLD_FIELDS = [
    "kld_mean", "kld_mean_unc", "kld_min", "kld_max", "kld_median",
    "kld_p0_1", "kld_p1", "kld_p5", "kld_p10", "kld_p90", "kld_p95", "kld_p99", "kld_p99_9",
    "same_top", "same_top_unc", "ppl_test", "ppl_test_unc", "ppl_base", "ppl_base_unc",
    "cor_ln_ppl", "ln_ppl_ratio", "ln_ppl_ratio_unc", "ppl_ratio", "ppl_ratio_unc",
    "ppl_diff", "ppl_diff_unc", "dp_mean", "dp_mean_unc", "dp_rms", "dp_rms_unc",
    "dp_min", "dp_max", "dp_median", "dp_p0_1", "dp_p1", "dp_p5", "dp_p10", "dp_p25",
    "dp_p75", "dp_p90", "dp_p95", "dp_p99", "dp_p99_9",
]


class _KldResult(ctypes.Structure):
    _fields_ = [("n_tokens", ctypes.c_uint64)] + [(f, _c_double) for f in _KLD_FIELDS]


_lib.check_size(_Options, "llmm_logits_options_size")
_lib.check_size(_XentOptions, "llmm_xent_options_size")
_lib.check_size(_XentStats, "llmm_xent_stats_size")
_lib.check_size(_XentResult, "llmm_xent_result_size")
_lib.check_size(_KldResult, "llmm_kld_result_size")

_fn = _lib.fn
_opts_default = _fn("llmm_logits_options_default", None, _P(_Options))
_isa_from_name = _fn("llmm_isa_from_name", ctypes.c_int, ctypes.c_char_p, _P(ctypes.c_int))
_isa_name = _fn("llmm_isa_name", ctypes.c_char_p, ctypes.c_int)
_isa_supported = _fn("llmm_isa_supported", ctypes.c_int, ctypes.c_int)
_simd_path = _fn("llmm_simd_path", ctypes.c_char_p)
_row_args = (_vp, _c_size_t, ctypes.c_int, _P(_Options))
_lse = _fn("llmm_logits_logsumexp", ctypes.c_int, *_row_args, _P(_c_double))
_log_softmax = _fn("llmm_logits_log_softmax", ctypes.c_int, *_row_args, _vp, ctypes.c_int,
                   _P(_c_double))
_lse_rows = _fn("llmm_logits_logsumexp_rows", ctypes.c_int, _vp, _c_size_t, _c_size_t,
                ctypes.c_int, _P(_Options), _vp)
_log_softmax_rows = _fn("llmm_logits_log_softmax_rows", ctypes.c_int, _vp, _c_size_t,
                        _c_size_t, ctypes.c_int, _P(_Options), _vp, ctypes.c_int, _vp)
_softmax = _fn("llmm_logits_softmax", ctypes.c_int, *_row_args, _vp, ctypes.c_int)
_entropy = _fn("llmm_logits_entropy", ctypes.c_int, *_row_args, _P(_c_double))
_nll = _fn("llmm_logits_nll", ctypes.c_int, _vp, _c_size_t, ctypes.c_int, _c_size_t,
           _P(_Options), _P(_c_double))
_argmax = _fn("llmm_logits_argmax", ctypes.c_int, *_row_args, _P(_c_size_t))
_max_prob = _fn("llmm_logits_max_prob", ctypes.c_int, *_row_args, _P(_c_double))
_topk = _fn("llmm_logits_topk", ctypes.c_int, _vp, _c_size_t, ctypes.c_int, _c_size_t,
            _P(_Options), _P(_c_size_t), _P(_c_double), _P(_c_size_t))
_kl = _fn("llmm_logits_kl", ctypes.c_int, _vp, _vp, _c_size_t, ctypes.c_int, _P(_Options),
          _P(_c_double))
_top_agree = _fn("llmm_logits_top_agree", ctypes.c_int, _vp, _vp, _c_size_t, ctypes.c_int,
                 _P(_Options), _P(ctypes.c_int))

_xent_opts_default = _fn("llmm_xent_options_default", None, _P(_XentOptions))
_xent_init = _fn("llmm_xent_stats_init", None, _P(_XentStats))
_xent_add_logprobs = _fn("llmm_xent_add_logprobs", ctypes.c_int, _P(_XentStats), _vp,
                         _c_size_t, _vp, _P(_c_size_t))
_xent_add_logits = _fn("llmm_xent_add_logits", ctypes.c_int, _P(_XentStats),
                       _P(_XentOptions), _vp, _c_size_t, _c_size_t, ctypes.c_int, _vp, _vp,
                       _P(_c_size_t))
_xent_add_bytes = _fn("llmm_xent_add_bytes", ctypes.c_int, _P(_XentStats), ctypes.c_uint64)
_xent_merge = _fn("llmm_xent_stats_merge", ctypes.c_int, _P(_XentStats), _P(_XentStats))
_xent_finalize = _fn("llmm_xent_finalize", ctypes.c_int, _P(_XentStats), _P(_XentResult))
_xent_sequence = _fn("llmm_xent_sequence", ctypes.c_int, _vp, _c_size_t, ctypes.c_uint64,
                     _vp, _P(_XentResult))
_xent_ser_size = _fn("llmm_xent_stats_serialized_size", _c_size_t, _P(_XentStats))
_xent_serialize = _fn("llmm_xent_stats_serialize", ctypes.c_int, _P(_XentStats), _vp,
                      _c_size_t, _P(_c_size_t))
_xent_deserialize = _fn("llmm_xent_stats_deserialize", ctypes.c_int, _P(_XentStats),
                        ctypes.c_char_p, _c_size_t)
_NO_IGNORE = _fn("llmm_xent_no_ignore", ctypes.c_int64)()

_kld_create = _fn("llmm_kld_create", ctypes.c_int, _P(_vp), _P(_Options), _vp)
_kld_free = _fn("llmm_kld_free", None, _vp)
_kld_add = _fn("llmm_kld_add", ctypes.c_int, _vp, _vp, _vp, _c_size_t, _c_size_t,
               ctypes.c_int, _vp, _vp, _P(_c_size_t))
_kld_merge = _fn("llmm_kld_merge", ctypes.c_int, _vp, _vp)
_kld_count = _fn("llmm_kld_count", ctypes.c_uint64, _vp)
_kld_finalize = _fn("llmm_kld_finalize", ctypes.c_int, _vp, _P(_KldResult))
_kld_quantile = _fn("llmm_kld_quantile", ctypes.c_int, _vp, ctypes.c_int, _c_double,
                    _P(_c_double))
_kld_ser_size = _fn("llmm_kld_serialized_size", _c_size_t, _vp)
_kld_serialize = _fn("llmm_kld_serialize", ctypes.c_int, _vp, _vp, _c_size_t, _P(_c_size_t))
_kld_deserialize = _fn("llmm_kld_deserialize", ctypes.c_int, _P(_vp), ctypes.c_char_p,
                       _c_size_t, _P(_Options), _vp)


# ---- inputs -------------------------------------------------------------------------------

def isa_names():
    """The SIMD paths this CPU supports, e.g. ['scalar', 'sse4.2', 'avx2', 'avx512']."""
    return [_isa_name(i).decode() for i in range(1, 5) if _isa_supported(i)]


def simd_path():
    """The path ``isa=None`` uses on this CPU."""
    return _simd_path().decode()


def _options(isa, fast=False):
    if isa is None and not fast:
        return _DEFAULT_OPTIONS
    o = _Options()
    _opts_default(ctypes.byref(o))
    o.fast = 1 if fast else 0
    if isa is not None:
        v = ctypes.c_int(0)
        if _isa_from_name(str(isa).encode(), ctypes.byref(v)) != 0:
            raise ValueError(f"unknown isa {isa!r}; expected one of auto, {', '.join(isa_names())}")
        o.isa = v.value
    return o


_DEFAULT_OPTIONS = _Options()
_opts_default(ctypes.byref(_DEFAULT_OPTIONS))


class _Buf:
    """A numeric input seen by C: pointer, element count, dtype, shape. Keeps the
    Python object (or its converted copy) alive."""
    __slots__ = ("ptr", "n", "dtype", "shape", "keep")

    def __init__(self, ptr, n, dtype, shape, keep):
        self.ptr, self.n, self.dtype, self.shape, self.keep = ptr, n, dtype, shape, keep


def _flatten(x):
    """Nested lists -> (flat list, shape)."""
    if not isinstance(x, (list, tuple)):
        return None
    if x and isinstance(x[0], (list, tuple)):
        width = len(x[0])
        flat = []
        for row in x:
            if len(row) != width:
                raise ValueError("rows of different lengths")
            flat.extend(row)
        return flat, (len(x), width)
    return list(x), (len(x),)


def _buffer(x, dtype=None, what="input"):
    """Any list or C-contiguous buffer -> _Buf, without copying buffers."""
    want = None if dtype is None else _DTYPES.get(dtype)
    if dtype is not None and want is None:
        raise ValueError(f"unknown dtype {dtype!r}; expected one of {', '.join(_DTYPES)}")
    iface = getattr(x, "__array_interface__", None)
    if iface is not None and iface.get("strides") is None:
        # numpy fast path: C-contiguous, read in place (also read-only arrays)
        kind = _TYPESTRS.get(iface["typestr"][1:])
        if kind is not None and iface["typestr"][0] in "<|=":
            if want is None or (want == kind or (want == BF16 and kind == _U16)):
                got = want if want is not None else kind
                if got != _U16:
                    shape = tuple(iface["shape"]) or (1,)
                    n = 1
                    for d in shape:
                        n *= d
                    return _Buf(iface["data"][0] if n else None, n, got, shape, x)
    flat = _flatten(x)
    if flat is not None:
        vals, shape = flat
        code = "f" if want == F32 else "d"
        if want not in (None, F32, F64):
            raise ValueError(f"{what}: a list can only be read as float32 or float64")
        arr = array.array(code, [float(v) for v in vals])
        addr = arr.buffer_info()[0] if len(arr) else None
        return _Buf(addr, len(arr), F32 if code == "f" else F64, shape, arr)
    try:
        mv = memoryview(x)
    except TypeError:
        raise TypeError(f"{what} should be a list or a buffer (numpy array, array.array), "
                        f"not {type(x).__name__}") from None
    if not mv.c_contiguous:
        raise ValueError(f"{what}: the buffer must be C-contiguous")
    fmt = mv.format.lstrip("@=<")
    if want is None:
        if fmt not in _FORMATS:
            raise ValueError(f"{what}: unsupported element format {mv.format!r} "
                             "(float32, float16, float64; pass dtype= for uint16 bfloat16)")
        want = _FORMATS[fmt]
    elif mv.itemsize != _SIZES[want]:
        raise ValueError(f"{what}: {mv.itemsize}-byte elements cannot be read as {dtype}")
    shape = tuple(mv.shape) if mv.ndim else (1,)
    n = mv.nbytes // _SIZES[want]
    if n == 0:
        return _Buf(None, 0, want, shape, x)
    if iface is not None:  # numpy (also read-only arrays): its data pointer, no copy
        return _Buf(iface["data"][0], n, want, shape, x)
    if not mv.readonly:
        c = (ctypes.c_char * mv.nbytes).from_buffer(mv.cast("B"))
        return _Buf(ctypes.addressof(c), n, want, shape, (x, c))
    data = bytes(mv)  # a read-only non-numpy buffer: one copy
    return _Buf(ctypes.cast(ctypes.c_char_p(data), _vp).value, n, want, shape, data)


def _rows(x, dtype, what):
    """A [T][V] input -> (_Buf, T, V)."""
    b = _buffer(x, dtype, what)
    if len(b.shape) != 2:
        raise ValueError(f"{what} should be 2-D ([T][V]), got shape {b.shape}")
    return b, b.shape[0], b.shape[1]


def _targets(targets, T):
    t = array.array("q", [int(v) for v in targets])
    if len(t) != T:
        raise ValueError(f"{len(t)} targets for {T} rows")
    return t


def _check(status, what, strict):
    """Raises for a status; with strict=False the value statuses are let through."""
    if status and (strict or _lib.status_name(status) not in _VALUE_STATUSES):
        _lib.check(status, what)


def _out_array(out_dtype, n):
    if out_dtype not in ("float64", "float32"):
        raise ValueError("out_dtype must be 'float64' or 'float32'")
    code = "d" if out_dtype == "float64" else "f"
    return array.array(code, bytes(n * array.array(code).itemsize))


class Result:
    """Named results (attributes and ``as_dict()``)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def as_dict(self):
        return dict(self.__dict__)

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items()
                          if not isinstance(v, (list, array.array)))
        return f"Result({inner})"


# ---- one-row kernels ---------------------------------------------------------------------

def logsumexp(logits, *, dtype=None, isa=None, fast=False, strict=True):
    """log(sum(exp(logits))), accumulated in float64 (scipy.special.logsumexp). A 2-D
    input ([T][V]) gives one value per row (an ``array('d')``, or numpy for numpy
    input), in one C call. ``fast=True``: float32 exp summed in float64 in the SIMD
    paths (about 2x faster, within 2.5e-7 absolute)."""
    b = _buffer(logits, dtype, "logits")
    o = _options(isa, fast)
    if len(b.shape) == 2:
        res = _out_array("float64", b.shape[0])
        rb = _buffer(res, None, "out")
        _check(_lse_rows(b.ptr, b.shape[0], b.shape[1], b.dtype, ctypes.byref(o), rb.ptr),
               "logsumexp", strict)
        return _as_numpy_like(logits, res, "float64", (b.shape[0],))
    v = _c_double()
    _check(_lse(b.ptr, b.n, b.dtype, ctypes.byref(o), ctypes.byref(v)), "logsumexp", strict)
    return v.value


def _as_numpy_like(inp, res, out_dtype, shape):
    """numpy in, numpy out (a view of `res`, no copy); otherwise `res` itself."""
    if hasattr(inp, "__array_interface__"):
        try:
            import numpy
            return numpy.frombuffer(res, dtype=numpy.float64 if out_dtype == "float64"
                                    else numpy.float32).reshape(shape)
        except ImportError:
            pass
    return res


def _map(cfn, rows_fn, logits, dtype, out, out_dtype, isa, fast, strict, name, *extra):
    b = _buffer(logits, dtype, "logits")
    o = _options(isa, fast)
    if out is None:
        res = _out_array(out_dtype, b.n)
        ob = _buffer(res, None, "out")
    else:
        ob = _buffer(out, None, "out")
        res = out
        if ob.n != b.n or ob.dtype not in (F32, F64):
            raise ValueError("out must be a float32/float64 buffer as long as logits")
        if memoryview(out).readonly:
            raise ValueError("out is read-only")
    if len(b.shape) == 2 and rows_fn is not None:
        _check(rows_fn(b.ptr, b.shape[0], b.shape[1], b.dtype, ctypes.byref(o), ob.ptr,
                       ob.dtype, *extra), name, strict)
    elif len(b.shape) == 1:
        _check(cfn(b.ptr, b.n, b.dtype, ctypes.byref(o), ob.ptr, ob.dtype, *extra), name, strict)
    else:
        raise ValueError(f"{name}: logits should be 1-D (or 2-D), got shape {b.shape}")
    return _as_numpy_like(logits, res, out_dtype, b.shape) if out is None else res


def log_softmax(logits, *, dtype=None, out=None, out_dtype="float64", isa=None, fast=False,
                strict=True):
    """logits - logsumexp(logits) as an ``array('d')`` (or 'f'; numpy for numpy input),
    or written into ``out`` (a float32/float64 buffer; ``out=logits`` works in place).
    A 2-D input is normalized row by row in one C call."""
    return _map(_log_softmax, _log_softmax_rows, logits, dtype, out, out_dtype, isa, fast,
                strict, "log_softmax", None)


def softmax(logits, *, dtype=None, out=None, out_dtype="float64", isa=None, fast=False,
            strict=True):
    """exp(logits - logsumexp(logits)); same conventions as log_softmax."""
    return _map(_softmax, None, logits, dtype, out, out_dtype, isa, fast, strict, "softmax")


def entropy(logits, *, unit="nats", dtype=None, isa=None, strict=True):
    """Shannon entropy of softmax(logits), 0*log(0) = 0; unit 'nats' or 'bits'."""
    if unit not in ("nats", "bits"):
        raise ValueError("unit must be 'nats' or 'bits'")
    b = _buffer(logits, dtype, "logits")
    o = _options(isa)
    v = _c_double()
    _check(_entropy(b.ptr, b.n, b.dtype, ctypes.byref(o), ctypes.byref(v)), "entropy", strict)
    return v.value if unit == "nats" else v.value / math.log(2)


def nll(logits, target, *, dtype=None, isa=None, strict=True):
    """-log softmax(logits)[target]."""
    b = _buffer(logits, dtype, "logits")
    o = _options(isa)
    v = _c_double()
    target = int(target) if target >= 0 else _SIZE_MAX  # negative: out of range
    _check(_nll(b.ptr, b.n, b.dtype, target, ctypes.byref(o), ctypes.byref(v)), "nll", strict)
    return v.value


def argmax(logits, *, dtype=None, isa=None, strict=True):
    """Index of the largest logit (first on ties); None for a NaN row with strict=False."""
    b = _buffer(logits, dtype, "logits")
    o = _options(isa)
    v = _c_size_t(_SIZE_MAX)
    _check(_argmax(b.ptr, b.n, b.dtype, ctypes.byref(o), ctypes.byref(v)), "argmax", strict)
    return None if v.value == _SIZE_MAX else v.value


def max_prob(logits, *, dtype=None, isa=None, strict=True):
    """The largest softmax probability."""
    b = _buffer(logits, dtype, "logits")
    o = _options(isa)
    v = _c_double()
    _check(_max_prob(b.ptr, b.n, b.dtype, ctypes.byref(o), ctypes.byref(v)), "max_prob", strict)
    return v.value


def topk(logits, k, *, dtype=None, isa=None):
    """The k largest logits as [(id, logprob)], by decreasing logit (lower id on ties)."""
    b = _buffer(logits, dtype, "logits")
    o = _options(isa)
    k = max(0, min(int(k), b.n))
    ids = (_c_size_t * max(k, 1))()
    lps = (_c_double * max(k, 1))()
    n = _c_size_t()
    _lib.check(_topk(b.ptr, b.n, b.dtype, k, ctypes.byref(o), ids, lps, ctypes.byref(n)), "topk")
    return [(ids[i], lps[i]) for i in range(n.value)]


def _two_rows(p_logits, q_logits, dtype):
    p = _buffer(p_logits, dtype, "p_logits")
    q = _buffer(q_logits, dtype, "q_logits")
    if p.n != q.n or p.dtype != q.dtype:
        raise ValueError("p_logits and q_logits need the same length and dtype")
    return p, q


def kl_divergence(p_logits, q_logits, *, dtype=None, isa=None, strict=True):
    """KL(softmax(p) || softmax(q)) in nats."""
    p, q = _two_rows(p_logits, q_logits, dtype)
    o = _options(isa)
    v = _c_double()
    _check(_kl(p.ptr, q.ptr, p.n, p.dtype, ctypes.byref(o), ctypes.byref(v)), "kl_divergence",
           strict)
    return v.value


def top_agree(p_logits, q_logits, *, dtype=None, isa=None):
    """True when argmax(p) == argmax(q) (first index on ties)."""
    p, q = _two_rows(p_logits, q_logits, dtype)
    o = _options(isa)
    v = ctypes.c_int()
    _lib.check(_top_agree(p.ptr, q.ptr, p.n, p.dtype, ctypes.byref(o), ctypes.byref(v)),
               "top_agree")
    return bool(v.value)


# ---- cross-entropy ----------------------------------------------------------------------

def _xent_result(r):
    return Result(n_tokens=r.n_tokens, n_bytes=r.n_bytes,
                  **{f: getattr(r, f) for f in _XENT_RESULT_FIELDS})


def _mask(mask, n):
    if mask is None:
        return None, None
    m = bytearray(1 if v else 0 for v in mask)
    if len(m) != n:
        raise ValueError(f"mask has {len(m)} entries for {n} tokens")
    c = (ctypes.c_ubyte * max(n, 1)).from_buffer(m) if n else None
    return (ctypes.addressof(c) if c is not None else None), (m, c)


def _logprobs(logprobs):
    """Log-probabilities as float64 (the C entry point's type): float64 buffers are
    read in place, anything else is converted once."""
    b = _buffer(logprobs, None, "logprobs")
    if b.dtype == F64:
        return b
    return _buffer([float(v) for v in logprobs], "float64", "logprobs")


def sequence_cross_entropy(logprobs, n_bytes=0, *, mask=None, strict=True):
    """Cross-entropy of per-token natural-log probabilities.

    Returns a Result with n_tokens, nll_sum_nats, cross_entropy_nats,
    cross_entropy_bits, perplexity and bits_per_byte (``n_bytes``: UTF-8 bytes of the
    text). ``mask`` (optional) marks the tokens to count. With ``strict=False``, NaN /
    -Inf log-probabilities and empty input give numpy's NaN / Inf instead of raising.
    """
    b = _logprobs(logprobs)
    mptr, keep = _mask(mask, b.n)
    r = _XentResult()
    _check(_xent_sequence(b.ptr, b.n, int(n_bytes), mptr, ctypes.byref(r)),
           "sequence_cross_entropy", strict)
    del keep
    return _xent_result(r)


class CrossEntropy:
    """Mergeable cross-entropy statistics (exact NLL sum: merging in any order gives
    bit-identical results and bytes)."""

    def __init__(self):
        self._s = _XentStats()
        _xent_init(ctypes.byref(self._s))

    @property
    def n_tokens(self):
        return self._s.n_tokens

    def add_logprobs(self, logprobs, mask=None):
        """Adds per-token log-probabilities (finite, <= 0); all or nothing."""
        b = _logprobs(logprobs)
        mptr, keep = _mask(mask, b.n)
        bad = _c_size_t(0)
        st = _xent_add_logprobs(ctypes.byref(self._s), b.ptr, b.n, mptr, ctypes.byref(bad))
        del keep
        if st:
            _lib.check(st, f"logprob {bad.value}")
        return self

    def add_logits(self, logits, targets, *, ignore_index=None, dtype=None, isa=None):
        """Adds a [T][V] block of logits with T target ids; returns the per-token NLL
        (None for ignored tokens)."""
        b, T, V = _rows(logits, dtype, "logits")
        t = _targets(targets, T)
        o = _XentOptions()
        _xent_opts_default(ctypes.byref(o))
        o.ignore_index = _NO_IGNORE if ignore_index is None else int(ignore_index)
        o.logits = _options(isa)
        per = (_c_double * max(T, 1))()
        bad = _c_size_t(0)
        st = _xent_add_logits(ctypes.byref(self._s), ctypes.byref(o), b.ptr, T, V, b.dtype,
                              t.buffer_info()[0] if T else None, per, ctypes.byref(bad))
        if st:
            _lib.check(st, f"token {bad.value}")
        return [None if (ignore_index is not None and t[i] == ignore_index) else per[i]
                for i in range(T)]

    def add_bytes(self, n_bytes):
        _lib.check(_xent_add_bytes(ctypes.byref(self._s), int(n_bytes)), "add_bytes")
        return self

    def merge(self, other):
        _lib.check(_xent_merge(ctypes.byref(self._s), ctypes.byref(other._s)), "merge")
        return self

    def result(self, *, strict=True):
        """Result(n_tokens, n_bytes, nll_sum_nats, cross_entropy_nats, ...); no tokens
        raises unless strict=False (then NaN, as numpy)."""
        r = _XentResult()
        _check(_xent_finalize(ctypes.byref(self._s), ctypes.byref(r)), "cross-entropy", strict)
        return _xent_result(r)

    def to_bytes(self):
        n = _xent_ser_size(ctypes.byref(self._s))
        buf = ctypes.create_string_buffer(n)
        w = _c_size_t()
        _lib.check(_xent_serialize(ctypes.byref(self._s), buf, n, ctypes.byref(w)), "serialize")
        return buf.raw[:w.value]

    @classmethod
    def from_bytes(cls, data):
        self = cls()
        data = bytes(data)
        _lib.check(_xent_deserialize(ctypes.byref(self._s), data, len(data)), "deserialize")
        return self


def token_nll(logits, targets, ignore_index=None, *, dtype=None, isa=None, strict=True):
    """Per-token NLL of a [T][V] block of logits (torch.nn.functional.cross_entropy's
    ignore_index convention). Result: per_token_nll (None when ignored), n_counted,
    mean_nll, perplexity."""
    x = CrossEntropy()
    per = x.add_logits(logits, targets, ignore_index=ignore_index, dtype=dtype, isa=isa)
    r = x.result(strict=strict)
    return Result(per_token_nll=per, n_counted=r.n_tokens, mean_nll=r.cross_entropy_nats,
                  perplexity=r.perplexity)


# ---- KL divergence (llama.cpp statistics) ------------------------------------------------------

class KLDivergence:
    """llama.cpp ``--kl-divergence`` statistics of a test model Q against its base P,
    mergeable and serializable (exact sums, exact quantiles)."""

    def __init__(self, *, isa=None, _handle=None):
        self._o = _options(isa)
        self._h = _vp()
        if _handle is not None:
            self._h = _handle
        else:
            _lib.check(_kld_create(ctypes.byref(self._h), ctypes.byref(self._o), None), "create")

    def __del__(self):
        h = getattr(self, "_h", None)
        if h:
            _kld_free(h)
            self._h = _vp()

    def __len__(self):
        return _kld_count(self._h)

    def add(self, base_logits, test_logits, targets, *, dtype=None):
        """Adds T tokens ([T][V] logits of both models, T target ids); returns the
        per-token KL(P_base || Q_test)."""
        b, T, V = _rows(base_logits, dtype, "base_logits")
        q, T2, V2 = _rows(test_logits, dtype, "test_logits")
        if (T, V, b.dtype) != (T2, V2, q.dtype):
            raise ValueError("base_logits and test_logits need the same shape and dtype")
        t = _targets(targets, T)
        per = (_c_double * max(T, 1))()
        bad = _c_size_t(0)
        st = _kld_add(self._h, b.ptr, q.ptr, T, V, b.dtype, t.buffer_info()[0] if T else None,
                      per, ctypes.byref(bad))
        if st:
            _lib.check(st, f"token {bad.value}")
        return [per[i] for i in range(T)]

    def merge(self, other):
        _lib.check(_kld_merge(self._h, other._h), "merge")
        return self

    def quantile(self, q, of="kld"):
        """numpy 'linear' quantile of the per-token KLD (of='kld') or delta p (of='dp')."""
        v = _c_double()
        _lib.check(_kld_quantile(self._h, 0 if of == "kld" else 1, float(q), ctypes.byref(v)),
                   "quantile")
        return v.value

    def result(self):
        """Result with llama.cpp's statistics (field names of llmm_kld_result)."""
        r = _KldResult()
        _lib.check(_kld_finalize(self._h, ctypes.byref(r)), "kl-divergence")
        return Result(n_tokens=r.n_tokens, **{f: getattr(r, f) for f in _KLD_FIELDS})

    def to_bytes(self):
        n = _kld_ser_size(self._h)
        buf = ctypes.create_string_buffer(max(n, 1))
        w = _c_size_t()
        _lib.check(_kld_serialize(self._h, buf, n, ctypes.byref(w)), "serialize")
        return buf.raw[:w.value]

    @classmethod
    def from_bytes(cls, data, *, isa=None):
        data = bytes(data)
        h = _vp()
        o = _options(isa)
        _lib.check(_kld_deserialize(ctypes.byref(h), data, len(data), ctypes.byref(o), None),
                   "deserialize")
        return cls(isa=isa, _handle=h)


def kl_divergence_batch(base_logits, test_logits, targets, *, dtype=None, isa=None):
    """KL(P_base || Q_test) per token and llama.cpp's summary statistics; the Result
    carries the logprob.jsonl names (per_token_kld, mean_kld,
    mean_kld_uncertainty_llamacpp, median_kld, min_kld, max_kld, p90_kld, p95_kld,
    p99_kld, p999_kld, same_top_rate, ppl_q, ppl_base, mean_ln_ppl_ratio, rms_delta_p)
    and every llmm_kld_result field."""
    k = KLDivergence(isa=isa)
    per = k.add(base_logits, test_logits, targets, dtype=dtype)
    r = k.result()
    d = r.as_dict()
    d.update(per_token_kld=per, mean_kld=r.kld_mean,
             mean_kld_uncertainty_llamacpp=r.kld_mean_unc, median_kld=r.kld_median,
             min_kld=r.kld_min, max_kld=r.kld_max, p90_kld=r.kld_p90, p95_kld=r.kld_p95,
             p99_kld=r.kld_p99, p999_kld=r.kld_p99_9, same_top_rate=r.same_top,
             ppl_q=r.ppl_test, mean_ln_ppl_ratio=r.ln_ppl_ratio, rms_delta_p=r.dp_rms)
    return Result(**d)
