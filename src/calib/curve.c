/* curve.c - reliability-curve bins as sklearn 1.2.1 `calibration_curve` builds them
 * (sklearn/calibration.py; REFERENCE-QUIRKS.md 10.3): bin id =
 * np.searchsorted(edges[1:-1], p, side="left"), so bins are (lo, hi] - right-closed,
 * the opposite of torchmetrics - and only non-empty bins are returned. */
#include "calib_internal.h"
#include "llmm_sketch.h"
#include "core/alloc.h"
#include "core/serial.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAG_CURVE 3

struct llmm_calib_curve {
    llmm_allocator alloc;
    uint32_t n_bins;
    double *edges;          /* np.linspace(0, 1, n_bins + 1) */
    uint64_t *count, *pos;  /* per bin: samples, positives */
    llmmi_exactsum *sum;    /* per bin: exact sum of probabilities */
};

/* np.linspace(0, 1, n + 1): k * (1 / n), the last one set to 1 exactly. */
static void np_linspace(uint32_t n, double *edges)
{
    double step = 1.0 / (double)n;
    uint32_t k;
    for (k = 0; k < n; k++) edges[k] = (double)k * step;
    edges[n] = 1.0;
}

/* searchsorted(edges[1:-1], x, side="left"): interior edges strictly below x. The
 * edges are non-decreasing, so a binary search gives numpy's answer; this one halves
 * the range with a conditional move instead of a branch, which random data would
 * mispredict at every step. */
static uint32_t bin_of(const double *edges, uint32_t n_bins, double x)
{
    const double *first = edges + 1, *base = first; /* interior edges 1 .. n_bins - 1 */
    uint32_t len = n_bins - 1;
    if (len == 0) return 0;
    while (len > 1) {
        uint32_t half = len / 2;
        base = base[half] < x ? base + half : base;
        len -= half;
    }
    return (uint32_t)(base - first) + (*base < x);
}

static int check_binary(const double *probs, const int32_t *target, size_t n)
{
    int unit, rc;
    if ((rc = llmmi_calib_scan(probs, n, &unit)) != LLMM_OK) return rc;
    if (!unit) return LLMM_EDOMAIN; /* "y_prob has values outside [0, 1]" */
    return llmmi_calib_check_labels(target, n, 2);
}

void llmm_calib_curve_free(llmm_calib_curve *cc)
{
    llmm_allocator a;
    size_t n;
    if (!cc) return;
    a = cc->alloc;
    n = cc->n_bins;
    llmmi_free(&a, cc->edges, (n + 1) * sizeof(double));
    llmmi_free(&a, cc->count, n * sizeof(uint64_t));
    llmmi_free(&a, cc->pos, n * sizeof(uint64_t));
    llmmi_free(&a, cc->sum, n * sizeof(llmmi_exactsum));
    llmmi_free(&a, cc, sizeof *cc);
}

int llmm_calib_curve_create(llmm_calib_curve **out, uint32_t n_bins, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_calib_curve *cc;
    uint32_t i;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_bins < 1 || n_bins > LLMM_CALIB_MAX_BINS) return LLMM_EINVAL;
    llmmi_alloc_init(&a, alloc);
    cc = (llmm_calib_curve *)llmmi_calloc(&a, 1, sizeof *cc);
    if (!cc) return LLMM_ENOMEM;
    cc->alloc = a;
    cc->n_bins = n_bins;
    cc->edges = (double *)llmmi_calloc(&a, (size_t)n_bins + 1, sizeof(double));
    cc->count = (uint64_t *)llmmi_calloc(&a, n_bins, sizeof(uint64_t));
    cc->pos = (uint64_t *)llmmi_calloc(&a, n_bins, sizeof(uint64_t));
    cc->sum = (llmmi_exactsum *)llmmi_calloc(&a, n_bins, sizeof(llmmi_exactsum));
    if (!cc->edges || !cc->count || !cc->pos || !cc->sum) {
        llmm_calib_curve_free(cc);
        return LLMM_ENOMEM;
    }
    np_linspace(n_bins, cc->edges);
    for (i = 0; i < n_bins; i++) llmmi_exactsum_init(&cc->sum[i]);
    *out = cc;
    return LLMM_OK;
}

int llmm_calib_curve_update(llmm_calib_curve *cc, const double *probs, const int32_t *target,
                            size_t n)
{
    size_t i;
    int rc;
    if (!cc) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!probs || !target) return LLMM_ENULL;
    if ((rc = check_binary(probs, target, n)) != LLMM_OK) return rc;
    for (i = 0; i < n; i++) {
        uint32_t b = bin_of(cc->edges, cc->n_bins, probs[i]);
        cc->count[b]++;
        cc->pos[b] += (uint64_t)(target[i] == 1);
        llmmi_exactsum_add_finite(&cc->sum[b], probs[i]); /* validated: in [0, 1] */
    }
    return LLMM_OK;
}

int llmm_calib_curve_merge(llmm_calib_curve *dst, const llmm_calib_curve *src)
{
    uint32_t i;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->n_bins != src->n_bins) return LLMM_EINVAL;
    for (i = 0; i < dst->n_bins; i++) {
        dst->count[i] += src->count[i];
        dst->pos[i] += src->pos[i];
        llmmi_exactsum_merge(&dst->sum[i], &src->sum[i]);
    }
    return LLMM_OK;
}

/* The non-empty bins: prob_true = positives / total, prob_pred = sum / total. */
static void emit(uint32_t n_bins, const uint64_t *count, const uint64_t *pos,
                 const llmmi_exactsum *sum, double *prob_true, double *prob_pred,
                 uint64_t *counts, size_t *n_out)
{
    uint32_t b;
    size_t j = 0;
    for (b = 0; b < n_bins; b++) {
        if (!count[b]) continue;
        prob_true[j] = (double)pos[b] / (double)count[b];
        prob_pred[j] = llmmi_exactsum_value(&sum[b]) / (double)count[b];
        if (counts) counts[j] = count[b];
        j++;
    }
    *n_out = j;
}

int llmm_calib_curve_result(const llmm_calib_curve *cc, double *prob_true, double *prob_pred,
                            uint64_t *counts, size_t *n_out)
{
    if (!cc || !prob_true || !prob_pred || !n_out) return LLMM_ENULL;
    emit(cc->n_bins, cc->count, cc->pos, cc->sum, prob_true, prob_pred, counts, n_out);
    return LLMM_OK;
}

/* ---- quantile strategy ---- */

int llmm_calib_curve_quantile(const double *probs, const int32_t *target, size_t n,
                              uint32_t n_bins, double *prob_true, double *prob_pred,
                              uint64_t *counts, size_t *n_out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    double *edges = NULL, step;
    uint64_t *cnt = NULL, *pos = NULL;
    llmmi_exactsum *sum = NULL;
    size_t i;
    uint32_t k;
    int rc;
    if (!prob_true || !prob_pred || !n_out) return LLMM_ENULL;
    if (n_bins < 1 || n_bins > LLMM_CALIB_MAX_BINS) return LLMM_EINVAL;
    if (n == 0) return LLMM_EEMPTY; /* np.percentile of an empty array raises */
    if (!probs || !target) return LLMM_ENULL;
    if ((rc = check_binary(probs, target, n)) != LLMM_OK) return rc;
    llmmi_alloc_init(&a, alloc);
    edges = (double *)llmmi_calloc(&a, (size_t)n_bins + 1, sizeof(double));
    cnt = (uint64_t *)llmmi_calloc(&a, n_bins, sizeof(uint64_t));
    pos = (uint64_t *)llmmi_calloc(&a, n_bins, sizeof(uint64_t));
    sum = (llmmi_exactsum *)llmmi_calloc(&a, n_bins, sizeof(llmmi_exactsum));
    if (!edges || !cnt || !pos || !sum) {
        rc = LLMM_ENOMEM;
        goto out;
    }
    /* quantiles = np.linspace(0, 1, n_bins + 1); edges = np.percentile(p, quantiles * 100),
     * and np.percentile divides by 100 again before numpy's "linear" quantile, which
     * reads order statistics: selected in a copy (llmm_quantiles), not a full sort. */
    step = 1.0 / (double)n_bins;
    for (k = 0; k <= n_bins; k++) {
        double qk = k == n_bins ? 1.0 : (double)k * step;
        edges[k] = qk * 100.0 / 100.0;
    }
    rc = llmm_quantiles(probs, n, edges, (size_t)n_bins + 1, LLMM_QUANTILE_LINEAR, edges, &a);
    if (rc != LLMM_OK) goto out;
    for (k = 0; k < n_bins; k++) llmmi_exactsum_init(&sum[k]);
    for (i = 0; i < n; i++) {
        uint32_t b = bin_of(edges, n_bins, probs[i]);
        cnt[b]++;
        pos[b] += (uint64_t)(target[i] == 1);
        llmmi_exactsum_add_finite(&sum[b], probs[i]); /* validated: in [0, 1] */
    }
    emit(n_bins, cnt, pos, sum, prob_true, prob_pred, counts, n_out);
    rc = LLMM_OK;
out:
    llmmi_free(&a, edges, ((size_t)n_bins + 1) * sizeof(double));
    llmmi_free(&a, cnt, n_bins * sizeof(uint64_t));
    llmmi_free(&a, pos, n_bins * sizeof(uint64_t));
    llmmi_free(&a, sum, n_bins * sizeof(llmmi_exactsum));
    return rc;
}

/* Payload: u8 tag 3, u32 n_bins, then per bin u64 count, u64 positives, exact sum. */
size_t llmm_calib_curve_serialized_size(const llmm_calib_curve *cc)
{
    size_t s = LLMMI_SER_HEADER + 5;
    uint32_t b;
    if (!cc) return 0;
    for (b = 0; b < cc->n_bins; b++) s += 16 + llmmi_exactsum_ser_size(&cc->sum[b]);
    return s;
}

int llmm_calib_curve_serialize(const llmm_calib_curve *cc, void *buf, size_t cap,
                               size_t *written)
{
    unsigned char *p = (unsigned char *)buf, *q;
    size_t need;
    uint32_t b;
    if (!cc || !buf) return LLMM_ENULL;
    need = llmm_calib_curve_serialized_size(cc);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    q = p + LLMMI_SER_HEADER;
    q[0] = TAG_CURVE;
    llmmi_put_u32(q + 1, cc->n_bins);
    q += 5;
    for (b = 0; b < cc->n_bins; b++) {
        llmmi_put_u64(q, cc->count[b]);
        llmmi_put_u64(q + 8, cc->pos[b]);
        q += 16;
        q += llmmi_exactsum_write(&cc->sum[b], q);
    }
    llmmi_ser_seal(p, LLMMI_KIND_CALIB, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_calib_curve_deserialize(llmm_calib_curve **out, const void *buf, size_t len,
                                 const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen, off = 5, used;
    llmm_calib_curve *cc;
    uint32_t n_bins, b;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_CALIB, &q, &plen);
    if (rc != LLMM_OK) return rc;
    if (plen < 5 || q[0] != TAG_CURVE) return LLMM_EFORMAT;
    n_bins = llmmi_get_u32(q + 1);
    if (n_bins < 1 || n_bins > LLMM_CALIB_MAX_BINS || (plen - 5) / (16 + llmmi_calib_min_sum_size()) < n_bins)
        return LLMM_EFORMAT;
    rc = llmm_calib_curve_create(&cc, n_bins, alloc);
    if (rc != LLMM_OK) return rc;
    for (b = 0; b < n_bins; b++) {
        if (plen - off < 16) goto bad;
        cc->count[b] = llmmi_get_u64(q + off);
        cc->pos[b] = llmmi_get_u64(q + off + 8);
        off += 16;
        used = llmmi_calib_read_sum(&cc->sum[b], q + off, plen - off);
        if (!used || cc->pos[b] > cc->count[b]) goto bad;
        off += used;
    }
    if (off != plen) goto bad;
    *out = cc;
    return LLMM_OK;
bad:
    llmm_calib_curve_free(cc);
    return LLMM_EFORMAT;
}
