/* ddsketch.h - internal layout of llmm_sketch (DDSketch, sketches-py 3.0.1 semantics). */
#ifndef LLMMI_DDSKETCH_H
#define LLMMI_DDSKETCH_H
#include "llmm_sketch.h"
#include "core/exactsum.h"
#include <string.h>

/* A dense store: counts for keys [offset, offset + cap); the keys holding counts lie in
 * [min_key, max_key] (meaningful when count > 0). With a bin limit B, the keys kept
 * are those >= max_key - B + 1; lower keys are counted in that lowest bin
 * ("collapsing lowest", sketches-py CollapsingLowestDenseStore, store.py). */
typedef struct llmmi_store {
    uint64_t *bins;
    size_t cap;
    int64_t offset;
    int32_t min_key, max_key;
    uint64_t count;
    int collapsed;
} llmmi_store;

/* The logarithmic mapping (sketches-py mapping.py KeyMapping + LogarithmicMapping). */
typedef struct llmmi_mapping {
    double alpha, gamma, multiplier, value_scale, min_possible, max_possible;
} llmmi_mapping;

struct llmm_sketch {
    llmm_allocator alloc;
    llmmi_mapping map;
    uint32_t max_bins; /* 0 = unbounded */
    llmmi_store pos, neg;
    uint64_t zero_count, count;
    double min, max;
    llmmi_exactsum sum;
};

int llmmi_mapping_init(llmmi_mapping *m, double alpha);
int32_t llmmi_mapping_key(const llmmi_mapping *m, double v);
double llmmi_mapping_value(const llmmi_mapping *m, int32_t key);

/* The same key without calling log(): log2(v) = exponent + log2(1 + j/128) + a degree-5
 * series in r = m / (1 + j/128) - 1, |r| < 2^-7 (truncation error < 1e-13). That
 * approximates sketches-py's log(v)/log(2)*multiplier within 1e-9 key units; whenever
 * it lies within 1e-7 of an integer, the exact formula decides. So the result always
 * equals llmmi_mapping_key. Caller guarantees a normal v with min_possible < v. */
extern const double llmmi_log2_tab[128];
extern const double llmmi_inv_tab[128];

static inline int32_t llmmi_ceil_i32(double x)
{
    int32_t t = (int32_t)x; /* truncation; |x| < 2^31 */
    return t + (x > (double)t);
}

static inline int32_t llmmi_mapping_key_fast(const llmmi_mapping *m, double v)
{
    uint64_t bits, mb;
    double mant, r, l2, a;
    unsigned j;
    int32_t lo, hi;
    memcpy(&bits, &v, sizeof bits);
    j = (unsigned)(bits >> 45) & 127;
    mb = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(0x3FF0000000000000);
    memcpy(&mant, &mb, sizeof mant);
    r = mant * llmmi_inv_tab[j] - 1.0;
    l2 = (double)((int)(bits >> 52) - 1023) + llmmi_log2_tab[j] +
         r * (1.4426950408889634 +
              r * (-0.7213475204444817 +
                   r * (0.4808983469629878 + r * (-0.36067376022224085 + r * 0.28853900817779266))));
    a = l2 * m->multiplier;
    lo = llmmi_ceil_i32(a - 1e-7);
    hi = llmmi_ceil_i32(a + 1e-7);
    return lo == hi ? lo : llmmi_mapping_key(m, v);
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
/* Same mapping and bin limit. */
int llmmi_sketch_compatible(const llmm_sketch *a, const llmm_sketch *b);

#endif
