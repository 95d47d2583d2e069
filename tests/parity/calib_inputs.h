/* calib_inputs.h - JSON input readers shared by the calibration, classification,
 * fairness and SQuAD parity handlers (test code only). */
#ifndef PARITY_CALIB_INPUTS_H
#define PARITY_CALIB_INPUTS_H
#include "parity.h"
#include <stdlib.h>
#include <string.h>

/* A JSON array of numbers -> malloc'd doubles (n may be 0; then *out is a valid
 * 1-element buffer). Returns 0 on a type error. */
static inline int pc_f64_array(const json_value *arr, double **out, size_t *n)
{
    size_t i, len = json_len(arr);
    *out = NULL;
    *n = 0;
    if (json_kind(arr) != JSON_ARRAY) return 0;
    *out = (double *)malloc((len ? len : 1) * sizeof(double));
    if (!*out) return 0;
    for (i = 0; i < len; i++) {
        if (!json_is_num(json_at(arr, i))) return 0;
        (*out)[i] = json_num(json_at(arr, i));
    }
    *n = len;
    return 1;
}

/* A JSON array of rows of numbers -> row-major doubles; *cols from the first row. */
static inline int pc_f64_matrix(const json_value *arr, double **out, size_t *rows, size_t *cols)
{
    size_t i, j, r = json_len(arr), c = r ? json_len(json_at(arr, 0)) : 0;
    *out = NULL;
    *rows = *cols = 0;
    if (json_kind(arr) != JSON_ARRAY) return 0;
    *out = (double *)malloc((r * c + 1) * sizeof(double));
    if (!*out) return 0;
    for (i = 0; i < r; i++) {
        const json_value *row = json_at(arr, i);
        if (json_kind(row) != JSON_ARRAY || json_len(row) != c) return 0;
        for (j = 0; j < c; j++) {
            if (!json_is_num(json_at(row, j))) return 0;
            (*out)[i * c + j] = json_num(json_at(row, j));
        }
    }
    *rows = r;
    *cols = c;
    return 1;
}

/* A JSON array of integers -> malloc'd int64s. */
static inline int pc_i64_array(const json_value *arr, int64_t **out, size_t *n)
{
    size_t i, len = json_len(arr);
    *out = NULL;
    *n = 0;
    if (json_kind(arr) != JSON_ARRAY) return 0;
    *out = (int64_t *)malloc((len ? len : 1) * sizeof(int64_t));
    if (!*out) return 0;
    for (i = 0; i < len; i++) {
        if (!json_is_int(json_at(arr, i))) return 0;
        (*out)[i] = json_int(json_at(arr, i));
    }
    *n = len;
    return 1;
}

static inline int pc_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* np.unique over the union of a and b; idx_a / idx_b receive each value's index in
 * the sorted unique list (int32). Returns the number of unique values. */
static inline size_t pc_unique_index(const int64_t *a, size_t na, const int64_t *b, size_t nb,
                                     int64_t **uniq, int32_t *idx_a, int32_t *idx_b)
{
    size_t i, k = 0, n = na + nb;
    int64_t *u = (int64_t *)malloc((n ? n : 1) * sizeof(int64_t));
    if (!u) return 0;
    memcpy(u, a, na * sizeof(int64_t));
    if (nb) memcpy(u + na, b, nb * sizeof(int64_t));
    qsort(u, n, sizeof(int64_t), pc_cmp_i64);
    for (i = 0; i < n; i++)
        if (i == 0 || u[i] != u[k - 1]) u[k++] = u[i];
    for (i = 0; i < na; i++)
        idx_a[i] = (int32_t)((int64_t *)bsearch(&a[i], u, k, sizeof(int64_t), pc_cmp_i64) - u);
    for (i = 0; i < nb; i++)
        idx_b[i] = (int32_t)((int64_t *)bsearch(&b[i], u, k, sizeof(int64_t), pc_cmp_i64) - u);
    *uniq = u;
    return k;
}

/* Checks a numeric expected field (or an expected error against a failing status). */
static inline void pc_check(parity_case *c, const json_value *expected, int rc, double got,
                            double rel, const char *field)
{
    if (!expected) {
        parity_fail(c, field, "missing expected field");
        return;
    }
    if (parity_expected_error(expected)) {
        parity_check_true(c, rc != LLMM_OK, field, "expected an error (%s), got status %d",
                          parity_expected_error(expected), rc);
        return;
    }
    if (rc != LLMM_OK) {
        parity_fail(c, field, "status %s", llmm_status_name(rc));
        return;
    }
    parity_check_json_f64(c, expected, got, rel, "%s", field);
}

#endif
