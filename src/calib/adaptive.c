/* adaptive.c - equal-mass (adaptive) ECE: stable sort by confidence, np.array_split
 * into n_bins groups, sum_g (n_g / n) |mean(correct_g) - mean(confidence_g)|. The
 * "plain formula" of vectors/README.md (calibration, adaptive_ece_n*). */
#include "calib_internal.h"
#include "core/alloc.h"
#include "core/radix.h"
#include <math.h>
#include <string.h>

/* The double of a key of a confidence in [0, 1] (a -0.0 comes back as +0.0, which
 * changes no mean's magnitude). */
static double key_value(uint64_t key)
{
    uint64_t u = key & ~UINT64_C(0x8000000000000000);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

int llmm_calib_adaptive_ece(const double *confidence, const unsigned char *correct, size_t n,
                            uint32_t n_bins, double *out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmmi_kv *k, *tmp;
    size_t g, i, start = 0, base, extra, bytes;
    double total = 0.0;
    int unit, rc;
    if (!out) return LLMM_ENULL;
    if (n_bins < 1) return LLMM_EINVAL;
    if (n == 0) return LLMM_EEMPTY;
    if (!confidence || !correct) return LLMM_ENULL;
    if ((rc = llmmi_calib_scan(confidence, n, &unit)) != LLMM_OK) return rc;
    if (!unit) return LLMM_EDOMAIN;
    if (!llmmi_mul_ok(n, 2 * sizeof(llmmi_kv), &bytes)) return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    k = (llmmi_kv *)llmmi_malloc(&a, bytes);
    if (!k) return LLMM_ENOMEM;
    tmp = k + n;
    /* np.argsort(kind="stable"): the radix sort is stable, so ties keep input order
     * (-0.0 and +0.0 tie, as they compare equal). Each key carries its correct flag,
     * and the confidence is read back from the key, so the groups are summed in one
     * sequential pass (no gather through the permutation). */
    for (i = 0; i < n; i++) {
        k[i].k = llmmi_f64_key(confidence[i]);
        k[i].v = correct[i] != 0;
    }
    llmmi_radix_sort_kv(k, tmp, n);
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
            llmmi_exactsum_add_finite(&s, key_value(k[i].k)); /* scanned: in [0, 1] */
            hits += (size_t)k[i].v;
        }
        mean_acc = (double)hits / (double)size;
        mean_conf = llmmi_exactsum_value(&s) / (double)size;
        total += (double)size / (double)n * fabs(mean_acc - mean_conf);
        start += size;
    }
    llmmi_free(&a, k, bytes);
    *out = total;
    return LLMM_OK;
}
