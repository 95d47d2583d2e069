/*
 * llmm_squad.h - SQuAD v1.1 exact match and token F1 with the official answer
 * normalisation of evaluate-v1.1.py: lower-case (Python str.lower), delete ASCII
 * punctuation (string.punctuation), replace the whole words a / an / the by a space
 * (re.sub(r'\b(a|an|the)\b', ' ') with Unicode word boundaries), collapse
 * whitespace (' '.join(text.split())). Each score is the maximum over the gold
 * answers; the corpus scores are 100 * mean.
 *
 * Shape: extract -> merge -> finalize. An llmm_squad object is a scorer (reusable
 * buffers: one per thread) that also accumulates the corpus statistics: the number of
 * questions, the number of exact matches and an exact (order-independent) sum of F1.
 * See docs/squad.md.
 */
#ifndef LLMM_SQUAD_H
#define LLMM_SQUAD_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One question's scores, on the 0-1 scale as evaluate-v1.1.py computes them. */
typedef struct llmm_squad_example {
    double exact_match;  /* 1.0 or 0.0 */
    double f1;
} llmm_squad_example;

/** Corpus scores on the 0-100 scale: 100 * sum / count. */
typedef struct llmm_squad_result {
    double exact_match;
    double f1;
    uint64_t count;
} llmm_squad_result;

typedef struct llmm_squad llmm_squad;

LLMM_API int llmm_squad_create(llmm_squad **out, const llmm_allocator *alloc);
LLMM_API void llmm_squad_free(llmm_squad *s);
/** Clears the accumulated statistics (the buffers are kept). */
LLMM_API int llmm_squad_reset(llmm_squad *s);

/**
 * Scores one prediction against n_answers gold answers and adds it to the corpus
 * statistics. LLMM_EEMPTY for n_answers == 0 (evaluate-v1.1.py: max() of an empty
 * list raises), LLMM_EUTF8 for invalid UTF-8; nothing is accumulated on error.
 * `out` may be NULL.
 */
LLMM_API int llmm_squad_score(llmm_squad *s, llmm_str prediction, const llmm_str *answers,
                              size_t n_answers, llmm_squad_example *out);

/**
 * A batch: question i has the gold answers answers[answer_start[i] ..
 * answer_start[i+1]) (answer_start has predictions->count + 1 non-decreasing entries,
 * the last <= answers->count). Missing items (present == 0) are LLMM_EINVAL.
 * per_example (optional) gets predictions->count entries. On error *bad_index (if
 * non-NULL) names the question; questions before it have been accumulated.
 */
LLMM_API int llmm_squad_score_batch(llmm_squad *s, const llmm_strs *predictions,
                                    const llmm_strs *answers, const size_t *answer_start,
                                    llmm_squad_example *per_example, size_t *bad_index);

/** The normalised answer text (UTF-8, NUL-terminated). *len (if non-NULL) gets its
 *  length without the NUL; LLMM_EBUFFER when cap is too small (*len still set). */
LLMM_API int llmm_squad_normalize(llmm_squad *s, llmm_str text, char *buf, size_t cap,
                                  size_t *len);

/** dst's statistics += src's. */
LLMM_API int llmm_squad_merge(llmm_squad *dst, const llmm_squad *src);
/** LLMM_EEMPTY when no question was scored (the reference divides by zero). */
LLMM_API int llmm_squad_result_get(const llmm_squad *s, llmm_squad_result *out);

/* Serialized statistics (count, exact matches, F1 sum; docs/squad.md). */
LLMM_API size_t llmm_squad_serialized_size(const llmm_squad *s);
LLMM_API int llmm_squad_serialize(const llmm_squad *s, void *buf, size_t cap, size_t *written);
/** Adds serialized statistics to s (so shards can be merged without objects). */
LLMM_API int llmm_squad_merge_serialized(llmm_squad *s, const void *buf, size_t len);

LLMM_API size_t llmm_squad_example_size(void);
LLMM_API size_t llmm_squad_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_SQUAD_H */
