"""Tests of the serving binding (llmmetrics.serve): DDSketch values from sketches-py
3.0.1, numpy 1.24.2 quantiles/means, vLLM's summary numbers, prompt keys, SLO and
memory (values as in tests/unit/test_sketch.c, test_serve.c, test_cost_memory.c)."""

import math
import unittest

import llmmetrics
from llmmetrics import DDSketch, serve


class TestDDSketch(unittest.TestCase):
    def test_sketches_py_values(self):
        s = DDSketch(0.01, max_bins=0)
        s.add_many([12.5, -3.0, 0.0, 7.25, 1000.0, 0.001, -250.0, 42.0, 42.0, 5e-324])
        got = [s.get_quantile_value(q) for q in (0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)]
        self.assertEqual(got, [-252.17778678948588, -252.17778678948588, 0.0,
                               0.0009974781146369917, 12.553937179918435,
                               41.682206632979195, 1002.4280085221619])
        self.assertEqual((s.count, s.zero_count, s.sum, s.min, s.max), (10, 2, 850.751, -250.0, 1000.0))

    def test_weights_merge_bytes(self):
        a, b, whole = DDSketch(0.02), DDSketch(0.02), DDSketch(0.02)
        a.add(3.0, 5)
        b.add(10.0, 2)
        b.add(0.25, 3)
        for v, w in ((3.0, 5), (10.0, 2), (0.25, 3)):
            whole.add(v, w)
        a.merge(b)
        self.assertEqual(a.to_bytes(), whole.to_bytes())
        self.assertEqual(a.get_quantile_value(0.5), 3.0040057916099467)
        c = DDSketch.from_bytes(a.to_bytes())
        self.assertEqual((c.count, c.relative_accuracy, c.max_bins), (10, 0.02, 2048))
        with self.assertRaises(llmmetrics.InvalidArgumentError):
            DDSketch.from_bytes(a.to_bytes()[:-1])

    def test_empty_and_errors(self):
        s = DDSketch()
        self.assertIsNone(s.get_quantile_value(0.5))
        self.assertIsNone(s.avg)
        self.assertEqual(s.sum, 0.0)
        with self.assertRaises(ValueError):
            s.add(math.nan)
        with self.assertRaises(ValueError):
            DDSketch(0.0)
        with self.assertRaises(ValueError):
            s.merge(DDSketch(0.02))


class TestExact(unittest.TestCase):
    y = [1.5, 2.5, 3.25, 10.0, 0.125, 7.0, 7.0, 100.0, 64.0]

    def test_quantiles(self):
        q = [0, 0.1, 0.333, 0.5, 0.9, 1]
        self.assertEqual(serve.quantile(self.y, q), [0.125, 1.225, 2.998, 7.0, 71.2, 100.0])
        self.assertEqual(serve.quantile(self.y, q, "inverted_cdf"), [0.125, 0.125, 2.5, 7.0, 100.0, 100.0])
        self.assertEqual(serve.quantile(self.y, 0.9, "lower"), 64.0)
        with self.assertRaises(ValueError):
            serve.quantile([], 0.5)

    def test_means(self):
        x = [((i * 7919 + 6) % 1000) / 100.0 + i * 0.001 for i in range(200)]
        self.assertEqual(serve.mean_numpy(x), 5.1145000000000005)
        self.assertEqual(serve.mean_fsum(x), 5.1145)
        self.assertEqual(serve.std_numpy(self.y), 33.45280672496372)
        self.assertTrue(math.isnan(serve.mean_numpy([])))


class TestServing(unittest.TestCase):
    def test_vllm_summary(self):
        reqs = [
            dict(start=0.0, token_times=[0.120, 0.150, 0.185, 0.215, 0.260], input_tokens=100, output_tokens=5),
            dict(start=0.05, token_times=[0.300, 0.340, 0.372], input_tokens=250, output_tokens=3),
            dict(start=0.10, token_times=[0.210], input_tokens=80, output_tokens=1),
            dict(start=0.20, input_tokens=40, success=False),
            dict(start=0.25, token_times=[0.410, 0.452, 0.493, 0.537, 0.580, 0.655, 0.700],
                 input_tokens=512, output_tokens=7),
            dict(start=0.30, token_times=[0.520, 0.560], input_tokens=64, output_tokens=2),
        ]
        r = serve.summarize(reqs, percentiles=(50, 90, 99), slo={"ttft": 200, "tpot": 40}, duration_s=0.7)
        self.assertEqual((r["completed"], r["failed"], r["total_input"], r["total_output"]), (5, 1, 1006, 18))
        self.assertEqual(r["request_goodput"], 2.857142857142857)
        self.assertEqual(r["mean_ttft_ms"], 172.0)
        self.assertEqual(r["p99_itl_ms"], 71.40000000000003)
        self.assertEqual(r["std_e2el_ms"], 109.87556598261509)
        self.assertEqual(r["median_tpot_ms"], 38.00000000000002)

    def test_prompt_key(self):
        parts = ["llama-3-8b", "You are helpful.", "Hello,\u00a0 world!\n"]
        self.assertEqual(serve.prompt_key(parts), "6c33a06960a8fe4a471a8e898affb222")
        self.assertEqual(serve.prompt_key(parts, normalize_ws=True),
                         serve.prompt_key(parts[:2] + ["Hello, world!"], normalize_ws=True))

    def test_slo(self):
        b = serve.slo_budget(0.99, 995, 1000)
        self.assertAlmostEqual(b["remaining"], 0.5, places=12)
        lb, sb, firing = serve.burn_alert(0.999, 30, 2000, 3, 200, 14.4)
        self.assertTrue(firing)
        self.assertAlmostEqual(lb, 15.0, places=9)

    def test_memory(self):
        llama3_8b = {"vocab_size": 128256, "hidden_size": 4096, "intermediate_size": 14336,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8}
        self.assertEqual(serve.memory_param_count(llama3_8b), 8030261248)
        self.assertEqual(serve.memory_weight_bytes(llama3_8b), 16060522496)
        self.assertEqual(serve.memory_kv_bytes(llama3_8b, 1, 8192), 1 << 30)


if __name__ == "__main__":
    unittest.main()
