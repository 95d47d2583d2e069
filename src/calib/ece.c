/* ece.c - binned expected calibration error exactly as torchmetrics 1.9.0
 * `binary_calibration_error` / `multiclass_calibration_error` bin and weight it
 * (functional/classification/calibration_error.py `_binning_bucketize`, `_ce_compute`;
 * REFERENCE-QUIRKS.md 10.3), as mergeable statistics: per bin an integer count, an
 * integer number correct and an exact sum of confidences. */
#include "ece_internal.h"
#include "core/alloc.h"
#include "core/cpu.h"
#include <math.h>
#include <string.h>

uint32_t llmm_calib_max_bins(void) { return LLMM_CALIB_MAX_BINS; }
size_t llmm_calib_ece_options_size(void) { return sizeof(llmm_calib_ece_options); }
size_t llmm_calib_ece_result_size(void) { return sizeof(llmm_calib_ece_result); }
size_t llmm_calib_bin_size(void) { return sizeof(llmm_calib_bin); }

void llmm_calib_ece_options_default(llmm_calib_ece_options *opts)
{
    if (!opts) return;
    opts->n_bins = 15; /* torchmetrics' default */
    opts->input = LLMM_CALIB_INPUT_AUTO;
    opts->dtype = LLMM_CALIB_F64;
    opts->isa = LLMM_ISA_AUTO;
}

static int options_ok(const llmm_calib_ece_options *o)
{
    return o->n_bins >= 1 && o->n_bins <= LLMM_CALIB_MAX_BINS &&
           o->input >= LLMM_CALIB_INPUT_AUTO && o->input <= LLMM_CALIB_INPUT_LOGITS &&
           (o->dtype == LLMM_CALIB_F64 || o->dtype == LLMM_CALIB_F32) &&
           o->isa >= LLMM_ISA_AUTO && o->isa <= LLMM_ISA_AVX512;
}

void llmm_calib_ece_free(llmm_calib_ece *e)
{
    llmm_allocator a;
    size_t nt;
    if (!e) return;
    a = e->alloc;
    nt = e->n_total;
    llmmi_free(&a, e->edges, ((size_t)nt + 1) * sizeof(double));
    llmmi_free(&a, e->edges32, nt * sizeof(float));
    llmmi_free(&a, e->count, nt * sizeof(uint64_t));
    llmmi_free(&a, e->correct, nt * sizeof(uint64_t));
    llmmi_free(&a, e->conf, nt * sizeof(llmmi_exactsum));
    llmmi_free(&a, e->fx_lo, nt * sizeof(uint64_t));
    llmmi_free(&a, e->fx_hi, nt * sizeof(uint64_t));
    llmmi_free(&a, e, sizeof *e);
}

int llmmi_calib_ece_new(llmm_calib_ece **out, const llmm_calib_ece_options *o,
                        const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_calib_ece *e;
    uint32_t i, nt = o->n_bins + 1;
    llmmi_alloc_init(&a, alloc);
    e = (llmm_calib_ece *)llmmi_calloc(&a, 1, sizeof *e);
    if (!e) return LLMM_ENOMEM;
    e->alloc = a;
    e->opts = *o;
    e->n_total = nt;
    e->edges = (double *)llmmi_calloc(&a, (size_t)nt + 1, sizeof(double));
    e->count = (uint64_t *)llmmi_calloc(&a, nt, sizeof(uint64_t));
    e->correct = (uint64_t *)llmmi_calloc(&a, nt, sizeof(uint64_t));
    e->conf = (llmmi_exactsum *)llmmi_calloc(&a, nt, sizeof(llmmi_exactsum));
    e->fx_lo = (uint64_t *)llmmi_calloc(&a, nt, sizeof(uint64_t));
    e->fx_hi = (uint64_t *)llmmi_calloc(&a, nt, sizeof(uint64_t));
    if (o->dtype == LLMM_CALIB_F32) e->edges32 = (float *)llmmi_calloc(&a, nt, sizeof(float));
    if (!e->edges || !e->count || !e->correct || !e->conf || !e->fx_lo || !e->fx_hi ||
        (o->dtype == LLMM_CALIB_F32 && !e->edges32)) {
        llmm_calib_ece_free(e);
        return LLMM_ENOMEM;
    }
    if (o->dtype == LLMM_CALIB_F32) {
        llmmi_calib_edges_f32(o->n_bins, e->edges32);
        for (i = 0; i < nt; i++) e->edges[i] = e->edges32[i];
    } else {
        llmmi_calib_edges_f64(o->n_bins, e->edges);
    }
    e->edges[nt] = INFINITY; /* sentinel above the extra bin (add_probs_f64) */
    for (i = 0; i < nt; i++) llmmi_exactsum_init(&e->conf[i]);
    *out = e;
    return LLMM_OK;
}

int llmm_calib_ece_create(llmm_calib_ece **out, const llmm_calib_ece_options *opts,
                          const llmm_allocator *alloc)
{
    llmm_calib_ece_options o;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (opts) {
        o = *opts;
    } else {
        llmm_calib_ece_options_default(&o);
    }
    if (!options_ok(&o)) return LLMM_EINVAL;
    if (o.isa != LLMM_ISA_AUTO && !llmmi_cpu_supports(o.isa)) return LLMM_EUNSUPPORTED;
    return llmmi_calib_ece_new(out, &o, alloc);
}

int llmm_calib_ece_reset(llmm_calib_ece *e)
{
    uint32_t i;
    if (!e) return LLMM_ENULL;
    memset(e->count, 0, e->n_total * sizeof(uint64_t));
    memset(e->correct, 0, e->n_total * sizeof(uint64_t));
    for (i = 0; i < e->n_total; i++) llmmi_exactsum_init(&e->conf[i]);
    e->total = 0;
    return LLMM_OK;
}

/* The confidence sums. A confidence in [2^-10, 1] is a multiple of 2^-62 of at most
 * 2^62 units, so it is summed exactly as a 64-bit integer with a carry word (fx_lo,
 * fx_hi); smaller ones go straight to the exact accumulator. flush() moves the integers
 * into the accumulator at the end of every update, so the statistics do not depend on
 * how the data was batched. */
static inline void add_conf(llmm_calib_ece *e, uint32_t b, double conf)
{
    if (conf >= 0x1p-10) {
        uint64_t v = (uint64_t)(int64_t)(conf * 0x1p62), s = e->fx_lo[b] + v;
        e->fx_hi[b] += s < v;
        e->fx_lo[b] = s;
    } else {
        llmmi_exactsum_add(&e->conf[b], conf);
    }
}

/* Adds one (confidence, correct) pair; conf already in the object's dtype. */
static void add_one(llmm_calib_ece *e, double conf, int correct)
{
    uint32_t b = e->edges32 ? llmmi_calib_bucket_f32(e->edges32, e->opts.n_bins, (float)conf)
                            : llmmi_calib_bucket_f64(e->edges, e->opts.n_bins, conf);
    e->count[b]++;
    e->correct[b] += (uint64_t)(correct != 0);
    add_conf(e, b, conf);
}

/* add_one's loop for validated float64 probabilities (0 <= x <= 1) and 0/1 targets
 * in batches too small or with too many bins for llmmi_calib_ece_fast (or with a -0.0):
 * floor(x * n_bins) is at most one bin off torch's edges, and edges[0] = 0 and the
 * sentinel edges[n_bins + 1] = +inf make the correction branch-free. */
static void add_probs_f64(llmm_calib_ece *e, const double *p, const llmmi_ece_targets *t,
                          size_t n)
{
    const double *edges = e->edges;
    const double dnb = (double)e->opts.n_bins;
    uint64_t *count = e->count, *correct = e->correct, *fx_lo = e->fx_lo, *fx_hi = e->fx_hi;
    size_t i;
    for (i = 0; i < n; i++) {
        double x = p[i];
        uint32_t b = (uint32_t)(x * dnb);
        b += edges[b + 1] <= x;
        b -= edges[b] > x;
        count[b]++;
        correct[b] += (uint64_t)llmmi_ece_target(t, i);
        if (x >= 0x1p-10) { /* add_conf, with the arrays in registers */
            uint64_t v = (uint64_t)(int64_t)(x * 0x1p62), s = fx_lo[b] + v;
            fx_hi[b] += s < v;
            fx_lo[b] = s;
        } else {
            llmmi_exactsum_add(&e->conf[b], x);
        }
    }
}

/* (fx_hi * 2^64 + fx_lo) * 2^-62, added exactly as four 32-bit pieces. */
static void flush(llmm_calib_ece *e)
{
    uint32_t b;
    for (b = 0; b < e->n_total; b++) {
        uint64_t lo = e->fx_lo[b], hi = e->fx_hi[b];
        if (!(lo | hi)) continue;
        llmmi_exactsum_add(&e->conf[b], ldexp((double)(lo & 0xFFFFFFFFu), -62));
        llmmi_exactsum_add(&e->conf[b], ldexp((double)(lo >> 32), -30));
        llmmi_exactsum_add(&e->conf[b], ldexp((double)(hi & 0xFFFFFFFFu), 2));
        llmmi_exactsum_add(&e->conf[b], ldexp((double)(hi >> 32), 34));
        e->fx_lo[b] = e->fx_hi[b] = 0;
    }
}

static int reserve(const llmm_calib_ece *e, size_t n)
{
    return e->total > UINT64_MAX - n ? LLMM_EOVERFLOW : LLMM_OK;
}

/* Resolves the input kind of one batch (torchmetrics tests each update's batch). */
static int batch_is_logits(int input, int all_unit, int *logits)
{
    if (input == LLMM_CALIB_INPUT_PROBS && !all_unit) return LLMM_EDOMAIN;
    *logits = input == LLMM_CALIB_INPUT_LOGITS || (input == LLMM_CALIB_INPUT_AUTO && !all_unit);
    return LLMM_OK;
}

/* Targets of a binary batch: LLMM_ERANGE unless all are 0 or 1. */
static int check_binary(const llmmi_ece_targets *t, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((uint64_t)llmmi_ece_target(t, i) > 1) return LLMM_ERANGE;
    return LLMM_OK;
}

/* Batches of 64 or more probabilities take the kernels (ece_fast.c): LLMM_OK (added),
 * LLMM_ERANGE, or LLMMI_ECE_NOT_FAST for the general path. Smaller batches skip the
 * kernels' fixed cost (clearing and folding their sub-histograms); both paths give
 * identical statistics. `f32_ok`: the caller's float32 validation is that of the
 * rounded values, as the kernels see them. */
static int update_fast(llmm_calib_ece *e, const double *preds, const llmmi_ece_targets *t,
                       size_t n, int f32_ok)
{
    int isa, rc;
    if ((e->opts.dtype == LLMM_CALIB_F32 && !f32_ok) || n < 64 || reserve(e, n) != LLMM_OK)
        return LLMMI_ECE_NOT_FAST;
    if ((rc = llmmi_cpu_resolve(e->opts.isa, &isa)) != LLMM_OK) return rc;
    if ((rc = llmmi_calib_ece_fast(e, preds, t, n, isa)) == LLMM_OK) {
        flush(e);
        e->total += n;
    }
    return rc;
}

static int update_binary(llmm_calib_ece *e, const double *preds, const llmmi_ece_targets *t,
                         size_t n)
{
    size_t i;
    int unit, logits, rc;
    if (e->opts.input != LLMM_CALIB_INPUT_LOGITS &&
        (rc = update_fast(e, preds, t, n, 1)) != LLMMI_ECE_NOT_FAST)
        return rc;
    if ((rc = llmmi_calib_scan(preds, n, &unit)) != LLMM_OK) return rc;
    if ((rc = check_binary(t, n)) != LLMM_OK) return rc;
    if ((rc = reserve(e, n)) != LLMM_OK) return rc;
    if (e->opts.dtype == LLMM_CALIB_F32) {
        /* The probability test runs on the float32 tensor. */
        unit = 1;
        for (i = 0; i < n; i++) {
            float f = (float)preds[i];
            if (f < 0.0f || f > 1.0f) unit = 0;
        }
    }
    if ((rc = batch_is_logits(e->opts.input, unit, &logits)) != LLMM_OK) return rc;
    if (e->opts.dtype == LLMM_CALIB_F64 && !logits) {
        add_probs_f64(e, preds, t, n);
        flush(e);
        e->total += n;
        return LLMM_OK;
    }
    for (i = 0; i < n; i++) {
        double c;
        if (e->opts.dtype == LLMM_CALIB_F32) {
            float f = (float)preds[i];
            if (logits) f = 1.0f / (1.0f + expf(-f)); /* torch sigmoid in float32 */
            c = f;
        } else {
            c = logits ? 1.0 / (1.0 + exp(-preds[i])) : preds[i];
        }
        add_one(e, c, llmmi_ece_target(t, i) == 1);
    }
    flush(e);
    e->total += n;
    return LLMM_OK;
}

int llmm_calib_ece_update_binary(llmm_calib_ece *e, const double *preds, const int32_t *target,
                                 size_t n)
{
    llmmi_ece_targets t = {NULL, NULL, NULL};
    if (!e) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!preds || !target) return LLMM_ENULL;
    t.i32 = target;
    return update_binary(e, preds, &t, n);
}

int llmm_calib_ece_update_binary_i64(llmm_calib_ece *e, const double *preds,
                                     const int64_t *target, size_t n)
{
    llmmi_ece_targets t = {NULL, NULL, NULL};
    if (!e) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!preds || !target) return LLMM_ENULL;
    t.i64 = target;
    return update_binary(e, preds, &t, n);
}

/* Rows whose top-label pairs are staged for the kernels at a time. */
#define TOP1_STAGE 2048

int llmm_calib_ece_update_multiclass(llmm_calib_ece *e, const double *preds, size_t n,
                                     size_t n_classes, const int32_t *target)
{
    size_t i, i0;
    int unit, logits, rc, ok;
    if (!e) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!preds || !target) return LLMM_ENULL;
    if (n_classes < 2) return LLMM_EINVAL; /* torchmetrics: num_classes > 1 */
    if (n > (size_t)-1 / n_classes) return LLMM_EOVERFLOW;
    if ((rc = llmmi_calib_scan(preds, n * n_classes, &unit)) != LLMM_OK) return rc;
    if ((rc = llmmi_calib_check_labels(target, n, n_classes)) != LLMM_OK) return rc;
    if ((rc = reserve(e, n)) != LLMM_OK) return rc;
    if ((rc = batch_is_logits(e->opts.input, unit, &logits)) != LLMM_OK) return rc;
    for (i0 = 0; i0 < n; i0 += TOP1_STAGE) {
        const size_t m = n - i0 < TOP1_STAGE ? n - i0 : TOP1_STAGE;
        double conf[TOP1_STAGE];
        unsigned char hit[TOP1_STAGE];
        llmmi_ece_targets t = {NULL, NULL, NULL};
        for (i = 0; i < m; i++) {
            llmmi_calib_top1(preds + (i0 + i) * n_classes, n_classes, logits, target[i0 + i],
                             &conf[i], &ok);
            /* `confidences.float()`: torchmetrics bins multiclass confidences in float32. */
            if (e->opts.dtype == LLMM_CALIB_F32) conf[i] = (float)conf[i];
            hit[i] = (unsigned char)ok;
        }
        /* Everything is validated: the kernels can only decline (fewer than 64 rows, a
         * -0.0 confidence), and then add_one's loop adds the same statistics. */
        t.flags = hit;
        if (update_fast(e, conf, &t, m, 1) == LLMM_OK) continue;
        for (i = 0; i < m; i++) add_one(e, conf[i], hit[i]);
        flush(e);
        e->total += m;
    }
    return LLMM_OK;
}

int llmm_calib_ece_update_confidence(llmm_calib_ece *e, const double *confidence,
                                     const unsigned char *correct, size_t n)
{
    llmmi_ece_targets t = {NULL, NULL, NULL};
    size_t i;
    int unit, rc;
    if (!e) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!confidence || !correct) return LLMM_ENULL;
    t.flags = correct; /* as 0/1 targets, so the kernels never answer LLMM_ERANGE */
    /* (float32: the range is checked on the unrounded confidences: the general path) */
    if ((rc = update_fast(e, confidence, &t, n, 0)) != LLMMI_ECE_NOT_FAST) return rc;
    if ((rc = llmmi_calib_scan(confidence, n, &unit)) != LLMM_OK) return rc;
    if (!unit) return LLMM_EDOMAIN;
    if ((rc = reserve(e, n)) != LLMM_OK) return rc;
    for (i = 0; i < n; i++) {
        double c = confidence[i];
        if (e->opts.dtype == LLMM_CALIB_F32) c = (float)c;
        add_one(e, c, correct[i]);
    }
    flush(e);
    e->total += n;
    return LLMM_OK;
}

int llmm_calib_ece_merge(llmm_calib_ece *dst, const llmm_calib_ece *src)
{
    uint32_t i;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->opts.n_bins != src->opts.n_bins || dst->opts.dtype != src->opts.dtype ||
        dst->opts.input != src->opts.input)
        return LLMM_EINVAL;
    if (reserve(dst, src->total) != LLMM_OK) return LLMM_EOVERFLOW;
    for (i = 0; i < dst->n_total; i++) {
        dst->count[i] += src->count[i];
        dst->correct[i] += src->correct[i];
        llmmi_exactsum_merge(&dst->conf[i], &src->conf[i]);
    }
    dst->total += src->total;
    return LLMM_OK;
}

uint32_t llmm_calib_ece_n_bins_total(const llmm_calib_ece *e) { return e ? e->n_total : 0; }

/* acc_bin and conf_bin: sums / counts, torch.nan_to_num -> 0 for an empty bin. */
static void bin_means(const llmm_calib_ece *e, uint32_t b, double *acc, double *conf)
{
    if (e->count[b] == 0) {
        *acc = *conf = 0.0;
        return;
    }
    *acc = (double)e->correct[b] / (double)e->count[b];
    *conf = llmmi_exactsum_value(&e->conf[b]) / (double)e->count[b];
}

int llmm_calib_ece_bin(const llmm_calib_ece *e, uint32_t index, llmm_calib_bin *out)
{
    if (!e || !out) return LLMM_ENULL;
    if (index >= e->n_total) return LLMM_ERANGE;
    out->lower = e->edges[index];
    out->upper = index + 1 < e->n_total ? e->edges[index + 1] : e->edges[index];
    out->count = e->count[index];
    out->correct = e->correct[index];
    bin_means(e, index, &out->accuracy, &out->mean_confidence);
    return LLMM_OK;
}

int llmm_calib_ece_result_get(const llmm_calib_ece *e, llmm_calib_ece_result *out)
{
    double l1 = 0.0, l2 = 0.0, mx = 0.0, total;
    uint32_t b;
    if (!e || !out) return LLMM_ENULL;
    total = (double)e->total;
    for (b = 0; b < e->n_total; b++) {
        double acc, conf, prop, d;
        bin_means(e, b, &acc, &conf);
        prop = (double)e->count[b] / total; /* 0/0 = NaN for empty input, as torch */
        d = fabs(acc - conf);
        l1 += d * prop;
        l2 += d * d * prop;
        if (d > mx) mx = d;
    }
    /* `torch.sqrt(ce) if ce > 0 else torch.tensor(0)`: NaN (empty input) gives 0. */
    l2 = l2 > 0.0 ? sqrt(l2) : 0.0;
    if (e->opts.dtype == LLMM_CALIB_F32) {
        l1 = (float)l1;
        l2 = (float)l2;
        mx = (float)mx;
    }
    out->l1 = l1;
    out->l2 = l2;
    out->max = mx;
    out->count = e->total;
    return e->total ? LLMM_OK : LLMM_EEMPTY;
}
