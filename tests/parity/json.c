/* json.c - a strict RFC 8259 JSON reader (DOM) for the parity runner. Test code only.
 *
 * - Iterative (an explicit frame stack, no recursion); nesting deeper than
 *   JSON_MAX_DEPTH is a syntax error, so hostile input cannot blow the C stack.
 * - Every node and string of one document lives in an arena freed at once by json_free.
 * - Strings: raw bytes must be well-formed UTF-8 (RFC 3629) and control characters
 *   must be escaped. \uXXXX escapes become UTF-8; a surrogate pair becomes one 4-byte
 *   sequence. A lone surrogate (legal JSON, and what Python's json.dumps writes for a
 *   str holding one) is kept as its 3-byte generalized-UTF-8 form (ED A0..BF xx): the
 *   bytes are deliberately invalid UTF-8, so the library sees them and must answer
 *   LLMM_EUTF8, as Python raises UnicodeEncodeError when it encodes such a str.
 * - Numbers: the grammar of RFC 8259; the text is kept and parsed with strtod
 *   (correctly rounded in glibc). Leading zeros, "+1", ".5", "1.", NaN literals are
 *   errors (the vectors write non-finite values as strings, see json_num).
 * - Objects keep their members in order; duplicate keys are allowed and json_get
 *   returns the last one, as Python's json.loads does.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 512
#define ARENA_CHUNK ((size_t)1 << 16)

struct json_value {
    json_type type;
    int is_int;         /* numbers: written without fraction/exponent and fits int64 */
    int b;              /* booleans */
    size_t len;         /* strings: byte length; numbers: text length; containers: count */
    const char *key;    /* member of an object: its key (NUL-terminated), else NULL */
    size_t keylen;
    const char *str;    /* strings: decoded bytes; numbers: the literal text */
    json_value *items;  /* containers: `len` children, contiguous */
    double num;
    int64_t i64;
};

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    /* followed by the storage, aligned for json_value */
} arena_chunk;

/* What json_parse returns points at `root`, the first member. */
typedef struct json_doc {
    json_value root;
    arena_chunk *chunks;
} json_doc;

typedef struct frame {
    json_type type;      /* JSON_ARRAY or JSON_OBJECT */
    size_t start;        /* index of its first child in the value stack */
    const char *key;     /* object: key of the member being parsed */
    size_t keylen;
} frame;

typedef struct parser {
    const unsigned char *p, *end, *begin;
    json_doc *doc;
    json_value *vals; /* completed children of open containers */
    size_t nvals, capvals;
    frame *frames;
    size_t nframes, capframes;
    char *err;
    size_t err_cap;
    int failed;
} parser;

#define ALIGN_UP(n) (((n) + 15u) & ~(size_t)15u)

static void *arena_alloc(parser *ps, size_t size)
{
    arena_chunk *c = ps->doc->chunks;
    size_t hdr = ALIGN_UP(sizeof(arena_chunk));
    size = ALIGN_UP(size ? size : 1);
    if (!c || c->cap - c->used < size) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        if (cap > (size_t)-1 - hdr) return NULL;
        c = malloc(hdr + cap);
        if (!c) return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = ps->doc->chunks;
        ps->doc->chunks = c;
    }
    void *out = (char *)c + hdr + c->used;
    c->used += size;
    return out;
}

static void fail(parser *ps, const char *fmt, ...)
{
    if (ps->failed) return;
    ps->failed = 1;
    if (!ps->err || ps->err_cap == 0) return;
    int n = snprintf(ps->err, ps->err_cap, "column %zu: ", (size_t)(ps->p - ps->begin) + 1);
    if (n < 0 || (size_t)n >= ps->err_cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err + n, ps->err_cap - (size_t)n, fmt, ap);
    va_end(ap);
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(unsigned cp, char *d)
{
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) { /* includes lone surrogates, see the file comment */
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 table 3-7), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if ((size_t)(end - s) < n) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return n;
}

/* Parses the string whose opening quote is at ps->p. */
static int parse_string(parser *ps, const char **out, size_t *out_len)
{
    const unsigned char *s = ++ps->p, *q = s;
    /* Pass 1: find the closing quote; the decoded text is never longer than the raw. */
    while (q < ps->end && *q != '"') q += (*q == '\\' && q + 1 < ps->end) ? 2 : 1;
    if (q >= ps->end) { fail(ps, "unterminated string"); return 0; }
    char *dst = arena_alloc(ps, (size_t)(q - s) + 1);
    if (!dst) { fail(ps, "out of memory"); return 0; }
    size_t n = 0;
    const unsigned char *p = s;
    while (p < q) {
        const unsigned char *run = p;
        while (p < q && *p >= 0x20 && *p < 0x80 && *p != '\\') p++;
        memcpy(dst + n, run, (size_t)(p - run));
        n += (size_t)(p - run);
        if (p >= q) break;
        if (*p < 0x20) {
            ps->p = p;
            fail(ps, "unescaped control character 0x%02x in string", *p);
            return 0;
        }
        if (*p >= 0x80) {
            size_t k = utf8_seq(p, q);
            if (!k) { ps->p = p; fail(ps, "invalid UTF-8 byte 0x%02x in string", *p); return 0; }
            memcpy(dst + n, p, k);
            n += k;
            p += k;
            continue;
        }
        /* backslash */
        ps->p = p;
        unsigned char e = p[1];
        p += 2;
        switch (e) {
        case '"': dst[n++] = '"'; break;
        case '\\': dst[n++] = '\\'; break;
        case '/': dst[n++] = '/'; break;
        case 'b': dst[n++] = '\b'; break;
        case 'f': dst[n++] = '\f'; break;
        case 'n': dst[n++] = '\n'; break;
        case 'r': dst[n++] = '\r'; break;
        case 't': dst[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (q - p < 4 || !hex4(p, &cp)) { fail(ps, "bad \\u escape"); return 0; }
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && q - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
                hex4(p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
            n += put_utf8(cp, dst + n);
            break;
        }
        default:
            fail(ps, "invalid escape '\\%c'", e >= 0x20 && e < 0x7F ? e : '?');
            return 0;
        }
    }
    dst[n] = '\0';
    ps->p = q + 1;
    *out = dst;
    *out_len = n;
    return 1;
}

static int is_digit(const unsigned char *p, const unsigned char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

static int parse_number(parser *ps, json_value *v)
{
    const unsigned char *s = ps->p, *p = s;
    int integral = 1;
    if (p < ps->end && *p == '-') p++;
    if (!is_digit(p, ps->end)) { fail(ps, "invalid number"); return 0; }
    if (*p == '0') {
        p++;
        if (is_digit(p, ps->end)) { fail(ps, "leading zero in number"); return 0; }
    } else {
        while (is_digit(p, ps->end)) p++;
    }
    if (p < ps->end && *p == '.') {
        integral = 0;
        p++;
        if (!is_digit(p, ps->end)) { ps->p = p; fail(ps, "digit expected after '.'"); return 0; }
        while (is_digit(p, ps->end)) p++;
    }
    if (p < ps->end && (*p == 'e' || *p == 'E')) {
        integral = 0;
        p++;
        if (p < ps->end && (*p == '+' || *p == '-')) p++;
        if (!is_digit(p, ps->end)) { ps->p = p; fail(ps, "digit expected in exponent"); return 0; }
        while (is_digit(p, ps->end)) p++;
    }
    size_t n = (size_t)(p - s);
    char *text = arena_alloc(ps, n + 1);
    if (!text) { fail(ps, "out of memory"); return 0; }
    memcpy(text, s, n);
    text[n] = '\0';
    v->type = JSON_NUMBER;
    v->str = text;
    v->len = n;
    v->num = strtod(text, NULL); /* ERANGE: +-HUGE_VAL or a (sub)normal/zero, as Python */
    v->is_int = 0;
    if (integral) {
        errno = 0;
        long long ll = strtoll(text, NULL, 10);
        if (errno == 0) { /* long long is 64-bit on every target we build for */
            v->is_int = 1;
            v->i64 = (int64_t)ll;
        }
    }
    ps->p = p;
    return 1;
}

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
        fail(ps, "invalid literal");
        return 0;
    }
    ps->p += n;
    return 1;
}

static int push_val(parser *ps, const json_value *v)
{
    if (ps->nvals == ps->capvals) {
        size_t cap = ps->capvals ? ps->capvals * 2 : 256;
        json_value *nv = realloc(ps->vals, cap * sizeof *nv);
        if (!nv) { fail(ps, "out of memory"); return 0; }
        ps->vals = nv;
        ps->capvals = cap;
    }
    ps->vals[ps->nvals++] = *v;
    return 1;
}

static int push_frame(parser *ps, json_type t)
{
    if (ps->nframes >= JSON_MAX_DEPTH) {
        fail(ps, "nesting deeper than %d", JSON_MAX_DEPTH);
        return 0;
    }
    if (ps->nframes == ps->capframes) {
        size_t cap = ps->capframes ? ps->capframes * 2 : 16;
        frame *nf = realloc(ps->frames, cap * sizeof *nf);
        if (!nf) { fail(ps, "out of memory"); return 0; }
        ps->frames = nf;
        ps->capframes = cap;
    }
    frame *f = &ps->frames[ps->nframes++];
    f->type = t;
    f->start = ps->nvals;
    f->key = NULL;
    f->keylen = 0;
    return 1;
}

/* Reads `"key" :` of an object member into the top frame. */
static int member_key(parser *ps)
{
    frame *f = &ps->frames[ps->nframes - 1];
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != '"') { fail(ps, "object key (string) expected"); return 0; }
    if (!parse_string(ps, &f->key, &f->keylen)) return 0;
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != ':') { fail(ps, "':' expected after object key"); return 0; }
    ps->p++;
    return 1;
}

/* Pops the top frame into a container value. */
static int close_frame(parser *ps, json_value *out)
{
    frame *f = &ps->frames[--ps->nframes];
    size_t n = ps->nvals - f->start;
    memset(out, 0, sizeof *out);
    out->type = f->type;
    out->len = n;
    if (n) {
        if (n > (size_t)-1 / sizeof(json_value)) { fail(ps, "too many elements"); return 0; }
        out->items = arena_alloc(ps, n * sizeof(json_value));
        if (!out->items) { fail(ps, "out of memory"); return 0; }
        memcpy(out->items, ps->vals + f->start, n * sizeof(json_value));
    }
    ps->nvals = f->start;
    return 1;
}

static int parse_doc(parser *ps)
{
    json_value v;
    for (;;) {
        /* a value */
        skip_ws(ps);
        if (ps->p >= ps->end) { fail(ps, "value expected, end of input"); return 0; }
        memset(&v, 0, sizeof v);
        switch (*ps->p) {
        case '{':
        case '[': {
            json_type t = *ps->p == '{' ? JSON_OBJECT : JSON_ARRAY;
            ps->p++;
            if (!push_frame(ps, t)) return 0;
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == (t == JSON_OBJECT ? '}' : ']')) {
                ps->p++;
                if (!close_frame(ps, &v)) return 0;
                break;
            }
            if (t == JSON_OBJECT && !member_key(ps)) return 0;
            continue; /* parse the first element */
        }
        case '"':
            v.type = JSON_STRING;
            if (!parse_string(ps, &v.str, &v.len)) return 0;
            break;
        case 't':
            if (!literal(ps, "true")) return 0;
            v.type = JSON_BOOL;
            v.b = 1;
            break;
        case 'f':
            if (!literal(ps, "false")) return 0;
            v.type = JSON_BOOL;
            break;
        case 'n':
            if (!literal(ps, "null")) return 0;
            v.type = JSON_NULL;
            break;
        default:
            if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
                if (!parse_number(ps, &v)) return 0;
            } else {
                fail(ps, "unexpected character '%c'",
                     *ps->p >= 0x20 && *ps->p < 0x7F ? *ps->p : '?');
                return 0;
            }
        }
        /* v is complete: attach it to its container, closing containers as they end */
        for (;;) {
            if (ps->nframes == 0) {
                ps->doc->root = v;
                return 1;
            }
            frame *f = &ps->frames[ps->nframes - 1];
            if (f->type == JSON_OBJECT) {
                v.key = f->key;
                v.keylen = f->keylen;
            }
            if (!push_val(ps, &v)) return 0;
            skip_ws(ps);
            if (ps->p >= ps->end) { fail(ps, "unterminated %s", f->type == JSON_OBJECT ? "object" : "array"); return 0; }
            char close = f->type == JSON_OBJECT ? '}' : ']';
            if (*ps->p == ',') {
                ps->p++;
                if (f->type == JSON_OBJECT && !member_key(ps)) return 0;
                break; /* next element */
            }
            if (*ps->p != close) { fail(ps, "',' or '%c' expected", close); return 0; }
            ps->p++;
            if (!close_frame(ps, &v)) return 0;
        }
    }
}

void json_free(json_value *v)
{
    if (!v) return;
    json_doc *d = (json_doc *)(void *)v;
    arena_chunk *c = d->chunks;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(d);
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_cap)
{
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.begin = ps.p = (const unsigned char *)text;
    ps.end = ps.p + len;
    ps.err = err;
    ps.err_cap = err_cap;
    if (err && err_cap) err[0] = '\0';
    ps.doc = calloc(1, sizeof *ps.doc);
    if (!ps.doc) {
        if (err && err_cap) snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    int ok = text != NULL && parse_doc(&ps);
    if (!text) fail(&ps, "no input");
    if (ok) {
        skip_ws(&ps);
        if (ps.p != ps.end) { fail(&ps, "trailing characters after the JSON value"); ok = 0; }
    }
    free(ps.vals);
    free(ps.frames);
    if (!ok) {
        json_free(&ps.doc->root);
        return NULL;
    }
    return &ps.doc->root;
}

json_type json_kind(const json_value *v) { return v ? v->type : JSON_NULL; }

const json_value *json_get(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT || !key) return NULL;
    size_t kl = strlen(key);
    for (size_t i = obj->len; i-- > 0;) /* last duplicate wins, as in Python */
        if (obj->items[i].keylen == kl && memcmp(obj->items[i].key, key, kl) == 0)
            return &obj->items[i];
    return NULL;
}

size_t json_len(const json_value *v)
{
    return v && (v->type == JSON_ARRAY || v->type == JSON_OBJECT) ? v->len : 0;
}

const json_value *json_at(const json_value *v, size_t i)
{
    return i < json_len(v) ? &v->items[i] : NULL;
}

const char *json_key_at(const json_value *obj, size_t i)
{
    return obj && obj->type == JSON_OBJECT && i < obj->len ? obj->items[i].key : NULL;
}

static int nonfinite_str(const json_value *v, double *out)
{
    if (!v || v->type != JSON_STRING) return 0;
    if (strcmp(v->str, "NaN") == 0) *out = NAN;
    else if (strcmp(v->str, "Infinity") == 0) *out = INFINITY;
    else if (strcmp(v->str, "-Infinity") == 0) *out = -INFINITY;
    else return 0;
    return 1;
}

double json_num(const json_value *v)
{
    double d;
    if (v && v->type == JSON_NUMBER) return v->num;
    if (nonfinite_str(v, &d)) return d;
    return NAN;
}

int json_is_num(const json_value *v)
{
    double d;
    return (v && v->type == JSON_NUMBER) || nonfinite_str(v, &d);
}

int json_is_int(const json_value *v) { return v && v->type == JSON_NUMBER && v->is_int; }

int64_t json_int(const json_value *v)
{
    if (!v || v->type != JSON_NUMBER) return 0;
    if (v->is_int) return v->i64;
    double d = v->num;
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return 0;
    return (int64_t)d;
}

int json_bool(const json_value *v) { return v && v->type == JSON_BOOL && v->b; }

const char *json_str(const json_value *v, size_t *len)
{
    if (!v || v->type != JSON_STRING) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = v->len;
    return v->str;
}

const char *json_number_text(const json_value *v)
{
    return v && v->type == JSON_NUMBER ? v->str : NULL;
}
