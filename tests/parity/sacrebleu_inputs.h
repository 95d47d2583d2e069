/* sacrebleu_inputs.h - the inputs of a sacrebleu-layout text case (chrf, ter):
 * hyp_file + ref_files, or inline hyps + refs (reference streams, null = missing).
 * Test code only. */
#ifndef PARITY_SACREBLEU_INPUTS_H
#define PARITY_SACREBLEU_INPUTS_H
#include "parity.h"
#include <stdlib.h>
#include <string.h>

#define SACREBLEU_MAX_STREAMS 16

typedef struct sacrebleu_inputs {
    parity_lines hyps;
    parity_lines refs[SACREBLEU_MAX_STREAMS];
    llmm_strs ref_strs[SACREBLEU_MAX_STREAMS];
    size_t n_streams;
} sacrebleu_inputs;

static inline void sacrebleu_inputs_free(sacrebleu_inputs *in)
{
    size_t s;
    parity_lines_free(&in->hyps);
    for (s = 0; s < in->n_streams; s++) parity_lines_free(&in->refs[s]);
    memset(in, 0, sizeof *in);
}

/* Loads the inputs; on failure records it in c and returns 0. (parity_read_lines and
 * parity_strs_from_json return nonzero on success.) */
static inline int sacrebleu_inputs_load(parity_case *c, sacrebleu_inputs *in)
{
    const json_value *hf = json_get(c->root, "hyp_file");
    const json_value *streams;
    size_t s;
    memset(in, 0, sizeof *in);
    if (hf) {
        streams = json_get(c->root, "ref_files");
        if (!parity_read_lines(c, json_str(hf, NULL), &in->hyps)) {
            parity_fail(c, "hyp_file", "cannot read %s", json_str(hf, NULL));
            return 0;
        }
    } else {
        streams = json_get(c->root, "refs");
        if (!parity_strs_from_json(json_get(c->root, "hyps"), &in->hyps)) {
            parity_fail(c, "hyps", "not an array of strings");
            return 0;
        }
    }
    if (json_kind(streams) != JSON_ARRAY || json_len(streams) > SACREBLEU_MAX_STREAMS) {
        parity_fail(c, "refs", "expected at most %d reference streams", SACREBLEU_MAX_STREAMS);
        return 0;
    }
    for (s = 0; s < json_len(streams); s++) {
        const json_value *v = json_at(streams, s);
        int ok = hf ? parity_read_lines(c, json_str(v, NULL), &in->refs[s])
                    : parity_strs_from_json(v, &in->refs[s]);
        if (!ok) {
            parity_fail(c, "refs", "stream %zu: not readable / not an array of strings", s);
            sacrebleu_inputs_free(in);
            return 0;
        }
        in->ref_strs[s] = in->refs[s].strs;
        in->n_streams = s + 1;
    }
    return 1;
}

/* The status of a corpus call against the case: an expected {"error": ...} must get a
 * failing status, any other case LLMM_OK. Returns 1 when the results should be
 * compared (the call succeeded and no error was expected). */
static inline int sacrebleu_check_status(parity_case *c, const json_value *exp, int rc,
                                         size_t bad_index, int bad_stream)
{
    if (parity_expected_error(exp)) {
        parity_check_true(c, rc != LLMM_OK, "status", "expected an error (%s), got LLMM_OK",
                          parity_expected_error(exp));
        return 0;
    }
    if (rc != LLMM_OK) {
        parity_fail(c, "status", "%s at segment %zu stream %d", llmm_status_name(rc), bad_index,
                    bad_stream);
        return 0;
    }
    return 1;
}

#endif
