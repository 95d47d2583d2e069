/* perplexity_cmd.c - `llmmetrics perplexity`: cross-entropy, perplexity and bits per
 * token/byte of per-token log-probabilities in JSON lines, one response of an
 * OpenAI-compatible API per line (docs/cross_entropy.md). */
#include "cli.h"
#include "io.h"
#include "jsondom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llmmetrics.h"

void cli_perplexity_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " perplexity [-h] [--json] [--per-line] [FILE ...]\n"
          "\n"
          "Cross-entropy, perplexity and bits per token (and per byte) of the tokens in\n"
          "JSON lines (FILE, or standard input), one API response per line. Log-probabilities\n"
          "(natural log) are read from, in this order:\n"
          "  choices[].logprobs.content[].logprob   chat completions\n"
          "  choices[].logprobs.token_logprobs[]    completions (null entries skipped)\n"
          "  logprobs.content[].logprob, content[].logprob, logprobs[] (a bare list)\n"
          "Bytes: the length of content[].bytes, else the UTF-8 length of the token\n"
          "(content[].token, logprobs.tokens[]). Every line must hold log-probabilities.\n"
          "\n"
          "options:\n"
          "  --json       one JSON object with every field\n"
          "  --per-line   also one tab-separated line per input line: index, tokens,\n"
          "               cross-entropy (nats/token), perplexity\n"
          "  -h, --help   show this help and exit\n",
          out);
}

/* Log-probabilities and byte count of one parsed line. */
typedef struct ppl_tokens {
    double *lp;
    size_t n, cap;
    uint64_t bytes;
    int bytes_known;
} ppl_tokens;

static int push_lp(ppl_tokens *t, double v)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        double *p = realloc(t->lp, cap * sizeof *p);
        if (!p) return -1;
        t->lp = p;
        t->cap = cap;
    }
    t->lp[t->n++] = v;
    return 0;
}

/* content[]: objects with "logprob" (and "bytes" or "token"). Appends to t. */
static int from_content(const jv *content, ppl_tokens *t)
{
    size_t i;
    for (i = 0; i < content->len; i++) {
        const jv *e = &content->items[i], *lp = jv_get(e, "logprob");
        const jv *bytes = jv_get(e, "bytes"), *tok = jv_get(e, "token");
        if (!lp || lp->type != JV_NUMBER) return 1;
        if (push_lp(t, lp->num)) return -1;
        if (bytes && bytes->type == JV_ARRAY) t->bytes += bytes->len;
        else if (tok && tok->type == JV_STRING) t->bytes += tok->len;
        else t->bytes_known = 0;
    }
    return 0;
}

/* token_logprobs[] (+ tokens[]): null entries (the first token of an echo) skipped. */
static int from_token_logprobs(const jv *lps, const jv *tokens, ppl_tokens *t)
{
    size_t i;
    int have_tokens = tokens && tokens->type == JV_ARRAY && tokens->len == lps->len;
    if (!have_tokens) t->bytes_known = 0;
    for (i = 0; i < lps->len; i++) {
        const jv *e = &lps->items[i];
        if (e->type == JV_NULL) continue;
        if (e->type != JV_NUMBER) return 1;
        if (push_lp(t, e->num)) return -1;
        if (have_tokens && tokens->items[i].type == JV_STRING) t->bytes += tokens->items[i].len;
        else t->bytes_known = 0;
    }
    return 0;
}

/* The log-probabilities of one choice's "logprobs" object: 0, 1 (none), -1 (memory). */
static int from_logprobs(const jv *logprobs, ppl_tokens *t)
{
    const jv *content = jv_get(logprobs, "content");
    if (content && content->type == JV_ARRAY) return from_content(content, t);
    content = jv_get(logprobs, "token_logprobs");
    if (content && content->type == JV_ARRAY)
        return from_token_logprobs(content, jv_get(logprobs, "tokens"), t);
    return 1;
}

/* 0: tokens found (appended to t, reset here), 1: no log-probabilities, -1: out of memory. */
static int extract(const jv *doc, ppl_tokens *t)
{
    const jv *choices = jv_get(doc, "choices"), *logprobs = jv_get(doc, "logprobs"), *content;
    size_t i;
    int rc, found = 0;
    t->n = 0;
    t->bytes = 0;
    t->bytes_known = 1;
    if (choices && choices->type == JV_ARRAY) {
        for (i = 0; i < choices->len; i++) {
            const jv *lp = jv_get(&choices->items[i], "logprobs");
            if (!lp || lp->type != JV_OBJECT) continue;
            rc = from_logprobs(lp, t);
            if (rc < 0) return rc;
            found |= rc == 0;
        }
        return found ? 0 : 1;
    }
    if (logprobs && logprobs->type == JV_OBJECT) return from_logprobs(logprobs, t);
    if ((content = jv_get(doc, "content")) != NULL && content->type == JV_ARRAY)
        return from_content(content, t);
    if (logprobs && logprobs->type == JV_ARRAY) {
        t->bytes_known = 0;
        for (i = 0; i < logprobs->len; i++) {
            if (logprobs->items[i].type != JV_NUMBER) return 1;
            if (push_lp(t, logprobs->items[i].num)) return -1;
        }
        return 0;
    }
    return 1;
}

/* Strict JSON: a value that is not a finite number (bits per byte without byte
 * counts) is null. */
static void print_json_num(const char *key, double v, int last)
{
    if (isfinite(v)) printf("\"%s\": %.17g", key, v);
    else printf("\"%s\": null", key);
    fputs(last ? "" : ", ", stdout);
}

/* One input stream; adds to *total. Returns 0 or an exit code (message printed). */
static int score_stream(const char *path, int per_line, size_t *line_index, ppl_tokens *t,
                        llmm_xent_stats *total, int *bytes_known)
{
    cli_lines lines;
    size_t i;
    int rc = cli_read_lines(path, CLI_NL_LF, &lines);
    if (rc) return rc;
    for (i = 0; i < lines.count; i++) {
        const char *s = lines.data + lines.offsets[i];
        size_t len = lines.offsets[i + 1] - lines.offsets[i], bad = 0;
        char err[160];
        jv doc;
        llmm_xent_stats one;
        llmm_xent_result r;
        if (len == 0) continue;
        if (jv_parse(s, len, &doc, err, sizeof err)) {
            cli_error("%s:%zu: invalid JSON: %s", lines.name, i + 1, err);
            rc = CLI_EXIT_ERROR;
            break;
        }
        rc = extract(&doc, t);
        jv_free(&doc);
        if (rc) {
            cli_error(rc < 0 ? "%s:%zu: out of memory" : "%s:%zu: no log-probabilities found",
                      lines.name, i + 1);
            rc = CLI_EXIT_ERROR;
            break;
        }
        llmm_xent_stats_init(&one);
        rc = llmm_xent_add_logprobs(&one, t->lp, t->n, NULL, &bad);
        if (rc) {
            cli_error("%s:%zu: token %zu: %s", lines.name, i + 1, bad, llmm_strerror(rc));
            rc = CLI_EXIT_ERROR;
            break;
        }
        llmm_xent_add_bytes(&one, t->bytes);
        *bytes_known = *bytes_known && t->bytes_known;
        if (per_line) {
            llmm_xent_finalize(&one, &r);
            printf("%zu\t%llu\t%.6f\t%.4f\n", *line_index, (unsigned long long)r.n_tokens,
                   r.cross_entropy_nats, r.perplexity);
        }
        (*line_index)++;
        if (llmm_xent_stats_merge(total, &one)) {
            cli_error("%s:%zu: too many tokens", lines.name, i + 1);
            rc = CLI_EXIT_ERROR;
            break;
        }
    }
    cli_lines_free(&lines);
    return rc;
}

int cli_perplexity_main(int argc, char **argv)
{
    int json = 0, per_line = 0, i, n_files = 0, rc = 0, bytes_known = 1;
    size_t line_index = 0;
    ppl_tokens t = {NULL, 0, 0, 0, 0};
    llmm_xent_stats total;
    llmm_xent_result r;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cli_perplexity_usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--per-line") == 0) {
            per_line = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("perplexity: unknown option '%s'", argv[i]);
            cli_perplexity_usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    llmm_xent_stats_init(&total);
    for (i = 1; i < argc && !rc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0') continue;
        n_files++;
        rc = score_stream(argv[i], per_line, &line_index, &t, &total, &bytes_known);
    }
    if (!n_files && !rc) rc = score_stream(NULL, per_line, &line_index, &t, &total, &bytes_known);
    free(t.lp);
    if (rc) return rc;
    if (llmm_xent_finalize(&total, &r) == LLMM_EEMPTY) {
        cli_error("perplexity: no tokens in the input");
        return CLI_EXIT_ERROR;
    }
    if (!bytes_known) r.bits_per_byte = NAN;
    if (json) {
        printf("{\"n_tokens\": %llu, \"n_bytes\": %llu, ", (unsigned long long)r.n_tokens,
               (unsigned long long)r.n_bytes);
        print_json_num("nll_sum_nats", r.nll_sum_nats, 0);
        print_json_num("cross_entropy_nats", r.cross_entropy_nats, 0);
        print_json_num("cross_entropy_bits", r.cross_entropy_bits, 0);
        print_json_num("perplexity", r.perplexity, 0);
        print_json_num("bits_per_byte", r.bits_per_byte, 1);
        puts("}");
    } else {
        printf("tokens:         %llu\n", (unsigned long long)r.n_tokens);
        printf("cross-entropy:  %.6f nats/token, %.6f bits/token\n", r.cross_entropy_nats,
               r.cross_entropy_bits);
        printf("perplexity:     %.6f\n", r.perplexity);
        if (bytes_known)
            printf("bits per byte:  %.6f (%llu bytes)\n", r.bits_per_byte,
                   (unsigned long long)r.n_bytes);
    }
    return CLI_EXIT_OK;
}
