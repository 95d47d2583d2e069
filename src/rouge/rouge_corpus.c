/* rouge_corpus.c - per-example statistics and whole corpora (extract shape). */
#include "rouge_internal.h"
#include <string.h>

int llmm_rouge_extract(llmm_rouge *r, llmm_str prediction, const llmm_str *targets,
                       size_t n_targets, llmm_rouge_stats *out)
{
    llmm_rouge_result res;
    int st;
    if (!out) return LLMM_ENULL;
    llmm_rouge_stats_init(out);
    if ((st = llmm_rouge_score_multi(r, prediction, targets, n_targets, &res)) != LLMM_OK)
        return st;
    return llmm_rouge_stats_add(out, &res);
}

/* item i of a batch; LLMM_EINVAL for offsets that go backwards */
static int item(const llmm_strs *s, size_t i, llmm_str *out)
{
    size_t b = s->offsets[i], e = s->offsets[i + 1];
    if (e < b) return LLMM_EINVAL;
    if (!s->data && e) return LLMM_ENULL;
    out->ptr = s->data ? s->data + b : NULL;
    out->len = e - b;
    return LLMM_OK;
}

int llmm_rouge_extract_corpus(llmm_rouge *r, const llmm_strs *predictions,
                              const llmm_strs *refs, size_t n_streams, llmm_rouge_stats *total,
                              llmm_rouge_result *per_example, size_t *bad_index)
{
    llmm_str *targets = NULL, pred;
    size_t i, k, bytes = 0;
    int st = LLMM_OK;
    if (!r || !predictions || !total || (!refs && n_streams) ||
        (!predictions->offsets && predictions->count))
        return LLMM_ENULL;
    for (k = 0; k < n_streams; k++) {
        if (refs[k].count != predictions->count) return LLMM_ELENGTH;
        if (!refs[k].offsets && refs[k].count) return LLMM_ENULL;
    }
    llmm_rouge_stats_init(total);
    if (n_streams) {
        if (!llmmi_mul_ok(n_streams, sizeof *targets, &bytes)) return LLMM_EOVERFLOW;
        targets = (llmm_str *)llmmi_malloc(&r->a, bytes);
        if (!targets) return LLMM_ENOMEM;
    }
    for (i = 0; i < predictions->count && st == LLMM_OK; i++) {
        llmm_rouge_result res;
        size_t nt = 0;
        if ((st = item(predictions, i, &pred)) != LLMM_OK) break;
        for (k = 0; k < n_streams && st == LLMM_OK; k++)
            if (!refs[k].present || refs[k].present[i]) st = item(&refs[k], i, &targets[nt++]);
        if (st != LLMM_OK ||
            (st = llmm_rouge_score_multi(r, pred, targets, nt, &res)) != LLMM_OK ||
            (st = llmm_rouge_stats_add(total, &res)) != LLMM_OK)
            break;
        if (per_example) per_example[i] = res;
    }
    if (st != LLMM_OK && bad_index) *bad_index = i;
    llmmi_free(&r->a, targets, bytes);
    return st;
}
