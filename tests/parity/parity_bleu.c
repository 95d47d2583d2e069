/* parity_bleu.c - "bleu" cases (sacrebleu 2.6.0, vectors/README.md "bleu / chrf / ter").
 *
 * options  = the keyword arguments of sacrebleu's BLEU(...); every key is mapped, an
 *            unknown key fails the case.
 * inputs   = hyp_file + ref_files (data/...) or inline hyps + refs (reference streams,
 *            null = no reference for that segment).
 * level "corpus":   BLEU(**options).corpus_score(hyps, refs) through
 *                   llmm_bleu_extract_corpus + llmm_bleu_finalize; expected.sentences[i]
 *                   (sentence_score of segment i with the same object) from the
 *                   per-segment statistics of the same call, each finalized alone.
 * level "sentence": only expected.sentences, each through llmm_bleu_extract on
 *                   (hyps[i], [stream[i] for stream in refs] minus the nulls).
 * expected {"error": ...}: some step must return an error status (mapped below).
 * Integers are compared exactly, floats to PARITY_REL_F64.
 */
#include "parity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bleu_inputs {
    parity_lines hyps;
    parity_lines *refs; /* n_streams entries */
    llmm_strs *streams; /* refs[s].strs, contiguous for the library */
    size_t n_streams;
} bleu_inputs;

static void inputs_free(bleu_inputs *in)
{
    parity_lines_free(&in->hyps);
    for (size_t s = 0; s < in->n_streams; s++) parity_lines_free(&in->refs[s]);
    free(in->refs);
    free(in->streams);
    memset(in, 0, sizeof *in);
}

static int load_inputs(parity_case *c, bleu_inputs *in)
{
    const json_value *hyp_file = json_get(c->root, "hyp_file");
    const json_value *ref_files = json_get(c->root, "ref_files");
    const json_value *hyps = json_get(c->root, "hyps");
    const json_value *refs = json_get(c->root, "refs");
    const json_value *streams = hyp_file ? ref_files : refs;
    memset(in, 0, sizeof *in);
    if ((hyp_file != NULL) == (hyps != NULL) || (hyp_file && !ref_files) || (hyps && !refs) ||
        (hyp_file && refs) || (hyps && ref_files)) {
        parity_fail(c, "inputs", "need either hyp_file + ref_files or hyps + refs");
        return 0;
    }
    if (json_kind(streams) != JSON_ARRAY) {
        parity_fail(c, hyp_file ? "ref_files" : "refs", "not an array");
        return 0;
    }
    in->n_streams = json_len(streams);
    in->refs = calloc(in->n_streams + 1, sizeof *in->refs);
    in->streams = calloc(in->n_streams + 1, sizeof *in->streams);
    if (!in->refs || !in->streams) {
        parity_fail(c, "inputs", "out of memory");
        return 0;
    }
    if (hyp_file) {
        const char *path = json_str(hyp_file, NULL);
        if (!path) {
            parity_fail(c, "hyp_file", "not a string");
            return 0;
        }
        if (!parity_read_lines(c, path, &in->hyps)) return 0;
        for (size_t s = 0; s < in->n_streams; s++) {
            path = json_str(json_at(streams, s), NULL);
            if (!path) {
                parity_fail(c, "ref_files", "element %zu is not a string", s);
                return 0;
            }
            if (!parity_read_lines(c, path, &in->refs[s])) return 0;
            in->streams[s] = in->refs[s].strs;
        }
        return 1;
    }
    if (!parity_strs_from_json(hyps, &in->hyps)) {
        parity_fail(c, "hyps", "not an array of strings");
        return 0;
    }
    for (size_t s = 0; s < in->n_streams; s++) {
        if (!parity_strs_from_json(json_at(streams, s), &in->refs[s])) {
            parity_fail(c, "refs", "stream %zu is not an array of strings/nulls", s);
            return 0;
        }
        in->streams[s] = in->refs[s].strs;
    }
    return 1;
}

static int opt_bool(parity_case *c, const json_value *v, const char *key, int *out)
{
    if (json_kind(v) != JSON_BOOL) {
        parity_fail(c, "options", "\"%s\" is not a boolean", key);
        return 0;
    }
    *out = json_bool(v);
    return 1;
}

/* Maps BLEU(**options) onto llmm_bleu_options. Returns 0 after recording a failure for
 * an unknown key or a wrongly typed value. *name_rc receives the status of an unknown
 * tokenizer/smoothing name; the field is then set to an invalid value, so that
 * llmm_bleu_create must reject it too. */
static int parse_options(parity_case *c, llmm_bleu_options *o, int *name_rc)
{
    const json_value *opts = json_get(c->root, "options");
    const char *trg_lang = NULL;
    int have_tokenize = 0, rc;
    size_t len;
    llmm_bleu_options_default(o);
    *name_rc = LLMM_OK;
    if (opts && json_kind(opts) != JSON_OBJECT) {
        parity_fail(c, "options", "not an object");
        return 0;
    }
    for (size_t i = 0; i < json_len(opts); i++) {
        const char *key = json_key_at(opts, i);
        const json_value *v = json_at(opts, i);
        if (strcmp(key, "tokenize") == 0) {
            llmm_tokenizer t;
            const char *name = json_str(v, &len);
            if (json_kind(v) == JSON_NULL) continue; /* None: chosen from trg_lang */
            if (!name) {
                parity_fail(c, "options", "\"tokenize\" is not a string");
                return 0;
            }
            have_tokenize = 1;
            rc = llmm_tokenizer_from_name(name, len, &t);
            if (rc == LLMM_OK) o->tokenize = (int)t;
            else {
                *name_rc = rc;
                o->tokenize = -1;
            }
        } else if (strcmp(key, "smooth_method") == 0) {
            llmm_bleu_smooth m;
            const char *name = json_str(v, &len);
            if (!name) {
                parity_fail(c, "options", "\"smooth_method\" is not a string");
                return 0;
            }
            rc = llmm_bleu_smooth_from_name(name, len, &m);
            if (rc == LLMM_OK) o->smooth_method = (int)m;
            else {
                *name_rc = rc;
                o->smooth_method = -1;
            }
        } else if (strcmp(key, "smooth_value") == 0) {
            if (json_kind(v) == JSON_NULL) o->smooth_value = -1.0; /* None: the default */
            else if (json_kind(v) == JSON_NUMBER) o->smooth_value = json_num(v);
            else {
                parity_fail(c, "options", "\"smooth_value\" is not a number");
                return 0;
            }
        } else if (strcmp(key, "lowercase") == 0) {
            if (!opt_bool(c, v, key, &o->lowercase)) return 0;
        } else if (strcmp(key, "effective_order") == 0) {
            if (!opt_bool(c, v, key, &o->effective_order)) return 0;
        } else if (strcmp(key, "max_ngram_order") == 0) {
            if (!json_is_int(v) || json_int(v) < -1000 || json_int(v) > 1000) {
                parity_fail(c, "options", "\"max_ngram_order\" is not a small integer");
                return 0;
            }
            o->max_ngram_order = (int)json_int(v);
        } else if (strcmp(key, "force") == 0) {
            int ignored; /* force only silences a warning about tokenized input */
            if (!opt_bool(c, v, key, &ignored)) return 0;
        } else if (strcmp(key, "trg_lang") == 0) {
            if (!(trg_lang = json_str(v, NULL))) {
                parity_fail(c, "options", "\"trg_lang\" is not a string");
                return 0;
            }
        } else {
            parity_fail(c, "options", "unknown BLEU option \"%s\"", key);
            return 0;
        }
    }
    /* bleu.py:143-152: without tokenize, trg_lang picks zh / ja-mecab / ko-mecab, else 13a */
    if (trg_lang && !have_tokenize) {
        if (strcmp(trg_lang, "zh") == 0) o->tokenize = LLMM_TOK_ZH;
        else if (strcmp(trg_lang, "ja") == 0 || strcmp(trg_lang, "ko") == 0) {
            parity_fail(c, "options", "trg_lang \"%s\" needs MeCab (out of scope)", trg_lang);
            return 0;
        }
    }
    return 1;
}

/* The status libllmmetrics gives for a sacrebleu exception; LLMM_OK = any error status. */
static int status_for_error(const char *err)
{
    static const struct {
        const char *prefix;
        int status;
    } map[] = {
        {"IndexError: list index out of range", LLMM_EEMPTY}, /* empty hyps, base.py:253 */
        {"KeyError", LLMM_EINVAL},                            /* unknown tokenizer, bleu.py:36 */
        {"AssertionError: Unknown smooth_method", LLMM_EINVAL}, /* bleu.py:177-178 */
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strncmp(err, map[i].prefix, strlen(map[i].prefix)) == 0) return map[i].status;
    return LLMM_OK;
}

static void check_array(parity_case *c, const json_value *want, const double *got, int n,
                        const char *prefix, const char *key)
{
    if (json_kind(want) != JSON_ARRAY) {
        parity_fail(c, key, "%sexpected value is not an array", prefix);
        return;
    }
    if (!parity_check_int(c, (int64_t)json_len(want), n, "%s%s.length", prefix, key)) return;
    for (int k = 0; k < n; k++) {
        const json_value *e = json_at(want, (size_t)k);
        /* integers exact; add-k makes counts/totals fractional (README "bleu") */
        parity_check_json_f64(c, e, got[k], json_is_int(e) ? 0.0 : PARITY_REL_F64, "%s%s[%d]",
                              prefix, key, k);
    }
}

static void check_int_field(parity_case *c, const json_value *e, int64_t got, const char *prefix,
                            const char *key)
{
    if (!json_is_int(e)) parity_fail(c, key, "%sexpected value is not an integer", prefix);
    else parity_check_int(c, json_int(e), got, "%s%s", prefix, key);
}

/* Compares a result with one BLEUScore dict. Keys other than those (and "sentences",
 * handled by the caller when allow_sentences) fail: nothing goes unchecked. */
static void check_result(parity_case *c, const json_value *want, const llmm_bleu_result *r,
                         const char *prefix, int allow_sentences)
{
    if (json_kind(want) != JSON_OBJECT) {
        parity_fail(c, "expected", "%snot an object", prefix);
        return;
    }
    for (size_t i = 0; i < json_len(want); i++) {
        const char *key = json_key_at(want, i);
        const json_value *e = json_at(want, i);
        if (strcmp(key, "score") == 0)
            parity_check_json_f64(c, e, r->score, PARITY_REL_F64, "%sscore", prefix);
        else if (strcmp(key, "bp") == 0)
            parity_check_json_f64(c, e, r->bp, PARITY_REL_F64, "%sbp", prefix);
        else if (strcmp(key, "counts") == 0)
            check_array(c, e, r->counts, r->max_ngram_order, prefix, key);
        else if (strcmp(key, "totals") == 0)
            check_array(c, e, r->totals, r->max_ngram_order, prefix, key);
        else if (strcmp(key, "precisions") == 0)
            check_array(c, e, r->precisions, r->max_ngram_order, prefix, key);
        else if (strcmp(key, "sys_len") == 0)
            check_int_field(c, e, (int64_t)r->sys_len, prefix, key);
        else if (strcmp(key, "ref_len") == 0)
            check_int_field(c, e, r->ref_len, prefix, key);
        else if (!(allow_sentences && strcmp(key, "sentences") == 0))
            parity_fail(c, "expected", "%sunknown key \"%s\"", prefix, key);
    }
}

static void check_sentence_stats(parity_case *c, const llmm_bleu_options *o,
                                 const llmm_bleu_stats *st, const json_value *want, size_t i)
{
    llmm_bleu_result r;
    char prefix[48];
    int rc = llmm_bleu_finalize(o, st, &r);
    snprintf(prefix, sizeof prefix, "sentences[%zu].", i);
    if (rc != LLMM_OK) parity_fail(c, "finalize", "%s%s", prefix, llmm_status_name(rc));
    else check_result(c, want, &r, prefix, 0);
}

/* Runs the case; returns the first error status (LLMM_OK when every call succeeded). */
static int run_corpus(parity_case *c, llmm_bleu *b, const llmm_bleu_options *o,
                      const bleu_inputs *in, const json_value *expected, int check)
{
    llmm_bleu_stats total, *per = calloc(in->hyps.strs.count + 1, sizeof *per);
    llmm_bleu_result r;
    size_t n_scored = 0, bad_index = 0;
    int bad_stream = -1;
    if (!per) return LLMM_ENOMEM;
    int rc = llmm_bleu_extract_corpus(b, &in->hyps.strs, in->streams, in->n_streams, &total, per,
                                      &n_scored, &bad_index, &bad_stream);
    if (rc == LLMM_OK) rc = llmm_bleu_finalize(o, &total, &r);
    if (rc != LLMM_OK) {
        if (check)
            parity_fail(c, "status", "%s (segment %zu, stream %d)", llmm_status_name(rc),
                        bad_index, bad_stream);
    } else if (check) {
        const json_value *sents = json_get(expected, "sentences");
        check_result(c, expected, &r, "", 1);
        if (sents && json_kind(sents) != JSON_ARRAY) {
            parity_fail(c, "sentences", "not an array");
        } else if (sents &&
                   parity_check_int(c, (int64_t)json_len(sents), (int64_t)n_scored,
                                    "sentences.length (segments scored)")) {
            for (size_t i = 0; i < n_scored; i++)
                check_sentence_stats(c, o, &per[i], json_at(sents, i), i);
        }
    }
    free(per);
    return rc;
}

static int run_sentences(parity_case *c, llmm_bleu *b, const llmm_bleu_options *o,
                         const bleu_inputs *in, const json_value *expected, int check)
{
    const json_value *sents = json_get(expected, "sentences");
    const llmm_strs *h = &in->hyps.strs;
    llmm_str *refs = calloc(in->n_streams + 1, sizeof *refs);
    int rc = LLMM_OK;
    if (!refs) return LLMM_ENOMEM;
    if (check) {
        for (size_t i = 0; i < json_len(expected); i++)
            if (strcmp(json_key_at(expected, i), "sentences") != 0)
                parity_fail(c, "expected", "unknown key \"%s\" at sentence level",
                            json_key_at(expected, i));
        if (json_kind(sents) != JSON_ARRAY) {
            parity_fail(c, "sentences", "missing or not an array");
            check = 0;
        } else if (!parity_check_int(c, (int64_t)json_len(sents), (int64_t)h->count,
                                     "sentences.length")) {
            check = 0;
        }
    }
    for (size_t s = 0; s < in->n_streams; s++)
        if (in->streams[s].count < h->count) {
            /* [stream[i] for stream in refs] raises IndexError in Python */
            parity_fail(c, "refs", "stream %zu is shorter than hyps", s);
            free(refs);
            return LLMM_OK;
        }
    for (size_t i = 0; i < h->count && rc == LLMM_OK; i++) {
        llmm_bleu_stats st;
        size_t n = 0;
        for (size_t s = 0; s < in->n_streams; s++) {
            const llmm_strs *st_s = &in->streams[s];
            if (st_s->present && !st_s->present[i]) continue; /* None: dropped */
            refs[n].ptr = st_s->data + st_s->offsets[i];
            refs[n++].len = st_s->offsets[i + 1] - st_s->offsets[i];
        }
        llmm_str hyp = {h->data + h->offsets[i], h->offsets[i + 1] - h->offsets[i]};
        rc = llmm_bleu_extract(b, hyp, refs, n, &st);
        if (rc != LLMM_OK) {
            if (check) parity_fail(c, "status", "sentence %zu: %s", i, llmm_status_name(rc));
        } else if (check) {
            check_sentence_stats(c, o, &st, json_at(sents, i), i);
        }
    }
    free(refs);
    return rc;
}

PARITY_METRIC(parity_bleu, "bleu")
{
    const json_value *expected = json_get(c->root, "expected");
    const char *level = json_str(json_get(c->root, "level"), NULL);
    const char *want_err = parity_expected_error(expected);
    llmm_bleu_options o;
    llmm_bleu *b = NULL;
    bleu_inputs in;
    int rc;

    if (!level || (strcmp(level, "corpus") != 0 && strcmp(level, "sentence") != 0)) {
        parity_fail(c, "level", "must be \"corpus\" or \"sentence\"");
        return PARITY_FAIL;
    }
    if (!expected) {
        parity_fail(c, "expected", "missing");
        return PARITY_FAIL;
    }
    if (!parse_options(c, &o, &rc)) return PARITY_FAIL;
    if (!load_inputs(c, &in)) {
        inputs_free(&in);
        return PARITY_FAIL;
    }
    if (rc == LLMM_OK) rc = llmm_bleu_create(&b, &o, NULL);
    else {
        /* the name was rejected; the scorer must reject the invalid value as well */
        int rc2 = llmm_bleu_create(&b, &o, NULL);
        parity_check_true(c, rc2 != LLMM_OK, "create", "accepted an invalid tokenizer/smoothing");
    }
    if (rc == LLMM_OK) {
        if (strcmp(level, "corpus") == 0) rc = run_corpus(c, b, &o, &in, expected, !want_err);
        else rc = run_sentences(c, b, &o, &in, expected, !want_err);
    } else if (!want_err) {
        parity_fail(c, "status", "options rejected: %s", llmm_status_name(rc));
    }
    if (want_err) {
        int mapped = status_for_error(want_err);
        if (rc == LLMM_OK)
            parity_fail(c, "error", "expected \"%s\", the library returned LLMM_OK", want_err);
        else if (mapped != LLMM_OK)
            parity_check_true(c, rc == mapped, "error", "expected %s for \"%s\", got %s",
                              llmm_status_name(mapped), want_err, llmm_status_name(rc));
    }
    llmm_bleu_free(b);
    inputs_free(&in);
    return parity_outcome_of(c);
}
