/* ece_kern_avx512.c - the binned-ECE kernel (ece_kern.h), 8 doubles per vector. The
 * bucket corrections look the edges up with two-table permutes (edges[0..15] and
 * edges[1..16] in two registers each), so this path takes n_bins <= 15 and hands
 * more bins to the AVX2 kernel's gathers; floor(x * n_bins) is rounded with
 * roundscale and read as an integer by adding 2^52; the fixed-point conversion is a
 * variable shift. The last (n mod 8) elements take the scalar steps. */
#include "ece_kern.h"
#include <math.h>
#include <simde/x86/avx512.h>

typedef simde__m512i VI;
typedef simde__m512d VD;

void llmmi_ece_kern_avx512(const double *p, const int32_t *t, size_t n, const double *edges,
                           uint32_t n_bins, llmmi_ece_part *part)
{
    uint32_t idx[LLMMI_ECE_BLOCK];
    uint64_t v[LLMMI_ECE_BLOCK], lanes[8];
    uint32_t labels[8];
    double tab[17];
    const double dnb = (double)n_bins;
    const VD vnb = simde_mm512_set1_pd(dnb), two52 = simde_mm512_set1_pd(0x1p52);
    const VI one_bits = simde_mm512_set1_epi64((int64_t)LLMMI_ECE_ONE_BITS);
    const VI small_m2 = simde_mm512_set1_epi64((int64_t)(LLMMI_ECE_SMALL_BITS - 2));
    const VI mant = simde_mm512_set1_epi64((int64_t)((UINT64_C(1) << 52) - 1));
    const VI implicit = simde_mm512_set1_epi64((int64_t)(UINT64_C(1) << 52));
    const VI e1013 = simde_mm512_set1_epi64(1013), ones = simde_mm512_set1_epi64(1);
    VI max_bits = simde_mm512_setzero_si512();
    simde__m256i max_label = simde_mm256_setzero_si256();
    VD lo0, lo1, hi0, hi1;
    size_t i0, i, k;
    if (n_bins > 15) {
        llmmi_ece_kern_avx2(p, t, n, edges, n_bins, part);
        return;
    }
    for (k = 0; k < 17; k++) tab[k] = k <= n_bins + 1 ? edges[k] : (double)INFINITY;
    lo0 = simde_mm512_loadu_pd(tab);     /* edges[0..7] */
    lo1 = simde_mm512_loadu_pd(tab + 8); /* edges[8..15] */
    hi0 = simde_mm512_loadu_pd(tab + 1); /* edges[1..8] */
    hi1 = simde_mm512_loadu_pd(tab + 9); /* edges[9..16] */
    for (i0 = 0; i0 < n; i0 += LLMMI_ECE_BLOCK) {
        size_t m = n - i0 < LLMMI_ECE_BLOCK ? n - i0 : LLMMI_ECE_BLOCK;
        for (i = 0; i + 8 <= m; i += 8) {
            VD x = simde_mm512_loadu_pd(p + i0 + i);
            VI bits = simde_mm512_castpd_si512(x), q;
            simde__mmask8 ok, small, up, down;
            max_bits = simde_mm512_max_epu64(max_bits, bits);
            max_label = simde_mm256_max_epu32(
                max_label, simde_mm256_loadu_si256((const simde__m256i *)(t + i0 + i)));
            ok = simde_mm512_cmple_epu64_mask(bits, one_bits); /* in [+0, 1] */
            bits = simde_mm512_maskz_mov_epi64(ok, bits);      /* else binned as 0 */
            x = simde_mm512_castsi512_pd(bits);
            /* 0 < bits < bits(2^-10): bits - 1 <= bits(2^-10) - 2, unsigned */
            small = simde_mm512_cmple_epu64_mask(simde_mm512_sub_epi64(bits, ones), small_m2);
            for (; small; small &= (simde__mmask8)(small - 1))
                llmmi_ece_small(&part->scan, i0 + i + (size_t)__builtin_ctz(small));
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
            simde_mm256_storeu_si256((simde__m256i *)(idx + i), simde_mm512_cvtepi64_epi32(q));
            simde_mm512_storeu_si512(
                v + i, simde_mm512_sllv_epi64(
                           simde_mm512_or_si512(simde_mm512_and_si512(bits, mant), implicit),
                           simde_mm512_sub_epi64(simde_mm512_srli_epi64(bits, 52), e1013)));
        }
        for (; i < m; i++)
            llmmi_ece_one(edges, dnb, p, t, i0 + i, &part->scan, idx + i, v + i);
        llmmi_ece_accumulate(part, idx, v, t + i0, m);
    }
    simde_mm512_storeu_si512(lanes, max_bits);
    simde_mm256_storeu_si256((simde__m256i *)labels, max_label);
    for (k = 0; k < 8; k++) {
        if (lanes[k] > part->scan.max_bits) part->scan.max_bits = lanes[k];
        if (labels[k] > part->scan.max_label) part->scan.max_label = labels[k];
    }
}
