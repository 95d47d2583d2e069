/*
 * llmm_calib.h - calibration metrics that match torchmetrics 1.9.0 and
 * scikit-learn 1.2.1: binned (equal-width) expected calibration error with the
 * l1 / l2 / max norms, adaptive (equal-mass) ECE, Brier score, log loss,
 * reliability-curve bins and temperature scaling.
 *
 * Shape: extract -> merge -> finalize. The binned ECE, the Brier / log-loss
 * accumulator and the uniform reliability curve are mergeable statistics (integer
 * counts plus exact, order-independent float sums), so predictions can stream
 * through in constant memory and shards merge to the same answer in any order.
 * Adaptive ECE, the quantile reliability curve and temperature scaling need all
 * the data at once (a sort, percentiles, an optimisation) and are batch functions.
 *
 * Inputs: probabilities or logits as double; labels as int32 class indices.
 * NaN or infinite values give LLMM_ENONFINITE, labels out of range LLMM_ERANGE, in
 * both cases before anything is accumulated (updates are all-or-nothing).
 * See docs/calibration.md.
 */
#ifndef LLMM_CALIB_H
#define LLMM_CALIB_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- shared enums --------------------------------------------------------------- */

/** How `preds` are read. */
typedef enum llmm_calib_input {
    LLMM_CALIB_INPUT_AUTO = 0,   /* torchmetrics: logits when any value of the batch lies
                                    outside [0, 1] (sigmoid / softmax applied), else
                                    probabilities */
    LLMM_CALIB_INPUT_PROBS = 1,  /* probabilities, must lie in [0, 1] (LLMM_EDOMAIN) */
    LLMM_CALIB_INPUT_LOGITS = 2  /* always apply sigmoid (binary) / softmax (multiclass) */
} llmm_calib_input;

/** The floating-point type torchmetrics would compute in. */
typedef enum llmm_calib_dtype {
    LLMM_CALIB_F64 = 0,  /* float64 bin edges and confidences (torchmetrics with float64
                            binary preds; the exact "replica" definition) */
    LLMM_CALIB_F32 = 1   /* float32 bin edges and confidences, result rounded to float32
                            (torchmetrics with float32 preds; multiclass torchmetrics always
                            works in float32) */
} llmm_calib_dtype;

/* ---- binned ECE (torchmetrics CalibrationError) ------------------------------------ */

typedef struct llmm_calib_ece_options {
    uint32_t n_bins;  /* number of equal-width bins, 1..LLMM_CALIB_MAX_BINS, default 15 */
    int input;        /* llmm_calib_input, default LLMM_CALIB_INPUT_AUTO */
    int dtype;        /* llmm_calib_dtype, default LLMM_CALIB_F64 */
    int isa;          /* llmm_isa of the binary float64 probability kernel, default
                         LLMM_ISA_AUTO; every path gives identical statistics.
                         llmm_calib_ece_create gives LLMM_EUNSUPPORTED for a path this
                         CPU cannot run. Not serialized, not compared by merge. */
} llmm_calib_ece_options;

#define LLMM_CALIB_MAX_BINS 100000u
LLMM_API uint32_t llmm_calib_max_bins(void); /* twin of LLMM_CALIB_MAX_BINS */

LLMM_API void llmm_calib_ece_options_default(llmm_calib_ece_options *opts);

/** The three norms at once (torchmetrics norm="l1", "l2", "max"). */
typedef struct llmm_calib_ece_result {
    double l1;        /* sum_b prop_b |acc_b - conf_b|: the ECE; NaN when empty (0/0) */
    double l2;        /* sqrt(sum_b prop_b (acc_b - conf_b)^2), 0 when that sum is 0 */
    double max;       /* max_b |acc_b - conf_b| over all n_bins + 1 bins (empty ones count
                         as 0): the MCE; 0 when empty */
    uint64_t count;   /* predictions accumulated */
} llmm_calib_ece_result;

/** One bin. torchmetrics has n_bins + 1 of them: [edge_i, edge_{i+1}) for i < n_bins,
 *  and the extra last one, index n_bins, holds the confidences >= the last edge (1.0). */
typedef struct llmm_calib_bin {
    double lower, upper;     /* edges (upper of the extra bin = lower) */
    uint64_t count;          /* predictions in the bin */
    uint64_t correct;        /* of which correct (binary: target == 1) */
    double mean_confidence;  /* 0 for an empty bin */
    double accuracy;         /* correct / count, 0 for an empty bin */
} llmm_calib_bin;

typedef struct llmm_calib_ece llmm_calib_ece;

/** `opts` NULL means defaults, `alloc` NULL means malloc. LLMM_EINVAL for a bad option. */
LLMM_API int llmm_calib_ece_create(llmm_calib_ece **out, const llmm_calib_ece_options *opts,
                                   const llmm_allocator *alloc);
LLMM_API void llmm_calib_ece_free(llmm_calib_ece *ece);
LLMM_API int llmm_calib_ece_reset(llmm_calib_ece *ece);

/** Binary task: `preds` are positive-class probabilities (or logits), `target` 0/1.
 *  Confidence is the probability itself and "accuracy" the 0/1 target (torchmetrics
 *  binary_calibration_error: positive-class calibration, not max(p, 1 - p)). */
LLMM_API int llmm_calib_ece_update_binary(llmm_calib_ece *ece, const double *preds,
                                          const int32_t *target, size_t n);
/** llmm_calib_ece_update_binary with int64 targets (numpy's and torch's default integer
 *  type), read in place: same statuses and statistics. */
LLMM_API int llmm_calib_ece_update_binary_i64(llmm_calib_ece *ece, const double *preds,
                                              const int64_t *target, size_t n);
/** Multiclass task: `preds` is n rows of n_classes (row-major) probabilities or logits,
 *  `target` in [0, n_classes). Top-label: confidence = max probability, correct =
 *  (first argmax == target). */
LLMM_API int llmm_calib_ece_update_multiclass(llmm_calib_ece *ece, const double *preds,
                                              size_t n, size_t n_classes,
                                              const int32_t *target);
/** Raw (confidence, correct) pairs, confidence in [0, 1], correct 0/1 (any non-zero). */
LLMM_API int llmm_calib_ece_update_confidence(llmm_calib_ece *ece, const double *confidence,
                                              const unsigned char *correct, size_t n);

/** dst += src; the options must be equal (LLMM_EINVAL otherwise). */
LLMM_API int llmm_calib_ece_merge(llmm_calib_ece *dst, const llmm_calib_ece *src);
/** The three norms. Empty statistics: LLMM_EEMPTY, with *out still filled with
 *  torchmetrics' values for empty input (l1 NaN, l2 0, max 0). */
LLMM_API int llmm_calib_ece_result_get(const llmm_calib_ece *ece, llmm_calib_ece_result *out);
/** Number of bins reported by llmm_calib_ece_bin: n_bins + 1. */
LLMM_API uint32_t llmm_calib_ece_n_bins_total(const llmm_calib_ece *ece);
LLMM_API int llmm_calib_ece_bin(const llmm_calib_ece *ece, uint32_t index, llmm_calib_bin *out);

/** Serialized statistics (envelope kind CALIB, docs/calibration.md). The size depends
 *  on the contents; ask llmm_calib_ece_serialized_size first. */
LLMM_API size_t llmm_calib_ece_serialized_size(const llmm_calib_ece *ece);
LLMM_API int llmm_calib_ece_serialize(const llmm_calib_ece *ece, void *buf, size_t cap,
                                      size_t *written);
LLMM_API int llmm_calib_ece_deserialize(llmm_calib_ece **out, const void *buf, size_t len,
                                        const llmm_allocator *alloc);

/* ---- top-label helper ---------------------------------------------------------- */

/** Confidence and correctness of each row exactly as the multiclass ECE sees them
 *  (softmax applied per `input`, first argmax on ties). `confidence` and `correct`
 *  have room for n. */
LLMM_API int llmm_calib_top_label(const double *preds, size_t n, size_t n_classes,
                                  const int32_t *target, int input, double *confidence,
                                  unsigned char *correct);

/* ---- adaptive (equal-mass) ECE ---------------------------------------------------- */

/**
 * Equal-mass ECE: stable sort by confidence, split into n_bins groups as
 * np.array_split does (the first n mod n_bins groups get one extra element), and
 * sum_g (n_g / n) |mean(correct_g) - mean(confidence_g)|; empty groups are skipped.
 * For a binary task pass the positive-class probability and the 0/1 target.
 * LLMM_EEMPTY when n == 0, LLMM_EDOMAIN for a confidence outside [0, 1].
 */
LLMM_API int llmm_calib_adaptive_ece(const double *confidence, const unsigned char *correct,
                                     size_t n, uint32_t n_bins, double *out,
                                     const llmm_allocator *alloc);

/* ---- Brier score and log loss (scikit-learn 1.2.1) --------------------------------- */

typedef struct llmm_calib_prob llmm_calib_prob;

typedef struct llmm_calib_prob_result {
    double brier;       /* binary: sklearn brier_score_loss = mean (p - y)^2;
                           multiclass: mean over samples of sum_k (p_k - onehot_k)^2 */
    double log_loss;    /* sklearn log_loss(eps="auto"): p clipped to [eps, 1 - eps],
                           eps = 2^-52, rows renormalised, mean -log p_true */
    int log_loss_status; /* LLMM_OK, or LLMM_EDOMAIN when y_true does not contain every
                            class (sklearn raises "y_true contains only one label" /
                            "different number of classes" unless `labels=` names them;
                            log_loss is then the value sklearn gives with labels=) */
    uint64_t count;
    double weight_sum;  /* sum of the sample weights (the count when unweighted); brier
                           and log_loss are the weighted sums divided by it */
    double log_loss_sum; /* sum of weight * -log p_true (sklearn log_loss
                            normalize=False) */
} llmm_calib_prob_result;

/** n_classes == 1: binary, `probs` are positive-class probabilities and targets 0/1;
 *  n_classes >= 2: rows of n_classes probabilities. LLMM_EINVAL for n_classes 0 or
 *  above 2^24. */
LLMM_API int llmm_calib_prob_create(llmm_calib_prob **out, size_t n_classes,
                                    const llmm_allocator *alloc);
LLMM_API void llmm_calib_prob_free(llmm_calib_prob *p);
LLMM_API int llmm_calib_prob_reset(llmm_calib_prob *p);
/** Probabilities must lie in [0, 1] (LLMM_EDOMAIN; sklearn's brier_score_loss raises). */
LLMM_API int llmm_calib_prob_update(llmm_calib_prob *p, const double *probs,
                                    const int32_t *target, size_t n);
/** The same with sklearn's `sample_weight`: each term times its weight, summed exactly,
 *  divided by the exact sum of the weights (np.average(terms, weights=w)). Weights may
 *  be negative; NaN / inf gives LLMM_ENONFINITE. Unweighted updates count weight 1. */
LLMM_API int llmm_calib_prob_update_weighted(llmm_calib_prob *p, const double *probs,
                                             const int32_t *target, const double *weight,
                                             size_t n);
LLMM_API int llmm_calib_prob_merge(llmm_calib_prob *dst, const llmm_calib_prob *src);
/** LLMM_EEMPTY when nothing was added (sklearn raises on empty input); LLMM_EDOMAIN
 *  when the weights sum to 0 (np.average's ZeroDivisionError; brier / log_loss are
 *  then NaN or +-inf, log_loss_sum still valid). */
LLMM_API int llmm_calib_prob_result_get(const llmm_calib_prob *p, llmm_calib_prob_result *out);
LLMM_API size_t llmm_calib_prob_serialized_size(const llmm_calib_prob *p);
LLMM_API int llmm_calib_prob_serialize(const llmm_calib_prob *p, void *buf, size_t cap,
                                       size_t *written);
LLMM_API int llmm_calib_prob_deserialize(llmm_calib_prob **out, const void *buf, size_t len,
                                         const llmm_allocator *alloc);

/* ---- reliability curve (sklearn calibration_curve) --------------------------------- */

/**
 * Uniform strategy, mergeable: edges np.linspace(0, 1, n_bins + 1), bin =
 * searchsorted(edges[1:-1], p, side="left"), i.e. bins (lo, hi] - right-closed, the
 * opposite of torchmetrics. Binary only: probs in [0, 1], targets 0/1.
 */
typedef struct llmm_calib_curve llmm_calib_curve;

LLMM_API int llmm_calib_curve_create(llmm_calib_curve **out, uint32_t n_bins,
                                     const llmm_allocator *alloc);
LLMM_API void llmm_calib_curve_free(llmm_calib_curve *cc);
LLMM_API int llmm_calib_curve_update(llmm_calib_curve *cc, const double *probs,
                                     const int32_t *target, size_t n);
LLMM_API int llmm_calib_curve_merge(llmm_calib_curve *dst, const llmm_calib_curve *src);
/**
 * The non-empty bins, as sklearn returns them: prob_true (fraction of positives) and
 * prob_pred (mean probability); `counts` (optional) gets each bin's size. The arrays
 * need room for n_bins; *n_out receives the number of non-empty bins.
 */
LLMM_API int llmm_calib_curve_result(const llmm_calib_curve *cc, double *prob_true,
                                     double *prob_pred, uint64_t *counts, size_t *n_out);
LLMM_API size_t llmm_calib_curve_serialized_size(const llmm_calib_curve *cc);
LLMM_API int llmm_calib_curve_serialize(const llmm_calib_curve *cc, void *buf, size_t cap,
                                        size_t *written);
LLMM_API int llmm_calib_curve_deserialize(llmm_calib_curve **out, const void *buf, size_t len,
                                          const llmm_allocator *alloc);

/**
 * Quantile strategy (batch): edges np.percentile(probs, linspace(0, 100, n_bins + 1))
 * with numpy 1.24's linear interpolation, duplicate edges kept, then binned as above.
 * Output arrays need room for n_bins. LLMM_EEMPTY when n == 0.
 */
LLMM_API int llmm_calib_curve_quantile(const double *probs, const int32_t *target, size_t n,
                                       uint32_t n_bins, double *prob_true, double *prob_pred,
                                       uint64_t *counts, size_t *n_out,
                                       const llmm_allocator *alloc);

/* ---- temperature scaling ------------------------------------------------------------ */

/** Mean NLL of softmax(logits / T): mean_i [logsumexp(l_i / T) - l_{i,y} / T], float64,
 *  summed exactly. LLMM_EINVAL for T <= 0 or not finite, LLMM_EEMPTY for n == 0. */
LLMM_API int llmm_calib_nll(const double *logits, size_t n, size_t n_classes,
                            const int32_t *target, double temperature, double *out);

typedef struct llmm_calib_temperature_options {
    double t_min, t_max;  /* search interval, default [1e-3, 1e3] */
    uint32_t n_bins;      /* bins of the ECE reported before/after, default 15 */
} llmm_calib_temperature_options;

LLMM_API void llmm_calib_temperature_options_default(llmm_calib_temperature_options *opts);

typedef struct llmm_calib_temperature_result {
    double temperature;   /* the T minimising the NLL (root of dNLL/dT, to ~1 ulp in log T) */
    double nll_before;    /* at T = 1 */
    double nll_after;     /* at the optimum */
    double ece_before;    /* top-label l1 ECE (float64 binning, n_bins) at T = 1 */
    double ece_after;     /* ... at the optimum */
    double g_min, g_max;  /* g(T) = mean(E_softmax(l/T)[l] - l_y) = -T^2 dNLL/dT at the
                             interval ends; filled even when no minimiser is found */
} llmm_calib_temperature_result;

/**
 * The temperature that minimises the NLL of softmax(logits / T) on the given
 * labels: the root of g(T) in [t_min, t_max], found by Brent's method in log T.
 * When g does not change sign over the interval (always right -> T -> 0, always
 * wrong -> T -> inf) there is no interior minimiser: LLMM_EDOMAIN, with nll_before,
 * ece_before, g_min and g_max still filled. `opts` NULL means defaults.
 */
LLMM_API int llmm_calib_temperature_fit(const double *logits, size_t n, size_t n_classes,
                                        const int32_t *target,
                                        const llmm_calib_temperature_options *opts,
                                        llmm_calib_temperature_result *out,
                                        const llmm_allocator *alloc);

/* ---- struct sizes for FFI layers -------------------------------------------------- */
LLMM_API size_t llmm_calib_ece_options_size(void);
LLMM_API size_t llmm_calib_ece_result_size(void);
LLMM_API size_t llmm_calib_bin_size(void);
LLMM_API size_t llmm_calib_prob_result_size(void);
LLMM_API size_t llmm_calib_temperature_options_size(void);
LLMM_API size_t llmm_calib_temperature_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_CALIB_H */
