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
#include <string.h>

/* 2098 bits of double range + 64 bits of growth = 2162 bits -> 68 digits; 72 limbs. */
#define LLMMI_EXACTSUM_LIMBS 72

typedef struct llmmi_exactsum {
    int64_t limb[LLMMI_EXACTSUM_LIMBS]; /* value = sum limb[i] * 2^(32 i - 1074) */
    uint32_t pending;                   /* carry budget spent since the last propagation */
    uint64_t n_nan, n_pinf, n_ninf;     /* non-finite inputs (saturating counts) */
} llmmi_exactsum;

void llmmi_exactsum_init(llmmi_exactsum *s);
void llmmi_exactsum_add(llmmi_exactsum *s, double x);
/* Propagates pending carries (called by llmmi_exactsum_add_finite when the budget is spent). */
void llmmi_exactsum_carry(llmmi_exactsum *s);

/* Carry budget, in units of 2^32 of limb growth: carries are propagated before the
 * adds since the last propagation could grow a limb past 2^62. */
#define LLMMI_EXACTSUM_CARRY_EVERY (UINT32_C(1) << 30)
/* Budget of one llmmi_exactsum_add_finite (it adds less than 2^52 to a limb). */
#define LLMMI_EXACTSUM_WIDE_ADD (UINT32_C(1) << 20)

/* llmmi_exactsum_add for a caller that has already rejected NaN and infinities,
 * inlined for hot loops (e.g. a latency sketch's add). |x| = m * 2^(p - 1074) with
 * p = 32 i + r, r < 32: m << r (< 2^85) goes into limb i as its low 32 bits and into
 * limb i + 1 as the rest (< 2^52): two limb updates, no branch on the sign. */
static inline void llmmi_exactsum_add_finite(llmmi_exactsum *s, double x)
{
    uint64_t bits, m, nz;
    int64_t neg, lo, hi;
    unsigned e, i, r;
    memcpy(&bits, &x, sizeof bits);
    e = (unsigned)(bits >> 52) & 0x7FF;
    nz = e != 0; /* normal: implicit bit; subnormal: same unit as exponent 1 */
    m = (bits & ((UINT64_C(1) << 52) - 1)) | nz << 52;
    e -= (unsigned)nz;
    i = e >> 5;
    r = e & 31;
    neg = -(int64_t)(bits >> 63);
    lo = (int64_t)((m << r) & UINT64_C(0xFFFFFFFF));
    hi = (int64_t)(m >> (32 - r));
    s->limb[i] += (lo ^ neg) - neg;
    s->limb[i + 1] += (hi ^ neg) - neg;
    if ((s->pending += LLMMI_EXACTSUM_WIDE_ADD) >= LLMMI_EXACTSUM_CARRY_EVERY)
        llmmi_exactsum_carry(s);
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
