/* group_i64.c - llmm_fair_update for int64 columns (numpy's and torch's default integer
 * type), read in place: staged block by block as int32 into a scratch object, which is
 * merged into the caller's only when every block was valid (so a failed update adds
 * nothing, as llmm_fair_update). A value outside the int32 range is staged as -1, which
 * fails validation with the status that value deserves (LLMM_ERANGE) at its index. */
#include "fair_internal.h"
#include "core/alloc.h"
#include "core/narrow.h"

/* Samples per staged block: large enough that each block takes llmm_fair_update's
 * one-read path, small enough to stay in cache. */
#define STAGE 16384

int llmm_fair_update_i64(llmm_fair *f, const int64_t *y_true, const int64_t *y_pred,
                         const int64_t *group, const double *weight, size_t n,
                         size_t *bad_index)
{
    const size_t bytes = 3 * (size_t)STAGE * sizeof(int32_t);
    llmm_fair *scratch = NULL;
    int32_t *buf;
    size_t done, m, bad = 0;
    int rc;
    if (!f) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!y_true || !y_pred || !group) return LLMM_ENULL;
    buf = (int32_t *)llmmi_malloc(&f->alloc, bytes);
    if (!buf) return LLMM_ENOMEM;
    /* one block: straight into f (llmm_fair_update is all-or-nothing itself) */
    rc = n <= STAGE ? LLMM_OK : llmm_fair_create(&scratch, &f->alloc);
    for (done = 0; rc == LLMM_OK && done < n; done += m) {
        m = n - done < STAGE ? n - done : STAGE;
        llmmi_narrow_i64(y_true + done, buf, m);
        llmmi_narrow_i64(y_pred + done, buf + STAGE, m);
        llmmi_narrow_i64(group + done, buf + 2 * STAGE, m);
        rc = llmm_fair_update(scratch ? scratch : f, buf, buf + STAGE, buf + 2 * STAGE,
                              weight ? weight + done : NULL, m, &bad);
        if (rc != LLMM_OK && bad_index) *bad_index = done + bad;
    }
    if (rc == LLMM_OK && scratch) rc = llmm_fair_merge(f, scratch);
    llmm_fair_free(scratch);
    llmmi_free(&f->alloc, buf, bytes);
    return rc;
}
