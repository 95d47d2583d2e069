/* rouge_lcs.c - bit-parallel longest common subsequence for rougeL.
 *
 * rouge-score fills the whole (rows+1)x(cols+1) table (_lcs_table,
 * rouge_scorer.py:209-220) for the length alone; the bit-vector recurrence of Hyyro
 * ("Bit-parallel LCS-length computation revisited", 2004) gives the same table, one
 * 64-column word at a time:  V' = (V + (V & M)) | (V & ~M),  where M marks the columns
 * equal to the row's symbol. Words are processed in order (word-major); the carry of
 * each row's addition is kept between words, so only one match-mask word per token id
 * is live (r->mask) and memory stays O(rows + columns).
 */
#include "rouge_internal.h"
#include <string.h>

static void set_masks(llmm_rouge *r, const uint32_t *cols, size_t base, size_t cnt)
{
    size_t k;
    for (k = 0; k < cnt; k++) r->mask[cols[base + k]] |= (uint64_t)1 << k;
}

static void clear_masks(llmm_rouge *r, const uint32_t *cols, size_t base, size_t cnt)
{
    size_t k;
    for (k = 0; k < cnt; k++) r->mask[cols[base + k]] = 0;
}

static uint64_t low_bits(size_t cnt)
{
    return cnt >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << cnt) - 1);
}

int llmmi_rouge_lcs_sweep(llmm_rouge *r, const uint32_t *rows, size_t i0, size_t i1,
                          const uint32_t *cols, size_t n, const uint64_t *start, uint64_t *out,
                          size_t every, size_t *zeros)
{
    size_t W = (n + 63) / 64, w, i, z = 0, nrows = i1 - i0;
    unsigned char *carry;
    int st;
    if (W > 1) {
        st = llmmi_rouge_reserve(r, (void **)&r->carry, &r->carry_cap, nrows, 1);
        if (st != LLMM_OK) return st;
        memset(r->carry, 0, nrows);
    }
    carry = r->carry;
    for (w = 0; w < W; w++) {
        size_t base = w * 64, cnt = n - base < 64 ? n - base : 64;
        uint64_t V = start ? start[w] : ~(uint64_t)0, *o = out ? out + w : NULL;
        size_t until = every; /* rows left before the next stored one */
        set_masks(r, cols, base, cnt);
        if (W == 1) {
            for (i = 0; i < nrows; i++) {
                uint64_t M = r->mask[rows[i0 + i]];
                V = (V + (V & M)) | (V & ~M);
                if (o && --until == 0) {
                    *o++ = V;
                    until = every;
                }
            }
        } else {
            for (i = 0; i < nrows; i++) {
                uint64_t M = r->mask[rows[i0 + i]], U = V & M, s = V + U, s2 = s + carry[i];
                carry[i] = (unsigned char)((s < V) | (s2 < s));
                V = s2 | (V & ~M);
                if (o && --until == 0) {
                    *o = V;
                    o += W;
                    until = every;
                }
            }
        }
        clear_masks(r, cols, base, cnt);
        z += llmmi_popcount64(~V & low_bits(cnt));
    }
    if (zeros) *zeros = z;
    return LLMM_OK;
}

int llmmi_rouge_lcs_length(llmm_rouge *r, const uint32_t *a, size_t na, const uint32_t *b,
                           size_t nb, size_t *lcs)
{
    *lcs = 0;
    if (!na || !nb) return LLMM_OK;
    /* the bit side costs ceil(len/64) sweeps over the other side: take the cheaper */
    if ((na + 63) / 64 * nb > (nb + 63) / 64 * na) {
        const uint32_t *t = a;
        size_t tn = na;
        a = b;
        na = nb;
        b = t;
        nb = tn;
    }
    return llmmi_rouge_lcs_sweep(r, b, 0, nb, a, na, NULL, NULL, 1, lcs);
}
