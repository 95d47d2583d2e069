/* serving_cmd.c - `llmmetrics serving LOG.jsonl`: the vLLM-style serving summary of a
 * request log (llmm_serve_summarize), error rates by category, availability and error
 * budget, cache hit rates, and optionally an SVG latency histogram. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "pyfmt.h"
#include "serving_log.h"

typedef struct serving_args {
    const char *log;
    const char *plot;
    const char *plot_metric;
    llmm_serve_options opts;
    double objective;
    int json;
} serving_args;

void cli_serving_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " serving [LOG.jsonl|-] [--percentiles P,P,...] [--goodput KEY:MS ...]\n"
          "                           [--duration S] [--sketch] [--objective O] [--json]\n"
          "                           [--plot FILE.svg] [--plot-metric ttft|tpot|itl|e2el]\n"
          "\n"
          "Summarizes a request log (one JSON object per line: start, first_token, end,\n"
          "token_times, input_tokens, output_tokens, cached_tokens, status, cache_hit, type;\n"
          "times in seconds) the way vLLM's serving benchmark does.\n"
          "\n"
          "options:\n"
          "  --percentiles P,...   percentiles to report (default 99)\n"
          "  --goodput KEY:MS      SLO for goodput, KEY in ttft, tpot, e2el (repeatable)\n"
          "  --duration S          benchmark duration (default: last end - first start)\n"
          "  --sketch              percentiles from a DDSketch (1% relative error)\n"
          "  --objective O         availability objective for the error budget (default 0.999)\n"
          "  --json                print JSON instead of the table\n"
          "  --plot FILE.svg       write a latency histogram with the percentiles marked\n"
          "  --plot-metric M       metric of the histogram (default e2el)\n",
          out);
}

static int parse_double(const char *s, double *out)
{
    char *end;
    if (!*s) return 0;
    *out = strtod(s, &end);
    return *end == '\0' && isfinite(*out);
}

static int parse_args(int argc, char **argv, serving_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    llmm_serve_options_default(&a->opts);
    a->objective = 0.999;
    a->plot_metric = "e2el";
    for (i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            cli_serving_usage(stdout);
            return -1;
        } else if (!strcmp(s, "--sketch")) {
            a->opts.mode = LLMM_SERVE_SKETCH;
        } else if (!strcmp(s, "--json")) {
            a->json = 1;
        } else if (!strcmp(s, "--percentiles") || !strcmp(s, "--goodput") ||
                   !strcmp(s, "--duration") || !strcmp(s, "--objective") ||
                   !strcmp(s, "--plot") || !strcmp(s, "--plot-metric")) {
            if (!v) {
                cli_error("serving: argument %s: expected one argument", s);
                return CLI_EXIT_USAGE;
            }
            i++;
            if (!strcmp(s, "--percentiles")) {
                char buf[256], *tok, *save = NULL;
                size_t n = 0;
                strncpy(buf, v, sizeof buf - 1);
                buf[sizeof buf - 1] = '\0';
                for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                    double p;
                    if (n == LLMM_SERVE_MAX_PERCENTILES || !parse_double(tok, &p) || p < 0 || p > 100) {
                        cli_error("serving: --percentiles: up to %d values in [0, 100]",
                                  LLMM_SERVE_MAX_PERCENTILES);
                        return CLI_EXIT_USAGE;
                    }
                    a->opts.percentiles[n++] = p;
                }
                a->opts.n_percentiles = n;
            } else if (!strcmp(s, "--goodput")) {
                const char *colon = strchr(v, ':');
                double ms;
                if (!colon || !parse_double(colon + 1, &ms) || ms <= 0) {
                    cli_error("serving: --goodput expects KEY:MILLISECONDS, got '%s'", v);
                    return CLI_EXIT_USAGE;
                }
                if (!strncmp(v, "ttft:", 5)) a->opts.slo.ttft_ms = ms;
                else if (!strncmp(v, "tpot:", 5)) a->opts.slo.tpot_ms = ms;
                else if (!strncmp(v, "e2el:", 5)) a->opts.slo.e2e_ms = ms;
                else {
                    cli_error("serving: --goodput key must be ttft, tpot or e2el, got '%s'", v);
                    return CLI_EXIT_USAGE;
                }
            } else if (!strcmp(s, "--duration")) {
                if (!parse_double(v, &a->opts.duration_s) || a->opts.duration_s <= 0) {
                    cli_error("serving: --duration must be a positive number");
                    return CLI_EXIT_USAGE;
                }
            } else if (!strcmp(s, "--objective")) {
                if (!parse_double(v, &a->objective) || !(a->objective > 0 && a->objective < 1)) {
                    cli_error("serving: --objective must be in (0, 1)");
                    return CLI_EXIT_USAGE;
                }
            } else if (!strcmp(s, "--plot")) {
                a->plot = v;
            } else {
                if (strcmp(v, "ttft") && strcmp(v, "tpot") && strcmp(v, "itl") && strcmp(v, "e2el")) {
                    cli_error("serving: --plot-metric: invalid choice: '%s'", v);
                    return CLI_EXIT_USAGE;
                }
                a->plot_metric = v;
            }
        } else if (s[0] == '-' && s[1]) {
            cli_error("serving: unrecognized arguments: %s", s);
            return CLI_EXIT_USAGE;
        } else if (!a->log) {
            a->log = s;
        } else {
            cli_error("serving: only one log file");
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

/* vLLM's "{:<40} {:<10}" lines and "{s:{c}^{n}}" banners (serve.py). */
static void banner(const char *s, char c)
{
    size_t len = strlen(s), left = (50 - len) / 2, i;
    for (i = 0; i < left; i++) putchar(c);
    fputs(s, stdout);
    for (i = left + len; i < 50; i++) putchar(c);
    putchar('\n');
}

static void row_u(const char *label, uint64_t v) { printf("%-40s %-10llu\n", label, (unsigned long long)v); }
static void row_f(const char *label, double v) { printf("%-40s %-10.2f\n", label, v); }

static void pct_label(char *buf, size_t cap, double p, const char *what)
{
    if (p == floor(p)) snprintf(buf, cap, "P%d %s (ms):", (int)p, what);
    else snprintf(buf, cap, "P%g %s (ms):", p, what);
}

static void print_metric(const serving_args *a, const char *title, const char *what,
                         const llmm_serve_stats *st)
{
    char label[64];
    size_t i;
    banner(title, '-');
    snprintf(label, sizeof label, "Mean %s (ms):", what);
    row_f(label, st->mean_ms);
    snprintf(label, sizeof label, "Median %s (ms):", what);
    row_f(label, st->median_ms);
    for (i = 0; i < a->opts.n_percentiles; i++) {
        pct_label(label, sizeof label, a->opts.percentiles[i], what);
        row_f(label, st->percentiles_ms[i]);
    }
}

/* ", "key": value" with Python's repr of the float. */
static void json_num(const char *sep, const char *key, double v)
{
    char buf[40];
    py_float_repr(v, buf, sizeof buf);
    printf("%s\"%s\": %s", sep, key, buf);
}

static void json_stats(const serving_args *a, const char *name, const llmm_serve_stats *st)
{
    char key[64];
    size_t i;
    snprintf(key, sizeof key, "mean_%s_ms", name);
    json_num(",\n ", key, st->mean_ms);
    snprintf(key, sizeof key, "median_%s_ms", name);
    json_num(", ", key, st->median_ms);
    snprintf(key, sizeof key, "std_%s_ms", name);
    json_num(", ", key, st->std_ms);
    for (i = 0; i < a->opts.n_percentiles; i++) {
        snprintf(key, sizeof key, "p%g_%s_ms", a->opts.percentiles[i], name);
        json_num(", ", key, st->percentiles_ms[i]);
    }
}

/* ---- histogram ------------------------------------------------------------------------ */

static int collect_metric(const serving_log *log, const char *metric, double **out, size_t *n)
{
    size_t i, k, m = 0, cap = 0;
    double *v = NULL;
    for (i = 0; i < log->count; i++) {
        const llmm_serve_request *r = &log->entries[i].req;
        llmm_serve_request_metrics mm;
        if (!r->success || llmm_serve_request_metrics_get(r, &mm)) continue;
        if (cap < m + mm.n_itl + 1) {
            cap = 2 * (m + mm.n_itl + 1);
            v = (double *)realloc(v, cap * sizeof *v);
            if (!v) return 0;
        }
        if (!strcmp(metric, "ttft")) v[m++] = mm.ttft * 1000;
        else if (!strcmp(metric, "e2el")) v[m++] = mm.e2e * 1000;
        else if (!strcmp(metric, "tpot")) {
            if (mm.has_tpot) v[m++] = mm.tpot * 1000;
        } else
            for (k = 1; k < r->n_token_times; k++)
                v[m++] = (r->token_times[k] - r->token_times[k - 1]) * 1000;
    }
    *out = v;
    *n = m;
    return 1;
}

static int write_svg(const serving_args *a, const serving_log *log, const llmm_serve_stats *st)
{
    enum { W = 720, H = 380, L = 60, R = 20, T = 40, B = 50, BINS = 40 };
    double *v = NULL, lo = HUGE_VAL, hi = -HUGE_VAL, width, peak = 0;
    size_t n = 0, i, counts[BINS] = {0};
    FILE *f;
    if (!collect_metric(log, a->plot_metric, &v, &n)) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (i = 0; i < n; i++) {
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
    }
    if (!n) lo = 0, hi = 1;
    if (hi <= lo) hi = lo + 1;
    width = (hi - lo) / BINS;
    for (i = 0; i < n; i++) {
        size_t b = (size_t)((v[i] - lo) / width);
        counts[b >= BINS ? BINS - 1 : b]++;
    }
    free(v);
    for (i = 0; i < BINS; i++)
        if ((double)counts[i] > peak) peak = (double)counts[i];
    if (peak == 0) peak = 1;
    f = fopen(a->plot, "w");
    if (!f) {
        cli_error("cannot write %s", a->plot);
        return CLI_EXIT_ERROR;
    }
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s latency (ms), %zu values</text>\n", L,
            a->plot_metric, n);
    for (i = 0; i < BINS; i++) {
        double bw = (double)(W - L - R) / BINS, h = (double)counts[i] / peak * (H - T - B);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4878a8\"/>\n",
                L + i * bw, H - B - h, bw - 1, h);
    }
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - R, H - B);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, T, L, H - B);
    fprintf(f, "<text x=\"%d\" y=\"%d\">%.4g</text>\n", L, H - B + 18, lo);
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.4g</text>\n", W - R, H - B + 18, hi);
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>\n", L - 6, T + 4, peak);
    for (i = 0; i < a->opts.n_percentiles + 1; i++) {
        double p = i ? a->opts.percentiles[i - 1] : 50, x = i ? st->percentiles_ms[i - 1] : st->median_ms;
        double px = L + (x - lo) / (hi - lo) * (W - L - R);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c03030\" "
                   "stroke-dasharray=\"4,3\"/>\n", px, T, px, H - B);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" fill=\"#c03030\">p%g = %.4g</text>\n", px + 3,
                T + 14 + 14 * (int)i, p, x);
    }
    fputs("</svg>\n", f);
    if (fclose(f)) {
        cli_error("cannot write %s", a->plot);
        return CLI_EXIT_ERROR;
    }
    return CLI_EXIT_OK;
}

/* ---- main ------------------------------------------------------------------------------ */

static const llmm_serve_stats *stats_of(const llmm_serve_summary *s, const char *metric)
{
    return !strcmp(metric, "ttft") ? &s->ttft : !strcmp(metric, "tpot") ? &s->tpot
           : !strcmp(metric, "itl") ? &s->itl : &s->e2e;
}

int cli_serving_main(int argc, char **argv)
{
    serving_args a;
    cli_lines lines;
    serving_log log;
    llmm_serve_request *reqs = NULL;
    llmm_serve_summary sum;
    llmm_slo_errors errs;
    llmm_serve_cache cache;
    const char **ptrs = NULL;
    size_t *lens = NULL, i;
    int rc, any_cache = 0;
    double rate;
    if ((rc = parse_args(argc, argv, &a))) return rc < 0 ? CLI_EXIT_OK : rc;
    if ((rc = cli_read_lines(a.log, a.log && strcmp(a.log, "-") ? CLI_NL_LF : CLI_NL_UNIVERSAL, &lines)))
        return rc;
    ptrs = (const char **)malloc((lines.count + 1) * sizeof *ptrs);
    lens = (size_t *)malloc((lines.count + 1) * sizeof *lens);
    if (!ptrs || !lens) {
        cli_error("out of memory");
        rc = CLI_EXIT_ERROR;
        goto done0;
    }
    for (i = 0; i < lines.count; i++) {
        ptrs[i] = lines.data + lines.offsets[i];
        lens[i] = lines.offsets[i + 1] - lines.offsets[i];
    }
    if ((rc = serving_log_parse(lines.name, ptrs, lens, lines.count, &log))) goto done0;
    reqs = (llmm_serve_request *)malloc((log.count + 1) * sizeof *reqs);
    if (!reqs) {
        cli_error("out of memory");
        rc = CLI_EXIT_ERROR;
        goto done;
    }
    llmm_slo_errors_init(&errs);
    llmm_serve_cache_init(&cache);
    for (i = 0; i < log.count; i++) {
        const serving_entry *e = &log.entries[i];
        reqs[i] = e->req;
        if (e->req.success) {
            llmm_slo_errors_record_success(&errs, 1);
        } else {
            uint32_t id;
            if (llmm_slo_errors_find(&errs, e->status, strlen(e->status), &id) &&
                llmm_slo_errors_add_category(&errs, e->status, strlen(e->status), &id) &&
                llmm_slo_errors_find(&errs, "other", 5, &id)) {
                cli_error("too many error categories");
                rc = CLI_EXIT_ERROR;
                goto done;
            }
            llmm_slo_errors_record_error(&errs, id, 1);
        }
        if (e->cache_hit >= 0) {
            llmm_serve_cache_record(&cache, e->type, 1, (uint64_t)e->cache_hit);
            any_cache = 1;
        }
    }
    rc = llmm_serve_summarize(reqs, log.count, &a.opts, &sum, NULL);
    if (rc) {
        cli_error("%s: %s", lines.name, llmm_strerror(rc));
        rc = CLI_EXIT_ERROR;
        goto done;
    }
    if (a.json) {
        printf("{\"completed\": %llu, \"failed\": %llu, \"total_input_tokens\": %llu, "
               "\"total_output_tokens\": %llu",
               (unsigned long long)sum.completed, (unsigned long long)sum.failed,
               (unsigned long long)sum.total_input, (unsigned long long)sum.total_output);
        json_num(", ", "duration", sum.duration_s);
        json_num(", ", "request_throughput", sum.request_throughput);
        json_num(", ", "request_goodput", sum.request_goodput);
        json_num(", ", "output_throughput", sum.output_throughput);
        json_num(", ", "total_token_throughput", sum.total_token_throughput);
        json_stats(&a, "ttft", &sum.ttft);
        json_stats(&a, "tpot", &sum.tpot);
        json_stats(&a, "itl", &sum.itl);
        json_stats(&a, "e2el", &sum.e2e);
        if (errs.total && !llmm_slo_error_rate(&errs, UINT32_MAX, &rate))
            json_num(",\n ", "error_rate", rate);
        if (any_cache && !llmm_serve_cache_hit_rate(&cache, UINT32_MAX, &rate))
            json_num(", ", "cache_hit_rate", rate);
        printf("}\n");
    } else {
        banner(" Serving Benchmark Result ", '=');
        row_u("Successful requests:", sum.completed);
        row_u("Failed requests:", sum.failed);
        row_f("Benchmark duration (s):", sum.duration_s);
        row_u("Total input tokens:", sum.total_input);
        row_u("Total generated tokens:", sum.total_output);
        row_f("Request throughput (req/s):", sum.request_throughput);
        if (a.opts.slo.ttft_ms > 0 || a.opts.slo.tpot_ms > 0 || a.opts.slo.e2e_ms > 0)
            row_f("Request goodput (req/s):", sum.request_goodput);
        row_f("Output token throughput (tok/s):", sum.output_throughput);
        row_f("Total Token throughput (tok/s):", sum.total_token_throughput);
        print_metric(&a, "Time to First Token", "TTFT", &sum.ttft);
        print_metric(&a, "Time per Output Token (excl. 1st token)", "TPOT", &sum.tpot);
        print_metric(&a, "Inter-token Latency", "ITL", &sum.itl);
        print_metric(&a, "End-to-end Latency", "E2EL", &sum.e2e);
        if (sum.failed) {
            banner("Errors", '-');
            for (i = 0; i < errs.n_categories; i++)
                if (errs.errors[i] && !llmm_slo_error_rate(&errs, (uint32_t)i, &rate)) {
                    char label[64];
                    snprintf(label, sizeof label, "Error rate %s (%%):", errs.names[i]);
                    row_f(label, rate * 100);
                }
        }
        if (errs.total) {
            llmm_slo_budget b;
            if (!llmm_slo_budget_get(a.objective, sum.completed, errs.total, &b)) {
                char label[64];
                banner("Availability", '-');
                row_f("Availability (%):", (1 - b.error_rate) * 100);
                snprintf(label, sizeof label, "Error budget left at %g%% (%%):", a.objective * 100);
                row_f(label, b.remaining * 100);
                row_f("Burn rate:", b.burn_rate);
            }
        }
        if (any_cache) {
            banner("Cache", '-');
            if (!llmm_serve_cache_hit_rate(&cache, UINT32_MAX, &rate)) row_f("Cache hit rate (%):", rate * 100);
            for (i = 0; i < LLMM_SERVE_CACHE_TYPES; i++)
                if (cache.lookups[i] && !llmm_serve_cache_hit_rate(&cache, (uint32_t)i, &rate)) {
                    char label[64];
                    snprintf(label, sizeof label, "Cache hit rate, type %zu (%%):", i);
                    row_f(label, rate * 100);
                }
        }
        banner("", '=');
    }
    if (fflush(stdout) || ferror(stdout)) {
        cli_error("cannot write the output");
        rc = CLI_EXIT_ERROR;
        goto done;
    }
    rc = a.plot ? write_svg(&a, &log, stats_of(&sum, a.plot_metric)) : CLI_EXIT_OK;
done:
    free(reqs);
    serving_log_free(&log);
done0:
    free(ptrs);
    free(lens);
    cli_lines_free(&lines);
    return rc;
}
