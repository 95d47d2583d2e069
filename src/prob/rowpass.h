/* rowpass.h - one-pass reductions over a row of logits, in blocks of LLMMI_BLK
 * (online max with rescaling of the running sums when a block raises the max:
 * the row is read from memory once). */
#ifndef LLMMI_ROWPASS_H
#define LLMMI_ROWPASS_H
#include "prob_kern.h"
#include <stddef.h>

/* What llmmi_row_reduce computes beyond the max. */
#define LLMMI_ROW_SUM 1 /* s */
#define LLMMI_ROW_T 2   /* t (implies s) */
#define LLMMI_ROW_FAST 4 /* s with the float32 exp (ignored with LLMMI_ROW_T, float64 rows) */
#define LLMMI_ROW_AMAX 8 /* amax (else 0) */

typedef struct llmmi_rowsum {
    double m;    /* max of the row (finite on LLMM_OK) */
    double s;    /* sum exp(x_i - m) (>= 1) */
    double t;    /* sum exp(x_i - m) (x_i - m) (<= 0) */
    size_t amax; /* first index holding m (with LLMMI_ROW_AMAX) */
} llmmi_rowsum;

/* Returns LLMM_OK, LLMM_EEMPTY (n == 0), LLMM_ENONFINITE (a NaN or +Inf) or
 * LLMM_EDOMAIN (every element -Inf). */
int llmmi_row_reduce(const llmmi_probk *k, const void *x, size_t n, int dtype, int what,
                     llmmi_rowsum *out);

typedef struct llmmi_klsum {
    llmmi_rowsum p, q; /* m, s, amax of each row (t unused) */
    double u;          /* sum exp(x_i - m_p) ((x_i - m_p) - (y_i - m_q)) over p_i > 0;
                          +Inf if q_i = 0 there */
} llmmi_klsum;

/* Both rows in one pass. Statuses as llmmi_row_reduce, for either row. */
int llmmi_row_kl(const llmmi_probk *k, const void *x, const void *y, size_t n, int dtype,
                 llmmi_klsum *out);

/* Element i of a row as double. */
double llmmi_row_get(const void *x, int dtype, size_t i);
/* 1 when the row holds a NaN. */
int llmmi_row_has_nan(const void *x, size_t n, int dtype);

#endif
