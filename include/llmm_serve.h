/*
 * llmm_serve.h - serving telemetry for inference servers: per-request latency metrics
 * as vLLM's serving benchmark defines them, throughput and goodput, token usage,
 * reliability (error rates, availability, error budgets, multi-window burn-rate
 * alerts, MTTR), cache hit rates and content-addressed prompt keys, cost, and
 * memory-footprint estimates.
 *
 * Nothing here reads a clock or does I/O: callers pass timestamps (seconds on any
 * monotonic clock) and counts. Count statistics are plain structs of integers, so
 * merging them is exact and order-independent.
 *
 * Docs: docs/serving.md (request metrics, summary, goodput, cache), docs/slo.md,
 * docs/cost.md, docs/memory.md.
 */
#ifndef LLMM_SERVE_H
#define LLMM_SERVE_H

#include "llmm_common.h"
#include "llmm_sketch.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== per-request metrics (vllm/benchmarks/serve.py calculate_metrics) ============ */

/** One request as the client saw it. Times in seconds. */
typedef struct llmm_serve_request {
    double start;              /* request sent */
    double first_token;        /* first output chunk received */
    double end;                /* last output chunk received (vLLM's latency end) */
    const double *token_times; /* optional: arrival time of every output chunk, the
                                  first one included (token_times[0] == first_token);
                                  ITL = the successive gaps. NULL: no ITL. */
    size_t n_token_times;
    uint64_t input_tokens;     /* prompt tokens */
    uint64_t output_tokens;    /* generated tokens (vLLM re-tokenizes the text when the
                                  server does not report it; pass the count you trust) */
    uint64_t cached_tokens;    /* prompt tokens served from a prefix cache (<= input) */
    int success;               /* non-zero: completed; failed requests only count as
                                  failures (vLLM excludes them from every latency) */
} llmm_serve_request;

LLMM_API size_t llmm_serve_request_size(void);

/** TTFT, E2E, TPOT of one completed request (seconds). */
typedef struct llmm_serve_request_metrics {
    double ttft;  /* first_token - start */
    double e2e;   /* end - start (vLLM's E2EL, "latency") */
    double tpot;  /* (e2e - ttft) / (output_tokens - 1) when output_tokens > 1, else 0
                     (vLLM's all_tpots, used for goodput) */
    int has_tpot; /* output_tokens > 1: the request enters TPOT statistics */
    size_t n_itl; /* number of inter-token gaps: n_token_times - 1 (0 without times) */
} llmm_serve_request_metrics;

LLMM_API size_t llmm_serve_request_metrics_size(void);

/** Metrics of one request. LLMM_EINVAL for a failed request; LLMM_ENONFINITE for
 *  NaN/Inf times; LLMM_EDOMAIN unless start <= first_token <= end and token_times is
 *  non-decreasing within [first_token, end]; LLMM_ENULL when n_token_times > 0 and
 *  token_times is NULL. */
LLMM_API int llmm_serve_request_metrics_get(const llmm_serve_request *req,
                                            llmm_serve_request_metrics *out);
/** The inter-token latencies of one request (seconds): token_times[i] -
 *  token_times[i-1]. Writes min(cap, n) values, *n = the full count; LLMM_EBUFFER
 *  when cap is too small. */
LLMM_API int llmm_serve_itl(const llmm_serve_request *req, double *itl, size_t cap, size_t *n);

/* ==== benchmark summary (vLLM-style table) ========================================= */

#define LLMM_SERVE_MAX_PERCENTILES 8
LLMM_API int llmm_serve_max_percentiles(void); /* twin of LLMM_SERVE_MAX_PERCENTILES */

typedef enum llmm_serve_mode {
    LLMM_SERVE_EXACT = 0, /* numpy on the exact arrays, as vLLM prints them */
    LLMM_SERVE_SKETCH = 1 /* DDSketch quantiles (bounded memory, relative error) */
} llmm_serve_mode;

/** Goodput SLOs in milliseconds (vLLM's --goodput ttft:200 tpot:50 e2el:...);
 *  a value <= 0 or NaN leaves that metric out. */
typedef struct llmm_serve_slo {
    double ttft_ms;
    double tpot_ms;
    double e2e_ms;
} llmm_serve_slo;

typedef struct llmm_serve_options {
    double duration_s;   /* benchmark duration; <= 0: max(end) - min(start) of the
                            requests (vLLM uses its own wall clock) */
    size_t n_percentiles;
    double percentiles[LLMM_SERVE_MAX_PERCENTILES]; /* in [0, 100]; default {99} */
    llmm_serve_slo slo;  /* default: none */
    int mode;            /* llmm_serve_mode, default LLMM_SERVE_EXACT */
    llmm_sketch_options sketch; /* for LLMM_SERVE_SKETCH */
} llmm_serve_options;

LLMM_API void llmm_serve_options_default(llmm_serve_options *opts);
LLMM_API size_t llmm_serve_options_size(void);

/** One latency metric in milliseconds: mean, median, population std and the
 *  requested percentiles. Exact mode = np.mean / np.median / np.std /
 *  np.percentile (linear) of the values in seconds, times 1000; an empty list gives
 *  0 everywhere, as vLLM's `np.mean(x or 0)`. Sketch mode: quantiles from a DDSketch
 *  of the millisecond values (median = quantile 0.5), mean exact, std from exact
 *  sums of x and x^2. */
typedef struct llmm_serve_stats {
    uint64_t count;
    double mean_ms, median_ms, std_ms;
    double percentiles_ms[LLMM_SERVE_MAX_PERCENTILES];
} llmm_serve_stats;

typedef struct llmm_serve_summary {
    uint64_t completed, failed, good; /* good = completed requests meeting every SLO */
    uint64_t total_input, total_output, total_cached;
    double duration_s;
    double request_throughput;     /* completed / duration (req/s) */
    double request_goodput;        /* good / duration (req/s); 0 without SLOs */
    double output_throughput;      /* output tokens / duration */
    double total_token_throughput; /* (input + output) tokens / duration */
    llmm_serve_stats ttft, tpot, itl, e2e;
} llmm_serve_summary;

LLMM_API size_t llmm_serve_summary_size(void);

/** Summarizes n requests as vLLM's calculate_metrics does (docs/serving.md).
 *  Errors of llmm_serve_request_metrics_get for a completed request are returned;
 *  LLMM_EEMPTY for n == 0; LLMM_EDOMAIN for a non-positive duration or a percentile
 *  outside [0, 100]. */
LLMM_API int llmm_serve_summarize(const llmm_serve_request *reqs, size_t n,
                                  const llmm_serve_options *opts, llmm_serve_summary *out,
                                  const llmm_allocator *alloc);

/** Requests and tokens per second over the window [t0, t1): completed requests whose
 *  end lies in the window, and their tokens. */
typedef struct llmm_serve_throughput {
    uint64_t requests, input_tokens, output_tokens;
    double requests_per_s, output_tokens_per_s, total_tokens_per_s;
} llmm_serve_throughput;

LLMM_API int llmm_serve_throughput_window(const llmm_serve_request *reqs, size_t n, double t0,
                                          double t1, llmm_serve_throughput *out);

/* ==== token usage ================================================================== */

/** Token usage of a set of requests (one per session, per user, ...): merge adds. */
typedef struct llmm_serve_usage {
    uint64_t requests, successful;
    uint64_t input_tokens, cached_tokens, output_tokens;
} llmm_serve_usage;

LLMM_API void llmm_serve_usage_init(llmm_serve_usage *u);
/** LLMM_EOVERFLOW (unchanged) if a total would wrap; LLMM_EINVAL if cached > input. */
LLMM_API int llmm_serve_usage_add(llmm_serve_usage *u, const llmm_serve_request *req);
LLMM_API int llmm_serve_usage_merge(llmm_serve_usage *dst, const llmm_serve_usage *src);
/** Means per request (input, output, total tokens); LLMM_EEMPTY without requests. */
LLMM_API int llmm_serve_usage_means(const llmm_serve_usage *u, double *input, double *output,
                                    double *total);

/* ==== cache ======================================================================== */

#define LLMM_SERVE_CACHE_TYPES 16
LLMM_API int llmm_serve_cache_types(void); /* twin of LLMM_SERVE_CACHE_TYPES */

/** Hit counts per request type (caller-defined 0..LLMM_SERVE_CACHE_TYPES-1). */
typedef struct llmm_serve_cache {
    uint64_t lookups[LLMM_SERVE_CACHE_TYPES];
    uint64_t hits[LLMM_SERVE_CACHE_TYPES];
} llmm_serve_cache;

LLMM_API void llmm_serve_cache_init(llmm_serve_cache *c);
/** Records `lookups` lookups of which `hits` hit. LLMM_ERANGE for a bad type,
 *  LLMM_EINVAL for hits > lookups, LLMM_EOVERFLOW if a count would wrap. */
LLMM_API int llmm_serve_cache_record(llmm_serve_cache *c, uint32_t type, uint64_t lookups,
                                     uint64_t hits);
LLMM_API int llmm_serve_cache_merge(llmm_serve_cache *dst, const llmm_serve_cache *src);
/** hits / lookups of one type, or of all types with type == UINT32_MAX.
 *  LLMM_EEMPTY without lookups. */
LLMM_API int llmm_serve_cache_hit_rate(const llmm_serve_cache *c, uint32_t type, double *out);

/** A 128-bit content-addressed key (XXH3-128: lo = low64, hi = high64). */
typedef struct llmm_key128 {
    uint64_t lo, hi;
} llmm_key128;

#define LLMM_PROMPT_KEY_NORMALIZE_WS 1u /* " ".join(part.split()) per part (Python) */
LLMM_API unsigned llmm_prompt_key_normalize_ws(void); /* twin */

/** Key of a prompt given as parts (e.g. model, system prompt, messages in order):
 *  XXH3-128 (seed 0) of the canonical form "LLMMPK1\0", flags as one byte, then for
 *  each part its (optionally normalized) UTF-8 bytes followed by their length as u64
 *  little-endian, then the number of parts as u64 little-endian (docs/serving.md).
 *  LLMM_EUTF8 for invalid UTF-8, LLMM_EINVAL for unknown flags. */
LLMM_API int llmm_serve_prompt_key(const llmm_str *parts, size_t n_parts, unsigned flags,
                                   llmm_key128 *out);
/** The key as 32 lowercase hex digits, high 64 bits first (XXH128 canonical order),
 *  plus a NUL: out needs 33 bytes. */
LLMM_API int llmm_key128_hex(const llmm_key128 *key, char *out);

/* ==== reliability: llmm_slo_* (docs/slo.md) ======================================= */

typedef enum llmm_slo_category {
    LLMM_SLO_TIMEOUT = 0,
    LLMM_SLO_EXCEPTION = 1,
    LLMM_SLO_MALFORMED = 2, /* malformed output */
    LLMM_SLO_REFUSAL = 3,
    LLMM_SLO_OTHER = 4
} llmm_slo_category;

#define LLMM_SLO_BUILTIN_CATEGORIES 5
#define LLMM_SLO_MAX_CATEGORIES 32
#define LLMM_SLO_NAME_MAX 32 /* bytes of a category name, NUL included */
LLMM_API int llmm_slo_max_categories(void); /* twin of LLMM_SLO_MAX_CATEGORIES */

/** Request outcomes by error category. Built-in names: "timeout", "exception",
 *  "malformed", "refusal", "other"; callers add their own. */
typedef struct llmm_slo_errors {
    uint64_t total; /* all valid events: successes + errors */
    uint64_t errors[LLMM_SLO_MAX_CATEGORIES];
    uint32_t n_categories;
    char names[LLMM_SLO_MAX_CATEGORIES][LLMM_SLO_NAME_MAX];
} llmm_slo_errors;

LLMM_API size_t llmm_slo_errors_size(void);
LLMM_API void llmm_slo_errors_init(llmm_slo_errors *e);
/** Adds a category (1..31 bytes, UTF-8); *id receives its index. LLMM_EINVAL if the
 *  name exists or is empty/too long, LLMM_ERANGE when the table is full. */
LLMM_API int llmm_slo_errors_add_category(llmm_slo_errors *e, const char *name, size_t len,
                                          uint32_t *id);
/** LLMM_ERANGE when no category has that name. */
LLMM_API int llmm_slo_errors_find(const llmm_slo_errors *e, const char *name, size_t len,
                                  uint32_t *id);
LLMM_API int llmm_slo_errors_record_success(llmm_slo_errors *e, uint64_t n);
LLMM_API int llmm_slo_errors_record_error(llmm_slo_errors *e, uint32_t category, uint64_t n);
/** Adds src into dst; both need the same category names in the same order (else
 *  LLMM_EINVAL). */
LLMM_API int llmm_slo_errors_merge(llmm_slo_errors *dst, const llmm_slo_errors *src);
/** errors[category] / total, or all errors / total with category == UINT32_MAX.
 *  LLMM_EEMPTY when total == 0. */
LLMM_API int llmm_slo_error_rate(const llmm_slo_errors *e, uint32_t category, double *out);

/** good / valid. LLMM_EEMPTY when valid == 0, LLMM_EINVAL when good > valid. */
LLMM_API int llmm_slo_availability(uint64_t good, uint64_t valid, double *out);

/** Error budget of an SLO `objective` (e.g. 0.999) over a compliance window. */
typedef struct llmm_slo_budget {
    double error_rate;      /* bad / valid */
    double allowed_bad;     /* (1 - objective) * valid */
    double consumed;        /* bad / allowed_bad: fraction of the budget spent */
    double remaining;       /* 1 - consumed (negative when overspent) */
    double burn_rate;       /* error_rate / (1 - objective) */
} llmm_slo_budget;

/** LLMM_EDOMAIN unless 0 < objective < 1; LLMM_EEMPTY when valid == 0; LLMM_EINVAL when
 *  good > valid. */
LLMM_API int llmm_slo_budget_get(double objective, uint64_t good, uint64_t valid,
                                 llmm_slo_budget *out);

/** A multi-window burn-rate alert rule (Google SRE workbook, "Alerting on SLOs"):
 *  fires when the burn rate over the long AND the short window both reach threshold. */
typedef struct llmm_slo_alert_rule {
    double long_window_s, short_window_s, threshold;
} llmm_slo_alert_rule;

#define LLMM_SLO_DEFAULT_RULES 2
/** The workbook's paging rules: 1 h / 5 min at 14.4 (2 % of a 30-day budget in an
 *  hour) and 6 h / 30 min at 6 (5 % in six hours). Writes LLMM_SLO_DEFAULT_RULES rules.
 *  The ticket rule (3 d / 6 h at 1) is llmm_slo_ticket_rule(). */
LLMM_API void llmm_slo_default_rules(llmm_slo_alert_rule *rules);
LLMM_API void llmm_slo_ticket_rule(llmm_slo_alert_rule *rule);

typedef struct llmm_slo_alert_state {
    double long_burn, short_burn;
    int firing;
} llmm_slo_alert_state;

/** Stateless evaluation from window counts (bad events over valid events in the long
 *  and short windows). A window without events burns at 0. */
LLMM_API int llmm_slo_burn_alert(double objective, uint64_t long_bad, uint64_t long_valid,
                                 uint64_t short_bad, uint64_t short_valid, double threshold,
                                 llmm_slo_alert_state *out);

/** Events bucketed by caller time, for window queries and alerting. */
typedef struct llmm_slo_tracker llmm_slo_tracker;
typedef struct llmm_slo_tracker_options {
    double bucket_s;  /* default 60 */
    double horizon_s; /* oldest data kept; default 3 days (the ticket rule's window) */
} llmm_slo_tracker_options;

LLMM_API void llmm_slo_tracker_options_default(llmm_slo_tracker_options *opts);
LLMM_API int llmm_slo_tracker_create(llmm_slo_tracker **out, const llmm_slo_tracker_options *opts,
                                     const llmm_allocator *alloc);
LLMM_API void llmm_slo_tracker_free(llmm_slo_tracker *t);
/** Records good and bad events at time t. Times may go back within the horizon;
 *  LLMM_ERANGE for events older than the horizon behind the newest time seen. */
LLMM_API int llmm_slo_tracker_record(llmm_slo_tracker *t, double time, uint64_t good,
                                     uint64_t bad);
/** Counts over the window_s seconds ending at `now` (whole buckets: the bucket holding
 *  `now` and the ones before it, ceil(window_s / bucket_s) in all). LLMM_ERANGE when
 *  the window exceeds the horizon. */
LLMM_API int llmm_slo_tracker_window(const llmm_slo_tracker *t, double now, double window_s,
                                     uint64_t *good, uint64_t *bad);
/** Evaluates n rules at `now`. */
LLMM_API int llmm_slo_tracker_alerts(const llmm_slo_tracker *t, double now, double objective,
                                     const llmm_slo_alert_rule *rules, size_t n,
                                     llmm_slo_alert_state *out);

/** Mean time to recovery from incident intervals [start_i, end_i] (seconds). With
 *  merge_overlaps != 0 overlapping or touching intervals count as one incident. With
 *  period_s > 0, MTBF = (period_s - downtime) / incidents as well. */
typedef struct llmm_slo_mttr {
    uint64_t incidents;
    double downtime_s, mttr_s, mtbf_s;
} llmm_slo_mttr;

LLMM_API int llmm_slo_mttr_get(const double *starts, const double *ends, size_t n,
                               int merge_overlaps, double period_s, llmm_slo_mttr *out,
                               const llmm_allocator *alloc);

/* ==== cost: llmm_cost_* (docs/cost.md) ============================================ */

/** Prices in USD per 1M tokens; cached_input < 0 means "same as input". fixed_per_hour
 *  adds a time-based cost (e.g. a GPU instance) charged over the duration. */
typedef struct llmm_cost_prices {
    double input_per_mtok, output_per_mtok, cached_input_per_mtok;
    double fixed_per_hour;
} llmm_cost_prices;

LLMM_API size_t llmm_cost_prices_size(void);

/** Cost of one query: ((input - cached) * input + cached * cached_input +
 *  output * output_price) / 1e6. LLMM_EINVAL when cached > input; LLMM_EDOMAIN for a
 *  negative or non-finite price. */
LLMM_API int llmm_cost_query(const llmm_cost_prices *p, uint64_t input_tokens,
                             uint64_t cached_tokens, uint64_t output_tokens, double *usd);

typedef struct llmm_cost_summary {
    double total_usd;               /* token cost + fixed_per_hour * duration / 3600 */
    double per_query_usd;           /* total / requests */
    double per_1k_tokens_usd;       /* total / (input + output tokens) * 1000 */
    double per_successful_usd;      /* total / successful requests (NaN if none) */
    double tokens_per_s_per_usd_h;  /* (tokens / duration_s) / (total / duration_h):
                                       throughput per dollar-per-hour; NaN without a
                                       duration or cost */
} llmm_cost_summary;

/** Costs of a usage total over duration_s seconds (<= 0: unknown). LLMM_EEMPTY without
 *  requests. */
LLMM_API int llmm_cost_summarize(const llmm_cost_prices *p, const llmm_serve_usage *u,
                                 double duration_s, llmm_cost_summary *out);

/* ==== memory: llmm_memory_* (docs/memory.md) ======================================= */

/* llmm_dtype and llmm_dtype_bits() are in llmm_common.h (shared with llmm_prob.h). */

/** A decoder-only transformer of the Llama family: GQA attention (q, k, v, o
 *  projections without bias), gated MLP (gate, up, down), RMSNorm before attention
 *  and MLP and at the end. */
typedef struct llmm_memory_model {
    uint64_t vocab_size, hidden_size, intermediate_size;
    uint64_t num_layers, num_heads, num_kv_heads;
    uint64_t head_dim;       /* 0: hidden_size / num_heads */
    int tied_embeddings;     /* lm_head shares the embedding matrix */
    uint64_t sliding_window; /* KV tokens kept per sequence; 0 = all */
} llmm_memory_model;

LLMM_API size_t llmm_memory_model_size(void);

/** Parameter count (embeddings, per-layer projections and norms, final norm,
 *  lm_head unless tied). LLMM_EINVAL for zero dimensions or a head count that does
 *  not divide; LLMM_EOVERFLOW. */
LLMM_API int llmm_memory_param_count(const llmm_memory_model *m, uint64_t *out);

/** How weights are stored. Linear-layer weights take `dtype`; with int4/int8 and
 *  group_size > 0 every group of group_size weights adds scale_bytes (a scale) and
 *  zero_bits (a zero point, 0 for symmetric). Embeddings, lm_head and norms stay in
 *  `unquantized_dtype` unless quantize_embeddings. */
typedef struct llmm_memory_quant {
    int dtype;              /* llmm_dtype, default LLMM_DTYPE_BF16 */
    uint32_t group_size;    /* default 128 (used for int4/int8 only) */
    uint32_t scale_bytes;   /* default 2 (fp16 scale) */
    uint32_t zero_bits;     /* default 0 */
    int unquantized_dtype;  /* default LLMM_DTYPE_BF16 */
    int quantize_embeddings;/* default 0 */
} llmm_memory_quant;

LLMM_API void llmm_memory_quant_default(llmm_memory_quant *q);

/** Bytes of n elements of a dtype, with group-wise scales for int types when
 *  group_size > 0: ceil(n * bits / 8) + ceil(n / group) * (scale_bytes + zero_bits/8),
 *  zero points packed, rounded up to whole bytes. */
LLMM_API int llmm_memory_tensor_bytes(uint64_t n, const llmm_memory_quant *q, uint64_t *out);
/** Bytes of all weights of a model stored as q. */
LLMM_API int llmm_memory_weight_bytes(const llmm_memory_model *m, const llmm_memory_quant *q,
                                      uint64_t *out);
/** KV-cache bytes per token: 2 (K and V) * layers * kv_heads * head_dim * dtype bytes
 *  (fp32/bf16/fp16/fp8/int8 only: LLMM_EUNSUPPORTED for int4). */
LLMM_API int llmm_memory_kv_bytes_per_token(const llmm_memory_model *m, int kv_dtype,
                                            uint64_t *out);
/** KV-cache bytes for `batch` sequences of `context_len` tokens: each sequence keeps
 *  min(context_len, sliding_window) tokens, rounded up to whole blocks of block_size
 *  tokens (paged attention; 0 or 1 = no rounding). */
LLMM_API int llmm_memory_kv_bytes(const llmm_memory_model *m, int kv_dtype, uint64_t batch,
                                  uint64_t context_len, uint32_t block_size, uint64_t *out);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_SERVE_H */
