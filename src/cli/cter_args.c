/* cter_args.c - option parsing for `llmmetrics chrf` / `llmmetrics ter`, with
 * sacrebleu's option names (sacrebleu.py parse_args(): -m, --chrf-*, --ter-*) and
 * argparse's rules: "-x value", "--long value", "--long=value", unique prefixes of long
 * options, list options (-i, -m) that take every following non-option word. */
#include "cter.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

enum opt_id {
    OPT_INPUT, OPT_NUM_REFS, OPT_ENCODING, OPT_METRICS, OPT_SENTENCE, OPT_CHAR_ORDER,
    OPT_WORD_ORDER, OPT_BETA, OPT_WHITESPACE, OPT_LOWERCASE, OPT_EPS, OPT_CASE, OPT_ASIAN,
    OPT_NO_PUNCT, OPT_NORMALIZED, OPT_QUIET, OPT_SHORT, OPT_SCORE_ONLY, OPT_WIDTH,
    OPT_NO_COLOR, OPT_FORMAT, OPT_HELP, OPT_TOKENIZE, OPT_BLEU_LC, OPT_SMOOTH,
    OPT_SMOOTH_VALUE, OPT_EFFECTIVE, OPT_FORCE
};
enum { ARG_NONE, ARG_ONE, ARG_LIST };

typedef struct opt {
    const char *shrt, *lng;
    int id, arg;
} opt;

static const opt OPTS[] = {
    {"-i", "--input", OPT_INPUT, ARG_LIST},
    {"-nr", "--num-refs", OPT_NUM_REFS, ARG_ONE},
    {"-e", "--encoding", OPT_ENCODING, ARG_ONE},
    {"-m", "--metrics", OPT_METRICS, ARG_LIST},
    {"-sl", "--sentence-level", OPT_SENTENCE, ARG_NONE},
    {"-cc", "--chrf-char-order", OPT_CHAR_ORDER, ARG_ONE},
    {"-cw", "--chrf-word-order", OPT_WORD_ORDER, ARG_ONE},
    {NULL, "--chrf-beta", OPT_BETA, ARG_ONE},
    {NULL, "--chrf-whitespace", OPT_WHITESPACE, ARG_NONE},
    {NULL, "--chrf-lowercase", OPT_LOWERCASE, ARG_NONE},
    {NULL, "--chrf-eps-smoothing", OPT_EPS, ARG_NONE},
    {NULL, "--ter-case-sensitive", OPT_CASE, ARG_NONE},
    {NULL, "--ter-asian-support", OPT_ASIAN, ARG_NONE},
    {NULL, "--ter-no-punct", OPT_NO_PUNCT, ARG_NONE},
    {NULL, "--ter-normalized", OPT_NORMALIZED, ARG_NONE},
    {"-q", "--quiet", OPT_QUIET, ARG_NONE},
    {"-sh", "--short", OPT_SHORT, ARG_NONE},
    {"-b", "--score-only", OPT_SCORE_ONLY, ARG_NONE},
    {"-w", "--width", OPT_WIDTH, ARG_ONE},
    {"-nc", "--no-color", OPT_NO_COLOR, ARG_NONE},
    {"-f", "--format", OPT_FORMAT, ARG_ONE},
    {"-h", "--help", OPT_HELP, ARG_NONE},
    {"-tok", "--tokenize", OPT_TOKENIZE, ARG_ONE},
    {"-lc", "--lowercase", OPT_BLEU_LC, ARG_NONE},
    {"-s", "--smooth-method", OPT_SMOOTH, ARG_ONE},
    {"-sv", "--smooth-value", OPT_SMOOTH_VALUE, ARG_ONE},
    {NULL, "--effective-order", OPT_EFFECTIVE, ARG_NONE},
    {NULL, "--force", OPT_FORCE, ARG_NONE},
};
#define N_OPTS (sizeof OPTS / sizeof OPTS[0])

static const char *sub_name(int metric)
{
    return metric == CTER_TER ? "ter" : metric == CTER_BLEU ? "bleu" : "chrf";
}

/* sacrebleu's tokenizer choices that need external models (MeCab, SentencePiece). */
static const char *const UNSUPPORTED_TOK[] = {"ja-mecab", "ko-mecab", "spm", "flores101",
                                              "flores200", "spBLEU-1K"};

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

static int usage_error(int metric, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "usage: " CLI_PROG " %s REF [REF ...] [-i HYP] [options] (see --help)\n",
            sub_name(metric));
    fprintf(stderr, CLI_PROG " %s: error: ", sub_name(metric));
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

/* Finds the option named by `arg` (without any "=value" part of length n). */
static const opt *find_opt(const char *arg, size_t n, int *ambiguous)
{
    const opt *hit = NULL;
    size_t i;
    *ambiguous = 0;
    for (i = 0; i < N_OPTS; i++) {
        if ((OPTS[i].shrt && strlen(OPTS[i].shrt) == n && strncmp(OPTS[i].shrt, arg, n) == 0) ||
            (strlen(OPTS[i].lng) == n && strncmp(OPTS[i].lng, arg, n) == 0))
            return &OPTS[i];
    }
    if (n < 3 || arg[1] != '-') return NULL;
    for (i = 0; i < N_OPTS; i++) { /* argparse's allow_abbrev: a unique prefix */
        if (strncmp(OPTS[i].lng, arg, n) == 0) {
            if (hit) {
                *ambiguous = 1;
                return NULL;
            }
            hit = &OPTS[i];
        }
    }
    return hit;
}

/* A word that argparse would not take as an option: "-", "-1.5", or no leading '-'. */
static int is_value_word(const char *s)
{
    char *end;
    if (s[0] != '-' || s[1] == '\0') return 1;
    strtod(s, &end);
    return *end == '\0';
}

/* Python int(): optional whitespace and sign, decimal digits (underscores allowed). */
static int parse_int(const char *s, long *out)
{
    char buf[64];
    size_t n = 0;
    char *end;
    for (; *s; s++)
        if (*s != '_' && n + 1 < sizeof buf) buf[n++] = *s;
    buf[n] = '\0';
    errno = 0;
    *out = strtol(buf, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    return n > 0 && *end == '\0' && errno == 0 && end != buf;
}

static int is_utf8_name(const char *s)
{
    static const char *const names[] = {"utf-8", "utf_8", "utf8", "u8", "utf", "cp65001"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i]) == 0) return 1;
    return 0;
}

static int int_option(int metric, const opt *o, const char *val, long lo, long hi, int *out)
{
    char label[64];
    long l;
    if (o->shrt)
        snprintf(label, sizeof label, "%s/%s", o->lng, o->shrt);
    else
        snprintf(label, sizeof label, "%s", o->lng);
    if (!parse_int(val, &l)) return usage_error(metric, "argument %s: invalid int value: '%s'", label, val);
    if (l < lo || l > hi)
        return usage_error(metric, "argument %s: '%s' is out of the supported range", label, val);
    *out = (int)l;
    return -1;
}

static int apply(cter_args *a, int metric, const opt *o, const char *val)
{
    long l;
    switch (o->id) {
    case OPT_NUM_REFS:
        if (!parse_int(val, &l))
            return usage_error(metric, "argument --num-refs/-nr: invalid int value: '%s'%s", val, "");
        a->num_refs = l;
        return -1;
    case OPT_ENCODING:
        if (!is_utf8_name(val))
            return usage_error(metric, "argument --encoding/-e: unsupported encoding '%s'%s", val,
                               " (only utf-8 input is supported)");
        return -1;
    case OPT_CHAR_ORDER:
        return int_option(metric, o, val, 0, LLMM_CHRF_MAX_CHAR_ORDER, &a->chrf.char_order);
    case OPT_WORD_ORDER:
        return int_option(metric, o, val, 0, LLMM_CHRF_MAX_WORD_ORDER, &a->chrf.word_order);
    case OPT_BETA:
        return int_option(metric, o, val, 0, 10000, &a->chrf.beta);
    case OPT_WIDTH:
        return int_option(metric, o, val, 0, 100, &a->width);
    case OPT_TOKENIZE: {
        llmm_tokenizer t;
        size_t i;
        for (i = 0; i < sizeof UNSUPPORTED_TOK / sizeof UNSUPPORTED_TOK[0]; i++)
            if (strcmp(val, UNSUPPORTED_TOK[i]) == 0)
                return usage_error(metric, "argument --tokenize/-tok: '%s' is not supported by "
                                   "llmmetrics%s", val,
                                   " (it needs MeCab or SentencePiece models; tokenize the "
                                   "text yourself and use -tok none)");
        if (llmm_tokenizer_from_name(val, strlen(val), &t) != LLMM_OK)
            return usage_error(metric, "argument --tokenize/-tok: invalid choice: '%s'%s", val,
                               " (choose from 'none', '13a', 'intl', 'char', 'zh')");
        a->bleu.tokenize = (int)t;
        return -1;
    }
    case OPT_SMOOTH: {
        llmm_bleu_smooth sm;
        if (llmm_bleu_smooth_from_name(val, strlen(val), &sm) != LLMM_OK)
            return usage_error(metric, "argument --smooth-method/-s: invalid choice: '%s'%s", val,
                               " (choose from 'none', 'floor', 'add-k', 'exp')");
        a->bleu.smooth_method = (int)sm;
        return -1;
    }
    case OPT_SMOOTH_VALUE: {
        char *end;
        double d;
        errno = 0;
        d = strtod(val, &end);
        while (isspace((unsigned char)*end)) end++;
        if (*end != '\0' || end == val || errno != 0)
            return usage_error(metric, "argument --smooth-value/-sv: invalid float value: '%s'%s",
                               val, "");
        a->bleu.smooth_value = d;
        a->smooth_value_given = 1;
        return -1;
    }
    case OPT_FORMAT:
        if (strcmp(val, "json") == 0) a->format = CLI_FMT_JSON;
        else if (strcmp(val, "text") == 0) a->format = CLI_FMT_TEXT;
        else if (strcmp(val, "latex") == 0) a->format = CLI_FMT_LATEX;
        else
            return usage_error(metric, "argument --format/-f: invalid choice: '%s'%s", val,
                               " (choose from 'json', 'text', 'latex')");
        return -1;
    default:
        return -1;
    }
}

static int set_flag(cter_args *a, int metric, int id)
{
    switch (id) {
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
    case OPT_HELP: cter_usage(stdout, metric); return CLI_EXIT_OK;
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

static int add_metric(cter_args *a, int metric, const char *w)
{
    int bit = metric_bit(w);
    if (!bit)
        return usage_error(metric, "argument --metrics/-m: invalid choice: '%s'%s", w,
                           " (choose from 'bleu', 'chrf', 'ter')");
    if (!(a->metrics & bit)) a->n_metrics++;
    a->metrics |= bit;
    return -1;
}

static void env_format(cter_args *a)
{
    /* sacrebleu.py parse_args(): SACREBLEU_FORMAT overrides --format when it names a
     * valid choice; LLMMETRICS_FORMAT is this tool's own name for it and wins. */
    const char *names[2] = {"LLMMETRICS_FORMAT", "SACREBLEU_FORMAT"};
    int k;
    for (k = 0; k < 2; k++) {
        const char *v = getenv(names[k]);
        if (!v) continue;
        if (strcasecmp(v, "json") == 0) { a->format = CLI_FMT_JSON; return; }
        if (strcasecmp(v, "text") == 0) { a->format = CLI_FMT_TEXT; return; }
        if (strcasecmp(v, "latex") == 0) { a->format = CLI_FMT_LATEX; return; }
    }
}

int cter_args_parse(int argc, char **argv, int metric, cter_args *a)
{
    int i, only_positional = 0, rc, metrics_given = 0;
    char **words;

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

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq, *val;
        const opt *o;
        int amb;
        size_t n;
        if (only_positional || is_value_word(arg)) {
            a->refs[a->n_refs++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        eq = strchr(arg, '=');
        n = eq ? (size_t)(eq - arg) : strlen(arg);
        o = find_opt(arg, n, &amb);
        if (!o)
            return usage_error(metric, amb ? "ambiguous option: %s%s" : "unrecognized arguments: %s%s",
                               arg, "");
        if (o->arg == ARG_NONE) {
            if (eq)
                return usage_error(metric, "argument %s: ignored explicit argument '%s'", o->lng, eq + 1);
            if ((rc = set_flag(a, metric, o->id)) >= 0) return rc;
            continue;
        }
        if (o->arg == ARG_LIST) {
            if (o->id == OPT_INPUT) { /* nargs='*'; a repeated -i replaces the list */
                a->input_given = 1;
                a->n_inputs = 0;
                if (eq) a->inputs[a->n_inputs++] = (char *)eq + 1;
                while (i + 1 < argc && is_value_word(argv[i + 1])) a->inputs[a->n_inputs++] = argv[++i];
                continue;
            }
            /* -m: nargs='+', a repeated -m replaces the list */
            a->metrics = 0;
            a->n_metrics = 0;
            metrics_given = 1;
            if (eq && (rc = add_metric(a, metric, eq + 1)) >= 0) return rc;
            if (!eq && !(i + 1 < argc && is_value_word(argv[i + 1])))
                return usage_error(metric, "argument --metrics/-m: expected at least one argument%s%s",
                                   "", "");
            while (i + 1 < argc && is_value_word(argv[i + 1]))
                if ((rc = add_metric(a, metric, argv[++i])) >= 0) return rc;
            continue;
        }
        if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            return usage_error(metric, "argument %s: expected one argument%s", o->lng, "");
        }
        if ((rc = apply(a, metric, o, val)) >= 0) return rc;
    }
    if (!metrics_given) {
        a->metrics = metric;
        a->n_metrics = 1;
    }
    env_format(a);
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
        while (i + 1 < argc && is_value_word(argv[i + 1]))
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
