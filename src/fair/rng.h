/* rng.h - a counter-based random stream (no global state): draw j of stream b under a
 * seed is splitmix64's finaliser of a Weyl sequence keyed by (seed, b), so resample b
 * of a bootstrap does not depend on how many draws the others made. */
#ifndef LLMMI_FAIR_RNG_H
#define LLMMI_FAIR_RNG_H
#include <stdint.h>

#define LLMMI_GOLDEN 0x9E3779B97F4A7C15ull

/* splitmix64's output function (Steele, Lea, Flood 2014). */
static inline uint64_t llmmi_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

typedef struct llmmi_stream {
    uint64_t key, counter;
} llmmi_stream;

static inline llmmi_stream llmmi_stream_at(uint64_t seed, uint64_t b)
{
    llmmi_stream s;
    s.key = llmmi_mix64(seed ^ llmmi_mix64(b * LLMMI_GOLDEN + 1));
    s.counter = 0;
    return s;
}

static inline uint64_t llmmi_stream_next(llmmi_stream *s)
{
    return llmmi_mix64(s->key + LLMMI_GOLDEN * ++s->counter);
}

/* Uniform in [0, n), n >= 1, without modulo bias (rejects the top 2^64 mod n values). */
static inline uint64_t llmmi_stream_below(llmmi_stream *s, uint64_t n)
{
    uint64_t threshold = (0 - n) % n, r;
    do {
        r = llmmi_stream_next(s);
    } while (r < threshold);
    return r % n;
}

#endif
