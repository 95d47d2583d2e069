/* serving_log.c - a small JSON reader for the request log of `llmmetrics serving`
 * (flat objects; nested values of unknown keys are skipped). */
#include "serving_log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct parser {
    const char *p, *end;
    const char *err;
} parser;

static void ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r' || *ps->p == '\n'))
        ps->p++;
}

static int lit(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n)) return 0;
    ps->p += n;
    return 1;
}

/* A JSON string into buf (escapes other than \uXXXX kept minimal: the log's keys and
 * status names are plain); longer strings are truncated in buf. */
static int string(parser *ps, char *buf, size_t cap)
{
    size_t n = 0;
    if (ps->p >= ps->end || *ps->p != '"') return ps->err = "expected a string", 0;
    ps->p++;
    while (ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if (c == '\\') {
            if (ps->p >= ps->end) break;
            c = *ps->p++;
            if (c == 'u') {
                if (ps->end - ps->p < 4) return ps->err = "bad \\u escape", 0;
                ps->p += 4;
                c = '?';
            } else if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
        }
        if (buf && n + 1 < cap) buf[n++] = c;
    }
    if (ps->p >= ps->end) return ps->err = "unterminated string", 0;
    ps->p++;
    if (buf && cap) buf[n] = '\0';
    return 1;
}

static int number(parser *ps, double *out)
{
    char tmp[64];
    size_t n = 0;
    char *e;
    while (ps->p + n < ps->end && n < sizeof tmp - 1 && strchr("+-0123456789.eE", ps->p[n])) n++;
    if (!n) return ps->err = "expected a number", 0;
    memcpy(tmp, ps->p, n);
    tmp[n] = '\0';
    *out = strtod(tmp, &e);
    if (*e) return ps->err = "bad number", 0;
    ps->p += n;
    return 1;
}

static int skip_value(parser *ps, int depth)
{
    double d;
    ws(ps);
    if (ps->p >= ps->end) return ps->err = "unexpected end of line", 0;
    if (depth > 32) return ps->err = "nested too deeply", 0;
    if (*ps->p == '"') return string(ps, NULL, 0);
    if (*ps->p == '[' || *ps->p == '{') {
        char close = *ps->p == '[' ? ']' : '}';
        int obj = close == '}';
        ps->p++;
        ws(ps);
        if (ps->p < ps->end && *ps->p == close) return ps->p++, 1;
        for (;;) {
            ws(ps);
            if (obj) {
                if (!string(ps, NULL, 0)) return 0;
                ws(ps);
                if (ps->p >= ps->end || *ps->p++ != ':') return ps->err = "expected ':'", 0;
            }
            if (!skip_value(ps, depth + 1)) return 0;
            ws(ps);
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                continue;
            }
            if (ps->p < ps->end && *ps->p == close) return ps->p++, 1;
            return ps->err = "expected ',' or a closing bracket", 0;
        }
    }
    if (lit(ps, "true") || lit(ps, "false") || lit(ps, "null")) return 1;
    return number(ps, &d);
}

static int grow_times(serving_log *log, size_t *cap, double v)
{
    if (log->n_times == *cap) {
        size_t nc = *cap ? *cap * 2 : 1024;
        double *t = (double *)realloc(log->times, nc * sizeof *t);
        if (!t) return 0;
        log->times = t;
        *cap = nc;
    }
    log->times[log->n_times++] = v;
    return 1;
}

static int uint_of(double d, uint64_t *out)
{
    if (!(d >= 0 && d <= 1.8e19) || d != floor(d)) return 0;
    *out = (uint64_t)d;
    return 1;
}

static int parse_line(parser *ps, serving_entry *e, size_t *times_at, serving_log *log,
                      size_t *cap)
{
    char key[64];
    double d;
    int have_first = 0, have_end = 0;
    memset(e, 0, sizeof *e);
    e->req.first_token = e->req.end = NAN;
    e->cache_hit = -1;
    e->req.success = 1;
    *times_at = log->n_times;
    ws(ps);
    if (ps->p >= ps->end || *ps->p++ != '{') return ps->err = "expected a JSON object", 0;
    ws(ps);
    if (ps->p < ps->end && *ps->p == '}') ps->p++;
    else
        for (;;) {
            ws(ps);
            if (!string(ps, key, sizeof key)) return 0;
            ws(ps);
            if (ps->p >= ps->end || *ps->p++ != ':') return ps->err = "expected ':'", 0;
            ws(ps);
            if (!strcmp(key, "start") || !strcmp(key, "first_token") || !strcmp(key, "end")) {
                if (!number(ps, &d)) return 0;
                if (key[0] == 's') e->req.start = d;
                else if (key[0] == 'f') e->req.first_token = d, have_first = 1;
                else e->req.end = d, have_end = 1;
            } else if (!strcmp(key, "input_tokens") || !strcmp(key, "output_tokens") ||
                       !strcmp(key, "cached_tokens")) {
                uint64_t *dst = key[0] == 'i' ? &e->req.input_tokens
                                : key[0] == 'o' ? &e->req.output_tokens : &e->req.cached_tokens;
                if (!number(ps, &d)) return 0;
                if (!uint_of(d, dst)) return ps->err = "token counts must be non-negative integers", 0;
            } else if (!strcmp(key, "token_times")) {
                if (ps->p >= ps->end || *ps->p++ != '[') return ps->err = "token_times must be an array", 0;
                ws(ps);
                if (ps->p < ps->end && *ps->p == ']') ps->p++;
                else
                    for (;;) {
                        ws(ps);
                        if (!number(ps, &d)) return 0;
                        if (!grow_times(log, cap, d)) return ps->err = "out of memory", 0;
                        e->req.n_token_times++;
                        ws(ps);
                        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
                        if (ps->p < ps->end && *ps->p == ']') { ps->p++; break; }
                        return ps->err = "expected ',' or ']'", 0;
                    }
            } else if (!strcmp(key, "status")) {
                if (ps->p < ps->end && *ps->p == '"') {
                    if (!string(ps, e->status, sizeof e->status)) return 0;
                } else {
                    if (!number(ps, &d)) return 0;
                    if (d == 200) e->status[0] = '\0';
                    else sprintf(e->status, "http_%d", (int)(d > -1e6 && d < 1e6 ? d : 0));
                }
                if (!strcmp(e->status, "ok") || !strcmp(e->status, "success")) e->status[0] = '\0';
                e->req.success = e->status[0] == '\0';
            } else if (!strcmp(key, "cache_hit")) {
                if (lit(ps, "true")) e->cache_hit = 1;
                else if (lit(ps, "false")) e->cache_hit = 0;
                else if (lit(ps, "null")) e->cache_hit = -1;
                else return ps->err = "cache_hit must be true, false or null", 0;
            } else if (!strcmp(key, "type")) {
                if (!number(ps, &d)) return 0;
                if (!(d >= 0 && d < LLMM_SERVE_CACHE_TYPES) || d != floor(d))
                    return ps->err = "type must be an integer in 0..15", 0;
                e->type = (unsigned)d;
            } else if (!skip_value(ps, 0)) {
                return 0;
            }
            ws(ps);
            if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
            if (ps->p < ps->end && *ps->p == '}') { ps->p++; break; }
            return ps->err = "expected ',' or '}'", 0;
        }
    ws(ps);
    if (ps->p != ps->end) return ps->err = "trailing characters after the object", 0;
    if (e->req.n_token_times) {
        if (!have_first) e->req.first_token = log->times[*times_at];
        if (!have_end) e->req.end = log->times[*times_at + e->req.n_token_times - 1];
    }
    return 1;
}

int serving_log_parse(const char *name, const char *const *lines, const size_t *lens, size_t n,
                      serving_log *out)
{
    size_t i, cap = 0, m = 0, *at;
    memset(out, 0, sizeof *out);
    out->entries = (serving_entry *)calloc(n ? n : 1, sizeof *out->entries);
    at = (size_t *)calloc(n ? n : 1, sizeof *at);
    if (!out->entries || !at) {
        free(at);
        cli_error("out of memory");
        return CLI_EXIT_ERROR;
    }
    for (i = 0; i < n; i++) {
        parser ps;
        ps.p = lines[i];
        ps.end = lines[i] + lens[i];
        ps.err = NULL;
        ws(&ps);
        if (ps.p == ps.end) continue; /* blank line */
        if (!parse_line(&ps, &out->entries[m], &at[m], out, &cap)) {
            cli_error("%s:%zu: %s", name, i + 1, ps.err ? ps.err : "malformed line");
            free(at);
            serving_log_free(out);
            return CLI_EXIT_ERROR;
        }
        m++;
    }
    out->count = m;
    for (i = 0; i < m; i++)
        if (out->entries[i].req.n_token_times) out->entries[i].req.token_times = out->times + at[i];
    free(at);
    return CLI_EXIT_OK;
}

void serving_log_free(serving_log *log)
{
    free(log->entries);
    free(log->times);
    memset(log, 0, sizeof *log);
}
