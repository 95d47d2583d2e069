"""compare_calib.py - binned ECE (15 bins) and per-group confusion counts over 10 million
predictions: llmmetrics from Python against the numpy formulation (and scikit-learn's
confusion_matrix per group when installed), in M predictions/s, with the ratios; then
the sample_weight functions against scikit-learn over 1 million predictions.

Run by `make bench` after the C benchmark. Needs numpy; LLMMETRICS_LIB / PYTHONPATH as set
by the Makefile. Best of a few runs; a benchmark, not a test.
"""

import sys
import time

import llmmetrics

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None

N = 10_000_000


def best_time(fn, runs=3):
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def numpy_ece(p, y, n_bins=15):
    """torchmetrics' binning in numpy: bins [lo, hi) plus the extra bin for 1.0."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.searchsorted(edges, p, side="right") - 1
    count = np.bincount(idx, minlength=n_bins + 1).astype(np.float64)
    conf = np.bincount(idx, weights=p, minlength=n_bins + 1)
    acc = np.bincount(idx, weights=y, minlength=n_bins + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        conf = np.nan_to_num(conf / count)
        acc = np.nan_to_num(acc / count)
    return float(np.sum(np.abs(acc - conf) * count / count.sum()))


def numpy_group_counts(y, yp, g, n_groups=5):
    cells = np.bincount(g * 4 + y * 2 + yp, minlength=n_groups * 4).reshape(n_groups, 4)
    sel = (cells[:, 1] + cells[:, 3]) / cells.sum(axis=1)
    return float(sel.max() - sel.min())


def report(label, seconds, extra=""):
    print(f"  {label:<48} {seconds * 1e3:9.1f} ms {N / seconds / 1e6:9.1f} M pred/s {extra}")


def main():
    if np is None:
        print("compare_calib: numpy not installed, skipped")
        return 0
    rng = np.random.default_rng(0)
    p = rng.integers(0, 1 << 24, N) / float(1 << 24)
    y = rng.integers(0, 2, N).astype(np.int32)
    yp = (p >= 0.5).astype(np.int32)
    g = rng.integers(0, 5, N).astype(np.int32)
    print(f"calibration / fairness from Python: {N:,} predictions")
    t_np, v_np = best_time(lambda: numpy_ece(p, y))
    report("numpy ECE (15 bins, bincount)", t_np, f"l1 {v_np:.6f}")
    t_ll, v_ll = best_time(lambda: llmmetrics.binary_calibration_error(p, y, n_bins=15), 5)
    report("llmmetrics.binary_calibration_error", t_ll, f"l1 {v_ll:.6f}  {t_np / t_ll:.1f}x numpy")
    y64 = y.astype(np.int64)
    t_ll, v_ll = best_time(lambda: llmmetrics.binary_calibration_error(p, y64, n_bins=15), 5)
    report("  the same, int64 targets (numpy's default)", t_ll,
           f"l1 {v_ll:.6f}  {t_np / t_ll:.1f}x numpy")
    t_np, v_np = best_time(lambda: numpy_group_counts(y, yp, g))
    report("numpy per-group confusion counts (bincount)", t_np, f"DP diff {v_np:.6f}")
    t_ll, v_ll = best_time(lambda: llmmetrics.GroupFairnessStats().update(y, yp, g).result()
                           .demographic_parity.difference)
    report("llmmetrics.GroupFairnessStats", t_ll, f"DP diff {v_ll:.6f}  {t_np / t_ll:.1f}x numpy")
    yp64, g64 = yp.astype(np.int64), g.astype(np.int64)
    t_np64, _ = best_time(lambda: numpy_group_counts(y64, yp64, g64))
    t_ll, v_ll = best_time(lambda: llmmetrics.demographic_parity_difference(
        y64, yp64, sensitive_features=g64))
    report("  int64 columns, numpy (bincount)", t_np64)
    report("  int64, llmmetrics demographic_parity_diff.", t_ll,
           f"DP diff {v_ll:.6f}  {t_np64 / t_ll:.1f}x numpy")
    try:
        from sklearn.metrics import confusion_matrix
    except ImportError:
        return 0
    t_sk, _ = best_time(lambda: [confusion_matrix(y[g == k], yp[g == k]) for k in range(5)], 1)
    report("sklearn confusion_matrix per group", t_sk, f"{t_sk / t_ll:.1f}x slower than llmmetrics")
    weighted(p[:N_W], y[:N_W], yp[:N_W], rng.random(N_W))
    return 0


N_W = 1_000_000


def weighted(p, y, yp, w):
    """sample_weight: llmmetrics against scikit-learn, same inputs."""
    import sklearn.metrics as skm
    print(f"sample_weight from Python: {N_W:,} predictions")
    pairs = [("brier_score_loss", lambda m: m.brier_score_loss(y, p, sample_weight=w)),
             ("log_loss", lambda m: m.log_loss(y, p, sample_weight=w)),
             ("accuracy_score", lambda m: m.accuracy_score(y, yp, sample_weight=w)),
             ("confusion_matrix", lambda m: m.confusion_matrix(y, yp, sample_weight=w)),
             ("f1_score macro", lambda m: m.f1_score(y, yp, average="macro", sample_weight=w))]
    for name, fn in pairs:
        t_sk, _ = best_time(lambda: fn(skm), 1)
        t_ll, _ = best_time(lambda: fn(llmmetrics), 3)
        print(f"  {name:<24} sklearn {t_sk * 1e3:8.1f} ms  llmmetrics {t_ll * 1e3:8.1f} ms "
              f"{N_W / t_ll / 1e6:8.1f} M pred/s  {t_sk / t_ll:5.1f}x sklearn")


if __name__ == "__main__":
    sys.exit(main())
