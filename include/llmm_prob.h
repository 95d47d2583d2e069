/*
 * llmm_prob.h - probability metrics from logits and log-probabilities.
 *
 * Three layers:
 *   llmm_logits_*  kernels over one row of logits (or two rows P, Q): logsumexp,
 *                  log_softmax, softmax, entropy, NLL of a target, argmax, max
 *                  probability, top-k, KL(P||Q), top-token agreement. SIMD paths
 *                  (SSE4.2, AVX2, AVX-512) are chosen at run time; float32, float16,
 *                  bfloat16 and float64 rows are read directly (converted on the fly).
 *   llmm_xent_*    cross-entropy, perplexity and bits per byte of a text from
 *                  per-token log-probabilities or from logits + targets
 *                  (extract -> merge -> finalize, plain mergeable stats).
 *   llmm_kld_*     the statistics llama.cpp's perplexity tool reports when comparing
 *                  a model Q with its base P (--kl-divergence): mean KLD +- standard
 *                  error, quantiles, same-top rate, PPL ratio, delta-p.
 *
 * Numerics (docs/probability.md): every sum is accumulated in double; exp is a
 * vectorized double-precision exp (< 2 ulp) in every path (a float32 exp with the
 * `fast` option, for the reductions that allow it); per-row results of
 * different SIMD paths agree to ~1e-15 relative but are not bit-identical. Metric
 * statistics add per-token values in an exact (superaccumulator) sum, so merging
 * gives bit-identical results in any order.
 *
 * Input statuses (uniform across the llmm_logits_* kernels):
 *   LLMM_ENULL        a required pointer is NULL (outputs untouched)
 *   LLMM_EINVAL       unknown dtype/option (outputs untouched)
 *   LLMM_ERANGE       target id >= n (outputs untouched)
 *   LLMM_EEMPTY       n == 0
 *   LLMM_ENONFINITE   the row holds a NaN or +Inf (-Inf is a valid logit: a
 *                     token with probability 0, e.g. masked by a grammar)
 *   LLMM_EDOMAIN      every logit is -Inf (no distribution), or the result is
 *                     infinite by definition (NLL of a target with logit -Inf,
 *                     KL(P||Q) with q = 0 where p > 0)
 * For the last three ("value statuses") the outputs are still written, with the
 * IEEE value that scipy/numpy/torch's float64 path give for the same input
 * (e.g. logsumexp of an empty row = -Inf, of a row with NaN = NaN), so a caller
 * that wants reference semantics can use the value and ignore the status. These
 * fill values are listed per function.
 *
 * Probabilities below 2^-1022 (logit more than 708 nats under the row's max)
 * are treated as exactly 0 in every path.
 */
#ifndef LLMM_PROB_H
#define LLMM_PROB_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- element types ----------------------------------------------------------------- */
/* Rows of logits are LLMM_DTYPE_FP32, LLMM_DTYPE_FP16 (uint16_t bits), LLMM_DTYPE_BF16
 * (uint16_t bits) or LLMM_DTYPE_FP64 (llmm_dtype, llmm_common.h; float64 rows take the
 * scalar path); any other dtype is LLMM_EINVAL. Outputs are FP32 or FP64. */

/* ---- kernel options ------------------------------------------------------------------ */
typedef struct llmm_logits_options {
    int isa;  /* llmm_isa (llmm_common.h); LLMM_ISA_AUTO (default) = best supported,
                 checked per call; a forced path the CPU lacks -> LLMM_EUNSUPPORTED */
    int fast; /* 0 (default): float64 exp everywhere. 1: the SIMD paths sum a float32
                 exp (in float64) for float32/16/bf16 rows in logsumexp, log_softmax,
                 softmax, max_prob and nll: about 2x the throughput, results within
                 2.5e-7 absolute of float64 (log-domain values, a bound for any data;
                 relative for probabilities; 2.3e-7 on the FMA paths), i.e. 1e-6
                 relative when |logsumexp| >= 0.25. Entropy and KL always use float64. */
} llmm_logits_options;

LLMM_API void llmm_logits_options_default(llmm_logits_options *opts);
LLMM_API size_t llmm_logits_options_size(void);

/* All kernels: `x` points to n elements of `dtype`; `opts` may be NULL (defaults).
 * Results are float64. Fill values for the value statuses are given as
 * [empty | NaN present | +Inf present (no NaN) | all -Inf]. */

/** log(sum(exp(x))). Fill: [-Inf | NaN | +Inf | -Inf]. */
LLMM_API int llmm_logits_logsumexp(const void *x, size_t n, int dtype,
                                   const llmm_logits_options *opts, double *lse);

/** out[i] = x[i] - logsumexp(x), written as `out_dtype` (LLMM_DTYPE_FP32 or
 *  LLMM_DTYPE_FP64; rounded once from the float64 value). `out` may equal `x` when
 *  out_dtype == dtype (in place); other overlaps are not allowed. `lse` (optional)
 *  receives logsumexp(x). Fill (scipy): NaN present -> all NaN; +Inf present ->
 *  NaN at the +Inf entries, -Inf elsewhere; all -Inf -> all NaN. */
LLMM_API int llmm_logits_log_softmax(const void *x, size_t n, int dtype,
                                     const llmm_logits_options *opts, void *out,
                                     int out_dtype, double *lse);

/** Batched forms over `rows` consecutive rows of n elements (a row-major [rows][n]
 *  block) in one call: row r's results go to lse[r] / out + r*n, with the single-row
 *  rules (fill values included) for each row. Returns LLMM_OK when every row is OK,
 *  else the status of the first row that is not (argument errors stop at once).
 *  `lse` is optional for log_softmax_rows. */
LLMM_API int llmm_logits_logsumexp_rows(const void *x, size_t rows, size_t n, int dtype,
                                        const llmm_logits_options *opts, double *lse);
LLMM_API int llmm_logits_log_softmax_rows(const void *x, size_t rows, size_t n, int dtype,
                                          const llmm_logits_options *opts, void *out,
                                          int out_dtype, double *lse);

/** out[i] = exp(x[i] - logsumexp(x)) (softmax), as `out_dtype` (F32 or F64); same
 *  aliasing rule. Fill (scipy): NaN -> all NaN; +Inf -> NaN at +Inf entries, 0
 *  elsewhere; all -Inf -> all NaN. */
LLMM_API int llmm_logits_softmax(const void *x, size_t n, int dtype,
                                 const llmm_logits_options *opts, void *out, int out_dtype);

/** Shannon entropy of softmax(x) in nats, with 0*log(0) = 0 (scipy.special.entr).
 *  Fill: [NaN | NaN | NaN | NaN]. Divide by log(2) for bits. */
LLMM_API int llmm_logits_entropy(const void *x, size_t n, int dtype,
                                 const llmm_logits_options *opts, double *nats);

/** Negative log-likelihood of `target`: logsumexp(x) - x[target]. LLMM_ERANGE if
 *  target >= n. x[target] = -Inf -> LLMM_EDOMAIN with +Inf.
 *  Fill: [- (ERANGE) | NaN | NaN if x[target] is +Inf, else +Inf | NaN]. */
LLMM_API int llmm_logits_nll(const void *x, size_t n, int dtype, size_t target,
                             const llmm_logits_options *opts, double *nll);

/** Index of the largest logit, the first one on ties. +Inf counts as largest.
 *  Fill: [- (index untouched) | untouched | first +Inf | 0]. */
LLMM_API int llmm_logits_argmax(const void *x, size_t n, int dtype,
                                const llmm_logits_options *opts, size_t *index);

/** Largest softmax probability, exp(max - logsumexp). Fill: [NaN | NaN | NaN | NaN]. */
LLMM_API int llmm_logits_max_prob(const void *x, size_t n, int dtype,
                                  const llmm_logits_options *opts, double *prob);

/** The k largest logits: ids[0..*n_out) by decreasing logit (lower id first on
 *  ties) and, if `logprobs` is non-NULL, their log-probabilities. *n_out =
 *  min(k, n). No fill values: on any status other than LLMM_OK nothing is written
 *  except *n_out = 0. */
LLMM_API int llmm_logits_topk(const void *x, size_t n, int dtype, size_t k,
                              const llmm_logits_options *opts, size_t *ids, double *logprobs,
                              size_t *n_out);

/** KL(P||Q) = sum_i p_i (log p_i - log q_i), p = softmax(p_logits), q =
 *  softmax(q_logits), two rows of n elements of the same dtype. Entries with p_i = 0
 *  contribute 0; q_i = 0 where p_i > 0 -> LLMM_EDOMAIN with +Inf. Identical rows give
 *  exactly 0. Fill: [0 | NaN | NaN | NaN] (any row empty/non-finite/all -Inf). */
LLMM_API int llmm_logits_kl(const void *p_logits, const void *q_logits, size_t n, int dtype,
                            const llmm_logits_options *opts, double *kl);

/** *agree = 1 when argmax(P) == argmax(Q) (first index on ties in both), else 0.
 *  Same statuses as llmm_logits_argmax on either row; no fill. */
LLMM_API int llmm_logits_top_agree(const void *p_logits, const void *q_logits, size_t n,
                                   int dtype, const llmm_logits_options *opts, int *agree);

/* ---- cross-entropy / perplexity ------------------------------------------------------- */
/* Bytes reserved for the exact NLL accumulator inside llmm_xent_stats. */
#define LLMM_XENT_SUM_BYTES 640
LLMM_API size_t llmm_xent_sum_bytes(void);

/** Sufficient statistics: plain, mergeable, order-independent. Initialize with
 *  llmm_xent_stats_init(); copy with memcpy/assignment. */
typedef struct llmm_xent_stats {
    uint64_t n_tokens; /* counted tokens */
    uint64_t n_bytes;  /* UTF-8 bytes of the scored text (for bits per byte) */
    unsigned char nll_sum_[LLMM_XENT_SUM_BYTES]; /* exact sum of the NLL (opaque) */
} llmm_xent_stats;

typedef struct llmm_xent_result {
    uint64_t n_tokens;
    uint64_t n_bytes;
    double nll_sum_nats;       /* -sum(logprob), correctly rounded */
    double cross_entropy_nats; /* nll_sum / n_tokens */
    double cross_entropy_bits; /* cross_entropy_nats / ln 2 */
    double perplexity;         /* exp(cross_entropy_nats) */
    double bits_per_byte;      /* nll_sum / (ln 2 * n_bytes) */
} llmm_xent_result;

/* Targets equal to ignore_index are skipped (torch's ignore_index). */
#define LLMM_XENT_NO_IGNORE INT64_MIN
LLMM_API int64_t llmm_xent_no_ignore(void);

typedef struct llmm_xent_options {
    int64_t ignore_index;        /* default LLMM_XENT_NO_IGNORE */
    llmm_logits_options logits;  /* kernel options for the logits entry point */
} llmm_xent_options;

LLMM_API void llmm_xent_options_default(llmm_xent_options *opts);
LLMM_API void llmm_xent_stats_init(llmm_xent_stats *stats);

/**
 * Adds per-token natural-log probabilities (what OpenAI-compatible APIs return
 * as logprobs.content[].logprob). `mask` (optional): mask[i] == 0 skips token i.
 * Each logprob must be finite and <= 0: NaN/+-Inf -> LLMM_ENONFINITE, > 0 ->
 * LLMM_EDOMAIN, and *bad_index (optional) names the token. All or nothing: on an
 * error the stats are unchanged.
 */
LLMM_API int llmm_xent_add_logprobs(llmm_xent_stats *stats, const double *logprobs, size_t n,
                                    const unsigned char *mask, size_t *bad_index);

/**
 * Adds T tokens given as a [T][V] row-major block of logits and T target ids:
 * NLL_t = logsumexp(row_t) - row_t[target_t]. Targets equal to opts->ignore_index
 * are skipped; other targets must be in [0, V) (LLMM_ERANGE). A row with NaN/+Inf ->
 * LLMM_ENONFINITE; all -Inf or a target logit of -Inf -> LLMM_EDOMAIN. All or
 * nothing, *bad_index names the token. `per_token_nll` (optional, T entries)
 * receives each NLL (NaN for skipped tokens) -- also on a value status, with the
 * kernels' fill values, so it can report numpy semantics.
 */
LLMM_API int llmm_xent_add_logits(llmm_xent_stats *stats, const llmm_xent_options *opts,
                                  const void *logits, size_t T, size_t V, int dtype,
                                  const int64_t *targets, double *per_token_nll,
                                  size_t *bad_index);

/** Adds the UTF-8 byte count of scored text (for bits per byte). */
LLMM_API int llmm_xent_add_bytes(llmm_xent_stats *stats, uint64_t n_bytes);

/** dst += src (exact; any merge order gives identical stats). LLMM_EOVERFLOW if a
 *  count would wrap (dst unchanged). */
LLMM_API int llmm_xent_stats_merge(llmm_xent_stats *dst, const llmm_xent_stats *src);

/**
 * Stats -> result. No tokens -> LLMM_EEMPTY with numpy's values (nll_sum 0, the
 * rest NaN). n_bytes == 0 gives bits_per_byte = +Inf (NaN when nll_sum is 0),
 * numpy's x/0, with status LLMM_OK: bits per byte is only meaningful when bytes
 * were added.
 */
LLMM_API int llmm_xent_finalize(const llmm_xent_stats *stats, llmm_xent_result *out);

/**
 * One-shot cross-entropy of a log-probability sequence with reference (numpy)
 * semantics for bad values: returns the same statuses as llmm_xent_add_logprobs
 * (LLMM_EEMPTY for no counted tokens), but always fills `out`: a NaN logprob ->
 * every float NaN; a -Inf -> +Inf; a positive logprob is summed as given.
 */
LLMM_API int llmm_xent_sequence(const double *logprobs, size_t n, uint64_t n_bytes,
                                const unsigned char *mask, llmm_xent_result *out);

/* Serialized statistics (envelope of docs/serialization.md; the size depends on
 * the magnitude range of the sum, at most LLMM_XENT_STATS_SERIALIZED_MAX). */
#define LLMM_XENT_STATS_SERIALIZED_MAX 1024
LLMM_API size_t llmm_xent_stats_serialized_max(void);
LLMM_API size_t llmm_xent_stats_serialized_size(const llmm_xent_stats *stats);
/** LLMM_EBUFFER (with *written = the size needed) when cap is too small. */
LLMM_API int llmm_xent_stats_serialize(const llmm_xent_stats *stats, void *buf, size_t cap,
                                       size_t *written);
LLMM_API int llmm_xent_stats_deserialize(llmm_xent_stats *stats, const void *buf, size_t len);

LLMM_API size_t llmm_xent_stats_size(void);
LLMM_API size_t llmm_xent_result_size(void);
LLMM_API size_t llmm_xent_options_size(void);

/* ---- llama.cpp KL-divergence statistics ------------------------------------------------ */
typedef struct llmm_kld llmm_kld;

typedef struct llmm_kld_result {
    uint64_t n_tokens;
    /* KL(P_base || Q_test) per token */
    double kld_mean, kld_mean_unc; /* mean +- llama.cpp's standard error */
    double kld_min, kld_max, kld_median;
    double kld_p0_1, kld_p1, kld_p5, kld_p10, kld_p90, kld_p95, kld_p99, kld_p99_9;
    /* argmax agreement */
    double same_top, same_top_unc;
    /* perplexities from the target tokens' NLL */
    double ppl_test, ppl_test_unc, ppl_base, ppl_base_unc;
    double cor_ln_ppl;                  /* Cor(ln PPL(Q), ln PPL(base)) */
    double ln_ppl_ratio, ln_ppl_ratio_unc; /* mean(nll_Q) - mean(nll_base) */
    double ppl_ratio, ppl_ratio_unc;    /* exp(ln_ppl_ratio) */
    double ppl_diff, ppl_diff_unc;      /* PPL(Q) - PPL(base) */
    /* delta p = p_Q(target) - p_base(target) */
    double dp_mean, dp_mean_unc, dp_rms, dp_rms_unc;
    double dp_min, dp_max, dp_median;
    double dp_p0_1, dp_p1, dp_p5, dp_p10, dp_p25, dp_p75, dp_p90, dp_p95, dp_p99, dp_p99_9;
} llmm_kld_result;

/** Creates empty statistics. `opts` NULL = defaults; `alloc` NULL = malloc. */
LLMM_API int llmm_kld_create(llmm_kld **out, const llmm_logits_options *opts,
                             const llmm_allocator *alloc);
/** NULL-safe. */
LLMM_API void llmm_kld_free(llmm_kld *kld);

/**
 * Adds T tokens: base_logits and test_logits are [T][V] row-major blocks of `dtype`
 * (P = softmax(base), Q = softmax(test)), targets[t] in [0, V) the observed next
 * token. Statuses as the llmm_logits_* kernels (per row); an infinite KLD or NLL ->
 * LLMM_EDOMAIN. All or nothing; *bad_index (optional) names the token.
 * `per_token_kld` (optional, T entries) receives each KL(P||Q).
 */
LLMM_API int llmm_kld_add(llmm_kld *kld, const void *base_logits, const void *test_logits,
                          size_t T, size_t V, int dtype, const int64_t *targets,
                          double *per_token_kld, size_t *bad_index);

/** dst += src: exact sums and the multiset of per-token values, so any merge order
 *  gives identical results and serialized bytes. */
LLMM_API int llmm_kld_merge(llmm_kld *dst, const llmm_kld *src);

/** Number of tokens added so far. */
LLMM_API uint64_t llmm_kld_count(const llmm_kld *kld);

/**
 * Statistics as llama.cpp's --kl-divergence defines them, computed exactly in
 * float64 (no uint16 quantisation of the base, float64 quantile positions):
 * mean/unc from mean_and_uncertainty() (unc = 0 unless var > 0 and n > 10), the
 * covariance term 0 when n < 10, quantiles numpy 'linear' (position q(n-1)), the
 * median the mean of the two middle values for even n. No tokens -> LLMM_EEMPTY
 * (all fields NaN). Sorts the stored values (hence not const).
 */
LLMM_API int llmm_kld_finalize(llmm_kld *kld, llmm_kld_result *out);

/** The q-quantile (0 <= q <= 1, numpy 'linear') of the per-token KLD values
 *  (which = 0) or of delta p (which = 1). */
LLMM_API int llmm_kld_quantile(llmm_kld *kld, int which, double q, double *value);

/** Serialized size of the current statistics (grows with the token count). */
LLMM_API size_t llmm_kld_serialized_size(const llmm_kld *kld);
/** Writes the statistics (values sorted, so equal statistics give equal bytes).
 *  LLMM_EBUFFER (with *written = the size needed) when cap is too small. */
LLMM_API int llmm_kld_serialize(llmm_kld *kld, void *buf, size_t cap, size_t *written);
/** Creates statistics from serialized bytes (opts/alloc as llmm_kld_create). */
LLMM_API int llmm_kld_deserialize(llmm_kld **out, const void *buf, size_t len,
                                  const llmm_logits_options *opts, const llmm_allocator *alloc);

LLMM_API size_t llmm_kld_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_PROB_H */
