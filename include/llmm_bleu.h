/*
 * llmm_bleu.h - corpus and sentence BLEU exactly as sacrebleu 2.6.0 computes it.
 *
 * Shape: extract -> merge -> finalize.
 *   llmm_bleu_create()          a scorer: options + reusable buffers (not thread-safe;
 *                               use one per thread)
 *   llmm_bleu_extract()         one segment -> llmm_bleu_stats (plain integers)
 *   llmm_bleu_extract_corpus()  a whole corpus in one call (the binding's path)
 *   llmm_bleu_stats_merge()     associative, commutative addition
 *   llmm_bleu_finalize()        stats -> score, no scorer needed
 *   llmm_bleu_stats_serialize() a versioned little-endian byte format (docs/bleu.md)
 */
#ifndef LLMM_BLEU_H
#define LLMM_BLEU_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tokenizers of sacrebleu (ja-mecab, ko-mecab and spm are out of scope). */
typedef enum llmm_tokenizer {
    LLMM_TOK_NONE = 0,
    LLMM_TOK_13A = 1,
    LLMM_TOK_INTL = 2,
    LLMM_TOK_CHAR = 3,
    LLMM_TOK_ZH = 4
} llmm_tokenizer;

/** Parses a sacrebleu tokenizer name ("none", "13a", "intl", "char", "zh"). */
LLMM_API int llmm_tokenizer_from_name(const char *name, size_t len, llmm_tokenizer *out);
/** sacrebleu's name of a tokenizer, or NULL for an unknown value. */
LLMM_API const char *llmm_tokenizer_name(llmm_tokenizer tok);

typedef enum llmm_bleu_smooth {
    LLMM_SMOOTH_NONE = 0,
    LLMM_SMOOTH_FLOOR = 1,
    LLMM_SMOOTH_ADD_K = 2,
    LLMM_SMOOTH_EXP = 3
} llmm_bleu_smooth;

LLMM_API int llmm_bleu_smooth_from_name(const char *name, size_t len, llmm_bleu_smooth *out);
LLMM_API const char *llmm_bleu_smooth_name(llmm_bleu_smooth method);

#define LLMM_BLEU_MAX_ORDER 4
LLMM_API int llmm_bleu_max_order(void); /* twin of LLMM_BLEU_MAX_ORDER */

typedef struct llmm_bleu_options {
    int tokenize;          /* llmm_tokenizer, default LLMM_TOK_13A */
    int lowercase;         /* default 0 */
    int smooth_method;     /* llmm_bleu_smooth, default LLMM_SMOOTH_EXP */
    double smooth_value;   /* < 0 (default -1): sacrebleu's default for the method
                              (floor 0.1, add-k 1) */
    int effective_order;   /* default 0 (sacrebleu's BLEU class and corpus_bleu) */
    int max_ngram_order;   /* 1..LLMM_BLEU_MAX_ORDER, default 4 */
    int strict_lengths;    /* default 0: like sacrebleu, a corpus whose hypothesis and
                              reference streams differ in length is truncated to the
                              shortest (zip); 1: LLMM_ELENGTH instead */
} llmm_bleu_options;

LLMM_API void llmm_bleu_options_default(llmm_bleu_options *opts);

/** Sufficient statistics of one segment or of many merged. Integers only.
 *  ref_len is signed: sacrebleu counts a segment with no reference at all as -1. */
typedef struct llmm_bleu_stats {
    uint64_t sys_len;
    int64_t ref_len;
    uint64_t counts[LLMM_BLEU_MAX_ORDER];
    uint64_t totals[LLMM_BLEU_MAX_ORDER];
} llmm_bleu_stats;

/** The score with sacrebleu's BLEUScore field names. counts/totals are doubles
 *  because add-k smoothing adds k (possibly fractional) to orders > 1, as sacrebleu
 *  reports them. */
typedef struct llmm_bleu_result {
    double score;
    double counts[LLMM_BLEU_MAX_ORDER];
    double totals[LLMM_BLEU_MAX_ORDER];
    double precisions[LLMM_BLEU_MAX_ORDER];
    double bp;
    uint64_t sys_len;
    int64_t ref_len;
    int max_ngram_order;   /* how many entries of the arrays are meaningful */
} llmm_bleu_result;

typedef struct llmm_bleu llmm_bleu;

/** Creates a scorer. `opts` NULL means defaults; `alloc` NULL means malloc.
 *  Returns LLMM_EINVAL for an unknown tokenizer/smoothing or a bad order. */
LLMM_API int llmm_bleu_create(llmm_bleu **out, const llmm_bleu_options *opts,
                              const llmm_allocator *alloc);
/** Frees a scorer; NULL is a no-op. */
LLMM_API void llmm_bleu_free(llmm_bleu *bleu);

/** Statistics of one hypothesis against `n_refs` references (n_refs may be 0, as for a
 *  segment whose references are all missing). *out is overwritten, not added to. */
LLMM_API int llmm_bleu_extract(llmm_bleu *bleu, llmm_str hyp, const llmm_str *refs,
                               size_t n_refs, llmm_bleu_stats *out);

/**
 * A corpus in one call. `refs` is an array of `n_streams` reference streams, each
 * parallel to `hyps` (sacrebleu's layout); a missing item (present[i] == 0) is
 * sacrebleu's None. `total` receives the merged statistics; `per_segment`, when
 * non-NULL, receives one entry per scored segment (room for hyps->count).
 * *n_scored (if non-NULL) is the number of segments scored (see strict_lengths).
 * On error, *bad_index (if non-NULL) names the segment, and *bad_stream the stream
 * (-1 for the hypothesis).
 */
LLMM_API int llmm_bleu_extract_corpus(llmm_bleu *bleu, const llmm_strs *hyps,
                                      const llmm_strs *refs, size_t n_streams,
                                      llmm_bleu_stats *total, llmm_bleu_stats *per_segment,
                                      size_t *n_scored, size_t *bad_index, int *bad_stream);

LLMM_API void llmm_bleu_stats_init(llmm_bleu_stats *stats);
/** dst += src. */
LLMM_API void llmm_bleu_stats_merge(llmm_bleu_stats *dst, const llmm_bleu_stats *src);

/** Turns statistics into a score with the given options (NULL = defaults). */
LLMM_API int llmm_bleu_finalize(const llmm_bleu_options *opts, const llmm_bleu_stats *stats,
                                llmm_bleu_result *out);

/** sacrebleu's signature, e.g. "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0".
 *  n_refs < 0 prints "var". Writes a NUL-terminated string; LLMM_EBUFFER if cap is short. */
LLMM_API int llmm_bleu_signature(const llmm_bleu_options *opts, int n_refs, char *buf,
                                 size_t cap);

/* Serialized statistics: see docs/serialization.md. */
#define LLMM_BLEU_STATS_SERIALIZED_SIZE 104
LLMM_API size_t llmm_bleu_stats_serialized_size(void);
LLMM_API int llmm_bleu_stats_serialize(const llmm_bleu_stats *stats, void *buf, size_t cap,
                                       size_t *written);
LLMM_API int llmm_bleu_stats_deserialize(llmm_bleu_stats *stats, const void *buf, size_t len);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_bleu_options_size(void);
LLMM_API size_t llmm_bleu_stats_size(void);
LLMM_API size_t llmm_bleu_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_BLEU_H */
