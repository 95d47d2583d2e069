/* parity_meteor.c - "meteor" cases (NLTK 3.8 meteor_score, WordNet 3.0; vectors/README.md
 * "meteor").
 *
 * WordNet: the index is built once from the Debian wordnet-base files (directory
 * $LLMM_WORDNET_DIR, default /usr/share/wordnet); a missing database fails every case
 * loudly (apt-get install wordnet-base).
 * options  = meteor_score keyword arguments alpha, beta, gamma (any other key fails).
 * inputs   = hyp_tokens[i] (a token list) and ref_tokens[i] (its references) for
 *            meteor_score(ref_tokens[i], hyp_tokens[i], **options):
 *              - expected.scores[i] through llmm_meteor_score, one call per example;
 *              - the same scores and expected.mean through one llmm_meteor_score_batch
 *                call (mean from llmm_meteor_stats), and through
 *                llmm_meteor_score_batch_text on the untokenized hyps/references
 *                (str.split() inside the library must give the same tokens).
 * expected {"error": "TypeError: \"hypothesis\" expects pre-tokenized ..."}: `hyp` is a
 *            plain string; the C form of "not tokenized" is a token list without offsets,
 *            which must give LLMM_ENULL.
 * Floats are compared at PARITY_REL_F64.
 */
#include "parity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the WordNet index (built once) -------------------------------------------------- */

static llmm_wordnet *g_wordnet;
static int g_wordnet_tried;
static char g_wordnet_err[1400];

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL;
    for (;;) {
        if (n == cap) {
            char *p = realloc(buf, cap ? 2 * cap : 1 << 20);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
            cap = cap ? 2 * cap : 1 << 20;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static const llmm_wordnet *wordnet(void)
{
    if (g_wordnet_tried) return g_wordnet;
    g_wordnet_tried = 1;
    const char *dir = getenv("LLMM_WORDNET_DIR");
    if (!dir || !*dir) dir = "/usr/share/wordnet";
    llmm_wordnet_files files;
    char *bufs[3 * LLMM_WN_N_POS] = {0};
    llmm_str *slots[3] = {files.index, files.data, files.exc};
    int ok = 1;
    for (int k = 0; k < 3 && ok; k++)
        for (int pos = 0; pos < LLMM_WN_N_POS && ok; pos++) {
            char path[1024];
            size_t len = 0;
            snprintf(path, sizeof path, "%s/%s", dir, llmm_wordnet_file_name(k, pos));
            bufs[k * LLMM_WN_N_POS + pos] = read_file(path, &len);
            if (!bufs[k * LLMM_WN_N_POS + pos]) {
                snprintf(g_wordnet_err, sizeof g_wordnet_err,
                         "cannot read %s: the WordNet database is missing "
                         "(apt-get install wordnet-base, or set LLMM_WORDNET_DIR)", path);
                ok = 0;
            }
            slots[k][pos].ptr = bufs[k * LLMM_WN_N_POS + pos];
            slots[k][pos].len = len;
        }
    if (ok) {
        llmm_wordnet_error where;
        int rc = llmm_wordnet_build(&g_wordnet, &files, NULL, &where);
        if (rc != LLMM_OK)
            snprintf(g_wordnet_err, sizeof g_wordnet_err,
                     "llmm_wordnet_build(%s): %s (%s line %zu)", dir, llmm_status_name(rc),
                     llmm_wordnet_file_name(where.kind, where.pos), where.line);
    }
    for (int i = 0; i < 3 * LLMM_WN_N_POS; i++) free(bufs[i]);
    return g_wordnet;
}

/* ---- token lists -------------------------------------------------------------------- */

/* A growable buffer of token lists: every token back to back, lists by token ranges. */
typedef struct token_buf {
    char *data;
    size_t len, cap;
    size_t *offsets;   /* token boundaries */
    size_t n_tok, tok_cap;
    size_t *lists;     /* list boundaries (token indices) */
    size_t n_lists, list_cap;
} token_buf;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 1;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q) return 0;
    *p = q;
    *cap = c;
    return 1;
}

static int tb_init(token_buf *b)
{
    memset(b, 0, sizeof *b);
    if (!grow((void **)&b->offsets, &b->tok_cap, 1, sizeof *b->offsets) ||
        !grow((void **)&b->lists, &b->list_cap, 1, sizeof *b->lists))
        return 0;
    b->offsets[0] = b->lists[0] = 0;
    return 1;
}

static void tb_free(token_buf *b)
{
    free(b->data);
    free(b->offsets);
    free(b->lists);
    memset(b, 0, sizeof *b);
}

/* Appends a JSON array of strings as one list. */
static int tb_add_list(token_buf *b, const json_value *arr)
{
    if (json_kind(arr) != JSON_ARRAY) return 0;
    for (size_t i = 0; i < json_len(arr); i++) {
        size_t len;
        const char *s = json_str(json_at(arr, i), &len);
        if (!s || !grow((void **)&b->data, &b->cap, b->len + len + 1, 1) ||
            !grow((void **)&b->offsets, &b->tok_cap, b->n_tok + 2, sizeof *b->offsets))
            return 0;
        memcpy(b->data + b->len, s, len);
        b->len += len;
        b->offsets[++b->n_tok] = b->len;
    }
    if (!grow((void **)&b->lists, &b->list_cap, b->n_lists + 2, sizeof *b->lists)) return 0;
    b->lists[++b->n_lists] = b->n_tok;
    return 1;
}

static llmm_strs tb_list(const token_buf *b, size_t k)
{
    llmm_strs l;
    l.data = b->data;
    l.offsets = b->offsets + b->lists[k];
    l.present = NULL;
    l.count = b->lists[k + 1] - b->lists[k];
    return l;
}

static llmm_meteor_texts tb_texts(const token_buf *b)
{
    llmm_meteor_texts t;
    t.tokens.data = b->data;
    t.tokens.offsets = b->offsets;
    t.tokens.present = NULL;
    t.tokens.count = b->n_tok;
    t.text_offsets = b->lists;
    t.count = b->n_lists;
    return t;
}

/* ---- the case ------------------------------------------------------------------------ */

static int parse_options(parity_case *c, llmm_meteor_options *o)
{
    const json_value *opts = json_get(c->root, "options");
    llmm_meteor_options_default(o);
    if (opts && json_kind(opts) != JSON_OBJECT) {
        parity_fail(c, "options", "not an object");
        return 0;
    }
    for (size_t i = 0; i < json_len(opts); i++) {
        const char *key = json_key_at(opts, i);
        const json_value *v = json_at(opts, i);
        double *dst = strcmp(key, "alpha") == 0   ? &o->alpha
                      : strcmp(key, "beta") == 0  ? &o->beta
                      : strcmp(key, "gamma") == 0 ? &o->gamma
                                                  : NULL;
        if (!dst) {
            parity_fail(c, "options", "unknown METEOR option \"%s\"", key);
            return 0;
        }
        if (json_kind(v) != JSON_NUMBER) {
            parity_fail(c, "options", "\"%s\" is not a number", key);
            return 0;
        }
        *dst = json_num(v);
    }
    return 1;
}

static void check_error_case(parity_case *c, llmm_meteor *m, const char *err)
{
    static const char type_error[] = "TypeError: \"hypothesis\" expects pre-tokenized";
    if (strncmp(err, type_error, sizeof type_error - 1) != 0) {
        parity_fail(c, "expected", "unmapped NLTK error: %s", err);
        return;
    }
    const json_value *hyp = json_get(c->root, "hyp");
    const json_value *refs = json_get(c->root, "references");
    size_t len;
    const char *s = json_str(hyp, &len);
    token_buf rb;
    if (!s || !tb_init(&rb)) {
        parity_fail(c, "hyp", "not a string");
        return;
    }
    if (json_kind(refs) != JSON_ARRAY) parity_fail(c, "references", "not an array");
    for (size_t r = 0; r < json_len(refs); r++)
        if (!tb_add_list(&rb, json_at(refs, r))) parity_fail(c, "references", "not token lists");
    if (!c->n_failed) {
        llmm_strs *lists = calloc(rb.n_lists + 1, sizeof *lists);
        for (size_t r = 0; lists && r < rb.n_lists; r++) lists[r] = tb_list(&rb, r);
        llmm_strs untokenized = {s, NULL, NULL, len}; /* a str: no token boundaries */
        llmm_meteor_result res;
        int rc = lists ? llmm_meteor_score(m, lists, rb.n_lists, &untokenized, &res) : LLMM_ENOMEM;
        parity_check_int(c, LLMM_ENULL, rc, "status");
        free(lists);
    }
    tb_free(&rb);
}

PARITY_METRIC(parity_meteor, "meteor")
{
    const llmm_wordnet *wn = wordnet();
    if (!wn) {
        parity_fail(c, "wordnet", "%s", g_wordnet_err);
        return parity_outcome_of(c);
    }
    llmm_meteor_options o;
    if (!parse_options(c, &o)) return parity_outcome_of(c);
    o.wordnet = wn;
    llmm_meteor *m = NULL;
    int rc = llmm_meteor_create(&m, &o, NULL);
    if (rc != LLMM_OK) {
        parity_fail(c, "create", "%s", llmm_status_name(rc));
        return parity_outcome_of(c);
    }
    const json_value *expected = json_get(c->root, "expected");
    const char *err = parity_expected_error(expected);
    if (err) {
        check_error_case(c, m, err);
        llmm_meteor_free(m);
        return parity_outcome_of(c);
    }

    const json_value *hyp_tokens = json_get(c->root, "hyp_tokens");
    const json_value *ref_tokens = json_get(c->root, "ref_tokens");
    const json_value *scores = json_get(expected, "scores");
    size_t n = json_len(hyp_tokens);
    token_buf hb, rb;
    size_t *ref_off = calloc(n + 1, sizeof *ref_off);
    double *got = calloc(n + 1, sizeof *got);
    if (!tb_init(&hb) || !tb_init(&rb) || !ref_off || !got) {
        parity_fail(c, "inputs", "out of memory");
        goto done;
    }
    if (json_kind(hyp_tokens) != JSON_ARRAY || json_kind(ref_tokens) != JSON_ARRAY ||
        json_len(ref_tokens) != n || json_len(scores) != n) {
        parity_fail(c, "inputs", "hyp_tokens, ref_tokens and expected.scores must be parallel");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const json_value *refs = json_at(ref_tokens, i);
        if (!tb_add_list(&hb, json_at(hyp_tokens, i)) || json_kind(refs) != JSON_ARRAY) {
            parity_fail(c, "inputs", "example %zu: not token lists", i);
            goto done;
        }
        for (size_t r = 0; r < json_len(refs); r++)
            if (!tb_add_list(&rb, json_at(refs, r))) {
                parity_fail(c, "ref_tokens", "example %zu: not token lists", i);
                goto done;
            }
        ref_off[i + 1] = rb.n_lists;
    }

    /* one call per example */
    for (size_t i = 0; i < n; i++) {
        size_t nr = ref_off[i + 1] - ref_off[i];
        llmm_strs *lists = calloc(nr + 1, sizeof *lists);
        llmm_strs hyp = tb_list(&hb, i);
        llmm_meteor_result res;
        for (size_t r = 0; lists && r < nr; r++) lists[r] = tb_list(&rb, ref_off[i] + r);
        rc = lists ? llmm_meteor_score(m, lists, nr, &hyp, &res) : LLMM_ENOMEM;
        free(lists);
        if (rc != LLMM_OK) {
            parity_fail(c, "status", "example %zu: %s", i, llmm_status_name(rc));
            continue;
        }
        parity_check_json_f64(c, json_at(scores, i), res.score, PARITY_REL_F64, "scores[%zu]", i);
        parity_check_true(c, res.wordnet == 1, "wordnet", "example %zu scored without WordNet", i);
    }

    /* the whole case in one batch call, with the mean */
    {
        llmm_meteor_texts ht = tb_texts(&hb), rt = tb_texts(&rb);
        llmm_meteor_stats st;
        double mean = 0;
        size_t bad = 0;
        llmm_meteor_stats_init(&st);
        rc = llmm_meteor_score_batch(m, &ht, &rt, ref_off, got, &st, &bad);
        if (rc != LLMM_OK) {
            parity_fail(c, "batch", "segment %zu: %s", bad, llmm_status_name(rc));
        } else {
            for (size_t i = 0; i < n; i++)
                parity_check_json_f64(c, json_at(scores, i), got[i], PARITY_REL_F64,
                                      "batch scores[%zu]", i);
            rc = llmm_meteor_stats_mean(&st, &mean);
            if (rc == LLMM_OK)
                parity_check_json_f64(c, json_get(expected, "mean"), mean, PARITY_REL_F64, "mean");
            else parity_fail(c, "mean", "%s", llmm_status_name(rc));
        }
    }

    /* the untokenized strings through the text batch (str.split() in the library) */
    {
        parity_lines hs, rs;
        const json_value *hyps = json_get(c->root, "hyps");
        const json_value *references = json_get(c->root, "references");
        token_buf flat;
        size_t bad = 0;
        memset(&hs, 0, sizeof hs);
        memset(&rs, 0, sizeof rs);
        if (!tb_init(&flat)) goto done;
        for (size_t i = 0; i < json_len(references); i++)
            for (size_t r = 0; r < json_len(json_at(references, i)); r++) {
                size_t len;
                const char *s = json_str(json_at(json_at(references, i), r), &len);
                if (!s || !grow((void **)&flat.data, &flat.cap, flat.len + len + 1, 1) ||
                    !grow((void **)&flat.offsets, &flat.tok_cap, flat.n_tok + 2,
                          sizeof *flat.offsets))
                    break;
                memcpy(flat.data + flat.len, s, len);
                flat.len += len;
                flat.offsets[++flat.n_tok] = flat.len;
            }
        if (!parity_strs_from_json(hyps, &hs) || json_len(references) != n ||
            flat.n_tok != rb.n_lists) {
            parity_fail(c, "hyps", "hyps/references do not match the token lists");
        } else {
            llmm_strs rstrs = {flat.data, flat.offsets, NULL, flat.n_tok};
            rc = llmm_meteor_score_batch_text(m, &hs.strs, &rstrs, ref_off, got, NULL, &bad);
            if (rc != LLMM_OK)
                parity_fail(c, "batch_text", "segment %zu: %s", bad, llmm_status_name(rc));
            else
                for (size_t i = 0; i < n; i++)
                    parity_check_json_f64(c, json_at(scores, i), got[i], PARITY_REL_F64,
                                          "text scores[%zu]", i);
        }
        parity_lines_free(&hs);
        parity_lines_free(&rs);
        tb_free(&flat);
    }

done:
    tb_free(&hb);
    tb_free(&rb);
    free(ref_off);
    free(got);
    llmm_meteor_free(m);
    return parity_outcome_of(c);
}
