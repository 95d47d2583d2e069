/* prob.c - Brier score and log loss as mergeable statistics: a count, exact sums of
 * the per-sample terms and the set of labels seen (sklearn 1.2.1
 * `brier_score_loss`, `log_loss`; REFERENCE-QUIRKS.md 10.3). */
#include "calib_internal.h"
#include "core/alloc.h"
#include "core/serial.h"
#include <float.h>
#include <math.h>
#include <string.h>

#define TAG_PROB 2
#define MAX_CLASSES ((size_t)1 << 24)

struct llmm_calib_prob {
    llmm_allocator alloc;
    size_t n_classes;        /* 1 = binary (positive-class probabilities) */
    size_t n_labels;         /* labels tracked: 2 for binary, else n_classes */
    uint64_t count;
    llmmi_exactsum brier, log_loss;
    unsigned char *seen;     /* bitset of the labels seen in y_true */
};

size_t llmm_calib_prob_result_size(void) { return sizeof(llmm_calib_prob_result); }

static size_t seen_bytes(const llmm_calib_prob *p) { return (p->n_labels + 7) / 8; }

void llmm_calib_prob_free(llmm_calib_prob *p)
{
    llmm_allocator a;
    if (!p) return;
    a = p->alloc;
    llmmi_free(&a, p->seen, seen_bytes(p));
    llmmi_free(&a, p, sizeof *p);
}

int llmm_calib_prob_create(llmm_calib_prob **out, size_t n_classes, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_calib_prob *p;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_classes < 1 || n_classes > MAX_CLASSES) return LLMM_EINVAL;
    llmmi_alloc_init(&a, alloc);
    p = (llmm_calib_prob *)llmmi_calloc(&a, 1, sizeof *p);
    if (!p) return LLMM_ENOMEM;
    p->alloc = a;
    p->n_classes = n_classes;
    p->n_labels = n_classes == 1 ? 2 : n_classes;
    p->seen = (unsigned char *)llmmi_calloc(&a, seen_bytes(p), 1);
    if (!p->seen) {
        llmmi_free(&a, p, sizeof *p);
        return LLMM_ENOMEM;
    }
    llmmi_exactsum_init(&p->brier);
    llmmi_exactsum_init(&p->log_loss);
    *out = p;
    return LLMM_OK;
}

int llmm_calib_prob_reset(llmm_calib_prob *p)
{
    if (!p) return LLMM_ENULL;
    p->count = 0;
    llmmi_exactsum_init(&p->brier);
    llmmi_exactsum_init(&p->log_loss);
    memset(p->seen, 0, seen_bytes(p));
    return LLMM_OK;
}

/* np.clip(p, eps, 1 - eps) with eps = np.finfo(float64).eps (log_loss eps="auto"). */
static double clip(double x)
{
    const double lo = DBL_EPSILON, hi = 1.0 - DBL_EPSILON;
    return x < lo ? lo : x > hi ? hi : x;
}

int llmm_calib_prob_update(llmm_calib_prob *p, const double *probs, const int32_t *target,
                           size_t n)
{
    size_t i, k, c, width;
    int unit, rc;
    if (!p) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!probs || !target) return LLMM_ENULL;
    c = p->n_classes;
    width = c;
    if (n > (size_t)-1 / width) return LLMM_EOVERFLOW;
    if ((rc = llmmi_calib_scan(probs, n * width, &unit)) != LLMM_OK) return rc;
    if (!unit) return LLMM_EDOMAIN; /* brier_score_loss: "y_prob contains values > 1/< 0" */
    if ((rc = llmmi_calib_check_labels(target, n, p->n_labels)) != LLMM_OK) return rc;
    if (p->count > UINT64_MAX - n) return LLMM_EOVERFLOW;
    for (i = 0; i < n; i++) {
        int32_t y = target[i];
        p->seen[y >> 3] |= (unsigned char)(1u << (y & 7));
        if (c == 1) {
            /* Binary: (y - p)^2; log_loss appends 1 - p as class 0, renormalises the
             * clipped pair and takes -log of the true class's share. */
            double q = clip(probs[i]), s = (1.0 - q) + q;
            double d = (double)y - probs[i];
            llmmi_exactsum_add(&p->brier, d * d);
            llmmi_exactsum_add(&p->log_loss, -log((y ? q : 1.0 - q) / s));
        } else {
            const double *row = probs + i * c;
            double b = 0.0, s = 0.0;
            for (k = 0; k < c; k++) {
                double d = row[k] - ((size_t)y == k ? 1.0 : 0.0);
                b += d * d;
                s += clip(row[k]);
            }
            llmmi_exactsum_add(&p->brier, b);
            llmmi_exactsum_add(&p->log_loss, -log(clip(row[y]) / s));
        }
    }
    p->count += n;
    return LLMM_OK;
}

int llmm_calib_prob_merge(llmm_calib_prob *dst, const llmm_calib_prob *src)
{
    size_t i;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->n_classes != src->n_classes) return LLMM_EINVAL;
    if (dst->count > UINT64_MAX - src->count) return LLMM_EOVERFLOW;
    dst->count += src->count;
    llmmi_exactsum_merge(&dst->brier, &src->brier);
    llmmi_exactsum_merge(&dst->log_loss, &src->log_loss);
    for (i = 0; i < seen_bytes(dst); i++) dst->seen[i] |= src->seen[i];
    return LLMM_OK;
}

int llmm_calib_prob_result_get(const llmm_calib_prob *p, llmm_calib_prob_result *out)
{
    size_t k, n_seen = 0;
    double n;
    if (!p || !out) return LLMM_ENULL;
    out->count = p->count;
    if (p->count == 0) {
        out->brier = out->log_loss = NAN;
        out->log_loss_status = LLMM_EEMPTY;
        return LLMM_EEMPTY;
    }
    n = (double)p->count;
    for (k = 0; k < p->n_labels; k++) n_seen += (p->seen[k >> 3] >> (k & 7)) & 1;
    out->brier = llmmi_exactsum_value(&p->brier) / n;
    out->log_loss = llmmi_exactsum_value(&p->log_loss) / n;
    /* log_loss fits a LabelBinarizer on y_true: every class must occur there
     * ("y_true contains only one label", "different number of classes") unless the
     * caller names the labels; the value is what sklearn returns in that case. */
    out->log_loss_status = n_seen == p->n_labels ? LLMM_OK : LLMM_EDOMAIN;
    return LLMM_OK;
}

/* Payload: u8 tag 2, u32 n_classes, u64 count, seen bitset, brier sum, log-loss sum. */
size_t llmm_calib_prob_serialized_size(const llmm_calib_prob *p)
{
    if (!p) return 0;
    return LLMMI_SER_HEADER + 13 + seen_bytes(p) + llmmi_exactsum_ser_size(&p->brier) +
           llmmi_exactsum_ser_size(&p->log_loss);
}

int llmm_calib_prob_serialize(const llmm_calib_prob *p, void *buf, size_t cap, size_t *written)
{
    unsigned char *b = (unsigned char *)buf, *q;
    size_t need;
    if (!p || !buf) return LLMM_ENULL;
    need = llmm_calib_prob_serialized_size(p);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    q = b + LLMMI_SER_HEADER;
    q[0] = TAG_PROB;
    llmmi_put_u32(q + 1, (uint32_t)p->n_classes);
    llmmi_put_u64(q + 5, p->count);
    q += 13;
    memcpy(q, p->seen, seen_bytes(p));
    q += seen_bytes(p);
    q += llmmi_exactsum_write(&p->brier, q);
    llmmi_exactsum_write(&p->log_loss, q);
    llmmi_ser_seal(b, LLMMI_KIND_CALIB, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_calib_prob_deserialize(llmm_calib_prob **out, const void *buf, size_t len,
                                const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen, off, used, c;
    llmm_calib_prob *p;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_CALIB, &q, &plen);
    if (rc != LLMM_OK) return rc;
    if (plen < 13 || q[0] != TAG_PROB) return LLMM_EFORMAT;
    c = llmmi_get_u32(q + 1);
    if (c < 1 || c > MAX_CLASSES || plen - 13 < ((c == 1 ? 2 : c) + 7) / 8) return LLMM_EFORMAT;
    rc = llmm_calib_prob_create(&p, c, alloc);
    if (rc != LLMM_OK) return rc;
    p->count = llmmi_get_u64(q + 5);
    off = 13;
    memcpy(p->seen, q + off, seen_bytes(p));
    off += seen_bytes(p);
    used = llmmi_calib_read_sum(&p->brier, q + off, plen - off);
    if (!used) goto bad;
    off += used;
    used = llmmi_calib_read_sum(&p->log_loss, q + off, plen - off);
    if (!used || off + used != plen) goto bad;
    /* Bits past the last label must be clear. */
    if (p->n_labels % 8 && (p->seen[seen_bytes(p) - 1] >> (p->n_labels % 8))) goto bad;
    *out = p;
    return LLMM_OK;
bad:
    llmm_calib_prob_free(p);
    return LLMM_EFORMAT;
}
