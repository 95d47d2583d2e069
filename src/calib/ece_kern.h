/* ece_kern.h - the binned-ECE hot loop for validated-on-the-fly float64 binary
 * probabilities (ece_fast.c drives it; scalar, AVX2 and AVX-512 variants).
 *
 * A kernel reads preds p[0..n) and targets t[0..n) once and fills a partial result:
 *   - the bucket of each prediction, exactly torch.bucketize(x, edges, right=True) - 1:
 *     floor(x * n_bins) is at most one bin off, corrected by exact comparisons with
 *     the edge table (edges[0] = 0, edges[n_bins + 1] = +inf make it branch-free);
 *   - per bucket, in LLMMI_ECE_WAYS interleaved sub-histograms (element i goes to way
 *     i % WAYS, so consecutive increments of one bin never wait on each other's store):
 *     the sums of the low and high 32-bit halves of each confidence in fixed point
 *     (x * 2^62, exact for x in [2^-10, 1]; smaller ones add 0 there and go to an
 *     exact accumulator instead), and count + (correct << 32) (in any way:
 *     the AVX-512 kernel counts in registers and adds its totals to way 0);
 *   - the largest bit pattern of the preds (all of them lie in [+0, 1] iff it is at
 *     most that of 1.0) and the largest target read as unsigned (valid iff <= 1).
 * Values outside [0, 1] (NaN, inf, negatives, -0.0) are binned as 0 so every index
 * stays in range; the caller discards the partial result when max_bits or max_label
 * says the batch was not all valid. At most LLMMI_ECE_CHUNK elements per call keep
 * every 32-bit field and 64-bit sum from overflowing.
 */
#ifndef LLMMI_ECE_KERN_H
#define LLMMI_ECE_KERN_H
#include "core/exactsum.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_ECE_KBINS 64                      /* n_bins + 1 <= this: fast path */
#define LLMMI_ECE_WAYS 4
#define LLMMI_ECE_CHUNK ((size_t)1 << 30)
#define LLMMI_ECE_ONE_BITS UINT64_C(0x3FF0000000000000) /* 1.0 */
#define LLMMI_ECE_SMALL_BITS UINT64_C(0x3F50000000000000) /* 2^-10 */

/* Validation summary of the elements read. */
typedef struct llmmi_ece_scan {
    uint64_t max_bits; /* largest bit pattern of a pred */
    uint64_t n_small;  /* preds in (0, 2^-10) (subnormals included) */
    uint32_t max_label; /* largest target read as unsigned */
} llmmi_ece_scan;

typedef struct llmmi_ece_part {
    uint64_t cc[LLMMI_ECE_KBINS * LLMMI_ECE_WAYS]; /* [bin * WAYS + way] */
    uint64_t lo[LLMMI_ECE_KBINS * LLMMI_ECE_WAYS];
    uint64_t hi[LLMMI_ECE_KBINS * LLMMI_ECE_WAYS];
    llmmi_ece_scan scan;
    llmmi_exactsum *small; /* the caller's exact sum of the small preds: they are all in
                              bin 0, as edges[1] >= 1/63 > 2^-10 */
} llmmi_ece_part;

/* Adds a small pred (0 < x < 2^-10, already validated as finite). */
static inline void llmmi_ece_small(llmmi_ece_part *part, double x)
{
    part->scan.n_small++;
    llmmi_exactsum_add_finite(part->small, x);
}

/* `edges` holds n_bins + 2 values (the last +inf); n_bins + 1 <= LLMMI_ECE_KBINS,
 * n <= LLMMI_ECE_CHUNK; *part zeroed over the first (n_bins + 1) * WAYS entries of
 * each array and its scan, and `small` set, by the caller. */
typedef void (*llmmi_ece_kern_fn)(const double *p, const int32_t *t, size_t n,
                                  const double *edges, uint32_t n_bins, llmmi_ece_part *part);
void llmmi_ece_kern_scalar(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part);
void llmmi_ece_kern_avx2(const double *p, const int32_t *t, size_t n, const double *edges,
                         uint32_t n_bins, llmmi_ece_part *part);
void llmmi_ece_kern_avx512(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part);
/* The kernel of an isa (LLMM_ISA_SCALAR..AVX512; SSE4.2 runs the scalar one). */
llmmi_ece_kern_fn llmmi_ece_kern_for(int isa);

/* x * 2^62 as an integer from the bits of x in [2^-10, 1] (the mantissa shifted by
 * exponent - 1013); 0 for smaller values and for anything that is not in [0, 1]. */
static inline uint64_t llmmi_ece_fixed(uint64_t bits)
{
    uint64_t sh = (bits >> 52) - 1013u;
    return sh <= 10 ? ((bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52)) << sh : 0;
}

/* Validation, bucket and fixed-point value of one element (the scalar kernel, and
 * the SIMD kernels' tails). */
static inline void llmmi_ece_one(const double *edges, double dnb, const double *p,
                                 const int32_t *t, size_t i, llmmi_ece_part *part,
                                 uint32_t *idx, uint64_t *v)
{
    union { double d; uint64_t u; } x;
    llmmi_ece_scan *s = &part->scan;
    uint32_t b, lab = (uint32_t)t[i];
    x.d = p[i];
    s->max_bits = x.u > s->max_bits ? x.u : s->max_bits;
    s->max_label = lab > s->max_label ? lab : s->max_label;
    if (x.u > LLMMI_ECE_ONE_BITS) x.u = 0; /* not in [+0, 1]: binned as 0 */
    if (x.u - 1 < LLMMI_ECE_SMALL_BITS - 1) llmmi_ece_small(part, x.d);
    b = (uint32_t)(x.d * dnb);
    b += edges[b + 1] <= x.d;
    b -= edges[b] > x.d;
    *idx = b;
    *v = llmmi_ece_fixed(x.u);
}

/* The accumulation of m staged elements: bucket idx[i], fixed-point v[i], target t[i];
 * t NULL when the caller counts the elements and their targets itself. */
static inline void llmmi_ece_accumulate(llmmi_ece_part *part, const uint32_t *idx,
                                        const uint64_t *v, const int32_t *t, size_t m)
{
    uint64_t *cc = part->cc, *lo = part->lo, *hi = part->hi;
    size_t i, w;
    for (i = 0; i + LLMMI_ECE_WAYS <= m; i += LLMMI_ECE_WAYS) {
        for (w = 0; w < LLMMI_ECE_WAYS; w++) {
            size_t b = (size_t)idx[i + w] * LLMMI_ECE_WAYS + w;
            if (t) cc[b] += 1 + ((uint64_t)(uint32_t)t[i + w] << 32);
            lo[b] += v[i + w] & 0xFFFFFFFFu;
            hi[b] += v[i + w] >> 32;
        }
    }
    for (w = 0; i < m; i++, w++) {
        size_t b = (size_t)idx[i] * LLMMI_ECE_WAYS + w;
        if (t) cc[b] += 1 + ((uint64_t)(uint32_t)t[i] << 32);
        lo[b] += v[i] & 0xFFFFFFFFu;
        hi[b] += v[i] >> 32;
    }
}

/* Adds the kernels' byte counters to part->cc (way 0): n_bytes bytes of each array,
 * byte k = lane * 8 + j counting bin 2j (even_*) or 2j + 1 (odd_*) of its 64-bit lane. */
static inline void llmmi_ece_widen_bytes(llmmi_ece_part *part, const uint8_t *even_cnt,
                                         const uint8_t *odd_cnt, const uint8_t *even_cor,
                                         const uint8_t *odd_cor, unsigned n_bytes)
{
    unsigned k;
    for (k = 0; k < n_bytes; k++) {
        unsigned j = k % 8;
        part->cc[(2 * j) * LLMMI_ECE_WAYS] += even_cnt[k] + ((uint64_t)even_cor[k] << 32);
        part->cc[(2 * j + 1) * LLMMI_ECE_WAYS] += odd_cnt[k] + ((uint64_t)odd_cor[k] << 32);
    }
}

/* Block of elements staged between the index / fixed-point pass and accumulate(). */
#define LLMMI_ECE_BLOCK 256

#endif
