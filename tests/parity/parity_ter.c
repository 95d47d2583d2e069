/* parity_ter.c - ter.jsonl cases: sacrebleu TER(**options).corpus_score and
 * sentence_score (vectors/README.md, "bleu / chrf / ter"). */
#include "parity.h"
#include "sacrebleu_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Maps the case's keyword arguments onto llmm_ter_options; 0 on an unknown key. */
static int ter_options(parity_case *c, const json_value *o, llmm_ter_options *out)
{
    size_t i;
    llmm_ter_options_default(out);
    for (i = 0; i < json_len(o); i++) {
        const char *k = json_key_at(o, i);
        const json_value *v = json_at(o, i);
        if (!strcmp(k, "normalized")) out->normalized = json_bool(v);
        else if (!strcmp(k, "no_punct")) out->no_punct = json_bool(v);
        else if (!strcmp(k, "asian_support")) out->asian_support = json_bool(v);
        else if (!strcmp(k, "case_sensitive")) out->case_sensitive = json_bool(v);
        else {
            parity_fail(c, "options", "unknown TER option %s", k);
            return 0;
        }
    }
    return 1;
}

/* Compares a {score, num_edits, ref_length} object with a result. */
static void check_result(parity_case *c, const json_value *exp, const llmm_ter_result *r,
                         const char *what)
{
    parity_check_json_f64(c, json_get(exp, "score"), r->score, PARITY_REL_F64, "%s.score", what);
    parity_check_int(c, json_int(json_get(exp, "num_edits")), (int64_t)r->num_edits,
                     "%s.num_edits", what);
    parity_check_json_f64(c, json_get(exp, "ref_length"), r->ref_length, PARITY_REL_F64,
                          "%s.ref_length", what);
}

PARITY_METRIC(parity_ter, "ter")
{
    const json_value *exp = json_get(c->root, "expected");
    const json_value *sents = json_get(exp, "sentences");
    sacrebleu_inputs in;
    llmm_ter_options opts;
    llmm_ter *ter = NULL;
    llmm_ter_stats total, *per = NULL;
    llmm_ter_result res;
    size_t n_scored = 0, bad_index = 0, i;
    int bad_stream = 0, rc;

    if (!ter_options(c, json_get(c->root, "options"), &opts)) return parity_outcome_of(c);
    if (!sacrebleu_inputs_load(c, &in)) return parity_outcome_of(c);
    rc = llmm_ter_create(&ter, &opts, NULL);
    if (rc == LLMM_OK) {
        per = (llmm_ter_stats *)calloc(in.hyps.strs.count + 1, sizeof *per);
        rc = per ? llmm_ter_extract_corpus(ter, &in.hyps.strs, in.ref_strs, in.n_streams, &total,
                                           per, &n_scored, &bad_index, &bad_stream)
                 : LLMM_ENOMEM;
    }
    if (sacrebleu_check_status(c, exp, rc, bad_index, bad_stream)) {
        if (json_get(exp, "score")) {
            llmm_ter_finalize(&total, &res);
            check_result(c, exp, &res, "corpus");
        }
        if (sents) {
            parity_check_int(c, (int64_t)json_len(sents), (int64_t)n_scored, "sentences.length");
            for (i = 0; i < json_len(sents) && i < n_scored; i++) {
                char what[40];
                snprintf(what, sizeof what, "sentences[%zu]", i);
                llmm_ter_finalize(&per[i], &res);
                check_result(c, json_at(sents, i), &res, what);
            }
        }
    }
    free(per);
    llmm_ter_free(ter);
    sacrebleu_inputs_free(&in);
    return parity_outcome_of(c);
}
