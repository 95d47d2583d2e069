/* agree_util.c - sorted distinct label values and lookups. */
#include "agree_internal.h"
#include <stdlib.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

size_t llmmi_sort_unique_i64(int64_t *v, size_t n)
{
    size_t i, out = 0;
    if (n == 0) return 0;
    qsort(v, n, sizeof *v, cmp_i64);
    for (i = 1; i < n; i++)
        if (v[i] != v[out]) v[++out] = v[i];
    return out + 1;
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
