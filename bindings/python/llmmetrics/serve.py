"""Serving telemetry: DDSketch, numpy-exact quantiles/means, the vLLM-style benchmark
summary, prompt keys, SLO error budgets and memory estimates (llmm_sketch.h,
llmm_serve.h).

    from llmmetrics import DDSketch
    s = DDSketch()                      # relative accuracy 0.01, 2048 bins
    s.add_many(latencies_ms)
    s.get_quantile_value(0.99)          # sketches-py 3.0.1's value, bit for bit
"""

import array
import ctypes
import math
import struct as _struct

from ._lib import check, check_size, fn

__all__ = [
    "DDSketch", "quantile", "mean_numpy", "mean_fsum", "std_numpy", "summarize",
    "prompt_key", "slo_budget", "burn_alert", "memory_param_count", "memory_weight_bytes",
    "memory_kv_bytes",
]

_c_double_p = ctypes.POINTER(ctypes.c_double)
_c_size_t_p = ctypes.POINTER(ctypes.c_size_t)


class _SketchOptions(ctypes.Structure):
    _fields_ = [("relative_accuracy", ctypes.c_double), ("max_bins", ctypes.c_uint32)]


check_size(_SketchOptions, "llmm_sketch_options_size")

_create = fn("llmm_sketch_create", ctypes.c_int, ctypes.POINTER(ctypes.c_void_p),
             ctypes.POINTER(_SketchOptions), ctypes.c_void_p)
_free = fn("llmm_sketch_free", None, ctypes.c_void_p)
_add_w = fn("llmm_sketch_add_weighted", ctypes.c_int, ctypes.c_void_p, ctypes.c_double,
            ctypes.c_uint64)
_add_many = fn("llmm_sketch_add_many", ctypes.c_int, ctypes.c_void_p, _c_double_p,
               ctypes.c_size_t, _c_size_t_p)
_merge = fn("llmm_sketch_merge", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_quantile = fn("llmm_sketch_quantile", ctypes.c_int, ctypes.c_void_p, ctypes.c_double,
               _c_double_p)
_count = fn("llmm_sketch_count", ctypes.c_uint64, ctypes.c_void_p)
_zero_count = fn("llmm_sketch_zero_count", ctypes.c_uint64, ctypes.c_void_p)
_sum = fn("llmm_sketch_sum", ctypes.c_double, ctypes.c_void_p)
_avg = fn("llmm_sketch_avg", ctypes.c_int, ctypes.c_void_p, _c_double_p)
_min = fn("llmm_sketch_min", ctypes.c_int, ctypes.c_void_p, _c_double_p)
_max = fn("llmm_sketch_max", ctypes.c_int, ctypes.c_void_p, _c_double_p)
_num_bins = fn("llmm_sketch_num_bins", ctypes.c_size_t, ctypes.c_void_p)
_ser_size = fn("llmm_sketch_serialized_size", ctypes.c_size_t, ctypes.c_void_p)
_serialize = fn("llmm_sketch_serialize", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                ctypes.c_size_t, _c_size_t_p)
_deserialize = fn("llmm_sketch_deserialize", ctypes.c_int, ctypes.POINTER(ctypes.c_void_p),
                  ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p)
_EEMPTY = -6


def _doubles(values):
    """A ctypes double array from any iterable of numbers (or a float64 buffer)."""
    try:
        mv = memoryview(values)
        if mv.format == "d" and mv.ndim == 1 and mv.contiguous:
            return (ctypes.c_double * len(mv)).from_buffer_copy(mv), len(mv)
    except TypeError:
        pass
    # array.array converts in C (about 20x faster than unpacking into ctypes)
    buf = array.array("d", values if isinstance(values, (list, tuple)) else list(values))
    return (ctypes.c_double * len(buf)).from_buffer(buf), len(buf)


class DDSketch:
    """DDSketch with sketches-py 3.0.1's mapping and quantiles, integer weights and an
    exact sum. ``max_bins=0`` gives sketches-py's unbounded ``DDSketch``; the default
    2048 is ``LogCollapsingLowestDenseDDSketch``."""

    def __init__(self, relative_accuracy=0.01, max_bins=2048):
        self._p = ctypes.c_void_p()
        opts = _SketchOptions(relative_accuracy, max_bins)
        check(_create(ctypes.byref(self._p), ctypes.byref(opts), None), "DDSketch")
        self.relative_accuracy = relative_accuracy
        self.max_bins = max_bins

    def __del__(self):
        p = getattr(self, "_p", None)
        if p:
            _free(p)
            self._p = None

    def add(self, value, weight=1):
        check(_add_w(self._p, value, weight), "DDSketch.add")

    def add_many(self, values):
        arr, n = _doubles(values)
        check(_add_many(self._p, arr, n, None), "DDSketch.add_many")

    def merge(self, other):
        check(_merge(self._p, other._p), "DDSketch.merge")

    def get_quantile_value(self, q):
        """The q-quantile, or None when the sketch is empty (as sketches-py)."""
        out = ctypes.c_double()
        status = _quantile(self._p, q, ctypes.byref(out))
        if status == _EEMPTY:
            return None
        check(status, "DDSketch.get_quantile_value")
        return out.value

    def _opt(self, f):
        out = ctypes.c_double()
        status = f(self._p, ctypes.byref(out))
        if status == _EEMPTY:
            return None
        check(status)
        return out.value

    count = property(lambda self: _count(self._p))
    zero_count = property(lambda self: _zero_count(self._p))
    sum = property(lambda self: _sum(self._p))
    avg = property(lambda self: self._opt(_avg))
    min = property(lambda self: self._opt(_min))
    max = property(lambda self: self._opt(_max))
    num_bins = property(lambda self: _num_bins(self._p))

    def to_bytes(self):
        n = _ser_size(self._p)
        buf = ctypes.create_string_buffer(n)
        length = ctypes.c_size_t()
        check(_serialize(self._p, buf, n, ctypes.byref(length)), "DDSketch.to_bytes")
        return buf.raw[:length.value]

    @classmethod
    def from_bytes(cls, data):
        data = bytes(data)
        self = cls.__new__(cls)
        self._p = ctypes.c_void_p()
        check(_deserialize(ctypes.byref(self._p), data, len(data), None), "DDSketch.from_bytes")
        # relative accuracy and bin limit follow the first 12 payload bytes
        self.relative_accuracy, self.max_bins = _struct.unpack_from("<dI", data, 16)
        return self


# ---- numpy-exact references -----------------------------------------------------------

_METHODS = {"linear": 0, "inverted_cdf": 1, "lower": 2}
_quantiles = fn("llmm_quantiles", ctypes.c_int, _c_double_p, ctypes.c_size_t, _c_double_p,
                ctypes.c_size_t, ctypes.c_int, _c_double_p, ctypes.c_void_p)
_mean_numpy = fn("llmm_mean_numpy", ctypes.c_int, _c_double_p, ctypes.c_size_t, _c_double_p)
_mean_exact = fn("llmm_mean_exact", ctypes.c_int, _c_double_p, ctypes.c_size_t, _c_double_p)
_std_numpy = fn("llmm_std_numpy", ctypes.c_int, _c_double_p, ctypes.c_size_t, _c_double_p)


def quantile(values, q, method="linear"):
    """numpy 1.24 ``np.quantile(values, q, method=...)`` for method linear,
    inverted_cdf or lower; q a number or a sequence."""
    if method not in _METHODS:
        raise ValueError(f"unknown method {method!r}")
    scalar = isinstance(q, (int, float))
    qs, nq = _doubles([q] if scalar else q)
    arr, n = _doubles(values)
    out = (ctypes.c_double * max(nq, 1))()
    check(_quantiles(arr, n, qs, nq, _METHODS[method], out, None), "quantile")
    return out[0] if scalar else list(out[:nq])


def _stat(f, values, what):
    arr, n = _doubles(values)
    out = ctypes.c_double()
    status = f(arr, n, ctypes.byref(out))
    if status == _EEMPTY:
        return math.nan
    check(status, what)
    return out.value


def mean_numpy(values):
    """``np.mean`` of float64 values (pairwise summation), nan when empty."""
    return _stat(_mean_numpy, values, "mean_numpy")


def mean_fsum(values):
    """``math.fsum(values) / len(values)``, nan when empty."""
    return _stat(_mean_exact, values, "mean_fsum")


def std_numpy(values):
    """``np.std`` (ddof 0), nan when empty."""
    return _stat(_std_numpy, values, "std_numpy")


# ---- vLLM-style summary ---------------------------------------------------------------------

_MAXP = 8


class _Request(ctypes.Structure):
    _fields_ = [("start", ctypes.c_double), ("first_token", ctypes.c_double),
                ("end", ctypes.c_double), ("token_times", _c_double_p),
                ("n_token_times", ctypes.c_size_t), ("input_tokens", ctypes.c_uint64),
                ("output_tokens", ctypes.c_uint64), ("cached_tokens", ctypes.c_uint64),
                ("success", ctypes.c_int)]


class _Slo(ctypes.Structure):
    _fields_ = [("ttft_ms", ctypes.c_double), ("tpot_ms", ctypes.c_double),
                ("e2e_ms", ctypes.c_double)]


class _ServeOptions(ctypes.Structure):
    _fields_ = [("duration_s", ctypes.c_double), ("n_percentiles", ctypes.c_size_t),
                ("percentiles", ctypes.c_double * _MAXP), ("slo", _Slo),
                ("mode", ctypes.c_int), ("sketch", _SketchOptions)]


class _Stats(ctypes.Structure):
    _fields_ = [("count", ctypes.c_uint64), ("mean_ms", ctypes.c_double),
                ("median_ms", ctypes.c_double), ("std_ms", ctypes.c_double),
                ("percentiles_ms", ctypes.c_double * _MAXP)]


class _Summary(ctypes.Structure):
    _fields_ = [("completed", ctypes.c_uint64), ("failed", ctypes.c_uint64),
                ("good", ctypes.c_uint64), ("total_input", ctypes.c_uint64),
                ("total_output", ctypes.c_uint64), ("total_cached", ctypes.c_uint64),
                ("duration_s", ctypes.c_double), ("request_throughput", ctypes.c_double),
                ("request_goodput", ctypes.c_double), ("output_throughput", ctypes.c_double),
                ("total_token_throughput", ctypes.c_double), ("ttft", _Stats),
                ("tpot", _Stats), ("itl", _Stats), ("e2e", _Stats)]


check_size(_Request, "llmm_serve_request_size")
check_size(_ServeOptions, "llmm_serve_options_size")
check_size(_Summary, "llmm_serve_summary_size")
_summarize = fn("llmm_serve_summarize", ctypes.c_int, ctypes.POINTER(_Request), ctypes.c_size_t,
                ctypes.POINTER(_ServeOptions), ctypes.POINTER(_Summary), ctypes.c_void_p)


def summarize(requests, percentiles=(99,), slo=None, duration_s=0.0, mode="exact"):
    """vLLM ``calculate_metrics`` over request dicts with keys start, token_times (or
    first_token/end), input_tokens, output_tokens, cached_tokens, success. Returns a dict
    with vLLM's field names (``mean_ttft_ms``, ``p99_itl_ms``, ``request_goodput``...)."""
    if len(percentiles) > _MAXP:
        raise ValueError(f"at most {_MAXP} percentiles")
    reqs = (_Request * max(len(requests), 1))()
    keep = []
    for i, r in enumerate(requests):
        times = list(r.get("token_times") or [])
        arr, n = _doubles(times)
        keep.append(arr)
        first = r.get("first_token", times[0] if times else math.nan)
        end = r.get("end", times[-1] if times else math.nan)
        reqs[i] = _Request(r["start"], first, end, arr if n else None, n,
                           r.get("input_tokens", 0), r.get("output_tokens", 0),
                           r.get("cached_tokens", 0), 1 if r.get("success", True) else 0)
    opts = _ServeOptions()
    opts.duration_s = duration_s
    opts.n_percentiles = len(percentiles)
    for i, p in enumerate(percentiles):
        opts.percentiles[i] = p
    slo = slo or {}
    opts.slo = _Slo(slo.get("ttft", 0.0), slo.get("tpot", 0.0), slo.get("e2el", 0.0))
    opts.mode = {"exact": 0, "sketch": 1}[mode]
    opts.sketch = _SketchOptions(0.01, 2048)
    out = _Summary()
    check(_summarize(reqs, len(requests), ctypes.byref(opts), ctypes.byref(out), None),
          "summarize")
    res = {k: getattr(out, k) for k in ("completed", "failed", "total_input", "total_output",
                                         "duration_s", "request_throughput", "request_goodput",
                                         "output_throughput", "total_token_throughput")}
    for name, st in (("ttft", out.ttft), ("tpot", out.tpot), ("itl", out.itl), ("e2el", out.e2e)):
        res[f"mean_{name}_ms"] = st.mean_ms
        res[f"median_{name}_ms"] = st.median_ms
        res[f"std_{name}_ms"] = st.std_ms
        for i, p in enumerate(percentiles):
            res[f"p{p:g}_{name}_ms"] = st.percentiles_ms[i]
    return res


# ---- prompt keys, SLO, memory -------------------------------------------------------------

class _Key(ctypes.Structure):
    _fields_ = [("lo", ctypes.c_uint64), ("hi", ctypes.c_uint64)]


class _Str(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_char_p), ("len", ctypes.c_size_t)]


_prompt_key = fn("llmm_serve_prompt_key", ctypes.c_int, ctypes.POINTER(_Str), ctypes.c_size_t,
                 ctypes.c_uint, ctypes.POINTER(_Key))
_key_hex = fn("llmm_key128_hex", ctypes.c_int, ctypes.POINTER(_Key), ctypes.c_char_p)


def prompt_key(parts, normalize_ws=False):
    """XXH3-128 content key of a prompt given as a sequence of str parts (hex string)."""
    enc = [p.encode("utf-8") for p in parts]
    arr = (_Str * max(len(enc), 1))(*[_Str(e, len(e)) for e in enc])
    key = _Key()
    check(_prompt_key(arr, len(enc), 1 if normalize_ws else 0, ctypes.byref(key)), "prompt_key")
    buf = ctypes.create_string_buffer(33)
    check(_key_hex(ctypes.byref(key), buf))
    return buf.value.decode("ascii")


class _Budget(ctypes.Structure):
    _fields_ = [("error_rate", ctypes.c_double), ("allowed_bad", ctypes.c_double),
                ("consumed", ctypes.c_double), ("remaining", ctypes.c_double),
                ("burn_rate", ctypes.c_double)]


class _Alert(ctypes.Structure):
    _fields_ = [("long_burn", ctypes.c_double), ("short_burn", ctypes.c_double),
                ("firing", ctypes.c_int)]


_budget = fn("llmm_slo_budget_get", ctypes.c_int, ctypes.c_double, ctypes.c_uint64,
             ctypes.c_uint64, ctypes.POINTER(_Budget))
_burn = fn("llmm_slo_burn_alert", ctypes.c_int, ctypes.c_double, ctypes.c_uint64,
           ctypes.c_uint64, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_double,
           ctypes.POINTER(_Alert))


def slo_budget(objective, good, valid):
    """Error budget of an SLO: dict of error_rate, allowed_bad, consumed, remaining,
    burn_rate."""
    b = _Budget()
    check(_budget(objective, good, valid, ctypes.byref(b)), "slo_budget")
    return {k: getattr(b, k) for k, _ in _Budget._fields_}


def burn_alert(objective, long_bad, long_valid, short_bad, short_valid, threshold):
    """One multi-window burn-rate rule: (long_burn, short_burn, firing)."""
    a = _Alert()
    check(_burn(objective, long_bad, long_valid, short_bad, short_valid, threshold,
                ctypes.byref(a)), "burn_alert")
    return a.long_burn, a.short_burn, bool(a.firing)


class _Model(ctypes.Structure):
    _fields_ = [("vocab_size", ctypes.c_uint64), ("hidden_size", ctypes.c_uint64),
                ("intermediate_size", ctypes.c_uint64), ("num_layers", ctypes.c_uint64),
                ("num_heads", ctypes.c_uint64), ("num_kv_heads", ctypes.c_uint64),
                ("head_dim", ctypes.c_uint64), ("tied_embeddings", ctypes.c_int),
                ("sliding_window", ctypes.c_uint64)]


class _Quant(ctypes.Structure):
    _fields_ = [("dtype", ctypes.c_int), ("group_size", ctypes.c_uint32),
                ("scale_bytes", ctypes.c_uint32), ("zero_bits", ctypes.c_uint32),
                ("unquantized_dtype", ctypes.c_int), ("quantize_embeddings", ctypes.c_int)]


check_size(_Model, "llmm_memory_model_size")
_DTYPES = {"fp32": 0, "bf16": 1, "fp16": 2, "fp8": 3, "int8": 4, "int4": 5}
_param_count = fn("llmm_memory_param_count", ctypes.c_int, ctypes.POINTER(_Model),
                  ctypes.POINTER(ctypes.c_uint64))
_weight_bytes = fn("llmm_memory_weight_bytes", ctypes.c_int, ctypes.POINTER(_Model),
                   ctypes.POINTER(_Quant), ctypes.POINTER(ctypes.c_uint64))
_kv_bytes = fn("llmm_memory_kv_bytes", ctypes.c_int, ctypes.POINTER(_Model), ctypes.c_int,
               ctypes.c_uint64, ctypes.c_uint64, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint64))


def _model(config):
    """A Hugging Face config.json dict (Llama/Mistral keys) as the C struct."""
    return _Model(config["vocab_size"], config["hidden_size"], config["intermediate_size"],
                  config["num_hidden_layers"], config["num_attention_heads"],
                  config.get("num_key_value_heads", config["num_attention_heads"]),
                  config.get("head_dim") or 0, 1 if config.get("tie_word_embeddings") else 0,
                  config.get("sliding_window") or 0)


def memory_param_count(config):
    out = ctypes.c_uint64()
    check(_param_count(ctypes.byref(_model(config)), ctypes.byref(out)), "memory_param_count")
    return out.value


def memory_weight_bytes(config, dtype="bf16", group_size=128, scale_bytes=2, zero_bits=0):
    q = _Quant(_DTYPES[dtype], group_size, scale_bytes, zero_bits, _DTYPES["bf16"], 0)
    out = ctypes.c_uint64()
    check(_weight_bytes(ctypes.byref(_model(config)), ctypes.byref(q), ctypes.byref(out)),
          "memory_weight_bytes")
    return out.value


def memory_kv_bytes(config, batch, context_len, dtype="fp16", block_size=16):
    out = ctypes.c_uint64()
    check(_kv_bytes(ctypes.byref(_model(config)), _DTYPES[dtype], batch, context_len,
                    block_size, ctypes.byref(out)), "memory_kv_bytes")
    return out.value
