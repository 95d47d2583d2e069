/* io.c - reads text streams the way sacrebleu's command line does. */
#include "io.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Reads the whole stream; returns 0 or an errno value. */
static int read_all(FILE *f, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return ENOMEM;
    for (;;) {
        size_t got;
        if (len == cap) {
            char *nb;
            if (cap > SIZE_MAX / 2) {
                free(buf);
                return EFBIG;
            }
            nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                return e;
            }
            break;
        }
    }
    *out = buf;
    *out_len = len;
    return 0;
}

/* Length of s[0..len) without trailing Python whitespace (str.isspace(), the set
 * str.rstrip() removes): U+0009..U+000D, U+001C..U+001F, U+0020, U+0085, U+00A0,
 * U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. `s` is valid UTF-8,
 * so a lead byte found before continuation bytes starts that character. */
static size_t py_rstrip_len(const unsigned char *s, size_t len)
{
    while (len > 0) {
        unsigned char c = s[len - 1];
        if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) {
            len -= 1;
        } else if (len >= 2 && s[len - 2] == 0xC2 && (c == 0x85 || c == 0xA0)) {
            len -= 2;
        } else if (len >= 3) {
            unsigned a = s[len - 3], b = s[len - 2];
            int ws = (a == 0xE1 && b == 0x9A && c == 0x80)                       /* U+1680 */
                || (a == 0xE2 && b == 0x80 && ((c >= 0x80 && c <= 0x8A)          /* U+2000..200A */
                                               || c == 0xA8 || c == 0xA9          /* U+2028, 2029 */
                                               || c == 0xAF))                     /* U+202F */
                || (a == 0xE2 && b == 0x81 && c == 0x9F)                          /* U+205F */
                || (a == 0xE3 && b == 0x80 && c == 0x80);                         /* U+3000 */
            if (!ws)
                break;
            len -= 3;
        } else {
            break;
        }
    }
    return len;
}

/* Finds the end of the line starting at `p` and the start of the next one. */
static const char *line_end(const char *p, const char *end, cli_newlines nl, const char **next)
{
    const char *q = p;
    if (nl == CLI_NL_LF) {
        q = memchr(p, '\n', (size_t)(end - p));
        if (!q) {
            *next = end;
            return end;
        }
        *next = q + 1;
        return q;
    }
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    if (q == end)
        *next = end;
    else if (*q == '\r' && q + 1 < end && q[1] == '\n')
        *next = q + 2;
    else
        *next = q + 1;
    return q;
}

int cli_read_lines(const char *path, cli_newlines nl, cli_lines *out)
{
    const int is_stdin = path == NULL || strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, n = 0, i, w;
    const char *p, *end, *next;
    int err;

    memset(out, 0, sizeof *out);
    out->name = name;
    if (!f) {
        cli_error("cannot open %s: %s", name, strerror(errno));
        return CLI_EXIT_ERROR;
    }
    err = read_all(f, &buf, &len);
    if (!is_stdin)
        fclose(f);
    if (err) {
        cli_error("cannot read %s: %s", name, strerror(err));
        return CLI_EXIT_ERROR;
    }

    /* Count lines: Python yields a last line without terminator, but no empty one. */
    end = buf + len;
    for (p = buf; p < end; p = next) {
        line_end(p, end, nl, &next);
        n++;
    }
    out->offsets = malloc((n + 1) * sizeof *out->offsets);
    if (!out->offsets) {
        free(buf);
        cli_error("out of memory reading %s", name);
        return CLI_EXIT_ERROR;
    }

    /* Validate, strip and compact in place (the write position never passes the read
     * position). Line breaks never occur inside a UTF-8 sequence, so validating line by
     * line is validating the file. */
    w = 0;
    for (p = buf, i = 0; p < end; p = next, i++) {
        const char *e = line_end(p, end, nl, &next);
        size_t l = (size_t)(e - p), bad = 0;
        if (llmm_utf8_validate(p, l, &bad) != LLMM_OK) {
            cli_error("%s:%zu: invalid UTF-8 (byte %zu of the line)", name, i + 1, bad + 1);
            free(buf);
            free(out->offsets);
            out->offsets = NULL;
            return CLI_EXIT_ERROR;
        }
        l = py_rstrip_len((const unsigned char *)p, l);
        memmove(buf + w, p, l);
        out->offsets[i] = w;
        w += l;
    }
    out->offsets[n] = w;
    out->data = buf;
    out->count = n;
    return 0;
}

int cli_split_fields(const cli_lines *in, size_t n_fields, cli_lines *out)
{
    size_t k, i, total = in->offsets[in->count];
    size_t *pos;

    for (k = 0; k < n_fields; k++)
        memset(&out[k], 0, sizeof out[k]);
    pos = calloc(n_fields, sizeof *pos);
    if (!pos)
        goto oom;
    for (k = 0; k < n_fields; k++) {
        out[k].name = in->name;
        out[k].count = in->count;
        out[k].data = malloc(total ? total : 1);
        out[k].offsets = malloc((in->count + 1) * sizeof *out[k].offsets);
        if (!out[k].data || !out[k].offsets)
            goto oom;
    }
    for (i = 0; i < in->count; i++) {
        const char *p = in->data + in->offsets[i];
        const char *e = in->data + in->offsets[i + 1];
        for (k = 0; k < n_fields; k++) {
            /* maxsplit = n_fields - 1: the last field keeps any further tabs. */
            const char *t = k + 1 < n_fields ? memchr(p, '\t', (size_t)(e - p)) : NULL;
            const char *fe = t ? t : e;
            if (!t && k + 1 < n_fields) {
                /* sacrebleu.py: "FATAL: line {lineno}: expected {num_refs} fields, but
                 * found {len(refs)}." and sys.exit(17). */
                cli_error("FATAL: line %zu: expected %zu fields, but found %zu.", i + 1,
                          n_fields, k + 1);
                free(pos);
                for (k = 0; k < n_fields; k++)
                    cli_lines_free(&out[k]);
                return CLI_EXIT_FIELDS;
            }
            out[k].offsets[i] = pos[k];
            memcpy(out[k].data + pos[k], p, (size_t)(fe - p));
            pos[k] += (size_t)(fe - p);
            p = t ? t + 1 : e;
        }
    }
    for (k = 0; k < n_fields; k++)
        out[k].offsets[in->count] = pos[k];
    free(pos);
    return 0;
oom:
    free(pos);
    for (k = 0; k < n_fields; k++)
        cli_lines_free(&out[k]);
    cli_error("out of memory splitting %s", in->name);
    return CLI_EXIT_ERROR;
}

size_t cli_first_line_with_tab(const cli_lines *l)
{
    size_t i;
    for (i = 0; i < l->count; i++)
        if (memchr(l->data + l->offsets[i], '\t', l->offsets[i + 1] - l->offsets[i]))
            return i + 1;
    return 0;
}

llmm_strs cli_lines_slice(const cli_lines *l, size_t start, size_t n)
{
    llmm_strs s;
    s.data = l->data;
    s.offsets = l->offsets + start;
    s.present = NULL;
    s.count = n;
    return s;
}

void cli_lines_free(cli_lines *l)
{
    free(l->data);
    free(l->offsets);
    l->data = NULL;
    l->offsets = NULL;
    l->count = 0;
}

int cli_check_ref_args(long num_refs, size_t n_refs, int input_given, size_t n_inputs)
{
    if (num_refs < 1) {
        cli_error("--num-refs must be at least 1");
        return CLI_EXIT_USAGE;
    }
    if (num_refs != 1 && n_refs > 1) {
        /* sacrebleu.py's messages for the same condition. */
        cli_error("The --num-refs argument allows you to provide any number of "
                  "tab-delimited references in a single file.");
        cli_error("You can only use it with externally provided references, however, "
                  "and you cannot then provide multiple reference files.");
        return CLI_EXIT_ERROR;
    }
    if (n_refs == 0) {
        cli_error("no reference files given: list them before the -i/--input argument "
                  "(llmmetrics has no built-in test sets)");
        return CLI_EXIT_ERROR;
    }
    if (input_given && n_inputs == 0) {
        cli_error("argument --input/-i: expected a file name");
        return CLI_EXIT_USAGE;
    }
    return 0;
}

int cli_read_references(char *const *paths, size_t n_paths, long num_refs, cli_lines **refs,
                        size_t *n_streams)
{
    size_t n = num_refs > 1 ? (size_t)num_refs : n_paths, k;
    int rc;
    *n_streams = 0;
    *refs = calloc(n, sizeof **refs);
    if (!*refs) {
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    if (num_refs > 1) {
        cli_lines joined;
        if ((rc = cli_read_lines(paths[0], CLI_NL_LF, &joined)) != 0) return rc;
        rc = cli_split_fields(&joined, n, *refs);
        cli_lines_free(&joined);
        if (rc) return rc;
        *n_streams = n;
        return 0;
    }
    for (k = 0; k < n; k++) {
        if ((rc = cli_read_lines(paths[k], CLI_NL_LF, &(*refs)[k])) != 0) return rc;
        *n_streams = k + 1;
    }
    return 0;
}

int cli_read_hypotheses(const char *path, cli_lines *hyps)
{
    size_t tab_line;
    int rc;
    if (path && strcmp(path, "-") != 0) return cli_read_lines(path, CLI_NL_LF, hyps);
    if ((rc = cli_read_lines(NULL, CLI_NL_UNIVERSAL, hyps)) != 0) return rc;
    if (hyps->count == 0) {
        hyps->count = 1;
        hyps->offsets[1] = 0;
    }
    /* sacrebleu.py splits standard-input lines on tabs into several systems; a line
     * with a different number of fields than the first is fatal (exit 17). */
    tab_line = cli_first_line_with_tab(hyps);
    if (tab_line == 1) {
        cli_error("<stdin>:1: tab-separated systems (sacrebleu's multi-system mode) are not "
                  "supported; give one system per file with -i");
        return CLI_EXIT_ERROR;
    }
    if (tab_line > 1) {
        cli_error("FATAL: the number of tab-delimited fields in the input stream differ "
                  "across lines. (<stdin>:%zu)", tab_line);
        return CLI_EXIT_FIELDS;
    }
    return 0;
}
