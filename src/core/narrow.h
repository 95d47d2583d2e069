/* narrow.h - int64 columns staged as int32 for the int32 code paths (the *_i64 entry
 * points of calib, class and fair): a value outside [0, INT32_MAX] becomes -1, which
 * every one of those paths rejects as out of range, at the same index. */
#ifndef LLMMI_NARROW_H
#define LLMMI_NARROW_H
#include <stddef.h>
#include <stdint.h>

static inline void llmmi_narrow_i64(const int64_t *src, int32_t *dst, size_t m)
{
    size_t i;
    for (i = 0; i < m; i++) dst[i] = (uint64_t)src[i] <= INT32_MAX ? (int32_t)src[i] : -1;
}

#endif
