/* parity_squad.c - squad.jsonl: SQuAD v1.1 evaluate-v1.1.py semantics. */
#include "calib_inputs.h"

PARITY_METRIC(parity_squad, "squad")
{
    const json_value *preds = json_get(c->root, "predictions");
    const json_value *refs = json_get(c->root, "references");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *per = json_get(exp, "per_example");
    llmm_squad *s = NULL;
    llmm_squad_result r;
    size_t i, k;
    int rc;
    if (json_kind(preds) != JSON_ARRAY || json_kind(refs) != JSON_ARRAY ||
        json_len(preds) != json_len(refs)) {
        parity_fail(c, "inputs", "bad predictions / references");
        return parity_outcome_of(c);
    }
    if (llmm_squad_create(&s, NULL) != LLMM_OK) {
        parity_fail(c, "create", "failed");
        return parity_outcome_of(c);
    }
    for (i = 0; i < json_len(preds); i++) {
        const json_value *gold = json_at(refs, i), *want = json_at(per, i);
        llmm_str p, answers[16];
        llmm_squad_example ex;
        char norm[4096];
        size_t n_gold = json_len(gold), nlen = 0;
        p.ptr = json_str(json_at(preds, i), &p.len);
        for (k = 0; k < n_gold && k < 16; k++) answers[k].ptr = json_str(json_at(gold, k), &answers[k].len);
        rc = llmm_squad_score(s, p, answers, n_gold, &ex);
        if (rc != LLMM_OK) {
            parity_fail(c, "per_example", "[%zu] status %s", i, llmm_status_name(rc));
            continue;
        }
        parity_check_json_f64(c, json_get(want, "exact_match"), ex.exact_match, PARITY_REL_F64,
                              "per_example[%zu].exact_match", i);
        parity_check_json_f64(c, json_get(want, "f1"), ex.f1, PARITY_REL_F64,
                              "per_example[%zu].f1", i);
        rc = llmm_squad_normalize(s, p, norm, sizeof norm, &nlen);
        if (rc != LLMM_OK) {
            parity_fail(c, "normalized_prediction", "[%zu] status %s", i, llmm_status_name(rc));
        } else {
            size_t wl = 0;
            const char *w = json_str(json_get(want, "normalized_prediction"), &wl);
            parity_check_true(c, w && wl == nlen && memcmp(w, norm, nlen) == 0,
                              "normalized_prediction", "[%zu] expected \"%s\", got \"%s\"", i,
                              w ? w : "(null)", norm);
        }
    }
    rc = llmm_squad_result_get(s, &r);
    pc_check(c, json_get(exp, "exact_match"), rc, r.exact_match, PARITY_REL_F64, "exact_match");
    pc_check(c, json_get(exp, "f1"), rc, r.f1, PARITY_REL_F64, "f1");
    llmm_squad_free(s);
    return parity_outcome_of(c);
}
