/* cter_run.c - reading, scoring and printing for `llmmetrics chrf` / `llmmetrics ter`
 * and for `-m bleu chrf ter` (one read of the files, every metric through the public
 * API), as sacrebleu's command line does (sacrebleu.py main(), metrics/base.py
 * Score.format and Signature.format, metrics/bleu.py BLEUScore, utils.py
 * print_single_results). The BLEU-only command line is bleu_cmd.c. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cter.h"
#include "io.h"
#include "progress.h"
#include "pyfmt.h"
#include "sacrebleu_input.h"

/* Segments per library call (bounds the per-segment buffer of sentence-level mode and
 * sets how often progress is shown); the scorers reuse their memory across calls. */
#define CHUNK ((size_t)1 << 16)

typedef struct cter_run {
    cter_args args;
    cli_lines *refs;
    size_t n_streams;
    cli_lines hyps;
} cter_run;

static void run_free(cter_run *r)
{
    size_t k;
    for (k = 0; k < r->n_streams; k++) cli_lines_free(&r->refs[k]);
    free(r->refs);
    cli_lines_free(&r->hyps);
    cter_args_free(&r->args);
}

/* ---- reading (the rules of `llmmetrics bleu`, sacrebleu.py main()) --------------- */

static int load_refs(cter_run *r)
{
    const cter_args *a = &r->args;
    return cli_read_references(a->refs, a->n_refs, a->num_refs, &r->refs, &r->n_streams);
}

static int load_hyps(cter_run *r)
{
    const cter_args *a = &r->args;
    return cli_read_hypotheses(a->input_given ? a->inputs[0] : NULL, &r->hyps);
}

static int check_args(const cter_args *a)
{
    int rc = cli_check_ref_args(a->num_refs, a->n_refs, a->input_given, a->n_inputs);
    if (rc) return rc;
    if (a->n_inputs > 1) {
        cli_error("several systems given to -i (sacrebleu's multi-system mode) are not "
                  "supported; score one system at a time");
        return CLI_EXIT_ERROR;
    }
    if ((rc = cli_sb_check_smooth_value(a->smooth_value_given, &a->bleu)) != 0) return rc;
    if (a->sentence_level && a->n_metrics > 1) {
        cli_error("Only one metric can be used in sentence-level mode."); /* sacrebleu.py */
        return CLI_EXIT_ERROR;
    }
    return 0;
}

/* ---- one metric through the library ------------------------------------------------ */

/* A scorer of either metric behind one interface. */
typedef struct scorer {
    int metric;
    llmm_bleu_options bleu_opts;
    llmm_bleu *bleu;
    llmm_chrf *chrf;
    llmm_ter *ter;
    llmm_bleu_stats *bleu_seg;   /* sentence level: CHUNK entries */
    llmm_chrf_stats *chrf_seg;
    llmm_ter_stats *ter_seg;
    llmm_bleu_stats bleu_total;
    llmm_chrf_stats chrf_total;
    llmm_ter_stats ter_total;
} scorer;

static void scorer_free(scorer *s)
{
    llmm_bleu_free(s->bleu);
    llmm_chrf_free(s->chrf);
    llmm_ter_free(s->ter);
    free(s->bleu_seg);
    free(s->chrf_seg);
    free(s->ter_seg);
}

static int scorer_create(scorer *s, const cter_args *a, int metric)
{
    int rc;
    memset(s, 0, sizeof *s);
    s->metric = metric;
    if (metric == CTER_BLEU) {
        s->bleu_opts = a->bleu;
        /* sacrebleu.py: sentence-level BLEU always uses effective order */
        if (a->sentence_level) s->bleu_opts.effective_order = 1;
        rc = llmm_bleu_create(&s->bleu, &s->bleu_opts, NULL);
        if (rc == LLMM_OK && a->sentence_level && !(s->bleu_seg = malloc(CHUNK * sizeof *s->bleu_seg)))
            rc = LLMM_ENOMEM;
        llmm_bleu_stats_init(&s->bleu_total);
    } else if (metric == CTER_CHRF) {
        rc = llmm_chrf_create(&s->chrf, &a->chrf, NULL);
        if (rc == LLMM_OK && a->sentence_level && !(s->chrf_seg = malloc(CHUNK * sizeof *s->chrf_seg)))
            rc = LLMM_ENOMEM;
        llmm_chrf_stats_init(&s->chrf_total);
    } else {
        rc = llmm_ter_create(&s->ter, &a->ter, NULL);
        if (rc == LLMM_OK && a->sentence_level && !(s->ter_seg = malloc(CHUNK * sizeof *s->ter_seg)))
            rc = LLMM_ENOMEM;
        llmm_ter_stats_init(&s->ter_total);
    }
    return rc;
}

/* Scores a chunk; merges it into the total (per-segment stats kept at sentence level). */
static int scorer_chunk(scorer *s, const llmm_strs *hyp, const llmm_strs *refs, size_t n_streams,
                        size_t *bad_index, int *bad_stream)
{
    int rc;
    if (s->metric == CTER_BLEU) {
        llmm_bleu_stats part;
        rc = llmm_bleu_extract_corpus(s->bleu, hyp, refs, n_streams, &part, s->bleu_seg, NULL,
                                      bad_index, bad_stream);
        if (rc == LLMM_OK) llmm_bleu_stats_merge(&s->bleu_total, &part);
    } else if (s->metric == CTER_CHRF) {
        llmm_chrf_stats part;
        rc = llmm_chrf_extract_corpus(s->chrf, hyp, refs, n_streams, &part, s->chrf_seg, NULL,
                                      bad_index, bad_stream);
        if (rc == LLMM_OK) llmm_chrf_stats_merge(&s->chrf_total, &part);
    } else {
        llmm_ter_stats part;
        rc = llmm_ter_extract_corpus(s->ter, hyp, refs, n_streams, &part, s->ter_seg, NULL,
                                     bad_index, bad_stream);
        if (rc == LLMM_OK) llmm_ter_stats_merge(&s->ter_total, &part);
    }
    return rc;
}

/* BLEUScore._verbose: "P1/P2/P3/P4 (BP = b ratio = r hyp_len = h ref_len = l)". */
static void bleu_verbose(const llmm_bleu_result *res, char *buf, size_t cap)
{
    size_t pos = 0;
    int n;
    double ratio = res->ref_len ? (double)res->sys_len / (double)res->ref_len : 0.0;
    for (n = 0; n < res->max_ngram_order && pos < cap; n++)
        pos += (size_t)snprintf(buf + pos, cap - pos, "%s%.1f", n ? "/" : "", res->precisions[n]);
    if (pos < cap)
        snprintf(buf + pos, cap - pos, " (BP = %.3f ratio = %.3f hyp_len = %llu ref_len = %lld)",
                 res->bp, ratio, (unsigned long long)res->sys_len, (long long)res->ref_len);
}

/* The score of segment i of the last chunk (i < 0: of the corpus); BLEU also gives
 * its verbose part. */
static double scorer_score(const scorer *s, const cter_args *a, long i, char *verbose, size_t cap)
{
    verbose[0] = '\0';
    if (s->metric == CTER_BLEU) {
        llmm_bleu_result res;
        llmm_bleu_finalize(&s->bleu_opts, i < 0 ? &s->bleu_total : &s->bleu_seg[i], &res);
        bleu_verbose(&res, verbose, cap);
        return res.score;
    } else if (s->metric == CTER_CHRF) {
        llmm_chrf_result res;
        llmm_chrf_finalize(&a->chrf, i < 0 ? &s->chrf_total : &s->chrf_seg[i], &res);
        return res.score;
    } else {
        llmm_ter_result res;
        llmm_ter_finalize(i < 0 ? &s->ter_total : &s->ter_seg[i], &res);
        return res.score;
    }
}

/* ---- output ------------------------------------------------------------------------ */

/* Signature.format(short): the metric's signature, keys abbreviated with `short_sig`
 * (base.py Signature._abbr, CHRFSignature, TERSignature). */
static void make_signature(const scorer *s, const cter_args *a, int nrefs, int short_sig,
                           char *buf, size_t cap)
{
    /* BLEUSignature keeps "tok"; TERSignature abbreviates it to "t" */
    static const char *const abbr[][2] = {
        {"nrefs", "#"}, {"case", "c"}, {"eff", "e"}, {"nc", "nc"}, {"nw", "nw"},
        {"space", "s"}, {"smooth", "s"}, {"norm", "nr"}, {"punct", "pn"}, {"asian", "as"},
        {"version", "v"}};
    char long_sig[256], *save = NULL, *item;
    size_t pos = 0, k;
    if (s->metric == CTER_BLEU)
        llmm_bleu_signature(&s->bleu_opts, nrefs, long_sig, sizeof long_sig);
    else if (s->metric == CTER_CHRF)
        llmm_chrf_signature(&a->chrf, nrefs, long_sig, sizeof long_sig);
    else
        llmm_ter_signature(&a->ter, nrefs, long_sig, sizeof long_sig);
    if (!short_sig) {
        snprintf(buf, cap, "%s", long_sig);
        return;
    }
    buf[0] = '\0';
    for (item = strtok_r(long_sig, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        char *colon = strchr(item, ':');
        const char *key = item;
        if (colon) {
            *colon = '\0';
            for (k = 0; k < sizeof abbr / sizeof abbr[0]; k++)
                if (strcmp(item, abbr[k][0]) == 0) key = abbr[k][1];
            if (s->metric == CTER_TER && strcmp(item, "tok") == 0) key = "t";
        }
        if (pos < cap)
            pos += (size_t)snprintf(buf + pos, cap - pos, "%s%s%s%s", pos ? "|" : "", key,
                                    colon ? ":" : "", colon ? colon + 1 : "");
    }
}

static void metric_name(const cter_args *a, int metric, char *buf, size_t cap)
{
    if (metric == CTER_CHRF)
        llmm_chrf_name(&a->chrf, buf, cap);
    else
        snprintf(buf, cap, metric == CTER_BLEU ? "BLEU" : "TER");
}

/* Score.format(width, score_only, signature, is_json) into a malloc'ed string. */
static char *format_score(const char *name, double score, const char *sig, const char *verbose,
                          int width, int score_only, int is_json)
{
    char *text = NULL, rounded[64];
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    if (score_only) {
        fprintf(f, "%.*f", width, score);
    } else if (!is_json) {
        fprintf(f, "%s%s%s = %.*f%s%s", name, *sig ? "|" : "", sig, width, score,
                *verbose ? " " : "", verbose);
    } else {
        /* json.dumps(d, indent=1, ensure_ascii=False) of the dict of Score.format */
        char copy[256], *save = NULL, *item;
        py_json_rounded(score, width, rounded, sizeof rounded);
        fputs("{\n \"name\": ", f);
        py_json_string(f, name);
        fprintf(f, ",\n \"score\": %s,\n \"signature\": ", rounded);
        py_json_string(f, sig);
        if (*verbose) {
            fputs(",\n \"verbose_score\": ", f);
            py_json_string(f, verbose);
        }
        snprintf(copy, sizeof copy, "%s", sig);
        for (item = strtok_r(copy, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
            char *colon = strchr(item, ':');
            if (!colon) continue;
            *colon = '\0';
            fputs(",\n ", f);
            py_json_string(f, item);
            fputs(": ", f);
            py_json_string(f, colon + 1);
        }
        fputs("\n}", f);
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* utils.py print_single_results: a JSON list for several metrics; text lines aligned
 * on their '=' (a score-only line is printed as it is). */
static void print_results(char **results, int n, int is_json)
{
    int k, w = 0;
    if (is_json) {
        if (n > 1) fputs("[\n", stdout);
        for (k = 0; k < n; k++) printf("%s%s", results[k], k + 1 < n ? ",\n" : "\n");
        if (n > 1) fputs("]\n", stdout);
        return;
    }
    for (k = 0; k < n; k++) {
        const char *eq = strchr(results[k], '=');
        if (eq && (int)(eq - results[k]) - 1 > w) w = (int)(eq - results[k]) - 1;
    }
    for (k = 0; k < n; k++) {
        const char *eq = strchr(results[k], '=');
        if (!eq || n == 1) {
            printf("%s\n", results[k]);
            continue;
        }
        /* f'{left:>{w}}{right}' with left = line[:index('=') - 1] */
        printf("%*.*s%s\n", w, (int)(eq - results[k]) - 1, results[k],
               eq - 1);
    }
}

static int report_status(const cter_run *r, const char *what, int rc, size_t start,
                         size_t bad_index, int bad_stream)
{
    if (rc == LLMM_EUTF8) {
        const cli_lines *l = bad_stream < 0 ? &r->hyps : &r->refs[bad_stream];
        cli_error("%s:%zu: invalid UTF-8", l->name, start + bad_index + 1);
    } else {
        cli_error("%s failed: %s (%s)", what, llmm_strerror(rc), llmm_status_name(rc));
    }
    return CLI_EXIT_ERROR;
}

/* Scores every requested metric from the one read of the files, in sacrebleu's order
 * (sorted by metric name: CHRF before TER). */
static int score(cter_run *r)
{
    const cter_args *a = &r->args;
    static const int order[3] = {CTER_BLEU, CTER_CHRF, CTER_TER}; /* sorted names */
    char *results[3] = {NULL, NULL, NULL};
    llmm_strs *refs;
    int n_results = 0, m, rc = 0;

    refs = malloc(r->n_streams * sizeof *refs);
    if (!refs) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (m = 0; m < 3 && rc == 0; m++) {
        int metric = order[m];
        const char *what = metric == CTER_BLEU ? "BLEU" : metric == CTER_CHRF ? "chrF" : "TER";
        char sig[256], name[32], verbose[160];
        cli_progress progress;
        scorer s;
        size_t start, n = r->hyps.count, k;
        if (!(a->metrics & metric)) continue;
        if ((rc = scorer_create(&s, a, metric)) != LLMM_OK) {
            cli_error("invalid %s options: %s", what, llmm_strerror(rc));
            scorer_free(&s);
            rc = rc == LLMM_ENOMEM ? CLI_EXIT_ERROR : CLI_EXIT_USAGE;
            break;
        }
        /* JSON output carries the long signature (sacrebleu.py main()) */
        if (metric == CTER_BLEU && !a->sentence_level && !a->force) cli_sb_warn_tokenized(&r->hyps);
        make_signature(&s, a, (int)r->n_streams,
                       a->short_sig && (a->sentence_level || a->format != CLI_FMT_JSON), sig,
                       sizeof sig);
        metric_name(a, metric, name, sizeof name);
        cli_progress_init(&progress, n, a->quiet);
        for (start = 0; start < n && rc == 0; start += CHUNK) {
            size_t cnt = n - start < CHUNK ? n - start : CHUNK, bad_index = 0, i;
            int bad_stream = 0, err;
            llmm_strs hyp = cli_lines_slice(&r->hyps, start, cnt);
            for (k = 0; k < r->n_streams; k++) refs[k] = cli_lines_slice(&r->refs[k], start, cnt);
            err = scorer_chunk(&s, &hyp, refs, r->n_streams, &bad_index, &bad_stream);
            if (err != LLMM_OK) {
                cli_progress_done(&progress);
                rc = report_status(r, what, err, start, bad_index, bad_stream);
                break;
            }
            for (i = 0; a->sentence_level && i < cnt; i++) {
                /* metric.sentence_score() then print(score.format(width, score_only, sig)) */
                double sc = scorer_score(&s, a, (long)i, verbose, sizeof verbose);
                char *line = format_score(name, sc, sig, verbose, a->width, a->score_only, 0);
                if (!line) {
                    cli_error("out of memory");
                    rc = CLI_EXIT_ERROR;
                    break;
                }
                printf("%s\n", line);
                free(line);
            }
            cli_progress_update(&progress, start + cnt);
        }
        cli_progress_done(&progress);
        if (rc == 0 && !a->sentence_level) {
            double sc = scorer_score(&s, a, -1, verbose, sizeof verbose);
            results[n_results] = format_score(name, sc, sig, verbose, a->width, a->score_only,
                                              a->format == CLI_FMT_JSON);
            if (!results[n_results]) {
                cli_error("out of memory");
                rc = CLI_EXIT_ERROR;
            }
            n_results++;
        }
        scorer_free(&s);
    }
    if (rc == 0 && !a->sentence_level) print_results(results, n_results, a->format == CLI_FMT_JSON);
    for (m = 0; m < 3; m++) free(results[m]);
    free(refs);
    return rc;
}

int cter_main(int argc, char **argv, int metric)
{
    cter_run r;
    int rc;
    memset(&r, 0, sizeof r);
    rc = cter_args_parse(argc, argv, metric, &r.args);
    if (rc < 0) {
        rc = check_args(&r.args);
        /* sacrebleu.py reads the references first, then the hypotheses */
        if (rc == 0) rc = load_refs(&r);
        if (rc == 0) rc = load_hyps(&r);
        if (rc == 0) rc = cli_sb_check_lengths(&r.hyps, r.refs, r.n_streams);
        if (rc == 0) rc = score(&r);
    }
    run_free(&r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        return CLI_EXIT_ERROR;
    }
    return rc;
}
