/*
 * llmm_meteor.h - METEOR exactly as NLTK 3.8 computes it (nltk/translate/meteor_score.py:
 * meteor_score / single_meteor_score), with WordNet 3.0 synonyms from an llmm_wordnet
 * index. See docs/meteor.md.
 *
 * Per hypothesis/reference pair: tokens are lowered with Python's str.lower(), then
 * aligned in three stages (exact, Porter stem, WordNet synonym of the stem) with NLTK's
 * greedy right-to-left matching, chunks are counted, and
 *   P = m / |hyp|, R = m / |ref|, fmean = P R / (alpha P + (1 - alpha) R),
 *   score = (1 - gamma (chunks / m)^beta) fmean     (0 where NLTK divides by zero).
 * With several references the score is the maximum. Without a WordNet index only the
 * exact and stem stages run, and the result says so (wordnet == 0).
 *
 * Shape: a scorer (llmm_meteor_create: options + a cache of lowered words, stems and
 * synonym sets; not thread-safe, use one per thread) scores segments; per-segment
 * results go into llmm_meteor_stats (segment count + exact, order-independent sum of
 * scores), which merge and finalize into the mean.
 */
#ifndef LLMM_METEOR_H
#define LLMM_METEOR_H

#include "llmm_common.h"
#include "llmm_wordnet.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct llmm_meteor_options {
    double alpha;                  /* default 0.9 */
    double beta;                   /* default 3.0 */
    double gamma;                  /* default 0.5 */
    const llmm_wordnet *wordnet;   /* default NULL: exact and stem stages only. Borrowed:
                                      must outlive the scorer */
    size_t cache_words;            /* the scorer forgets its word cache when it holds more
                                      words than this at the start of a segment; default
                                      1 << 20 (results never depend on it) */
} llmm_meteor_options;

LLMM_API void llmm_meteor_options_default(llmm_meteor_options *opts);

/** One segment: the score and the alignment against the best reference. */
typedef struct llmm_meteor_result {
    double score;        /* NLTK meteor_score(): max over references */
    size_t best_ref;     /* index of the first reference reaching the max */
    size_t hyp_len;      /* tokens of the hypothesis */
    size_t ref_len;      /* tokens of the best reference */
    size_t matches;      /* aligned pairs = exact + stem + synonym */
    size_t exact, stem, synonym;
    size_t chunks;       /* NLTK _count_chunks (1 when there is no match) */
    int wordnet;         /* 1: the synonym stage ran with a WordNet index; 0: exact + stem */
} llmm_meteor_result;

typedef struct llmm_meteor llmm_meteor;

/** Creates a scorer. `opts` NULL means defaults; `alloc` NULL means malloc.
 *  LLMM_ENONFINITE for a NaN or infinite alpha, beta or gamma. */
LLMM_API int llmm_meteor_create(llmm_meteor **out, const llmm_meteor_options *opts,
                                const llmm_allocator *alloc);
/** Frees a scorer; NULL is a no-op. */
LLMM_API void llmm_meteor_free(llmm_meteor *m);

/*
 * Token lists are llmm_strs (one buffer + offsets, llmm_common.h): token i is
 * data[offsets[i] .. offsets[i+1]), UTF-8. `present` must be NULL (a token list has no
 * missing items). A list with offsets == NULL is "not tokenized" (NLTK raises TypeError
 * for a str where it wants tokens): LLMM_ENULL.
 * Errors: LLMM_ENULL, LLMM_EINVAL (present != NULL), LLMM_EUTF8, LLMM_ENOMEM,
 * LLMM_EOVERFLOW (frag^beta overflows: Python's OverflowError).
 */

/** NLTK single_meteor_score(reference, hypothesis). */
LLMM_API int llmm_meteor_single(llmm_meteor *m, const llmm_strs *reference,
                                const llmm_strs *hypothesis, llmm_meteor_result *out);

/** NLTK meteor_score(references, hypothesis): `n_refs` token lists. No reference at all
 *  is LLMM_EEMPTY (NLTK: max() of an empty sequence raises ValueError). */
LLMM_API int llmm_meteor_score(llmm_meteor *m, const llmm_strs *references, size_t n_refs,
                               const llmm_strs *hypothesis, llmm_meteor_result *out);

/** Convenience on plain strings: each string is tokenized with Python's str.split()
 *  (the vectors' and HF evaluate's tokenization) and scored with llmm_meteor_score(). */
LLMM_API int llmm_meteor_score_text(llmm_meteor *m, llmm_str hypothesis,
                                    const llmm_str *references, size_t n_refs,
                                    llmm_meteor_result *out);

/* ---- statistics: per-segment results -> mean ---------------------------------------- */

#define LLMM_METEOR_SUM_WORDS 80
/** Count and exact sum of segment scores. `sum` is an opaque exact accumulator (its
 *  value does not depend on the order of additions or merges). */
typedef struct llmm_meteor_stats {
    uint64_t n_segments;
    uint64_t n_wordnet;   /* segments scored with the synonym stage */
    uint64_t sum[LLMM_METEOR_SUM_WORDS];
} llmm_meteor_stats;

LLMM_API void llmm_meteor_stats_init(llmm_meteor_stats *stats);
/** Adds one segment's score. */
LLMM_API void llmm_meteor_stats_add(llmm_meteor_stats *stats, const llmm_meteor_result *r);
/** dst += src (associative and commutative, bit-for-bit). */
LLMM_API void llmm_meteor_stats_merge(llmm_meteor_stats *dst, const llmm_meteor_stats *src);
/** Mean score: the exact sum correctly rounded, divided by the count (what
 *  statistics.fmean / sum()/len give up to the last bits). LLMM_EEMPTY when empty. */
LLMM_API int llmm_meteor_stats_mean(const llmm_meteor_stats *stats, double *mean);

/** Serialized statistics (docs/serialization.md, kind 5; layout in docs/meteor.md).
 *  llmm_meteor_stats_serialized_size() is an upper bound; *written is exact. */
LLMM_API size_t llmm_meteor_stats_serialized_size(void);
LLMM_API int llmm_meteor_stats_serialize(const llmm_meteor_stats *stats, void *buf, size_t cap,
                                         size_t *written);
LLMM_API int llmm_meteor_stats_deserialize(llmm_meteor_stats *stats, const void *buf,
                                           size_t len);

/* ---- batches (one call per corpus, the bindings' path) -------------------------------- */

/** Tokenized texts in one buffer: text k is tokens [text_offsets[k], text_offsets[k+1])
 *  of `tokens` (text_offsets has count + 1 entries, non-decreasing, last <= tokens.count). */
typedef struct llmm_meteor_texts {
    llmm_strs tokens;
    const size_t *text_offsets;
    size_t count;
} llmm_meteor_texts;

/**
 * Scores hyps->count segments: segment i is hypothesis text i of `hyps` against the
 * reference texts [ref_offsets[i], ref_offsets[i+1]) of `refs` (ref_offsets has
 * hyps->count + 1 entries). `scores` (optional) receives one score per segment; `total`
 * (optional) has every segment added. On error *bad_index (optional) names the segment.
 */
LLMM_API int llmm_meteor_score_batch(llmm_meteor *m, const llmm_meteor_texts *hyps,
                                     const llmm_meteor_texts *refs, const size_t *ref_offsets,
                                     double *scores, llmm_meteor_stats *total,
                                     size_t *bad_index);

/** The same on plain strings split with str.split(): segment i is hyps string i against
 *  refs strings [ref_offsets[i], ref_offsets[i+1]). */
LLMM_API int llmm_meteor_score_batch_text(llmm_meteor *m, const llmm_strs *hyps,
                                          const llmm_strs *refs, const size_t *ref_offsets,
                                          double *scores, llmm_meteor_stats *total,
                                          size_t *bad_index);

/** Token lists packed for bindings (one buffer, no per-token offsets): `data` holds the
 *  tokens of text 0, then of text 1, ..., each token followed by one NUL byte (so tokens
 *  cannot contain NUL); text k has counts[k] tokens. Python builds it with one
 *  "\0".join() of all tokens plus a final "\0". */
typedef struct llmm_meteor_packed {
    const char *data;
    size_t len;           /* bytes of data */
    const size_t *counts; /* count entries */
    size_t count;         /* texts */
} llmm_meteor_packed;

/** llmm_meteor_score_batch on packed token lists: segment i is hypothesis text i against
 *  the reference texts [ref_offsets[i], ref_offsets[i+1]) (non-decreasing). A token
 *  without its NUL within data (counts larger than the data) is LLMM_EINVAL. */
LLMM_API int llmm_meteor_score_batch_packed(llmm_meteor *m, const llmm_meteor_packed *hyps,
                                            const llmm_meteor_packed *refs,
                                            const size_t *ref_offsets, double *scores,
                                            llmm_meteor_stats *total, size_t *bad_index);

LLMM_API size_t llmm_meteor_options_size(void);
LLMM_API size_t llmm_meteor_result_size(void);
LLMM_API size_t llmm_meteor_packed_size(void);
LLMM_API size_t llmm_meteor_stats_size(void);
LLMM_API size_t llmm_meteor_texts_size(void);
LLMM_API int llmm_meteor_stats_sum_words(void); /* twin of LLMM_METEOR_SUM_WORDS */

#ifdef __cplusplus
}
#endif
#endif /* LLMM_METEOR_H */
