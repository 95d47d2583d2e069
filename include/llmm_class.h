/*
 * llmm_class.h - classification metrics from a confusion matrix: accuracy,
 * precision, recall and F1 (binary, micro, macro, weighted) exactly as
 * scikit-learn 1.2.1 computes them, including its `zero_division` behaviour.
 *
 * Shape: extract -> merge -> finalize.
 *   llmm_class_create()      a K x K confusion matrix of integer counts (labels 0..K-1)
 *   llmm_class_update()      add (y_true, y_pred) pairs
 *   llmm_class_merge()       dst += src (associative, commutative: integer counts)
 *   llmm_class_accuracy(), llmm_class_prf()   finalize
 *   llmm_class_serialize()   a versioned little-endian byte format (docs/classification.md)
 *
 * Labels are class indices 0..K-1. scikit-learn works on the labels present in
 * y_true or y_pred only; here a class index that never occurs in either is not a
 * label either (it is left out of macro averages), so arbitrary label values can be
 * mapped to 0..K-1 in sorted order (np.unique) without changing any result.
 */
#ifndef LLMM_CLASS_H
#define LLMM_CLASS_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum llmm_class_average {
    LLMM_AVG_BINARY = 0,   /* the scores of pos_label only (sklearn average='binary') */
    LLMM_AVG_MICRO = 1,    /* from the summed counts over all labels */
    LLMM_AVG_MACRO = 2,    /* unweighted mean over the present labels */
    LLMM_AVG_WEIGHTED = 3  /* mean weighted by support (true count) */
} llmm_class_average;

/** Parses "binary", "micro", "macro", "weighted". */
LLMM_API int llmm_class_average_from_name(const char *name, size_t len, llmm_class_average *out);

typedef struct llmm_class_prf_options {
    int average;           /* llmm_class_average, default LLMM_AVG_BINARY (sklearn's default) */
    int64_t pos_label;     /* class index of the positive class for BINARY, default 1 */
    double zero_division;  /* the value of a 0/0 score, default 0.0 (sklearn "warn" and 0
                              both give 0; 1 gives 1) */
} llmm_class_prf_options;

LLMM_API void llmm_class_prf_options_default(llmm_class_prf_options *opts);

typedef struct llmm_class_prf_result {
    double precision;
    double recall;
    double f1;
    uint64_t support;      /* number of samples whose true label is scored (all for micro) */
    double weighted_support; /* the sum of their sample weights (sklearn's support with
                                sample_weight); = support when unweighted */
} llmm_class_prf_result;

typedef struct llmm_class llmm_class;

/** Creates an empty K x K confusion matrix, 1 <= n_classes <= LLMM_CLASS_MAX_CLASSES
 *  (4096; LLMM_EINVAL otherwise). `alloc` NULL means malloc. */
LLMM_API int llmm_class_create(llmm_class **out, uint32_t n_classes, const llmm_allocator *alloc);
/** Frees a matrix; NULL is a no-op. */
LLMM_API void llmm_class_free(llmm_class *cm);
/** Sets every count back to zero. */
LLMM_API int llmm_class_reset(llmm_class *cm);
LLMM_API uint32_t llmm_class_n_classes(const llmm_class *cm);
#define LLMM_CLASS_MAX_CLASSES 4096u
LLMM_API uint32_t llmm_class_max_classes(void); /* twin of LLMM_CLASS_MAX_CLASSES */

/**
 * Adds n pairs. Labels must lie in [0, K): otherwise LLMM_ERANGE with *bad_index
 * (if non-NULL) set to the first offending position, and nothing is added (the
 * update is all-or-nothing). n == 0 is a no-op (the arrays may then be NULL).
 */
LLMM_API int llmm_class_update(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                               size_t n, size_t *bad_index);

/**
 * Adds n pairs with sample weights (sklearn's `sample_weight`): every cell then holds
 * the exact sum of its weights (an order-independent superaccumulator: any batching
 * or merge order gives the same statistics, the sums correctly rounded when read),
 * and accuracy / precision / recall / F1 use the weight sums as sklearn does. Pairs
 * added without weights count as weight 1. Labels are validated as in
 * llmm_class_update; a NaN or infinite weight gives LLMM_ENONFINITE (*bad_index set);
 * negative weights are allowed (numpy allows them). All-or-nothing. Which labels are
 * present (macro averages, the binary check) still depends on the pairs, not their
 * weights, as in sklearn: a pair of weight 0 makes its labels present.
 */
LLMM_API int llmm_class_update_weighted(llmm_class *cm, const int32_t *y_true,
                                        const int32_t *y_pred, const double *weight, size_t n,
                                        size_t *bad_index);
/** llmm_class_update (weight NULL) or llmm_class_update_weighted with int64 labels
 *  (numpy's and torch's default integer type), read in place: same statuses,
 *  *bad_index and statistics. Allocates a staging buffer (and, past 16384 pairs, a
 *  scratch matrix merged in at the end). */
LLMM_API int llmm_class_update_i64(llmm_class *cm, const int64_t *y_true,
                                   const int64_t *y_pred, const double *weight, size_t n,
                                   size_t *bad_index);
/** 1 once weights were added (directly or by merging a weighted matrix), else 0. */
LLMM_API int llmm_class_is_weighted(const llmm_class *cm);
/** The weight sums, row-major by true label (the counts as doubles when unweighted),
 *  room for K*K (sklearn confusion_matrix with sample_weight). */
LLMM_API int llmm_class_confusion_weighted(const llmm_class *cm, double *out, size_t cap);

/** dst += src; both must have the same K (LLMM_EINVAL otherwise). Weighted if either
 *  is. */
LLMM_API int llmm_class_merge(llmm_class *dst, const llmm_class *src);

/** Number of pairs added so far. */
LLMM_API uint64_t llmm_class_total(const llmm_class *cm);
/** Count of (true == t, pred == p); LLMM_ERANGE for an index >= K. */
LLMM_API int llmm_class_count(const llmm_class *cm, uint32_t t, uint32_t p, uint64_t *out);
/** Copies the whole matrix, row-major by true label: out[t * K + p] (room for K*K). */
LLMM_API int llmm_class_confusion(const llmm_class *cm, uint64_t *out, size_t cap);

/** Fraction of pairs with y_true == y_pred (sklearn accuracy_score), by weight when
 *  weighted; NaN when empty. LLMM_EDOMAIN (value NaN or +-inf) when the weights sum to
 *  0 (sklearn: ZeroDivisionError). LLMM_ENOMEM possible (the scores allocate K sums). */
LLMM_API int llmm_class_accuracy(const llmm_class *cm, double *out);

/**
 * Precision, recall and F1 (beta = 1) as sklearn.metrics.precision_recall_fscore_support
 * with the given average. BINARY requires at most two present labels, else
 * LLMM_EDOMAIN ("Target is multiclass but average='binary'"), and, when two labels are
 * present, pos_label must be one of them (LLMM_EDOMAIN). Empty input: macro scores
 * NaN (mean of no labels), the others zero_division-driven as in sklearn.
 * `opts` NULL means defaults.
 */
LLMM_API int llmm_class_prf(const llmm_class *cm, const llmm_class_prf_options *opts,
                            llmm_class_prf_result *out);

/**
 * Precision, recall and F1 averaged over an explicit list of class indices
 * (sklearn's `labels=` with average micro, macro or weighted): every listed index is
 * scored, whether present or not (an index without pairs has zero counts, so its
 * precision and recall are zero_division), and an index listed twice counts twice.
 * micro sums tp, predicted and true over the list; macro / weighted average over it
 * (n_labels == 0: macro NaN, micro and weighted the zero_division values, as
 * sklearn). `support` / `weighted_support` are the sums over the list. average BINARY
 * is LLMM_EINVAL (sklearn ignores `labels` there: use llmm_class_prf). An index
 * >= K: LLMM_ERANGE. labels may be NULL when n_labels is 0.
 */
LLMM_API int llmm_class_prf_labels(const llmm_class *cm, const llmm_class_prf_options *opts,
                                   const uint32_t *labels, size_t n_labels,
                                   llmm_class_prf_result *out);

/** Scores of one class index (sklearn average=None), zero_division as given. */
LLMM_API int llmm_class_prf_label(const llmm_class *cm, uint32_t label, double zero_division,
                                  llmm_class_prf_result *out);

/* Serialized statistics: envelope + u32 K + K*K u64 counts, then, when weighted, the
 * exact weight sums of the counted cells (docs/classification.md). */
LLMM_API size_t llmm_class_serialized_size(const llmm_class *cm);
LLMM_API int llmm_class_serialize(const llmm_class *cm, void *buf, size_t cap, size_t *written);
/** Creates a new matrix from a serialized one (LLMM_EFORMAT / LLMM_EVERSION on bad data). */
LLMM_API int llmm_class_deserialize(llmm_class **out, const void *buf, size_t len,
                                    const llmm_allocator *alloc);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_class_prf_options_size(void);
LLMM_API size_t llmm_class_prf_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_CLASS_H */
