/* signif_cmd.c - the statistical modes of `llmmetrics bleu`, printed as sacrebleu 2.6.0
 * prints them (sacrebleu.py main(), utils.py print_results_table / _format_score_lines,
 * tabulate 0.8.9 "fancy_grid" and "latex_booktabs"):
 *   one system + --confidence   the score line with "(μ = mean ± ci)"
 *   several -i systems           a table of scores
 *   + --paired-bs / --paired-ar  the table with p-values (and bootstrap CIs), the test's
 *                                explanation and the signature with the test and seed
 * The first -i file is the baseline. */
#include <stdlib.h>
#include <string.h>

#include "bleu_cmd.h"
#include "cli.h"
#include "pyfmt.h"
#include "sacrebleu_input.h"

#define MAX_CELL 128 /* "score (mean ± ci)\n(p = 0.1234)*" at any --width up to 100 fits */

typedef struct signif_run {
    bleu_run *r;
    size_t n_sys;
    cli_lines *sys;             /* sys[0] aliases r->hyps */
    const char **names;
    llmm_bleu_stats **stats;    /* per-segment statistics of each system */
} signif_run;

int cli_bleu_wants_signif(const bleu_args *a)
{
    return a->n_inputs > 1 || a->confidence || a->paired_bs || a->paired_ar;
}

static void signif_free(signif_run *s)
{
    size_t k;
    for (k = 1; k < s->n_sys; k++) cli_lines_free(&s->sys[k]);
    for (k = 0; k < s->n_sys && s->stats; k++) free(s->stats[k]);
    free(s->stats);
    free(s->sys);
    free(s->names);
}

/* ---- loading ----------------------------------------------------------------------- */

static int load_systems(signif_run *s)
{
    const bleu_args *a = &s->r->args;
    int paired = a->paired_bs || a->paired_ar;
    size_t n = a->n_inputs > 1 ? a->n_inputs : 1, k, j;
    int rc;

    s->sys = calloc(n, sizeof *s->sys);
    s->names = calloc(n, sizeof *s->names);
    if (!s->sys || !s->names) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    s->sys[0] = s->r->hyps;
    s->names[0] = s->r->hyps.name;
    s->n_sys = 1;
    for (k = 1; k < n; k++) {
        const char *name = a->inputs[k];
        for (j = 0; j < s->n_sys && strcmp(name, s->names[j]) != 0; j++) {}
        if (j < s->n_sys) {
            /* sacrebleu.py: the baseline given again is skipped in paired mode; any
             * other repeated name is an error. */
            if (paired && j == 0)
                continue;
            cli_error("'%s' already used to name a system.", name);
            cli_error("Make sure to have a different basename for each system.");
            return CLI_EXIT_ERROR;
        }
        if ((rc = cli_read_lines(name, CLI_NL_LF, &s->sys[s->n_sys])) != 0)
            return rc;
        s->names[s->n_sys++] = name;
    }
    return 0;
}

/* sacrebleu.py's checks, in its order, then utils.py sanity_check_lengths(). */
static int check_modes(const signif_run *s)
{
    const bleu_args *a = &s->r->args;
    int paired = a->paired_bs || a->paired_ar;
    size_t k;
    if (a->sentence_level) {
        if (s->n_sys > 1) {
            cli_error("Only one system can be evaluated in sentence-level mode.");
            return CLI_EXIT_ERROR;
        }
        cli_error("Statistical tests are unavailable in sentence-level mode.");
        return CLI_EXIT_ERROR;
    }
    if (paired && s->n_sys == 1) {
        cli_error("Paired tests require multiple input systems given to --input (-i).");
        return CLI_EXIT_ERROR;
    }
    if (s->n_sys > 1 && a->confidence) {
        cli_error("Use paired tests (--paired) for multiple systems.");
        return CLI_EXIT_ERROR;
    }
    for (k = 1; k < s->n_sys; k++) {
        int rc = cli_sb_check_lengths(&s->sys[k], s->r->refs, s->r->n_streams);
        if (rc) return rc;
    }
    return 0;
}

/* Per-segment statistics of every system, in one library call each. */
static int extract_all(signif_run *s)
{
    bleu_run *r = s->r;
    llmm_strs *refs;
    llmm_bleu_stats total;
    size_t k, j, n = r->hyps.count;
    int rc = llmm_bleu_create(&r->scorer, &r->args.opts, NULL);
    if (rc != LLMM_OK) {
        cli_error("invalid BLEU options: %s", llmm_strerror(rc));
        return CLI_EXIT_USAGE;
    }
    s->stats = calloc(s->n_sys, sizeof *s->stats);
    refs = malloc(r->n_streams * sizeof *refs);
    if (!s->stats || !refs) {
        free(refs);
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (j = 0; j < r->n_streams; j++) refs[j] = cli_lines_slice(&r->refs[j], 0, n);
    for (k = 0; k < s->n_sys; k++) {
        llmm_strs hyp = cli_lines_slice(&s->sys[k], 0, n);
        size_t bad_index = 0;
        int bad_stream = 0;
        if (!r->args.force) cli_sb_warn_tokenized(&s->sys[k]);
        if (!(s->stats[k] = malloc(n * sizeof **s->stats))) {
            free(refs);
            cli_error("out of memory");
            return CLI_EXIT_ERROR;
        }
        rc = llmm_bleu_extract_corpus(r->scorer, &hyp, refs, r->n_streams, &total, s->stats[k],
                                      NULL, &bad_index, &bad_stream);
        if (rc != LLMM_OK) {
            free(refs);
            return cli_bleu_report_status(r, &s->sys[k], rc, 0, bad_index, bad_stream);
        }
    }
    free(refs);
    return 0;
}

/* ---- --confidence ------------------------------------------------------------------- */

static int run_confidence(signif_run *s)
{
    const bleu_args *a = &s->r->args;
    llmm_signif_options so;
    llmm_signif_result ci;
    llmm_bleu_stats total;
    llmm_bleu_result res;
    char extra[64] = "", sig[320];
    size_t i, n = s->r->hyps.count;
    int rc;

    llmm_bleu_stats_init(&total);
    for (i = 0; i < n; i++) llmm_bleu_stats_merge(&total, &s->stats[0][i]);
    if ((rc = llmm_bleu_finalize(&a->opts, &total, &res)) != LLMM_OK)
        return cli_bleu_report_status(s->r, &s->sys[0], rc, 0, 0, -1);
    memset(&ci, 0, sizeof ci);
    /* corpus_score(n_bootstrap=confidence_n): resampling only for n > 1, and only then
     * does the signature carry bs and seed (base.py:441-447). */
    if (a->confidence_n > 1) {
        llmm_signif_options_default(&so);
        so.seed = a->seed;
        so.n_samples = (size_t)a->confidence_n;
        rc = llmm_bleu_confidence(&a->opts, s->stats[0], n, &so, &ci, NULL);
        if (rc != LLMM_OK) {
            cli_error("bootstrap resampling failed: %s", llmm_strerror(rc));
            return CLI_EXIT_ERROR;
        }
        snprintf(extra, sizeof extra, "bs:%ld|seed:%llu", a->confidence_n,
                 (unsigned long long)a->seed);
    }
    rc = cli_bleu_signature(&a->opts, (int)s->r->n_streams, extra,
                            a->short_sig && a->format != CLI_FMT_JSON, sig, sizeof sig);
    if (rc != LLMM_OK) {
        cli_error("cannot build the signature: %s", llmm_strerror(rc));
        return CLI_EXIT_ERROR;
    }
    cli_bleu_print_score(&res, &ci, sig, a->width, a->score_only, a->format == CLI_FMT_JSON);
    return 0;
}

/* ---- tables (tabulate 0.8.9) ------------------------------------------------------- */

/* len() of a UTF-8 string: its code points (tabulate without wcwidth). */
static size_t str_width(const char *s, size_t n)
{
    size_t i, w = 0;
    for (i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static void put_spaces(size_t n)
{
    while (n--) putchar(' ');
}

/* One line of a cell padded to `width`: right-aligned (col 0) or centred
 * ("{:^w}": the extra space on the right), LaTeX-escaped after padding. */
static void put_aligned(const char *s, size_t n, size_t width, int right, int latex)
{
    size_t w = str_width(s, n), fill = width > w ? width - w : 0, i;
    put_spaces(right ? fill : fill / 2);
    for (i = 0; i < n; i++) {
        const char *esc = NULL;
        if (latex) {
            switch (s[i]) {
            case '&': esc = "\\&"; break;
            case '%': esc = "\\%"; break;
            case '$': esc = "\\$"; break;
            case '#': esc = "\\#"; break;
            case '_': esc = "\\_"; break;
            case '^': esc = "\\^{}"; break;
            case '{': esc = "\\{"; break;
            case '}': esc = "\\}"; break;
            case '~': esc = "\\textasciitilde{}"; break;
            case '\\': esc = "\\textbackslash{}"; break;
            case '<': esc = "\\ensuremath{<}"; break;
            case '>': esc = "\\ensuremath{>}"; break;
            default: break;
            }
        }
        if (esc)
            fputs(esc, stdout);
        else
            putchar(s[i]);
    }
    put_spaces(right ? 0 : fill - fill / 2);
}

/* The k-th '\n'-separated line of s (NULL past the last). */
static const char *nth_line(const char *s, size_t k, size_t *len)
{
    for (; k; k--) {
        s = strchr(s, '\n');
        if (!s) return NULL;
        s++;
    }
    *len = strcspn(s, "\n");
    return s;
}

static size_t cell_width(const char *s)
{
    size_t k, len, w = 0;
    const char *line;
    for (k = 0; (line = nth_line(s, k, &len)) != NULL; k++)
        if (str_width(line, len) > w) w = str_width(line, len);
    return w;
}

static size_t cell_lines(const char *s)
{
    size_t k = 1;
    for (; (s = strchr(s, '\n')) != NULL; s++) k++;
    return k;
}

static void grid_line(const char *l, const char *fill, const char *sep, const char *r,
                      const size_t *w)
{
    size_t c, i;
    fputs(l, stdout);
    for (c = 0; c < 2; c++) {
        if (c) fputs(sep, stdout);
        for (i = 0; i < w[c] + 2; i++) fputs(fill, stdout);
    }
    fputs(r, stdout);
    putchar('\n');
}

static void table_row(const char *const cell[2], const size_t *w, int latex)
{
    size_t lines = cell_lines(cell[0]) > cell_lines(cell[1]) ? cell_lines(cell[0])
                                                             : cell_lines(cell[1]);
    size_t k, c, len;
    for (k = 0; k < lines; k++) {
        fputs(latex ? "" : "\xe2\x94\x82", stdout); /* │ */
        for (c = 0; c < 2; c++) {
            const char *line = nth_line(cell[c], k, &len);
            if (c) fputs(latex ? "&" : "\xe2\x94\x82", stdout);
            putchar(' ');
            if (line)
                put_aligned(line, len, w[c], c == 0, latex);
            else
                put_spaces(w[c]);
            /* _build_simple_row rstrip()s the LaTeX row before "\\". */
            if (!latex || c == 0) putchar(' ');
        }
        fputs(latex ? " \\\\" : "\xe2\x94\x82", stdout);
        putchar('\n');
    }
}

/* tabulate(new_dict, headers='keys', tablefmt=fancy_grid|latex_booktabs,
 * colalign=('right',), stralign='center', numalign='center') of the names and the score
 * cells. Cells hold no leading or trailing whitespace (tabulate strips it; the names are
 * file paths). */
static void print_table(const char *header, const char *const *names,
                        char (*cells)[MAX_CELL], size_t n, int latex)
{
    const char *head[2] = {"System", header};
    size_t w[2], i, c;
    for (c = 0; c < 2; c++) {
        /* MIN_PADDING: a column is at least its header plus 2. */
        w[c] = str_width(head[c], strlen(head[c])) + 2;
        for (i = 0; i < n; i++) {
            size_t cw = cell_width(c ? cells[i] : names[i]);
            if (cw > w[c]) w[c] = cw;
        }
    }
    if (latex)
        fputs("\\begin{tabular}{rc}\n\\toprule\n", stdout);
    else
        grid_line("\xe2\x95\x92", "\xe2\x95\x90", "\xe2\x95\xa4", "\xe2\x95\x95", w);
    table_row(head, w, latex);
    if (latex)
        fputs("\\midrule\n", stdout);
    else
        grid_line("\xe2\x95\x9e", "\xe2\x95\x90", "\xe2\x95\xaa", "\xe2\x95\xa1", w);
    for (i = 0; i < n; i++) {
        const char *row[2];
        row[0] = names[i];
        row[1] = cells[i];
        table_row(row, w, latex);
        if (!latex && i + 1 < n)
            grid_line("\xe2\x94\x9c", "\xe2\x94\x80", "\xe2\x94\xbc", "\xe2\x94\xa4", w);
    }
    if (latex)
        fputs("\\bottomrule\n\\end{tabular}\n", stdout);
    else
        grid_line("\xe2\x95\x98", "\xe2\x95\x90", "\xe2\x95\xa7", "\xe2\x95\x9b", w);
}

/* ---- JSON (json.dumps(..., indent=4), ensure_ascii) ---------------------------------- */

static void json_ascii(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    while (*p) {
        uint32_t cp = *p;
        size_t len = 1, k;
        if (cp >= 0x80) {
            len = cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 0;
            for (k = 1; k < len && (p[k] & 0xC0) == 0x80; k++) {}
            if (len < 2 || k < len) {
                /* Not UTF-8: Python's surrogateescape of the byte. */
                printf("\\udc%02x", *p++);
                continue;
            }
            cp &= 0xFFu >> (len + 1);
            for (k = 1; k < len; k++) cp = cp << 6 | (p[k] & 0x3F);
        }
        p += len;
        if (cp == '"') fputs("\\\"", stdout);
        else if (cp == '\\') fputs("\\\\", stdout);
        else if (cp == '\n') fputs("\\n", stdout);
        else if (cp == '\r') fputs("\\r", stdout);
        else if (cp == '\t') fputs("\\t", stdout);
        else if (cp == '\b') fputs("\\b", stdout);
        else if (cp == '\f') fputs("\\f", stdout);
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0x10000)) printf("\\u%04x", (unsigned)cp);
        else if (cp >= 0x10000)
            printf("\\u%04x\\u%04x", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
                   (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        else putchar((int)cp);
    }
    putchar('"');
}

static void json_number_or_null(int has, double x)
{
    char buf[64];
    if (!has) {
        fputs("null", stdout);
        return;
    }
    py_float_repr(x, buf, sizeof buf);
    fputs(buf, stdout);
}

/* print_results_table(), format json: one object per system. `res` NULL: the non-paired
 * table, whose values are the formatted scores. */
static void print_json(const signif_run *s, const char *const *labels,
                       char (*cells)[MAX_CELL], const llmm_signif_result *res)
{
    size_t k;
    fputs("[\n", stdout);
    for (k = 0; k < s->n_sys; k++) {
        fputs("    {\n        \"system\": ", stdout);
        json_ascii(labels[k]);
        fputs(",\n        \"BLEU\": ", stdout);
        if (!res) {
            json_ascii(cells[k]);
        } else {
            fputs("{\n            \"score\": ", stdout);
            json_number_or_null(1, res[k].score);
            fputs(",\n            \"p_value\": ", stdout);
            json_number_or_null(res[k].has_p_value, res[k].p_value);
            fputs(",\n            \"mean\": ", stdout);
            json_number_or_null(res[k].has_ci, res[k].mean);
            fputs(",\n            \"ci\": ", stdout);
            json_number_or_null(res[k].has_ci, res[k].ci);
            fputs("\n        }", stdout);
        }
        fputs(k + 1 < s->n_sys ? "\n    },\n" : "\n    }\n", stdout);
    }
    fputs("]\n", stdout);
}

/* ---- several systems ----------------------------------------------------------------- */

static void print_explanation(const bleu_args *a, const char *baseline, long n)
{
    char msg[160];
    size_t i, len;
    len = (size_t)snprintf(msg, sizeof msg, "Paired %s test with %ld %s",
                           a->paired_bs ? "bootstrap resampling" : "approximate randomization",
                           n, a->paired_bs ? "resampling trials" : "trials");
    for (i = 0; i < len; i++) putchar('-');
    printf("\n%s\n", msg);
    for (i = 0; i < len; i++) putchar('-');
    printf("\n - Each system is pairwise compared to %s.\n", baseline);
    if (a->paired_bs)
        puts("   Actual system score / bootstrap estimated true mean / 95% CI are provided "
             "for each metric.");
    else
        puts("   Actual system score is provided for each metric.");
    puts("");
    puts(" - Null hypothesis: the system and the baseline translations are essentially");
    puts("   generated by the same underlying process. For a given system and the baseline,");
    puts("   the p-value is roughly the probability of the absolute score difference (delta)");
    puts("   or higher occurring due to chance, under the assumption that the null "
         "hypothesis is correct.");
    puts("");
    puts(" - Assuming a significance threshold of 0.05, the null hypothesis can be rejected");
    puts("   for p-values < 0.05 (marked with \"*\"). This means that the delta is unlikely "
         "to be attributed");
    puts("   to chance, hence the system is significantly \"different\" than the baseline.");
    puts("   Otherwise, the p-values are highlighted in red.");
    puts("");
    puts(" - NOTE: Significance does not tell whether a system is \"better\" than the "
         "baseline but rather");
    puts("   emphasizes the \"difference\" of the systems in terms of the replicability of "
         "the delta.");
    puts("");
}

/* _format_score_lines(): "score (mean ± ci)" and "(p = 0.0123)*" (a '*' for p <= 0.05),
 * on a second line in the text table. */
static void format_cell(const llmm_signif_result *res, int width, int multiline, char *out,
                        size_t cap)
{
    size_t pos = (size_t)snprintf(out, cap, "%.*f", width, res->score);
    if (res->has_ci && pos < cap)
        pos += (size_t)snprintf(out + pos, cap - pos, " (%.*f \xc2\xb1 %.*f)", width, res->mean,
                                width, res->ci);
    if (res->has_p_value && pos < cap)
        snprintf(out + pos, cap - pos, "%s(p = %.4f)%s", multiline ? "\n" : " ", res->p_value,
                 res->p_value > 0.05 ? "" : "*");
}

static int run_systems(signif_run *s)
{
    const bleu_args *a = &s->r->args;
    int paired = a->paired_bs || a->paired_ar, rc = 0, latex = a->format == CLI_FMT_LATEX;
    size_t n = s->r->hyps.count, k, i;
    llmm_signif_result *res = calloc(s->n_sys, sizeof *res);
    char (*cells)[MAX_CELL] = calloc(s->n_sys, sizeof *cells);
    char **labels = calloc(s->n_sys, sizeof *labels);
    char extra[64] = "", sig[320];
    long n_given = a->paired_bs ? a->paired_bs_n : a->paired_ar_n;

    if (!res || !cells || !labels) {
        cli_error("out of memory");
        rc = CLI_EXIT_ERROR;
        goto done;
    }
    for (k = 0; k < s->n_sys; k++) {
        size_t len = strlen(s->names[k]) + 16;
        if (!(labels[k] = malloc(len))) {
            cli_error("out of memory");
            rc = CLI_EXIT_ERROR;
            goto done;
        }
        snprintf(labels[k], len, "%s%s", paired && k == 0 ? "Baseline: " : "", s->names[k]);
    }
    if (paired) {
        llmm_signif_options so;
        const llmm_bleu_stats **systems = (const llmm_bleu_stats **)s->stats;
        llmm_signif_options_default(&so);
        so.test = a->paired_bs ? LLMM_SIGNIF_BS : LLMM_SIGNIF_AR;
        so.seed = a->seed;
        /* PairedTest: n_samples <= 0 means the test's default. */
        so.n_samples = n_given > 0 ? (size_t)n_given : 0;
        rc = llmm_bleu_paired_test(&a->opts, systems, s->n_sys, n, &so, res, NULL);
        if (rc != LLMM_OK) {
            cli_error("paired test failed: %s", llmm_strerror(rc));
            rc = CLI_EXIT_ERROR;
            goto done;
        }
        for (k = 0; k < s->n_sys; k++)
            format_cell(&res[k], a->width, !latex, cells[k], MAX_CELL);
        snprintf(extra, sizeof extra, "%s:%zu|seed:%llu", a->paired_bs ? "bs" : "ar",
                 so.n_samples ? so.n_samples : llmm_signif_default_samples(so.test),
                 (unsigned long long)a->seed);
    } else {
        for (k = 0; k < s->n_sys; k++) {
            llmm_bleu_stats total;
            llmm_bleu_result r;
            llmm_bleu_stats_init(&total);
            for (i = 0; i < n; i++) llmm_bleu_stats_merge(&total, &s->stats[k][i]);
            if ((rc = llmm_bleu_finalize(&a->opts, &total, &r)) != LLMM_OK) {
                rc = cli_bleu_report_status(s->r, &s->sys[k], rc, 0, 0, -1);
                goto done;
            }
            snprintf(cells[k], MAX_CELL, "%.*f", a->width, r.score);
        }
    }
    if (a->format == CLI_FMT_JSON) {
        print_json(s, (const char *const *)labels, cells, paired ? res : NULL);
        goto done;
    }
    print_table(paired && a->paired_bs ? "BLEU (\xce\xbc \xc2\xb1 95% CI)" : "BLEU",
                (const char *const *)labels, cells, s->n_sys, latex);
    putchar('\n');
    if (paired) print_explanation(a, labels[0], n_given);
    if (cli_bleu_signature(&a->opts, (int)s->r->n_streams, extra, a->short_sig, sig,
                           sizeof sig) != LLMM_OK) {
        cli_error("cannot build the signature");
        rc = CLI_EXIT_ERROR;
        goto done;
    }
    printf("-----------------\nMetric signatures\n-----------------\n - %-10s %s\n", "BLEU", sig);
done:
    for (k = 0; labels && k < s->n_sys; k++) free(labels[k]);
    free(labels);
    free(cells);
    free(res);
    return rc;
}

int cli_bleu_signif(bleu_run *r)
{
    signif_run s;
    int rc;
    memset(&s, 0, sizeof s);
    s.r = r;
    rc = load_systems(&s);
    if (rc == 0) rc = check_modes(&s);
    if (rc == 0) rc = extract_all(&s);
    if (rc == 0) rc = s.n_sys == 1 ? run_confidence(&s) : run_systems(&s);
    signif_free(&s);
    return rc;
}
