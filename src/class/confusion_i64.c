/* confusion_i64.c - llmm_class_update / llmm_class_update_weighted for int64 labels
 * (numpy's and torch's default integer type), read in place: staged block by block as
 * int32 into a scratch matrix, which is merged into the caller's only when every block
 * was valid (so a failed update adds nothing). A label outside the int32 range is
 * staged as -1, which fails with LLMM_ERANGE at its own index. */
#include "class_internal.h"
#include "core/alloc.h"
#include "core/narrow.h"

/* Pairs per staged block: large enough for the one-read paths, small enough to stay
 * in cache. */
#define STAGE 16384

/* One staged block into cm. */
static int add_block(llmm_class *cm, const int32_t *t, const int32_t *p, const double *w,
                     size_t m, size_t *bad)
{
    return w ? llmm_class_update_weighted(cm, t, p, w, m, bad)
             : llmm_class_update(cm, t, p, m, bad);
}

int llmm_class_update_i64(llmm_class *cm, const int64_t *y_true, const int64_t *y_pred,
                          const double *weight, size_t n, size_t *bad_index)
{
    const size_t bytes = 2 * (size_t)STAGE * sizeof(int32_t);
    llmm_class *scratch = NULL;
    int32_t *buf;
    size_t done, m, bad = 0;
    int rc;
    if (!cm) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!y_true || !y_pred) return LLMM_ENULL;
    buf = (int32_t *)llmmi_malloc(&cm->alloc, bytes);
    if (!buf) return LLMM_ENOMEM;
    /* one block: straight into cm (the int32 updates are all-or-nothing themselves) */
    rc = n <= STAGE ? LLMM_OK : llmm_class_create(&scratch, cm->k, &cm->alloc);
    for (done = 0; rc == LLMM_OK && done < n; done += m) {
        m = n - done < STAGE ? n - done : STAGE;
        llmmi_narrow_i64(y_true + done, buf, m);
        llmmi_narrow_i64(y_pred + done, buf + STAGE, m);
        rc = add_block(scratch ? scratch : cm, buf, buf + STAGE, weight ? weight + done : NULL,
                       m, &bad);
        if (rc != LLMM_OK && bad_index) *bad_index = done + bad;
    }
    if (rc == LLMM_OK && scratch) rc = llmm_class_merge(cm, scratch);
    llmm_class_free(scratch);
    llmmi_free(&cm->alloc, buf, bytes);
    return rc;
}
