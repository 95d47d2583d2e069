/* parity_chrf.c - chrf.jsonl cases: sacrebleu CHRF(**options).corpus_score and
 * sentence_score (vectors/README.md, "bleu / chrf / ter"). */
#include "parity.h"
#include "sacrebleu_inputs.h"

#include <stdlib.h>
#include <string.h>

/* Maps the case's keyword arguments onto llmm_chrf_options; 0 on an unknown key. */
static int chrf_options(parity_case *c, const json_value *o, llmm_chrf_options *out)
{
    size_t i;
    llmm_chrf_options_default(out);
    for (i = 0; i < json_len(o); i++) {
        const char *k = json_key_at(o, i);
        const json_value *v = json_at(o, i);
        if (!strcmp(k, "char_order")) out->char_order = (int)json_int(v);
        else if (!strcmp(k, "word_order")) out->word_order = (int)json_int(v);
        else if (!strcmp(k, "beta")) out->beta = (int)json_int(v);
        else if (!strcmp(k, "lowercase")) out->lowercase = json_bool(v);
        else if (!strcmp(k, "whitespace")) out->whitespace = json_bool(v);
        else if (!strcmp(k, "eps_smoothing")) out->eps_smoothing = json_bool(v);
        else {
            parity_fail(c, "options", "unknown chrF option %s", k);
            return 0;
        }
    }
    return 1;
}

PARITY_METRIC(parity_chrf, "chrf")
{
    const json_value *exp = json_get(c->root, "expected");
    const json_value *sents = json_get(exp, "sentences");
    sacrebleu_inputs in;
    llmm_chrf_options opts;
    llmm_chrf *chrf = NULL;
    llmm_chrf_stats total, *per = NULL;
    llmm_chrf_result res;
    size_t n_scored = 0, bad_index = 0, i;
    int bad_stream = 0, rc;

    if (!chrf_options(c, json_get(c->root, "options"), &opts)) return parity_outcome_of(c);
    if (!sacrebleu_inputs_load(c, &in)) return parity_outcome_of(c);
    rc = llmm_chrf_create(&chrf, &opts, NULL);
    if (rc == LLMM_OK) {
        per = (llmm_chrf_stats *)calloc(in.hyps.strs.count + 1, sizeof *per);
        rc = per ? llmm_chrf_extract_corpus(chrf, &in.hyps.strs, in.ref_strs, in.n_streams, &total,
                                            per, &n_scored, &bad_index, &bad_stream)
                 : LLMM_ENOMEM;
    }
    if (sacrebleu_check_status(c, exp, rc, bad_index, bad_stream)) {
        if (json_get(exp, "score")) {
            llmm_chrf_finalize(&opts, &total, &res);
            parity_check_json_f64(c, json_get(exp, "score"), res.score, PARITY_REL_F64, "score");
        }
        if (sents) {
            parity_check_int(c, (int64_t)json_len(sents), (int64_t)n_scored, "sentences.length");
            for (i = 0; i < json_len(sents) && i < n_scored; i++) {
                llmm_chrf_finalize(&opts, &per[i], &res);
                parity_check_json_f64(c, json_get(json_at(sents, i), "score"), res.score,
                                      PARITY_REL_F64, "sentences[%zu].score", i);
            }
        }
    }
    free(per);
    llmm_chrf_free(chrf);
    sacrebleu_inputs_free(&in);
    return parity_outcome_of(c);
}
