/* argparse.c - the table-driven parser of argparse.h. */
#include "argparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_usage_error(const char *sub, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "usage: " CLI_PROG " %s REF [REF ...] [-i HYP] [options] (see --help)\n", sub);
    fprintf(stderr, CLI_PROG " %s: error: ", sub);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

const char *cli_opt_label(const cli_opt *o, char *buf, size_t cap)
{
    if (o->shrt)
        snprintf(buf, cap, "%s/%s", o->lng, o->shrt);
    else
        snprintf(buf, cap, "%s", o->lng);
    return buf;
}

/* Python int(): optional whitespace and sign, decimal digits (underscores allowed). */
int cli_parse_int(const char *s, long *out)
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

int cli_parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0' && end != s && errno == 0;
}

int cli_int_option(const char *sub, const cli_opt *o, const char *val, long lo, long hi,
                   long *out)
{
    char label[64];
    long l;
    cli_opt_label(o, label, sizeof label);
    if (!cli_parse_int(val, &l))
        return cli_usage_error(sub, "argument %s: invalid int value: '%s'", label, val);
    if (l < lo || l > hi)
        return cli_usage_error(sub, "argument %s: '%s' is out of the supported range", label,
                               val);
    *out = l;
    return -1;
}

/* Finds the option named by `arg` (without any "=value" part of length n). */
static const cli_opt *find_opt(const cli_argparse *p, const char *arg, size_t n, int *ambiguous)
{
    const cli_opt *hit = NULL;
    size_t i;
    *ambiguous = 0;
    for (i = 0; i < p->n_opts; i++) {
        const cli_opt *o = &p->opts[i];
        if ((o->shrt && strlen(o->shrt) == n && strncmp(o->shrt, arg, n) == 0)
            || (strlen(o->lng) == n && strncmp(o->lng, arg, n) == 0))
            return o;
    }
    if (n < 3 || arg[1] != '-')
        return NULL;
    for (i = 0; i < p->n_opts; i++) { /* argparse's allow_abbrev: a unique prefix */
        if (strncmp(p->opts[i].lng, arg, n) == 0) {
            if (hit) {
                *ambiguous = 1;
                return NULL;
            }
            hit = &p->opts[i];
        }
    }
    return hit;
}

int cli_is_value_word(const char *s)
{
    char *end;
    if (s[0] != '-' || s[1] == '\0')
        return 1;
    strtod(s, &end);
    return *end == '\0';
}

int cli_argparse_run(const cli_argparse *p, int argc, char **argv)
{
    int i, only_positional = 0, rc = -1;
    char **words = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *words);

    if (!words) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (i = 1; i < argc && rc < 0; i++) {
        char *arg = argv[i], *eq;
        const cli_opt *o;
        int amb;
        size_t n;

        if (only_positional || cli_is_value_word(arg)) {
            rc = p->positional(p->ctx, arg);
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        eq = strchr(arg, '=');
        n = eq ? (size_t)(eq - arg) : strlen(arg);
        o = find_opt(p, arg, n, &amb);
        if (!o) {
            rc = cli_usage_error(p->sub, amb ? "ambiguous option: %s%s"
                                             : "unrecognized arguments: %s%s", arg, "");
        } else if (o->arity == CLI_ARG_NONE) {
            rc = eq ? cli_usage_error(p->sub, "argument %s: ignored explicit argument '%s'",
                                      o->lng, eq + 1)
                    : p->flag(p->ctx, o);
        } else if (o->arity == CLI_ARG_LIST) {
            size_t k = 0;
            if (eq)
                words[k++] = eq + 1;
            while (i + 1 < argc && cli_is_value_word(argv[i + 1]))
                words[k++] = argv[++i];
            rc = p->list(p->ctx, o, words, k);
        } else if (eq || i + 1 < argc) {
            rc = p->value(p->ctx, o, eq ? eq + 1 : argv[++i]);
        } else {
            char label[64];
            rc = cli_usage_error(p->sub, "argument %s: expected one argument%s",
                                 cli_opt_label(o, label, sizeof label), "");
        }
    }
    free(words);
    return rc;
}
