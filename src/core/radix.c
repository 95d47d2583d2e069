/* radix.c - stable LSD radix sort of (key, value) pairs (see radix.h). */
#include "radix.h"

void llmmi_radix_sort_kv(llmmi_kv *a, llmmi_kv *tmp, size_t n)
{
    size_t count[8][256], i;
    int d;
    llmmi_kv *src = a, *dst = tmp;
    if (n < 2) return;
    memset(count, 0, sizeof count);
    for (i = 0; i < n; i++) {
        uint64_t k = a[i].k;
        for (d = 0; d < 8; d++) count[d][(k >> (8 * d)) & 0xFF]++;
    }
    for (d = 0; d < 8; d++) {
        size_t sum = 0, b, *c = count[d];
        if (c[(a[0].k >> (8 * d)) & 0xFF] == n) continue; /* every key has this digit */
        for (b = 0; b < 256; b++) {
            size_t t = c[b];
            c[b] = sum;
            sum += t;
        }
        for (i = 0; i < n; i++) dst[c[(src[i].k >> (8 * d)) & 0xFF]++] = src[i];
        {
            llmmi_kv *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != a) memcpy(a, src, n * sizeof *a);
}
