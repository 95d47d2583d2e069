/* cost.c - serving cost from a per-token price table and token counts. */
#include "llmm_serve.h"
#include <math.h>

size_t llmm_cost_prices_size(void) { return sizeof(llmm_cost_prices); }

static int price_ok(double p) { return isfinite(p) && p >= 0; }

static int check_prices(const llmm_cost_prices *p)
{
    if (!price_ok(p->input_per_mtok) || !price_ok(p->output_per_mtok) ||
        !price_ok(p->fixed_per_hour) ||
        !(price_ok(p->cached_input_per_mtok) || p->cached_input_per_mtok < 0))
        return LLMM_EDOMAIN;
    if (isinf(p->cached_input_per_mtok)) return LLMM_EDOMAIN;
    return LLMM_OK;
}

static double cached_price(const llmm_cost_prices *p)
{
    return p->cached_input_per_mtok < 0 ? p->input_per_mtok : p->cached_input_per_mtok;
}

/* Token cost in USD; counts as doubles (exact below 2^53 tokens). */
static double token_cost(const llmm_cost_prices *p, uint64_t input, uint64_t cached, uint64_t output)
{
    return ((double)(input - cached) * p->input_per_mtok + (double)cached * cached_price(p) +
            (double)output * p->output_per_mtok) /
           1e6;
}

int llmm_cost_query(const llmm_cost_prices *p, uint64_t input_tokens, uint64_t cached_tokens,
                    uint64_t output_tokens, double *usd)
{
    int rc;
    if (!p || !usd) return LLMM_ENULL;
    if ((rc = check_prices(p))) return rc;
    if (cached_tokens > input_tokens) return LLMM_EINVAL;
    *usd = token_cost(p, input_tokens, cached_tokens, output_tokens);
    return LLMM_OK;
}

int llmm_cost_summarize(const llmm_cost_prices *p, const llmm_serve_usage *u, double duration_s,
                        llmm_cost_summary *out)
{
    double total, tokens;
    int rc;
    if (!p || !u || !out) return LLMM_ENULL;
    if ((rc = check_prices(p))) return rc;
    if (isnan(duration_s) || isinf(duration_s)) return LLMM_ENONFINITE;
    if (u->cached_tokens > u->input_tokens || u->successful > u->requests) return LLMM_EINVAL;
    if (!u->requests) return LLMM_EEMPTY;
    if (u->input_tokens > UINT64_MAX - u->output_tokens) return LLMM_EOVERFLOW;
    total = token_cost(p, u->input_tokens, u->cached_tokens, u->output_tokens);
    if (duration_s > 0) total += p->fixed_per_hour * duration_s / 3600;
    tokens = (double)(u->input_tokens + u->output_tokens);
    out->total_usd = total;
    out->per_query_usd = total / (double)u->requests;
    out->per_1k_tokens_usd = tokens > 0 ? total / tokens * 1000 : NAN;
    out->per_successful_usd = u->successful ? total / (double)u->successful : NAN;
    out->tokens_per_s_per_usd_h =
        duration_s > 0 && total > 0 ? (tokens / duration_s) / (total / (duration_s / 3600)) : NAN;
    return LLMM_OK;
}
