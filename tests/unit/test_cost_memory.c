/* test_cost_memory.c - cost from a price table, and memory footprints against published
 * numbers (docs/memory.md): parameter counts and bf16 checkpoint sizes of Llama-3-8B,
 * Llama-3-70B and Mistral-7B-v0.1 (Hugging Face config.json and
 * model.safetensors.index.json "total_size"), their KV cache per token, and NVIDIA's
 * Llama-2-7B KV-cache example (batch 1, 4096 tokens, fp16: ~2 GB). */
#include "test_util.h"

static llmm_memory_model model(uint64_t vocab, uint64_t hidden, uint64_t inter, uint64_t layers,
                               uint64_t heads, uint64_t kv)
{
    llmm_memory_model m;
    memset(&m, 0, sizeof m);
    m.vocab_size = vocab;
    m.hidden_size = hidden;
    m.intermediate_size = inter;
    m.num_layers = layers;
    m.num_heads = heads;
    m.num_kv_heads = kv;
    return m;
}

static void test_cost(void **state)
{
    llmm_cost_prices p;
    llmm_serve_usage u;
    llmm_cost_summary s;
    double usd;
    (void)state;
    p.input_per_mtok = 2.50;
    p.output_per_mtok = 10.00;
    p.cached_input_per_mtok = 1.25;
    p.fixed_per_hour = 0;
    /* 1000 input tokens of which 200 cached, 500 output */
    assert_int_equal(llmm_cost_query(&p, 1000, 200, 500, &usd), LLMM_OK);
    assert_true(usd == 0.00725);
    p.cached_input_per_mtok = -1; /* same as input */
    assert_int_equal(llmm_cost_query(&p, 1000, 200, 500, &usd), LLMM_OK);
    assert_true(usd == 0.0075);
    p.cached_input_per_mtok = 1.25;
    assert_int_equal(llmm_cost_query(&p, 100, 200, 0, &usd), LLMM_EINVAL);
    llmm_serve_usage_init(&u);
    u.requests = 10;
    u.successful = 8;
    u.input_tokens = 10000;
    u.cached_tokens = 2000;
    u.output_tokens = 5000;
    assert_int_equal(llmm_cost_summarize(&p, &u, 3600, &s), LLMM_OK);
    assert_true(s.total_usd == 0.0725);
    assert_true(s.per_query_usd == 0.0725 / 10);
    assert_true(s.per_1k_tokens_usd == 0.0725 / 15000 * 1000);
    assert_true(s.per_successful_usd == 0.0725 / 8);
    assert_true(s.tokens_per_s_per_usd_h == (15000.0 / 3600) / 0.0725);
    p.fixed_per_hour = 2.0; /* e.g. a GPU instance */
    assert_int_equal(llmm_cost_summarize(&p, &u, 1800, &s), LLMM_OK);
    assert_true(s.total_usd == 0.0725 + 1.0);
    p.output_per_mtok = NAN;
    assert_int_equal(llmm_cost_summarize(&p, &u, 1800, &s), LLMM_EDOMAIN);
    p.output_per_mtok = 10;
    u.requests = 0;
    u.successful = 0;
    assert_int_equal(llmm_cost_summarize(&p, &u, 1800, &s), LLMM_EEMPTY);
}

static void test_published_models(void **state)
{
    llmm_memory_model l8 = model(128256, 4096, 14336, 32, 32, 8);
    llmm_memory_model l70 = model(128256, 8192, 28672, 80, 64, 8);
    llmm_memory_model m7 = model(32000, 4096, 14336, 32, 32, 8);
    llmm_memory_model l2 = model(32000, 4096, 11008, 32, 32, 32);
    llmm_memory_quant q;
    uint64_t v;
    (void)state;
    llmm_memory_quant_default(&q);
    m7.sliding_window = 4096;
    /* parameters: 8.03B, 70.55B, 7.24B, 6.74B */
    assert_int_equal(llmm_memory_param_count(&l8, &v), LLMM_OK);
    assert_true(v == UINT64_C(8030261248));
    assert_int_equal(llmm_memory_param_count(&l70, &v), LLMM_OK);
    assert_true(v == UINT64_C(70553706496));
    assert_int_equal(llmm_memory_param_count(&m7, &v), LLMM_OK);
    assert_true(v == UINT64_C(7241732096));
    assert_int_equal(llmm_memory_param_count(&l2, &v), LLMM_OK);
    assert_true(v == UINT64_C(6738415616));
    /* bf16 checkpoints: safetensors index total_size */
    assert_int_equal(llmm_memory_weight_bytes(&l8, &q, &v), LLMM_OK);
    assert_true(v == UINT64_C(16060522496));
    assert_int_equal(llmm_memory_weight_bytes(&l70, &q, &v), LLMM_OK);
    assert_true(v == UINT64_C(141107412992));
    assert_int_equal(llmm_memory_weight_bytes(&m7, &q, &v), LLMM_OK);
    assert_true(v == UINT64_C(14483464192));
    /* KV cache per token in fp16: 128 KiB, 320 KiB, 128 KiB */
    assert_int_equal(llmm_memory_kv_bytes_per_token(&l8, LLMM_DTYPE_FP16, &v), LLMM_OK);
    assert_true(v == 131072);
    assert_int_equal(llmm_memory_kv_bytes_per_token(&l70, LLMM_DTYPE_BF16, &v), LLMM_OK);
    assert_true(v == 327680);
    assert_int_equal(llmm_memory_kv_bytes_per_token(&m7, LLMM_DTYPE_FP16, &v), LLMM_OK);
    assert_true(v == 131072);
    /* NVIDIA: Llama 2 7B, batch 1, 4096 tokens, fp16 -> 1*4096*2*32*4096*2 B = 2 GiB */
    assert_int_equal(llmm_memory_kv_bytes(&l2, LLMM_DTYPE_FP16, 1, 4096, 0, &v), LLMM_OK);
    assert_true(v == UINT64_C(2147483648));
    /* Llama-3-8B, 8192 tokens: 1 GiB per sequence; fp8 KV halves it */
    assert_int_equal(llmm_memory_kv_bytes(&l8, LLMM_DTYPE_FP16, 1, 8192, 16, &v), LLMM_OK);
    assert_true(v == UINT64_C(1073741824));
    assert_int_equal(llmm_memory_kv_bytes(&l8, LLMM_DTYPE_FP8, 1, 8192, 16, &v), LLMM_OK);
    assert_true(v == UINT64_C(536870912));
    /* paged rounding: 1000 tokens in blocks of 16 -> 63 blocks = 1008 tokens, batch 4 */
    assert_int_equal(llmm_memory_kv_bytes(&l8, LLMM_DTYPE_FP16, 4, 1000, 16, &v), LLMM_OK);
    assert_true(v == UINT64_C(4) * 1008 * 131072);
    /* Mistral's sliding window keeps 4096 tokens of a 32k context */
    assert_int_equal(llmm_memory_kv_bytes(&m7, LLMM_DTYPE_FP16, 2, 32768, 16, &v), LLMM_OK);
    assert_true(v == UINT64_C(1073741824));
    assert_int_equal(llmm_memory_kv_bytes_per_token(&l8, LLMM_DTYPE_INT4, &v), LLMM_EUNSUPPORTED);
}

static void test_quantized(void **state)
{
    llmm_memory_model l8 = model(128256, 4096, 14336, 32, 32, 8), bad;
    llmm_memory_quant q;
    uint64_t v;
    (void)state;
    llmm_memory_quant_default(&q);
    /* int4, groups of 128 with an fp16 scale (symmetric, as w4a16 / GPTQ sym):
     * linear 6,979,321,856 weights -> 3,489,660,928 B + 54,525,952 scales * 2 B;
     * embeddings + lm_head (1,050,673,152) and norms (266,240) stay bf16. */
    q.dtype = LLMM_DTYPE_INT4;
    assert_int_equal(llmm_memory_weight_bytes(&l8, &q, &v), LLMM_OK);
    assert_true(v == UINT64_C(3489660928) + UINT64_C(109051904) + UINT64_C(2101346304) + 532480);
    /* with 4-bit zero points (AWQ / GPTQ asym): + 54,525,952 / 2 bytes */
    q.zero_bits = 4;
    assert_int_equal(llmm_memory_weight_bytes(&l8, &q, &v), LLMM_OK);
    assert_true(v == UINT64_C(5700591616) + UINT64_C(27262976));
    /* single tensors */
    q.zero_bits = 0;
    q.group_size = 32;
    assert_int_equal(llmm_memory_tensor_bytes(100, &q, &v), LLMM_OK);
    assert_true(v == 50 + 4 * 2); /* 4 groups (last partial) */
    q.dtype = LLMM_DTYPE_FP32;
    assert_int_equal(llmm_memory_tensor_bytes(100, &q, &v), LLMM_OK);
    assert_true(v == 400);
    q.dtype = LLMM_DTYPE_INT8;
    q.group_size = 0; /* no scales counted */
    assert_int_equal(llmm_memory_tensor_bytes(100, &q, &v), LLMM_OK);
    assert_true(v == 100);
    q.dtype = 9;
    assert_int_equal(llmm_memory_tensor_bytes(100, &q, &v), LLMM_EINVAL);
    assert_int_equal(llmm_dtype_bits(LLMM_DTYPE_BF16), 16);
    /* bad models */
    bad = l8;
    bad.num_kv_heads = 5;
    assert_int_equal(llmm_memory_param_count(&bad, &v), LLMM_EINVAL);
    bad = l8;
    bad.vocab_size = UINT64_MAX / 2;
    assert_int_equal(llmm_memory_param_count(&bad, &v), LLMM_EOVERFLOW);
    assert_int_equal(llmm_memory_kv_bytes(&l8, LLMM_DTYPE_FP16, UINT64_MAX, 8192, 16, &v),
                     LLMM_EOVERFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost),
        cmocka_unit_test(test_published_models),
        cmocka_unit_test(test_quantized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
