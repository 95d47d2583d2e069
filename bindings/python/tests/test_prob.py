"""llmmetrics.prob: values from vectors/logprob.jsonl (a few carried here; the whole file
when ../shared/vectors is present), statuses vs. strict=False numpy semantics, buffers
(numpy float32/float16/bfloat16 read in place), every SIMD path, mergeable statistics."""

import array
import json
import math
import os
import unittest

from llmmetrics import prob, InvalidArgumentError

try:
    import numpy as np
except ImportError:  # numpy is optional
    np = None

REL = 1e-9
N7 = [-2.515625, 0.375, -1.984375, 0.46875, 7.3125, 1.3125, 2.3125]
N7_LOG_SOFTMAX = [-9.83945963427437, -6.9488346342743705, -9.30820963427437,
                  -6.8550846342743705, -0.011334634274370536, -6.0113346342743705,
                  -5.0113346342743705]
VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                       "shared", "vectors", "logprob.jsonl")


def num(v):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, v) \
        if isinstance(v, str) else v


class Close:
    def close(self, got, expected, rel=REL, what=""):
        expected = num(expected)
        if isinstance(expected, float) and math.isnan(expected):
            self.assertTrue(math.isnan(got), f"{what}: expected NaN, got {got}")
        elif expected in (math.inf, -math.inf):
            self.assertEqual(got, expected, what)
        else:
            self.assertLessEqual(abs(got - expected), max(1e-12, rel * abs(expected)),
                                 f"{what}: {got!r} vs {expected!r}")


class TestKernels(unittest.TestCase, Close):
    def test_row_values(self):
        self.close(prob.logsumexp(N7), 7.3238346342743705)
        self.close(prob.entropy(N7), 0.07458862696187463)
        self.close(prob.entropy(N7, unit="bits"), 0.10760864222461336)
        self.close(prob.max_prob(N7), 0.9887293606780287)
        self.assertEqual(prob.argmax(N7), 4)
        for got, exp in zip(prob.log_softmax(N7), N7_LOG_SOFTMAX):
            self.close(got, exp)
        self.close(sum(prob.softmax(N7)), 1.0, 1e-15)
        self.close(prob.nll(N7, 4), 0.011334634274370536)
        self.assertEqual([i for i, _ in prob.topk(N7, 3)], [4, 6, 5])
        self.assertEqual(prob.argmax([1.0, 3.0, 3.0, -2.0]), 1)  # ties: first

    def test_statuses_and_reference_semantics(self):
        inf = math.inf
        with self.assertRaises(InvalidArgumentError) as cm:
            prob.logsumexp([0.0, math.nan, 1.0])
        self.assertEqual(cm.exception.status_name, "LLMM_ENONFINITE")
        with self.assertRaises(InvalidArgumentError) as cm:
            prob.logsumexp([-inf, -inf])
        self.assertEqual(cm.exception.status_name, "LLMM_EDOMAIN")
        with self.assertRaises(InvalidArgumentError) as cm:
            prob.logsumexp([])
        self.assertEqual(cm.exception.status_name, "LLMM_EEMPTY")
        # strict=False: scipy's values (vectors logits/empty, all_neg_inf, pos_inf, nan)
        self.assertEqual(prob.logsumexp([], strict=False), -inf)
        self.assertEqual(prob.logsumexp([-inf, -inf, -inf], strict=False), -inf)
        self.assertEqual(prob.logsumexp([0.0, inf, 1.0], strict=False), inf)
        self.assertTrue(math.isnan(prob.logsumexp([0.0, math.nan, 1.0], strict=False)))
        ls = prob.log_softmax([0.0, inf, 1.0], strict=False)
        self.assertEqual((ls[0], ls[2]), (-inf, -inf))
        self.assertTrue(math.isnan(ls[1]))
        self.assertEqual(prob.argmax([0.0, inf, 1.0], strict=False), 1)
        self.assertIsNone(prob.argmax([0.0, math.nan, 1.0], strict=False))
        # masked (-inf) logits are valid: probability 0, entropy with 0 log 0 = 0
        masked = [0.5, -inf, 1.5, -inf, -1.0]
        self.close(prob.logsumexp(masked), 1.871539031852683)
        self.close(prob.entropy(masked), 0.7667845440888864)
        with self.assertRaises(InvalidArgumentError):
            prob.nll(masked, 1)  # infinite NLL
        with self.assertRaises(InvalidArgumentError):
            prob.nll(masked, 5)  # out of range
        with self.assertRaises(ValueError):
            prob.logsumexp(N7, isa="neon")
        with self.assertRaises(TypeError):
            prob.logsumexp("abc")

    def test_every_isa(self):
        x = [math.sin(i) * 9 for i in range(1000)] + [-math.inf] * 5
        ref = prob.logsumexp(x, isa="scalar")
        for isa in prob.isa_names():
            self.close(prob.logsumexp(x, isa=isa), ref, 1e-14, isa)
            self.close(prob.entropy(x, isa=isa), prob.entropy(x, isa="scalar"), 1e-12, isa)
        self.assertIn(prob.simd_path(), prob.isa_names())

    def test_two_rows(self):
        self.close(prob.kl_divergence([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]), 1.1504207652088825)
        self.assertEqual(prob.kl_divergence(N7, N7), 0.0)
        self.assertFalse(prob.top_agree([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]))
        with self.assertRaises(InvalidArgumentError):
            prob.kl_divergence([1.0, 2.0], [-math.inf, 0.0])  # q = 0 where p > 0

    def test_array_module_buffers(self):
        f = array.array("f", N7)
        self.close(prob.logsumexp(f), 7.3238346342743705)
        out = array.array("f", bytes(4 * len(N7)))
        prob.log_softmax(f, out=out)
        self.close(out[4], N7_LOG_SOFTMAX[4], 1e-6)
        prob.log_softmax(f, out=f)  # in place
        self.assertEqual(list(f), list(out))


@unittest.skipIf(np is None, "numpy not installed")
class TestNumpy(unittest.TestCase, Close):
    def test_dtypes_in_place(self):
        x32 = np.array(N7, dtype=np.float32)
        x16 = x32.astype(np.float16)  # N7 is exact in float16
        bf16 = (x32.view(np.uint32) >> 16).astype(np.uint16)  # exact in bfloat16 too
        for x, dt in ((x32, None), (x16, None), (bf16, "bfloat16"), (x32.astype(np.float64), None)):
            self.close(prob.logsumexp(x, dtype=dt), 7.3238346342743705, 1e-14, str(x.dtype))
        ls = prob.log_softmax(x16)
        self.assertIsInstance(ls, np.ndarray)
        self.close(float(ls[4]), N7_LOG_SOFTMAX[4])
        # out= writes into the caller's array: the C code works on numpy's memory
        y = x32.copy()
        prob.log_softmax(y, out=y)
        self.assertAlmostEqual(float(y[4]), N7_LOG_SOFTMAX[4], places=6)
        ro = x32.copy()
        ro.setflags(write=False)  # read-only arrays are read in place too
        self.close(prob.logsumexp(ro), 7.3238346342743705)
        with self.assertRaises(ValueError):
            prob.logsumexp(np.zeros((4, 4), np.float32)[:, 1])  # not contiguous

    def test_2d(self):
        rng = np.random.default_rng(0)
        base = rng.standard_normal((30, 50)).astype(np.float32)
        test = base + 0.1 * rng.standard_normal((30, 50)).astype(np.float32)
        tg = rng.integers(0, 50, 30)
        r = prob.kl_divergence_batch(base, test, tg)
        self.assertEqual(r.n_tokens, 30)
        b64 = base.astype(np.float64)
        lse = np.log(np.exp(b64 - b64.max(1, keepdims=True)).sum(1)) + b64.max(1)
        t = prob.token_nll(base, tg)
        self.close(t.mean_nll, float(np.mean(lse - b64[np.arange(30), tg])), 1e-12)


class TestStatistics(unittest.TestCase, Close):
    LP10 = [-1.1446596627997176, -4.788707178548496, -0.47816743034629006,
            -0.23673552791491992, -1.5853424700980898, -0.01386522494857958,
            -1.0738324335974778, -0.4590581878067714, -0.4439756644923996,
            -0.27666802442875993]

    def test_sequence(self):
        r = prob.sequence_cross_entropy(self.LP10, 47)
        self.assertEqual(r.n_tokens, 10)
        self.close(r.cross_entropy_bits, 1.5149757655363276)
        self.close(r.perplexity, 2.8579402712549142)
        self.close(r.bits_per_byte, 0.3223352692630484)
        with self.assertRaises(InvalidArgumentError):
            prob.sequence_cross_entropy([-0.5, math.nan])
        r = prob.sequence_cross_entropy([-0.5, math.nan], 5, strict=False)
        self.assertTrue(math.isnan(r.perplexity))
        r = prob.sequence_cross_entropy([0.0] * 8, 32)
        self.assertEqual(math.copysign(1, r.cross_entropy_nats), 1.0)  # +0.0
        self.assertEqual(r.perplexity, 1.0)
        r = prob.sequence_cross_entropy([-1.0, -9.0, -2.0], mask=[1, 0, 1])
        self.assertEqual((r.n_tokens, r.nll_sum_nats), (2, 3.0))

    def test_cross_entropy_merge(self):
        parts = [self.LP10[:3], self.LP10[3:4], self.LP10[4:]]
        fwd, rev = prob.CrossEntropy(), prob.CrossEntropy()
        for p in parts:
            fwd.merge(prob.CrossEntropy().add_logprobs(p))
        for p in reversed(parts):
            rev.merge(prob.CrossEntropy().add_logprobs(p))
        self.assertEqual(fwd.to_bytes(), rev.to_bytes())
        back = prob.CrossEntropy.from_bytes(fwd.to_bytes()).add_bytes(47)
        self.close(back.result().bits_per_byte, 0.3223352692630484)
        with self.assertRaises(InvalidArgumentError):
            prob.CrossEntropy.from_bytes(b"LLMS" + bytes(20))

    def test_token_nll(self):
        r = prob.token_nll([[-0.609375, -1.4375, 0.65625, -2.6875, 3.671875]], [4])
        self.close(r.per_token_nll[0], 0.0682293879491227)
        self.close(r.perplexity, 1.0706108655445374)
        r = prob.token_nll([[0.0, 1.0], [1.0, 0.0]], [-100, -100], ignore_index=-100,
                           strict=False)
        self.assertEqual((r.per_token_nll, r.n_counted), ([None, None], 0))
        self.assertTrue(math.isnan(r.mean_nll))

    def test_kld(self):
        base, test, tg = [[2.0, 2.0, 0.0], [1.0, 0.0, 1.0]], [[2.0, 2.0, 0.0], [0.0, 0.0, 1.0]], [0, 2]
        r = prob.kl_divergence_batch(base, test, tg)
        self.close(r.mean_kld, 0.055884354062659125)
        self.close(r.p90_kld, 0.10059183731278643)
        self.close(r.rms_delta_p, 0.10875166990778456)
        self.close(r.ppl_q, 1.92520834837638)
        a, b = prob.KLDivergence(), prob.KLDivergence()
        a.add(base[:1], test[:1], tg[:1])
        b.add(base[1:], test[1:], tg[1:])
        a.merge(b)
        c = prob.KLDivergence.from_bytes(a.to_bytes())
        self.assertEqual(len(c), 2)
        self.close(c.result().kld_mean, 0.055884354062659125)
        self.close(c.quantile(0.95), 0.10618027271905234)


@unittest.skipUnless(os.path.exists(VECTORS), "vectors/logprob.jsonl not found")
class TestVectors(unittest.TestCase, Close):
    """Every float64 field of every logprob.jsonl case through the Python API."""

    def test_all_cases(self):
        with open(VECTORS, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f]
        for case in cases:
            e, inp, what = case["expected"], case["inputs"], case["id"]
            if case["metric"] == "sequence_cross_entropy":
                r = prob.sequence_cross_entropy([num(v) for v in inp["logprobs"]],
                                                inp["n_bytes"], strict=False)
                for k in ("nll_sum_nats", "cross_entropy_nats", "cross_entropy_bits",
                          "perplexity", "bits_per_byte"):
                    self.close(getattr(r, k), e[k], REL, f"{what} {k}")
            elif case["metric"] == "log_softmax":
                x = array.array("f", [num(v) for v in inp["logits"]])
                self.close(prob.logsumexp(x, strict=False), e["logsumexp_f64"], REL, what)
                self.close(prob.entropy(x, strict=False), e["entropy_nats_f64"], REL, what)
                if e["argmax_first"] is not None:
                    self.assertEqual(prob.argmax(x, strict=False), e["argmax_first"], what)
                ls = prob.log_softmax(x, strict=False)
                if "log_softmax_f64" in e:
                    for g, v in zip(ls, e["log_softmax_f64"]):
                        self.close(g, v, REL, what)
                else:
                    idx = case["options"]["sample_indices"]
                    for i, v in zip(idx, e["log_softmax_f64_at_indices"]):
                        self.close(ls[i], v, REL, f"{what}[{i}]")
            elif case["metric"] == "token_nll":
                r = prob.token_nll(inp["logits"], inp["targets"],
                                   case["options"]["ignore_index"], strict=False)
                self.assertEqual(r.n_counted, e["n_counted"])
                self.close(r.mean_nll, e["mean_nll_f64"], REL, what)
                self.close(r.perplexity, e["perplexity_f64"], REL, what)
            else:
                r = prob.kl_divergence_batch(inp["base_logits"], inp["test_logits"],
                                             inp["targets"])
                for k in ("mean_kld", "mean_kld_uncertainty_llamacpp", "median_kld", "min_kld",
                          "max_kld", "p90_kld", "p95_kld", "p99_kld", "p999_kld",
                          "same_top_rate", "ppl_q", "ppl_base", "mean_ln_ppl_ratio",
                          "rms_delta_p"):
                    self.close(getattr(r, k), e[k], REL, f"{what} {k}")
                for g, v in zip(r.per_token_kld, e["per_token_kld"]):
                    self.close(g, v, REL, what)


if __name__ == "__main__":
    unittest.main()
