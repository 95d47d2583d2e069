/* calibration_cmd.c - `llmmetrics calibration [FILE]`: binned ECE / RMSCE / MCE (as
 * torchmetrics bins them) over JSON lines, optionally a reliability diagram as SVG.
 *
 * A line is {"confidence": c, "correct": true|false|0|1} (top-label pairs), or
 * {"probs": [p0, ..., pC-1], "label": k} (class probabilities: top-label confidence, and
 * the multiclass Brier score and log loss), all lines of a file in the same form. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "jsondom.h"
#include "pyfmt.h"

typedef struct calib_args {
    const char *path, *plot;
    unsigned n_bins;
    int json, dtype32;
} calib_args;

void cli_calibration_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " calibration [FILE] [--bins N] [--float32] [--format text|json]\n"
          "                               [--plot FILE.svg]\n"
          "\n"
          "Expected calibration error with equal-width bins exactly as torchmetrics 1.9.0\n"
          "bins it (bins [lo, hi), an extra bin for confidence 1.0) over JSON lines read\n"
          "from FILE or standard input, each either\n"
          "  {\"confidence\": 0.83, \"correct\": true}          (top-label pairs), or\n"
          "  {\"probs\": [0.1, 0.83, 0.07], \"label\": 1}      (class probabilities: also\n"
          "                                                  Brier score and log loss)\n"
          "\n"
          "options:\n"
          "  --bins N        number of bins (default 15, torchmetrics' default)\n"
          "  --float32       bin in float32 like torchmetrics with float32 inputs\n"
          "  -f, --format F  text (default) or json\n"
          "  --plot FILE     write a reliability diagram (SVG): accuracy per bin, the\n"
          "                  diagonal, counts, ECE in the title\n"
          "  -h, --help      show this help and exit\n",
          out);
}

static int parse_args(int argc, char **argv, calib_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    a->n_bins = 15;
    for (i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            cli_calibration_usage(stdout);
            return -1;
        } else if (strcmp(s, "--bins") == 0 && i + 1 < argc) {
            char *end;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (*end || v < 1 || v > llmm_calib_max_bins()) {
                cli_error("calibration: --bins must be an integer in 1..%u", llmm_calib_max_bins());
                return CLI_EXIT_USAGE;
            }
            a->n_bins = (unsigned)v;
        } else if (strcmp(s, "--float32") == 0) {
            a->dtype32 = 1;
        } else if ((strcmp(s, "-f") == 0 || strcmp(s, "--format") == 0) && i + 1 < argc) {
            s = argv[++i];
            if (strcmp(s, "json") == 0) a->json = 1;
            else if (strcmp(s, "text") == 0) a->json = 0;
            else {
                cli_error("calibration: --format must be text or json");
                return CLI_EXIT_USAGE;
            }
        } else if (strcmp(s, "--plot") == 0 && i + 1 < argc) {
            a->plot = argv[++i];
        } else if (s[0] == '-' && s[1] != '\0') {
            cli_error("calibration: unknown option or missing value '%s'", s);
            return CLI_EXIT_USAGE;
        } else if (a->path) {
            cli_error("calibration: more than one input file");
            return CLI_EXIT_USAGE;
        } else {
            a->path = s;
        }
    }
    return 0;
}

typedef struct calib_run {
    llmm_calib_ece *ece;
    llmm_calib_prob *prob;     /* probs form only */
    size_t n_classes;          /* 0: pairs form */
    int form;                  /* 0 unknown, 1 pairs, 2 probs */
} calib_run;

/* One line into the statistics. Returns 0 or an exit code (message printed). */
static int add_line(calib_run *r, const cli_lines *in, size_t i)
{
    const char *text = in->data + in->offsets[i];
    size_t len = in->offsets[i + 1] - in->offsets[i], k;
    const jv *conf, *ok, *probs, *label;
    char err[128];
    jv doc;
    int rc = LLMM_OK, code = 0;
    if (jv_parse(text, len, &doc, err, sizeof err)) {
        cli_error("%s:%zu: %s", in->name, i + 1, err);
        return CLI_EXIT_ERROR;
    }
    conf = jv_get(&doc, "confidence");
    ok = jv_get(&doc, "correct");
    probs = jv_get(&doc, "probs");
    label = jv_get(&doc, "label");
    if (conf && ok && conf->type == JV_NUMBER && (ok->type == JV_BOOL || ok->type == JV_NUMBER) &&
        r->form != 2) {
        unsigned char c = ok->num != 0;
        r->form = 1;
        rc = llmm_calib_ece_update_confidence(r->ece, &conf->num, &c, 1);
    } else if (probs && label && probs->type == JV_ARRAY && label->type == JV_NUMBER &&
               label->is_int && r->form != 1) {
        double *row;
        int32_t y = (int32_t)label->num;
        if (r->form == 0) {
            r->form = 2;
            r->n_classes = probs->len;
            if (r->n_classes < 2 || llmm_calib_prob_create(&r->prob, r->n_classes, NULL)) {
                cli_error("%s:%zu: \"probs\" needs at least 2 classes", in->name, i + 1);
                jv_free(&doc);
                return CLI_EXIT_ERROR;
            }
        }
        if (probs->len != r->n_classes) {
            cli_error("%s:%zu: %zu probabilities, the first line has %zu", in->name, i + 1,
                      probs->len, r->n_classes);
            jv_free(&doc);
            return CLI_EXIT_ERROR;
        }
        row = malloc(probs->len * sizeof *row);
        if (!row) {
            cli_error("out of memory");
            jv_free(&doc);
            return CLI_EXIT_ERROR;
        }
        for (k = 0; k < probs->len; k++) {
            if (probs->items[k].type != JV_NUMBER) break;
            row[k] = probs->items[k].num;
        }
        if (k < probs->len) {
            cli_error("%s:%zu: \"probs\" must hold numbers", in->name, i + 1);
            code = CLI_EXIT_ERROR;
        } else if (label->num < 0 || label->num >= (double)r->n_classes) {
            rc = LLMM_ERANGE;
        } else {
            rc = llmm_calib_prob_update(r->prob, row, &y, 1);
            if (rc == LLMM_OK) rc = llmm_calib_ece_update_multiclass(r->ece, row, 1, r->n_classes, &y);
        }
        free(row);
    } else {
        cli_error("%s:%zu: expected {\"confidence\": number, \"correct\": bool} or "
                  "{\"probs\": [numbers], \"label\": integer}, the same form on every line",
                  in->name, i + 1);
        code = CLI_EXIT_ERROR;
    }
    if (!code && rc != LLMM_OK) {
        cli_error("%s:%zu: %s", in->name, i + 1, llmm_strerror(rc));
        code = CLI_EXIT_ERROR;
    }
    jv_free(&doc);
    return code;
}

/* The reliability diagram: one bar per bin at its accuracy, the diagonal, the mean
 * confidence as a dot, the count above the bar, ECE in the title. */
static int write_svg(const char *path, const llmm_calib_ece *e, const llmm_calib_ece_result *r)
{
    const int W = 640, H = 520, L = 60, T = 50, S = 420;
    uint32_t nb = llmm_calib_ece_n_bins_total(e), b;
    char ece[32];
    FILE *f = fopen(path, "w");
    if (!f) {
        cli_error("cannot write %s", path);
        return CLI_EXIT_ERROR;
    }
    py_float_repr(r->l1, ece, sizeof ece);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"15\" text-anchor=\"middle\">Reliability "
               "diagram: ECE = %.4f (n = %llu, %u bins)</text>\n",
            L + S / 2, r->l1, (unsigned long long)r->count, nb - 1);
    fprintf(f, "<!-- ECE %s, RMSCE %.17g, MCE %.17g -->\n", ece, r->l2, r->max);
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
               "stroke=\"black\"/>\n", L, T, S, S);
    for (b = 0; b + 1 < nb; b++) {
        llmm_calib_bin bin;
        double x0, x1, h;
        llmm_calib_ece_bin(e, b, &bin);
        x0 = L + bin.lower * S;
        x1 = L + bin.upper * S;
        h = bin.accuracy * S;
        if (!bin.count) continue;
        fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#4c78a8\" "
                   "stroke=\"white\"><title>[%.4g, %.4g): n = %llu, accuracy %.4f, "
                   "confidence %.4f</title></rect>\n",
                x0, T + S - h, x1 - x0, h, bin.lower, bin.upper, (unsigned long long)bin.count,
                bin.accuracy, bin.mean_confidence);
        fprintf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"#e45756\"/>\n",
                L + bin.mean_confidence * S, T + S - bin.mean_confidence * S);
        fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%llu</text>\n",
                (x0 + x1) / 2, T + S - h - 4, (unsigned long long)bin.count);
    }
    {
        llmm_calib_bin last;
        llmm_calib_ece_bin(e, nb - 1, &last);
        if (last.count)
            fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">confidence = 1.0: n = %llu, "
                       "accuracy %.4f</text>\n",
                    L + S, T - 6, (unsigned long long)last.count, last.accuracy);
    }
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"gray\" "
               "stroke-dasharray=\"5,4\"/>\n", L, T + S, L + S, T);
    for (b = 0; b <= 10; b++) {
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>\n",
                L + b * S / 10.0, T + S + 16, b / 10.0);
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", L - 6,
                T + S - b * S / 10.0 + 4, b / 10.0);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">confidence</text>\n", L + S / 2,
            T + S + 36);
    fprintf(f, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
               "accuracy</text>\n", T + S / 2, T + S / 2);
    fputs("</svg>\n", f);
    if (fclose(f) != 0) {
        cli_error("cannot write %s", path);
        return CLI_EXIT_ERROR;
    }
    return CLI_EXIT_OK;
}

static void print_result(const calib_args *a, const calib_run *run, const llmm_calib_ece_result *r)
{
    llmm_calib_prob_result pr;
    uint32_t nb = llmm_calib_ece_n_bins_total(run->ece), b;
    char v[3][32];
    int have_prob = run->prob && llmm_calib_prob_result_get(run->prob, &pr) == LLMM_OK;
    py_float_repr(r->l1, v[0], sizeof v[0]);
    py_float_repr(r->l2, v[1], sizeof v[1]);
    py_float_repr(r->max, v[2], sizeof v[2]);
    if (a->json) {
        printf("{\"n\": %llu, \"n_bins\": %u, \"ece\": %s, \"rmsce\": %s, \"mce\": %s",
               (unsigned long long)r->count, a->n_bins, v[0], v[1], v[2]);
        if (have_prob) {
            py_float_repr(pr.brier, v[0], sizeof v[0]);
            printf(", \"brier\": %s", v[0]);
            if (pr.log_loss_status == LLMM_OK) {
                py_float_repr(pr.log_loss, v[0], sizeof v[0]);
                printf(", \"log_loss\": %s", v[0]);
            }
        }
        fputs(", \"bins\": [", stdout);
        for (b = 0; b < nb; b++) {
            llmm_calib_bin bin;
            llmm_calib_ece_bin(run->ece, b, &bin);
            py_float_repr(bin.lower, v[0], sizeof v[0]);
            py_float_repr(bin.accuracy, v[1], sizeof v[1]);
            py_float_repr(bin.mean_confidence, v[2], sizeof v[2]);
            printf("%s{\"lower\": %s, \"count\": %llu, \"accuracy\": %s, \"confidence\": %s}",
                   b ? ", " : "", v[0], (unsigned long long)bin.count, v[1], v[2]);
        }
        fputs("]}\n", stdout);
        return;
    }
    printf("predictions: %llu, bins: %u (+1 for confidence 1.0)\n", (unsigned long long)r->count,
           a->n_bins);
    printf("ECE (l1)   = %.6f\nRMSCE (l2) = %.6f\nMCE (max)  = %.6f\n", r->l1, r->l2, r->max);
    if (have_prob) {
        printf("Brier      = %.6f\n", pr.brier);
        if (pr.log_loss_status == LLMM_OK) printf("log loss   = %.6f\n", pr.log_loss);
        else printf("log loss   = undefined (a class never occurs as a label)\n");
    }
    printf("\n%-20s %10s %10s %10s\n", "bin", "count", "accuracy", "confidence");
    for (b = 0; b < nb; b++) {
        llmm_calib_bin bin;
        char range[32];
        llmm_calib_ece_bin(run->ece, b, &bin);
        if (!bin.count) continue;
        if (b + 1 < nb) snprintf(range, sizeof range, "[%.4f, %.4f)", bin.lower, bin.upper);
        else snprintf(range, sizeof range, ">= %.4f", bin.lower);
        printf("%-20s %10llu %10.4f %10.4f\n", range, (unsigned long long)bin.count, bin.accuracy,
               bin.mean_confidence);
    }
}

int cli_calibration_main(int argc, char **argv)
{
    calib_args a;
    calib_run run;
    llmm_calib_ece_options o;
    llmm_calib_ece_result r;
    cli_lines in;
    size_t line;
    int code = parse_args(argc, argv, &a);
    if (code) return code < 0 ? CLI_EXIT_OK : code;
    memset(&run, 0, sizeof run);
    llmm_calib_ece_options_default(&o);
    o.n_bins = a.n_bins;
    o.dtype = a.dtype32 ? LLMM_CALIB_F32 : LLMM_CALIB_F64;
    if ((code = cli_read_lines(a.path, CLI_NL_LF, &in)) != 0) return code;
    if (llmm_calib_ece_create(&run.ece, &o, NULL) != LLMM_OK) {
        cli_lines_free(&in);
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (line = 0; line < in.count && code == 0; line++)
        if (in.offsets[line + 1] > in.offsets[line]) code = add_line(&run, &in, line);
    if (code == 0 && llmm_calib_ece_result_get(run.ece, &r) != LLMM_OK) {
        cli_error("calibration: no predictions in %s", in.name);
        code = CLI_EXIT_ERROR;
    }
    if (code == 0) {
        print_result(&a, &run, &r);
        if (a.plot) code = write_svg(a.plot, run.ece, &r);
    }
    llmm_calib_prob_free(run.prob);
    llmm_calib_ece_free(run.ece);
    cli_lines_free(&in);
    return code;
}
