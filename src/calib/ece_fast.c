/* ece_fast.c - one-pass binary float64 ECE update: validates and bins in the same read
 * of the data (ece_kern.h), commits only when the whole batch was valid probabilities
 * with 0/1 targets, and otherwise leaves the batch to the general path. */
#include "ece_internal.h"
#include "ece_kern.h"
#include "core/cpu.h"
#include "core/narrow.h"

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

/* 1 when the edges suit the kernels: few enough bins, edges[1] >= 2^-6 (so the run
 * sums' unit 2^-shift has shift <= 58: the small preds, below 2^-10, are all in bin 0,
 * and each way takes at least 64 elements between flushes), edges[n_bins] = 1. */
static int edges_fit(const double *edges, uint32_t n_bins)
{
    return n_bins + 1 <= LLMMI_ECE_KBINS && n_bins >= 1 && edges[1] >= 0x1p-6 &&
           edges[1] <= 1.0 && edges[n_bins] == 1.0;
}

/* A batch being read: the folded totals and the validation summary. */
typedef struct batch {
    llmmi_ece_totals tot;
    llmmi_exactsum small;
    uint64_t n_small, max_bits;
    uint32_t max_label;
} batch;

/* Inputs the kernels cannot read in place are staged, this many at a time: float64
 * preds binned as float32 are rounded to float32 (and widened back, exactly); targets
 * other than int32 become int32 (an int64 by llmmi_narrow_i64: anything but 0 or 1
 * fails validation either way; a flag as 0/1). */
#define STAGE 2048

/* Runs the kernel over n <= LLMMI_ECE_CHUNK elements, staging what needs it. */
static void run_staged(llmmi_ece_part *part, const llmm_calib_ece *e, llmmi_ece_kern_fn kern,
                       const double *p, const llmmi_ece_targets *t, size_t n, int round32)
{
    double staged_p[STAGE];
    int32_t staged_t[STAGE];
    size_t j, k;
    if (t->i32 && !round32) {
        kern(p, t->i32, n, e->edges, e->opts.n_bins, part);
        return;
    }
    for (j = 0; j < n; j += STAGE) {
        size_t s = n - j < STAGE ? n - j : STAGE;
        const double *pp = p + j;
        const int32_t *tt = t->i32 ? t->i32 + j : staged_t;
        if (round32) {
            for (k = 0; k < s; k++) staged_p[k] = (double)(float)pp[k];
            pp = staged_p;
        }
        if (t->i64) {
            llmmi_narrow_i64(t->i64 + j, staged_t, s);
        } else if (t->flags) {
            for (k = 0; k < s; k++) staged_t[k] = t->flags[j + k] != 0;
        }
        kern(pp, tt, s, e->edges, e->opts.n_bins, part);
    }
}

/* Reads n preds with their targets into the batch. */
static void read_batch(batch *bt, const llmm_calib_ece *e, llmmi_ece_kern_fn kern,
                       const double *p, const llmmi_ece_targets *t, size_t n)
{
    const int round32 = e->opts.dtype == LLMM_CALIB_F32;
    llmmi_ece_part part;
    llmmi_ece_totals ck;
    llmmi_ece_targets at;
    size_t i0;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_CHUNK) {
        size_t m = n - i0 < LLMMI_ECE_CHUNK ? n - i0 : LLMMI_ECE_CHUNK;
        at.i32 = t->i32 ? t->i32 + i0 : NULL;
        at.i64 = t->i64 ? t->i64 + i0 : NULL;
        at.flags = t->flags ? t->flags + i0 : NULL;
        llmmi_ece_part_init(&part, e->edges, e->opts.n_bins, &bt->small);
        run_staged(&part, e, kern, p + i0, &at, m, round32);
        llmmi_ece_part_totals(&part, e->opts.n_bins, &ck);
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
