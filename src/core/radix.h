/* radix.h - stable LSD radix sort of (key, value) pairs, for the rank-based statistics.
 *
 * 8-bit digits, one counting pass per digit over all eight digits at once, and every
 * digit on which all keys agree is skipped (small integers and clustered doubles need
 * only a few passes). Stable: equal keys keep their input order. O(n) per pass. */
#ifndef LLMMI_RADIX_H
#define LLMMI_RADIX_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct llmmi_kv {
    uint64_t k;
    uint64_t v;
} llmmi_kv;

/* Sorts a[0..n) by k ascending, stable; tmp has room for n pairs. */
void llmmi_radix_sort_kv(llmmi_kv *a, llmmi_kv *tmp, size_t n);

/* Order-preserving key of a non-NaN double (-0.0 and +0.0 get the same key). */
static inline uint64_t llmmi_f64_key(double d)
{
    uint64_t u;
    if (d == 0) d = 0.0;
    memcpy(&u, &d, sizeof u);
    return u >> 63 ? ~u : u | UINT64_C(0x8000000000000000);
}

/* Order-preserving key of an int64. */
static inline uint64_t llmmi_i64_key(int64_t x) { return (uint64_t)x ^ UINT64_C(0x8000000000000000); }

#endif
