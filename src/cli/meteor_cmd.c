/* meteor_cmd.c - `llmmetrics meteor`: METEOR of a hypothesis file against reference files
 * exactly as NLTK 3.8's meteor_score computes it per line (tokens: str.split()), with
 * WordNet synonyms from Debian's wordnet-base files (or a saved index), and the mean over
 * the lines. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "pyfmt.h"

#define DEFAULT_WORDNET_DIR "/usr/share/wordnet"

typedef struct meteor_args {
    const char **refs;
    size_t n_refs;
    const char *input;        /* NULL or "-": standard input */
    const char *wordnet_dir;  /* --wordnet */
    const char *index_path;   /* --wordnet-index */
    const char *save_path;    /* --save-index */
    int no_wordnet, sentence_level, text, width;
    llmm_meteor_options opts;
} meteor_args;

void cli_meteor_usage(FILE *out)
{
    fputs("usage: " CLI_PROG " meteor -r REF [REF ...] [-i HYP] [options]\n"
          "\n"
          "METEOR of each hypothesis line (standard input when -i is absent) against the\n"
          "same line of every reference file, exactly as NLTK 3.8's meteor_score computes it\n"
          "on str.split() tokens, and their mean.\n"
          "\n"
          "input:\n"
          "  -r, --references REF...  reference files, one segment per line (repeatable)\n"
          "  -i, --input HYP          hypotheses (default: standard input)\n"
          "\n"
          "WordNet (synonym stage):\n"
          "  --wordnet DIR            WordNet 3.0 database directory (default:\n"
          "                           $LLMMETRICS_WORDNET_DIR, else " DEFAULT_WORDNET_DIR
          ",\n"
          "                           Debian's wordnet-base)\n"
          "  --wordnet-index FILE     load an index saved with --save-index instead\n"
          "  --save-index FILE        save the index built from --wordnet DIR (alone: save\n"
          "                           and exit)\n"
          "  --no-wordnet             exact and stem stages only\n"
          "\n"
          "METEOR:\n"
          "  -a, --alpha A            precision/recall weight (default 0.9)\n"
          "  --beta B                 fragmentation penalty shape (default 3.0)\n"
          "  --gamma G                fragmentation penalty weight (default 0.5)\n"
          "  -sl, --sentence-level    print one score per line (Python repr) instead\n"
          "\n"
          "output:\n"
          "  -f, --format F           json (default) or text\n"
          "  -w, --width N            digits of the text format (default 4)\n"
          "  -h, --help               show this help\n",
          out);
}

static int parse_double(const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    if (!*s || *end || errno) {
        cli_error("meteor: %s: invalid number '%s'", opt, s);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* The value of an option: "--opt=value" or the next argument. */
static const char *value(int argc, char **argv, int *i, const char *eq)
{
    if (eq) return eq + 1;
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
}

static int parse_args(int argc, char **argv, meteor_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    llmm_meteor_options_default(&a->opts);
    a->width = 4;
    a->refs = calloc((size_t)argc + 1, sizeof *a->refs);
    if (!a->refs) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        const char *v;
        int rc = 0;
#define IS(s) (name_len == strlen(s) && strncmp(arg, s, name_len) == 0)
        if (IS("-h") || IS("--help")) {
            cli_meteor_usage(stdout);
            return CLI_EXIT_OK;
        } else if (IS("-r") || IS("--references")) {
            if (eq) a->refs[a->n_refs++] = eq + 1;
            while (i + 1 < argc && (argv[i + 1][0] != '-' || argv[i + 1][1] == 0))
                a->refs[a->n_refs++] = argv[++i];
            continue;
        } else if (IS("-sl") || IS("--sentence-level")) {
            a->sentence_level = 1;
            continue;
        } else if (IS("--no-wordnet")) {
            a->no_wordnet = 1;
            continue;
        }
        v = value(argc, argv, &i, eq);
        if (!v) {
            cli_error("meteor: option %s needs a value (try '" CLI_PROG " meteor --help')", arg);
            return CLI_EXIT_USAGE;
        }
        if (IS("-i") || IS("--input")) a->input = v;
        else if (IS("--wordnet")) a->wordnet_dir = v;
        else if (IS("--wordnet-index")) a->index_path = v;
        else if (IS("--save-index")) a->save_path = v;
        else if (IS("-a") || IS("--alpha")) rc = parse_double("--alpha", v, &a->opts.alpha);
        else if (IS("--beta")) rc = parse_double("--beta", v, &a->opts.beta);
        else if (IS("--gamma")) rc = parse_double("--gamma", v, &a->opts.gamma);
        else if (IS("-w") || IS("--width")) {
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 0 || w > 17) {
                cli_error("meteor: --width: expected 0..17, got '%s'", v);
                return CLI_EXIT_USAGE;
            }
            a->width = (int)w;
        } else if (IS("-f") || IS("--format")) {
            if (strcmp(v, "text") == 0) a->text = 1;
            else if (strcmp(v, "json") == 0) a->text = 0;
            else {
                cli_error("meteor: --format: expected json or text, got '%s'", v);
                return CLI_EXIT_USAGE;
            }
        } else {
            cli_error("meteor: unknown option '%s' (try '" CLI_PROG " meteor --help')", arg);
            return CLI_EXIT_USAGE;
        }
#undef IS
        if (rc) return rc;
    }
    if ((a->no_wordnet != 0) + (a->index_path != NULL) + (a->wordnet_dir != NULL) > 1) {
        cli_error("meteor: use only one of --wordnet, --wordnet-index and --no-wordnet");
        return CLI_EXIT_USAGE;
    }
    if (a->save_path && (a->no_wordnet || a->index_path)) {
        cli_error("meteor: --save-index saves an index built from --wordnet DIR");
        return CLI_EXIT_USAGE;
    }
    if (a->n_refs == 0 && !a->save_path) {
        cli_error("meteor: no reference file (-r REF)");
        return CLI_EXIT_USAGE;
    }
    return -1;
}

/* ---- WordNet -------------------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *p;
    size_t cap = 0, n = 0, got;
    if (!f) return NULL;
    do {
        if (n == cap) {
            cap = cap ? 2 * cap : (size_t)1 << 20;
            if (!(p = realloc(buf, cap))) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int build_index(const char *dir, llmm_wordnet **out)
{
    llmm_wordnet_files files;
    llmm_str *slots[3];
    char *bufs[3 * LLMM_WN_N_POS] = {0};
    llmm_wordnet_error where;
    int k, pos, rc = 0;
    slots[0] = files.index;
    slots[1] = files.data;
    slots[2] = files.exc;
    for (k = 0; k < 3 && !rc; k++)
        for (pos = 0; pos < LLMM_WN_N_POS && !rc; pos++) {
            char path[4096];
            size_t len = 0;
            snprintf(path, sizeof path, "%s/%s", dir, llmm_wordnet_file_name(k, pos));
            if (!(bufs[k * LLMM_WN_N_POS + pos] = read_file(path, &len))) {
                cli_error("meteor: cannot read %s: %s (install Debian's wordnet-base, give "
                          "--wordnet DIR, or use --no-wordnet)", path, strerror(errno));
                rc = CLI_EXIT_ERROR;
            }
            slots[k][pos].ptr = bufs[k * LLMM_WN_N_POS + pos];
            slots[k][pos].len = len;
        }
    if (!rc && (k = llmm_wordnet_build(out, &files, NULL, &where)) != LLMM_OK) {
        cli_error("meteor: WordNet database %s: %s/%s line %zu: %s", dir, dir,
                  llmm_wordnet_file_name(where.kind, where.pos), where.line, llmm_strerror(k));
        rc = CLI_EXIT_ERROR;
    }
    for (k = 0; k < 3 * LLMM_WN_N_POS; k++) free(bufs[k]);
    return rc;
}

static int load_index(const char *path, llmm_wordnet **out)
{
    size_t len = 0;
    char *blob = read_file(path, &len);
    int rc;
    if (!blob) {
        cli_error("meteor: cannot read %s: %s", path, strerror(errno));
        return CLI_EXIT_ERROR;
    }
    rc = llmm_wordnet_load(out, blob, len, NULL);
    free(blob);
    if (rc != LLMM_OK) {
        cli_error("meteor: %s is not a usable WordNet index: %s", path, llmm_strerror(rc));
        return CLI_EXIT_ERROR;
    }
    return 0;
}

static int save_index(const llmm_wordnet *wn, const char *path)
{
    size_t len = llmm_wordnet_blob_size(wn);
    void *blob = malloc(len);
    FILE *f;
    int ok;
    if (!blob || llmm_wordnet_save(wn, blob, len, NULL) != LLMM_OK) {
        free(blob);
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    f = fopen(path, "wb");
    ok = f && fwrite(blob, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    free(blob);
    if (!ok) {
        cli_error("meteor: cannot write %s: %s", path, strerror(errno));
        return CLI_EXIT_ERROR;
    }
    return 0;
}

/* ---- scoring -------------------------------------------------------------------------- */

static void print_float(double x)
{
    char buf[64];
    py_float_repr(x, buf, sizeof buf);
    fputs(buf, stdout);
}

static int run(meteor_args *a, const llmm_wordnet *wn, const char *wn_source)
{
    cli_lines hyps, *refs = calloc(a->n_refs, sizeof *refs);
    llmm_meteor *m = NULL;
    llmm_meteor_stats st;
    char *joined = NULL;
    size_t *ref_off = NULL, *seg = NULL, i, k, total = 0, at = 0, bad = 0;
    double *scores = NULL, mean = 0;
    int rc = 0, status;
    memset(&hyps, 0, sizeof hyps);
    if (!refs) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (k = 0; k < a->n_refs && !rc; k++) rc = cli_read_lines(a->refs[k], CLI_NL_LF, &refs[k]);
    if (!rc)
        rc = (a->input && strcmp(a->input, "-") != 0) ? cli_read_lines(a->input, CLI_NL_LF, &hyps)
                                                      : cli_read_lines(NULL, CLI_NL_UNIVERSAL, &hyps);
    for (k = 0; k < a->n_refs && !rc; k++)
        if (refs[k].count != hyps.count) {
            cli_error("meteor: %s has %zu lines but %s has %zu", refs[k].name, refs[k].count,
                      hyps.name, hyps.count);
            rc = CLI_EXIT_ERROR;
        }
    if (!rc) {
        /* references of segment i: line i of each file, in file order */
        for (k = 0; k < a->n_refs; k++) total += refs[k].offsets[refs[k].count];
        joined = malloc(total + 1);
        ref_off = malloc((hyps.count * a->n_refs + 1) * sizeof *ref_off);
        seg = malloc((hyps.count + 1) * sizeof *seg);
        scores = malloc((hyps.count + 1) * sizeof *scores);
        if (!joined || !ref_off || !seg || !scores) {
            cli_error("out of memory");
            rc = CLI_EXIT_ERROR;
        }
    }
    if (!rc) {
        size_t n = 0;
        ref_off[0] = 0;
        for (i = 0; i < hyps.count; i++) {
            seg[i] = n;
            for (k = 0; k < a->n_refs; k++) {
                size_t b = refs[k].offsets[i], e = refs[k].offsets[i + 1];
                memcpy(joined + at, refs[k].data + b, e - b);
                at += e - b;
                ref_off[++n] = at;
            }
        }
        seg[hyps.count] = n;
        a->opts.wordnet = wn;
        status = llmm_meteor_create(&m, &a->opts, NULL);
        if (status != LLMM_OK) {
            cli_error("meteor: %s", llmm_strerror(status));
            rc = CLI_EXIT_USAGE;
        }
    }
    if (!rc) {
        llmm_strs h = cli_lines_slice(&hyps, 0, hyps.count);
        llmm_strs r;
        r.data = joined;
        r.offsets = ref_off;
        r.present = NULL;
        r.count = hyps.count * a->n_refs;
        llmm_meteor_stats_init(&st);
        status = llmm_meteor_score_batch_text(m, &h, &r, seg, scores, &st, &bad);
        if (status != LLMM_OK) {
            cli_error("meteor: line %zu: %s", bad + 1, llmm_strerror(status));
            rc = CLI_EXIT_ERROR;
        }
    }
    if (!rc && a->sentence_level) {
        for (i = 0; i < hyps.count; i++) {
            print_float(scores[i]);
            putchar('\n');
        }
    } else if (!rc) {
        if (llmm_meteor_stats_mean(&st, &mean) != LLMM_OK) {
            cli_error("meteor: no segment to score");
            rc = CLI_EXIT_ERROR;
        } else if (a->text) {
            printf("METEOR = %.*f (segments = %zu, references = %zu, alpha = %g, beta = %g, "
                   "gamma = %g, wordnet = %s)\n",
                   a->width, mean, hyps.count, a->n_refs, a->opts.alpha, a->opts.beta,
                   a->opts.gamma, wn_source ? wn_source : "none");
        } else {
            llmm_wordnet_info info;
            fputs("{\n \"name\": \"METEOR\",\n \"score\": ", stdout);
            print_float(mean);
            printf(",\n \"segments\": %zu,\n \"references\": %zu,\n \"alpha\": ", hyps.count,
                   a->n_refs);
            print_float(a->opts.alpha);
            fputs(",\n \"beta\": ", stdout);
            print_float(a->opts.beta);
            fputs(",\n \"gamma\": ", stdout);
            print_float(a->opts.gamma);
            fputs(",\n \"wordnet\": ", stdout);
            if (wn_source) py_json_string(stdout, wn_source);
            else fputs("null", stdout);
            if (wn && llmm_wordnet_get_info(wn, &info) == LLMM_OK)
                printf(",\n \"wordnet_fingerprint\": \"%016llx\"",
                       (unsigned long long)info.fingerprint);
            fputs(",\n \"reference\": \"NLTK 3.8 meteor_score, tokens str.split()\"\n}\n", stdout);
        }
    }
    llmm_meteor_free(m);
    for (k = 0; k < a->n_refs; k++) cli_lines_free(&refs[k]);
    free(refs);
    cli_lines_free(&hyps);
    free(joined);
    free(ref_off);
    free(seg);
    free(scores);
    return rc;
}

int cli_meteor_main(int argc, char **argv)
{
    meteor_args a;
    llmm_wordnet *wn = NULL;
    const char *source = NULL;
    int rc = parse_args(argc, argv, &a);
    if (rc < 0) {
        rc = 0;
        if (a.index_path) {
            rc = load_index(a.index_path, &wn);
            source = a.index_path;
        } else if (!a.no_wordnet) {
            const char *env = getenv("LLMMETRICS_WORDNET_DIR");
            source = a.wordnet_dir ? a.wordnet_dir : env && *env ? env : DEFAULT_WORDNET_DIR;
            rc = build_index(source, &wn);
        }
        if (!rc && a.save_path) rc = save_index(wn, a.save_path);
        if (!rc && a.n_refs) rc = run(&a, wn, source);
    }
    llmm_wordnet_free(wn);
    free(a.refs);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        return CLI_EXIT_ERROR;
    }
    return rc;
}
