/* memory.c - memory footprint of serving a Llama-family model: weights by storage type
 * (with group-wise scales for int8/int4) and the KV cache (paged-block rounding).
 * All arithmetic is in uint64 with overflow checks. */
#include "llmm_serve.h"
#include <string.h>

size_t llmm_memory_model_size(void) { return sizeof(llmm_memory_model); }

unsigned llmm_dtype_bits(int dtype)
{
    switch (dtype) {
    case LLMM_DTYPE_FP32: return 32;
    case LLMM_DTYPE_BF16:
    case LLMM_DTYPE_FP16: return 16;
    case LLMM_DTYPE_FP8:
    case LLMM_DTYPE_INT8: return 8;
    case LLMM_DTYPE_INT4: return 4;
    case LLMM_DTYPE_FP64: return 64;
    default: return 0;
    }
}

void llmm_memory_quant_default(llmm_memory_quant *q)
{
    if (!q) return;
    q->dtype = LLMM_DTYPE_BF16;
    q->group_size = 128;
    q->scale_bytes = 2;
    q->zero_bits = 0;
    q->unquantized_dtype = LLMM_DTYPE_BF16;
    q->quantize_embeddings = 0;
}

/* a * b, a + b with overflow detection: return 0 on overflow. */
static int mul(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b && a > UINT64_MAX / b) return 0;
    *out = a * b;
    return 1;
}
static int add(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a > UINT64_MAX - b) return 0;
    *out = a + b;
    return 1;
}

static uint64_t head_dim_of(const llmm_memory_model *m)
{
    return m->head_dim ? m->head_dim : m->hidden_size / m->num_heads;
}

static int check_model(const llmm_memory_model *m)
{
    if (!m->vocab_size || !m->hidden_size || !m->intermediate_size || !m->num_layers ||
        !m->num_heads || !m->num_kv_heads)
        return LLMM_EINVAL;
    if (m->num_heads % m->num_kv_heads) return LLMM_EINVAL;
    if (!m->head_dim && m->hidden_size % m->num_heads) return LLMM_EINVAL;
    return LLMM_OK;
}

/* Element counts: linear-layer weights (quantizable), embeddings + lm_head, norms. */
static int counts(const llmm_memory_model *m, uint64_t *linear, uint64_t *embed, uint64_t *norms)
{
    uint64_t hd = head_dim_of(m), q, kv, attn, mlp, layer, t, e, nn;
    int rc;
    if ((rc = check_model(m))) return rc;
    /* q_proj: hidden x heads*hd; k_proj, v_proj: hidden x kv_heads*hd; o_proj: heads*hd x hidden */
    if (!mul(m->num_heads, hd, &q) || !mul(q, m->hidden_size, &q) ||
        !mul(m->num_kv_heads, hd, &kv) || !mul(kv, m->hidden_size, &kv) ||
        !mul(kv, 2, &t) || !add(q, t, &attn) || !add(attn, q, &attn) ||
        /* gate_proj, up_proj, down_proj: 3 x hidden x intermediate */
        !mul(m->hidden_size, m->intermediate_size, &mlp) || !mul(mlp, 3, &mlp) ||
        !add(attn, mlp, &layer) || !mul(layer, m->num_layers, linear) ||
        /* input_layernorm + post_attention_layernorm per layer, final norm */
        !mul(m->num_layers, 2, &nn) || !add(nn, 1, &nn) || !mul(m->hidden_size, nn, norms) ||
        !mul(m->vocab_size, m->hidden_size, &e) || !mul(e, m->tied_embeddings ? 1 : 2, embed))
        return LLMM_EOVERFLOW;
    return LLMM_OK;
}

int llmm_memory_param_count(const llmm_memory_model *m, uint64_t *out)
{
    uint64_t linear, embed, norms, t;
    int rc;
    if (!m || !out) return LLMM_ENULL;
    if ((rc = counts(m, &linear, &embed, &norms))) return rc;
    if (!add(linear, embed, &t) || !add(t, norms, out)) return LLMM_EOVERFLOW;
    return LLMM_OK;
}

/* ceil(a * bits / 8) */
static int bits_to_bytes(uint64_t n, unsigned bits, uint64_t *out)
{
    uint64_t b;
    if (!mul(n, bits, &b)) return 0;
    *out = b / 8 + (b % 8 != 0);
    return 1;
}

static int tensor_bytes(uint64_t n, int dtype, const llmm_memory_quant *q, uint64_t *out)
{
    unsigned bits = llmm_dtype_bits(dtype);
    uint64_t data, groups, meta;
    if (!bits) return LLMM_EINVAL;
    if (!bits_to_bytes(n, bits, &data)) return LLMM_EOVERFLOW;
    if ((dtype == LLMM_DTYPE_INT4 || dtype == LLMM_DTYPE_INT8) && q->group_size) {
        /* one scale (scale_bytes) and one zero point (zero_bits, packed) per group */
        groups = n / q->group_size + (n % q->group_size != 0);
        if (!mul(groups, q->scale_bytes, &meta) || !add(data, meta, &data) ||
            !bits_to_bytes(groups, q->zero_bits, &meta) || !add(data, meta, &data))
            return LLMM_EOVERFLOW;
    }
    *out = data;
    return LLMM_OK;
}

int llmm_memory_tensor_bytes(uint64_t n, const llmm_memory_quant *q, uint64_t *out)
{
    if (!q || !out) return LLMM_ENULL;
    if (q->zero_bits > 64) return LLMM_EINVAL;
    return tensor_bytes(n, q->dtype, q, out);
}

int llmm_memory_weight_bytes(const llmm_memory_model *m, const llmm_memory_quant *q, uint64_t *out)
{
    uint64_t linear, embed, norms, a, b, c, t;
    int rc;
    if (!m || !q || !out) return LLMM_ENULL;
    if (q->zero_bits > 64 || !llmm_dtype_bits(q->unquantized_dtype)) return LLMM_EINVAL;
    if ((rc = counts(m, &linear, &embed, &norms))) return rc;
    if ((rc = tensor_bytes(linear, q->dtype, q, &a))) return rc;
    /* Quantizers (GPTQ, AWQ, bitsandbytes) keep embeddings, lm_head and norms in 16 bit
     * unless asked otherwise. */
    if ((rc = tensor_bytes(embed, q->quantize_embeddings ? q->dtype : q->unquantized_dtype, q, &b)) ||
        (rc = tensor_bytes(norms, q->unquantized_dtype, q, &c)))
        return rc;
    if (!add(a, b, &t) || !add(t, c, out)) return LLMM_EOVERFLOW;
    return LLMM_OK;
}

int llmm_memory_kv_bytes_per_token(const llmm_memory_model *m, int kv_dtype, uint64_t *out)
{
    unsigned bits = llmm_dtype_bits(kv_dtype);
    uint64_t t;
    int rc;
    if (!m || !out) return LLMM_ENULL;
    if ((rc = check_model(m))) return rc;
    if (!bits) return LLMM_EINVAL;
    if (bits < 8) return LLMM_EUNSUPPORTED;
    /* K and V, per layer, per KV head, head_dim elements */
    if (!mul(2, m->num_layers, &t) || !mul(t, m->num_kv_heads, &t) || !mul(t, head_dim_of(m), &t) ||
        !mul(t, bits / 8, out))
        return LLMM_EOVERFLOW;
    return LLMM_OK;
}

int llmm_memory_kv_bytes(const llmm_memory_model *m, int kv_dtype, uint64_t batch,
                         uint64_t context_len, uint32_t block_size, uint64_t *out)
{
    uint64_t per_tok, tokens, t;
    int rc;
    if (!m || !out) return LLMM_ENULL;
    if ((rc = llmm_memory_kv_bytes_per_token(m, kv_dtype, &per_tok))) return rc;
    tokens = context_len;
    if (m->sliding_window && tokens > m->sliding_window) tokens = m->sliding_window;
    if (block_size > 1 && /* whole blocks per sequence */
        !mul(tokens / block_size + (tokens % block_size != 0), block_size, &tokens))
        return LLMM_EOVERFLOW;
    if (!mul(tokens, per_tok, &t) || !mul(t, batch, out)) return LLMM_EOVERFLOW;
    return LLMM_OK;
}
