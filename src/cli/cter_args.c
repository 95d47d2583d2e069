/* cter_args.c - the options of `llmmetrics chrf` / `llmmetrics ter` and of every
 * command line with several metrics, with sacrebleu's names (sacrebleu.py parse_args():
 * -m, --chrf-*, --ter-*), parsed by argparse.c. */
#include "cter.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum opt_id {
    OPT_INPUT, OPT_NUM_REFS, OPT_ENCODING, OPT_METRICS, OPT_SENTENCE, OPT_CHAR_ORDER,
    OPT_WORD_ORDER, OPT_BETA, OPT_WHITESPACE, OPT_LOWERCASE, OPT_EPS, OPT_CASE, OPT_ASIAN,
    OPT_NO_PUNCT, OPT_NORMALIZED, OPT_QUIET, OPT_SHORT, OPT_SCORE_ONLY, OPT_WIDTH,
    OPT_NO_COLOR, OPT_FORMAT, OPT_HELP, OPT_TOKENIZE, OPT_BLEU_LC, OPT_SMOOTH,
    OPT_SMOOTH_VALUE, OPT_EFFECTIVE, OPT_FORCE
};
static const cli_opt OPTS[] = {
    {"-i", "--input", OPT_INPUT, CLI_ARG_LIST},
    {"-nr", "--num-refs", OPT_NUM_REFS, CLI_ARG_ONE},
    {"-e", "--encoding", OPT_ENCODING, CLI_ARG_ONE},
    {"-m", "--metrics", OPT_METRICS, CLI_ARG_LIST},
    {"-sl", "--sentence-level", OPT_SENTENCE, CLI_ARG_NONE},
    {"-cc", "--chrf-char-order", OPT_CHAR_ORDER, CLI_ARG_ONE},
    {"-cw", "--chrf-word-order", OPT_WORD_ORDER, CLI_ARG_ONE},
    {NULL, "--chrf-beta", OPT_BETA, CLI_ARG_ONE},
    {NULL, "--chrf-whitespace", OPT_WHITESPACE, CLI_ARG_NONE},
    {NULL, "--chrf-lowercase", OPT_LOWERCASE, CLI_ARG_NONE},
    {NULL, "--chrf-eps-smoothing", OPT_EPS, CLI_ARG_NONE},
    {NULL, "--ter-case-sensitive", OPT_CASE, CLI_ARG_NONE},
    {NULL, "--ter-asian-support", OPT_ASIAN, CLI_ARG_NONE},
    {NULL, "--ter-no-punct", OPT_NO_PUNCT, CLI_ARG_NONE},
    {NULL, "--ter-normalized", OPT_NORMALIZED, CLI_ARG_NONE},
    {"-q", "--quiet", OPT_QUIET, CLI_ARG_NONE},
    {"-sh", "--short", OPT_SHORT, CLI_ARG_NONE},
    {"-b", "--score-only", OPT_SCORE_ONLY, CLI_ARG_NONE},
    {"-w", "--width", OPT_WIDTH, CLI_ARG_ONE},
    {"-nc", "--no-color", OPT_NO_COLOR, CLI_ARG_NONE},
    {"-f", "--format", OPT_FORMAT, CLI_ARG_ONE},
    {"-h", "--help", OPT_HELP, CLI_ARG_NONE},
    {"-tok", "--tokenize", OPT_TOKENIZE, CLI_ARG_ONE},
    {"-lc", "--lowercase", OPT_BLEU_LC, CLI_ARG_NONE},
    {"-s", "--smooth-method", OPT_SMOOTH, CLI_ARG_ONE},
    {"-sv", "--smooth-value", OPT_SMOOTH_VALUE, CLI_ARG_ONE},
    {NULL, "--effective-order", OPT_EFFECTIVE, CLI_ARG_NONE},
    {NULL, "--force", OPT_FORCE, CLI_ARG_NONE},
};
#define N_OPTS (sizeof OPTS / sizeof OPTS[0])

static const char *sub_name(int metric)
{
    return metric == CTER_TER ? "ter" : metric == CTER_BLEU ? "bleu" : "chrf";
}

void cter_usage(FILE *out, int metric)
{
    fprintf(out,
            "usage: " CLI_PROG " %s REF [REF ...] [-i HYP] [options]\n"
            "\n"
            "%s of a hypothesis file (standard input when -i is absent) against one or\n"
            "more reference files, computed and printed exactly as sacrebleu 2.6.0 does\n"
            "(`sacrebleu REF -i HYP -m %s`). Give the references before -i.\n",
            sub_name(metric), metric == CTER_TER ? "TER" : "chrF (or chrF++ with -cw 2)",
            sub_name(metric));
    fputs("\n"
          "input:\n"
          "  -i, --input HYP          read the hypotheses from HYP instead of standard input\n"
          "  -nr, --num-refs N        split each reference line on tabs into N references\n"
          "  -e, --encoding ENC       input encoding; only utf-8 is supported\n"
          "  -m, --metrics M [M ...]  bleu, chrf and/or ter: score them all from one read\n"
          "                           of the files\n"
          "  -sl, --sentence-level    print one score line per segment (one metric)\n"
          "\n"
          "chrF:\n"
          "  -cc, --chrf-char-order N character n-gram order (default 6, at most 12)\n"
          "  -cw, --chrf-word-order N word n-gram order (default 0, at most 4; 2 = chrF++)\n"
          "  --chrf-beta N            recall weight (default 2)\n"
          "  --chrf-whitespace        keep whitespace in character n-grams\n"
          "  --chrf-lowercase         case-insensitive chrF\n"
          "  --chrf-eps-smoothing     chrF++.py / NLTK / Moses epsilon smoothing\n"
          "\n"
          "BLEU (with -m bleu; `" CLI_PROG " bleu --help` has the details):\n"
          "  -tok, --tokenize T       none, 13a (default), intl, char, zh\n"
          "  -lc, --lowercase         case-insensitive BLEU\n"
          "  -s, --smooth-method M    none, floor, add-k, exp (default: exp)\n"
          "  -sv, --smooth-value V    value for floor (default 0.1) and add-k (default 1)\n"
          "  --effective-order        ignore n-gram orders with no n-grams\n"
          "  --force                  do not warn about tokenized-looking input\n"
          "\n"
          "TER (the defaults replicate TERCOM):\n"
          "  --ter-case-sensitive     do not lowercase\n"
          "  --ter-asian-support      CJK characters (with --ter-normalized / --ter-no-punct)\n"
          "  --ter-no-punct           remove punctuation\n"
          "  --ter-normalized         tercom's general + western normalization\n"
          "\n"
          "output:\n"
          "  -f, --format F           json (default) or text (latex acts as text); the\n"
          "                           environment variable LLMMETRICS_FORMAT, else\n"
          "                           SACREBLEU_FORMAT, overrides it as in sacrebleu\n"
          "  -w, --width N            decimals of the score (default 1)\n"
          "  -b, --score-only         print only the score\n"
          "  -sh, --short             abbreviated signature\n"
          "  -q, --quiet              no progress display\n"
          "  -nc, --no-color          accepted for sacrebleu compatibility\n"
          "  -h, --help               show this help and exit\n"
          "\n"
          "exit status: 0 on success, 1 on an input error (unreadable file, invalid UTF-8\n"
          "reported as FILE:LINE, different line counts), 2 on a usage error, 17 on\n"
          "inconsistent tab-separated fields (as sacrebleu).\n",
          out);
}

/* The parse state: the arguments and the subcommand they belong to. */
typedef struct parse_ctx {
    cter_args *a;
    int metric;
    int metrics_given;
} parse_ctx;

static int int_option(const parse_ctx *c, const cli_opt *o, const char *val, long hi, int *out)
{
    long l = 0;
    int rc = cli_int_option(sub_name(c->metric), o, val, 0, hi, &l);
    *out = (int)l;
    return rc;
}

static int apply(void *ctx, const cli_opt *o, const char *val)
{
    parse_ctx *c = ctx;
    cter_args *a = c->a;
    const char *sub = sub_name(c->metric);
    switch (o->id) {
    case OPT_NUM_REFS: return cli_int_option(sub, o, val, LONG_MIN, LONG_MAX, &a->num_refs);
    case OPT_ENCODING: return cli_sb_encoding(sub, val);
    case OPT_CHAR_ORDER: return int_option(c, o, val, LLMM_CHRF_MAX_CHAR_ORDER, &a->chrf.char_order);
    case OPT_WORD_ORDER: return int_option(c, o, val, LLMM_CHRF_MAX_WORD_ORDER, &a->chrf.word_order);
    case OPT_BETA: return int_option(c, o, val, 10000, &a->chrf.beta);
    case OPT_WIDTH: return int_option(c, o, val, 100, &a->width);
    case OPT_TOKENIZE: return cli_sb_tokenize(sub, val, &a->bleu.tokenize);
    case OPT_SMOOTH: return cli_sb_smooth_method(sub, val, &a->bleu.smooth_method);
    case OPT_SMOOTH_VALUE:
        a->smooth_value_given = 1;
        return cli_sb_float(sub, o, val, &a->bleu.smooth_value);
    case OPT_FORMAT: return cli_sb_format(sub, val, &a->format);
    default: return -1;
    }
}

static int set_flag(void *ctx, const cli_opt *o)
{
    parse_ctx *c = ctx;
    cter_args *a = c->a;
    switch (o->id) {
    case OPT_SENTENCE: a->sentence_level = 1; break;
    case OPT_WHITESPACE: a->chrf.whitespace = 1; break;
    case OPT_LOWERCASE: a->chrf.lowercase = 1; break;
    case OPT_EPS: a->chrf.eps_smoothing = 1; break;
    case OPT_CASE: a->ter.case_sensitive = 1; break;
    case OPT_ASIAN: a->ter.asian_support = 1; break;
    case OPT_NO_PUNCT: a->ter.no_punct = 1; break;
    case OPT_NORMALIZED: a->ter.normalized = 1; break;
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_SHORT: a->short_sig = 1; break;
    case OPT_SCORE_ONLY: a->score_only = 1; break;
    case OPT_BLEU_LC: a->bleu.lowercase = 1; break;
    case OPT_EFFECTIVE: a->bleu.effective_order = 1; break;
    case OPT_FORCE: a->force = 1; break;
    case OPT_HELP: cter_usage(stdout, c->metric); return CLI_EXIT_OK;
    default: break;
    }
    return -1;
}

/* -m/--metrics words (sacrebleu's choices are lower case). */
static int metric_bit(const char *w)
{
    return strcmp(w, "bleu") == 0 ? CTER_BLEU : strcmp(w, "chrf") == 0 ? CTER_CHRF
                                              : strcmp(w, "ter") == 0 ? CTER_TER : 0;
}

static int take_list(void *ctx, const cli_opt *o, char **words, size_t n)
{
    parse_ctx *c = ctx;
    cter_args *a = c->a;
    size_t i;
    if (o->id == OPT_INPUT) { /* nargs='*'; a repeated -i replaces the list */
        a->input_given = 1;
        for (a->n_inputs = 0; a->n_inputs < n; a->n_inputs++)
            a->inputs[a->n_inputs] = words[a->n_inputs];
        return -1;
    }
    /* -m: nargs='+', a repeated -m replaces the list */
    if (n == 0)
        return cli_usage_error(sub_name(c->metric), "argument --metrics/-m: expected at least "
                               "one argument%s%s", "", "");
    a->metrics = 0;
    a->n_metrics = 0;
    c->metrics_given = 1;
    for (i = 0; i < n; i++) {
        int bit = metric_bit(words[i]);
        if (!bit)
            return cli_usage_error(sub_name(c->metric), "argument --metrics/-m: invalid "
                                   "choice: '%s'%s", words[i],
                                   " (choose from 'bleu', 'chrf', 'ter')");
        if (!(a->metrics & bit))
            a->n_metrics++;
        a->metrics |= bit;
    }
    return -1;
}

static int take_positional(void *ctx, char *word)
{
    cter_args *a = ((parse_ctx *)ctx)->a;
    a->refs[a->n_refs++] = word;
    return -1;
}

int cter_args_parse(int argc, char **argv, int metric, cter_args *a)
{
    parse_ctx c;
    cli_argparse p;
    char **words;
    int rc;

    memset(a, 0, sizeof *a);
    llmm_chrf_options_default(&a->chrf);
    llmm_ter_options_default(&a->ter);
    llmm_bleu_options_default(&a->bleu);
    /* the command line checks the line counts itself (sacrebleu's sanity check) */
    a->chrf.strict_lengths = a->ter.strict_lengths = a->bleu.strict_lengths = 1;
    a->num_refs = 1;
    a->width = 1;
    a->format = CLI_FMT_JSON;
    words = malloc((size_t)(argc > 0 ? argc : 1) * 2 * sizeof *words);
    if (!words) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    a->refs = words;
    a->inputs = words + argc;

    c.a = a;
    c.metric = metric;
    c.metrics_given = 0;
    p.sub = sub_name(metric);
    p.opts = OPTS;
    p.n_opts = N_OPTS;
    p.ctx = &c;
    p.positional = take_positional;
    p.flag = set_flag;
    p.value = apply;
    p.list = take_list;
    rc = cli_argparse_run(&p, argc, argv);
    if (rc >= 0)
        return rc;
    if (!c.metrics_given) {
        a->metrics = metric;
        a->n_metrics = 1;
    }
    cli_sb_format_from_env(&a->format);
    return -1;
}

int cter_wants_other_metrics(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '=');
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        int in_list;
        if (strcmp(arg, "--") == 0) return 0;
        /* -m, --metrics or a unique prefix of it (--m, --me, ...) */
        in_list = strcmp(arg, "-m") == 0 ||
                  (n >= 3 && strncmp(arg, "--metrics", n) == 0 && strncmp(arg, "--m", 3) == 0);
        if (!in_list) continue;
        if (eq && metric_bit(eq + 1) & (CTER_CHRF | CTER_TER)) return 1;
        while (i + 1 < argc && cli_is_value_word(argv[i + 1]))
            if (metric_bit(argv[++i]) & (CTER_CHRF | CTER_TER)) return 1;
    }
    return 0;
}

void cter_args_free(cter_args *a)
{
    free(a->refs);
    a->refs = NULL;
    a->inputs = NULL;
}
