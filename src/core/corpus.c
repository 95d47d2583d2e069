/* corpus.c - validation and zip() length of corpus calls (see corpus.h). */
#include "corpus.h"
#include "strs.h"

int llmmi_corpus_open(const llmm_strs *hyps, const llmm_strs *refs, size_t n_streams, int strict,
                      size_t *n, size_t *bad_index, int *bad_stream)
{
    size_t s, m;
    int rc;
    if (!hyps || (n_streams && !refs)) return LLMM_ENULL;
    if ((rc = llmmi_strs_check(hyps)) != LLMM_OK) return rc;
    for (s = 0; s < n_streams; s++) {
        if ((rc = llmmi_strs_check(&refs[s])) != LLMM_OK) {
            if (bad_stream) *bad_stream = (int)s;
            return rc;
        }
    }
    if (hyps->count == 0 || n_streams == 0) return LLMM_EEMPTY;
    m = hyps->count;
    for (s = 0; s < n_streams; s++) {
        if (refs[s].count != hyps->count && strict) {
            if (bad_index) *bad_index = refs[s].count < m ? refs[s].count : m;
            if (bad_stream) *bad_stream = (int)s;
            return LLMM_ELENGTH;
        }
        if (refs[s].count < m) m = refs[s].count;
    }
    if (m == 0) return LLMM_EEMPTY;
    *n = m;
    return LLMM_OK;
}

int llmmi_corpus_stream_of(const llmm_strs *refs, size_t n_streams, size_t i, size_t k)
{
    size_t s, seen = 0;
    for (s = 0; s < n_streams; s++) {
        llmm_str tmp;
        if (llmmi_strs_item(&refs[s], i, &tmp) && seen++ == k) break;
    }
    return (int)s;
}
