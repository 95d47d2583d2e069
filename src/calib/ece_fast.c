/* ece_fast.c - one-pass binary float64 ECE update: validates and bins in the same read
 * of the data (ece_kern.h), commits only when the whole batch was valid probabilities
 * with 0/1 targets, and otherwise leaves the batch to the general path. */
#include "ece_internal.h"
#include "ece_kern.h"
#include "core/cpu.h"

static void add128(uint64_t *lo, uint64_t *hi, uint64_t a_lo, uint64_t a_hi)
{
    uint64_t s = *lo + a_lo;
    *hi += a_hi + (s < a_lo);
    *lo = s;
}

/* Adds one chunk's totals to the batch's. */
static void fold(llmmi_ece_totals *bt, const llmmi_ece_totals *ck, uint32_t n_total)
{
    uint32_t b;
    for (b = 0; b < n_total; b++) {
        bt->count[b] += ck->count[b];
        bt->correct[b] += ck->correct[b];
        add128(&bt->s_lo[b], &bt->s_hi[b], ck->s_lo[b], ck->s_hi[b]);
    }
}

/* 1 when the edges suit the kernels: few enough bins, edges[1] >= 2^-10 (so the run
 * sums' unit is at most 2^-62) and edges[n_bins] = 1. */
static int edges_fit(const double *edges, uint32_t n_bins)
{
    return n_bins + 1 <= LLMMI_ECE_KBINS && n_bins >= 1 && edges[1] >= 0x1p-10 &&
           edges[1] <= 1.0 && edges[n_bins] == 1.0;
}

int llmmi_calib_ece_fast(llmm_calib_ece *e, const double *p, const int32_t *t, size_t n,
                         int isa)
{
    static const llmmi_ece_totals zero;
    llmmi_ece_part part;
    llmmi_exactsum small;
    llmmi_ece_totals bt = zero, ck;
    llmmi_ece_kern_fn kern = llmmi_ece_kern_for(isa);
    const uint32_t n_total = e->n_total, n_bins = e->opts.n_bins;
    uint64_t n_small = 0, max_bits = 0;
    uint32_t max_label = 0;
    size_t i0;
    uint32_t b;
    if (!edges_fit(e->edges, n_bins)) return LLMMI_ECE_NOT_FAST;
    llmmi_exactsum_init(&small);
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_CHUNK) {
        size_t m = n - i0 < LLMMI_ECE_CHUNK ? n - i0 : LLMMI_ECE_CHUNK;
        llmmi_ece_part_init(&part, e->edges, n_bins, &small);
        kern(p + i0, t + i0, m, e->edges, n_bins, &part);
        llmmi_ece_part_totals(&part, n_bins, &ck);
        fold(&bt, &ck, n_total);
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
