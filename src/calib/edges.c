/* edges.c - equal-width bin edges exactly as torchmetrics gets them from
 * torch.linspace(0, 1, n_bins + 1, dtype=confidences.dtype)
 * (torchmetrics functional/classification/calibration_error.py `_ce_compute`).
 *
 * torch 1.13's CPU linspace kernel (aten/src/ATen/native/cpu/RangeFactoriesKernel.cpp)
 * computes step = (end - start) / (steps - 1) and, for index i, start + step * i in the
 * first half and end - step * (steps - i - 1) in the second half; its vectorised path
 * (AVX2: 4 doubles / 8 floats per vector, two vectors per loop turn) computes a vector
 * base that way and the other lanes as base + j * step. The lanes, not the formula,
 * decide the last bits: float64 10 bins gives 0.30000000000000004, 0.6000000000000001
 * and 0.7000000000000001 (REFERENCE-QUIRKS.md 10.3). Replicated lane by lane here.
 */
#include "calib_internal.h"

#define LINSPACE_BODY(T, V)                                                        \
    do {                                                                           \
        const int64_t steps = (int64_t)n_bins + 1, halfway = steps / 2;            \
        const T start = 0, end = 1, step = (end - start) / (T)(steps - 1);         \
        int64_t i = 0, v, j;                                                       \
        for (; i + 2 * (V) <= steps; i += 2 * (V)) {                               \
            for (v = i; v < i + 2 * (V); v += (V)) {                               \
                T base = v < halfway ? (T)(start + step * (T)v)                    \
                                     : (T)(end - step * (T)(steps - v - 1));       \
                edges[v] = base;                                                   \
                for (j = 1; j < (V); j++) edges[v + j] = (T)(base + (T)j * step);  \
            }                                                                      \
        }                                                                          \
        for (; i < steps; i++)                                                     \
            edges[i] = i < halfway ? (T)(start + step * (T)i)                      \
                                   : (T)(end - step * (T)(steps - i - 1));         \
    } while (0)

void llmmi_calib_edges_f64(uint32_t n_bins, double *edges)
{
    LINSPACE_BODY(double, 4);
}

void llmmi_calib_edges_f32(uint32_t n_bins, float *edges)
{
    LINSPACE_BODY(float, 8);
}
