/* bleu_args.c - option parsing for `llmmetrics bleu`, following argparse's rules as
 * sacrebleu uses them: "-x value", "--long value", "--long=value", unique prefixes of
 * long options, list options (-i, -m) that take every following non-option word. */
#include "bleu_args.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

enum opt_id {
    OPT_INPUT, OPT_NUM_REFS, OPT_ENCODING, OPT_METRICS, OPT_SENTENCE, OPT_SMOOTH,
    OPT_SMOOTH_VALUE, OPT_TOKENIZE, OPT_LOWERCASE, OPT_FORCE, OPT_EFFECTIVE, OPT_QUIET,
    OPT_SHORT, OPT_SCORE_ONLY, OPT_WIDTH, OPT_NO_COLOR, OPT_FORMAT, OPT_HELP,
    OPT_CONFIDENCE, OPT_CONFIDENCE_N, OPT_PAIRED_AR, OPT_PAIRED_BS, OPT_PAIRED_AR_N,
    OPT_PAIRED_BS_N, OPT_PAIRED_JOBS, OPT_SEED
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
    {"-s", "--smooth-method", OPT_SMOOTH, ARG_ONE},
    {"-sv", "--smooth-value", OPT_SMOOTH_VALUE, ARG_ONE},
    {"-tok", "--tokenize", OPT_TOKENIZE, ARG_ONE},
    {"-lc", "--lowercase", OPT_LOWERCASE, ARG_NONE},
    {NULL, "--force", OPT_FORCE, ARG_NONE},
    {NULL, "--effective-order", OPT_EFFECTIVE, ARG_NONE},
    {"-q", "--quiet", OPT_QUIET, ARG_NONE},
    {"-sh", "--short", OPT_SHORT, ARG_NONE},
    {"-b", "--score-only", OPT_SCORE_ONLY, ARG_NONE},
    {"-w", "--width", OPT_WIDTH, ARG_ONE},
    {"-nc", "--no-color", OPT_NO_COLOR, ARG_NONE},
    {"-f", "--format", OPT_FORMAT, ARG_ONE},
    {"-h", "--help", OPT_HELP, ARG_NONE},
    {"-ci", "--confidence", OPT_CONFIDENCE, ARG_NONE},
    {"-cin", "--confidence-n", OPT_CONFIDENCE_N, ARG_ONE},
    {"-par", "--paired-ar", OPT_PAIRED_AR, ARG_NONE},
    {"-pbs", "--paired-bs", OPT_PAIRED_BS, ARG_NONE},
    {"-parn", "--paired-ar-n", OPT_PAIRED_AR_N, ARG_ONE},
    {"-pbsn", "--paired-bs-n", OPT_PAIRED_BS_N, ARG_ONE},
    {"-j", "--paired-jobs", OPT_PAIRED_JOBS, ARG_ONE},
    {NULL, "--seed", OPT_SEED, ARG_ONE},
};
#define N_OPTS (sizeof OPTS / sizeof OPTS[0])

/* sacrebleu's tokenizer choices that need external models (MeCab, SentencePiece). */
static const char *const UNSUPPORTED_TOK[] = {"ja-mecab", "ko-mecab", "spm", "flores101",
                                              "flores200", "spBLEU-1K"};

void cli_bleu_usage(FILE *out)
{
    fputs(
        "usage: " CLI_PROG " bleu REF [REF ...] [-i HYP] [options]\n"
        "\n"
        "BLEU of a hypothesis file (standard input when -i is absent) against one or\n"
        "more reference files, computed and printed exactly as sacrebleu 2.6.0 does.\n"
        "Give the references before -i, as with sacrebleu.\n"
        "\n"
        "input:\n"
        "  -i, --input HYP         read the hypotheses from HYP instead of standard input\n"
        "  -nr, --num-refs N       split each reference line on tabs into N references\n"
        "  -e, --encoding ENC      input encoding; only utf-8 is supported\n"
        "  -m, --metrics bleu      accepted for sacrebleu compatibility (bleu only)\n"
        "\n"
        "BLEU:\n"
        "  -tok, --tokenize T      none, 13a (default), intl, char, zh\n"
        "  -lc, --lowercase        case-insensitive BLEU\n"
        "  -s, --smooth-method M   none, floor, add-k, exp (default: exp)\n"
        "  -sv, --smooth-value V   value for floor (default 0.1) and add-k (default 1)\n"
        "  --effective-order       ignore n-gram orders with no n-grams (corpus level;\n"
        "                          sentence level always uses it, as in sacrebleu)\n"
        "  --force                 do not warn about tokenized-looking input\n"
        "  -sl, --sentence-level   print one score line per segment\n"
        "\n"
        "statistical tests (several -i files: the first is the baseline):\n"
        "  -ci, --confidence       bootstrap 95% confidence interval of one system\n"
        "  -cin, --confidence-n N  bootstrap resamples for --confidence (default 1000)\n"
        "  -pbs, --paired-bs       paired bootstrap resampling test\n"
        "  -par, --paired-ar       paired approximate randomization test\n"
        "  -pbsn, --paired-bs-n N  resamples of --paired-bs (default 1000)\n"
        "  -parn, --paired-ar-n N  trials of --paired-ar (default 10000)\n"
        "  -j, --paired-jobs N     accepted for sacrebleu compatibility (one thread)\n"
        "  --seed N                random seed (default 12345, sacrebleu's default\n"
        "                          SACREBLEU_SEED; the environment is not read)\n"
        "  Several -i files without a test print one score per system.\n"
        "\n"
        "output:\n"
        "  -f, --format F          json (default), text or latex (a table for several\n"
        "                          systems, as text for one); the\n"
        "                          environment variable LLMMETRICS_FORMAT, else\n"
        "                          SACREBLEU_FORMAT, overrides it as in sacrebleu\n"
        "  -w, --width N           decimals of the score (default 1)\n"
        "  -b, --score-only        print only the score\n"
        "  -sh, --short            abbreviated signature\n"
        "  -q, --quiet             no progress display\n"
        "  -nc, --no-color         accepted for sacrebleu compatibility (no colors used)\n"
        "  -h, --help              show this help and exit\n"
        "\n"
        "exit status: 0 on success, 1 on an input error (unreadable file, invalid UTF-8\n"
        "reported as FILE:LINE, different line counts), 2 on a usage error, 17 on\n"
        "inconsistent tab-separated fields (as sacrebleu).\n",
        out);
}

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fputs("usage: " CLI_PROG " bleu REF [REF ...] [-i HYP] [options] (see --help)\n", stderr);
    fputs(CLI_PROG " bleu: error: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

static const char *opt_label(const opt *o, char *buf, size_t cap)
{
    if (o->shrt)
        snprintf(buf, cap, "%s/%s", o->lng, o->shrt);
    else
        snprintf(buf, cap, "%s", o->lng);
    return buf;
}

/* Finds the option named by `arg` (without any "=value" part of length n). */
static const opt *find_opt(const char *arg, size_t n, int *ambiguous)
{
    const opt *hit = NULL;
    size_t i;
    *ambiguous = 0;
    for (i = 0; i < N_OPTS; i++) {
        if ((OPTS[i].shrt && strlen(OPTS[i].shrt) == n && strncmp(OPTS[i].shrt, arg, n) == 0)
            || (strlen(OPTS[i].lng) == n && strncmp(OPTS[i].lng, arg, n) == 0))
            return &OPTS[i];
    }
    if (n < 3 || arg[1] != '-')
        return NULL;
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
    if (s[0] != '-' || s[1] == '\0')
        return 1;
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
        if (*s != '_' && n + 1 < sizeof buf)
            buf[n++] = *s;
    buf[n] = '\0';
    errno = 0;
    *out = strtol(buf, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    return n > 0 && *end == '\0' && errno == 0 && end != buf;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0' && end != s && errno == 0;
}

static int is_utf8_name(const char *s)
{
    /* Python's codec names for UTF-8 (encodings.aliases), case-insensitive, "-" == "_". */
    static const char *const names[] = {"utf-8", "utf_8", "utf8", "u8", "utf", "cp65001"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i]) == 0)
            return 1;
    return 0;
}

static int apply(bleu_args *a, const opt *o, const char *val)
{
    char label[64];
    long l;
    double d;
    size_t i;
    switch (o->id) {
    case OPT_NUM_REFS:
        if (!parse_int(val, &l))
            return usage_error("argument %s: invalid int value: '%s'",
                               opt_label(o, label, sizeof label), val);
        a->num_refs = l;
        break;
    case OPT_ENCODING:
        if (!is_utf8_name(val))
            return usage_error("argument --encoding/-e: unsupported encoding '%s'%s", val,
                               " (only utf-8 input is supported)");
        break;
    case OPT_SMOOTH:
    {
        llmm_bleu_smooth m;
        if (llmm_bleu_smooth_from_name(val, strlen(val), &m) != LLMM_OK)
            return usage_error("argument --smooth-method/-s: invalid choice: '%s'%s", val,
                               " (choose from 'none', 'floor', 'add-k', 'exp')");
        a->opts.smooth_method = (int)m;
        break;
    }
    case OPT_SMOOTH_VALUE:
        if (!parse_double(val, &d))
            return usage_error("argument %s: invalid float value: '%s'",
                               opt_label(o, label, sizeof label), val);
        a->opts.smooth_value = d;
        a->smooth_value_given = 1;
        break;
    case OPT_TOKENIZE: {
        llmm_tokenizer t;
        for (i = 0; i < sizeof UNSUPPORTED_TOK / sizeof UNSUPPORTED_TOK[0]; i++)
            if (strcmp(val, UNSUPPORTED_TOK[i]) == 0)
                return usage_error("argument --tokenize/-tok: '%s' is not supported by "
                                   "llmmetrics%s", val,
                                   " (it needs MeCab or SentencePiece models; tokenize the "
                                   "text yourself and use -tok none)");
        if (llmm_tokenizer_from_name(val, strlen(val), &t) != LLMM_OK)
            return usage_error("argument --tokenize/-tok: invalid choice: '%s'%s", val,
                               " (choose from 'none', '13a', 'intl', 'char', 'zh')");
        a->opts.tokenize = (int)t;
        break;
    }
    case OPT_CONFIDENCE_N:
    case OPT_PAIRED_AR_N:
    case OPT_PAIRED_BS_N:
    case OPT_PAIRED_JOBS:
        if (!parse_int(val, &l))
            return usage_error("argument %s: invalid int value: '%s'",
                               opt_label(o, label, sizeof label), val);
        if (o->id == OPT_CONFIDENCE_N)
            a->confidence_n = l;
        else if (o->id == OPT_PAIRED_AR_N)
            a->paired_ar_n = l;
        else if (o->id == OPT_PAIRED_BS_N)
            a->paired_bs_n = l;
        break;
    case OPT_SEED: {
        char *end;
        unsigned long long u;
        errno = 0;
        u = strtoull(val, &end, 10);
        if (!isdigit((unsigned char)val[0]) || *end != '\0' || errno != 0)
            return usage_error("argument --seed: expected an integer from 0 to 2^64-1, "
                               "not '%s'%s", val, "");
        a->seed = (uint64_t)u;
        break;
    }
    case OPT_WIDTH:
        if (!parse_int(val, &l))
            return usage_error("argument %s: invalid int value: '%s'",
                               opt_label(o, label, sizeof label), val);
        if (l < 0 || l > 100)
            return usage_error("argument %s: width must be between 0 and 100, not '%s'",
                               opt_label(o, label, sizeof label), val);
        a->width = (int)l;
        break;
    case OPT_FORMAT:
        if (strcmp(val, "json") == 0)
            a->format = CLI_FMT_JSON;
        else if (strcmp(val, "text") == 0)
            a->format = CLI_FMT_TEXT;
        else if (strcmp(val, "latex") == 0)
            a->format = CLI_FMT_LATEX;
        else
            return usage_error("argument --format/-f: invalid choice: '%s'%s", val,
                               " (choose from 'json', 'text', 'latex')");
        break;
    default:
        break;
    }
    return -1;
}

static int set_flag(bleu_args *a, int id)
{
    switch (id) {
    case OPT_SENTENCE: a->sentence_level = 1; break;
    case OPT_LOWERCASE: a->opts.lowercase = 1; break;
    case OPT_FORCE: a->force = 1; break;
    case OPT_EFFECTIVE: a->opts.effective_order = 1; break;
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_SHORT: a->short_sig = 1; break;
    case OPT_SCORE_ONLY: a->score_only = 1; break;
    case OPT_HELP: cli_bleu_usage(stdout); return CLI_EXIT_OK;
    case OPT_CONFIDENCE: a->confidence = 1; break;
    case OPT_PAIRED_AR:
    case OPT_PAIRED_BS:
        /* argparse's mutually exclusive group. */
        if (id == OPT_PAIRED_AR ? a->paired_bs : a->paired_ar)
            return usage_error("argument %s: not allowed with argument %s",
                               id == OPT_PAIRED_AR ? "--paired-ar/-par" : "--paired-bs/-pbs",
                               id == OPT_PAIRED_AR ? "--paired-bs/-pbs" : "--paired-ar/-par");
        if (id == OPT_PAIRED_AR)
            a->paired_ar = 1;
        else
            a->paired_bs = 1;
        break;
    default: break;
    }
    return -1;
}

static void env_format(bleu_args *a)
{
    /* sacrebleu.py parse_args(): SACREBLEU_FORMAT overrides --format when it names a
     * valid choice; LLMMETRICS_FORMAT is this tool's own name for it and wins. */
    const char *names[2] = {"LLMMETRICS_FORMAT", "SACREBLEU_FORMAT"};
    int k;
    for (k = 0; k < 2; k++) {
        const char *v = getenv(names[k]);
        if (!v)
            continue;
        if (strcasecmp(v, "json") == 0) {
            a->format = CLI_FMT_JSON;
            return;
        }
        if (strcasecmp(v, "text") == 0) {
            a->format = CLI_FMT_TEXT;
            return;
        }
        if (strcasecmp(v, "latex") == 0) {
            a->format = CLI_FMT_LATEX;
            return;
        }
    }
}

int bleu_args_parse(int argc, char **argv, bleu_args *a)
{
    int i, only_positional = 0, rc;
    char **words;

    memset(a, 0, sizeof *a);
    llmm_bleu_options_default(&a->opts);
    a->num_refs = 1;
    a->width = 1;
    a->format = CLI_FMT_JSON;
    a->confidence_n = 1000;
    a->paired_bs_n = 1000;
    a->paired_ar_n = 10000;
    a->seed = 12345;
    /* One allocation: refs in the first half, inputs in the second. */
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
            return usage_error(amb ? "ambiguous option: %s%s" : "unrecognized arguments: %s%s",
                               arg, "");
        if (o->arg == ARG_NONE) {
            if (eq)
                return usage_error("argument %s: ignored explicit argument '%s'", o->lng, eq + 1);
            if ((rc = set_flag(a, o->id)) >= 0)
                return rc;
            continue;
        }
        if (o->arg == ARG_LIST) {
            /* nargs='*' (-i, a repeated -i replaces the earlier list) or '+' (-m): the
             * "=value" part and every following value word. */
            int first = i + 1;
            if (o->id == OPT_INPUT) {
                a->input_given = 1;
                a->n_inputs = 0;
                if (eq)
                    a->inputs[a->n_inputs++] = (char *)eq + 1;
                while (i + 1 < argc && is_value_word(argv[i + 1]))
                    a->inputs[a->n_inputs++] = argv[++i];
                continue;
            }
            while (i + 1 < argc && is_value_word(argv[i + 1]))
                i++;
            if (!eq && first > i)
                return usage_error("argument --metrics/-m: expected at least one "
                                   "argument%s%s", "", "");
            if (eq && strcmp(eq + 1, "bleu") != 0)
                return usage_error("argument --metrics/-m: only 'bleu' is supported, "
                                   "not '%s'%s", eq + 1, "");
            for (; first <= i; first++)
                if (strcmp(argv[first], "bleu") != 0)
                    return usage_error("argument --metrics/-m: only 'bleu' is supported, "
                                       "not '%s'%s", argv[first], "");
            continue;
        }
        if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            char label[64];
            return usage_error("argument %s: expected one argument%s",
                               opt_label(o, label, sizeof label), "");
        }
        if ((rc = apply(a, o, val)) >= 0)
            return rc;
    }
    env_format(a);
    return -1;
}

void bleu_args_free(bleu_args *a)
{
    free(a->refs);
    a->refs = NULL;
    a->inputs = NULL;
}
