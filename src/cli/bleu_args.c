/* bleu_args.c - the options of `llmmetrics bleu` (sacrebleu/sacrebleu.py parse_args()),
 * parsed by argparse.c. */
#include "bleu_args.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sacrebleu_opts.h"

enum opt_id {
    OPT_INPUT, OPT_NUM_REFS, OPT_ENCODING, OPT_METRICS, OPT_SENTENCE, OPT_SMOOTH,
    OPT_SMOOTH_VALUE, OPT_TOKENIZE, OPT_LOWERCASE, OPT_FORCE, OPT_EFFECTIVE, OPT_QUIET,
    OPT_SHORT, OPT_SCORE_ONLY, OPT_WIDTH, OPT_NO_COLOR, OPT_FORMAT, OPT_HELP,
    OPT_CONFIDENCE, OPT_CONFIDENCE_N, OPT_PAIRED_AR, OPT_PAIRED_BS, OPT_PAIRED_AR_N,
    OPT_PAIRED_BS_N, OPT_PAIRED_JOBS, OPT_SEED
};
static const cli_opt OPTS[] = {
    {"-i", "--input", OPT_INPUT, CLI_ARG_LIST},
    {"-nr", "--num-refs", OPT_NUM_REFS, CLI_ARG_ONE},
    {"-e", "--encoding", OPT_ENCODING, CLI_ARG_ONE},
    {"-m", "--metrics", OPT_METRICS, CLI_ARG_LIST},
    {"-sl", "--sentence-level", OPT_SENTENCE, CLI_ARG_NONE},
    {"-s", "--smooth-method", OPT_SMOOTH, CLI_ARG_ONE},
    {"-sv", "--smooth-value", OPT_SMOOTH_VALUE, CLI_ARG_ONE},
    {"-tok", "--tokenize", OPT_TOKENIZE, CLI_ARG_ONE},
    {"-lc", "--lowercase", OPT_LOWERCASE, CLI_ARG_NONE},
    {NULL, "--force", OPT_FORCE, CLI_ARG_NONE},
    {NULL, "--effective-order", OPT_EFFECTIVE, CLI_ARG_NONE},
    {"-q", "--quiet", OPT_QUIET, CLI_ARG_NONE},
    {"-sh", "--short", OPT_SHORT, CLI_ARG_NONE},
    {"-b", "--score-only", OPT_SCORE_ONLY, CLI_ARG_NONE},
    {"-w", "--width", OPT_WIDTH, CLI_ARG_ONE},
    {"-nc", "--no-color", OPT_NO_COLOR, CLI_ARG_NONE},
    {"-f", "--format", OPT_FORMAT, CLI_ARG_ONE},
    {"-h", "--help", OPT_HELP, CLI_ARG_NONE},
    {"-ci", "--confidence", OPT_CONFIDENCE, CLI_ARG_NONE},
    {"-cin", "--confidence-n", OPT_CONFIDENCE_N, CLI_ARG_ONE},
    {"-par", "--paired-ar", OPT_PAIRED_AR, CLI_ARG_NONE},
    {"-pbs", "--paired-bs", OPT_PAIRED_BS, CLI_ARG_NONE},
    {"-parn", "--paired-ar-n", OPT_PAIRED_AR_N, CLI_ARG_ONE},
    {"-pbsn", "--paired-bs-n", OPT_PAIRED_BS_N, CLI_ARG_ONE},
    {"-j", "--paired-jobs", OPT_PAIRED_JOBS, CLI_ARG_ONE},
    {NULL, "--seed", OPT_SEED, CLI_ARG_ONE},
};
#define N_OPTS (sizeof OPTS / sizeof OPTS[0])

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

static int apply(void *ctx, const cli_opt *o, const char *val)
{
    bleu_args *a = ctx;
    switch (o->id) {
    case OPT_NUM_REFS: return cli_int_option("bleu", o, val, LONG_MIN, LONG_MAX, &a->num_refs);
    case OPT_ENCODING: return cli_sb_encoding("bleu", val);
    case OPT_SMOOTH: return cli_sb_smooth_method("bleu", val, &a->opts.smooth_method);
    case OPT_SMOOTH_VALUE:
        a->smooth_value_given = 1;
        return cli_sb_float("bleu", o, val, &a->opts.smooth_value);
    case OPT_TOKENIZE: return cli_sb_tokenize("bleu", val, &a->opts.tokenize);
    case OPT_CONFIDENCE_N: return cli_int_option("bleu", o, val, LONG_MIN, LONG_MAX, &a->confidence_n);
    case OPT_PAIRED_AR_N: return cli_int_option("bleu", o, val, LONG_MIN, LONG_MAX, &a->paired_ar_n);
    case OPT_PAIRED_BS_N: return cli_int_option("bleu", o, val, LONG_MIN, LONG_MAX, &a->paired_bs_n);
    case OPT_PAIRED_JOBS: {
        long ignored;
        return cli_int_option("bleu", o, val, LONG_MIN, LONG_MAX, &ignored);
    }
    case OPT_SEED: {
        char *end;
        unsigned long long u;
        errno = 0;
        u = strtoull(val, &end, 10);
        if (!isdigit((unsigned char)val[0]) || *end != '\0' || errno != 0)
            return cli_usage_error("bleu", "argument --seed: expected an integer from 0 to "
                                   "2^64-1, not '%s'%s", val, "");
        a->seed = (uint64_t)u;
        return -1;
    }
    case OPT_WIDTH: {
        long w;
        int rc = cli_int_option("bleu", o, val, 0, 100, &w);
        a->width = (int)w;
        return rc;
    }
    case OPT_FORMAT: return cli_sb_format("bleu", val, &a->format);
    default: return -1;
    }
}

static int set_flag(void *ctx, const cli_opt *o)
{
    bleu_args *a = ctx;
    switch (o->id) {
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
    case OPT_PAIRED_BS: {
        int ar = o->id == OPT_PAIRED_AR;
        /* argparse's mutually exclusive group. */
        if (ar ? a->paired_bs : a->paired_ar)
            return cli_usage_error("bleu", "argument %s: not allowed with argument %s",
                                   ar ? "--paired-ar/-par" : "--paired-bs/-pbs",
                                   ar ? "--paired-bs/-pbs" : "--paired-ar/-par");
        *(ar ? &a->paired_ar : &a->paired_bs) = 1;
        break;
    }
    default: break;
    }
    return -1;
}

static int take_list(void *ctx, const cli_opt *o, char **words, size_t n)
{
    bleu_args *a = ctx;
    size_t i;
    if (o->id == OPT_INPUT) { /* nargs='*'; a repeated -i replaces the earlier list */
        a->input_given = 1;
        for (a->n_inputs = 0; a->n_inputs < n; a->n_inputs++)
            a->inputs[a->n_inputs] = words[a->n_inputs];
        return -1;
    }
    if (n == 0) /* -m: nargs='+' */
        return cli_usage_error("bleu", "argument --metrics/-m: expected at least one "
                               "argument%s%s", "", "");
    for (i = 0; i < n; i++)
        if (strcmp(words[i], "bleu") != 0)
            return cli_usage_error("bleu", "argument --metrics/-m: only 'bleu' is supported, "
                                   "not '%s'%s", words[i], "");
    return -1;
}

static int take_positional(void *ctx, char *word)
{
    bleu_args *a = ctx;
    a->refs[a->n_refs++] = word;
    return -1;
}

int bleu_args_parse(int argc, char **argv, bleu_args *a)
{
    cli_argparse p;
    char **words;
    int rc;

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

    p.sub = "bleu";
    p.opts = OPTS;
    p.n_opts = N_OPTS;
    p.ctx = a;
    p.positional = take_positional;
    p.flag = set_flag;
    p.value = apply;
    p.list = take_list;
    rc = cli_argparse_run(&p, argc, argv);
    if (rc < 0)
        cli_sb_format_from_env(&a->format);
    return rc;
}

void bleu_args_free(bleu_args *a)
{
    free(a->refs);
    a->refs = NULL;
    a->inputs = NULL;
}
