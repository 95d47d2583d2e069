/* squad.c - SQuAD v1.1 exact match and token F1 (evaluate-v1.1.py `exact_match_score`,
 * `f1_score`, `metric_max_over_ground_truths`, `evaluate`), accumulated as mergeable
 * statistics: question count, exact-match count, exact sum of F1. */
#include "squad_internal.h"
#include "core/alloc.h"
#include "core/serial.h"
#include "core/utf8.h"
#include <stdlib.h>
#include <string.h>

size_t llmm_squad_example_size(void) { return sizeof(llmm_squad_example); }
size_t llmm_squad_result_size(void) { return sizeof(llmm_squad_result); }

int llmm_squad_create(llmm_squad **out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_squad *s;
    if (!out) return LLMM_ENULL;
    llmmi_alloc_init(&a, alloc);
    s = (llmm_squad *)llmmi_calloc(&a, 1, sizeof *s);
    *out = s;
    if (!s) return LLMM_ENOMEM;
    s->alloc = a;
    llmmi_exactsum_init(&s->f1_sum);
    return LLMM_OK;
}

void llmm_squad_free(llmm_squad *s)
{
    llmm_allocator a;
    if (!s) return;
    a = s->alloc;
    llmmi_cpbuf_free(&a, &s->dec);
    llmmi_cpbuf_free(&a, &s->low);
    llmmi_cpbuf_free(&a, &s->pred);
    llmmi_cpbuf_free(&a, &s->gold);
    llmmi_free(&a, s->tp, s->tp_cap * sizeof(llmmi_tok));
    llmmi_free(&a, s->tg, s->tg_cap * sizeof(llmmi_tok));
    llmmi_free(&a, s, sizeof *s);
}

int llmm_squad_reset(llmm_squad *s)
{
    if (!s) return LLMM_ENULL;
    s->count = s->exact = 0;
    llmmi_exactsum_init(&s->f1_sum);
    return LLMM_OK;
}

/* normalize_answer(text).split(): the normalised text's tokens, sorted so that the
 * Counter intersection becomes a merge. */
static int cmp_tok(const void *x, const void *y)
{
    const llmmi_tok *a = (const llmmi_tok *)x, *b = (const llmmi_tok *)y;
    size_t i, n = a->len < b->len ? a->len : b->len;
    for (i = 0; i < n; i++)
        if (a->p[i] != b->p[i]) return a->p[i] < b->p[i] ? -1 : 1;
    return (a->len > b->len) - (a->len < b->len);
}

static int tokenize(llmm_squad *s, const uint32_t *t, size_t len, llmmi_tok **toks, size_t *cap,
                    size_t *n_out)
{
    size_t i = 0, n = 0;
    int rc;
    while (i < len) {
        size_t start = i;
        while (i < len && t[i] != ' ') i++;
        if ((rc = llmmi_grow(&s->alloc, (void **)toks, cap, n + 1, sizeof(llmmi_tok))) != LLMM_OK)
            return rc;
        (*toks)[n].p = t + start;
        (*toks)[n].len = i - start;
        n++;
        i++; /* the single separating space */
    }
    if (n > 1) qsort(*toks, n, sizeof(llmmi_tok), cmp_tok); /* *toks is NULL while n == 0 */
    *n_out = n;
    return LLMM_OK;
}

/* f1_score(): sum(Counter(pred) & Counter(gold)).values() common tokens, 0 if none,
 * else (2 * precision * recall) / (precision + recall) in Python's float order. */
static double f1_of(const llmmi_tok *p, size_t np_, const llmmi_tok *g, size_t ng)
{
    size_t i = 0, j = 0, same = 0;
    double precision, recall;
    while (i < np_ && j < ng) {
        int c = cmp_tok(&p[i], &g[j]);
        if (c == 0) {
            same++;
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    if (same == 0) return 0.0;
    precision = 1.0 * (double)same / (double)np_;
    recall = 1.0 * (double)same / (double)ng;
    return (2 * precision * recall) / (precision + recall);
}

/* Scores without accumulating. */
static int score_one(llmm_squad *s, llmm_str prediction, const llmm_str *answers,
                     size_t n_answers, llmm_squad_example *ex)
{
    size_t plen, glen, np_, ng, k;
    int rc;
    if (n_answers == 0) return LLMM_EEMPTY;
    if (!answers) return LLMM_ENULL;
    if ((rc = llmmi_squad_normalize(s, prediction, &s->pred, &plen)) != LLMM_OK) return rc;
    if ((rc = tokenize(s, s->pred.p, plen, &s->tp, &s->tp_cap, &np_)) != LLMM_OK) return rc;
    ex->exact_match = 0.0;
    ex->f1 = 0.0;
    for (k = 0; k < n_answers; k++) {
        double f1;
        if ((rc = llmmi_squad_normalize(s, answers[k], &s->gold, &glen)) != LLMM_OK) return rc;
        if (glen == plen && (plen == 0 || memcmp(s->gold.p, s->pred.p, plen * 4) == 0))
            ex->exact_match = 1.0;
        if ((rc = tokenize(s, s->gold.p, glen, &s->tg, &s->tg_cap, &ng)) != LLMM_OK) return rc;
        f1 = f1_of(s->tp, np_, s->tg, ng);
        if (f1 > ex->f1) ex->f1 = f1;
    }
    return LLMM_OK;
}

static void accumulate(llmm_squad *s, const llmm_squad_example *ex)
{
    s->count++;
    s->exact += ex->exact_match != 0.0;
    llmmi_exactsum_add(&s->f1_sum, ex->f1);
}

int llmm_squad_score(llmm_squad *s, llmm_str prediction, const llmm_str *answers,
                     size_t n_answers, llmm_squad_example *out)
{
    llmm_squad_example ex;
    int rc;
    if (!s) return LLMM_ENULL;
    if ((rc = score_one(s, prediction, answers, n_answers, &ex)) != LLMM_OK) return rc;
    accumulate(s, &ex);
    if (out) *out = ex;
    return LLMM_OK;
}

static llmm_str item(const llmm_strs *v, size_t i)
{
    llmm_str r;
    r.ptr = v->data + v->offsets[i];
    r.len = v->offsets[i + 1] - v->offsets[i];
    return r;
}

int llmm_squad_score_batch(llmm_squad *s, const llmm_strs *predictions, const llmm_strs *answers,
                           const size_t *answer_start, llmm_squad_example *per_example,
                           size_t *bad_index)
{
    llmm_str golds[64];
    size_t i, k;
    int rc;
    if (!s || !predictions || !answers || !answer_start) return LLMM_ENULL;
    for (i = 0; i < predictions->count; i++) {
        size_t a0 = answer_start[i], a1 = answer_start[i + 1], done = 0;
        llmm_squad_example ex;
        if (bad_index) *bad_index = i;
        if (a1 < a0 || a1 > answers->count) return LLMM_EINVAL;
        if (predictions->present && !predictions->present[i]) return LLMM_EINVAL;
        for (k = a0; k < a1; k++)
            if (answers->present && !answers->present[k]) return LLMM_EINVAL;
        if (a1 == a0) return LLMM_EEMPTY;
        /* Gold answers go through a small window; the maximum is kept across windows. */
        ex.exact_match = ex.f1 = 0.0;
        while (done < a1 - a0) {
            llmm_squad_example part;
            size_t m = a1 - a0 - done < 64 ? a1 - a0 - done : 64;
            for (k = 0; k < m; k++) golds[k] = item(answers, a0 + done + k);
            rc = score_one(s, item(predictions, i), golds, m, &part);
            if (rc != LLMM_OK) return rc;
            if (part.exact_match > ex.exact_match) ex.exact_match = part.exact_match;
            if (part.f1 > ex.f1) ex.f1 = part.f1;
            done += m;
        }
        accumulate(s, &ex);
        if (per_example) per_example[i] = ex;
    }
    return LLMM_OK;
}

int llmm_squad_normalize(llmm_squad *s, llmm_str text, char *buf, size_t cap, size_t *len)
{
    size_t n, i, bytes = 0;
    int rc;
    if (!s) return LLMM_ENULL;
    if ((rc = llmmi_squad_normalize(s, text, &s->pred, &n)) != LLMM_OK) return rc;
    for (i = 0; i < n; i++) bytes += llmmi_utf8_cp_len(s->pred.p[i]);
    if (len) *len = bytes;
    if (!buf || cap < bytes + 1) return buf ? LLMM_EBUFFER : LLMM_ENULL;
    for (i = 0, bytes = 0; i < n; i++) bytes += llmmi_utf8_encode(s->pred.p[i], buf + bytes);
    buf[bytes] = '\0';
    return LLMM_OK;
}

int llmm_squad_merge(llmm_squad *dst, const llmm_squad *src)
{
    if (!dst || !src) return LLMM_ENULL;
    if (dst->count > UINT64_MAX - src->count) return LLMM_EOVERFLOW;
    dst->count += src->count;
    dst->exact += src->exact;
    llmmi_exactsum_merge(&dst->f1_sum, &src->f1_sum);
    return LLMM_OK;
}

int llmm_squad_result_get(const llmm_squad *s, llmm_squad_result *out)
{
    if (!s || !out) return LLMM_ENULL;
    out->count = s->count;
    if (s->count == 0) return LLMM_EEMPTY; /* evaluate(): division by zero */
    out->exact_match = 100.0 * (double)s->exact / (double)s->count;
    out->f1 = 100.0 * llmmi_exactsum_value(&s->f1_sum) / (double)s->count;
    return LLMM_OK;
}

/* Payload: u64 count, u64 exact matches, exact F1 sum (exactsum.h form). */
size_t llmm_squad_serialized_size(const llmm_squad *s)
{
    return s ? LLMMI_SER_HEADER + 16 + llmmi_exactsum_ser_size(&s->f1_sum) : 0;
}

int llmm_squad_serialize(const llmm_squad *s, void *buf, size_t cap, size_t *written)
{
    unsigned char *p = (unsigned char *)buf;
    size_t need;
    if (!s || !buf) return LLMM_ENULL;
    need = llmm_squad_serialized_size(s);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    llmmi_put_u64(p + LLMMI_SER_HEADER, s->count);
    llmmi_put_u64(p + LLMMI_SER_HEADER + 8, s->exact);
    llmmi_exactsum_write(&s->f1_sum, p + LLMMI_SER_HEADER + 16);
    llmmi_ser_seal(p, LLMMI_KIND_SQUAD, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_squad_merge_serialized(llmm_squad *s, const void *buf, size_t len)
{
    const unsigned char *p;
    size_t plen;
    uint64_t count, exact;
    llmmi_exactsum f1;
    size_t used = 0;
    int rc;
    if (!s) return LLMM_ENULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_SQUAD, &p, &plen)) != LLMM_OK) return rc;
    if (plen < 16) return LLMM_EFORMAT;
    count = llmmi_get_u64(p);
    exact = llmmi_get_u64(p + 8);
    if (exact > count || llmmi_exactsum_read(&f1, p + 16, plen - 16, &used) != LLMM_OK ||
        used != plen - 16)
        return LLMM_EFORMAT;
    if (s->count > UINT64_MAX - count) return LLMM_EOVERFLOW;
    s->count += count;
    s->exact += exact;
    llmmi_exactsum_merge(&s->f1_sum, &f1);
    return LLMM_OK;
}
