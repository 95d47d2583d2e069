/* np_random.c - NumPy 1.24's default random stream, bit for bit:
 *   SeedSequence      numpy/random/bit_generator.pyx (mix_entropy, generate_state)
 *   PCG64             numpy/random/src/pcg64/pcg64.h (XSL-RR 128/64, setseq)
 *   bounded integers  numpy/random/src/distributions/distributions.c
 *                     (random_bounded_uint64_fill: Lemire with 32-bit draws when the
 *                     range fits 32 bits, 64-bit Lemire otherwise;
 *                     random_bounded_bool_fill: one bit per draw from a 32-bit buffer)
 * sacrebleu draws its resamples with np.random.default_rng(seed) (significance.py:72-74,
 * 141, 231), so these functions reproduce its resample indices exactly. */
#include "signif_internal.h"
#include <string.h>

/* bit_generator.pyx: SeedSequence constants (pool size 4, 32-bit words). */
#define SS_POOL 4
#define SS_INIT_A UINT32_C(0x43b0d7e5)
#define SS_MULT_A UINT32_C(0x931e8875)
#define SS_INIT_B UINT32_C(0x8b51f9dd)
#define SS_MULT_B UINT32_C(0x58f38ded)
#define SS_MIX_MULT_L UINT32_C(0xca01f9dd)
#define SS_MIX_MULT_R UINT32_C(0x4973f715)
#define SS_XSHIFT 16

/* pcg64.h: PCG_DEFAULT_MULTIPLIER_128. */
#define PCG_MULT_HI UINT64_C(2549297995355413924)
#define PCG_MULT_LO UINT64_C(4865540595714422341)

static uint32_t hashmix(uint32_t value, uint32_t *hash_const)
{
    value ^= *hash_const;
    *hash_const *= SS_MULT_A;
    value *= *hash_const;
    value ^= value >> SS_XSHIFT;
    return value;
}

static uint32_t mix(uint32_t x, uint32_t y)
{
    uint32_t r = SS_MIX_MULT_L * x - SS_MIX_MULT_R * y;
    return r ^ (r >> SS_XSHIFT);
}

/* SeedSequence(seed).pool: the seed as little-endian 32-bit words (_int_to_uint32_array;
 * 0 is one zero word), hashed into 4 words (mix_entropy). */
static void seed_pool(uint64_t seed, uint32_t pool[SS_POOL])
{
    uint32_t entropy[2], hash_const = SS_INIT_A;
    size_t n_entropy, i, src, dst;
    entropy[0] = (uint32_t)seed;
    entropy[1] = (uint32_t)(seed >> 32);
    n_entropy = entropy[1] ? 2 : 1;
    for (i = 0; i < SS_POOL; i++) pool[i] = hashmix(i < n_entropy ? entropy[i] : 0, &hash_const);
    for (src = 0; src < SS_POOL; src++)
        for (dst = 0; dst < SS_POOL; dst++)
            if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src], &hash_const));
    /* At most 2 entropy words: nothing is left over for the pool's third loop. */
}

void llmm_seed_sequence_state(uint64_t seed, uint32_t *out, size_t n_words)
{
    uint32_t pool[SS_POOL], hash_const = SS_INIT_B, v;
    size_t i;
    if (!out) return;
    seed_pool(seed, pool);
    for (i = 0; i < n_words; i++) {
        v = pool[i % SS_POOL];
        v ^= hash_const;
        hash_const *= SS_MULT_B;
        v *= hash_const;
        v ^= v >> SS_XSHIFT;
        out[i] = v;
    }
}

/* High 64 bits of a 64 x 64-bit product (numpy's portable __umulh emulation). */
static uint64_t mulhi64(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    uint64_t w0 = a0 * b0, t = a1 * b0 + (w0 >> 32);
    uint64_t w1 = (t & 0xFFFFFFFFu) + a0 * b1, w2 = t >> 32;
    return a1 * b1 + w2 + (w1 >> 32);
}

/* pcg_setseq_128_step_r: state = state * MULT + inc (mod 2^128). */
static void pcg_step(llmm_pcg64 *r)
{
    uint64_t lo = r->state_lo * PCG_MULT_LO;
    uint64_t hi = mulhi64(r->state_lo, PCG_MULT_LO) + r->state_hi * PCG_MULT_LO +
                  r->state_lo * PCG_MULT_HI;
    uint64_t nlo = lo + r->inc_lo;
    r->state_hi = hi + r->inc_hi + (nlo < lo);
    r->state_lo = nlo;
}

void llmm_pcg64_seed(llmm_pcg64 *rng, uint64_t seed)
{
    uint32_t w[8];
    uint64_t s_hi, s_lo, lo;
    if (!rng) return;
    /* _pcg64.pyx: generate_state(4, np.uint64) -> seed = val[0]:val[1], inc = val[2]:val[3];
     * each uint64 is two uint32 words, little-endian. */
    llmm_seed_sequence_state(seed, w, 8);
    s_hi = (uint64_t)w[0] | (uint64_t)w[1] << 32;
    s_lo = (uint64_t)w[2] | (uint64_t)w[3] << 32;
    /* pcg_setseq_128_srandom_r: inc = initseq << 1 | 1; step; state += initstate; step. */
    rng->inc_hi = ((uint64_t)w[5] << 32 | w[4]) << 1 | (((uint64_t)w[7] << 32 | w[6]) >> 63);
    rng->inc_lo = ((uint64_t)w[7] << 32 | w[6]) << 1 | 1u;
    rng->state_hi = rng->state_lo = 0;
    pcg_step(rng);
    lo = rng->state_lo + s_lo;
    rng->state_hi += s_hi + (lo < s_lo);
    rng->state_lo = lo;
    pcg_step(rng);
    rng->spare = 0;
    rng->has_spare = 0;
}

uint64_t llmm_pcg64_next64(llmm_pcg64 *rng)
{
    uint64_t x;
    unsigned rot;
    /* pcg_setseq_128_xsl_rr_64_random_r: step, then output of the new state. */
    pcg_step(rng);
    x = rng->state_hi ^ rng->state_lo;
    rot = (unsigned)(rng->state_hi >> 58);
    return (x >> rot) | (x << ((64u - rot) & 63u));
}

uint32_t llmm_pcg64_next32(llmm_pcg64 *rng)
{
    uint64_t next;
    /* pcg64_next32: the low half now, the high half on the next call. */
    if (rng->has_spare) {
        rng->has_spare = 0;
        return rng->spare;
    }
    next = llmm_pcg64_next64(rng);
    rng->has_spare = 1;
    rng->spare = (uint32_t)(next >> 32);
    return (uint32_t)next;
}

uint32_t llmmi_np_lemire32(llmm_pcg64 *rng, uint32_t rng_incl)
{
    /* buffered_bounded_lemire_uint32; rng_incl < 0xFFFFFFFF. */
    const uint32_t rng_excl = rng_incl + 1;
    uint64_t m = (uint64_t)llmm_pcg64_next32(rng) * rng_excl;
    uint32_t leftover = (uint32_t)m;
    if (leftover < rng_excl) {
        const uint32_t threshold = (UINT32_MAX - rng_incl) % rng_excl;
        while (leftover < threshold) {
            m = (uint64_t)llmm_pcg64_next32(rng) * rng_excl;
            leftover = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* bounded_lemire_uint64; rng_incl < 0xFFFFFFFFFFFFFFFF. */
static uint64_t lemire64(llmm_pcg64 *rng, uint64_t rng_incl)
{
    const uint64_t rng_excl = rng_incl + 1;
    uint64_t x = llmm_pcg64_next64(rng);
    uint64_t leftover = x * rng_excl;
    if (leftover < rng_excl) {
        const uint64_t threshold = (UINT64_MAX - rng_incl) % rng_excl;
        while (leftover < threshold) {
            x = llmm_pcg64_next64(rng);
            leftover = x * rng_excl;
        }
    }
    return mulhi64(x, rng_excl);
}

int llmm_pcg64_integers(llmm_pcg64 *rng, uint64_t high, size_t count, uint64_t *out)
{
    uint64_t r;
    size_t i;
    if (!rng || (!out && count)) return LLMM_ENULL;
    if (high == 0) return LLMM_EINVAL; /* numpy: "high <= 0" ValueError */
    r = high - 1;                      /* random_bounded_uint64_fill's inclusive rng */
    if (r == 0) {
        for (i = 0; i < count; i++) out[i] = 0;
    } else if (r < 0xFFFFFFFFu) {
        for (i = 0; i < count; i++) out[i] = llmmi_np_lemire32(rng, (uint32_t)r);
    } else if (r == 0xFFFFFFFFu) {
        /* "Lemire32 doesn't support rng = 0xFFFFFFFF": a plain 32-bit draw. */
        for (i = 0; i < count; i++) out[i] = llmm_pcg64_next32(rng);
    } else {
        for (i = 0; i < count; i++) out[i] = lemire64(rng, r);
    }
    return LLMM_OK;
}

int llmm_pcg64_bools(llmm_pcg64 *rng, size_t count, unsigned char *out)
{
    llmmi_np_bits b;
    size_t i;
    if (!rng || (!out && count)) return LLMM_ENULL;
    llmmi_np_bits_init(&b);
    for (i = 0; i < count; i++) out[i] = (unsigned char)llmmi_np_bit(rng, &b);
    return LLMM_OK;
}
