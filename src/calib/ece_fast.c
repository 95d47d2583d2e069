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

/* A batch being read: the folded totals and the validation summary. */
typedef struct batch {
    llmmi_ece_totals tot;
    llmmi_exactsum small;
    uint64_t n_small, max_bits;
    uint32_t max_label;
} batch;

/* Targets other than int32 are staged as int32, this many at a time: flags as 0/1,
 * int64 as themselves when 0 or 1, else as 2 (which fails validation). */
#define STAGE 2048

/* Reads n preds with their targets into the batch. */
static void read_batch(batch *bt, const llmm_calib_ece *e, llmmi_ece_kern_fn kern,
                       const double *p, const llmmi_ece_targets *t, size_t n)
{
    const uint32_t n_bins = e->opts.n_bins;
    llmmi_ece_part part;
    llmmi_ece_totals ck;
    int32_t staged[STAGE];
    size_t i0, j, k;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_CHUNK) {
        size_t m = n - i0 < LLMMI_ECE_CHUNK ? n - i0 : LLMMI_ECE_CHUNK;
        llmmi_ece_part_init(&part, e->edges, n_bins, &bt->small);
        if (t->i32) {
            kern(p + i0, t->i32 + i0, m, e->edges, n_bins, &part);
        } else {
            for (j = 0; j < m; j += STAGE) {
                size_t s = m - j < STAGE ? m - j : STAGE;
                if (t->i64) {
                    const int64_t *src = t->i64 + i0 + j;
                    for (k = 0; k < s; k++) staged[k] = (uint64_t)src[k] <= 1 ? (int32_t)src[k] : 2;
                } else {
                    for (k = 0; k < s; k++) staged[k] = t->flags[i0 + j + k] != 0;
                }
                kern(p + i0 + j, staged, s, e->edges, n_bins, &part);
            }
        }
        llmmi_ece_part_totals(&part, n_bins, &ck);
        fold(&bt->tot, &ck, e->n_total);
        bt->n_small += part.scan.n_small;
        bt->max_bits = part.scan.max_bits > bt->max_bits ? part.scan.max_bits : bt->max_bits;
        bt->max_label = part.scan.max_label > bt->max_label ? part.scan.max_label : bt->max_label;
    }
}

int llmmi_calib_ece_fast(llmm_calib_ece *e, const double *p, const llmmi_ece_targets *t,
                         size_t n, int isa)
{
    static const batch empty;
    batch bt = empty;
    uint32_t b;
    if (!edges_fit(e->edges, e->opts.n_bins)) return LLMMI_ECE_NOT_FAST;
    llmmi_exactsum_init(&bt.small);
    read_batch(&bt, e, llmmi_ece_kern_for(isa), p, t, n);
    /* Something outside [+0, 1] (logits, NaN, -0.0): the general path decides (and
     * reports bad values before bad labels, as it always has). */
    if (bt.max_bits > LLMMI_ECE_ONE_BITS) return LLMMI_ECE_NOT_FAST;
    if (bt.max_label > 1) return LLMM_ERANGE;
    for (b = 0; b < e->n_total; b++) {
        e->count[b] += bt.tot.count[b];
        e->correct[b] += bt.tot.correct[b];
        add128(&e->fx_lo[b], &e->fx_hi[b], bt.tot.s_lo[b], bt.tot.s_hi[b]);
    }
    /* Confidences below 2^-10 are not multiples of 2^-62: summed exactly apart. */
    if (bt.n_small) llmmi_exactsum_merge(&e->conf[0], &bt.small);
    return LLMM_OK;
}
