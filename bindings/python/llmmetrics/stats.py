"""Agreement, correlation, ranking and embedding-similarity metrics (libllmmetrics'
llmm_agree.h, llmm_corr.h, llmm_rank.h, llmm_semantic.h) with the call shapes of the
references they reproduce:

* ``cohen_kappa_score`` (scikit-learn 1.2.1), ``fleiss_kappa`` / ``aggregate_raters``
  (statsmodels 0.13.5), ``krippendorff_alpha`` (fast-krippendorff ``alpha``);
* ``pearsonr``, ``spearmanr``, ``kendalltau`` (scipy 1.10.1), returning
  ``CorrelationResult(statistic, pvalue)``;
* ``ndcg_score`` (scikit-learn 1.2.1) and ``ranking_metrics`` (MRR, MAP, P@k, R@k,
  hit@k, NDCG in one pass);
* ``bertscore_greedy`` (bert_score 0.3.12 ``greedy_cos_idf``) and
  ``earth_movers_distance`` (the exact transport LP).

Inputs are sequences of numbers (nested for matrices) or numpy arrays. Where the
reference raises, an ``llmmetrics.Error`` (a ``ValueError`` subclass for bad input) is
raised; where it returns NaN, so do these functions.
"""

import array
import ctypes
import math
from collections import namedtuple

from ._lib import check, check_size, fn, status_name

__all__ = [
    "cohen_kappa_score", "fleiss_kappa", "aggregate_raters", "krippendorff_alpha",
    "CorrelationResult", "pearsonr", "spearmanr", "kendalltau",
    "ndcg_score", "ranking_metrics", "BERTScoreResult", "bertscore_greedy",
    "earth_movers_distance",
]

_P = ctypes.POINTER
_d, _i64, _u32, _u64, _sz = (ctypes.c_double, ctypes.c_int64, ctypes.c_uint32, ctypes.c_uint64,
                             ctypes.c_size_t)
_vp = ctypes.c_void_p


# ---- input conversion -----------------------------------------------------------------

def _rows(x, what):
    """A matrix (sequence of equal-length sequences, or 2-D array) -> (flat list, rows, cols)."""
    if hasattr(x, "tolist"):
        x = x.tolist()
    rows = [list(r) for r in x]
    cols = len(rows[0]) if rows else 0
    for i, r in enumerate(rows):
        if len(r) != cols:
            raise ValueError(f"{what}: row {i} has {len(r)} values, expected {cols}")
    return [v for r in rows for v in r], len(rows), cols


def _vec(x):
    if hasattr(x, "tolist"):
        x = x.tolist()
    return list(x)


def _f64(values):
    a = array.array("d", [float(v) for v in values])
    return a, (ctypes.cast(a.buffer_info()[0], _P(_d)) if len(a) else None)


def _i64s(values):
    a = array.array("q", [int(v) for v in values])
    return a, (ctypes.cast(a.buffer_info()[0], _P(_i64)) if len(a) else None)


# ---- agreement --------------------------------------------------------------------------

class _CohenOptions(ctypes.Structure):
    _fields_ = [("weights", ctypes.c_int), ("labels", _P(_i64)), ("n_labels", _sz)]


class _KrippOptions(ctypes.Structure):
    _fields_ = [("level", ctypes.c_int), ("value_domain", _P(_d)), ("n_values", _sz)]


check_size(_CohenOptions, "llmm_cohen_options_size")
check_size(_KrippOptions, "llmm_kripp_options_size")

_cohen = fn("llmm_cohen_kappa", ctypes.c_int, _P(_i64), _P(_i64), _sz, _P(_CohenOptions),
            _P(_d), _vp)
_fleiss_create = fn("llmm_fleiss_create", ctypes.c_int, _P(_vp), _u32, _vp)
_fleiss_free = fn("llmm_fleiss_free", None, _vp)
_fleiss_add_counts = fn("llmm_fleiss_add_counts", ctypes.c_int, _vp, _P(_u64), _sz)
_fleiss_kappa = fn("llmm_fleiss_kappa", ctypes.c_int, _vp, ctypes.c_int, _P(_d))
_kripp = fn("llmm_krippendorff_alpha", ctypes.c_int, _P(_d), _sz, _sz, _P(_KrippOptions),
            _P(_d), _vp)

_WEIGHTS = {None: 0, "linear": 1, "quadratic": 2}
_LEVELS = {"nominal": 0, "ordinal": 1, "interval": 2, "ratio": 3}


def cohen_kappa_score(y1, y2, *, labels=None, weights=None):
    """Cohen's kappa as sklearn.metrics.cohen_kappa_score (weights None/'linear'/
    'quadratic' over positions in the sorted label list or in ``labels``)."""
    if weights not in _WEIGHTS:
        raise ValueError("Unknown kappa weighting type.")
    y1, y2 = _vec(y1), _vec(y2)
    if len(y1) != len(y2):
        raise ValueError(f"Found input variables with inconsistent numbers of samples: "
                         f"[{len(y1)}, {len(y2)}]")
    # Labels of any sortable type -> int64 codes in sorted order (sklearn sorts them).
    values = sorted(set(y1) | set(y2) | set(labels or ()))
    code = {v: i for i, v in enumerate(values)}
    a, pa = _i64s(code[v] for v in y1)
    b, pb = _i64s(code[v] for v in y2)
    opts = _CohenOptions(_WEIGHTS[weights], None, 0)
    if labels is not None:
        lab, pl = _i64s(code[v] for v in labels)
        opts.labels, opts.n_labels = pl, len(lab)
        if not len(lab):
            raise ValueError("'labels' should contains at least one label.")
    out = _d()
    check(_cohen(pa, pb, len(a), ctypes.byref(opts), ctypes.byref(out), None), "cohen_kappa_score")
    return out.value


def aggregate_raters(data):
    """statsmodels aggregate_raters: (subjects x categories counts, sorted categories)."""
    flat, n, r = _rows(data, "data")
    cats = sorted(set(flat))
    index = {v: j for j, v in enumerate(cats)}
    table = []
    for s in range(n):
        row = [0] * len(cats)
        for v in flat[s * r:(s + 1) * r]:
            row[index[v]] += 1
        table.append(row)
    return table, cats


def fleiss_kappa(table, method="fleiss"):
    """Fleiss' kappa of a subjects x categories count table (statsmodels 0.13.5);
    method 'fleiss' or 'randolph' ('rand...'/'unif...' as statsmodels accepts)."""
    if method == "fleiss":
        m = 0
    elif method.startswith("rand") or method.startswith("unif"):
        m = 1
    else:
        raise ValueError(f"unknown method {method!r}")
    flat, n, k = _rows(table, "table")
    if n == 0 or k == 0:
        raise ValueError("empty table")
    counts = (_u64 * len(flat))(*[int(v) for v in flat])
    h = _vp()
    check(_fleiss_create(ctypes.byref(h), k, None), "fleiss_kappa")
    try:
        check(_fleiss_add_counts(h, counts, n), "fleiss_kappa")
        out = _d()
        check(_fleiss_kappa(h, m, ctypes.byref(out)), "fleiss_kappa")
        return out.value
    finally:
        _fleiss_free(h)


def krippendorff_alpha(reliability_data, level_of_measurement="interval", value_domain=None):
    """Krippendorff's alpha of raters x units data (None or NaN = missing), as
    fast-krippendorff ``alpha``."""
    if level_of_measurement not in _LEVELS:
        raise ValueError(f"unknown level_of_measurement {level_of_measurement!r}")
    flat, r, u = _rows(reliability_data, "reliability_data")
    data, pd = _f64(math.nan if v is None else v for v in flat)
    opts = _KrippOptions(_LEVELS[level_of_measurement], None, 0)
    if value_domain is not None:
        dom, pdom = _f64(_vec(value_domain))
        opts.value_domain, opts.n_values = pdom, len(dom)
    out = _d()
    check(_kripp(pd, r, u, ctypes.byref(opts), ctypes.byref(out), None), "krippendorff_alpha")
    return out.value


# ---- correlation --------------------------------------------------------------------------

class _CorrOptions(ctypes.Structure):
    _fields_ = [("alternative", ctypes.c_int), ("kendall_variant", ctypes.c_int),
                ("kendall_method", ctypes.c_int)]


class _CorrResult(ctypes.Structure):
    _fields_ = [("statistic", _d), ("pvalue", _d)]


check_size(_CorrOptions, "llmm_corr_options_size")
check_size(_CorrResult, "llmm_corr_result_size")

CorrelationResult = namedtuple("CorrelationResult", ["statistic", "pvalue"])

_pearson = fn("llmm_pearsonr", ctypes.c_int, _P(_d), _P(_d), _sz, _P(_CorrOptions),
              _P(_CorrResult))
_spearman = fn("llmm_spearmanr", ctypes.c_int, _P(_d), _P(_d), _sz, _P(_CorrOptions),
               _P(_CorrResult), _vp)
_kendall = fn("llmm_kendalltau", ctypes.c_int, _P(_d), _P(_d), _sz, _P(_CorrOptions),
              _P(_CorrResult), _vp)

_ALTERNATIVES = {"two-sided": 0, "less": 1, "greater": 2}
_METHODS = {"auto": 0, "exact": 1, "asymptotic": 2}


def _corr(cfn, x, y, opts, nan_for_short, what):
    x, y = _vec(x), _vec(y)
    if len(x) != len(y):
        raise ValueError(f"{what}: x and y must have the same length.")
    a, pa = _f64(x)
    b, pb = _f64(y)
    res = _CorrResult()
    args = [pa, pb, len(a), ctypes.byref(opts), ctypes.byref(res)]
    if cfn is not _pearson:
        args.append(None)
    status = cfn(*args)
    if status and nan_for_short and len(a) < 2 and status_name(status) in ("LLMM_EEMPTY",
                                                                               "LLMM_EDOMAIN"):
        status = 0  # scipy returns NaN here; the result is NaN
    check(status, what)
    return CorrelationResult(res.statistic, res.pvalue)


def _alt(alternative):
    if alternative not in _ALTERNATIVES:
        raise ValueError("alternative must be 'less', 'greater' or 'two-sided'")
    return _ALTERNATIVES[alternative]


def pearsonr(x, y, *, alternative="two-sided"):
    """Pearson's r with its exact p-value (scipy.stats.pearsonr)."""
    return _corr(_pearson, x, y, _CorrOptions(_alt(alternative), 0, 0), False, "pearsonr")


def spearmanr(x, y, *, alternative="two-sided"):
    """Spearman's rho with its t-based p-value (scipy.stats.spearmanr, two 1-D inputs)."""
    return _corr(_spearman, x, y, _CorrOptions(_alt(alternative), 0, 0), True, "spearmanr")


def kendalltau(x, y, *, method="auto", variant="b", alternative="two-sided"):
    """Kendall's tau-b or tau-c with its p-value (scipy.stats.kendalltau)."""
    if method not in _METHODS:
        raise ValueError(f"Unknown method {method} specified.  Use 'auto', 'exact' or "
                         "'asymptotic'.")
    if variant not in ("b", "c"):
        raise ValueError(f"Unknown variant of the method chosen: {variant}. variant must be "
                         "'b' or 'c'.")
    opts = _CorrOptions(_alt(alternative), 0 if variant == "b" else 1, _METHODS[method])
    return _corr(_kendall, x, y, opts, True, "kendalltau")


# ---- ranking -----------------------------------------------------------------------------

class _RankQuery(ctypes.Structure):
    _fields_ = [("rr", _d), ("ap", _d), ("ndcg", _d), ("ndcg_ignore_ties", _d)]


class _RankCutoff(ctypes.Structure):
    _fields_ = [("k", _u32), ("precision", _d), ("recall", _d), ("hit", _d), ("ndcg", _d),
                ("ndcg_ignore_ties", _d)]


check_size(_RankQuery, "llmm_rank_query_result_size")
check_size(_RankCutoff, "llmm_rank_cutoff_size")
_MAX_CUTOFFS = fn("llmm_rank_max_cutoffs", _u32)()

_rank_create = fn("llmm_rank_create", ctypes.c_int, _P(_vp), _P(_u32), _sz, _vp)
_rank_free = fn("llmm_rank_free", None, _vp)
_rank_add = fn("llmm_rank_add_queries", ctypes.c_int, _vp, _P(_d), _P(_d), _sz, _sz)
_rank_mean = fn("llmm_rank_mean", ctypes.c_int, _vp, _P(_RankQuery), _P(_RankCutoff))
_rank_ndcg = fn("llmm_rank_mean_ndcg", ctypes.c_int, _vp, _u32, ctypes.c_int, _P(_d))
_rank_query = fn("llmm_rank_query", ctypes.c_int, _P(_d), _P(_d), _sz, _P(_u32), _sz,
                 _P(_RankQuery), _P(_RankCutoff), _vp)


def _rank_object(relevance, scores, ks):
    rel, nq, nd = _rows(relevance, "relevance")
    sc, nq2, nd2 = _rows(scores, "scores")
    if (nq, nd) != (nq2, nd2):
        raise ValueError("scores and relevance must have the same shape")
    if len(ks) > _MAX_CUTOFFS:
        raise ValueError(f"at most {_MAX_CUTOFFS} cutoffs")
    karr = (_u32 * max(len(ks), 1))(*ks)
    h = _vp()
    check(_rank_create(ctypes.byref(h), karr, len(ks), None), "ranking")
    try:
        r, pr = _f64(rel)
        s, ps = _f64(sc)
        check(_rank_add(h, ps, pr, nq, nd), "ranking")
    except BaseException:
        _rank_free(h)
        raise
    return h


def ndcg_score(y_true, y_score, *, k=None, ignore_ties=False):
    """sklearn.metrics.ndcg_score (queries x documents; linear gains; ties averaged
    unless ignore_ties). One document per query raises ValueError, as sklearn."""
    if k is not None and k < 1:
        raise ValueError("k must be >= 1")
    h = _rank_object(y_true, y_score, [k] if k else [])
    try:
        out = _d()
        check(_rank_ndcg(h, k or 0, int(bool(ignore_ties)), ctypes.byref(out)), "ndcg_score")
        return out.value
    finally:
        _rank_free(h)


def ranking_metrics(scores, relevance, k=(1, 3, 5, 10), per_query=False):
    """MRR, MAP, mean P@k / R@k / hit@k and NDCG (sklearn, at each k and without
    cutoff; NaN when a query has one document) over queries x documents inputs.
    Returns a dict; with per_query=True also "per_query": a list of dicts."""
    ks = [int(v) for v in k]
    h = _rank_object(relevance, scores, ks)
    try:
        mean = _RankQuery()
        at = (_RankCutoff * max(len(ks), 1))()
        check(_rank_mean(h, ctypes.byref(mean), at), "ranking_metrics")
    finally:
        _rank_free(h)
    out = {"MRR": mean.rr, "MAP": mean.ap, "ndcg": mean.ndcg,
           "ndcg_ignore_ties": mean.ndcg_ignore_ties}
    for i, kk in enumerate(ks):
        out[f"mean_p@{kk}"] = at[i].precision
        out[f"mean_r@{kk}"] = at[i].recall
        out[f"mean_hit@{kk}"] = at[i].hit
        out[f"ndcg@{kk}"] = at[i].ndcg
        out[f"ndcg_ignore_ties@{kk}"] = at[i].ndcg_ignore_ties
    if per_query:
        sc, nq, nd = _rows(scores, "scores")
        rel, _, _ = _rows(relevance, "relevance")
        karr = (_u32 * max(len(ks), 1))(*ks)
        rows = []
        for q in range(nq):
            s, ps = _f64(sc[q * nd:(q + 1) * nd])
            r, pr = _f64(rel[q * nd:(q + 1) * nd])
            res = _RankQuery()
            qa = (_RankCutoff * max(len(ks), 1))()
            check(_rank_query(ps, pr, nd, karr, len(ks), ctypes.byref(res), qa, None),
                  "ranking_metrics")
            row = {"rr": res.rr, "ap": res.ap, "ndcg": res.ndcg}
            for i, kk in enumerate(ks):
                row[f"p@{kk}"] = qa[i].precision
                row[f"r@{kk}"] = qa[i].recall
                row[f"hit@{kk}"] = qa[i].hit
            rows.append(row)
        out["per_query"] = rows
    return out


# ---- semantic ----------------------------------------------------------------------------

class _BertOptions(ctypes.Structure):
    _fields_ = [("rescale_with_baseline", ctypes.c_int), ("baseline", _d * 3),
                ("two_token_is_empty", ctypes.c_int)]


class _BertResult(ctypes.Structure):
    _fields_ = [("precision", _d), ("recall", _d), ("f1", _d)]


check_size(_BertOptions, "llmm_bertscore_options_size")
check_size(_BertResult, "llmm_bertscore_result_size")

_bert = fn("llmm_bertscore_greedy", ctypes.c_int, _P(_d), _sz, _P(_d), _sz, _sz, _P(_d),
           _P(_d), _P(_BertOptions), _P(_BertResult), _vp)
_emd = fn("llmm_emd", ctypes.c_int, _P(_d), _sz, _P(_d), _sz, _sz, _P(_d), _P(_d),
          ctypes.c_int, _P(_d), _vp)

BERTScoreResult = namedtuple("BERTScoreResult", ["P", "R", "F"])
_COSTS = {"euclidean": 0, "cosine": 1, "sqeuclidean": 2}


def bertscore_greedy(cand_embeddings, ref_embeddings, cand_idf=None, ref_idf=None, *,
                     baseline=None, two_token_is_empty=False):
    """BERTScore greedy matching of one candidate and one reference given their token
    embeddings (bert_score greedy_cos_idf; idf None = all weights 1; baseline = (bP, bR,
    bF) rescales as bert_score.score). Returns BERTScoreResult(P, R, F)."""
    c, nc, dc = _rows(cand_embeddings, "cand_embeddings")
    r, nr, dr = _rows(ref_embeddings, "ref_embeddings")
    if dc != dr:
        raise ValueError("candidate and reference embeddings have different dimensions")
    ca, pc = _f64(c)
    ra, pr = _f64(r)
    keep = []
    pci = pri = None
    if cand_idf is not None:
        a, pci = _f64(_vec(cand_idf))
        keep.append(a)
        if len(a) != nc:
            raise ValueError("cand_idf must have one weight per candidate token")
    if ref_idf is not None:
        a, pri = _f64(_vec(ref_idf))
        keep.append(a)
        if len(a) != nr:
            raise ValueError("ref_idf must have one weight per reference token")
    opts = _BertOptions(0, (_d * 3)(0, 0, 0), int(bool(two_token_is_empty)))
    if baseline is not None:
        b = [float(v) for v in baseline]
        if len(b) != 3:
            raise ValueError("baseline must be (b_P, b_R, b_F)")
        opts.rescale_with_baseline = 1
        opts.baseline = (_d * 3)(*b)
    res = _BertResult()
    check(_bert(pc, nc, pr, nr, dc, pci, pri, ctypes.byref(opts), ctypes.byref(res), None),
          "bertscore_greedy")
    return BERTScoreResult(res.precision, res.recall, res.f1)


def earth_movers_distance(X, Y, x_weights=None, y_weights=None, *, metric="euclidean"):
    """Exact earth mover's distance (transport LP, weights normalised to sum 1, None =
    uniform) between point sets X and Y under 'euclidean', 'sqeuclidean' or 'cosine'."""
    if metric not in _COSTS:
        raise ValueError(f"unknown metric {metric!r}")
    x, n, dx = _rows(X, "X")
    y, m, dy = _rows(Y, "Y")
    if dx != dy:
        raise ValueError("X and Y have different dimensions")
    xa, px = _f64(x)
    ya, py = _f64(y)
    keep = []
    pxw = pyw = None
    if x_weights is not None:
        a, pxw = _f64(_vec(x_weights))
        keep.append(a)
        if len(a) != n:
            raise ValueError("x_weights must have one weight per point of X")
    if y_weights is not None:
        a, pyw = _f64(_vec(y_weights))
        keep.append(a)
        if len(a) != m:
            raise ValueError("y_weights must have one weight per point of Y")
    out = _d()
    check(_emd(px, n, py, m, dx, pxw, pyw, _COSTS[metric], ctypes.byref(out), None),
          "earth_movers_distance")
    return out.value

