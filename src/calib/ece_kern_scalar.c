/* ece_kern_scalar.c - the portable binned-ECE kernel (ece_kern.h), the reference the
 * SIMD kernels are tested against, and the partial result's setup and read-out. */
#include "ece_kern.h"
#include "llmm_common.h"
#include <string.h>

void llmmi_ece_part_init(llmmi_ece_part *part, const double *edges, uint32_t n_bins,
                         llmmi_exactsum *small)
{
    uint64_t bits;
    memset(part, 0, sizeof *part);
    memcpy(&bits, &edges[1], sizeof bits);
    /* edges[1] = m * 2^(e - 52) with e its unbiased exponent, in [-10, 0] */
    part->shift = 52 - ((unsigned)(bits >> 52) - 1023u);
    /* each way takes BLOCK / WAYS elements of a block; at most 2^(64 - shift) per flush */
    part->flush_blocks = 1u << (64 - part->shift - 6);
    part->small = small;
    (void)n_bins;
}

static void add128(uint64_t *lo, uint64_t *hi, uint64_t a_lo, uint64_t a_hi)
{
    uint64_t s = *lo + a_lo;
    *hi += a_hi + (s < a_lo);
    *lo = s;
}

void llmmi_ece_flush(llmmi_ece_part *part, uint32_t n_bins)
{
    uint64_t *r0 = part->run[0], *r1 = part->run[1], *r2 = part->run[2], *r3 = part->run[3];
    uint32_t b;
    for (b = 1; b < n_bins; b++) {
        /* the four ways' sum as 66 bits: s + carries * 2^64 */
        uint64_t s01 = r0[b] + r1[b], s23 = r2[b] + r3[b], s = s01 + s23;
        uint64_t carries = (s01 < r0[b]) + (s23 < r2[b]) + (s < s01);
        add128(&part->bin_lo[b], &part->bin_hi[b], s, carries);
        r0[b] = r1[b] = r2[b] = r3[b] = 0;
    }
}

void llmmi_ece_part_totals(const llmmi_ece_part *part, uint32_t n_bins, llmmi_ece_totals *out)
{
    const unsigned up = 62 - part->shift; /* 2^-shift units -> 2^-62 units */
    uint64_t rest_lo, rest_hi;
    uint32_t b, w;
    for (b = 0; b <= n_bins; b++) {
        out->count[b] = out->correct[b] = 0;
        for (w = 0; w < LLMMI_ECE_WAYS; w++) {
            uint64_t cc = part->cc[b * LLMMI_ECE_WAYS + w];
            out->count[b] += cc & 0xFFFFFFFFu;
            out->correct[b] += cc >> 32;
        }
    }
    /* total = tot_lo + tot_hi * 2^32 */
    rest_lo = part->tot_lo;
    rest_hi = 0;
    add128(&rest_lo, &rest_hi, part->tot_hi << 32, part->tot_hi >> 32);
    for (b = 1; b <= n_bins; b++) {
        uint64_t lo = part->bin_lo[b], hi = part->bin_hi[b];
        if (b == n_bins) { /* confidence 1.0: count * 2^62 */
            lo = out->count[b] << 62;
            hi = out->count[b] >> 2;
        } else if (up) {
            hi = hi << up | lo >> (64 - up);
            lo <<= up;
        }
        out->s_lo[b] = lo;
        out->s_hi[b] = hi;
        /* rest -= (hi, lo) */
        rest_hi -= hi + (rest_lo < lo);
        rest_lo -= lo;
    }
    out->s_lo[0] = rest_lo;
    out->s_hi[0] = rest_hi;
}

void llmmi_ece_kern_scalar(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part)
{
    uint32_t idx[LLMMI_ECE_BLOCK];
    uint64_t v[LLMMI_ECE_BLOCK];
    const double dnb = (double)n_bins;
    unsigned blocks = 0;
    size_t i0, i;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_BLOCK) {
        size_t m = n - i0 < LLMMI_ECE_BLOCK ? n - i0 : LLMMI_ECE_BLOCK;
        uint64_t lo = 0, hi = 0;
        for (i = 0; i < m; i++) {
            uint64_t f = llmmi_ece_one(edges, dnb, p, t, i0 + i, part, idx + i, v + i);
            lo += f & 0xFFFFFFFFu;
            hi += f >> 32;
        }
        part->tot_lo += lo;
        part->tot_hi += hi;
        llmmi_ece_count(part, idx, t + i0, m);
        llmmi_ece_accumulate(part, idx, v, m);
        if (++blocks == part->flush_blocks) {
            llmmi_ece_flush(part, n_bins);
            blocks = 0;
        }
    }
    llmmi_ece_flush(part, n_bins);
}

llmmi_ece_kern_fn llmmi_ece_kern_for(int isa)
{
    switch (isa) {
    case LLMM_ISA_AVX2: return llmmi_ece_kern_avx2;
    case LLMM_ISA_AVX512: return llmmi_ece_kern_avx512;
    default: return llmmi_ece_kern_scalar;
    }
}
