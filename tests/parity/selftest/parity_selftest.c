/* parity_selftest.c - handlers that exercise the runner itself (no library call), run
 * by tests/parity_selftest.sh over tests/parity/selftest/vectors.
 *
 * "parity_selftest" cases carry an "op":
 *   sum    inputs.x (numbers or "NaN"/"Infinity" strings) -> expected.sum, expected.n
 *   mean   inputs.x -> expected.mean; an empty x is an error (like a library status),
 *          so expected {"error": ...} passes only when x is empty
 *   lines  file (data/...) -> expected.lines (exact strings), via parity_read_lines
 *   strs   items (strings / null) -> expected.present (0/1), expected.lengths
 *   text   s -> expected.hex: the bytes json.c decoded, in lowercase hex
 *   skip   returns PARITY_SKIP, which the runner must count as a failure
 * "parity_selftest_json" cases parse inputs.text with json_parse (or, for "depth",
 * n nested arrays) and compare what json.c reports.
 */
#include "parity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex_of(const char *s, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[(unsigned char)s[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)s[i] & 15];
    }
    out[2 * n] = '\0';
}

static int check_hex(parity_case *c, const json_value *expected, const char *s, size_t n,
                     const char *field)
{
    char *h = malloc(2 * n + 1);
    if (!h) {
        parity_fail(c, field, "out of memory");
        return 0;
    }
    hex_of(s, n, h);
    int ok = parity_check_str(c, expected, h, 2 * n, "%s", field);
    free(h);
    return ok;
}

static void op_sum(parity_case *c, const json_value *x, const json_value *expected)
{
    double sum = 0;
    for (size_t i = 0; i < json_len(x); i++) {
        if (!json_is_num(json_at(x, i))) {
            parity_fail(c, "inputs.x", "element %zu is not a number", i);
            return;
        }
        sum += json_num(json_at(x, i));
    }
    parity_check_json_f64(c, json_get(expected, "sum"), sum, PARITY_REL_F64, "sum");
    if (json_get(expected, "n"))
        parity_check_int(c, json_int(json_get(expected, "n")), (int64_t)json_len(x), "n");
}

/* A stand-in for a library call with a status: empty input is an error. */
static int mean_of(const json_value *x, double *out)
{
    size_t n = json_len(x);
    if (n == 0) return LLMM_EEMPTY;
    double s = 0;
    for (size_t i = 0; i < n; i++) s += json_num(json_at(x, i));
    *out = s / (double)n;
    return LLMM_OK;
}

static void op_mean(parity_case *c, const json_value *x, const json_value *expected)
{
    double m = 0;
    int rc = mean_of(x, &m);
    const char *err = parity_expected_error(expected);
    if (err) {
        parity_check_true(c, rc != LLMM_OK, "error", "expected error \"%s\", got OK (mean %g)",
                          err, m);
        return;
    }
    if (!parity_check_true(c, rc == LLMM_OK, "status", "unexpected %s", llmm_status_name(rc)))
        return;
    parity_check_json_f64(c, json_get(expected, "mean"), m, PARITY_REL_F64, "mean");
}

static void op_lines(parity_case *c, const json_value *expected)
{
    const char *file = json_str(json_get(c->root, "file"), NULL);
    const json_value *want = json_get(expected, "lines");
    parity_lines l;
    if (!file) {
        parity_fail(c, "file", "missing");
        return;
    }
    if (!parity_read_lines(c, file, &l)) return;
    if (parity_check_int(c, (int64_t)json_len(want), (int64_t)l.strs.count, "lines.count"))
        for (size_t i = 0; i < l.strs.count; i++)
            parity_check_str(c, json_at(want, i), l.strs.data + l.strs.offsets[i],
                             l.strs.offsets[i + 1] - l.strs.offsets[i], "lines[%zu]", i);
    parity_check_true(c, l.strs.present == NULL, "lines.present", "should be NULL");
    parity_lines_free(&l);
}

static void op_strs(parity_case *c, const json_value *expected)
{
    parity_lines l;
    const json_value *present = json_get(expected, "present");
    const json_value *lengths = json_get(expected, "lengths");
    if (!parity_strs_from_json(json_get(c->root, "items"), &l)) {
        parity_check_true(c, json_bool(json_get(expected, "type_error")), "items",
                          "parity_strs_from_json reported a type error");
        parity_lines_free(&l);
        return;
    }
    parity_check_true(c, !json_bool(json_get(expected, "type_error")), "items",
                      "type error not detected");
    if (parity_check_int(c, (int64_t)json_len(lengths), (int64_t)l.strs.count, "count")) {
        for (size_t i = 0; i < l.strs.count; i++) {
            parity_check_int(c, json_int(json_at(lengths, i)),
                             (int64_t)(l.strs.offsets[i + 1] - l.strs.offsets[i]), "lengths[%zu]",
                             i);
            int is_present = l.strs.present ? l.strs.present[i] != 0 : 1;
            parity_check_int(c, json_int(json_at(present, i)), is_present, "present[%zu]", i);
        }
    }
    parity_lines_free(&l);
}

PARITY_METRIC(parity_selftest, "parity_selftest")
{
    const char *op = json_str(json_get(c->root, "op"), NULL);
    const json_value *expected = json_get(c->root, "expected");
    const json_value *inputs = json_get(c->root, "inputs");
    if (!op) op = "";
    if (strcmp(op, "sum") == 0) op_sum(c, json_get(inputs, "x"), expected);
    else if (strcmp(op, "mean") == 0) op_mean(c, json_get(inputs, "x"), expected);
    else if (strcmp(op, "lines") == 0) op_lines(c, expected);
    else if (strcmp(op, "strs") == 0) op_strs(c, expected);
    else if (strcmp(op, "text") == 0) {
        size_t n;
        const char *s = json_str(json_get(inputs, "s"), &n);
        if (parity_check_true(c, s != NULL, "inputs.s", "not a string"))
            check_hex(c, json_get(expected, "hex"), s, n, "hex");
    } else if (strcmp(op, "skip") == 0) return PARITY_SKIP;
    else parity_fail(c, "op", "unknown op \"%s\"", op);
    return parity_outcome_of(c);
}

static const char *kind_name(json_type t)
{
    static const char *const names[] = {"null", "bool", "number", "string", "array", "object"};
    return names[t];
}

/* Compares a parsed value with the expected description. */
static void check_value(parity_case *c, const json_value *v, const json_value *e)
{
    const json_value *f;
    size_t n;
    const char *k = kind_name(json_kind(v));
    parity_check_str(c, json_get(e, "kind"), k, strlen(k), "kind");
    if ((f = json_get(e, "num")) != NULL)
        parity_check_json_f64(c, f, json_num(v), 0.0, "num");
    if ((f = json_get(e, "is_num")) != NULL)
        parity_check_int(c, json_bool(f), json_is_num(v), "is_num");
    if ((f = json_get(e, "is_int")) != NULL)
        parity_check_int(c, json_bool(f), json_is_int(v), "is_int");
    if ((f = json_get(e, "int")) != NULL) parity_check_int(c, json_int(f), json_int(v), "int");
    if ((f = json_get(e, "bool")) != NULL)
        parity_check_int(c, json_bool(f), json_bool(v), "bool");
    if ((f = json_get(e, "hex")) != NULL) {
        const char *s = json_str(v, &n);
        if (parity_check_true(c, s != NULL, "hex", "value is not a string"))
            check_hex(c, f, s, n, "hex");
    }
    if ((f = json_get(e, "len")) != NULL)
        parity_check_int(c, json_int(f), (int64_t)json_len(v), "len");
    if ((f = json_get(e, "keys")) != NULL &&
        parity_check_int(c, (int64_t)json_len(f), (int64_t)json_len(v), "keys.count"))
        for (size_t i = 0; i < json_len(f); i++) {
            const char *key = json_key_at(v, i);
            parity_check_str(c, json_at(f, i), key ? key : "", key ? strlen(key) : 0,
                             "keys[%zu]", i);
        }
    /* "get": {"key": description of json_get(v, key)}, recursively */
    if ((f = json_get(e, "get")) != NULL)
        for (size_t i = 0; i < json_len(f); i++)
            check_value(c, json_get(v, json_key_at(f, i)), json_at(f, i));
    if ((f = json_get(e, "at")) != NULL)
        for (size_t i = 0; i < json_len(f); i++)
            if (json_kind(json_at(f, i)) != JSON_NULL) check_value(c, json_at(v, i), json_at(f, i));
}

PARITY_METRIC(parity_selftest_json, "parity_selftest_json")
{
    const json_value *inputs = json_get(c->root, "inputs");
    const json_value *expected = json_get(c->root, "expected");
    char err[200];
    size_t n = 0;
    const char *text = json_str(json_get(inputs, "text"), &n);
    char *built = NULL;
    if (json_get(inputs, "depth")) { /* n nested arrays: "[[[...]]]" */
        size_t d = (size_t)json_int(json_get(inputs, "depth"));
        built = malloc(2 * d + 1);
        if (!built) {
            parity_fail(c, "depth", "out of memory");
            return PARITY_FAIL;
        }
        memset(built, '[', d);
        memset(built + d, ']', d);
        built[2 * d] = '\0';
        text = built;
        n = 2 * d;
    }
    if (!text) {
        parity_fail(c, "inputs.text", "missing");
        return PARITY_FAIL;
    }
    json_value *v = json_parse(text, n, err, sizeof err);
    const char *want_err = parity_expected_error(expected);
    if (want_err) {
        parity_check_true(c, v == NULL, "error", "expected a syntax error (%s), parsed fine",
                          want_err);
        if (!v && json_get(inputs, "verbose")) printf("  (%s: %s)\n", c->id, err);
    } else if (parity_check_true(c, v != NULL, "parse", "%s", err)) {
        check_value(c, v, expected);
    }
    json_free(v);
    free(built);
    return parity_outcome_of(c);
}
