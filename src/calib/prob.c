/* prob.c - Brier score and log loss as mergeable statistics: a count, exact sums of
 * the per-sample terms (times the sample weight, when given), the exact sum of the
 * weights and the set of labels seen (sklearn 1.2.1 `brier_score_loss`, `log_loss`,
 * which take np.average(terms, weights=sample_weight); REFERENCE-QUIRKS.md 10.3). */
#include "calib_internal.h"
#include "core/alloc.h"
#include "core/serial.h"
#include <float.h>
#include <math.h>
#include <string.h>

#define TAG_PROB 2          /* unweighted: the weight sum is the count */
#define TAG_PROB_WEIGHTED 4 /* followed by the exact weight sum */
#define MAX_CLASSES ((size_t)1 << 24)

struct llmm_calib_prob {
    llmm_allocator alloc;
    size_t n_classes;        /* 1 = binary (positive-class probabilities) */
    size_t n_labels;         /* labels tracked: 2 for binary, else n_classes */
    uint64_t count;
    llmmi_exactsum brier, log_loss; /* sums of weight * term */
    llmmi_exactsum weight;   /* sum of the weights (1 per unweighted sample) */
    int weighted;            /* 1 once sample weights were given */
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
    llmmi_exactsum_init(&p->weight);
    *out = p;
    return LLMM_OK;
}

int llmm_calib_prob_reset(llmm_calib_prob *p)
{
    if (!p) return LLMM_ENULL;
    p->count = 0;
    p->weighted = 0;
    llmmi_exactsum_init(&p->brier);
    llmmi_exactsum_init(&p->log_loss);
    llmmi_exactsum_init(&p->weight);
    memset(p->seen, 0, seen_bytes(p));
    return LLMM_OK;
}

/* np.clip(p, eps, 1 - eps) with eps = np.finfo(float64).eps (log_loss eps="auto"). */
static double clip(double x)
{
    const double lo = DBL_EPSILON, hi = 1.0 - DBL_EPSILON;
    return x < lo ? lo : x > hi ? hi : x;
}

/* The update with optional weights (NULL: weight 1 each). */
static int update(llmm_calib_prob *p, const double *probs, const int32_t *target,
                  const double *weight, size_t n)
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
    if (weight && (rc = llmmi_calib_scan(weight, n, &unit)) != LLMM_OK) return rc;
    if (p->count > UINT64_MAX - n) return LLMM_EOVERFLOW;
    for (i = 0; i < n; i++) {
        int32_t y = target[i];
        double b, l;
        p->seen[y >> 3] |= (unsigned char)(1u << (y & 7));
        if (c == 1) {
            /* Binary: (y - p)^2; log_loss appends 1 - p as class 0, renormalises the
             * clipped pair and takes -log of the true class's share. */
            double q = clip(probs[i]), s = (1.0 - q) + q;
            double d = (double)y - probs[i];
            b = d * d;
            l = -log((y ? q : 1.0 - q) / s);
        } else {
            const double *row = probs + i * c;
            double s = 0.0;
            b = 0.0;
            for (k = 0; k < c; k++) {
                double d = row[k] - ((size_t)y == k ? 1.0 : 0.0);
                b += d * d;
                s += clip(row[k]);
            }
            l = -log(clip(row[y]) / s);
        }
        if (weight) {
            /* np.average(terms, weights=w): each term times its weight, then summed */
            b *= weight[i];
            l *= weight[i];
            llmmi_exactsum_add_finite(&p->weight, weight[i]);
        }
        /* finite: p in [0, 1], the log's argument clipped away from 0, weights scanned;
         * a product can still overflow to inf with a huge weight */
        if (weight && !(fabs(b) <= DBL_MAX && fabs(l) <= DBL_MAX)) {
            llmmi_exactsum_add(&p->brier, b);
            llmmi_exactsum_add(&p->log_loss, l);
            continue;
        }
        llmmi_exactsum_add_finite(&p->brier, b);
        llmmi_exactsum_add_finite(&p->log_loss, l);
    }
    if (weight) {
        p->weighted = 1;
    } else {
        llmmi_exactsum_add_mul(&p->weight, 1.0, n);
    }
    p->count += n;
    return LLMM_OK;
}

int llmm_calib_prob_update(llmm_calib_prob *p, const double *probs, const int32_t *target,
                           size_t n)
{
    return update(p, probs, target, NULL, n);
}

int llmm_calib_prob_update_weighted(llmm_calib_prob *p, const double *probs,
                                    const int32_t *target, const double *weight, size_t n)
{
    if (n && !weight) return LLMM_ENULL;
    return update(p, probs, target, weight, n);
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
    llmmi_exactsum_merge(&dst->weight, &src->weight);
    dst->weighted |= src->weighted;
    for (i = 0; i < seen_bytes(dst); i++) dst->seen[i] |= src->seen[i];
    return LLMM_OK;
}

int llmm_calib_prob_result_get(const llmm_calib_prob *p, llmm_calib_prob_result *out)
{
    size_t k, n_seen = 0;
    double w;
    if (!p || !out) return LLMM_ENULL;
    out->count = p->count;
    out->weight_sum = llmmi_exactsum_value(&p->weight);
    out->log_loss_sum = llmmi_exactsum_value(&p->log_loss);
    if (p->count == 0) {
        out->brier = out->log_loss = NAN;
        out->log_loss_status = LLMM_EEMPTY;
        return LLMM_EEMPTY;
    }
    w = out->weight_sum; /* the count, exactly, when unweighted */
    for (k = 0; k < p->n_labels; k++) n_seen += (p->seen[k >> 3] >> (k & 7)) & 1;
    out->brier = llmmi_exactsum_value(&p->brier) / w;
    out->log_loss = out->log_loss_sum / w;
    /* log_loss fits a LabelBinarizer on y_true: every class must occur there
     * ("y_true contains only one label", "different number of classes") unless the
     * caller names the labels; the value is what sklearn returns in that case. */
    out->log_loss_status = n_seen == p->n_labels ? LLMM_OK : LLMM_EDOMAIN;
    /* np.average with weights summing to 0: ZeroDivisionError */
    return w == 0.0 ? LLMM_EDOMAIN : LLMM_OK;
}

/* Payload: u8 tag 2 (4 when weighted), u32 n_classes, u64 count, seen bitset, brier
 * sum, log-loss sum, and for tag 4 the weight sum. */
size_t llmm_calib_prob_serialized_size(const llmm_calib_prob *p)
{
    if (!p) return 0;
    return LLMMI_SER_HEADER + 13 + seen_bytes(p) + llmmi_exactsum_ser_size(&p->brier) +
           llmmi_exactsum_ser_size(&p->log_loss) +
           (p->weighted ? llmmi_exactsum_ser_size(&p->weight) : 0);
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
    q[0] = p->weighted ? TAG_PROB_WEIGHTED : TAG_PROB;
    llmmi_put_u32(q + 1, (uint32_t)p->n_classes);
    llmmi_put_u64(q + 5, p->count);
    q += 13;
    memcpy(q, p->seen, seen_bytes(p));
    q += seen_bytes(p);
    q += llmmi_exactsum_write(&p->brier, q);
    q += llmmi_exactsum_write(&p->log_loss, q);
    if (p->weighted) llmmi_exactsum_write(&p->weight, q);
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
    if (plen < 13 || (q[0] != TAG_PROB && q[0] != TAG_PROB_WEIGHTED)) return LLMM_EFORMAT;
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
    if (!used) goto bad;
    off += used;
    if (q[0] == TAG_PROB_WEIGHTED) {
        p->weighted = 1;
        used = llmmi_calib_read_sum(&p->weight, q + off, plen - off);
        if (!used) goto bad;
        off += used;
    } else {
        llmmi_exactsum_add_mul(&p->weight, 1.0, p->count);
    }
    if (off != plen) goto bad;
    /* Bits past the last label must be clear. */
    if (p->n_labels % 8 && (p->seen[seen_bytes(p) - 1] >> (p->n_labels % 8))) goto bad;
    *out = p;
    return LLMM_OK;
bad:
    llmm_calib_prob_free(p);
    return LLMM_EFORMAT;
}
