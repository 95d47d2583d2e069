/* weighted.c - sample weights in the confusion matrix, as sklearn 1.2.1
 * `confusion_matrix(..., sample_weight=)` / `precision_recall_fscore_support` /
 * `accuracy_score` use them (sklearn/metrics/_classification.py): every cell holds the
 * exact sum of its pairs' weights (wcells.h), so merging in any order gives the same
 * statistics; sklearn adds the weights one after the other in float64 instead, which
 * can differ in the last bits for weights that are not exactly representable sums. */
#include "class_internal.h"
#include "core/alloc.h"
#include "core/serial.h"
#include <math.h>
#include <string.h>

int llmmi_class_make_weighted(llmm_class *cm)
{
    size_t c, kk = (size_t)cm->k * cm->k;
    if (cm->weighted) return LLMM_OK;
    for (c = 0; c < kk; c++) {
        llmmi_exactsum *s;
        if (!cm->counts[c]) continue;
        s = llmmi_wcells_at(&cm->alloc, &cm->w, (uint32_t)c);
        if (!s) {
            llmmi_wcells_free(&cm->alloc, &cm->w);
            return LLMM_ENOMEM;
        }
        llmmi_exactsum_add_mul(s, 1.0, cm->counts[c]);
    }
    cm->weighted = 1;
    return LLMM_OK;
}

int llmmi_class_reserve_cells(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                              size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t c = (uint32_t)y_true[i] * cm->k + (uint32_t)y_pred[i];
        if (!llmmi_wcells_at(&cm->alloc, &cm->w, c)) return LLMM_ENOMEM;
    }
    return LLMM_OK;
}

int llmm_class_update_weighted(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                               const double *weight, size_t n, size_t *bad_index)
{
    size_t i;
    uint32_t k;
    int rc;
    if (!cm) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!y_true || !y_pred || !weight) return LLMM_ENULL;
    k = cm->k;
    for (i = 0; i < n; i++) {
        if (y_true[i] < 0 || (uint32_t)y_true[i] >= k || y_pred[i] < 0 ||
            (uint32_t)y_pred[i] >= k) {
            if (bad_index) *bad_index = i;
            return LLMM_ERANGE;
        }
        if (!(weight[i] - weight[i] == 0.0)) { /* NaN or +-inf */
            if (bad_index) *bad_index = i;
            return LLMM_ENONFINITE;
        }
    }
    if (cm->total > UINT64_MAX - n) return LLMM_EOVERFLOW;
    if ((rc = llmmi_class_make_weighted(cm)) != LLMM_OK) return rc;
    if ((rc = llmmi_class_reserve_cells(cm, y_true, y_pred, n)) != LLMM_OK) return rc;
    for (i = 0; i < n; i++) {
        size_t c = (size_t)y_true[i] * k + (uint32_t)y_pred[i];
        cm->counts[c]++;
        llmmi_exactsum_add_finite(llmmi_wcells_at(&cm->alloc, &cm->w, (uint32_t)c), weight[i]);
    }
    cm->total += n;
    return LLMM_OK;
}

int llmmi_class_merge_weights(llmm_class *dst, const llmm_class *src)
{
    size_t c, kk = (size_t)src->k * src->k;
    uint32_t i;
    /* reserve first: the merge then cannot fail half-way */
    for (c = 0; c < kk; c++)
        if (src->counts[c] && !llmmi_wcells_at(&dst->alloc, &dst->w, (uint32_t)c))
            return LLMM_ENOMEM;
    if (src->weighted) {
        for (i = 0; i < src->w.n; i++)
            llmmi_exactsum_merge(llmmi_wcells_at(&dst->alloc, &dst->w, src->w.cell[i]),
                                 &src->w.sum[i]);
    } else {
        for (c = 0; c < kk; c++)
            if (src->counts[c])
                llmmi_exactsum_add_mul(llmmi_wcells_at(&dst->alloc, &dst->w, (uint32_t)c),
                                       1.0, src->counts[c]);
    }
    return LLMM_OK;
}

int llmm_class_is_weighted(const llmm_class *cm) { return cm ? cm->weighted : 0; }

int llmm_class_confusion_weighted(const llmm_class *cm, double *out, size_t cap)
{
    size_t c, kk;
    if (!cm || !out) return LLMM_ENULL;
    kk = (size_t)cm->k * cm->k;
    if (cap < kk) return LLMM_EBUFFER;
    for (c = 0; c < kk; c++) {
        const llmmi_exactsum *s = cm->weighted ? llmmi_wcells_find(&cm->w, (uint32_t)c) : NULL;
        out[c] = s ? llmmi_exactsum_value(s) : (double)cm->counts[c];
    }
    return LLMM_OK;
}

size_t llmmi_class_wser_size(const llmm_class *cm)
{
    size_t n = 4;
    uint32_t i;
    for (i = 0; i < cm->w.n; i++) n += 4 + llmmi_exactsum_ser_size(&cm->w.sum[i]);
    return n;
}

/* Cells in increasing index order (the cells are exactly those with a count), so
 * equal statistics serialize to equal bytes whatever the order of updates. */
unsigned char *llmmi_class_wwrite(const llmm_class *cm, unsigned char *p)
{
    size_t c, kk = (size_t)cm->k * cm->k;
    llmmi_put_u32(p, cm->w.n);
    p += 4;
    for (c = 0; c < kk; c++) {
        if (!cm->counts[c]) continue;
        llmmi_put_u32(p, (uint32_t)c);
        p += 4;
        p += llmmi_exactsum_write(llmmi_wcells_find(&cm->w, (uint32_t)c), p);
    }
    return p;
}

int llmmi_class_wread(llmm_class *cm, const unsigned char *p, size_t len)
{
    size_t off = 4, kk = (size_t)cm->k * cm->k, c, n_counted = 0;
    uint32_t n, i, prev = 0;
    if (len < 4) return LLMM_EFORMAT;
    for (c = 0; c < kk; c++) n_counted += cm->counts[c] != 0;
    n = llmmi_get_u32(p);
    if (n != n_counted || n > (len - 4) / 4) return LLMM_EFORMAT;
    cm->weighted = 1;
    for (i = 0; i < n; i++) {
        size_t used = 0;
        llmmi_exactsum *s;
        if (len - off < 4) return LLMM_EFORMAT;
        c = llmmi_get_u32(p + off);
        off += 4;
        /* every counted cell once, in increasing order */
        if (c >= kk || !cm->counts[c] || (i && c <= prev)) return LLMM_EFORMAT;
        prev = (uint32_t)c;
        if (!(s = llmmi_wcells_at(&cm->alloc, &cm->w, (uint32_t)c))) return LLMM_ENOMEM;
        if (llmmi_exactsum_read(s, p + off, len - off, &used) != LLMM_OK) return LLMM_EFORMAT;
        off += used;
    }
    return off == len ? LLMM_OK : LLMM_EFORMAT;
}

/* ---- per-label sums ---- */

void llmmi_class_table_free(const llmm_class *cm, llmmi_class_table *t)
{
    llmm_allocator a = cm->alloc;
    size_t k = cm->k;
    llmmi_free(&a, t->tp, k * sizeof(double));
    llmmi_free(&a, t->pred, k * sizeof(double));
    llmmi_free(&a, t->truth, k * sizeof(double));
    llmmi_free(&a, t->n_truth, k * sizeof(uint64_t));
    llmmi_free(&a, t->present, k);
}

/* Exact per-label weight sums: which = 0 true label, 1 predicted label, 2 diagonal. */
static void weight_sums(const llmm_class *cm, llmmi_exactsum *acc, int which, double *out)
{
    uint32_t i, j;
    for (j = 0; j < cm->k; j++) llmmi_exactsum_init(&acc[j]);
    for (i = 0; i < cm->w.n; i++) {
        uint32_t t = cm->w.cell[i] / cm->k, p = cm->w.cell[i] % cm->k;
        if (which == 2 && t != p) continue;
        llmmi_exactsum_merge(&acc[which == 1 ? p : t], &cm->w.sum[i]);
    }
    for (j = 0; j < cm->k; j++) out[j] = llmmi_exactsum_value(&acc[j]);
}

int llmmi_class_table_make(const llmm_class *cm, llmmi_class_table *t)
{
    llmm_allocator a = cm->alloc;
    size_t k = cm->k, i, j;
    memset(t, 0, sizeof *t);
    t->tp = (double *)llmmi_calloc(&a, k, sizeof(double));
    t->pred = (double *)llmmi_calloc(&a, k, sizeof(double));
    t->truth = (double *)llmmi_calloc(&a, k, sizeof(double));
    t->n_truth = (uint64_t *)llmmi_calloc(&a, k, sizeof(uint64_t));
    t->present = (unsigned char *)llmmi_calloc(&a, k, 1);
    if (!t->tp || !t->pred || !t->truth || !t->n_truth || !t->present) goto nomem;
    for (i = 0; i < k; i++) {
        uint64_t n_pred = 0;
        for (j = 0; j < k; j++) {
            n_pred += cm->counts[j * k + i];
            t->n_truth[i] += cm->counts[i * k + j];
        }
        t->present[i] = n_pred + t->n_truth[i] > 0;
        t->tp[i] = (double)cm->counts[i * k + i];
        t->pred[i] = (double)n_pred;
        t->truth[i] = (double)t->n_truth[i];
        t->tp_total += t->tp[i]; /* integers below 2^53: exact */
    }
    t->total = (double)cm->total;
    if (cm->weighted) {
        llmmi_exactsum *acc = (llmmi_exactsum *)llmmi_calloc(&a, k, sizeof(llmmi_exactsum));
        llmmi_exactsum tp, all;
        uint32_t c;
        if (!acc) goto nomem;
        weight_sums(cm, acc, 0, t->truth);
        weight_sums(cm, acc, 1, t->pred);
        weight_sums(cm, acc, 2, t->tp);
        llmmi_free(&a, acc, k * sizeof(llmmi_exactsum));
        llmmi_exactsum_init(&tp);
        llmmi_exactsum_init(&all);
        for (c = 0; c < cm->w.n; c++) {
            if (cm->w.cell[c] / cm->k == cm->w.cell[c] % cm->k)
                llmmi_exactsum_merge(&tp, &cm->w.sum[c]);
            llmmi_exactsum_merge(&all, &cm->w.sum[c]);
        }
        t->tp_total = llmmi_exactsum_value(&tp);
        t->total = llmmi_exactsum_value(&all);
    }
    return LLMM_OK;
nomem:
    llmmi_class_table_free(cm, t);
    return LLMM_ENOMEM;
}
