/* tally.c - one-read validated counts of small composite keys (tally.h): the block
 * driver, the sub-histograms and the portable block kernel. */
#include "tally.h"
#include "cpu.h"
#include <string.h>

/* (restrict here only: the parameters of the declaration need not repeat it) */
void llmmi_tally_keys_scalar(const int32_t *restrict pa, const int32_t *restrict pb,
                             const int32_t *restrict pc, size_t m, uint32_t k,
                             uint32_t *restrict out, uint32_t *max_ab, uint32_t *max_c)
{
    uint32_t mab = 0, mc = 0;
    size_t i = 0, j;
    /* Branch-free runs of 16 with fixed trip counts, which compilers vectorise even
     * at -O2; then the tail. */
    if (pc) {
        for (; i + 16 <= m; i += 16)
            for (j = 0; j < 16; j++) {
                uint32_t x = (uint32_t)pa[i + j], y = (uint32_t)pb[i + j];
                uint32_t z = (uint32_t)pc[i + j], xy = x > y ? x : y;
                mab = xy > mab ? xy : mab;
                mc = z > mc ? z : mc;
                out[i + j] = (z * k + x) * k + y;
            }
    } else {
        for (; i + 16 <= m; i += 16)
            for (j = 0; j < 16; j++) {
                uint32_t x = (uint32_t)pa[i + j], y = (uint32_t)pb[i + j], xy = x > y ? x : y;
                mab = xy > mab ? xy : mab;
                out[i + j] = x * k + y;
            }
    }
    for (; i < m; i++) {
        uint32_t x = (uint32_t)pa[i], y = (uint32_t)pb[i], z = pc ? (uint32_t)pc[i] : 0;
        uint32_t xy = x > y ? x : y;
        mab = xy > mab ? xy : mab;
        mc = z > mc ? z : mc;
        out[i] = (z * k + x) * k + y;
    }
    *max_ab = mab;
    *max_c = mc;
}

llmmi_tally_keys_fn llmmi_tally_keys_for(int isa)
{
    if (isa == LLMM_ISA_AUTO) isa = llmmi_cpu_best();
    return isa >= LLMM_ISA_AVX2 ? llmmi_tally_keys_avx2 : llmmi_tally_keys_scalar;
}

/* count_block writes the ways out: it needs LLMMI_TALLY_WAYS == 8. */
typedef char llmmi_tally_eight_ways[LLMMI_TALLY_WAYS == 8 ? 1 : -1];

/* Adds m valid keys to the sub-histograms h[way * LLMMI_TALLY_KEYS + key]. */
static void count_block(uint32_t *h, const uint32_t *key, size_t m)
{
    uint32_t *h0 = h, *h1 = h0 + LLMMI_TALLY_KEYS, *h2 = h1 + LLMMI_TALLY_KEYS;
    uint32_t *h3 = h2 + LLMMI_TALLY_KEYS, *h4 = h3 + LLMMI_TALLY_KEYS;
    uint32_t *h5 = h4 + LLMMI_TALLY_KEYS, *h6 = h5 + LLMMI_TALLY_KEYS;
    uint32_t *h7 = h6 + LLMMI_TALLY_KEYS;
    size_t i, w;
    for (i = 0; i + 8 <= m; i += 8) { /* LLMMI_TALLY_WAYS, unrolled */
        h0[key[i]]++;
        h1[key[i + 1]]++;
        h2[key[i + 2]]++;
        h3[key[i + 3]]++;
        h4[key[i + 4]]++;
        h5[key[i + 5]]++;
        h6[key[i + 6]]++;
        h7[key[i + 7]]++;
    }
    for (w = 0; i < m; i++, w++) h[w * LLMMI_TALLY_KEYS + key[i]]++;
}

int llmmi_tally(const int32_t *a, const int32_t *b, const int32_t *c, size_t n, uint32_t k,
                uint32_t c_lim, int isa, uint64_t *count)
{
    uint32_t h[LLMMI_TALLY_WAYS * LLMMI_TALLY_KEYS], key[LLMMI_TALLY_BLOCK];
    const llmmi_tally_keys_fn kern = llmmi_tally_keys_for(isa);
    const size_t n_keys = (size_t)c_lim * k * k;
    size_t done = 0, i, w;
    for (i = 0; i < LLMMI_TALLY_KEYS; i++) count[i] = 0;
    while (done < n) {
        const size_t end = n - done > LLMMI_TALLY_CHUNK ? done + LLMMI_TALLY_CHUNK : n;
        memset(h, 0, sizeof h);
        while (done < end) {
            const size_t m = end - done < LLMMI_TALLY_BLOCK ? end - done : LLMMI_TALLY_BLOCK;
            uint32_t max_ab, max_c;
            kern(a + done, b + done, c ? c + done : NULL, m, k, key, &max_ab, &max_c);
            if (max_ab >= k || max_c >= c_lim) return 0;
            count_block(h, key, m);
            done += m;
        }
        for (i = 0; i < n_keys; i++)
            for (w = 0; w < LLMMI_TALLY_WAYS; w++) count[i] += h[w * LLMMI_TALLY_KEYS + i];
    }
    return 1;
}
