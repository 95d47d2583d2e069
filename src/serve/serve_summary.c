/* serve_summary.c - the vLLM serving-benchmark summary (vllm/benchmarks/serve.py
 * calculate_metrics): counts, throughput, goodput and mean/median/std/percentiles of
 * TTFT, TPOT, ITL and E2EL, from the exact arrays (numpy, as vLLM) or from DDSketches. */
#include "llmm_serve.h"
#include "core/alloc.h"
#include "core/exactsum.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int llmm_serve_max_percentiles(void) { return LLMM_SERVE_MAX_PERCENTILES; }
size_t llmm_serve_options_size(void) { return sizeof(llmm_serve_options); }
size_t llmm_serve_summary_size(void) { return sizeof(llmm_serve_summary); }

void llmm_serve_options_default(llmm_serve_options *opts)
{
    if (!opts) return;
    memset(opts, 0, sizeof *opts);
    /* vllm bench serve --metric-percentiles default "99" */
    opts->n_percentiles = 1;
    opts->percentiles[0] = 99.0;
    opts->slo.ttft_ms = opts->slo.tpot_ms = opts->slo.e2e_ms = 0.0;
    opts->mode = LLMM_SERVE_EXACT;
    llmm_sketch_options_default(&opts->sketch);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* np.median of sorted data: np.mean of the middle one or two elements. */
static double median_sorted(const double *x, size_t n)
{
    if (n % 2) return (0.0 + x[n / 2]) / 1.0;
    return (0.0 + x[n / 2 - 1] + x[n / 2]) / 2.0;
}

/* Exact mode: np.mean / np.std / np.median / np.percentile of the values in seconds,
 * each * 1000. `x` is in request order (the sums are order-dependent) and is sorted
 * in place afterwards. */
static int stats_exact(double *x, size_t n, const llmm_serve_options *o, llmm_serve_stats *st)
{
    size_t i;
    double q[LLMM_SERVE_MAX_PERCENTILES], v;
    int rc;
    st->count = n;
    if (!n) {
        /* serve.py: np.mean(x or 0): an empty list becomes the scalar 0. */
        st->mean_ms = st->median_ms = st->std_ms = 0.0;
        for (i = 0; i < o->n_percentiles; i++) st->percentiles_ms[i] = 0.0;
        return LLMM_OK;
    }
    if ((rc = llmm_mean_numpy(x, n, &v))) return rc;
    st->mean_ms = v * 1000;
    if ((rc = llmm_std_numpy(x, n, &v))) return rc;
    st->std_ms = v * 1000;
    qsort(x, n, sizeof *x, cmp_double);
    st->median_ms = median_sorted(x, n) * 1000;
    /* np.percentile: q / 100, then the linear quantile. */
    for (i = 0; i < o->n_percentiles; i++) q[i] = o->percentiles[i] / 100;
    if ((rc = llmm_quantiles_sorted(x, n, q, o->n_percentiles, LLMM_QUANTILE_LINEAR,
                                    st->percentiles_ms)))
        return rc;
    for (i = 0; i < o->n_percentiles; i++) st->percentiles_ms[i] *= 1000;
    return LLMM_OK;
}

/* Sketch mode: a DDSketch of the millisecond values for median and percentiles; mean
 * and std from order-independent exact sums (two passes). */
static int stats_sketch(const double *x, size_t n, const llmm_serve_options *o,
                        llmm_serve_stats *st, const llmm_allocator *alloc)
{
    llmm_sketch *sk = NULL;
    llmmi_exactsum s;
    size_t i;
    double mean;
    int rc;
    st->count = n;
    if (!n) return stats_exact(NULL, 0, o, st);
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) llmmi_exactsum_add(&s, x[i]);
    mean = llmmi_exactsum_value(&s) / (double)n;
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) llmmi_exactsum_add(&s, (x[i] - mean) * (x[i] - mean));
    st->mean_ms = mean * 1000;
    st->std_ms = sqrt(llmmi_exactsum_value(&s) / (double)n) * 1000;
    if ((rc = llmm_sketch_create(&sk, &o->sketch, alloc))) return rc;
    for (i = 0; i < n && rc == LLMM_OK; i++) rc = llmm_sketch_add(sk, x[i] * 1000);
    if (rc == LLMM_OK) rc = llmm_sketch_quantile(sk, 0.5, &st->median_ms);
    for (i = 0; i < o->n_percentiles && rc == LLMM_OK; i++)
        rc = llmm_sketch_quantile(sk, o->percentiles[i] / 100, &st->percentiles_ms[i]);
    llmm_sketch_free(sk);
    return rc;
}

static int check_options(const llmm_serve_options *o)
{
    size_t i;
    if (o->n_percentiles > LLMM_SERVE_MAX_PERCENTILES) return LLMM_EINVAL;
    for (i = 0; i < o->n_percentiles; i++)
        if (!(o->percentiles[i] >= 0 && o->percentiles[i] <= 100)) return LLMM_EDOMAIN;
    if (o->mode != LLMM_SERVE_EXACT && o->mode != LLMM_SERVE_SKETCH) return LLMM_EINVAL;
    if (isnan(o->duration_s) || isinf(o->duration_s)) return LLMM_ENONFINITE;
    return LLMM_OK;
}

/* Wall time covered by the requests: max(end) - min(start). */
static double span_of(const llmm_serve_request *reqs, size_t n)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    size_t i;
    for (i = 0; i < n; i++) {
        if (isfinite(reqs[i].start) && reqs[i].start < lo) lo = reqs[i].start;
        if (isfinite(reqs[i].end) && reqs[i].end > hi) hi = reqs[i].end;
    }
    return hi - lo;
}

static int is_set(double slo_ms) { return slo_ms > 0; }

int llmm_serve_summarize(const llmm_serve_request *reqs, size_t n, const llmm_serve_options *opts,
                         llmm_serve_summary *out, const llmm_allocator *alloc)
{
    llmm_serve_options def;
    llmm_allocator a;
    double *ttft = NULL, *tpot = NULL, *itl = NULL, *e2e = NULL, dur;
    size_t i, n_itl = 0, k, n_ok = 0, n_tpot = 0, bytes = 0, itl_bytes = 0;
    uint64_t out_tok = 0;
    int rc;
    if (!out || (!reqs && n)) return LLMM_ENULL;
    if (!opts) {
        llmm_serve_options_default(&def);
        opts = &def;
    }
    if ((rc = check_options(opts))) return rc;
    if (!n) return LLMM_EEMPTY;
    memset(out, 0, sizeof *out);
    /* Validate every completed request and size the ITL array. */
    for (i = 0; i < n; i++) {
        llmm_serve_request_metrics m;
        if (!reqs[i].success) continue;
        if ((rc = llmm_serve_request_metrics_get(&reqs[i], &m))) return rc;
        if (reqs[i].cached_tokens > reqs[i].input_tokens) return LLMM_EINVAL;
        if (n_itl > (size_t)-1 - m.n_itl) return LLMM_EOVERFLOW;
        n_itl += m.n_itl;
    }
    dur = opts->duration_s > 0 ? opts->duration_s : span_of(reqs, n);
    if (!(dur > 0) || !isfinite(dur)) return LLMM_EDOMAIN;
    llmmi_alloc_init(&a, alloc);
    if (!llmmi_mul_ok(n, sizeof(double), &bytes) || !llmmi_mul_ok(n_itl, sizeof(double), &itl_bytes))
        return LLMM_EOVERFLOW;
    ttft = (double *)llmmi_malloc(&a, bytes);
    tpot = (double *)llmmi_malloc(&a, bytes);
    e2e = (double *)llmmi_malloc(&a, bytes);
    itl = (double *)llmmi_malloc(&a, itl_bytes ? itl_bytes : 1);
    rc = LLMM_ENOMEM;
    if (!ttft || !tpot || !e2e || !itl) goto done;

    for (i = 0; i < n; i++) {
        const llmm_serve_request *r = &reqs[i];
        llmm_serve_request_metrics m;
        int good = 1;
        if (!r->success) {
            out->failed++;
            continue;
        }
        llmm_serve_request_metrics_get(r, &m);
        rc = LLMM_EOVERFLOW;
        if (out->total_input > UINT64_MAX - r->input_tokens ||
            out_tok > UINT64_MAX - r->output_tokens ||
            out->total_cached > UINT64_MAX - r->cached_tokens)
            goto done;
        out->completed++;
        out->total_input += r->input_tokens;
        out->total_cached += r->cached_tokens;
        out_tok += r->output_tokens;
        ttft[n_ok] = m.ttft;
        e2e[n_ok] = m.e2e;
        n_ok++;
        if (m.has_tpot) tpot[n_tpot++] = m.tpot;
        /* goodput: good iff slo >= value for every configured metric (SLOs in ms),
         * TPOT taken as 0 for single-token outputs (all_tpots). */
        if (is_set(opts->slo.ttft_ms) && !(opts->slo.ttft_ms / 1000 >= m.ttft)) good = 0;
        if (is_set(opts->slo.tpot_ms) && !(opts->slo.tpot_ms / 1000 >= m.tpot)) good = 0;
        if (is_set(opts->slo.e2e_ms) && !(opts->slo.e2e_ms / 1000 >= m.e2e)) good = 0;
        if (good && (is_set(opts->slo.ttft_ms) || is_set(opts->slo.tpot_ms) || is_set(opts->slo.e2e_ms)))
            out->good++;
    }
    /* itls += output.itl, in request order */
    for (i = 0, k = 0; i < n; i++) {
        size_t got;
        if (!reqs[i].success) continue;
        llmm_serve_itl(&reqs[i], itl + k, n_itl - k, &got);
        k += got;
    }
    out->total_output = out_tok;
    out->duration_s = dur;
    rc = LLMM_EOVERFLOW;
    if (out->total_input > UINT64_MAX - out_tok) goto done;
    out->request_throughput = (double)out->completed / dur;
    out->request_goodput = (double)out->good / dur;
    out->output_throughput = (double)out_tok / dur;
    out->total_token_throughput = (double)(out->total_input + out_tok) / dur;
    if (opts->mode == LLMM_SERVE_EXACT) {
        if ((rc = stats_exact(ttft, n_ok, opts, &out->ttft)) ||
            (rc = stats_exact(tpot, n_tpot, opts, &out->tpot)) ||
            (rc = stats_exact(itl, n_itl, opts, &out->itl)) ||
            (rc = stats_exact(e2e, n_ok, opts, &out->e2e)))
            goto done;
    } else {
        if ((rc = stats_sketch(ttft, n_ok, opts, &out->ttft, &a)) ||
            (rc = stats_sketch(tpot, n_tpot, opts, &out->tpot, &a)) ||
            (rc = stats_sketch(itl, n_itl, opts, &out->itl, &a)) ||
            (rc = stats_sketch(e2e, n_ok, opts, &out->e2e, &a)))
            goto done;
    }
    rc = LLMM_OK;
done:
    llmmi_free(&a, ttft, bytes);
    llmmi_free(&a, tpot, bytes);
    llmmi_free(&a, e2e, bytes);
    llmmi_free(&a, itl, itl_bytes ? itl_bytes : 1);
    return rc;
}
