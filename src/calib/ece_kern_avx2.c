/* ece_kern_avx2.c - the binned-ECE kernel (ece_kern.h), 4 doubles per vector.
 *
 * The bucket is q = floor(x * n_bins) unless x * n_bins lies within 2^-20 of an
 * integer; only such vectors (x = 0, x = 1, values on or next to an edge) take the
 * exact comparisons with the edge table, lane by lane. Why that is exact: the
 * product is x * n_bins within n_bins * 2^-53, and every edge lies within 2^-30 of
 * k / n_bins (checked when the kernel starts; otherwise every vector is corrected),
 * so a product at distance >= 2^-20 from any integer puts x strictly inside
 * [edges[q], edges[q + 1]) for n_bins < 2^9. AVX2 has no unsigned 64-bit compare, so
 * the largest bit pattern is tracked with the sign bit flipped. With n_bins <= 15 the
 * counts and correct counts stay in registers as in the AVX-512 kernel: 16 four-bit
 * counters per 64-bit lane, spilled every 15 vectors into byte counters, those every
 * 17 spills into the partial result. */
#include "ece_kern.h"
#include <math.h>
#include <simde/x86/avx2.h>

typedef simde__m256i VI;
typedef simde__m256d VD;

#define NEAR 0x1p-20

/* Counts and correct counts: 16 four-bit counters per lane (bin b at bits 4b..4b+3),
 * and the byte counters they spill into (even_*: bins 2j, odd_*: bins 2j + 1). */
typedef struct counters {
    VI cnt, cor;
    VI even_cnt, odd_cnt, even_cor, odd_cor;
} counters;

/* Four-bit counters -> byte counters (every 15 vectors, so no nibble exceeds 15). */
static inline void spill_nibbles(counters *c)
{
    const VI low = simde_mm256_set1_epi8(0x0F);
    c->even_cnt = simde_mm256_add_epi8(c->even_cnt, simde_mm256_and_si256(c->cnt, low));
    c->odd_cnt = simde_mm256_add_epi8(
        c->odd_cnt, simde_mm256_and_si256(simde_mm256_srli_epi64(c->cnt, 4), low));
    c->even_cor = simde_mm256_add_epi8(c->even_cor, simde_mm256_and_si256(c->cor, low));
    c->odd_cor = simde_mm256_add_epi8(
        c->odd_cor, simde_mm256_and_si256(simde_mm256_srli_epi64(c->cor, 4), low));
    c->cnt = c->cor = simde_mm256_setzero_si256();
}

/* Byte counters -> part->cc (way 0), then cleared. */
static void widen_bytes(counters *c, llmmi_ece_part *part)
{
    uint8_t ec[32], oc[32], er[32], orr[32];
    simde_mm256_storeu_si256((VI *)ec, c->even_cnt);
    simde_mm256_storeu_si256((VI *)oc, c->odd_cnt);
    simde_mm256_storeu_si256((VI *)er, c->even_cor);
    simde_mm256_storeu_si256((VI *)orr, c->odd_cor);
    llmmi_ece_widen_bytes(part, ec, oc, er, orr, 32);
    c->even_cnt = c->odd_cnt = c->even_cor = c->odd_cor = simde_mm256_setzero_si256();
}

/* 1 when every edge lies within 2^-30 of k / n_bins. */
static int edges_regular(const double *edges, uint32_t n_bins)
{
    uint32_t k;
    for (k = 0; k <= n_bins; k++)
        if (fabs(edges[k] * (double)n_bins - (double)k) > 0x1p-30 * (double)n_bins) return 0;
    return 1;
}

/* The sum of the 4 lanes of a. */
static uint64_t lane_sum(VI a)
{
    uint64_t lanes[4];
    simde_mm256_storeu_si256((VI *)lanes, a);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

void llmmi_ece_kern_avx2(const double *p, const int32_t *t, size_t n, const double *edges,
                         uint32_t n_bins, llmmi_ece_part *part)
{
    uint32_t idx[LLMMI_ECE_BLOCK], labels[4];
    uint64_t v[LLMMI_ECE_BLOCK], lanes[4];
    uint8_t small_of[LLMMI_ECE_BLOCK / 4]; /* per vector, its lanes in (0, 2^-10) */
    const double dnb = (double)n_bins;
    const VD vnb = simde_mm256_set1_pd(dnb), near_lo = simde_mm256_set1_pd(NEAR);
    const VD near_hi = simde_mm256_set1_pd(1.0 - NEAR);
    const VI sign = simde_mm256_set1_epi64x(INT64_MIN), zero = simde_mm256_setzero_si256();
    const VI one_bits = simde_mm256_set1_epi64x((int64_t)LLMMI_ECE_ONE_BITS);
    const VI small_bits = simde_mm256_set1_epi64x((int64_t)LLMMI_ECE_SMALL_BITS);
    const VI mant = simde_mm256_set1_epi64x((int64_t)((UINT64_C(1) << 52) - 1));
    const VI implicit = simde_mm256_set1_epi64x((int64_t)(UINT64_C(1) << 52));
    const VI e1013 = simde_mm256_set1_epi64x(1013), ones = simde_mm256_set1_epi64x(1);
    const VI low32 = simde_mm256_set1_epi64x((int64_t)0xFFFFFFFF);
    const simde__m128i down_shift = simde_mm_cvtsi32_si128((int)(62 - part->shift));
    const int always = !edges_regular(edges, n_bins), in_regs = n_bins <= 15;
    VI max_bits = sign; /* 0, flipped */
    VI tot_lo = zero, tot_hi = zero;
    simde__m128i max_label = simde_mm_setzero_si128();
    counters c;
    size_t i0, i, k;
    unsigned blocks = 0, n_vec = 0, n_spill = 0;
    c.cnt = c.cor = c.even_cnt = c.odd_cnt = c.even_cor = c.odd_cor = zero;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_BLOCK) {
        size_t m = n - i0 < LLMMI_ECE_BLOCK ? n - i0 : LLMMI_ECE_BLOCK, nv = m / 4, j;
        int any_small = 0;
        for (j = 0; j < nv; j++) {
            VD x = simde_mm256_loadu_pd(p + i0 + 4 * j), y, f, d;
            VI bits = simde_mm256_castpd_si256(x), flipped, bad, fx;
            simde__m128i lab = simde_mm_loadu_si128((const simde__m128i *)(t + i0 + 4 * j));
            uint32_t *id = idx + 4 * j;
            int near, small;
            flipped = simde_mm256_xor_si256(bits, sign);
            max_bits = simde_mm256_blendv_epi8(max_bits, flipped,
                                               simde_mm256_cmpgt_epi64(flipped, max_bits));
            max_label = simde_mm_max_epu32(max_label, lab);
            /* outside [+0, 1] (negative as int64, or above 1.0): binned as 0 */
            bad = simde_mm256_or_si256(simde_mm256_cmpgt_epi64(bits, one_bits),
                                       simde_mm256_cmpgt_epi64(zero, bits));
            bits = simde_mm256_andnot_si256(bad, bits);
            x = simde_mm256_castsi256_pd(bits);
            small = simde_mm256_movemask_pd(simde_mm256_castsi256_pd(
                simde_mm256_and_si256(simde_mm256_cmpgt_epi64(bits, zero),
                                      simde_mm256_cmpgt_epi64(small_bits, bits))));
            small_of[j] = (uint8_t)small;
            any_small |= small;
            y = simde_mm256_mul_pd(x, vnb);
            f = simde_mm256_floor_pd(y);
            d = simde_mm256_sub_pd(y, f);
            near = simde_mm256_movemask_pd(
                simde_mm256_or_pd(simde_mm256_cmp_pd(d, near_lo, SIMDE_CMP_LT_OQ),
                                  simde_mm256_cmp_pd(d, near_hi, SIMDE_CMP_GT_OQ)));
            simde_mm_storeu_si128((simde__m128i *)id, simde_mm256_cvttpd_epi32(f));
            if (near || always) {
                double xs[4];
                simde_mm256_storeu_pd(xs, x);
                for (k = 0; k < 4; k++) {
                    uint32_t b = id[k];
                    b += edges[b + 1] <= xs[k];
                    b -= edges[b] > xs[k];
                    id[k] = b;
                }
            }
            if (in_regs) {
                VI q = simde_mm256_cvtepu32_epi64(simde_mm_loadu_si128((const simde__m128i *)id));
                VI inc = simde_mm256_sllv_epi64(ones, simde_mm256_slli_epi64(q, 2));
                /* targets 1 (> 0; any other non-zero one fails validation anyway) */
                VI pos = simde_mm256_cmpgt_epi64(simde_mm256_cvtepi32_epi64(lab), zero);
                c.cnt = simde_mm256_add_epi64(c.cnt, inc);
                c.cor = simde_mm256_add_epi64(c.cor, simde_mm256_and_si256(inc, pos));
                if (++n_vec == 15) {
                    spill_nibbles(&c);
                    n_vec = 0;
                    n_spill++;
                }
            }
            fx = simde_mm256_sllv_epi64(
                simde_mm256_or_si256(simde_mm256_and_si256(bits, mant), implicit),
                simde_mm256_sub_epi64(simde_mm256_srli_epi64(bits, 52), e1013));
            tot_lo = simde_mm256_add_epi64(tot_lo, simde_mm256_and_si256(fx, low32));
            tot_hi = simde_mm256_add_epi64(tot_hi, simde_mm256_srli_epi64(fx, 32));
            simde_mm256_storeu_si256((VI *)(v + 4 * j), simde_mm256_srl_epi64(fx, down_shift));
        }
        if (any_small)
            for (j = 0; j < nv; j++)
                for (k = small_of[j]; k; k &= k - 1)
                    llmmi_ece_small(part, p[i0 + 4 * j + (size_t)__builtin_ctz((unsigned)k)]);
        /* a block spills at most 5 times: bytes stay <= 17 * 15 = 255 */
        if (n_spill >= 12) {
            widen_bytes(&c, part);
            n_spill = 0;
        }
        for (i = 4 * nv; i < m; i++) {
            llmmi_ece_total(part, llmmi_ece_one(edges, dnb, p, t, i0 + i, part, idx + i, v + i));
            if (in_regs)
                part->cc[idx[i] * LLMMI_ECE_WAYS] += 1 + ((uint64_t)(uint32_t)t[i0 + i] << 32);
        }
        if (!in_regs) llmmi_ece_count(part, idx, t + i0, m);
        llmmi_ece_accumulate(part, idx, v, m);
        if (++blocks == part->flush_blocks) {
            llmmi_ece_flush(part, n_bins);
            blocks = 0;
        }
    }
    llmmi_ece_flush(part, n_bins);
    spill_nibbles(&c);
    widen_bytes(&c, part);
    part->tot_lo += lane_sum(tot_lo);
    part->tot_hi += lane_sum(tot_hi);
    simde_mm256_storeu_si256((VI *)lanes, max_bits);
    simde_mm_storeu_si128((simde__m128i *)labels, max_label);
    for (k = 0; k < 4; k++) {
        uint64_t b = lanes[k] ^ (UINT64_C(1) << 63);
        if (b > part->scan.max_bits) part->scan.max_bits = b;
        if (labels[k] > part->scan.max_label) part->scan.max_label = labels[k];
    }
}
