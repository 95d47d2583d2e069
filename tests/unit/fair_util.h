/* fair_util.h - the fairness tests' comparison of statistics: serialized bytes. */
#ifndef FAIR_UTIL_H
#define FAIR_UTIL_H
#include "test_util.h"
#include <stdlib.h>

/* The serialized statistics of f (malloc'ed, *len bytes). */
static inline unsigned char *fair_ser(const llmm_fair *f, size_t *len)
{
    unsigned char *b;
    *len = llmm_fair_serialized_size(f);
    b = (unsigned char *)malloc(*len);
    assert_non_null(b);
    assert_int_equal(llmm_fair_serialize(f, b, *len, len), LLMM_OK);
    return b;
}

/* a and b hold the same statistics, byte for byte. */
static inline void fair_assert_same(const llmm_fair *a, const llmm_fair *b)
{
    size_t la, lb;
    unsigned char *sa = fair_ser(a, &la), *sb = fair_ser(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    free(sa);
    free(sb);
}

#endif
