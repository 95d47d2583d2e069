/* topk.c - llmm_logits_topk: the k largest logits by a bounded min-heap kept in
 * the caller's `ids` buffer (O(n log k), no allocation). */
#include "llmm_prob.h"
#include "rowpass.h"
#include <math.h>

/* 1 when element a ranks below element b: smaller logit, or equal logit and a
 * larger id (lower ids win ties). */
static int worse(const void *x, int dtype, size_t a, size_t b)
{
    double va = llmmi_row_get(x, dtype, a), vb = llmmi_row_get(x, dtype, b);
    return va < vb || (va == vb && a > b);
}

/* Restores the heap property (worst element at the root) below position i. */
static void sift_down(const void *x, int dtype, size_t *h, size_t len, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i, tmp;
        if (l < len && worse(x, dtype, h[l], h[w])) w = l;
        if (r < len && worse(x, dtype, h[r], h[w])) w = r;
        if (w == i) return;
        tmp = h[i];
        h[i] = h[w];
        h[w] = tmp;
        i = w;
    }
}

int llmm_logits_topk(const void *x, size_t n, int dtype, size_t k,
                     const llmm_logits_options *opts, size_t *ids, double *logprobs,
                     size_t *n_out)
{
    double lse;
    size_t len, i, m;
    int rc;
    if (!n_out) return LLMM_ENULL;
    *n_out = 0;
    if (!ids && k) return LLMM_ENULL;
    rc = llmm_logits_logsumexp(x, n, dtype, opts, &lse);
    if (rc) return rc;
    m = k < n ? k : n;
    if (m == 0) return LLMM_OK;
    /* build a heap of the first m, then replace the root with anything better */
    for (i = 0; i < m; i++) ids[i] = i;
    for (i = m / 2; i-- > 0;) sift_down(x, dtype, ids, m, i);
    for (i = m; i < n; i++) {
        if (worse(x, dtype, ids[0], i)) {
            ids[0] = i;
            sift_down(x, dtype, ids, m, 0);
        }
    }
    /* heap sort: repeatedly move the worst to the end -> best first */
    for (len = m; len > 1; len--) {
        size_t tmp = ids[0];
        ids[0] = ids[len - 1];
        ids[len - 1] = tmp;
        sift_down(x, dtype, ids, len - 1, 0);
    }
    if (logprobs)
        for (i = 0; i < m; i++) logprobs[i] = llmmi_row_get(x, dtype, ids[i]) - lse;
    *n_out = m;
    return LLMM_OK;
}
