/* sacrebleu_opts.c - option values shared by the sacrebleu-compatible subcommands. */
#include "sacrebleu_opts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "llmmetrics.h"

/* sacrebleu's tokenizer choices that need external models (MeCab, SentencePiece). */
static const char *const UNSUPPORTED_TOK[] = {"ja-mecab", "ko-mecab", "spm", "flores101",
                                              "flores200", "spBLEU-1K"};

int cli_sb_encoding(const char *sub, const char *val)
{
    /* Python's codec names for UTF-8 (encodings.aliases), case-insensitive. */
    static const char *const names[] = {"utf-8", "utf_8", "utf8", "u8", "utf", "cp65001"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(val, names[i]) == 0)
            return -1;
    return cli_usage_error(sub, "argument --encoding/-e: unsupported encoding '%s'%s", val,
                           " (only utf-8 input is supported)");
}

int cli_sb_tokenize(const char *sub, const char *val, int *tokenize)
{
    llmm_tokenizer t;
    size_t i;
    for (i = 0; i < sizeof UNSUPPORTED_TOK / sizeof UNSUPPORTED_TOK[0]; i++)
        if (strcmp(val, UNSUPPORTED_TOK[i]) == 0)
            return cli_usage_error(sub, "argument --tokenize/-tok: '%s' is not supported by "
                                   "llmmetrics%s", val,
                                   " (it needs MeCab or SentencePiece models; tokenize the "
                                   "text yourself and use -tok none)");
    if (llmm_tokenizer_from_name(val, strlen(val), &t) != LLMM_OK)
        return cli_usage_error(sub, "argument --tokenize/-tok: invalid choice: '%s'%s", val,
                               " (choose from 'none', '13a', 'intl', 'char', 'zh')");
    *tokenize = (int)t;
    return -1;
}

int cli_sb_smooth_method(const char *sub, const char *val, int *smooth_method)
{
    llmm_bleu_smooth m;
    if (llmm_bleu_smooth_from_name(val, strlen(val), &m) != LLMM_OK)
        return cli_usage_error(sub, "argument --smooth-method/-s: invalid choice: '%s'%s", val,
                               " (choose from 'none', 'floor', 'add-k', 'exp')");
    *smooth_method = (int)m;
    return -1;
}

int cli_sb_float(const char *sub, const cli_opt *o, const char *val, double *out)
{
    char label[64];
    if (cli_parse_double(val, out))
        return -1;
    return cli_usage_error(sub, "argument %s: invalid float value: '%s'",
                           cli_opt_label(o, label, sizeof label), val);
}

static int format_named(const char *s, int (*cmp)(const char *, const char *), cli_format *f)
{
    static const char *const names[] = {"json", "text", "latex"};
    static const cli_format values[] = {CLI_FMT_JSON, CLI_FMT_TEXT, CLI_FMT_LATEX};
    size_t i;
    for (i = 0; i < 3; i++)
        if (cmp(s, names[i]) == 0) {
            *f = values[i];
            return 1;
        }
    return 0;
}

int cli_sb_format(const char *sub, const char *val, cli_format *format)
{
    if (format_named(val, strcmp, format))
        return -1;
    return cli_usage_error(sub, "argument --format/-f: invalid choice: '%s'%s", val,
                           " (choose from 'json', 'text', 'latex')");
}

void cli_sb_format_from_env(cli_format *format)
{
    const char *names[2] = {"LLMMETRICS_FORMAT", "SACREBLEU_FORMAT"};
    int k;
    for (k = 0; k < 2; k++) {
        const char *v = getenv(names[k]);
        if (v && format_named(v, strcasecmp, format))
            return;
    }
}
