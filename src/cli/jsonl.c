/* jsonl.c - the JSON Lines reader of jsonl.h (RFC 8259 syntax, strict). */
#include "jsonl.h"

#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *p, *end;
    cli_strbuf *buf;
    const char *err;
} parser;

static int fail(parser *ps, const char *msg)
{
    if (!ps->err) ps->err = msg;
    return -1;
}

static void ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int put(parser *ps, const char *s, size_t n)
{
    cli_strbuf *b = ps->buf;
    if (!b) return 0;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *d;
        while (cap < b->len + n) cap *= 2;
        if (!(d = realloc(b->data, cap))) return fail(ps, "out of memory");
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static int hex4(parser *ps, unsigned long *v)
{
    int k;
    *v = 0;
    if (ps->end - ps->p < 4) return fail(ps, "truncated \\u escape");
    for (k = 0; k < 4; k++) {
        char c = *ps->p++;
        *v <<= 4;
        if (c >= '0' && c <= '9') *v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f') *v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') *v |= (unsigned long)(c - 'A' + 10);
        else return fail(ps, "bad \\u escape");
    }
    return 0;
}

static int put_cp(parser *ps, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 63)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 63));
        b[2] = (char)(0x80 | (cp & 63));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 63));
        b[2] = (char)(0x80 | (cp >> 6 & 63));
        b[3] = (char)(0x80 | (cp & 63));
        n = 4;
    }
    return put(ps, b, n);
}

/* a string starting at the opening quote; decoded into ps->buf (if non-NULL) */
static int string(parser *ps)
{
    ps->p++;
    for (;;) {
        const char *run = ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        if (put(ps, run, (size_t)(ps->p - run))) return -1;
        if (ps->p >= ps->end) return fail(ps, "unterminated string");
        if (*ps->p == '"') {
            ps->p++;
            return 0;
        }
        if ((unsigned char)*ps->p < 0x20) return fail(ps, "control character in a string");
        if (++ps->p >= ps->end) return fail(ps, "unterminated string");
        switch (*ps->p++) {
        case '"': if (put(ps, "\"", 1)) return -1; break;
        case '\\': if (put(ps, "\\", 1)) return -1; break;
        case '/': if (put(ps, "/", 1)) return -1; break;
        case 'b': if (put(ps, "\b", 1)) return -1; break;
        case 'f': if (put(ps, "\f", 1)) return -1; break;
        case 'n': if (put(ps, "\n", 1)) return -1; break;
        case 'r': if (put(ps, "\r", 1)) return -1; break;
        case 't': if (put(ps, "\t", 1)) return -1; break;
        case 'u': {
            unsigned long cp, lo;
            if (hex4(ps, &cp)) return -1;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(ps, "lone surrogate in \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
                    return fail(ps, "lone surrogate in \\u escape");
                ps->p += 2;
                if (hex4(ps, &lo)) return -1;
                if (lo < 0xDC00 || lo > 0xDFFF) return fail(ps, "lone surrogate in \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (put_cp(ps, cp)) return -1;
            break;
        }
        default: return fail(ps, "bad escape in a string");
        }
    }
}

static int value(parser *ps, int depth);

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, "invalid JSON value");
    ps->p += n;
    return 0;
}

static int number(parser *ps)
{
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-') ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, "invalid number");
    if (*ps->p == '0') ps->p++;
    else while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, "invalid number");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') return fail(ps, "invalid number");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    }
    return ps->p > s ? 0 : fail(ps, "invalid number");
}

/* any value, discarded */
static int value(parser *ps, int depth)
{
    cli_strbuf *saved = ps->buf;
    int rc = 0;
    if (depth > 256) return fail(ps, "nesting too deep");
    ws(ps);
    if (ps->p >= ps->end) return fail(ps, "missing value");
    ps->buf = NULL;
    if (*ps->p == '"') {
        rc = string(ps);
    } else if (*ps->p == '{' || *ps->p == '[') {
        char close = *ps->p == '{' ? '}' : ']';
        int obj = close == '}', first = 1;
        ps->p++;
        for (;;) {
            ws(ps);
            if (ps->p < ps->end && *ps->p == close && first) {
                ps->p++;
                break;
            }
            if (obj) {
                if (ps->p >= ps->end || *ps->p != '"' || string(ps)) { rc = fail(ps, "bad key"); break; }
                ws(ps);
                if (ps->p >= ps->end || *ps->p++ != ':') { rc = fail(ps, "missing ':'"); break; }
            }
            if ((rc = value(ps, depth + 1)) != 0) break;
            ws(ps);
            first = 0;
            if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
            if (ps->p < ps->end && *ps->p == close) { ps->p++; break; }
            rc = fail(ps, "missing ',' or closing bracket");
            break;
        }
    } else if (*ps->p == 't') {
        rc = literal(ps, "true");
    } else if (*ps->p == 'f') {
        rc = literal(ps, "false");
    } else if (*ps->p == 'n') {
        rc = literal(ps, "null");
    } else {
        rc = number(ps);
    }
    ps->buf = saved;
    return rc;
}

static int add_range(parser *ps, cli_json_member *m, size_t off)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        size_t *o = realloc(m->off, cap * sizeof *o), *l;
        if (!o) return fail(ps, "out of memory");
        m->off = o;
        if (!(l = realloc(m->len, cap * sizeof *l))) return fail(ps, "out of memory");
        m->len = l;
        m->cap = cap;
    }
    m->off[m->n] = off;
    m->len[m->n++] = ps->buf->len - off;
    return 0;
}

/* the value of a wanted member: a string or an array of strings */
static int wanted(parser *ps, cli_json_member *m)
{
    size_t off;
    ws(ps);
    m->found = 1;
    m->n = 0;
    if (ps->p < ps->end && *ps->p == '"') {
        off = ps->buf->len;
        m->is_array = 0;
        return string(ps) || add_range(ps, m, off);
    }
    if (ps->p >= ps->end || *ps->p != '[') return fail(ps, "expected a string or a list of strings");
    m->is_array = 1;
    ps->p++;
    ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return 0;
    }
    for (;;) {
        ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') return fail(ps, "expected a list of strings");
        off = ps->buf->len;
        if (string(ps) || add_range(ps, m, off)) return -1;
        ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == ']') { ps->p++; return 0; }
        return fail(ps, "missing ',' or ']'");
    }
}

int cli_json_object(const char *line, size_t n, cli_strbuf *buf, cli_json_member *members,
                    size_t n_members, const char **err)
{
    parser ps;
    size_t k;
    int first = 1;
    ps.p = line;
    ps.end = line + n;
    ps.buf = buf;
    ps.err = NULL;
    for (k = 0; k < n_members; k++) members[k].found = 0, members[k].n = 0;
    ws(&ps);
    if (ps.p >= ps.end || *ps.p++ != '{') {
        *err = "expected a JSON object";
        return -1;
    }
    for (;;) {
        size_t key_off = buf->len, key_len;
        cli_json_member *m = NULL;
        ws(&ps);
        if (first && ps.p < ps.end && *ps.p == '}') { ps.p++; break; }
        if (ps.p >= ps.end || *ps.p != '"' || string(&ps)) { fail(&ps, "bad key"); break; }
        key_len = buf->len - key_off;
        for (k = 0; k < n_members; k++)
            if (strlen(members[k].key) == key_len &&
                memcmp(members[k].key, buf->data + key_off, key_len) == 0)
                m = &members[k];
        buf->len = key_off; /* keys are not kept */
        ws(&ps);
        if (ps.p >= ps.end || *ps.p++ != ':') { fail(&ps, "missing ':'"); break; }
        if (m ? wanted(&ps, m) : value(&ps, 1)) break;
        ws(&ps);
        first = 0;
        if (ps.p < ps.end && *ps.p == ',') { ps.p++; continue; }
        if (ps.p < ps.end && *ps.p == '}') { ps.p++; break; }
        fail(&ps, "missing ',' or '}'");
        break;
    }
    if (!ps.err) {
        ws(&ps);
        if (ps.p != ps.end) fail(&ps, "trailing characters after the object");
    }
    *err = ps.err;
    return ps.err ? -1 : 0;
}

void cli_json_member_free(cli_json_member *m)
{
    free(m->off);
    free(m->len);
    m->off = m->len = NULL;
    m->n = m->cap = 0;
}
