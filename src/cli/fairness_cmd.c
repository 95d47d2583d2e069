/* fairness_cmd.c - `llmmetrics fairness [FILE]`: per-group selection rate, TPR, FPR,
 * accuracy and count, and fairlearn's disparities, over JSON lines
 * {"group": "a" | 3, "label": 0|1, "prediction": 0|1, "weight": w (optional)}. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "jsondom.h"
#include "pyfmt.h"

void cli_fairness_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " fairness [FILE] [--format text|json]\n"
          "\n"
          "Group fairness as fairlearn 0.15 computes it, over JSON lines read from FILE or\n"
          "standard input:\n"
          "  {\"group\": \"a\", \"label\": 1, \"prediction\": 0, \"weight\": 1.5}\n"
          "(group: a string or an integer; weight optional, default 1). Prints the\n"
          "per-group table (selection rate, TPR, FPR, accuracy, count) and the\n"
          "disparities: demographic parity, equal opportunity, equalized odds (difference\n"
          "and ratio, between groups and to overall), disparate impact and the\n"
          "four-fifths rule.\n"
          "\n"
          "options:\n"
          "  -f, --format F  text (default) or json (the keys of fairlearn's functions)\n"
          "  -h, --help      show this help and exit\n",
          out);
}

typedef struct group_names {
    char **name;     /* by group id */
    double *num;     /* numeric value when every group is a number */
    size_t n, cap;
    int all_numeric;
    size_t *slot;    /* open-addressing table of id + 1 (0 = empty), hash_cap entries */
    size_t hash_cap;
} group_names;

static size_t fnv1a(const char *s)
{
    size_t h = (size_t)1469598103934665603ull;
    while (*s) h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ull;
    return h;
}

/* Re-inserts every id into a table of twice the size. */
static int rehash(group_names *g)
{
    size_t nc = g->hash_cap ? 2 * g->hash_cap : 64, i, *ns = calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (i = 0; i < g->n; i++) {
        size_t h = fnv1a(g->name[i]) & (nc - 1);
        while (ns[h]) h = (h + 1) & (nc - 1);
        ns[h] = i + 1;
    }
    free(g->slot);
    g->slot = ns;
    g->hash_cap = nc;
    return 0;
}

/* The id of a group label, adding it when new. Returns -1 when out of memory. */
static long group_id(group_names *g, const char *name, int numeric, double num)
{
    size_t h;
    if (2 * (g->n + 1) > g->hash_cap && rehash(g)) return -1;
    for (h = fnv1a(name) & (g->hash_cap - 1); g->slot[h]; h = (h + 1) & (g->hash_cap - 1))
        if (strcmp(g->name[g->slot[h] - 1], name) == 0) return (long)(g->slot[h] - 1);
    if (g->n == g->cap) {
        size_t nc = g->cap ? 2 * g->cap : 16;
        char **nn = realloc(g->name, nc * sizeof *nn);
        double *nu;
        if (!nn) return -1;
        g->name = nn;
        nu = realloc(g->num, nc * sizeof *nu);
        if (!nu) return -1;
        g->num = nu;
        g->cap = nc;
    }
    g->name[g->n] = malloc(strlen(name) + 1);
    if (!g->name[g->n]) return -1;
    strcpy(g->name[g->n], name);
    g->num[g->n] = num;
    if (!numeric) g->all_numeric = 0;
    g->slot[h] = g->n + 1;
    return (long)g->n++;
}

static int add_line(llmm_fair *f, group_names *g, const cli_lines *in, size_t i)
{
    const char *text = in->data + in->offsets[i];
    size_t len = in->offsets[i + 1] - in->offsets[i];
    const jv *grp, *y, *p, *w;
    char err[128], key[40];
    jv doc;
    long id;
    int32_t yt, yp, gid;
    int rc, code = 0;
    if (jv_parse(text, len, &doc, err, sizeof err)) {
        cli_error("%s:%zu: %s", in->name, i + 1, err);
        return CLI_EXIT_ERROR;
    }
    grp = jv_get(&doc, "group");
    y = jv_get(&doc, "label");
    p = jv_get(&doc, "prediction");
    w = jv_get(&doc, "weight");
    if (!grp || (grp->type != JV_STRING && !(grp->type == JV_NUMBER && grp->is_int)) || !y ||
        !p || (y->type != JV_NUMBER && y->type != JV_BOOL) ||
        (p->type != JV_NUMBER && p->type != JV_BOOL) || (w && w->type != JV_NUMBER)) {
        cli_error("%s:%zu: expected {\"group\": string or integer, \"label\": 0|1, "
                  "\"prediction\": 0|1[, \"weight\": number]}", in->name, i + 1);
        jv_free(&doc);
        return CLI_EXIT_ERROR;
    }
    if (grp->type == JV_NUMBER) snprintf(key, sizeof key, "%.17g", grp->num);
    id = group_id(g, grp->type == JV_STRING ? grp->str : key, grp->type == JV_NUMBER, grp->num);
    if (id < 0) {
        cli_error("out of memory");
        jv_free(&doc);
        return CLI_EXIT_ERROR;
    }
    yt = y->num == 1 ? 1 : y->num == 0 ? 0 : -1;
    yp = p->num == 1 ? 1 : p->num == 0 ? 0 : -1;
    gid = (int32_t)id;
    rc = llmm_fair_update(f, &yt, &yp, &gid, w ? &w->num : NULL, 1, NULL);
    if (rc != LLMM_OK) {
        cli_error("%s:%zu: %s", in->name, i + 1,
                  rc == LLMM_ERANGE ? "label and prediction must be 0 or 1 (or too many groups)"
                                    : llmm_strerror(rc));
        code = CLI_EXIT_ERROR;
    }
    jv_free(&doc);
    return code;
}

/* Group ids in the order pandas sorts the labels: numerically when every label is a
 * number, else by string (UTF-8 byte order = code point order). */
typedef struct group_ref {
    const char *name;
    double num;
    int numeric;
    size_t id;
} group_ref;

static int cmp_refs(const void *x, const void *y)
{
    const group_ref *a = (const group_ref *)x, *b = (const group_ref *)y;
    if (a->numeric) return (a->num > b->num) - (a->num < b->num);
    return strcmp(a->name, b->name);
}

static void json_kv(const char *sep, const char *key, double v)
{
    char buf[32];
    py_float_repr(v, buf, sizeof buf);
    printf("%s\"%s\": %s", sep, key, buf);
}

static void json_row(const llmm_fair_group *r)
{
    json_kv("{", "selection_rate", r->selection_rate);
    json_kv(", ", "tpr", r->tpr);
    json_kv(", ", "fpr", r->fpr);
    json_kv(", ", "accuracy", r->accuracy);
    json_kv(", ", "count", (double)r->count);
    fputs("}", stdout);
}

static void json_disparity(const char *name, const char *suffix, const llmm_fair_disparity *d)
{
    char key[96];
    snprintf(key, sizeof key, "%s_difference_between_groups%s", name, suffix);
    json_kv(", ", key, d->difference);
    snprintf(key, sizeof key, "%s_ratio_between_groups%s", name, suffix);
    json_kv(", ", key, d->ratio);
    snprintf(key, sizeof key, "%s_difference_to_overall%s", name, suffix);
    json_kv(", ", key, d->difference_to_overall);
    snprintf(key, sizeof key, "%s_ratio_to_overall%s", name, suffix);
    json_kv(", ", key, d->ratio_to_overall);
}

static void text_disparity(const char *name, const llmm_fair_disparity *d)
{
    printf("%-34s %10.4f %10.4f %10.4f %10.4f\n", name, d->difference, d->ratio,
           d->difference_to_overall, d->ratio_to_overall);
}

static void print_result(int json, const llmm_fair *f, const group_names *g, const size_t *order,
                         const llmm_fair_result *r)
{
    llmm_fair_group row, all;
    size_t k;
    llmm_fair_overall(f, &all);
    if (json) {
        json_kv("{", "disparate_impact_ratio", r->disparate_impact_ratio);
        printf(", \"four_fifths_rule_pass\": %s",
               r->four_fifths_pass < 0 ? "null" : r->four_fifths_pass ? "true" : "false");
        json_disparity("demographic_parity", "", &r->demographic_parity);
        json_disparity("equal_opportunity", "", &r->equal_opportunity);
        json_disparity("equalized_odds", "_worst_case", &r->equalized_odds_worst);
        json_disparity("equalized_odds", "_mean", &r->equalized_odds_mean);
        fputs(", \"metric_frame\": {\"by_group\": {", stdout);
        for (k = 0; k < g->n; k++) {
            llmm_fair_group_get(f, (uint32_t)order[k], &row);
            fputs(k ? ", " : "", stdout);
            py_json_string(stdout, g->name[order[k]]);
            fputs(": ", stdout);
            json_row(&row);
        }
        fputs("}, \"overall\": ", stdout);
        json_row(&all);
        fputs("}}\n", stdout);
        return;
    }
    printf("%-20s %10s %10s %10s %10s %10s\n", "group", "count", "selection", "TPR", "FPR",
           "accuracy");
    for (k = 0; k <= g->n; k++) {
        const char *name = k < g->n ? g->name[order[k]] : "(overall)";
        if (k < g->n) llmm_fair_group_get(f, (uint32_t)order[k], &row);
        else row = all;
        printf("%-20s %10llu %10.4f %10.4f %10.4f %10.4f\n", name, (unsigned long long)row.count,
               row.selection_rate, row.tpr, row.fpr, row.accuracy);
    }
    printf("\n%-34s %10s %10s %10s %10s\n", "disparity", "difference", "ratio", "diff (ovr)",
           "ratio (ovr)");
    text_disparity("demographic parity (selection)", &r->demographic_parity);
    text_disparity("equal opportunity (TPR)", &r->equal_opportunity);
    text_disparity("FPR parity", &r->fpr_parity);
    text_disparity("equalized odds (worst case)", &r->equalized_odds_worst);
    text_disparity("equalized odds (mean)", &r->equalized_odds_mean);
    printf("\ndisparate impact ratio = %.4f: four-fifths rule %s\n", r->disparate_impact_ratio,
           r->four_fifths_pass < 0 ? "undefined" : r->four_fifths_pass ? "PASS" : "FAIL");
}

int cli_fairness_main(int argc, char **argv)
{
    const char *path = NULL;
    group_names g;
    llmm_fair *f = NULL;
    llmm_fair_result r;
    cli_lines in;
    size_t line, k, *order = NULL;
    group_ref *refs = NULL;
    int json = 0, i, code = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cli_fairness_usage(stdout);
            return CLI_EXIT_OK;
        } else if ((strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--format") == 0) &&
                   i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0) {
                cli_error("fairness: --format must be text or json");
                return CLI_EXIT_USAGE;
            }
            json = strcmp(v, "json") == 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("fairness: unknown option or missing value '%s'", argv[i]);
            return CLI_EXIT_USAGE;
        } else if (path) {
            cli_error("fairness: more than one input file");
            return CLI_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    memset(&g, 0, sizeof g);
    g.all_numeric = 1;
    if ((code = cli_read_lines(path, CLI_NL_LF, &in)) != 0) return code;
    if (llmm_fair_create(&f, NULL) != LLMM_OK) {
        cli_error("out of memory");
        code = CLI_EXIT_ERROR;
    }
    for (line = 0; line < in.count && code == 0; line++)
        if (in.offsets[line + 1] > in.offsets[line]) code = add_line(f, &g, &in, line);
    if (code == 0 && llmm_fair_result_get(f, &r) != LLMM_OK) {
        cli_error("fairness: no samples in %s", in.name);
        code = CLI_EXIT_ERROR;
    }
    if (code == 0) {
        order = malloc((g.n ? g.n : 1) * sizeof *order);
        refs = malloc((g.n ? g.n : 1) * sizeof *refs);
        if (!order || !refs) {
            cli_error("out of memory");
            code = CLI_EXIT_ERROR;
        } else {
            for (k = 0; k < g.n; k++) {
                refs[k].name = g.name[k];
                refs[k].num = g.num[k];
                refs[k].numeric = g.all_numeric;
                refs[k].id = k;
            }
            qsort(refs, g.n, sizeof *refs, cmp_refs);
            for (k = 0; k < g.n; k++) order[k] = refs[k].id;
            print_result(json, f, &g, order, &r);
        }
    }
    free(order);
    free(refs);
    free(g.slot);
    for (k = 0; k < g.n; k++) free(g.name[k]);
    free(g.name);
    free(g.num);
    llmm_fair_free(f);
    cli_lines_free(&in);
    return code;
}
