"""logsumexp / log_softmax throughput: libllmmetrics (every SIMD path, through the Python
binding, one C call for the whole block) against scipy.special and torch (one thread) on the same
numpy array: 512 rows x 128,256 float32 logits (263 MB).

Run by `make bench` (LLMMETRICS_LIB and PYTHONPATH set); scipy and torch are optional
(Debian python3-scipy, python3-torch). GB/s count the logits read; the best of 3 runs.
"""

import os
import sys
import time

ROWS, VOCAB, RUNS = 512, 128256, 3


def best(fn):
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    try:
        import numpy as np
    except ImportError:
        print("compare_prob: numpy not installed, skipped")
        return
    from llmmetrics import prob

    rows, vocab = ROWS, VOCAB
    if len(sys.argv) > 1 and sys.argv[1] == "--quick":
        rows = 64
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((rows, vocab), dtype=np.float32) * 3.0).astype(np.float32)
    out = np.empty_like(x)
    gb = x.nbytes / 1e9
    results = {}

    def ours_lse(isa, fast):  # the whole [rows][vocab] block in one C call
        return lambda: prob.logsumexp(x, isa=isa, fast=fast)

    def ours_ls(isa, fast):
        return lambda: prob.log_softmax(x, out=out, isa=isa, fast=fast)

    for isa in prob.isa_names():
        for fast in ((False, True) if isa != "scalar" else (False,)):
            name = f"llmmetrics {isa}" + (" fast" if fast else "")
            results[name] = (best(ours_lse(isa, fast)), best(ours_ls(isa, fast)))
    ref_lse = np.asarray(prob.logsumexp(x))

    try:
        import scipy.special as sp
        got = sp.logsumexp(x, axis=1)
        assert np.allclose(got, ref_lse, rtol=1e-6)
        results["scipy.special"] = (best(lambda: sp.logsumexp(x, axis=1)),
                                    best(lambda: sp.log_softmax(x, axis=1)))
    except ImportError:
        print("compare_prob: scipy not installed")
    try:
        import torch
        torch.set_num_threads(1)
        t = torch.from_numpy(x)
        results["torch (1 thread)"] = (best(lambda: torch.logsumexp(t, dim=1)),
                                       best(lambda: torch.log_softmax(t, dim=1)))
    except ImportError:
        print("compare_prob: torch not installed")

    print(f"prob (Python, {rows} x {vocab} float32 = {gb * 1e3:.0f} MB, best of {RUNS}):")
    print(f"  {'implementation':24s} {'logsumexp GB/s':>15s} {'log_softmax GB/s':>17s}")
    for name, (t_lse, t_ls) in results.items():
        print(f"  {name:24s} {gb / t_lse:15.2f} {gb / t_ls:17.2f}")
    for kind, pick in (("float64 exp", lambda k: not k.endswith("fast")),
                       ("fast", lambda k: k.endswith("fast"))):
        ours = max(gb / v[0] for k, v in results.items() if k.startswith("llmmetrics") and pick(k))
        for ref in ("scipy.special", "torch (1 thread)"):
            if ref in results:
                print(f"  best llmmetrics ({kind}) logsumexp / {ref}: "
                      f"{ours / (gb / results[ref][0]):.1f}x")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
