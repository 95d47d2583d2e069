/*
 * llmm_ter.h - translation edit rate (TER) exactly as sacrebleu 2.6.0 computes it
 * (its tercom re-implementation: beam edit distance plus greedy block shifts).
 *
 * Shape: extract -> merge -> finalize (as llmm_bleu.h).
 *   llmm_ter_create()          a scorer: options + reusable buffers (not thread-safe;
 *                              use one per thread)
 *   llmm_ter_extract()         one segment -> llmm_ter_stats (integers)
 *   llmm_ter_extract_corpus()  a whole corpus in one call (the binding's path)
 *   llmm_ter_stats_merge()     associative, commutative addition
 *   llmm_ter_finalize()        stats -> score, no scorer needed
 *   llmm_ter_stats_serialize() a versioned little-endian byte format (docs/ter.md)
 */
#ifndef LLMM_TER_H
#define LLMM_TER_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct llmm_ter_options {
    int normalized;      /* default 0: tercom "general + western" normalization */
    int no_punct;        /* default 0: delete . , ? : ; ! " ( ) */
    int asian_support;   /* default 0: with normalized, split CJK characters; with
                            no_punct, also delete CJK / full-width punctuation */
    int case_sensitive;  /* default 0: TER lowercases (Python str.lower()) */
    int strict_lengths;  /* default 0: like sacrebleu, a corpus whose hypothesis and
                            reference streams differ in length is truncated to the
                            shortest (zip); 1: LLMM_ELENGTH instead */
} llmm_ter_options;

LLMM_API void llmm_ter_options_default(llmm_ter_options *opts);

/* The mean reference length of a segment is stored exactly as an integer count of
 * 1/LLMM_TER_LENGTH_SCALE words (lcm(1..16), so exact for up to 16 references). */
#define LLMM_TER_LENGTH_SCALE 720720
LLMM_API uint64_t llmm_ter_length_scale(void); /* twin of LLMM_TER_LENGTH_SCALE */

/** Sufficient statistics of one segment or of many merged (sacrebleu's
 *  [edits, mean reference length], summed). */
typedef struct llmm_ter_stats {
    uint64_t num_edits;       /* fewest edits over the segment's references */
    uint64_t ref_length_sc;   /* mean reference length x LLMM_TER_LENGTH_SCALE,
                                 rounded to nearest for more than 16 references
                                 when the count does not divide the scale */
} llmm_ter_stats;

/** The score with sacrebleu's TERScore field names. */
typedef struct llmm_ter_result {
    double score;             /* 100 * num_edits / ref_length (100 or 0 if ref_length
                                 is 0, as sacrebleu) */
    uint64_t num_edits;
    double ref_length;        /* sum over segments of the mean reference length */
} llmm_ter_result;

typedef struct llmm_ter llmm_ter;

/** Creates a scorer. `opts` NULL means defaults; `alloc` NULL means malloc. */
LLMM_API int llmm_ter_create(llmm_ter **out, const llmm_ter_options *opts,
                             const llmm_allocator *alloc);
/** Frees a scorer; NULL is a no-op. */
LLMM_API void llmm_ter_free(llmm_ter *ter);

/** Statistics of one hypothesis against `n_refs` references: the fewest edits over
 *  the references and their mean length. n_refs == 0 gives LLMM_EEMPTY (sacrebleu
 *  divides by the number of references). *out is overwritten, not added to. */
LLMM_API int llmm_ter_extract(llmm_ter *ter, llmm_str hyp, const llmm_str *refs, size_t n_refs,
                              llmm_ter_stats *out);

/**
 * A corpus in one call, with the conventions of llmm_chrf_extract_corpus: `refs` is
 * an array of `n_streams` reference streams parallel to `hyps`, a missing item is
 * skipped, `per_segment` (optional) receives hyps->count entries, *bad_index /
 * *bad_stream name a failing segment / stream (-1 = hypothesis; 0 with LLMM_EEMPTY
 * for a segment whose references are all missing).
 */
LLMM_API int llmm_ter_extract_corpus(llmm_ter *ter, const llmm_strs *hyps, const llmm_strs *refs,
                                     size_t n_streams, llmm_ter_stats *total,
                                     llmm_ter_stats *per_segment, size_t *n_scored,
                                     size_t *bad_index, int *bad_stream);

LLMM_API void llmm_ter_stats_init(llmm_ter_stats *stats);
/** dst += src. */
LLMM_API void llmm_ter_stats_merge(llmm_ter_stats *dst, const llmm_ter_stats *src);

/** Turns statistics into a score (sacrebleu's TER._compute_score_from_stats). */
LLMM_API int llmm_ter_finalize(const llmm_ter_stats *stats, llmm_ter_result *out);

/** sacrebleu's signature, e.g. "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0".
 *  n_refs < 0 prints "var". Writes a NUL-terminated string; LLMM_EBUFFER if cap is short. */
LLMM_API int llmm_ter_signature(const llmm_ter_options *opts, int n_refs, char *buf, size_t cap);

/* Serialized statistics: see docs/ter.md. */
#define LLMM_TER_STATS_SERIALIZED_SIZE 32
LLMM_API size_t llmm_ter_stats_serialized_size(void);
LLMM_API int llmm_ter_stats_serialize(const llmm_ter_stats *stats, void *buf, size_t cap,
                                      size_t *written);
LLMM_API int llmm_ter_stats_deserialize(llmm_ter_stats *stats, const void *buf, size_t len);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_ter_options_size(void);
LLMM_API size_t llmm_ter_stats_size(void);
LLMM_API size_t llmm_ter_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_TER_H */
