"""Group fairness with fairlearn 0.15's names and keywords, and bias measures.

* ``demographic_parity_difference`` / ``_ratio``, ``equalized_odds_difference`` /
  ``_ratio`` (``agg="worst_case"`` or ``"mean"``), ``equal_opportunity_difference`` /
  ``_ratio``, all with ``method="between_groups"`` or ``"to_overall"`` and
  ``sample_weight``; ``disparate_impact_ratio`` and ``four_fifths_rule``.
* ``group_fairness(y_true, y_pred, sensitive_features, sample_weight=None)``: every
  disparity plus the MetricFrame table at once (the vectors' ``group_fairness`` keys).
* ``GroupFairnessStats``: per-group confusion statistics, mergeable and serializable.
* ``counterfactual_gap`` and ``stereotype_preference_rate`` with a seeded bootstrap CI.

Labels and predictions are 0/1; sensitive features are any hashable, sortable values.
"""

import ctypes

from . import _lib
from ._arrays import F64, I32, I64, index_list, np, unique_sorted
from ._lib import InvalidArgumentError

__all__ = [
    "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
    "equalized_odds_ratio", "equal_opportunity_difference", "equal_opportunity_ratio",
    "disparate_impact_ratio", "four_fifths_rule", "group_fairness", "GroupFairnessStats",
    "counterfactual_gap", "stereotype_preference_rate",
]

_P = ctypes.POINTER
_c_int, _c_size, _d = ctypes.c_int, ctypes.c_size_t, ctypes.c_double


class _Group(ctypes.Structure):
    _fields_ = [("count", ctypes.c_uint64), ("weight", _d), ("selection_rate", _d),
                ("tpr", _d), ("fpr", _d), ("accuracy", _d), ("tn", _d), ("fp", _d),
                ("fn", _d), ("tp", _d)]


class _Disparity(ctypes.Structure):
    _fields_ = [("difference", _d), ("ratio", _d), ("difference_to_overall", _d),
                ("ratio_to_overall", _d)]


class _Result(ctypes.Structure):
    _fields_ = [("demographic_parity", _Disparity), ("equal_opportunity", _Disparity),
                ("fpr_parity", _Disparity), ("equalized_odds_worst", _Disparity),
                ("equalized_odds_mean", _Disparity), ("disparate_impact_ratio", _d),
                ("four_fifths_pass", _c_int), ("n_groups", ctypes.c_uint32)]


class _BiasOptions(ctypes.Structure):
    _fields_ = [("n_resamples", ctypes.c_uint32), ("confidence", _d), ("seed", ctypes.c_uint64)]


class _GapResult(ctypes.Structure):
    _fields_ = [("mean_gap", _d), ("max_gap", _d), ("ci_low", _d), ("ci_high", _d),
                ("n", ctypes.c_uint64)]


class _StereoResult(ctypes.Structure):
    _fields_ = [("rate", _d), ("n_preferred", ctypes.c_uint64), ("n_ties", ctypes.c_uint64),
                ("ci_low", _d), ("ci_high", _d), ("n", ctypes.c_uint64)]


_lib.check_size(_Group, "llmm_fair_group_size")
_lib.check_size(_Result, "llmm_fair_result_size")
_lib.check_size(_BiasOptions, "llmm_bias_options_size")
_lib.check_size(_GapResult, "llmm_bias_gap_result_size")
_lib.check_size(_StereoResult, "llmm_bias_stereotype_result_size")

_fn = _lib.fn
_create = _fn("llmm_fair_create", _c_int, _P(ctypes.c_void_p), ctypes.c_void_p)
_free = _fn("llmm_fair_free", None, ctypes.c_void_p)
_update = _fn("llmm_fair_update", _c_int, ctypes.c_void_p, _P(ctypes.c_int32),
              _P(ctypes.c_int32), _P(ctypes.c_int32), _P(_d), _c_size, _P(_c_size))
_MAX_GROUPS = _fn("llmm_fair_max_groups", ctypes.c_uint32)()
_update_i64 = _fn("llmm_fair_update_i64", _c_int, ctypes.c_void_p, _P(ctypes.c_int64),
                  _P(ctypes.c_int64), _P(ctypes.c_int64), _P(_d), _c_size, _P(_c_size))
_merge = _fn("llmm_fair_merge", _c_int, ctypes.c_void_p, ctypes.c_void_p)
_n_ids = _fn("llmm_fair_n_group_ids", ctypes.c_uint32, ctypes.c_void_p)
_group = _fn("llmm_fair_group_get", _c_int, ctypes.c_void_p, ctypes.c_uint32, _P(_Group))
_overall = _fn("llmm_fair_overall", _c_int, ctypes.c_void_p, _P(_Group))
_result = _fn("llmm_fair_result_get", _c_int, ctypes.c_void_p, _P(_Result))
_ser_size = _fn("llmm_fair_serialized_size", _c_size, ctypes.c_void_p)
_ser = _fn("llmm_fair_serialize", _c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size, _P(_c_size))
_deser = _fn("llmm_fair_deserialize", _c_int, _P(ctypes.c_void_p), ctypes.c_char_p, _c_size,
             ctypes.c_void_p)
_bias_defaults = _fn("llmm_bias_options_default", None, _P(_BiasOptions))
_gap = _fn("llmm_bias_counterfactual_gap", _c_int, _P(_d), _P(_d), _c_size, _P(_BiasOptions),
           _P(_GapResult), ctypes.c_void_p)
_stereo = _fn("llmm_bias_stereotype_rate", _c_int, _P(_d), _P(_d), _c_size, _P(_BiasOptions),
              _P(_StereoResult), ctypes.c_void_p)


def _row(g):
    return {"selection_rate": g.selection_rate, "tpr": g.tpr, "fpr": g.fpr,
            "accuracy": g.accuracy, "count": float(g.count)}


class GroupFairnessStats:
    """Per-group (integer id) confusion counts and exact weight sums; mergeable."""

    def __init__(self, _handle=None):
        self._h = ctypes.c_void_p()
        if _handle is not None:
            self._h = _handle
            return
        _lib.check(_create(ctypes.byref(self._h), None), "GroupFairnessStats")

    def __del__(self):
        if getattr(self, "_h", None):
            _free(self._h)
            self._h = None

    def update(self, y_true, y_pred, group_ids, sample_weight=None):
        """0/1 labels and predictions, integer group ids (0, 1, ...), optional weights."""
        cols = [I64.view(x) for x in (y_true, y_pred, group_ids)]
        wide = all(cols)  # numpy int64 columns: read by C in place
        if wide:
            t, p, g = cols
        else:
            t, p, g = I32(y_true, "y_true"), I32(y_pred, "y_pred"), I32(group_ids, "group_ids")
        if not t.size == p.size == g.size:
            raise InvalidArgumentError(f"lengths differ: y_true {t.size}, y_pred {p.size}, "
                                       f"sensitive_features {g.size}")
        w = None
        if sample_weight is not None:
            w = F64(sample_weight, "sample_weight", ndim=(1,))
            if w.size != t.size:
                raise InvalidArgumentError(f"sample_weight has {w.size} values, y_true {t.size}")
        bad = _c_size()
        status = (_update_i64 if wide else _update)(self._h, t.ptr, p.ptr, g.ptr,
                                                    w.ptr if w else None, t.size,
                                                    ctypes.byref(bad))
        _lib.check(status, f"sample {bad.value}")
        return self

    def merge(self, other):
        _lib.check(_merge(self._h, other._h), "merge")
        return self

    def by_group(self):
        """{group id: {selection_rate, tpr, fpr, accuracy, count}} for ids with samples."""
        out = {}
        g = _Group()
        for i in range(_n_ids(self._h)):
            _lib.check(_group(self._h, i, ctypes.byref(g)), "by_group")
            if g.count:
                out[i] = _row(g)
        return out

    def overall(self):
        g = _Group()
        _lib.check(_overall(self._h, ctypes.byref(g)), "overall")
        return _row(g)

    def result(self):
        r = _Result()
        status = _result(self._h, ctypes.byref(r))
        if status and _lib.status_name(status) == "LLMM_EEMPTY":
            raise InvalidArgumentError("Empty y_pred passed to selection_rate function.")
        _lib.check(status, "result")
        return r

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
        return cls(_handle=h)


def _stats(y_true, y_pred, sensitive_features, sample_weight):
    """(stats, groups): groups[i] is the feature value of group id i."""
    sf = sensitive_features
    if np is not None and isinstance(sf, np.ndarray) and sf.dtype.kind in "iu" and sf.size:
        # Integer features: id = value, or value - min when some value is not a valid id
        # (negative, or 65536 and up) but they span fewer than 65536 values; never a
        # sort. Ids that do not occur are empty groups, which no result counts.
        try:
            st = GroupFairnessStats().update(y_true, y_pred, sf, sample_weight)
            return st, range(_n_ids(st._h))
        except InvalidArgumentError:  # such an id, or a bad label (raised again below)
            pass
        lo, hi = int(sf.min()), int(sf.max())
        if hi - lo < _MAX_GROUPS:
            ids = np.subtract(sf, np.uint64(lo)).astype(np.int64) if sf.dtype == np.uint64 \
                else np.subtract(sf, lo, dtype=np.int64)
            st = GroupFairnessStats().update(y_true, y_pred, ids, sample_weight)
            return st, range(lo, hi + 1)
    groups = unique_sorted(sensitive_features)
    ids = index_list(sensitive_features, groups)
    st = GroupFairnessStats().update(y_true, y_pred, ids, sample_weight)
    return st, groups


def _method(method):
    if method not in ("between_groups", "to_overall"):
        raise InvalidArgumentError(f"Unrecognised method '{method}' in difference() call")
    return method == "to_overall"


def _agg(agg):
    if agg not in ("worst_case", "mean"):
        raise InvalidArgumentError(f"agg must be one of 'worst_case' or 'mean', got {agg}")
    return agg


def _pick(d, to_overall, ratio):
    if ratio:
        return d.ratio_to_overall if to_overall else d.ratio
    return d.difference_to_overall if to_overall else d.difference


def demographic_parity_difference(y_true, y_pred, *, sensitive_features,
                                  method="between_groups", sample_weight=None):
    """fairlearn.metrics.demographic_parity_difference"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return _pick(r.demographic_parity, _method(method), False)


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                             sample_weight=None):
    """fairlearn.metrics.demographic_parity_ratio"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return _pick(r.demographic_parity, _method(method), True)


def equalized_odds_difference(y_true, y_pred, *, sensitive_features, method="between_groups",
                              sample_weight=None, agg="worst_case"):
    """fairlearn.metrics.equalized_odds_difference"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    d = r.equalized_odds_worst if _agg(agg) == "worst_case" else r.equalized_odds_mean
    return _pick(d, _method(method), False)


def equalized_odds_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                         sample_weight=None, agg="worst_case"):
    """fairlearn.metrics.equalized_odds_ratio"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    d = r.equalized_odds_worst if _agg(agg) == "worst_case" else r.equalized_odds_mean
    return _pick(d, _method(method), True)


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features,
                                 method="between_groups", sample_weight=None):
    """fairlearn.metrics.equal_opportunity_difference"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return _pick(r.equal_opportunity, _method(method), False)


def equal_opportunity_ratio(y_true, y_pred, *, sensitive_features, method="between_groups",
                            sample_weight=None):
    """fairlearn.metrics.equal_opportunity_ratio"""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return _pick(r.equal_opportunity, _method(method), True)


def disparate_impact_ratio(y_true, y_pred, *, sensitive_features, sample_weight=None):
    """min over groups / max over groups of the selection rate."""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return r.disparate_impact_ratio


def four_fifths_rule(y_true, y_pred, *, sensitive_features, sample_weight=None):
    """True if the disparate-impact ratio is >= 0.8, False if below, None if undefined."""
    r = _stats(y_true, y_pred, sensitive_features, sample_weight)[0].result()
    return None if r.four_fifths_pass < 0 else bool(r.four_fifths_pass)


def group_fairness(y_true, y_pred, sensitive_features, sample_weight=None):
    """Every disparity and the MetricFrame table, keyed as the vectors' group_fairness."""
    st, groups = _stats(y_true, y_pred, sensitive_features, sample_weight)
    r = st.result()
    out = {}
    for name, d in (("demographic_parity", r.demographic_parity),
                    ("equal_opportunity", r.equal_opportunity)):
        out[f"{name}_difference_between_groups"] = d.difference
        out[f"{name}_ratio_between_groups"] = d.ratio
        out[f"{name}_difference_to_overall"] = d.difference_to_overall
        out[f"{name}_ratio_to_overall"] = d.ratio_to_overall
    for agg, d in (("worst_case", r.equalized_odds_worst), ("mean", r.equalized_odds_mean)):
        out[f"equalized_odds_difference_between_groups_{agg}"] = d.difference
        out[f"equalized_odds_ratio_between_groups_{agg}"] = d.ratio
        out[f"equalized_odds_difference_to_overall_{agg}"] = d.difference_to_overall
        out[f"equalized_odds_ratio_to_overall_{agg}"] = d.ratio_to_overall
    by_id = st.by_group()
    out["metric_frame"] = {"by_group": {groups[i]: row for i, row in by_id.items()},
                           "overall": st.overall()}
    out["disparate_impact_ratio"] = r.disparate_impact_ratio
    out["four_fifths_rule_pass"] = None if r.four_fifths_pass < 0 else bool(r.four_fifths_pass)
    return out


# ---- bias ---------------------------------------------------------------------------

def _bias_options(n_resamples, confidence, seed):
    o = _BiasOptions()
    _bias_defaults(ctypes.byref(o))
    o.n_resamples = int(n_resamples)
    o.confidence = float(confidence)
    o.seed = int(seed) & (2**64 - 1)
    return o


def _pairs(a, b, names):
    x, y = F64(a, names[0], ndim=(1,)), F64(b, names[1], ndim=(1,))
    if x.size != y.size:
        raise InvalidArgumentError(f"{names[0]} has {x.size} values, {names[1]} {y.size}")
    return x, y


def counterfactual_gap(scores_a, scores_b, *, n_resamples=1000, confidence=0.95, seed=0):
    """Mean and max |a - b| over attribute-swapped pairs, with a bootstrap CI of the mean:
    {"mean_gap", "max_gap", "ci": (low, high), "n"}."""
    x, y = _pairs(scores_a, scores_b, ("scores_a", "scores_b"))
    o = _bias_options(n_resamples, confidence, seed)
    r = _GapResult()
    _lib.check(_gap(x.ptr, y.ptr, x.size, ctypes.byref(o), ctypes.byref(r), None),
               "counterfactual_gap")
    return {"mean_gap": r.mean_gap, "max_gap": r.max_gap, "ci": (r.ci_low, r.ci_high),
            "n": r.n}


def stereotype_preference_rate(ll_stereo, ll_anti, *, n_resamples=1000, confidence=0.95,
                               seed=0):
    """Share of pairs whose stereotyped sentence has the higher log-likelihood
    (CrowS-Pairs), with a bootstrap CI: {"rate", "n_preferred", "n_ties", "ci", "n"}."""
    x, y = _pairs(ll_stereo, ll_anti, ("ll_stereo", "ll_anti"))
    o = _bias_options(n_resamples, confidence, seed)
    r = _StereoResult()
    _lib.check(_stereo(x.ptr, y.ptr, x.size, ctypes.byref(o), ctypes.byref(r), None),
               "stereotype_preference_rate")
    return {"rate": r.rate, "n_preferred": r.n_preferred, "n_ties": r.n_ties,
            "ci": (r.ci_low, r.ci_high), "n": r.n}
