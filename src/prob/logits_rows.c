/* logits_rows.c - batched row kernels: one call for a [rows][n] block (what the
 * bindings use, so a batch crosses the language boundary once). */
#include "llmm_prob.h"
#include "prob_kern.h"

/* Row r of a block. */
static const void *row_at(const void *x, size_t r, size_t n, size_t esize)
{
    return n ? (const void *)((const char *)x + r * n * esize) : x;
}

/* Overflow and NULL checks shared by the batched forms. */
static int block_checks(const void *x, size_t rows, size_t n, int dtype, size_t *esize)
{
    *esize = llmmi_logits_esize(dtype);
    if (!*esize) return LLMM_EINVAL;
    if (n && rows > (size_t)-1 / n / 8) return LLMM_EOVERFLOW;
    if (!x && rows && n) return LLMM_ENULL;
    return LLMM_OK;
}

/* Argument errors end the batch; value statuses are per row. */
static int is_value_status(int rc)
{
    return rc == LLMM_EEMPTY || rc == LLMM_EDOMAIN || rc == LLMM_ENONFINITE;
}

int llmm_logits_logsumexp_rows(const void *x, size_t rows, size_t n, int dtype,
                               const llmm_logits_options *opts, double *lse)
{
    size_t esize, r;
    int rc = block_checks(x, rows, n, dtype, &esize), first = LLMM_OK;
    if (rc) return rc;
    if (!lse && rows) return LLMM_ENULL;
    for (r = 0; r < rows; r++) {
        rc = llmm_logits_logsumexp(row_at(x, r, n, esize), n, dtype, opts, &lse[r]);
        if (rc && !is_value_status(rc)) return rc;
        if (rc && !first) first = rc;
    }
    return first;
}

int llmm_logits_log_softmax_rows(const void *x, size_t rows, size_t n, int dtype,
                                 const llmm_logits_options *opts, void *out, int out_dtype,
                                 double *lse)
{
    size_t esize, osize = llmmi_logits_esize(out_dtype), r;
    int rc = block_checks(x, rows, n, dtype, &esize), first = LLMM_OK;
    if (rc) return rc;
    if (!osize) return LLMM_EINVAL;
    if (!out && rows && n) return LLMM_ENULL;
    for (r = 0; r < rows; r++) {
        void *o = n ? (void *)((char *)out + r * n * osize) : out;
        rc = llmm_logits_log_softmax(row_at(x, r, n, esize), n, dtype, opts, o, out_dtype,
                                     lse ? &lse[r] : NULL);
        if (rc && !is_value_status(rc)) return rc;
        if (rc && !first) first = rc;
    }
    return first;
}
