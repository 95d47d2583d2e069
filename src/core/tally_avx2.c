/* tally_avx2.c - the tally block kernel (tally.h), 8 elements per vector: keys with
 * two multiply-adds, validation with unsigned max reductions. */
#include "tally.h"
#include <simde/x86/avx2.h>

typedef simde__m256i VI;

static uint32_t hmax(VI v)
{
    uint32_t lane[8], m = 0;
    int j;
    simde_mm256_storeu_si256((VI *)lane, v);
    for (j = 0; j < 8; j++) m = lane[j] > m ? lane[j] : m;
    return m;
}

void llmmi_tally_keys_avx2(const int32_t *a, const int32_t *b, const int32_t *c, size_t m,
                           uint32_t k, uint32_t *key, uint32_t *max_ab, uint32_t *max_c)
{
    const VI vk = simde_mm256_set1_epi32((int32_t)k);
    VI mab = simde_mm256_setzero_si256(), mc = mab;
    uint32_t tab, tc;
    size_t i = 0;
    if (c) {
        for (; i + 8 <= m; i += 8) {
            VI x = simde_mm256_loadu_si256((const VI *)(a + i));
            VI y = simde_mm256_loadu_si256((const VI *)(b + i));
            VI z = simde_mm256_loadu_si256((const VI *)(c + i));
            mab = simde_mm256_max_epu32(mab, simde_mm256_max_epu32(x, y));
            mc = simde_mm256_max_epu32(mc, z);
            z = simde_mm256_add_epi32(simde_mm256_mullo_epi32(z, vk), x);
            z = simde_mm256_add_epi32(simde_mm256_mullo_epi32(z, vk), y);
            simde_mm256_storeu_si256((VI *)(key + i), z);
        }
    } else {
        for (; i + 8 <= m; i += 8) {
            VI x = simde_mm256_loadu_si256((const VI *)(a + i));
            VI y = simde_mm256_loadu_si256((const VI *)(b + i));
            mab = simde_mm256_max_epu32(mab, simde_mm256_max_epu32(x, y));
            x = simde_mm256_add_epi32(simde_mm256_mullo_epi32(x, vk), y);
            simde_mm256_storeu_si256((VI *)(key + i), x);
        }
    }
    llmmi_tally_keys_scalar(a + i, b + i, c ? c + i : NULL, m - i, k, key + i, &tab, &tc);
    *max_ab = hmax(mab);
    *max_c = hmax(mc);
    if (tab > *max_ab) *max_ab = tab;
    if (tc > *max_c) *max_c = tc;
}
