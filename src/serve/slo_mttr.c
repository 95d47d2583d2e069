/* slo_mttr.c - mean time to recovery (and between failures) from incident intervals. */
#include "llmm_serve.h"
#include "core/alloc.h"
#include "core/exactsum.h"
#include <math.h>
#include <stdlib.h>

typedef struct interval {
    double start, end;
} interval;

static int cmp_interval(const void *a, const void *b)
{
    const interval *x = (const interval *)a, *y = (const interval *)b;
    if (x->start != y->start) return (x->start > y->start) - (x->start < y->start);
    return (x->end > y->end) - (x->end < y->end);
}

int llmm_slo_mttr_get(const double *starts, const double *ends, size_t n, int merge_overlaps,
                      double period_s, llmm_slo_mttr *out, const llmm_allocator *alloc)
{
    llmmi_exactsum down;
    size_t i, bytes;
    uint64_t incidents = 0;
    if (!out || ((!starts || !ends) && n)) return LLMM_ENULL;
    if (isnan(period_s) || isinf(period_s)) return LLMM_ENONFINITE;
    for (i = 0; i < n; i++) {
        if (!isfinite(starts[i]) || !isfinite(ends[i])) return LLMM_ENONFINITE;
        if (ends[i] < starts[i]) return LLMM_EDOMAIN;
    }
    if (!n) return LLMM_EEMPTY;
    llmmi_exactsum_init(&down);
    if (!merge_overlaps) {
        /* Each interval is an incident; downtime summed exactly (order-independent). */
        for (i = 0; i < n; i++) llmmi_exactsum_add(&down, ends[i] - starts[i]);
        incidents = n;
    } else {
        llmm_allocator a;
        interval *iv;
        double cs, ce;
        llmmi_alloc_init(&a, alloc);
        if (!llmmi_mul_ok(n, sizeof *iv, &bytes)) return LLMM_EOVERFLOW;
        iv = (interval *)llmmi_malloc(&a, bytes);
        if (!iv) return LLMM_ENOMEM;
        for (i = 0; i < n; i++) {
            iv[i].start = starts[i];
            iv[i].end = ends[i];
        }
        qsort(iv, n, sizeof *iv, cmp_interval);
        cs = iv[0].start;
        ce = iv[0].end;
        for (i = 1; i <= n; i++) {
            if (i < n && iv[i].start <= ce) { /* overlapping or touching: same incident */
                if (iv[i].end > ce) ce = iv[i].end;
                continue;
            }
            llmmi_exactsum_add(&down, ce - cs);
            incidents++;
            if (i < n) {
                cs = iv[i].start;
                ce = iv[i].end;
            }
        }
        llmmi_free(&a, iv, bytes);
    }
    out->incidents = incidents;
    out->downtime_s = llmmi_exactsum_value(&down);
    out->mttr_s = out->downtime_s / (double)incidents;
    out->mtbf_s = period_s > 0 ? (period_s - out->downtime_s) / (double)incidents : NAN;
    if (period_s > 0 && out->downtime_s > period_s) return LLMM_EDOMAIN;
    return LLMM_OK;
}
