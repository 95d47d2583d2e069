/* checks.c - the comparison helpers and input readers of parity.h. */
#include "parity.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *parity_fmt_f64(double d, char *buf)
{
    if (isnan(d)) return strcpy(buf, "NaN");
    if (isinf(d)) return strcpy(buf, d > 0 ? "Infinity" : "-Infinity");
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    return buf;
}

static void vfield(char *out, size_t cap, const char *fmt, va_list ap)
{
    vsnprintf(out, cap, fmt ? fmt : "", ap);
}

static void report(parity_case *c, const char *field, const char *fmt, va_list ap)
{
    printf("  FAIL %s %s: ", c->id ? c->id : "(no id)", field);
    vprintf(fmt, ap);
    putchar('\n');
    c->n_failed++;
}

static void reportf(parity_case *c, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, field, fmt, ap);
    va_end(ap);
}

void parity_fail(parity_case *c, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, field ? field : "-", fmt, ap);
    va_end(ap);
}

static int f64_match(double expected, double got, double rel, double abs_tol)
{
    if (isnan(expected) || isnan(got)) return isnan(expected) && isnan(got);
    if (isinf(expected) || isinf(got)) return expected == got;
    double tol = rel * fabs(expected);
    if (abs_tol > tol) tol = abs_tol;
    return fabs(got - expected) <= tol;
}

static int check_f64(parity_case *c, double expected, double got, double rel, double abs_tol,
                     const char *field)
{
    char be[32], bg[32];
    if (f64_match(expected, got, rel, abs_tol)) return 1;
    if (isfinite(expected) && isfinite(got) && expected != 0)
        reportf(c, field, "expected %s, got %s (rel diff %.3g)", parity_fmt_f64(expected, be),
                parity_fmt_f64(got, bg), fabs(got - expected) / fabs(expected));
    else
        reportf(c, field, "expected %s, got %s", parity_fmt_f64(expected, be),
                parity_fmt_f64(got, bg));
    return 0;
}

int parity_check_f64(parity_case *c, double expected, double got, double rel, const char *field,
                     ...)
{
    char f[256];
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    return check_f64(c, expected, got, rel, rel > 0 ? PARITY_ABS_F64 : 0.0, f);
}

int parity_check_f64_tol(parity_case *c, double expected, double got, double rel, double abs_tol,
                         const char *field, ...)
{
    char f[256];
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    return check_f64(c, expected, got, rel, abs_tol, f);
}

static int check_json_f64(parity_case *c, const json_value *expected, int got_is_null, double got,
                          double rel, const char *f)
{
    char bg[32];
    const char *err;
    if (!expected) {
        reportf(c, f, "expected value missing from the case");
        return 0;
    }
    if (json_kind(expected) == JSON_NULL) {
        if (got_is_null) return 1;
        reportf(c, f, "expected null, got %s", parity_fmt_f64(got, bg));
        return 0;
    }
    if ((err = parity_expected_error(expected)) != NULL) {
        reportf(c, f, "expected error \"%s\", got %s", err,
                got_is_null ? "null" : parity_fmt_f64(got, bg));
        return 0;
    }
    if (!json_is_num(expected)) {
        reportf(c, f, "expected value is not a number");
        return 0;
    }
    if (got_is_null) {
        const char *t = json_number_text(expected);
        reportf(c, f, "expected %s, got null", t ? t : json_str(expected, NULL));
        return 0;
    }
    return check_f64(c, json_num(expected), got, rel, rel > 0 ? PARITY_ABS_F64 : 0.0, f);
}

int parity_check_json_f64(parity_case *c, const json_value *expected, double got, double rel,
                          const char *field, ...)
{
    char f[256];
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    return check_json_f64(c, expected, 0, got, rel, f);
}

int parity_check_json_opt_f64(parity_case *c, const json_value *expected, int got_is_null,
                              double got, double rel, const char *field, ...)
{
    char f[256];
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    return check_json_f64(c, expected, got_is_null, got, rel, f);
}

int parity_check_int(parity_case *c, int64_t expected, int64_t got, const char *field, ...)
{
    char f[256];
    if (expected == got) return 1;
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    reportf(c, f, "expected %lld, got %lld", (long long)expected, (long long)got);
    return 0;
}

int parity_check_true(parity_case *c, int ok, const char *field, const char *fmt, ...)
{
    if (ok) return 1;
    va_list ap;
    va_start(ap, fmt);
    report(c, field, fmt, ap);
    va_end(ap);
    return 0;
}

/* Prints at most 200 bytes of s, escaping non-printable bytes. */
static void put_quoted(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n && i < 200; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch < 0x20 || ch == 0x7F) printf("\\x%02x", ch);
        else putchar(ch);
    }
    putchar('"');
    if (n > 200) printf("...(%zu bytes)", n);
}

int parity_check_str(parity_case *c, const json_value *expected, const char *got, size_t got_len,
                     const char *field, ...)
{
    char f[256];
    size_t elen;
    const char *e = json_str(expected, &elen);
    if (e && elen == got_len && (got_len == 0 || memcmp(e, got, got_len) == 0)) return 1;
    va_list ap;
    va_start(ap, field);
    vfield(f, sizeof f, field, ap);
    va_end(ap);
    printf("  FAIL %s %s: expected ", c->id ? c->id : "(no id)", f);
    if (e) put_quoted(e, elen);
    else printf("(not a string)");
    printf(", got ");
    put_quoted(got ? got : "", got ? got_len : 0);
    putchar('\n');
    c->n_failed++;
    return 0;
}

const char *parity_expected_error(const json_value *expected)
{
    if (json_kind(expected) != JSON_OBJECT) return NULL;
    return json_str(json_get(expected, "error"), NULL);
}

void parity_lines_free(parity_lines *l)
{
    if (!l) return;
    free(l->data);
    free(l->offsets);
    memset(l, 0, sizeof *l);
}

/* offsets (count+1 entries) and, when present != NULL, count presence bytes after
 * them, in one block so that parity_lines_free releases both. */
static int alloc_offsets(parity_lines *out, size_t count, unsigned char **present)
{
    if (count > ((size_t)-1 / 2) / sizeof(size_t)) return 0;
    size_t n = (count + 1) * sizeof(size_t);
    out->offsets = malloc(n + (present ? count : 0) + 1);
    if (!out->offsets) return 0;
    out->strs.offsets = out->offsets;
    out->strs.count = count;
    if (present) {
        *present = (unsigned char *)out->offsets + n;
        out->strs.present = *present;
    }
    return 1;
}

int parity_read_lines(parity_case *c, const char *relpath, parity_lines *out)
{
    memset(out, 0, sizeof *out);
    size_t rl = strlen(c->data_root), pl = strlen(relpath);
    char *path = malloc(rl + pl + 2);
    if (!path) {
        parity_fail(c, relpath, "out of memory");
        return 0;
    }
    if (relpath[0] == '/') strcpy(path, relpath);
    else snprintf(path, rl + pl + 2, "%s/%s", c->data_root, relpath);

    FILE *f = fopen(path, "rb");
    size_t size = 0, cap = 1 << 16;
    char *data = malloc(cap);
    int ok = f != NULL && data != NULL;
    while (ok) {
        if (size == cap) {
            char *nd = cap > ((size_t)-1) / 2 ? NULL : realloc(data, cap * 2);
            if (!nd) { ok = 0; break; }
            data = nd;
            cap *= 2;
        }
        size_t got = fread(data + size, 1, cap - size, f);
        size += got;
        if (got == 0) {
            if (ferror(f)) ok = 0;
            break;
        }
    }
    if (f) fclose(f);
    if (!ok) {
        parity_fail(c, relpath, "cannot read %s", path);
        free(path);
        free(data);
        return 0;
    }
    free(path);

    /* Lines: count the pieces of split("\n"), minus the empty one after a final "\n". */
    size_t count = 0;
    for (size_t i = 0; i < size; i++) count += data[i] == '\n';
    if (size > 0 && data[size - 1] != '\n') count++;
    out->data = data;
    if (!alloc_offsets(out, count, NULL)) {
        parity_fail(c, relpath, "out of memory");
        parity_lines_free(out);
        return 0;
    }
    /* Squeeze the newlines out in place: string i is data[off[i] .. off[i+1]). */
    size_t w = 0, line = 0;
    out->offsets[0] = 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n') out->offsets[++line] = w;
        else data[w++] = data[i];
    }
    if (line < count) out->offsets[++line] = w;
    out->strs.data = data;
    return 1;
}

int parity_strs_from_json(const json_value *arr, parity_lines *out)
{
    memset(out, 0, sizeof *out);
    if (json_kind(arr) != JSON_ARRAY) return 0;
    size_t n = json_len(arr), total = 0, len;
    int any_null = 0;
    unsigned char *present = NULL;
    for (size_t i = 0; i < n; i++) {
        const json_value *v = json_at(arr, i);
        if (json_kind(v) == JSON_NULL) any_null = 1;
        else if (json_str(v, &len)) total += len;
        else return 0;
    }
    out->data = malloc(total + 1);
    if (!out->data || !alloc_offsets(out, n, any_null ? &present : NULL)) {
        parity_lines_free(out);
        return 0;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        const json_value *v = json_at(arr, i);
        const char *s = json_str(v, &len);
        out->offsets[i] = w;
        if (present) present[i] = s != NULL;
        if (s) {
            memcpy(out->data + w, s, len);
            w += len;
        }
    }
    out->offsets[n] = w;
    out->strs.data = out->data;
    return 1;
}
