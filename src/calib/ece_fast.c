/* ece_fast.c - one-pass binary float64 ECE update: validates and bins in the same read
 * of the data (ece_kern.h), commits only when the whole batch was valid probabilities
 * with 0/1 targets, and otherwise leaves the batch to the general path. */
#include "ece_internal.h"
#include "ece_kern.h"
#include "core/cpu.h"

/* The batch's counts and fixed-point sums, as 128-bit integers (lo, hi words). */
typedef struct batch {
    uint64_t count[LLMMI_ECE_KBINS], correct[LLMMI_ECE_KBINS];
    uint64_t s_lo[LLMMI_ECE_KBINS], s_hi[LLMMI_ECE_KBINS];
} batch;

static void add128(uint64_t *lo, uint64_t *hi, uint64_t a_lo, uint64_t a_hi)
{
    uint64_t s = *lo + a_lo;
    *hi += a_hi + (s < a_lo);
    *lo = s;
}

/* Folds one chunk's sub-histograms into the batch. */
static void fold(batch *bt, const llmmi_ece_part *part, uint32_t n_total)
{
    uint32_t b, w;
    for (b = 0; b < n_total; b++) {
        uint64_t lo = 0, hi = 0;
        for (w = 0; w < LLMMI_ECE_WAYS; w++) {
            uint64_t cc = part->cc[b * LLMMI_ECE_WAYS + w];
            bt->count[b] += cc & 0xFFFFFFFFu;
            bt->correct[b] += cc >> 32;
            lo += part->lo[b * LLMMI_ECE_WAYS + w];
            hi += part->hi[b * LLMMI_ECE_WAYS + w];
        }
        add128(&bt->s_lo[b], &bt->s_hi[b], lo, 0);
        add128(&bt->s_lo[b], &bt->s_hi[b], hi << 32, hi >> 32);
    }
}

static void clear(llmmi_ece_part *part, uint32_t n_total)
{
    size_t k, m = (size_t)n_total * LLMMI_ECE_WAYS;
    for (k = 0; k < m; k++) part->cc[k] = part->lo[k] = part->hi[k] = 0;
    part->scan.max_bits = part->scan.n_small = 0;
    part->scan.max_label = 0;
}

int llmmi_calib_ece_fast(llmm_calib_ece *e, const double *p, const int32_t *t, size_t n,
                         int isa)
{
    llmmi_ece_part part;
    llmmi_exactsum small;
    batch bt;
    llmmi_ece_kern_fn kern = llmmi_ece_kern_for(isa);
    const uint32_t n_total = e->n_total;
    uint64_t n_small = 0, max_bits = 0;
    uint32_t max_label = 0;
    size_t i0;
    uint32_t b;
    if (n_total > LLMMI_ECE_KBINS) return LLMMI_ECE_NOT_FAST;
    for (b = 0; b < n_total; b++) bt.count[b] = bt.correct[b] = bt.s_lo[b] = bt.s_hi[b] = 0;
    llmmi_exactsum_init(&small);
    part.small = &small;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_CHUNK) {
        size_t m = n - i0 < LLMMI_ECE_CHUNK ? n - i0 : LLMMI_ECE_CHUNK;
        clear(&part, n_total);
        kern(p + i0, t + i0, m, e->edges, e->opts.n_bins, &part);
        fold(&bt, &part, n_total);
        n_small += part.scan.n_small;
        max_bits = part.scan.max_bits > max_bits ? part.scan.max_bits : max_bits;
        max_label = part.scan.max_label > max_label ? part.scan.max_label : max_label;
    }
    /* Something outside [+0, 1] (logits, NaN, -0.0): the general path decides (and
     * reports bad values before bad labels, as it always has). */
    if (max_bits > LLMMI_ECE_ONE_BITS) return LLMMI_ECE_NOT_FAST;
    if (max_label > 1) return LLMM_ERANGE;
    for (b = 0; b < n_total; b++) {
        e->count[b] += bt.count[b];
        e->correct[b] += bt.correct[b];
        add128(&e->fx_lo[b], &e->fx_hi[b], bt.s_lo[b], bt.s_hi[b]);
    }
    /* Confidences below 2^-10 are not multiples of 2^-62: summed exactly apart. */
    if (n_small) llmmi_exactsum_merge(&e->conf[0], &small);
    return LLMM_OK;
}
