/* corpus.h - sacrebleu's corpus layout (hypotheses plus reference streams parallel to
 * them), shared by the corpus entry points of BLEU, chrF and TER. */
#ifndef LLMMI_CORPUS_H
#define LLMMI_CORPUS_H
#include "llmm_common.h"

/* Validates a corpus call and returns in *n the number of segments to score.
 * Order of checks, as the metrics document them: NULL batches (LLMM_ENULL), malformed
 * offsets (LLMM_EINVAL; *bad_stream names the stream, -1 the hypotheses), no
 * hypothesis or no stream (LLMM_EEMPTY, sacrebleu's IndexError / RuntimeError,
 * base.py:253,365). Streams of other lengths are zip()ped to the shortest as sacrebleu
 * does (base.py:338,383), or rejected with LLMM_ELENGTH when `strict`; a corpus
 * that zips to nothing is LLMM_EEMPTY. bad_index/bad_stream may be NULL. */
int llmmi_corpus_open(const llmm_strs *hyps, const llmm_strs *refs, size_t n_streams, int strict,
                      size_t *n, size_t *bad_index, int *bad_stream);

/* The stream of the k-th present reference of segment i (for error reports of
 * metrics that pass only the present references on). */
int llmmi_corpus_stream_of(const llmm_strs *refs, size_t n_streams, size_t i, size_t k);

#endif
