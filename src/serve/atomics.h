/* atomics.h - the few atomic operations the recorder needs, on GCC/Clang __atomic
 * builtins (C99 has no <stdatomic.h>). Each maps 1:1 to a C11 atomic operation, so
 * ThreadSanitizer understands them. */
#ifndef LLMMI_ATOMICS_H
#define LLMMI_ATOMICS_H

#if !defined(__GNUC__) && !defined(__clang__)
#error "the recorder needs GCC or Clang __atomic builtins"
#endif

#define llmmi_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define llmmi_load_seq(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define llmmi_store_seq(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define llmmi_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define llmmi_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
/* 1 when *p was `expected` and is now `desired`. */
static inline int llmmi_cas_int(int *p, int expected, int desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED);
}
#define llmmi_exchange_acquire(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQUIRE)

#endif
