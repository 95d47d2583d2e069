/* bleu_cmd.c - `llmmetrics bleu`: reads the files, scores through the public BLEU API
 * and prints the result the way sacrebleu's command line does (sacrebleu/sacrebleu.py
 * main(), metrics/base.py Score.format, metrics/bleu.py BLEUScore). */
#include <stdlib.h>
#include <string.h>

#include "bleu_cmd.h"
#include "cli.h"
#include "cter.h"
#include "io.h"
#include "progress.h"
#include "pyfmt.h"
#include "sacrebleu_input.h"

/* Segments per library call: bounds the per-segment buffer of sentence-level mode and
 * sets how often progress is shown. The scorer reuses its tables across calls. */
#define CHUNK ((size_t)1 << 16)

static void run_free(bleu_run *r)
{
    size_t k;
    for (k = 0; k < r->n_streams; k++)
        cli_lines_free(&r->refs[k]);
    free(r->refs);
    cli_lines_free(&r->hyps);
    llmm_bleu_free(r->scorer);
    free(r->per_segment);
    bleu_args_free(&r->args);
}

/* ---- reading --------------------------------------------------------------------- */

static int load_refs(bleu_run *r)
{
    const bleu_args *a = &r->args;
    return cli_read_references(a->refs, a->n_refs, a->num_refs, &r->refs, &r->n_streams);
}

static int load_hyps(bleu_run *r)
{
    const bleu_args *a = &r->args;
    return cli_read_hypotheses(a->input_given ? a->inputs[0] : NULL, &r->hyps);
}

static int check_args(const bleu_args *a)
{
    int rc = cli_check_ref_args(a->num_refs, a->n_refs, a->input_given, a->n_inputs);
    return rc ? rc : cli_sb_check_smooth_value(a->smooth_value_given, &a->opts);
}

/* ---- output ------------------------------------------------------------------------ */

/* sacrebleu's signature; `extra` ("bs:1000|seed:12345" or "") follows nrefs, as in
 * Signature.info; --short abbreviates the keys as metrics/base.py Signature and
 * BLEUSignature do. */
int cli_bleu_signature(const llmm_bleu_options *o, int nrefs, const char *extra,
                       int short_sig, char *buf, size_t cap)
{
    static const char *const abbr[][2] = {{"nrefs", "#"}, {"case", "c"}, {"eff", "e"},
                                          {"tok", "tok"}, {"smooth", "s"}, {"version", "v"},
                                          {"bs", "bs"}, {"ar", "ar"}, {"seed", "rs"}};
    char long_sig[256], *save = NULL, *item;
    size_t pos = 0, k;
    int rc = llmm_bleu_signature(o, nrefs, long_sig, sizeof long_sig);
    if (rc != LLMM_OK)
        return rc;
    if (*extra) {
        char *bar = strchr(long_sig, '|');
        char rest[256];
        snprintf(rest, sizeof rest, "%s", bar ? bar : "");
        if (bar)
            *bar = '\0';
        if ((size_t)snprintf(long_sig + strlen(long_sig), sizeof long_sig - strlen(long_sig),
                             "|%s%s", extra, rest) >= sizeof long_sig - strlen(long_sig))
            return LLMM_EBUFFER;
    }
    if (!short_sig) {
        snprintf(buf, cap, "%s", long_sig);
        return LLMM_OK;
    }
    buf[0] = '\0';
    for (item = strtok_r(long_sig, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        char *colon = strchr(item, ':');
        const char *key = item;
        if (colon) {
            *colon = '\0';
            for (k = 0; k < sizeof abbr / sizeof abbr[0]; k++)
                if (strcmp(item, abbr[k][0]) == 0)
                    key = abbr[k][1];
        }
        pos += (size_t)snprintf(buf + pos, pos < cap ? cap - pos : 0, "%s%s%s%s",
                                pos ? "|" : "", key, colon ? ":" : "", colon ? colon + 1 : "");
    }
    return pos < cap ? LLMM_OK : LLMM_EBUFFER;
}

/* BLEUScore._verbose: "P1/P2/P3/P4 (BP = b ratio = r hyp_len = h ref_len = l)". */
static void verbose_part(const llmm_bleu_result *res, char *buf, size_t cap)
{
    size_t pos = 0;
    int n;
    double ratio = res->ref_len ? (double)res->sys_len / (double)res->ref_len : 0.0;
    for (n = 0; n < res->max_ngram_order; n++)
        pos += (size_t)snprintf(buf + pos, cap - pos, "%s%.1f", n ? "/" : "",
                                res->precisions[n]);
    snprintf(buf + pos, cap - pos,
             " (BP = %.3f ratio = %.3f hyp_len = %llu ref_len = %lld)", res->bp, ratio,
             (unsigned long long)res->sys_len, (long long)res->ref_len);
}

/* Score.format(width, score_only, signature, is_json) followed by print(). `ci` (or
 * NULL) is a --confidence result: shown when its mean is > 0 (Score.format). */
void cli_bleu_print_score(const llmm_bleu_result *res, const llmm_signif_result *ci,
                          const char *sig, int width, int score_only, int is_json)
{
    char verbose[256], rounded[64], conf[160] = "";
    verbose_part(res, verbose, sizeof verbose);
    if (ci && ci->has_ci && ci->mean > 0)
        snprintf(conf, sizeof conf, "\xce\xbc = %.*f \xc2\xb1 %.*f", width, ci->mean, width,
                 ci->ci);
    if (score_only) {
        printf("%.*f%s%s%s\n", width, res->score, *conf ? " (" : "", conf, *conf ? ")" : "");
        return;
    }
    if (!is_json) {
        printf("BLEU%s%s = %.*f%s%s%s %s\n", *sig ? "|" : "", sig, width, res->score,
               *conf ? " (" : "", conf, *conf ? ")" : "", verbose);
        return;
    }
    /* json.dumps(d, indent=1, ensure_ascii=False) of the dict built in Score.format. */
    py_json_rounded(res->score, width, rounded, sizeof rounded);
    printf("{\n \"name\": \"BLEU\",\n \"score\": %s,\n \"signature\": ", rounded);
    py_json_string(stdout, sig);
    if (*conf) {
        py_json_rounded(ci->mean, width, rounded, sizeof rounded);
        printf(",\n \"confidence_mean\": %s", rounded);
        py_json_rounded(ci->ci, width, rounded, sizeof rounded);
        printf(",\n \"confidence_var\": %s,\n \"confidence\": ", rounded);
        py_json_string(stdout, conf);
    }
    printf(",\n \"verbose_score\": ");
    py_json_string(stdout, verbose);
    {
        char copy[256], *save = NULL, *item;
        snprintf(copy, sizeof copy, "%s", sig);
        for (item = strtok_r(copy, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
            char *colon = strchr(item, ':');
            if (!colon)
                continue;
            *colon = '\0';
            printf(",\n ");
            py_json_string(stdout, item);
            printf(": ");
            py_json_string(stdout, colon + 1);
        }
    }
    printf("\n}\n");
}

/* ---- scoring ----------------------------------------------------------------------- */

int cli_bleu_report_status(const bleu_run *r, const cli_lines *hyps, int rc, size_t start,
                           size_t bad_index, int bad_stream)
{
    if (rc == LLMM_EUTF8) {
        const cli_lines *l = bad_stream < 0 ? hyps : &r->refs[bad_stream];
        cli_error("%s:%zu: invalid UTF-8", l->name, start + bad_index + 1);
    } else {
        cli_error("BLEU failed: %s (%s)", llmm_strerror(rc), llmm_status_name(rc));
    }
    return CLI_EXIT_ERROR;
}

static int score(bleu_run *r)
{
    const bleu_args *a = &r->args;
    llmm_bleu_options opts = a->opts;
    llmm_bleu_stats total, part;
    llmm_bleu_result res;
    llmm_strs hyp, *refs;
    cli_progress progress;
    char sig[256];
    size_t start, n = r->hyps.count, k;
    int rc;

    /* sacrebleu.py: sentence-level scoring always enables effective order. */
    if (a->sentence_level)
        opts.effective_order = 1;
    rc = llmm_bleu_create(&r->scorer, &opts, NULL);
    if (rc != LLMM_OK) {
        cli_error("invalid BLEU options: %s", llmm_strerror(rc));
        return CLI_EXIT_USAGE;
    }
    /* JSON output always carries the long signature (sacrebleu.py main()). */
    rc = cli_bleu_signature(&opts, (int)r->n_streams, "",
                        a->short_sig && (a->sentence_level || a->format != CLI_FMT_JSON), sig,
                        sizeof sig);
    if (rc != LLMM_OK) {
        cli_error("cannot build the signature: %s", llmm_strerror(rc));
        return CLI_EXIT_ERROR;
    }
    if (a->sentence_level) {
        r->per_segment = malloc(CHUNK * sizeof *r->per_segment);
        if (!r->per_segment) {
            cli_error("out of memory");
            return CLI_EXIT_ERROR;
        }
    } else if (!a->force) {
        cli_sb_warn_tokenized(&r->hyps);
    }
    refs = malloc(r->n_streams * sizeof *refs);
    if (!refs) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }

    llmm_bleu_stats_init(&total);
    cli_progress_init(&progress, n, a->quiet);
    for (start = 0; start < n; start += CHUNK) {
        size_t m = n - start < CHUNK ? n - start : CHUNK, bad_index = 0, i;
        int bad_stream = 0;
        hyp = cli_lines_slice(&r->hyps, start, m);
        for (k = 0; k < r->n_streams; k++)
            refs[k] = cli_lines_slice(&r->refs[k], start, m);
        llmm_bleu_stats_init(&part);
        rc = llmm_bleu_extract_corpus(r->scorer, &hyp, refs, r->n_streams, &part,
                                      r->per_segment, NULL, &bad_index, &bad_stream);
        if (rc != LLMM_OK) {
            cli_progress_done(&progress);
            free(refs);
            return cli_bleu_report_status(r, &r->hyps, rc, start, bad_index, bad_stream);
        }
        llmm_bleu_stats_merge(&total, &part);
        for (i = 0; a->sentence_level && i < m; i++) {
            /* metric.sentence_score() then score.format(width, score_only, sig): text. */
            rc = llmm_bleu_finalize(&opts, &r->per_segment[i], &res);
            if (rc != LLMM_OK) {
                free(refs);
                return cli_bleu_report_status(r, &r->hyps, rc, start, i, -1);
            }
            cli_bleu_print_score(&res, NULL, sig, a->width, a->score_only, 0);
        }
        cli_progress_update(&progress, start + m);
    }
    cli_progress_done(&progress);
    free(refs);
    if (a->sentence_level)
        return 0;

    rc = llmm_bleu_finalize(&opts, &total, &res);
    if (rc != LLMM_OK)
        return cli_bleu_report_status(r, &r->hyps, rc, 0, 0, -1);
    cli_bleu_print_score(&res, NULL, sig, a->width, a->score_only, a->format == CLI_FMT_JSON);
    return 0;
}

int cli_bleu_main(int argc, char **argv)
{
    bleu_run r;
    int rc;

    /* -m with chrf or ter: every metric from one read of the files (cter_run.c) */
    if (cter_wants_other_metrics(argc, argv))
        return cter_main(argc, argv, CTER_BLEU);
    memset(&r, 0, sizeof r);
    rc = bleu_args_parse(argc, argv, &r.args);
    if (rc < 0) {
        rc = check_args(&r.args);
        /* sacrebleu.py reads the references first, then the hypotheses. */
        if (rc == 0)
            rc = load_refs(&r);
        if (rc == 0)
            rc = load_hyps(&r);
        if (rc == 0)
            rc = cli_sb_check_lengths(&r.hyps, r.refs, r.n_streams);
        /* Several systems, --confidence or a paired test: signif_cmd.c. */
        if (rc == 0)
            rc = cli_bleu_wants_signif(&r.args) ? cli_bleu_signif(&r) : score(&r);
    }
    run_free(&r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        return CLI_EXIT_ERROR;
    }
    return rc;
}
