/* jsondom.c - the strict JSON reader of jsondom.h (RFC 8259; strings must be valid UTF-8,
 * \u escapes may form surrogate pairs; nesting is limited to 64 levels). */
#include "jsondom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llmmetrics.h"

#define MAX_DEPTH 64

typedef struct parser {
    const char *start, *p, *end;
    char *err;
    size_t err_cap;
} parser;

static int fail(parser *ps, const char *msg)
{
    if (ps->err && ps->err_cap)
        snprintf(ps->err, ps->err_cap, "%s at column %zu", msg, (size_t)(ps->p - ps->start) + 1);
    return -1;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(unsigned cp, char *d)
{
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) { d[0] = (char)(0xC0 | cp >> 6); d[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12); d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18); d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the string starting after the opening quote into a fresh buffer. */
static int parse_string(parser *ps, char **out, size_t *out_len)
{
    const char *s = ps->p;
    char *buf, *d;
    while (s < ps->end && *s != '"') s += (*s == '\\' && s + 1 < ps->end) ? 2 : 1;
    if (s >= ps->end) return fail(ps, "unterminated string");
    buf = malloc((size_t)(s - ps->p) + 1); /* decoding never grows the text */
    if (!buf) return fail(ps, "out of memory");
    d = buf;
    while (*ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) { free(buf); return fail(ps, "control character in string"); }
        if (c != '\\') { *d++ = (char)c; ps->p++; continue; }
        ps->p++;
        switch (*ps->p) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '/': *d++ = '/'; break;
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (ps->end - ps->p < 5 || hex4(ps->p + 1, &cp)) { free(buf); return fail(ps, "bad \\u escape"); }
            ps->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (ps->end - ps->p < 7 || ps->p[1] != '\\' || ps->p[2] != 'u' ||
                    hex4(ps->p + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    free(buf);
                    return fail(ps, "unpaired surrogate");
                }
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                free(buf);
                return fail(ps, "unpaired surrogate");
            }
            d += put_utf8(cp, d);
            break;
        }
        default: free(buf); return fail(ps, "bad escape");
        }
        ps->p++;
    }
    ps->p++;
    *d = '\0';
    *out_len = (size_t)(d - buf);
    if (llmm_utf8_validate(buf, *out_len, NULL) != LLMM_OK) {
        free(buf);
        return fail(ps, "invalid UTF-8 in string");
    }
    *out = buf;
    return 0;
}

static int parse_value(parser *ps, jv *v, int depth);

static int push(parser *ps, jv *v, const jv *item, char *key, size_t *cap)
{
    if (v->len == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        jv *ni = realloc(v->items, nc * sizeof *ni);
        if (!ni) return fail(ps, "out of memory");
        v->items = ni;
        if (v->type == JV_OBJECT) {
            char **nk = realloc(v->keys, nc * sizeof *nk);
            if (!nk) return fail(ps, "out of memory");
            v->keys = nk;
        }
        *cap = nc;
    }
    v->items[v->len] = *item;
    if (v->type == JV_OBJECT) v->keys[v->len] = key;
    v->len++;
    return 0;
}

static int parse_container(parser *ps, jv *v, int depth, char close)
{
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return 0; }
    for (;;) {
        jv item;
        char *key = NULL;
        size_t klen;
        skip_ws(ps);
        if (v->type == JV_OBJECT) {
            if (ps->p >= ps->end || *ps->p != '"') return fail(ps, "expected a key");
            ps->p++;
            if (parse_string(ps, &key, &klen)) return -1;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') { free(key); return fail(ps, "expected ':'"); }
            ps->p++;
        }
        if (parse_value(ps, &item, depth + 1)) {
            free(key);
            return -1;
        }
        if (push(ps, v, &item, key, &cap)) {
            jv_free(&item);
            free(key);
            return -1;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == close) { ps->p++; return 0; }
        return fail(ps, "expected ',' or a closing bracket");
    }
}

static int parse_number(parser *ps, jv *v)
{
    const char *s = ps->p;
    char tmp[64];
    size_t n;
    v->is_int = 1;
    if (s < ps->end && *s == '-') s++;
    if (s >= ps->end || *s < '0' || *s > '9') return fail(ps, "bad number");
    if (*s == '0') s++;
    else while (s < ps->end && *s >= '0' && *s <= '9') s++;
    if (s < ps->end && *s == '.') {
        v->is_int = 0;
        s++;
        if (s >= ps->end || *s < '0' || *s > '9') return fail(ps, "bad number");
        while (s < ps->end && *s >= '0' && *s <= '9') s++;
    }
    if (s < ps->end && (*s == 'e' || *s == 'E')) {
        v->is_int = 0;
        s++;
        if (s < ps->end && (*s == '+' || *s == '-')) s++;
        if (s >= ps->end || *s < '0' || *s > '9') return fail(ps, "bad number");
        while (s < ps->end && *s >= '0' && *s <= '9') s++;
    }
    n = (size_t)(s - ps->p);
    if (n >= sizeof tmp) return fail(ps, "number too long");
    memcpy(tmp, ps->p, n);
    tmp[n] = '\0';
    v->num = strtod(tmp, NULL);
    ps->p = s;
    return 0;
}

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return fail(ps, "bad literal");
    ps->p += n;
    return 0;
}

static int parse_value(parser *ps, jv *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > MAX_DEPTH) return fail(ps, "nested too deeply");
    skip_ws(ps);
    if (ps->p >= ps->end) return fail(ps, "unexpected end");
    switch (*ps->p) {
    case '{': ps->p++; v->type = JV_OBJECT; if (parse_container(ps, v, depth, '}')) { jv_free(v); return -1; } return 0;
    case '[': ps->p++; v->type = JV_ARRAY; if (parse_container(ps, v, depth, ']')) { jv_free(v); return -1; } return 0;
    case '"': ps->p++; v->type = JV_STRING; return parse_string(ps, &v->str, &v->len);
    case 't': v->type = JV_BOOL; v->num = 1; return literal(ps, "true");
    case 'f': v->type = JV_BOOL; return literal(ps, "false");
    case 'n': v->type = JV_NULL; return literal(ps, "null");
    default: v->type = JV_NUMBER; return parse_number(ps, v);
    }
}

int jv_parse(const char *text, size_t len, jv *out, char *err, size_t err_cap)
{
    parser ps;
    ps.start = ps.p = text;
    ps.end = text + len;
    ps.err = err;
    ps.err_cap = err_cap;
    if (parse_value(&ps, out, 0)) return -1;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        jv_free(out);
        return fail(&ps, "trailing characters");
    }
    return 0;
}

void jv_free(jv *v)
{
    size_t i;
    if (!v) return;
    for (i = 0; i < v->len && (v->type == JV_ARRAY || v->type == JV_OBJECT); i++) {
        jv_free(&v->items[i]);
        if (v->type == JV_OBJECT) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

const jv *jv_get(const jv *obj, const char *key)
{
    size_t i;
    if (!obj || obj->type != JV_OBJECT) return NULL;
    for (i = 0; i < obj->len; i++)
        if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
    return NULL;
}
