/* parity_rouge.c - "rouge" cases (rouge-score 0.1.2, vectors/README.md "rouge").
 *
 * options = RougeScorer(rouge_types, use_stemmer, split_summaries); every key is mapped,
 *           an unknown key fails the case. split_summaries only appears without
 *           rougeLsum, where it has no effect (README), and is passed through.
 * inputs  = hyps[i], references[i] (list of targets).
 * call "score":       score(references[i][0], hyps[i]) - only the first target;
 *      "score_multi": score_multi(references[i], hyps[i]).
 * All examples go through llmm_rouge_extract_corpus (references as streams), which
 * gives expected.per_example[i][type] and the statistics whose finalized mean is
 * expected.mean[type] (a left-to-right float mean in the reference; 1e-9 relative).
 * Each example is also scored alone with llmm_rouge_score_multi and must agree bit
 * for bit. expected {"error": "ValueError: Invalid rouge type: ..."} = LLMM_EINVAL
 * from llmm_rouge_type_from_name or llmm_rouge_create.
 */
#include "parity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[3] = {"precision", "recall", "fmeasure"};

static double get(const llmm_rouge_prf *s, int m)
{
    return m == 0 ? s->precision : m == 1 ? s->recall : s->fmeasure;
}

/* options -> llmm_rouge_options; returns the library status of the type names */
static int parse_options(parity_case *c, llmm_rouge_options *o)
{
    const json_value *opts = json_get(c->root, "options");
    int st = LLMM_OK;
    llmm_rouge_options_default(o);
    o->types = 0;
    for (size_t k = 0; k < json_len(opts); k++) {
        const char *key = json_key_at(opts, k);
        const json_value *v = json_at(opts, k);
        if (strcmp(key, "rouge_types") == 0) {
            for (size_t t = 0; t < json_len(v); t++) {
                size_t len;
                const char *name = json_str(json_at(v, t), &len);
                int type;
                int s2 = name ? llmm_rouge_type_from_name(name, len, &type) : LLMM_EINVAL;
                if (s2 != LLMM_OK) st = s2;
                else o->types |= LLMM_ROUGE_BIT(type);
            }
        } else if (strcmp(key, "use_stemmer") == 0) {
            o->use_stemmer = json_bool(v);
        } else if (strcmp(key, "split_summaries") == 0) {
            o->split_summaries = json_bool(v);
        } else {
            parity_fail(c, "options", "unknown option \"%s\"", key);
        }
    }
    return st;
}

static void check_result(parity_case *c, const json_value *exp, const llmm_rouge_result *r,
                         const char *what, size_t i)
{
    parity_check_int(c, (int64_t)json_len(exp), __builtin_popcount(r->types), "%s[%zu] types",
                     what, i);
    for (size_t k = 0; k < json_len(exp); k++) {
        const char *name = json_key_at(exp, k);
        int type;
        if (llmm_rouge_type_from_name(name, strlen(name), &type) != LLMM_OK ||
            !(r->types & LLMM_ROUGE_BIT(type))) {
            parity_fail(c, what, "type %s not computed", name);
            continue;
        }
        for (int m = 0; m < 3; m++)
            parity_check_json_f64(c, json_get(json_at(exp, k), fields[m]),
                                  get(&r->score[type], m), PARITY_REL_F64, "%s[%zu].%s.%s",
                                  what, i, name, fields[m]);
    }
}

static int run(parity_case *c, const llmm_rouge_options *o)
{
    const json_value *hyps = json_get(c->root, "hyps"), *refs = json_get(c->root, "references");
    const json_value *exp = json_get(c->root, "expected");
    const json_value *per = json_get(exp, "per_example");
    const char *call = json_str(json_get(c->root, "call"), NULL);
    int multi = call && strcmp(call, "score_multi") == 0;
    size_t n = json_len(hyps), n_streams = 0;
    parity_lines hl, *streams_l = NULL;
    llmm_strs *streams = NULL;
    llmm_rouge_result *res = NULL, mean;
    llmm_rouge_stats total;
    llmm_rouge *r = NULL;
    size_t bad = 0;
    int st;

    if (!call || (!multi && strcmp(call, "score") != 0)) {
        parity_fail(c, "call", "unknown call");
        return LLMM_OK;
    }
    if ((st = llmm_rouge_create(&r, o, NULL)) != LLMM_OK) return st;
    memset(&hl, 0, sizeof hl);
    if (!parity_strs_from_json(hyps, &hl) || json_len(refs) != n) {
        parity_fail(c, "inputs", "bad hyps/references");
        goto done;
    }
    /* transpose references[i][s] into streams s (score: the first target only) */
    for (size_t i = 0; i < n; i++)
        if (json_len(json_at(refs, i)) > n_streams) n_streams = json_len(json_at(refs, i));
    if (!multi && n_streams > 1) n_streams = 1;
    streams_l = calloc(n_streams + 1, sizeof *streams_l);
    streams = calloc(n_streams + 1, sizeof *streams);
    res = calloc(n + 1, sizeof *res);
    for (size_t s = 0; s < n_streams; s++) {
        json_value *col = NULL;
        char buf[64];
        /* build a JSON array text of column s (null where example i has fewer refs) */
        size_t cap = 2, len = 0;
        char *txt = malloc(cap);
        txt[len++] = '[';
        for (size_t i = 0; i < n; i++) {
            const json_value *ri = json_at(refs, i);
            size_t sl = 0;
            const char *str = s < json_len(ri) ? json_str(json_at(ri, s), &sl) : NULL;
            size_t need = len + 8 + sl * 6 + 4;
            if (need > cap) {
                while (cap < need) cap *= 2;
                txt = realloc(txt, cap);
            }
            if (i) txt[len++] = ',';
            if (!str) {
                memcpy(txt + len, "null", 4);
                len += 4;
                continue;
            }
            txt[len++] = '"';
            for (size_t b = 0; b < sl; b++) {
                unsigned char ch = (unsigned char)str[b];
                if (ch == '"' || ch == '\\') {
                    txt[len++] = '\\';
                    txt[len++] = (char)ch;
                } else if (ch < 0x20) {
                    snprintf(buf, sizeof buf, "\\u%04x", ch);
                    memcpy(txt + len, buf, 6);
                    len += 6;
                } else {
                    txt[len++] = (char)ch;
                }
            }
            txt[len++] = '"';
        }
        txt[len++] = ']';
        col = json_parse(txt, len, NULL, 0);
        free(txt);
        if (!col || !parity_strs_from_json(col, &streams_l[s])) {
            json_free(col);
            parity_fail(c, "references", "bad column %zu", s);
            goto done;
        }
        json_free(col);
        streams[s] = streams_l[s].strs;
    }
    st = llmm_rouge_extract_corpus(r, &hl.strs, streams, n_streams, &total, res, &bad);
    if (st != LLMM_OK) goto done;
    parity_check_int(c, (int64_t)json_len(per), (int64_t)n, "per_example count");
    for (size_t i = 0; i < n && i < json_len(per); i++) {
        llmm_rouge_result one;
        llmm_str targets[16], pred;
        size_t nt = 0;
        check_result(c, json_at(per, i), &res[i], "per_example", i);
        /* the same example alone must give the same bits */
        pred.ptr = hl.strs.data + hl.strs.offsets[i];
        pred.len = hl.strs.offsets[i + 1] - hl.strs.offsets[i];
        for (size_t s = 0; s < n_streams && nt < 16; s++)
            if (!streams[s].present || streams[s].present[i]) {
                targets[nt].ptr = streams[s].data + streams[s].offsets[i];
                targets[nt++].len = streams[s].offsets[i + 1] - streams[s].offsets[i];
            }
        if ((st = llmm_rouge_score_multi(r, pred, targets, nt, &one)) != LLMM_OK) goto done;
        for (int t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++)
            for (int m = 0; m < 3; m++)
                parity_check_f64(c, get(&res[i].score[t], m), get(&one.score[t], m), 0,
                                 "example %zu alone, %s.%s", i, llmm_rouge_type_name(t),
                                 fields[m]);
    }
    if ((st = llmm_rouge_finalize(&total, &mean)) != LLMM_OK) goto done;
    check_result(c, json_get(exp, "mean"), &mean, "mean", 0);
done:
    parity_lines_free(&hl);
    for (size_t s = 0; streams_l && s < n_streams; s++) parity_lines_free(&streams_l[s]);
    free(streams_l);
    free(streams);
    free(res);
    llmm_rouge_free(r);
    return st;
}

PARITY_METRIC(parity_rouge, "rouge")
{
    llmm_rouge_options o;
    const char *want_err = parity_expected_error(json_get(c->root, "expected"));
    int st = parse_options(c, &o);
    if (st == LLMM_OK) st = run(c, &o);
    if (want_err) {
        /* rouge-score raises ValueError for an invalid rouge type */
        parity_check_true(c, st == LLMM_EINVAL, "error", "expected LLMM_EINVAL for \"%s\", got %s",
                          want_err, llmm_status_name(st));
    } else if (st != LLMM_OK) {
        parity_fail(c, "status", "%s", llmm_status_name(st));
    }
    return parity_outcome_of(c);
}
