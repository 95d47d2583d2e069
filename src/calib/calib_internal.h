/* calib_internal.h - helpers shared by the src/calib/ files. */
#ifndef LLMMI_CALIB_INTERNAL_H
#define LLMMI_CALIB_INTERNAL_H
#include "llmm_calib.h"
#include "core/exactsum.h"

/* torch.linspace(0, 1, n_bins + 1) as torch 1.13's CPU kernel computes it in float64 /
 * float32 (edges has n_bins + 1 entries). */
void llmmi_calib_edges_f64(uint32_t n_bins, double *edges);
void llmmi_calib_edges_f32(uint32_t n_bins, float *edges);

/* torch.bucketize(x, edges, right=True) - 1 = (number of edges <= x) - 1, for x >= 0:
 * bins [edge_k, edge_k+1), and x >= edges[n_bins] lands in the extra bin n_bins. */
static inline uint32_t llmmi_calib_bucket_f64(const double *edges, uint32_t n_bins, double x)
{
    double g = x * (double)n_bins;
    uint32_t k = g >= (double)n_bins ? n_bins : (uint32_t)g;
    while (k < n_bins && edges[k + 1] <= x) k++;
    while (k > 0 && edges[k] > x) k--;
    return k;
}

static inline uint32_t llmmi_calib_bucket_f32(const float *edges, uint32_t n_bins, float x)
{
    double g = (double)x * (double)n_bins;
    uint32_t k = g >= (double)n_bins ? n_bins : (uint32_t)g;
    while (k < n_bins && edges[k + 1] <= x) k++;
    while (k > 0 && edges[k] > x) k--;
    return k;
}

/* Status of a batch of values: LLMM_ENONFINITE if any is NaN/inf; *all_unit is set to
 * 1 when every value lies in [0, 1] (torchmetrics' probability test). */
int llmmi_calib_scan(const double *x, size_t n, int *all_unit);

/* Top-label confidence and correctness of one row of probabilities (softmax applied
 * first when `logits`): first argmax wins ties. */
void llmmi_calib_top1(const double *row, size_t n_classes, int logits, int32_t target,
                      double *confidence, int *correct);

/* Checks that every label lies in [0, n_classes). */
int llmmi_calib_check_labels(const int32_t *target, size_t n, size_t n_classes);

/* llmmi_exactsum_read() as a size: bytes consumed, 0 when malformed. */
static inline size_t llmmi_calib_read_sum(llmmi_exactsum *s, const unsigned char *p, size_t len)
{
    size_t used = 0;
    return llmmi_exactsum_read(s, p, len, &used) == LLMM_OK ? used : 0;
}

/* Smallest serialized exact sum (zero): lets deserializers reject short payloads
 * before allocating. */
static inline size_t llmmi_calib_min_sum_size(void)
{
    llmmi_exactsum z;
    llmmi_exactsum_init(&z);
    return llmmi_exactsum_ser_size(&z);
}

#endif
