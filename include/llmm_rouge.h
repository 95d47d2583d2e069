/*
 * llmm_rouge.h - ROUGE-N, ROUGE-L and ROUGE-Lsum exactly as Google's rouge-score 0.1.2
 * computes them (rouge_scorer.RougeScorer), with NLTK's Porter stemmer (llmm_porter.h).
 * See docs/rouge.md.
 *
 * Shape: score -> extract -> merge -> finalize.
 *   llmm_rouge_create()         a scorer: options + reusable buffers and a token cache
 *                               (not thread-safe; use one per thread)
 *   llmm_rouge_score()          one prediction against one target (rouge-score's score())
 *   llmm_rouge_score_multi()    against several targets, best F-measure wins (score_multi())
 *   llmm_rouge_extract()        the same as mergeable corpus statistics
 *   llmm_rouge_stats_merge()    associative, commutative, order-independent
 *   llmm_rouge_finalize()       statistics -> mean P/R/F per type
 *   llmm_rouge_bootstrap()      rouge-score's BootstrapAggregator: low/mid/high intervals
 *
 * Argument order: prediction first, then target(s) (rouge-score's score() takes
 * target first; the Python drop-in keeps its order).
 */
#ifndef LLMM_ROUGE_H
#define LLMM_ROUGE_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ROUGE types: rouge1..rouge9 are 0..8, then rougeL and rougeLsum. */
typedef enum llmm_rouge_type {
    LLMM_ROUGE_1 = 0,
    LLMM_ROUGE_2 = 1,
    LLMM_ROUGE_3 = 2,
    LLMM_ROUGE_4 = 3,
    LLMM_ROUGE_5 = 4,
    LLMM_ROUGE_6 = 5,
    LLMM_ROUGE_7 = 6,
    LLMM_ROUGE_8 = 7,
    LLMM_ROUGE_9 = 8,
    LLMM_ROUGE_L = 9,
    LLMM_ROUGE_LSUM = 10
} llmm_rouge_type;

#define LLMM_ROUGE_TYPE_COUNT 11
/* Bit of a type in llmm_rouge_options.types. */
#define LLMM_ROUGE_BIT(type) (1u << (type))
LLMM_API int llmm_rouge_type_count(void); /* twin of LLMM_ROUGE_TYPE_COUNT */

/** Parses a rouge-score type name: "rouge1".."rouge9", "rougeL", "rougeLsum".
 *  Anything else (including "rouge0" and "rouge10") is LLMM_EINVAL, where rouge-score
 *  raises ValueError. */
LLMM_API int llmm_rouge_type_from_name(const char *name, size_t len, int *out);
/** rouge-score's name of a type ("rouge1", "rougeLsum"), or NULL for an unknown value. */
LLMM_API const char *llmm_rouge_type_name(int type);

typedef struct llmm_rouge_options {
    unsigned types;      /* set of LLMM_ROUGE_BIT(type); default rouge1, rouge2, rougeL,
                            rougeLsum (the Hugging Face evaluate default) */
    int use_stemmer;     /* default 0: Porter-stem tokens longer than 3 characters */
    int split_summaries; /* default 0: rougeLsum sentences are the lines of the text.
                            1 (rouge-score: NLTK Punkt sentence splitting) is
                            LLMM_EUNSUPPORTED when rougeLsum is requested, and has no
                            effect otherwise (as in rouge-score) */
} llmm_rouge_options;

LLMM_API void llmm_rouge_options_default(llmm_rouge_options *opts);

typedef struct llmm_rouge_prf {
    double precision;
    double recall;
    double fmeasure;
} llmm_rouge_prf;

/** Scores of one pair (or means, or one bootstrap bound): entry `type` of `score` is
 *  meaningful when LLMM_ROUGE_BIT(type) is in `types`; the others are zero.
 *  best_target[type] is the index of the target whose score was taken (score_multi;
 *  0 otherwise). */
typedef struct llmm_rouge_result {
    unsigned types;
    llmm_rouge_prf score[LLMM_ROUGE_TYPE_COUNT];
    size_t best_target[LLMM_ROUGE_TYPE_COUNT];
} llmm_rouge_result;

typedef struct llmm_rouge llmm_rouge;

/** Creates a scorer. `opts` NULL means defaults; `alloc` NULL means malloc.
 *  LLMM_EINVAL for an empty or unknown type set, LLMM_EUNSUPPORTED for
 *  split_summaries with rougeLsum. */
LLMM_API int llmm_rouge_create(llmm_rouge **out, const llmm_rouge_options *opts,
                               const llmm_allocator *alloc);
/** Frees a scorer; NULL is a no-op. */
LLMM_API void llmm_rouge_free(llmm_rouge *rouge);

/** rouge-score `score(target, prediction)`. LLMM_EUTF8 for malformed UTF-8. */
LLMM_API int llmm_rouge_score(llmm_rouge *rouge, llmm_str prediction, llmm_str target,
                              llmm_rouge_result *out);
/** rouge-score `score_multi(targets, prediction)`: per type, the target with the
 *  highest F-measure (the first on ties) gives the whole score. n_targets == 0 is
 *  LLMM_EEMPTY (rouge-score: "attempt to get argmax of an empty sequence"). */
LLMM_API int llmm_rouge_score_multi(llmm_rouge *rouge, llmm_str prediction,
                                    const llmm_str *targets, size_t n_targets,
                                    llmm_rouge_result *out);

/* ---- corpus statistics ------------------------------------------------------------
 * The sum of each per-example P, R and F, kept exactly in fixed point: every value
 * (in [0, 1]) is rounded once to a multiple of 2^-128 and the multiples are added as
 * 192-bit integers (64 integer bits), so merging in any order or grouping gives the
 * same bits. The mean differs from a left-to-right float sum by a few ulp per example. */
typedef struct llmm_rouge_stats {
    uint64_t n;       /* examples */
    unsigned types;   /* 0 until the first example is added */
    uint64_t sum[LLMM_ROUGE_TYPE_COUNT][3][3]; /* [type][P,R,F][little-endian words] */
} llmm_rouge_stats;

LLMM_API void llmm_rouge_stats_init(llmm_rouge_stats *stats);
/** Adds one example's scores. LLMM_EINVAL if its type set differs from the stats'. */
LLMM_API int llmm_rouge_stats_add(llmm_rouge_stats *stats, const llmm_rouge_result *r);
/** dst += src. LLMM_EINVAL for different type sets (empty stats merge with anything). */
LLMM_API int llmm_rouge_stats_merge(llmm_rouge_stats *dst, const llmm_rouge_stats *src);
/** Mean P/R/F per type. LLMM_EEMPTY when no example was added. */
LLMM_API int llmm_rouge_finalize(const llmm_rouge_stats *stats, llmm_rouge_result *mean);

/** Statistics of one example (score_multi; *out is overwritten, not added to). */
LLMM_API int llmm_rouge_extract(llmm_rouge *rouge, llmm_str prediction,
                                const llmm_str *targets, size_t n_targets,
                                llmm_rouge_stats *out);
/**
 * A corpus in one call. `refs` holds `n_streams` reference streams, each parallel to
 * `predictions` (the layout of llmm_bleu_extract_corpus); missing items
 * (present[i] == 0) are skipped, and an example with no reference at all is
 * LLMM_EEMPTY. Every stream must have predictions->count items (LLMM_ELENGTH).
 * `total` receives the merged statistics; `per_example`, when non-NULL, one result per
 * prediction. On error *bad_index (if non-NULL) names the example.
 */
LLMM_API int llmm_rouge_extract_corpus(llmm_rouge *rouge, const llmm_strs *predictions,
                                       const llmm_strs *refs, size_t n_streams,
                                       llmm_rouge_stats *total,
                                       llmm_rouge_result *per_example, size_t *bad_index);

/* Serialized statistics (envelope of docs/serialization.md, kind ROUGE): payload =
 * u64 n, u32 types, then the 99 u64 words of `sum`, all little-endian. */
#define LLMM_ROUGE_STATS_SERIALIZED_SIZE 820
LLMM_API size_t llmm_rouge_stats_serialized_size(void);
LLMM_API int llmm_rouge_stats_serialize(const llmm_rouge_stats *stats, void *buf, size_t cap,
                                        size_t *written);
LLMM_API int llmm_rouge_stats_deserialize(llmm_rouge_stats *stats, const void *buf,
                                          size_t len);

/* ---- bootstrap confidence intervals ------------------------------------------------
 * rouge-score's scoring.BootstrapAggregator: n_samples resamples (with replacement) of
 * the per-example scores, the mean of each, and the percentiles 100*(1-ci)/2, 50 and
 * 100*(1+ci)/2 of those means with linear interpolation (numpy's default). As in
 * rouge-score, `mid` is the median of the bootstrap means, not the plain mean.
 * Random numbers come from a counter-based generator keyed by `seed` (SplitMix64
 * finalizer), so results are reproducible and independent of threads; they are not
 * numpy's stream. */
typedef struct llmm_rouge_bootstrap_options {
    double confidence_interval; /* default 0.95; must lie in [0, 1] */
    size_t n_samples;           /* default 1000; must be positive */
    uint64_t seed;              /* default 0 */
} llmm_rouge_bootstrap_options;

LLMM_API void llmm_rouge_bootstrap_options_default(llmm_rouge_bootstrap_options *opts);

typedef struct llmm_rouge_aggregate {
    llmm_rouge_result low;
    llmm_rouge_result mid;
    llmm_rouge_result high;
} llmm_rouge_aggregate;

/** Intervals over `n` per-example results (all with the same type set; LLMM_EINVAL
 *  otherwise, LLMM_EEMPTY for n == 0, LLMM_EINVAL for bad options). Uses
 *  n_samples doubles of scratch memory from `alloc` (NULL = malloc). */
LLMM_API int llmm_rouge_bootstrap(const llmm_rouge_result *per_example, size_t n,
                                  const llmm_rouge_bootstrap_options *opts,
                                  llmm_rouge_aggregate *out, const llmm_allocator *alloc);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_rouge_options_size(void);
LLMM_API size_t llmm_rouge_result_size(void);
LLMM_API size_t llmm_rouge_stats_size(void);
LLMM_API size_t llmm_rouge_bootstrap_options_size(void);
LLMM_API size_t llmm_rouge_aggregate_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_ROUGE_H */
