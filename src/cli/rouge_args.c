/* rouge_args.c - option parsing for `llmmetrics rouge`: "-x VALUE", "--long VALUE" and
 * "--long=VALUE". */
#include "rouge_args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_rouge_usage(FILE *out)
{
    fputs(
        "usage: " CLI_PROG " rouge -r REF [-r REF ...] -i PRED [options]\n"
        "       " CLI_PROG " rouge -i PRED.jsonl [options]\n"
        "\n"
        "ROUGE exactly as Google's rouge-score 0.1.2 computes it (RougeScorer.score_multi\n"
        "per example, then the mean over examples).\n"
        "\n"
        "input:\n"
        "  -r, --references REF    reference file, one reference per line, parallel to\n"
        "                          the predictions; repeat for several references per\n"
        "                          prediction (the best F-measure wins, per type)\n"
        "  -i, --input PRED        predictions, one per line (default: standard input)\n"
        "  --jsonl                 PRED holds JSON Lines {\"prediction\": str,\n"
        "                          \"references\": [str, ...]} (the default without -r or\n"
        "                          for a .jsonl file); texts may contain \"\\n\", which\n"
        "                          separates the sentences of rougeLsum\n"
        "\n"
        "ROUGE:\n"
        "  -t, --rouge-types LIST  comma-separated: rouge1..rouge9, rougeL, rougeLsum\n"
        "                          (default rouge1,rouge2,rougeL,rougeLsum)\n"
        "  -s, --use-stemmer       Porter-stem tokens longer than 3 characters\n"
        "  --split-summaries       rouge-score's NLTK sentence splitting: not supported\n"
        "                          with rougeLsum (no effect without it)\n"
        "\n"
        "output:\n"
        "  -f, --format F          text (default) or json\n"
        "  -w, --width N           digits after the point in text output (default 4)\n"
        "  -sl, --sentence-level   one line per prediction instead of the corpus mean\n"
        "  -b, --bootstrap         also print rouge-score BootstrapAggregator-style\n"
        "                          intervals (low/mid/high) of the mean\n"
        "  --n-samples N           bootstrap resamples (default 1000)\n"
        "  --confidence C          bootstrap confidence interval (default 0.95)\n"
        "  --seed S                bootstrap seed (default 0)\n"
        "  -h, --help              show this help and exit\n",
        out);
}

enum { OPT_REF, OPT_INPUT, OPT_JSONL, OPT_TYPES, OPT_STEM, OPT_SPLIT, OPT_FORMAT, OPT_WIDTH,
       OPT_SENTENCE, OPT_BOOT, OPT_NSAMPLES, OPT_CONF, OPT_SEED, OPT_HELP };

typedef struct opt {
    const char *shrt, *lng;
    int id, takes_value;
} opt;

static const opt OPTS[] = {
    {"-r", "--references", OPT_REF, 1},   {"-i", "--input", OPT_INPUT, 1},
    {NULL, "--jsonl", OPT_JSONL, 0},      {"-t", "--rouge-types", OPT_TYPES, 1},
    {"-s", "--use-stemmer", OPT_STEM, 0}, {NULL, "--split-summaries", OPT_SPLIT, 0},
    {"-f", "--format", OPT_FORMAT, 1},    {"-w", "--width", OPT_WIDTH, 1},
    {"-sl", "--sentence-level", OPT_SENTENCE, 0}, {"-b", "--bootstrap", OPT_BOOT, 0},
    {NULL, "--n-samples", OPT_NSAMPLES, 1}, {NULL, "--confidence", OPT_CONF, 1},
    {NULL, "--seed", OPT_SEED, 1},        {"-h", "--help", OPT_HELP, 0},
};

static int usage_error(const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    cli_error("%s (try '" CLI_PROG " rouge --help')", msg);
    return CLI_EXIT_USAGE;
}

static int parse_types(const char *list, unsigned *types)
{
    const char *p = list;
    *types = 0;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int t;
        if (llmm_rouge_type_from_name(p, len, &t) != LLMM_OK) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 60 ? len : 60), p);
            /* rouge_scorer.py's ValueError text */
            return usage_error("Invalid rouge type: %s", name);
        }
        *types |= LLMM_ROUGE_BIT(t);
        p += len + (e != NULL);
    }
    return *types ? -1 : usage_error("%s: no rouge type given", "--rouge-types");
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    return !*s || *end || errno || *out < lo || *out > hi;
}

static int apply(rouge_args *a, const opt *o, const char *v)
{
    long n;
    char *end;
    switch (o->id) {
    case OPT_REF: {
        const char **r = realloc(a->refs, (a->n_refs + 1) * sizeof *r);
        if (!r) {
            cli_error("out of memory");
            return CLI_EXIT_ERROR;
        }
        a->refs = r;
        a->refs[a->n_refs++] = v;
        return -1;
    }
    case OPT_INPUT: a->input = v; return -1;
    case OPT_JSONL: a->jsonl = 1; return -1;
    case OPT_TYPES: return parse_types(v, &a->opts.types);
    case OPT_STEM: a->opts.use_stemmer = 1; return -1;
    case OPT_SPLIT: a->opts.split_summaries = 1; return -1;
    case OPT_FORMAT:
        if (strcmp(v, "json") == 0) a->json = 1;
        else if (strcmp(v, "text") == 0) a->json = 0;
        else return usage_error("--format: invalid choice '%s' (choose text or json)", v);
        return -1;
    case OPT_WIDTH:
        if (parse_long(v, 0, 17, &n)) return usage_error("--width: invalid value '%s'", v);
        a->width = (int)n;
        return -1;
    case OPT_SENTENCE: a->sentence_level = 1; return -1;
    case OPT_BOOT: a->bootstrap = 1; return -1;
    case OPT_NSAMPLES:
        if (parse_long(v, 1, 100000000, &n)) return usage_error("--n-samples: invalid value '%s'", v);
        a->boot.n_samples = (size_t)n;
        return -1;
    case OPT_CONF:
        errno = 0;
        a->boot.confidence_interval = strtod(v, &end);
        if (!*v || *end || errno || !(a->boot.confidence_interval >= 0) ||
            a->boot.confidence_interval > 1)
            return usage_error("--confidence: must be a number in [0, 1], not '%s'", v);
        return -1;
    case OPT_SEED:
        errno = 0;
        a->boot.seed = strtoull(v, &end, 10);
        if (!*v || *end || errno || *v == '-') return usage_error("--seed: invalid value '%s'", v);
        return -1;
    default:
        cli_rouge_usage(stdout);
        return 0;
    }
}

int rouge_args_parse(int argc, char **argv, rouge_args *a)
{
    int i, rc;
    memset(a, 0, sizeof *a);
    llmm_rouge_options_default(&a->opts);
    llmm_rouge_bootstrap_options_default(&a->boot);
    a->width = 4;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL, *eq = NULL;
        const opt *o = NULL;
        size_t k, name_len;
        if (strncmp(arg, "--", 2) == 0 && (eq = strchr(arg, '=')) != NULL) {
            name_len = (size_t)(eq - arg);
            val = eq + 1;
        } else {
            name_len = strlen(arg);
        }
        for (k = 0; k < sizeof OPTS / sizeof OPTS[0]; k++) {
            const char *s = OPTS[k].shrt, *l = OPTS[k].lng;
            if ((s && !eq && strcmp(arg, s) == 0) ||
                (strlen(l) == name_len && strncmp(arg, l, name_len) == 0))
                o = &OPTS[k];
        }
        if (!o) return usage_error("unrecognized argument '%s'", arg);
        if (o->takes_value && !val) {
            if (i + 1 >= argc) return usage_error("%s: expected a value", arg);
            val = argv[++i];
        } else if (!o->takes_value && val) {
            return usage_error("%s: takes no value", arg);
        }
        if ((rc = apply(a, o, val)) >= 0) return rc;
    }
    return -1;
}

void rouge_args_free(rouge_args *a)
{
    free(a->refs);
    a->refs = NULL;
}
