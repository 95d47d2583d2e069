/* parity_arrays.h - JSON arrays/matrices -> C arrays, and the "value or error" check,
 * for the numeric handlers (agreement, correlation, ranking, semantic). Test code. */
#ifndef PARITY_ARRAYS_H
#define PARITY_ARRAYS_H
#include "parity.h"
#include <stdlib.h>

/* A JSON array of numbers (incl. "NaN"/"Infinity" strings) -> malloc'd doubles.
 * Returns 1, or 0 after recording a failure. *out is NULL or freeable. */
static inline int pa_f64s(parity_case *c, const json_value *arr, const char *name, double **out,
                          size_t *n)
{
    size_t i, len;
    *out = NULL;
    *n = 0;
    if (json_kind(arr) != JSON_ARRAY) {
        parity_fail(c, name, "not an array");
        return 0;
    }
    len = json_len(arr);
    *out = (double *)malloc((len ? len : 1) * sizeof **out);
    if (!*out) {
        parity_fail(c, name, "out of memory");
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!json_is_num(json_at(arr, i))) {
            parity_fail(c, name, "element %zu is not a number", i);
            return 0;
        }
        (*out)[i] = json_num(json_at(arr, i));
    }
    *n = len;
    return 1;
}

/* A JSON array of integers -> malloc'd int64. */
static inline int pa_i64s(parity_case *c, const json_value *arr, const char *name, int64_t **out,
                          size_t *n)
{
    size_t i, len;
    *out = NULL;
    *n = 0;
    if (json_kind(arr) != JSON_ARRAY) {
        parity_fail(c, name, "not an array");
        return 0;
    }
    len = json_len(arr);
    *out = (int64_t *)malloc((len ? len : 1) * sizeof **out);
    if (!*out) {
        parity_fail(c, name, "out of memory");
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!json_is_int(json_at(arr, i))) {
            parity_fail(c, name, "element %zu is not an integer", i);
            return 0;
        }
        (*out)[i] = json_int(json_at(arr, i));
    }
    *n = len;
    return 1;
}

/* A rectangular JSON array of arrays of numbers -> row-major malloc'd doubles. */
static inline int pa_f64_matrix(parity_case *c, const json_value *arr, const char *name,
                                double **out, size_t *rows, size_t *cols)
{
    size_t r, j, nr, nc;
    *out = NULL;
    *rows = *cols = 0;
    if (json_kind(arr) != JSON_ARRAY) {
        parity_fail(c, name, "not an array");
        return 0;
    }
    nr = json_len(arr);
    nc = nr ? json_len(json_at(arr, 0)) : 0;
    *out = (double *)malloc((nr * nc > 0 ? nr * nc : 1) * sizeof **out);
    if (!*out) {
        parity_fail(c, name, "out of memory");
        return 0;
    }
    for (r = 0; r < nr; r++) {
        const json_value *row = json_at(arr, r);
        if (json_kind(row) != JSON_ARRAY || json_len(row) != nc) {
            parity_fail(c, name, "row %zu is not an array of %zu", r, nc);
            return 0;
        }
        for (j = 0; j < nc; j++) {
            if (!json_is_num(json_at(row, j))) {
                parity_fail(c, name, "[%zu][%zu] is not a number", r, j);
                return 0;
            }
            (*out)[r * nc + j] = json_num(json_at(row, j));
        }
    }
    *rows = nr;
    *cols = nc;
    return 1;
}

/* expected is a value: rc must be LLMM_OK and got must match; expected is an
 * {"error": ...} object: rc must be an error status. */
static inline void pa_value_or_error(parity_case *c, const json_value *expected, int rc, double got,
                                     double rel, const char *name)
{
    const char *err = parity_expected_error(expected);
    if (err) {
        parity_check_true(c, rc != LLMM_OK, name, "expected an error (%s), got LLMM_OK = %.17g",
                          err, got);
        return;
    }
    if (rc != LLMM_OK) {
        parity_fail(c, name, "status %s", llmm_status_name(rc));
        return;
    }
    parity_check_json_f64(c, expected, got, rel, "%s", name);
}

#endif
