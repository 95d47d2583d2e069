/* serve_usage.c - token usage totals and cache hit counts (integer counts; merge is
 * addition). */
#include "llmm_serve.h"
#include <string.h>

void llmm_serve_usage_init(llmm_serve_usage *u)
{
    if (u) memset(u, 0, sizeof *u);
}

static int add_ok(uint64_t a, uint64_t b) { return a <= UINT64_MAX - b; }

int llmm_serve_usage_add(llmm_serve_usage *u, const llmm_serve_request *req)
{
    if (!u || !req) return LLMM_ENULL;
    if (req->cached_tokens > req->input_tokens) return LLMM_EINVAL;
    if (!add_ok(u->requests, 1) || !add_ok(u->input_tokens, req->input_tokens) ||
        !add_ok(u->cached_tokens, req->cached_tokens) ||
        !add_ok(u->output_tokens, req->output_tokens))
        return LLMM_EOVERFLOW;
    u->requests++;
    u->successful += req->success ? 1 : 0;
    u->input_tokens += req->input_tokens;
    u->cached_tokens += req->cached_tokens;
    u->output_tokens += req->output_tokens;
    return LLMM_OK;
}

int llmm_serve_usage_merge(llmm_serve_usage *dst, const llmm_serve_usage *src)
{
    if (!dst || !src) return LLMM_ENULL;
    if (src->successful > src->requests || src->cached_tokens > src->input_tokens)
        return LLMM_EINVAL;
    if (!add_ok(dst->requests, src->requests) || !add_ok(dst->input_tokens, src->input_tokens) ||
        !add_ok(dst->cached_tokens, src->cached_tokens) ||
        !add_ok(dst->output_tokens, src->output_tokens))
        return LLMM_EOVERFLOW;
    dst->requests += src->requests;
    dst->successful += src->successful;
    dst->input_tokens += src->input_tokens;
    dst->cached_tokens += src->cached_tokens;
    dst->output_tokens += src->output_tokens;
    return LLMM_OK;
}

int llmm_serve_usage_means(const llmm_serve_usage *u, double *input, double *output, double *total)
{
    double n;
    if (!u) return LLMM_ENULL;
    if (!u->requests) return LLMM_EEMPTY;
    n = (double)u->requests;
    if (input) *input = (double)u->input_tokens / n;
    if (output) *output = (double)u->output_tokens / n;
    if (total) {
        if (!add_ok(u->input_tokens, u->output_tokens)) return LLMM_EOVERFLOW;
        *total = (double)(u->input_tokens + u->output_tokens) / n;
    }
    return LLMM_OK;
}

/* ---- cache hit rates ----------------------------------------------------------------- */

int llmm_serve_cache_types(void) { return LLMM_SERVE_CACHE_TYPES; }

void llmm_serve_cache_init(llmm_serve_cache *c)
{
    if (c) memset(c, 0, sizeof *c);
}

int llmm_serve_cache_record(llmm_serve_cache *c, uint32_t type, uint64_t lookups, uint64_t hits)
{
    if (!c) return LLMM_ENULL;
    if (type >= LLMM_SERVE_CACHE_TYPES) return LLMM_ERANGE;
    if (hits > lookups) return LLMM_EINVAL;
    if (!add_ok(c->lookups[type], lookups)) return LLMM_EOVERFLOW;
    c->lookups[type] += lookups;
    c->hits[type] += hits;
    return LLMM_OK;
}

int llmm_serve_cache_merge(llmm_serve_cache *dst, const llmm_serve_cache *src)
{
    int t;
    if (!dst || !src) return LLMM_ENULL;
    for (t = 0; t < LLMM_SERVE_CACHE_TYPES; t++) {
        if (src->hits[t] > src->lookups[t]) return LLMM_EINVAL;
        if (!add_ok(dst->lookups[t], src->lookups[t])) return LLMM_EOVERFLOW;
    }
    for (t = 0; t < LLMM_SERVE_CACHE_TYPES; t++) {
        dst->lookups[t] += src->lookups[t];
        dst->hits[t] += src->hits[t];
    }
    return LLMM_OK;
}

int llmm_serve_cache_hit_rate(const llmm_serve_cache *c, uint32_t type, double *out)
{
    uint64_t l = 0, h = 0;
    int t;
    if (!c || !out) return LLMM_ENULL;
    if (type == UINT32_MAX) {
        for (t = 0; t < LLMM_SERVE_CACHE_TYPES; t++) {
            if (!add_ok(l, c->lookups[t])) return LLMM_EOVERFLOW;
            l += c->lookups[t];
            h += c->hits[t];
        }
    } else if (type < LLMM_SERVE_CACHE_TYPES) {
        l = c->lookups[type];
        h = c->hits[type];
    } else {
        return LLMM_ERANGE;
    }
    if (!l) return LLMM_EEMPTY;
    *out = (double)h / (double)l;
    return LLMM_OK;
}
