/* ddsketch.h - internal layout of llmm_sketch (DDSketch, sketches-py 3.0.1 semantics). */
#ifndef LLMMI_DDSKETCH_H
#define LLMMI_DDSKETCH_H
#include "llmm_sketch.h"
#include "core/exactsum.h"
#include <math.h>
#include <string.h>

/* A dense store: counts for keys [offset, offset + cap); the keys holding counts lie in
 * [min_key, max_key] (meaningful when count > 0). With a bin limit B, the keys kept
 * are those >= max_key - B + 1; lower keys are counted in that lowest bin
 * ("collapsing lowest", sketches-py CollapsingLowestDenseStore, store.py).
 * win/nwin is the add fast path's view, kept in step by every store function: the
 * bins of keys min_key .. min_key + nwin - 1 (nwin = 0 when the store is empty), so a
 * key k lands there when (uint32_t)(k - min_key) < nwin. */
typedef struct llmmi_store {
    uint64_t *bins;
    size_t cap;
    int64_t offset;
    int32_t min_key, max_key;
    uint64_t count;
    int collapsed;
    uint64_t *win;
    uint32_t nwin;
} llmmi_store;

/* The logarithmic mapping (sketches-py mapping.py KeyMapping + LogarithmicMapping).
 * store_lo/store_span: |v| goes to a store iff (bits of |v|) - store_lo <= store_span
 * (unsigned), i.e. min_possible < |v| <= max_possible; NaN and infinities fail it.
 * key_half_margin: 1/2 - key_margin, see llmmi_mapping_key_fast. */
typedef struct llmmi_mapping {
    double alpha, gamma, multiplier, value_scale, min_possible, max_possible;
    double key_half_margin;
    uint64_t store_lo, store_span;
} llmmi_mapping;

/* The sum's window (ddsketch.c, sum_add): exponents acc_base .. acc_base + 63. */
#define LLMMI_SKETCH_ACC 64
#define LLMMI_SKETCH_ACC_ADDS 2048 /* adds between folds: 2048 significands < 2^53 fit */

struct llmm_sketch {
    llmm_allocator alloc;
    llmmi_mapping map;
    uint32_t max_bins; /* 0 = unbounded */
    llmmi_store pos, neg;
    uint64_t zero_count, count;
    double min, max;
    /* The exact sum of the values is sum plus, for each j, acc[j] * 2^(acc_base + j -
     * 1075): acc[j] sums the 53-bit significands of positive values with biased
     * exponent acc_base + j added by the fast paths since the last fold; acc_left more
     * such adds may happen before the next fold (llmmi_sketch_sum). */
    llmmi_exactsum sum;
    uint64_t acc[LLMMI_SKETCH_ACC];
    uint32_t acc_base, acc_left;
};

int llmmi_mapping_init(llmmi_mapping *m, double alpha);
int32_t llmmi_mapping_key(const llmmi_mapping *m, double v);
double llmmi_mapping_value(const llmmi_mapping *m, int32_t key);

#define LLMMI_SIGN_BIT (UINT64_C(1) << 63)
/* The bits of |v|. */
static inline uint64_t llmmi_abs_bits(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b & ~LLMMI_SIGN_BIT;
}

/* The same key without calling log(). With |v| = 2^e * m, 1 <= m < 2, j = the top 8
 * bits of m's fraction and r = m / (1 + j/256) - 1 (0 <= r < 2^-8):
 *   log2|v| ~ e + log2(1 + j/256) + (r - r^2/2) / ln 2,
 * a truncation error below r^3 / (3 ln 2) < 2.9e-8, plus rounding below 1e-12. The
 * reference value log(v) / log(2.0) * multiplier is itself computed within about
 * 6e-13 * multiplier of the true one. So a = log2|v| * multiplier is within
 * key_margin = 4e-8 * multiplier of it (with room to spare), and when a is farther
 * than that from an integer both have the same ceiling; otherwise the exact formula
 * decides. The result always equals llmmi_mapping_key.
 * For a not within key_margin of an integer, ceil(a) = rint(a + 1/2); rint by the
 * 1.5 * 2^52 trick (|a| < 2^30, round-to-nearest mode), and a is near an integer iff
 * a + 1/2 is near a half-integer. Caller guarantees min_possible < |v| <=
 * max_possible; `abits` are the bits of |v|. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden) /* reached directly, not through the GOT */
#endif
extern const double llmmi_key_tab[256][2]; /* {1 / (1 + j/256), log2(1 + j/256)} */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

/* 1 and *k = the key, or 0 when |v| is too close to a bucket boundary to tell. */
static inline int llmmi_mapping_key_approx(const llmmi_mapping *m, uint64_t abits, int32_t *k)
{
    const double *t = llmmi_key_tab[(abits >> 44) & 255];
    uint64_t mb = (abits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(0x3FF0000000000000);
    double mant, r, a, ri;
    memcpy(&mant, &mb, sizeof mant);
    r = mant * t[0] - 1.0;
    a = ((double)((int)(abits >> 52) - 1023) + t[1] +
         r * (1.4426950408889634 - r * 0.7213475204444817)) * m->multiplier + 0.5;
    ri = (a + 6755399441055744.0) - 6755399441055744.0;
    if (fabs(a - ri) > m->key_half_margin) return 0; /* a - ri is exact */
    *k = (int32_t)ri;
    return 1;
}

static inline int32_t llmmi_mapping_key_fast(const llmmi_mapping *m, uint64_t abits)
{
    int32_t k;
    double v;
    if (llmmi_mapping_key_approx(m, abits, &k)) return k;
    memcpy(&v, &abits, sizeof v);
    return llmmi_mapping_key(m, v);
}

/* Adds w at key; LLMM_ENOMEM on allocation failure (the store is unchanged then). */
int llmmi_store_add(llmmi_store *st, int32_t key, uint64_t w, uint32_t max_bins,
                    const llmm_allocator *a);
/* Merge in two steps: reserve grows dst's layout for the result (may fail with
 * LLMM_ENOMEM, contents unchanged); merge_reserved then adds src without allocating. */
int llmmi_store_reserve(llmmi_store *dst, const llmmi_store *src, uint32_t max_bins,
                        const llmm_allocator *a);
void llmmi_store_merge_reserved(llmmi_store *dst, const llmmi_store *src, uint32_t max_bins,
                                const llmm_allocator *a);
/* sketches-py DenseStore.key_at_rank (store.py): first key whose running count is
 * > rank (lower) or >= rank + 1 (!lower); max_key when none. */
int32_t llmmi_store_key_at_rank(const llmmi_store *st, double rank, int lower);
void llmmi_store_clear(llmmi_store *st);
void llmmi_store_free(llmmi_store *st, const llmm_allocator *a);
int llmmi_store_copy(llmmi_store *dst, const llmmi_store *src, const llmm_allocator *a);

/* An empty sketch in place (no allocation until the first add) / its release. */
int llmmi_sketch_init(llmm_sketch *s, const llmm_sketch_options *opts,
                      const llmm_allocator *alloc);
void llmmi_sketch_fini(llmm_sketch *s);
/* The exact sum of the values (sum and the window folded together) into *out. */
void llmmi_sketch_sum(const llmm_sketch *s, llmmi_exactsum *out);
/* Empties the window, centred on biased exponent e. */
void llmmi_sketch_acc_reset(llmm_sketch *s, uint32_t e);
/* Folds the window into sum, then empties it centred on e. */
void llmmi_sketch_acc_fold(llmm_sketch *s, uint32_t e);
/* sum_add's (ddsketch.c) out-of-line cases: v outside the window (e = its offset
 * from acc_base) or the window's budget about to be spent. Returns LLMM_OK. */
int llmmi_sketch_sum_add_slow(llmm_sketch *s, uint64_t bits, double v, uint32_t e);
/* Same mapping and bin limit. */
int llmmi_sketch_compatible(const llmm_sketch *a, const llmm_sketch *b);

#endif
