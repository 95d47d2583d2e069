/* serve_request.c - per-request latency metrics as vLLM's serving benchmark defines
 * them (vllm/benchmarks/serve.py calculate_metrics; backend_request_func.py /
 * lib/endpoint_request_func.py for ttft, itl and latency). */
#include "llmm_serve.h"
#include <math.h>

size_t llmm_serve_request_size(void) { return sizeof(llmm_serve_request); }
size_t llmm_serve_request_metrics_size(void) { return sizeof(llmm_serve_request_metrics); }

static int finite3(double a, double b, double c) { return isfinite(a) && isfinite(b) && isfinite(c); }

/* Checks the times of a completed request. */
static int check_times(const llmm_serve_request *r)
{
    size_t i;
    if (!finite3(r->start, r->first_token, r->end)) return LLMM_ENONFINITE;
    if (!(r->start <= r->first_token && r->first_token <= r->end)) return LLMM_EDOMAIN;
    if (r->n_token_times && !r->token_times) return LLMM_ENULL;
    for (i = 0; i < r->n_token_times; i++) {
        double t = r->token_times[i];
        if (!isfinite(t)) return LLMM_ENONFINITE;
        if (t < r->first_token || t > r->end || (i && t < r->token_times[i - 1]))
            return LLMM_EDOMAIN;
    }
    return LLMM_OK;
}

int llmm_serve_request_metrics_get(const llmm_serve_request *req, llmm_serve_request_metrics *out)
{
    int rc;
    if (!req || !out) return LLMM_ENULL;
    if (!req->success) return LLMM_EINVAL;
    if ((rc = check_times(req))) return rc;
    /* endpoint_request_func.py: ttft = first chunk time - st; latency = most recent
     * chunk time - st. */
    out->ttft = req->first_token - req->start;
    out->e2e = req->end - req->start;
    /* serve.py calculate_metrics: tpot = (latency - ttft) / (output_len - 1) only when
     * output_len > 1; otherwise 0 for goodput and absent from the TPOT statistics. */
    out->has_tpot = req->output_tokens > 1;
    out->tpot = out->has_tpot ? (out->e2e - out->ttft) / (double)(req->output_tokens - 1) : 0.0;
    out->n_itl = req->n_token_times ? req->n_token_times - 1 : 0;
    return LLMM_OK;
}

int llmm_serve_itl(const llmm_serve_request *req, double *itl, size_t cap, size_t *n)
{
    size_t i, m;
    int rc;
    if (!req || !n || (!itl && cap)) return LLMM_ENULL;
    *n = 0;
    if (!req->success) return LLMM_EINVAL;
    if ((rc = check_times(req))) return rc;
    /* itl.append(timestamp - most_recent_timestamp) for every chunk after the first. */
    m = req->n_token_times ? req->n_token_times - 1 : 0;
    *n = m;
    for (i = 0; i < m && i < cap; i++) itl[i] = req->token_times[i + 1] - req->token_times[i];
    return m > cap ? LLMM_EBUFFER : LLMM_OK;
}

int llmm_serve_throughput_window(const llmm_serve_request *reqs, size_t n, double t0, double t1,
                                 llmm_serve_throughput *out)
{
    size_t i;
    double d;
    if (!out || (!reqs && n)) return LLMM_ENULL;
    if (!isfinite(t0) || !isfinite(t1)) return LLMM_ENONFINITE;
    if (!(t1 > t0)) return LLMM_EDOMAIN;
    out->requests = out->input_tokens = out->output_tokens = 0;
    for (i = 0; i < n; i++) {
        const llmm_serve_request *r = &reqs[i];
        if (!r->success || !(r->end >= t0 && r->end < t1)) continue;
        if (out->input_tokens > UINT64_MAX - r->input_tokens ||
            out->output_tokens > UINT64_MAX - r->output_tokens)
            return LLMM_EOVERFLOW;
        out->requests++;
        out->input_tokens += r->input_tokens;
        out->output_tokens += r->output_tokens;
    }
    if (out->input_tokens > UINT64_MAX - out->output_tokens) return LLMM_EOVERFLOW;
    d = t1 - t0;
    out->requests_per_s = (double)out->requests / d;
    out->output_tokens_per_s = (double)out->output_tokens / d;
    out->total_tokens_per_s = (double)(out->input_tokens + out->output_tokens) / d;
    return LLMM_OK;
}
