/*
 * llmm_sketch.h - a mergeable quantile sketch with a relative-error guarantee
 * (DDSketch), a lock-free multi-thread recorder built on it, and the exact
 * array quantiles/means it is checked against.
 *
 * The sketch is DDSketch (Masson, Rim, Lee, PVLDB 12(12), 2019) computed exactly as
 * DataDog's sketches-py 3.0.1 does: logarithmic mapping gamma = (1+a)/(1-a),
 * key(v) = ceil(log_gamma v), value(key) = gamma^key * 2/(1+gamma), dense stores for
 * positive and negative values and a zero count. Any quantile it reports is within
 * relative error `a` of the `lower` empirical quantile (docs/sketch.md).
 *
 * Differences from sketches-py, all documented in docs/sketch.md:
 *   - weights are integers (uint64), so merge is exactly associative and commutative;
 *   - the sum is exact (an order-independent superaccumulator), reported correctly
 *     rounded; sketches-py adds floats left to right;
 *   - NaN, +-Inf and |v| above the mappable range are rejected with a status.
 *
 * Shape: create -> add (many) -> merge (any order) -> quantile/count/sum/min/max;
 * serialize/deserialize for transport. A sketch is not thread-safe: one writer at a
 * time (use llmm_recorder for many writer threads).
 */
#ifndef LLMM_SKETCH_H
#define LLMM_SKETCH_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LLMM_SKETCH_DEFAULT_ACCURACY 0.01
#define LLMM_SKETCH_DEFAULT_MAX_BINS 2048
LLMM_API double llmm_sketch_default_accuracy(void); /* twin of LLMM_SKETCH_DEFAULT_ACCURACY */
LLMM_API uint32_t llmm_sketch_default_max_bins(void); /* twin of LLMM_SKETCH_DEFAULT_MAX_BINS */

typedef struct llmm_sketch_options {
    double relative_accuracy; /* alpha in [1e-6, 0.5]; default 0.01 (sketches-py default) */
    uint32_t max_bins;        /* bins per store (positive, negative); 0 = unbounded (plain
                                 DDSketch); default 2048: beyond it the lowest-key bins
                                 collapse into one (LogCollapsingLowestDenseDDSketch) */
} llmm_sketch_options;

LLMM_API void llmm_sketch_options_default(llmm_sketch_options *opts);
LLMM_API size_t llmm_sketch_options_size(void);

typedef struct llmm_sketch llmm_sketch;

/** Creates an empty sketch. opts NULL = defaults. LLMM_EDOMAIN for an accuracy outside
 *  [1e-6, 0.5] (or NaN). */
LLMM_API int llmm_sketch_create(llmm_sketch **out, const llmm_sketch_options *opts,
                                const llmm_allocator *alloc);
/** NULL-safe. */
LLMM_API void llmm_sketch_free(llmm_sketch *s);
/** Empties the sketch (keeps its options and memory). */
LLMM_API void llmm_sketch_clear(llmm_sketch *s);
/** A deep copy of src with the same allocator. */
LLMM_API int llmm_sketch_clone(llmm_sketch **out, const llmm_sketch *src);

/** Adds one value. LLMM_ENONFINITE for NaN/Inf, LLMM_EDOMAIN for |v| above the
 *  mappable maximum (DBL_MAX / gamma). Values with |v| <= DBL_MIN * gamma count as 0. */
LLMM_API int llmm_sketch_add(llmm_sketch *s, double v);
/** Adds `weight` copies of v (weight >= 1; 0 -> LLMM_EINVAL). LLMM_EOVERFLOW if the
 *  total count would exceed UINT64_MAX. */
LLMM_API int llmm_sketch_add_weighted(llmm_sketch *s, double v, uint64_t weight);
/** Adds n values; stops at the first bad value (status; earlier values stay added,
 *  *n_added, if non-NULL, tells how many). */
LLMM_API int llmm_sketch_add_many(llmm_sketch *s, const double *v, size_t n, size_t *n_added);

/** dst += src. Both need the same relative accuracy and max_bins (else LLMM_EINVAL).
 *  Exactly associative and commutative. */
LLMM_API int llmm_sketch_merge(llmm_sketch *dst, const llmm_sketch *src);

/** The q-quantile, q in [0, 1], as sketches-py get_quantile_value: rank = q*(n-1),
 *  the first bin whose cumulative count exceeds rank, reported at the bin's value.
 *  LLMM_EEMPTY on an empty sketch (sketches-py returns None), LLMM_EDOMAIN for q
 *  outside [0, 1] or NaN. */
LLMM_API int llmm_sketch_quantile(const llmm_sketch *s, double q, double *out);
/** nq quantiles in one pass (q need not be sorted). */
LLMM_API int llmm_sketch_quantiles(const llmm_sketch *s, const double *q, size_t nq, double *out);

/** Totals. count: number of values (sum of weights). sum: exact sum correctly rounded
 *  (0 when empty). avg: sum / count (LLMM_EEMPTY when empty). min/max: exact extremes
 *  seen (LLMM_EEMPTY when empty). */
LLMM_API uint64_t llmm_sketch_count(const llmm_sketch *s);
LLMM_API uint64_t llmm_sketch_zero_count(const llmm_sketch *s);
LLMM_API double llmm_sketch_sum(const llmm_sketch *s);
LLMM_API int llmm_sketch_avg(const llmm_sketch *s, double *out);
LLMM_API int llmm_sketch_min(const llmm_sketch *s, double *out);
LLMM_API int llmm_sketch_max(const llmm_sketch *s, double *out);
/** The relative accuracy, gamma, and the number of non-empty-range bins in use. */
LLMM_API double llmm_sketch_relative_accuracy(const llmm_sketch *s);
LLMM_API double llmm_sketch_gamma(const llmm_sketch *s);
LLMM_API size_t llmm_sketch_num_bins(const llmm_sketch *s);
/** 1 when a bounded store has collapsed low bins (low quantiles lose the guarantee). */
LLMM_API int llmm_sketch_is_collapsed(const llmm_sketch *s);

/** The mapping on its own: the key of |v| > 0 and the representative value of a key. */
LLMM_API int llmm_sketch_key(const llmm_sketch *s, double v, int32_t *key);
LLMM_API double llmm_sketch_key_value(const llmm_sketch *s, int32_t key);

/** Serialization (format in docs/sketch.md, inside the library's versioned envelope).
 *  llmm_sketch_serialized_size gives the exact size; serialize writes it to buf
 *  (LLMM_EBUFFER if cap is too small) and stores the length in *len. */
LLMM_API size_t llmm_sketch_serialized_size(const llmm_sketch *s);
LLMM_API int llmm_sketch_serialize(const llmm_sketch *s, void *buf, size_t cap, size_t *len);
/** A new sketch from a serialized buffer; LLMM_EFORMAT / LLMM_EVERSION on bad input. */
LLMM_API int llmm_sketch_deserialize(llmm_sketch **out, const void *buf, size_t len,
                                     const llmm_allocator *alloc);

/* ---- exact references over arrays ---------------------------------------------- */

/** numpy 1.24 np.quantile methods. */
typedef enum llmm_quantile_method {
    LLMM_QUANTILE_LINEAR = 0,       /* h = (n-1) q, interpolated (numpy default) */
    LLMM_QUANTILE_INVERTED_CDF = 1, /* x_(ceil(n q)), 1-based: smallest x with F(x) >= q */
    LLMM_QUANTILE_LOWER = 2         /* x_(floor((n-1) q)), 0-based: what DDSketch sketches */
} llmm_quantile_method;

/** Quantiles of x[0..n) exactly as numpy 1.24 np.quantile(x, q, method=...).
 *  Sorts a copy (allocator). LLMM_EEMPTY for n == 0 (numpy raises IndexError),
 *  LLMM_ENONFINITE for NaN/Inf in x, LLMM_EDOMAIN for q outside [0, 1]. */
LLMM_API int llmm_quantiles(const double *x, size_t n, const double *q, size_t nq,
                            llmm_quantile_method method, double *out,
                            const llmm_allocator *alloc);
/** Same on already sorted finite data (no allocation; LLMM_EINVAL if not sorted). */
LLMM_API int llmm_quantiles_sorted(const double *sorted, size_t n, const double *q, size_t nq,
                                   llmm_quantile_method method, double *out);

/** Correctly rounded sum (math.fsum) and mean fsum(x)/n. */
LLMM_API int llmm_sum_exact(const double *x, size_t n, double *out);
LLMM_API int llmm_mean_exact(const double *x, size_t n, double *out);
/** numpy's float64 sum (pairwise summation: 8-way unrolled blocks up to 128
 *  elements, halves above) and np.mean = that sum / n. Empty: *out = NaN and
 *  LLMM_EEMPTY (numpy warns and returns nan). */
LLMM_API int llmm_sum_numpy(const double *x, size_t n, double *out);
LLMM_API int llmm_mean_numpy(const double *x, size_t n, double *out);
/** np.std(x) (ddof = 0): sqrt(mean((x - mean)^2)) with numpy's pairwise sums. */
LLMM_API int llmm_std_numpy(const double *x, size_t n, double *out);

/* ---- recorder: many writer threads, lock-free hot path ---------------------------- */

/*
 * A recorder holds `n_channels` sketches (e.g. TTFT, TPOT, ITL, E2E) and `n_counters`
 * uint64 counters, sharded per writer thread. A thread acquires a shard once and then
 * records into it without locks: each call costs one full memory fence (a Dekker
 * handshake with the snapshot) and the sketch update. llmm_recorder_snapshot()
 * flips every shard to its second buffer, waits for in-flight calls on the old one,
 * and folds it into the totals: every call is either entirely in a snapshot or
 * entirely in a later one; nothing is lost. Snapshots are serialized among themselves;
 * writers never wait for them.
 *
 * The allocator must be thread-safe when shards are used from several threads (bins
 * grow on the writer's thread).
 */
typedef struct llmm_recorder llmm_recorder;
typedef struct llmm_recorder_shard llmm_recorder_shard;

typedef struct llmm_recorder_options {
    llmm_sketch_options sketch; /* for every channel */
    uint32_t n_channels;        /* default 1, at most 64 */
    uint32_t n_counters;        /* default 0, at most 64 */
    uint32_t max_shards;        /* default 64: the number of concurrently acquired shards */
} llmm_recorder_options;

LLMM_API void llmm_recorder_options_default(llmm_recorder_options *opts);
LLMM_API size_t llmm_recorder_options_size(void);

LLMM_API int llmm_recorder_create(llmm_recorder **out, const llmm_recorder_options *opts,
                                  const llmm_allocator *alloc);
/** NULL-safe. No shard may be in use. */
LLMM_API void llmm_recorder_free(llmm_recorder *r);

/** Claims a free shard for the calling thread (lock-free). LLMM_ERANGE when all
 *  max_shards shards are taken. The shard keeps its data after release. */
LLMM_API int llmm_recorder_acquire(llmm_recorder *r, llmm_recorder_shard **out);
LLMM_API void llmm_recorder_release(llmm_recorder_shard *s);

/** Records one value into a channel (only the owning thread may call these). */
LLMM_API int llmm_recorder_add(llmm_recorder_shard *s, uint32_t channel, double v);
/** Records n (channel, value) pairs as one unit: a snapshot sees all or none. Values
 *  are validated first; on a bad value nothing is recorded. */
LLMM_API int llmm_recorder_add_many(llmm_recorder_shard *s, const uint32_t *channels,
                                    const double *v, size_t n);
/** Adds delta to a counter. */
LLMM_API int llmm_recorder_count(llmm_recorder_shard *s, uint32_t counter, uint64_t delta);

/** Folds everything recorded so far into the recorder's totals and writes them:
 *  sketches[c] (n_channels caller-created sketches with the recorder's sketch options;
 *  their previous content is replaced; the array or entries may be NULL to skip) and
 *  counters[k] (n_counters values; may be NULL). With reset != 0 the totals restart
 *  from zero afterwards (interval snapshots). Any thread; concurrent snapshots wait. */
LLMM_API int llmm_recorder_snapshot(llmm_recorder *r, int reset, llmm_sketch *const *sketches,
                                    uint64_t *counters);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_SKETCH_H */
