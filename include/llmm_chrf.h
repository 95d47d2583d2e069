/*
 * llmm_chrf.h - chrF and chrF++ exactly as sacrebleu 2.6.0 computes them.
 *
 * Shape: extract -> merge -> finalize (as llmm_bleu.h).
 *   llmm_chrf_create()          a scorer: options + reusable buffers (not thread-safe;
 *                               use one per thread)
 *   llmm_chrf_extract()         one segment -> llmm_chrf_stats (plain integers)
 *   llmm_chrf_extract_corpus()  a whole corpus in one call (the binding's path)
 *   llmm_chrf_stats_merge()     associative, commutative addition
 *   llmm_chrf_finalize()        stats -> score, no scorer needed
 *   llmm_chrf_stats_serialize() a versioned little-endian byte format (docs/chrf.md)
 *
 * chrF (Popovic 2015) is word_order = 0, chrF++ (Popovic 2017) is word_order = 2.
 */
#ifndef LLMM_CHRF_H
#define LLMM_CHRF_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest supported orders (sacrebleu has no limit; its defaults are 6 and 0/2). */
#define LLMM_CHRF_MAX_CHAR_ORDER 12
#define LLMM_CHRF_MAX_WORD_ORDER 4
#define LLMM_CHRF_MAX_ORDER (LLMM_CHRF_MAX_CHAR_ORDER + LLMM_CHRF_MAX_WORD_ORDER)
LLMM_API int llmm_chrf_max_char_order(void); /* twin of LLMM_CHRF_MAX_CHAR_ORDER */
LLMM_API int llmm_chrf_max_word_order(void); /* twin of LLMM_CHRF_MAX_WORD_ORDER */
LLMM_API int llmm_chrf_max_order(void);      /* twin of LLMM_CHRF_MAX_ORDER */

typedef struct llmm_chrf_options {
    int char_order;       /* 0..LLMM_CHRF_MAX_CHAR_ORDER, default 6 */
    int word_order;       /* 0..LLMM_CHRF_MAX_WORD_ORDER, default 0 (2 = chrF++);
                             char_order + word_order must be >= 1 */
    int beta;             /* 0..10000, default 2: recall is beta times as important
                             as precision (sacrebleu's beta is an int too) */
    int lowercase;        /* default 0: Python str.lower() of each segment when 1 */
    int whitespace;       /* default 0: whitespace is deleted before character
                             n-grams; 1: every character, spaces included, counts */
    int eps_smoothing;    /* default 0: sacrebleu's effective-order average; 1: the
                             chrF++.py / Moses / NLTK epsilon-smoothed mean of F */
    int strict_lengths;   /* default 0: like sacrebleu, a corpus whose hypothesis and
                             reference streams differ in length is truncated to the
                             shortest (zip); 1: LLMM_ELENGTH instead */
} llmm_chrf_options;

LLMM_API void llmm_chrf_options_default(llmm_chrf_options *opts);

/**
 * Sufficient statistics of one segment or of many merged. Integers only, in
 * sacrebleu's layout: for order k (character orders 1..char_order first, then word
 * orders 1..word_order), counts[3k] = hypothesis n-grams (0 when the chosen
 * reference has no n-gram of that order), counts[3k+1] = reference n-grams,
 * counts[3k+2] = matched n-grams (sum of min(hyp, ref) counts). Entries beyond
 * 3 * (char_order + word_order) are zero.
 */
typedef struct llmm_chrf_stats {
    uint64_t counts[3 * LLMM_CHRF_MAX_ORDER];
} llmm_chrf_stats;

/** The score with sacrebleu's CHRFScore field names. */
typedef struct llmm_chrf_result {
    double score;         /* 0..100 */
    int char_order;
    int word_order;
    int beta;
} llmm_chrf_result;

typedef struct llmm_chrf llmm_chrf;

/** Creates a scorer. `opts` NULL means defaults; `alloc` NULL means malloc.
 *  Returns LLMM_EINVAL for orders or beta out of range. */
LLMM_API int llmm_chrf_create(llmm_chrf **out, const llmm_chrf_options *opts,
                              const llmm_allocator *alloc);
/** Frees a scorer; NULL is a no-op. */
LLMM_API void llmm_chrf_free(llmm_chrf *chrf);

/**
 * Statistics of one hypothesis against `n_refs` references. With several references
 * the statistics of the reference with the best sentence-level score are kept (the
 * first one on ties), as sacrebleu does. n_refs == 0 gives LLMM_EEMPTY (sacrebleu
 * cannot score a segment without reference). *out is overwritten, not added to.
 */
LLMM_API int llmm_chrf_extract(llmm_chrf *chrf, llmm_str hyp, const llmm_str *refs,
                               size_t n_refs, llmm_chrf_stats *out);

/**
 * A corpus in one call. `refs` is an array of `n_streams` reference streams, each
 * parallel to `hyps` (sacrebleu's layout); a missing item (present[i] == 0) is
 * sacrebleu's None and is skipped. `total` receives the merged statistics;
 * `per_segment`, when non-NULL, receives one entry per scored segment (room for
 * hyps->count). *n_scored (if non-NULL) is the number of segments scored (see
 * strict_lengths). On error, *bad_index (if non-NULL) names the segment and
 * *bad_stream the stream (-1 for the hypothesis; 0 with LLMM_EEMPTY for a segment
 * whose references are all missing). Nothing to score (no hypothesis, no stream or
 * an empty stream) is LLMM_EEMPTY.
 */
LLMM_API int llmm_chrf_extract_corpus(llmm_chrf *chrf, const llmm_strs *hyps,
                                      const llmm_strs *refs, size_t n_streams,
                                      llmm_chrf_stats *total, llmm_chrf_stats *per_segment,
                                      size_t *n_scored, size_t *bad_index, int *bad_stream);

LLMM_API void llmm_chrf_stats_init(llmm_chrf_stats *stats);
/** dst += src. */
LLMM_API void llmm_chrf_stats_merge(llmm_chrf_stats *dst, const llmm_chrf_stats *src);

/** Turns statistics into a score with the given options (NULL = defaults); only the
 *  orders, beta and eps_smoothing are used. */
LLMM_API int llmm_chrf_finalize(const llmm_chrf_options *opts, const llmm_chrf_stats *stats,
                                llmm_chrf_result *out);

/** sacrebleu's signature, e.g. "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0".
 *  n_refs < 0 prints "var". Writes a NUL-terminated string; LLMM_EBUFFER if cap is short. */
LLMM_API int llmm_chrf_signature(const llmm_chrf_options *opts, int n_refs, char *buf,
                                 size_t cap);
/** sacrebleu's score name, "chrF2" or "chrF2++" ('+' once per word order). */
LLMM_API int llmm_chrf_name(const llmm_chrf_options *opts, char *buf, size_t cap);

/* Serialized statistics: see docs/chrf.md. */
#define LLMM_CHRF_STATS_SERIALIZED_SIZE (16 + 8 * 3 * LLMM_CHRF_MAX_ORDER)
LLMM_API size_t llmm_chrf_stats_serialized_size(void);
LLMM_API int llmm_chrf_stats_serialize(const llmm_chrf_stats *stats, void *buf, size_t cap,
                                       size_t *written);
LLMM_API int llmm_chrf_stats_deserialize(llmm_chrf_stats *stats, const void *buf, size_t len);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_chrf_options_size(void);
LLMM_API size_t llmm_chrf_stats_size(void);
LLMM_API size_t llmm_chrf_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_CHRF_H */
