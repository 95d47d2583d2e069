/* signif_internal.h - the metric-independent resampling engine behind llmm_signif.h.
 *
 * A metric plugs in with a small vtable over its per-segment statistics records
 * (fixed-size, `rec_size` bytes, stored contiguously): zero an accumulator, add one
 * record to it, turn an accumulator into a score. BLEU's binding is signif_bleu.c;
 * chrF or TER need the same few lines.
 *
 * Two sets of operations, because sacrebleu itself accumulates two ways:
 *   exact     corpus scores and approximate randomization, where sacrebleu sums the
 *             statistics as Python ints / an int64 matmul (significance.py:159-161);
 *   resample  bootstrap resamples, where it sums a float32 copy of the statistics
 *             (significance.py:80-86, :241-254), row by row.
 * A metric whose statistics add the same either way may pass the same operations twice.
 * When the exact accumulator is a record (acc_size == rec_size) and adds exactly, an
 * exact `sub` lets approximate randomization add only the swapped segments
 * (a = sum(sys) + sum over swapped i of (bl_i - sys_i), b = sum(bl) + sum(sys) - a);
 * otherwise leave it NULL for the plain two-accumulator loop. */
#ifndef LLMMI_SIGNIF_INTERNAL_H
#define LLMMI_SIGNIF_INTERNAL_H
#include "llmm_signif.h"

typedef struct llmmi_signif_ops {
    size_t acc_size;
    void (*zero)(void *acc, const void *ctx);
    void (*add)(void *acc, const void *rec, const void *ctx);    /* acc += rec */
    void (*sub)(void *acc, const void *rec, const void *ctx);    /* acc -= rec, or NULL */
    int (*score)(const void *acc, const void *ctx, double *out); /* LLMM_OK or an error */
    /* Optional batch form of `add` (NULL: the engine loops over add), in this order:
     * acc += recs[idx[0]] + ... + recs[idx[n-1]] (bootstrap resamples; AR's swapped
     * bl - sys differences). */
    void (*add_indexed)(void *acc, const void *recs, const uint32_t *idx, size_t n,
                        const void *ctx);
    /* resample only, optional: the records it adds are n `rec_size`-byte conversions
     * of the metric's records, made once per system (sacrebleu's
     * np.array(stats, dtype='float32')); NULL: the metric's records themselves. */
    size_t rec_size;
    void (*convert)(void *dst, const void *recs, size_t n, const void *ctx);
} llmmi_signif_ops;

typedef struct llmmi_signif_metric {
    size_t rec_size;
    llmmi_signif_ops exact;
    llmmi_signif_ops resample;
    /* Scores an AR pseudo-system (an exact accumulator), when that differs from
     * exact.score (BLEU: sacrebleu scores int64 arrays there); NULL = exact.score. */
    int (*trial_score)(const void *acc, const void *ctx, double *out);
    const void *ctx;
} llmmi_signif_metric;

/* Single-system bootstrap CI (Metric.corpus_score(n_bootstrap=n)). */
int llmmi_signif_confidence(const llmmi_signif_metric *m, const void *recs, size_t n,
                            const llmm_signif_options *o, llmm_signif_result *out,
                            const llmm_allocator *alloc);
/* PairedTest over `n_sys` systems of `n` records each, systems[0] the baseline. */
int llmmi_signif_paired(const llmmi_signif_metric *m, const void *const *systems,
                        size_t n_sys, size_t n, const llmm_signif_options *o,
                        llmm_signif_result *out, const llmm_allocator *alloc);

/* ---- NumPy stream pieces (np_random.c) ---- */
/* buffered_bounded_lemire_uint32: uniform in [0, rng_incl], rng_incl < 2^32 - 1. */
uint32_t llmmi_np_lemire32(llmm_pcg64 *rng, uint32_t rng_incl);
/* The 32-bit bit buffer of one Generator.integers(2, dtype=bool) call
 * (buffered_bounded_bool with rng = 1): a fresh next32 word gives its 32 bits, lowest
 * first; the buffer starts empty at each call. */
typedef struct llmmi_np_bits {
    uint32_t buf;
    int cnt;
} llmmi_np_bits;

static inline void llmmi_np_bits_init(llmmi_np_bits *b)
{
    b->buf = 0;
    b->cnt = 0;
}

static inline int llmmi_np_bit(llmm_pcg64 *rng, llmmi_np_bits *b)
{
    if (!b->cnt) {
        b->buf = llmm_pcg64_next32(rng);
        b->cnt = 31;
    } else {
        b->buf >>= 1;
        b->cnt--;
    }
    return (int)(b->buf & 1u);
}

/* ---- NumPy / Python statistics (np_stats.c) ---- */
/* np.mean of a contiguous float64 vector: pairwise summation (numpy's
 * DOUBLE_pairwise_sum, blocks of 128, 8 accumulators) then / n. */
double llmmi_np_mean(const double *x, size_t n);
/* statistics.mean: the exact sum divided by n, correctly rounded. n < 2^32. */
double llmmi_py_mean(const double *x, size_t n);
/* np.sort order (ascending, NaN last), in place. */
void llmmi_np_sort(double *x, size_t n);
/* significance.py:38-54 estimate_ci on sorted scores: lower = x[n // 40],
 * upper = x[n - n // 40 - 1], ci = 0.5 * (upper - lower). */
double llmmi_ci_halfwidth(const double *sorted, size_t n);
/* significance.py:89-109 _compute_p_value: (#{stats > real} + 1) / (n + 1). */
double llmmi_p_value(const double *stats, size_t n, double real);

#endif
