/* ece_kern.h - the binned-ECE hot loop for validated-on-the-fly float64 binary
 * probabilities (ece_fast.c drives it; scalar, AVX2 and AVX-512 variants).
 *
 * A kernel reads preds p[0..n) and targets t[0..n) once and fills a partial result:
 *   - the bucket of each prediction, exactly torch.bucketize(x, edges, right=True) - 1:
 *     floor(x * n_bins) is at most one bin off, corrected by exact comparisons with
 *     the edge table (edges[0] = 0, edges[n_bins + 1] = +inf make it branch-free);
 *   - count + (correct << 32) per bucket, in LLMMI_ECE_WAYS interleaved sub-histograms
 *     (element i goes to way i % WAYS, so consecutive increments of one bin never wait
 *     on each other's store; the SIMD kernels count in registers and add their totals
 *     to way 0);
 *   - the sum of all confidences in fixed point (x * 2^62, exact for x in [2^-10, 1];
 *     smaller ones add 0 there and go to an exact accumulator instead), as the sums of
 *     the low and high 32-bit halves (the SIMD kernels keep them in registers);
 *   - per bucket 1 .. n_bins - 1, the sum of its confidences in units of 2^-shift with
 *     shift = 52 - exponent(edges[1]): each such confidence is at least edges[1], so a
 *     whole number of units, and below 1, so below 2^shift. That is one 64-bit add per
 *     element; 2^(64 - shift) elements per way fit, and llmmi_ece_flush moves the sums
 *     into 128-bit totals at least that often. Bucket 0 is the total minus the others,
 *     and bucket n_bins (confidence exactly 1.0) is its count: what the element loop
 *     adds to those two buckets is ignored;
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
#define LLMMI_ECE_WAYS 4 /* written out in llmmi_ece_accumulate */
#define LLMMI_ECE_CHUNK ((size_t)1 << 30)
#define LLMMI_ECE_ONE_BITS UINT64_C(0x3FF0000000000000) /* 1.0 */
#define LLMMI_ECE_SMALL_BITS UINT64_C(0x3F50000000000000) /* 2^-10 */
/* Block of elements staged between the index / fixed-point pass and accumulate(). */
#define LLMMI_ECE_BLOCK 256

/* Validation summary of the elements read. */
typedef struct llmmi_ece_scan {
    uint64_t max_bits; /* largest bit pattern of a pred */
    uint64_t n_small;  /* preds in (0, 2^-10) (subnormals included) */
    uint32_t max_label; /* largest target read as unsigned */
} llmmi_ece_scan;

typedef struct llmmi_ece_part {
    uint64_t cc[LLMMI_ECE_KBINS * LLMMI_ECE_WAYS]; /* [bin * WAYS + way] */
    uint64_t run[LLMMI_ECE_WAYS][LLMMI_ECE_KBINS]; /* sums since the last flush, 2^-shift */
    uint64_t bin_lo[LLMMI_ECE_KBINS], bin_hi[LLMMI_ECE_KBINS]; /* flushed, 128-bit */
    uint64_t tot_lo, tot_hi; /* sums of the low / high halves of x * 2^62 */
    unsigned shift;          /* set by llmmi_ece_part_init */
    unsigned flush_blocks;   /* LLMMI_ECE_BLOCKs between flushes */
    llmmi_ece_scan scan;
    llmmi_exactsum *small; /* the caller's exact sum of the small preds: they are all in
                              bin 0, as edges[1] >= 1/63 > 2^-10 */
} llmmi_ece_part;

/* Per bucket: count, correct count and the confidence sum in units of 2^-62 (128-bit,
 * the small preds excepted: they are in part->small). */
typedef struct llmmi_ece_totals {
    uint64_t count[LLMMI_ECE_KBINS], correct[LLMMI_ECE_KBINS];
    uint64_t s_lo[LLMMI_ECE_KBINS], s_hi[LLMMI_ECE_KBINS];
} llmmi_ece_totals;

/* Zeroes *part for n_bins bins over `edges` (2 <= n_bins + 1 <= LLMMI_ECE_KBINS,
 * edges[1] >= 2^-6, edges[n_bins] = 1) and sets its exact accumulator. */
void llmmi_ece_part_init(llmmi_ece_part *part, const double *edges, uint32_t n_bins,
                         llmmi_exactsum *small);
/* Moves the run sums of buckets 1 .. n_bins - 1 into the 128-bit totals. */
void llmmi_ece_flush(llmmi_ece_part *part, uint32_t n_bins);
/* The partial result of a kernel call (flushed) as per-bucket totals. */
void llmmi_ece_part_totals(const llmmi_ece_part *part, uint32_t n_bins,
                           llmmi_ece_totals *out);

/* Adds a small pred (0 < x < 2^-10, already validated as finite). */
static inline void llmmi_ece_small(llmmi_ece_part *part, double x)
{
    part->scan.n_small++;
    llmmi_exactsum_add_finite(part->small, x);
}

/* `edges` holds n_bins + 2 values (the last +inf); n <= LLMMI_ECE_CHUNK; *part set by
 * llmmi_ece_part_init for the same edges. */
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

/* Validation, bucket and run value (units of 2^-shift) of one element; returns its
 * x * 2^62 for the total (the scalar kernel, and the SIMD kernels' tails). */
static inline uint64_t llmmi_ece_one(const double *edges, double dnb, const double *p,
                                 const int32_t *t, size_t i, llmmi_ece_part *part,
                                 uint32_t *idx, uint64_t *v)
{
    union { double d; uint64_t u; } x;
    llmmi_ece_scan *s = &part->scan;
    uint32_t b, lab = (uint32_t)t[i];
    uint64_t f;
    x.d = p[i];
    s->max_bits = x.u > s->max_bits ? x.u : s->max_bits;
    s->max_label = lab > s->max_label ? lab : s->max_label;
    if (x.u > LLMMI_ECE_ONE_BITS) x.u = 0; /* not in [+0, 1]: binned as 0 */
    if (x.u - 1 < LLMMI_ECE_SMALL_BITS - 1) llmmi_ece_small(part, x.d);
    b = (uint32_t)(x.d * dnb);
    b += edges[b + 1] <= x.d;
    b -= edges[b] > x.d;
    *idx = b;
    f = llmmi_ece_fixed(x.u);
    *v = f >> (62 - part->shift);
    return f;
}

/* Adds x * 2^62 to the total. */
static inline void llmmi_ece_total(llmmi_ece_part *part, uint64_t f)
{
    part->tot_lo += f & 0xFFFFFFFFu;
    part->tot_hi += f >> 32;
}

/* The run sums of m staged elements: bucket idx[i], run value v[i] (element i goes to
 * way i % WAYS; the ways written out so each is a fixed offset from `part`). */
static inline void llmmi_ece_accumulate(llmmi_ece_part *part, const uint32_t *idx,
                                        const uint64_t *v, size_t m)
{
    uint64_t *r0 = part->run[0], *r1 = part->run[1], *r2 = part->run[2], *r3 = part->run[3];
    size_t i;
    for (i = 0; i + 4 <= m; i += 4) {
        r0[idx[i]] += v[i];
        r1[idx[i + 1]] += v[i + 1];
        r2[idx[i + 2]] += v[i + 2];
        r3[idx[i + 3]] += v[i + 3];
    }
    for (; i < m; i++) part->run[i % 4][idx[i]] += v[i];
}

/* count + (target << 32) of m staged elements, per way as llmmi_ece_accumulate. */
static inline void llmmi_ece_count(llmmi_ece_part *part, const uint32_t *idx,
                                   const int32_t *t, size_t m)
{
    uint64_t *cc = part->cc;
    size_t i;
    for (i = 0; i + 4 <= m; i += 4) {
        cc[idx[i] * LLMMI_ECE_WAYS] += 1 + ((uint64_t)(uint32_t)t[i] << 32);
        cc[idx[i + 1] * LLMMI_ECE_WAYS + 1] += 1 + ((uint64_t)(uint32_t)t[i + 1] << 32);
        cc[idx[i + 2] * LLMMI_ECE_WAYS + 2] += 1 + ((uint64_t)(uint32_t)t[i + 2] << 32);
        cc[idx[i + 3] * LLMMI_ECE_WAYS + 3] += 1 + ((uint64_t)(uint32_t)t[i + 3] << 32);
    }
    for (; i < m; i++) cc[idx[i] * LLMMI_ECE_WAYS + i % 4] += 1 + ((uint64_t)(uint32_t)t[i] << 32);
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

#endif
