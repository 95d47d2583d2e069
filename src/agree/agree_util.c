/* agree_util.c - sorted distinct label values and lookups. */
#include "agree_internal.h"
#include "core/radix.h"

int llmmi_sort_unique_i64(const llmm_allocator *al, int64_t *v, size_t n, size_t *k)
{
    llmmi_kv *kv;
    size_t i, out = 0;
    *k = 0;
    if (n == 0) return LLMM_OK;
    if (n > (size_t)-1 / (2 * sizeof(llmmi_kv))) return LLMM_EOVERFLOW;
    kv = (llmmi_kv *)llmmi_malloc(al, 2 * n * sizeof(llmmi_kv));
    if (!kv) return LLMM_ENOMEM;
    for (i = 0; i < n; i++) {
        kv[i].k = llmmi_i64_key(v[i]);
        kv[i].v = 0;
    }
    llmmi_radix_sort_kv(kv, kv + n, n);
    for (i = 1; i < n; i++)
        if (kv[i].k != kv[out].k) kv[++out] = kv[i];
    for (i = 0; i <= out; i++) v[i] = (int64_t)(kv[i].k ^ UINT64_C(0x8000000000000000));
    llmmi_free(al, kv, 2 * n * sizeof(llmmi_kv));
    *k = out + 1;
    return LLMM_OK;
}

ptrdiff_t llmmi_find_i64(const int64_t *sorted, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && sorted[lo] == x ? (ptrdiff_t)lo : -1;
}
