/* exactsum.h - an exact, order-independent accumulator of doubles.
 *
 * A fixed-size "superaccumulator": the exact sum of every finite double added is kept
 * as a big integer in units of 2^-1074 (the smallest subnormal), stored in signed
 * 64-bit limbs holding 32-bit digits. Carries are propagated lazily (every 2^30
 * additions, and before reading), so an add is a few integer operations.
 *
 * Because the state is the exact sum, the result does not depend on the order of the
 * additions or on how partial accumulators were merged, and llmmi_exactsum_value()
 * returns it correctly rounded to double (round-half-even) — the value math.fsum()
 * returns for the same data. Non-finite inputs are counted separately: any NaN, or
 * both +Inf and -Inf, give NaN; otherwise an infinity wins. A finite exact sum beyond
 * the double range gives +-Inf (math.fsum raises OverflowError there).
 *
 * Capacity: at most 2^64 additions of values of any finite magnitude.
 */
#ifndef LLMMI_EXACTSUM_H
#define LLMMI_EXACTSUM_H
#include <stddef.h>
#include <stdint.h>

/* 2098 bits of double range + 64 bits of growth = 2162 bits -> 68 digits; 72 limbs. */
#define LLMMI_EXACTSUM_LIMBS 72

typedef struct llmmi_exactsum {
    int64_t limb[LLMMI_EXACTSUM_LIMBS]; /* value = sum limb[i] * 2^(32 i - 1074) */
    uint32_t pending;                   /* additions since the last carry propagation */
    uint64_t n_nan, n_pinf, n_ninf;     /* non-finite inputs (saturating counts) */
} llmmi_exactsum;

void llmmi_exactsum_init(llmmi_exactsum *s);
void llmmi_exactsum_add(llmmi_exactsum *s, double x);
/* Propagates pending carries (called by llmmi_exactsum_add_finite every 2^30 adds). */
void llmmi_exactsum_carry(llmmi_exactsum *s);

/* llmmi_exactsum_add for a caller that has already rejected NaN and infinities,
 * inlined for hot loops (e.g. a latency sketch's add). */
static inline void llmmi_exactsum_add_finite(llmmi_exactsum *s, double x)
{
    union { double d; uint64_t u; } v;
    uint64_t m, lo, hi;
    unsigned e;
    int i, r;
    v.d = x;
    e = (unsigned)(v.u >> 52) & 0x7FF;
    m = v.u & ((UINT64_C(1) << 52) - 1);
    if (e) m |= UINT64_C(1) << 52;
    else e = 1; /* subnormal: same unit as the smallest normal exponent */
    if (!m) return;
    i = (int)(e - 1) >> 5;
    r = (int)(e - 1) & 31;
    /* m << r spans three 32-bit digits */
    lo = (m & ((UINT64_C(1) << (32 - r)) - 1)) << r;
    hi = m >> (32 - r);
    if (v.u >> 63) {
        s->limb[i] -= (int64_t)lo;
        s->limb[i + 1] -= (int64_t)(hi & UINT64_C(0xFFFFFFFF));
        s->limb[i + 2] -= (int64_t)(hi >> 32);
    } else {
        s->limb[i] += (int64_t)lo;
        s->limb[i + 1] += (int64_t)(hi & UINT64_C(0xFFFFFFFF));
        s->limb[i + 2] += (int64_t)(hi >> 32);
    }
    if (++s->pending >= (UINT32_C(1) << 30)) llmmi_exactsum_carry(s);
}

/* Adds x * w exactly (w copies of x). */
void llmmi_exactsum_add_mul(llmmi_exactsum *s, double x, uint64_t w);
/* dst += src (src unchanged). */
void llmmi_exactsum_merge(llmmi_exactsum *dst, const llmmi_exactsum *src);
/* The exact sum correctly rounded to double. */
double llmmi_exactsum_value(const llmmi_exactsum *s);
/* The exact sum divided by d, correctly rounded (Python's statistics.mean of the
 * added values when d is their count). */
double llmmi_exactsum_div(const llmmi_exactsum *s, uint32_t d);
/* 1 when no value (or only zeros) has been added. */
int llmmi_exactsum_is_zero(const llmmi_exactsum *s);

/* Serialized form (little-endian): u8 first limb, u8 limb count n, n x i64 limbs of
 * the carry-normalized state, then 3 x u64 non-finite counts. */
size_t llmmi_exactsum_ser_size(const llmmi_exactsum *s);
/* Writes llmmi_exactsum_ser_size(s) bytes at p; returns that size. */
size_t llmmi_exactsum_write(const llmmi_exactsum *s, unsigned char *p);
/* Reads a serialized accumulator from at most `len` bytes; *used = bytes consumed.
 * Returns LLMM_OK or LLMM_EFORMAT. */
int llmmi_exactsum_read(llmmi_exactsum *s, const unsigned char *p, size_t len, size_t *used);

#endif
