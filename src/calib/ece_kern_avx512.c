/* ece_kern_avx512.c - the binned-ECE kernel (ece_kern.h), 8 doubles per vector. The
 * bucket corrections look the edges up with two-table permutes (edges[0..15] and
 * edges[1..16] in two registers each), so this path takes n_bins <= 15 and hands
 * more bins to the AVX2 kernel's gathers; floor(x * n_bins) is rounded with
 * roundscale and read as an integer by adding 2^52; the fixed-point conversion is a
 * variable shift. Counts and correct counts never touch memory per element: each
 * 64-bit lane holds 16 four-bit counters (bin b at bits 4b..4b+3), incremented by
 * 1 << 4b, spilled every 15 vectors into byte counters (even / odd bins), which are
 * moved into the partial result before 17 spills (<= 255 per byte). The last
 * (n mod 8) elements of a block take the scalar steps. */
#include "ece_kern.h"
#include <math.h>
#include <simde/x86/avx512.h>

typedef simde__m512i VI;
typedef simde__m512d VD;

/* Counts and correct counts: 16 four-bit counters per lane (bin b at bits 4b..4b+3),
 * and the byte counters they spill into (even_*: bins 2j, odd_*: bins 2j + 1). */
typedef struct counters {
    VI cnt, cor;
    VI even_cnt, odd_cnt, even_cor, odd_cor;
} counters;

/* Four-bit counters -> byte counters (every 15 vectors, so no nibble exceeds 15). */
static inline void spill_nibbles(counters *c)
{
    const VI low = simde_mm512_set1_epi8(0x0F);
    c->even_cnt = simde_mm512_add_epi8(c->even_cnt, simde_mm512_and_si512(c->cnt, low));
    c->odd_cnt = simde_mm512_add_epi8(
        c->odd_cnt, simde_mm512_and_si512(simde_mm512_srli_epi64(c->cnt, 4), low));
    c->even_cor = simde_mm512_add_epi8(c->even_cor, simde_mm512_and_si512(c->cor, low));
    c->odd_cor = simde_mm512_add_epi8(
        c->odd_cor, simde_mm512_and_si512(simde_mm512_srli_epi64(c->cor, 4), low));
    c->cnt = c->cor = simde_mm512_setzero_si512();
}

/* Byte counters -> part->cc (way 0), then cleared. */
static void widen_bytes(counters *c, llmmi_ece_part *part)
{
    uint8_t ec[64], oc[64], er[64], orr[64];
    simde_mm512_storeu_si512(ec, c->even_cnt);
    simde_mm512_storeu_si512(oc, c->odd_cnt);
    simde_mm512_storeu_si512(er, c->even_cor);
    simde_mm512_storeu_si512(orr, c->odd_cor);
    llmmi_ece_widen_bytes(part, ec, oc, er, orr, 64);
    c->even_cnt = c->odd_cnt = c->even_cor = c->odd_cor = simde_mm512_setzero_si512();
}

/* The sum of the 8 lanes of a. */
static uint64_t lane_sum(VI a)
{
    uint64_t lanes[8], s = 0;
    unsigned k;
    simde_mm512_storeu_si512(lanes, a);
    for (k = 0; k < 8; k++) s += lanes[k];
    return s;
}

void llmmi_ece_kern_avx512(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part)
{
    uint32_t idx[LLMMI_ECE_BLOCK];
    uint64_t v[LLMMI_ECE_BLOCK], lanes[8];
    uint8_t small_of[LLMMI_ECE_BLOCK / 8]; /* per vector, its lanes in (0, 2^-10) */
    uint32_t labels[8];
    double tab[17];
    const double dnb = (double)n_bins;
    const VD vnb = simde_mm512_set1_pd(dnb), two52 = simde_mm512_set1_pd(0x1p52);
    const VI one_bits = simde_mm512_set1_epi64((int64_t)LLMMI_ECE_ONE_BITS);
    const VI small_m2 = simde_mm512_set1_epi64((int64_t)(LLMMI_ECE_SMALL_BITS - 2));
    const VI mant = simde_mm512_set1_epi64((int64_t)((UINT64_C(1) << 52) - 1));
    const VI implicit = simde_mm512_set1_epi64((int64_t)(UINT64_C(1) << 52));
    const VI e1013 = simde_mm512_set1_epi64(1013), ones = simde_mm512_set1_epi64(1);
    const VI low32 = simde_mm512_set1_epi64((int64_t)0xFFFFFFFF);
    const simde__m128i down_shift = simde_mm_cvtsi32_si128((int)(62 - part->shift));
    VI max_bits = simde_mm512_setzero_si512(), tot_lo = max_bits, tot_hi = max_bits;
    simde__m256i max_label = simde_mm256_setzero_si256();
    VD lo0, lo1, hi0, hi1;
    counters c;
    size_t i0, i, k;
    unsigned blocks = 0, n_vec = 0, n_spill = 0;
    if (n_bins > 15) {
        llmmi_ece_kern_avx2(p, t, n, edges, n_bins, part);
        return;
    }
    for (k = 0; k < 17; k++) tab[k] = k <= n_bins + 1 ? edges[k] : (double)INFINITY;
    lo0 = simde_mm512_loadu_pd(tab);     /* edges[0..7] */
    lo1 = simde_mm512_loadu_pd(tab + 8); /* edges[8..15] */
    hi0 = simde_mm512_loadu_pd(tab + 1); /* edges[1..8] */
    hi1 = simde_mm512_loadu_pd(tab + 9); /* edges[9..16] */
    c.cnt = c.cor = c.even_cnt = c.odd_cnt = c.even_cor = c.odd_cor = max_bits;
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_BLOCK) {
        size_t m = n - i0 < LLMMI_ECE_BLOCK ? n - i0 : LLMMI_ECE_BLOCK, nv = m / 8, j;
        unsigned any_small = 0;
        for (j = 0; j < nv; j++) {
            VD x = simde_mm512_loadu_pd(p + i0 + 8 * j);
            VI bits = simde_mm512_castpd_si512(x), q, inc, fx;
            simde__m256i lab = simde_mm256_loadu_si256((const simde__m256i *)(t + i0 + 8 * j));
            simde__mmask8 ok, small, up, down, pos;
            max_bits = simde_mm512_max_epu64(max_bits, bits);
            max_label = simde_mm256_max_epu32(max_label, lab);
            /* targets 1 (> 0; any other non-zero one fails validation anyway) */
            pos = (simde__mmask8)simde_mm256_movemask_ps(simde_mm256_castsi256_ps(
                simde_mm256_cmpgt_epi32(lab, simde_mm256_setzero_si256())));
            ok = simde_mm512_cmple_epu64_mask(bits, one_bits); /* in [+0, 1] */
            bits = simde_mm512_maskz_mov_epi64(ok, bits);      /* else binned as 0 */
            x = simde_mm512_castsi512_pd(bits);
            /* 0 < bits < bits(2^-10): bits - 1 <= bits(2^-10) - 2, unsigned */
            small = simde_mm512_cmple_epu64_mask(simde_mm512_sub_epi64(bits, ones), small_m2);
            small_of[j] = (uint8_t)small;
            any_small |= small;
            q = simde_mm512_sub_epi64(
                simde_mm512_castpd_si512(simde_mm512_add_pd(
                    simde_mm512_roundscale_pd(simde_mm512_mul_pd(x, vnb),
                                              SIMDE_MM_FROUND_TO_NEG_INF |
                                                  SIMDE_MM_FROUND_NO_EXC),
                    two52)),
                simde_mm512_castpd_si512(two52));
            up = simde_mm512_cmp_pd_mask(simde_mm512_permutex2var_pd(hi0, q, hi1), x,
                                         SIMDE_CMP_LE_OQ);
            q = simde_mm512_mask_add_epi64(q, up, q, ones);
            down = simde_mm512_cmp_pd_mask(simde_mm512_permutex2var_pd(lo0, q, lo1), x,
                                           SIMDE_CMP_GT_OQ);
            q = simde_mm512_mask_sub_epi64(q, down, q, ones);
            inc = simde_mm512_sllv_epi64(ones, simde_mm512_slli_epi64(q, 2));
            c.cnt = simde_mm512_add_epi64(c.cnt, inc);
            c.cor = simde_mm512_mask_add_epi64(c.cor, pos, c.cor, inc);
            if (++n_vec == 15) {
                spill_nibbles(&c);
                n_vec = 0;
                n_spill++;
            }
            simde_mm256_storeu_si256((simde__m256i *)(idx + 8 * j),
                                     simde_mm512_cvtepi64_epi32(q));
            fx = simde_mm512_sllv_epi64(
                simde_mm512_or_si512(simde_mm512_and_si512(bits, mant), implicit),
                simde_mm512_sub_epi64(simde_mm512_srli_epi64(bits, 52), e1013));
            tot_lo = simde_mm512_add_epi64(tot_lo, simde_mm512_and_si512(fx, low32));
            tot_hi = simde_mm512_add_epi64(tot_hi, simde_mm512_srli_epi64(fx, 32));
            simde_mm512_storeu_si512(v + 8 * j, simde_mm512_srl_epi64(fx, down_shift));
        }
        if (any_small)
            for (j = 0; j < nv; j++)
                for (k = small_of[j]; k; k &= k - 1)
                    llmmi_ece_small(part, p[i0 + 8 * j + (size_t)__builtin_ctz((unsigned)k)]);
        /* a block spills at most 3 times: bytes stay <= 17 * 15 = 255 */
        if (n_spill >= 14) {
            widen_bytes(&c, part);
            n_spill = 0;
        }
        for (i = 8 * nv; i < m; i++) {
            llmmi_ece_total(part, llmmi_ece_one(edges, dnb, p, t, i0 + i, part, idx + i, v + i));
            part->cc[idx[i] * LLMMI_ECE_WAYS] += 1 + ((uint64_t)(uint32_t)t[i0 + i] << 32);
        }
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
    simde_mm512_storeu_si512(lanes, max_bits);
    simde_mm256_storeu_si256((simde__m256i *)labels, max_label);
    for (k = 0; k < 8; k++) {
        if (lanes[k] > part->scan.max_bits) part->scan.max_bits = lanes[k];
        if (labels[k] > part->scan.max_label) part->scan.max_label = labels[k];
    }
}
