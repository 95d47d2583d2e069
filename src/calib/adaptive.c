/* adaptive.c - equal-mass (adaptive) ECE: stable sort by confidence, np.array_split
 * into n_bins groups, sum_g (n_g / n) |mean(correct_g) - mean(confidence_g)|. The
 * "plain formula" of vectors/README.md (calibration, adaptive_ece_n*). */
#include "calib_internal.h"
#include "core/alloc.h"
#include <math.h>
#include <stdlib.h>

typedef struct keyed {
    double conf;
    size_t index;
} keyed;

/* Ties keep input order: qsort on (confidence, original index) is a stable sort. */
static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = (const keyed *)a, *y = (const keyed *)b;
    if (x->conf != y->conf) return x->conf < y->conf ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

int llmm_calib_adaptive_ece(const double *confidence, const unsigned char *correct, size_t n,
                            uint32_t n_bins, double *out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    keyed *k;
    size_t g, i, start = 0, base, extra;
    double total = 0.0;
    int unit, rc;
    if (!out) return LLMM_ENULL;
    if (n_bins < 1) return LLMM_EINVAL;
    if (n == 0) return LLMM_EEMPTY;
    if (!confidence || !correct) return LLMM_ENULL;
    if ((rc = llmmi_calib_scan(confidence, n, &unit)) != LLMM_OK) return rc;
    if (!unit) return LLMM_EDOMAIN;
    llmmi_alloc_init(&a, alloc);
    k = (keyed *)llmmi_calloc(&a, n, sizeof(keyed));
    if (!k) return LLMM_ENOMEM;
    for (i = 0; i < n; i++) {
        k[i].conf = confidence[i];
        k[i].index = i;
    }
    qsort(k, n, sizeof(keyed), cmp_keyed);
    /* np.array_split: the first n % n_bins groups hold n / n_bins + 1 elements. */
    base = n / n_bins;
    extra = n % n_bins;
    for (g = 0; g < n_bins; g++) {
        size_t size = base + (g < extra ? 1 : 0), hits = 0;
        llmmi_exactsum s;
        double mean_acc, mean_conf;
        if (size == 0) continue; /* empty groups are skipped */
        llmmi_exactsum_init(&s);
        for (i = start; i < start + size; i++) {
            llmmi_exactsum_add(&s, k[i].conf);
            hits += correct[k[i].index] != 0;
        }
        mean_acc = (double)hits / (double)size;
        mean_conf = llmmi_exactsum_value(&s) / (double)size;
        total += (double)size / (double)n * fabs(mean_acc - mean_conf);
        start += size;
    }
    llmmi_free(&a, k, n * sizeof(keyed));
    *out = total;
    return LLMM_OK;
}
