/* ddsketch_store.c - DDSketch dense stores with integer counts and an optional bin
 * limit that collapses the lowest keys.
 *
 * Semantics with a limit B: a key k is counted at max(k, M - B + 1), M being the
 * largest key ever added. The state is therefore a function of the multiset of keys,
 * so adds and merges in any order give identical stores. This is what sketches-py's
 * CollapsingLowestDenseStore (store.py, _adjust/_get_index) converges to; sketches-py
 * additionally ties the window to its chunked array length. */
#include "ddsketch.h"
#include "core/alloc.h"
#include <string.h>

#define CHUNK 128

static size_t round_chunk(size_t n) { return (n + CHUNK - 1) / CHUNK * CHUNK; }

/* Re-derives the fast path's view (ddsketch.h) after a change of keys or layout. */
static void sync_view(llmmi_store *st)
{
    st->nwin = st->count ? (uint32_t)(st->max_key - st->min_key) + 1 : 0;
    st->win = st->count ? st->bins + (st->min_key - st->offset) : st->bins;
}

/* Replaces the bin array by one covering [lo, hi] (with slack), copying the bins of
 * keys [copy_lo, copy_hi] (none when copy_lo > copy_hi). */
static int relayout(llmmi_store *st, int64_t lo, int64_t hi, int64_t copy_lo, int64_t copy_hi,
                    uint32_t max_bins, const llmm_allocator *a)
{
    size_t span = (size_t)(hi - lo + 1), cap, want;
    uint64_t *bins;
    int64_t offset;
    want = round_chunk(span + CHUNK);
    if (want < 2 * st->cap) want = 2 * st->cap; /* geometric growth: amortized O(1) */
    if (max_bins && want > round_chunk(max_bins)) want = round_chunk(max_bins);
    cap = want < span ? span : want;
    bins = (uint64_t *)llmmi_calloc(a, cap, sizeof *bins);
    if (!bins) return LLMM_ENOMEM;
    offset = lo - (int64_t)(cap - span) / 2;
    if (copy_lo <= copy_hi)
        memcpy(bins + (copy_lo - offset), st->bins + (copy_lo - st->offset),
               (size_t)(copy_hi - copy_lo + 1) * sizeof *bins);
    llmmi_free(a, st->bins, st->cap * sizeof *st->bins);
    st->bins = bins;
    st->cap = cap;
    st->offset = offset;
    return LLMM_OK;
}

static int covers(const llmmi_store *st, int64_t lo, int64_t hi)
{
    return st->bins && lo >= st->offset && hi < st->offset + (int64_t)st->cap;
}

int llmmi_store_add(llmmi_store *st, int32_t key, uint64_t w, uint32_t max_bins,
                    const llmm_allocator *a)
{
    int64_t k = key, lo, hi, L, i, top = 0;
    uint64_t moved = 0;
    int rc;
    if (st->count && k >= st->min_key && k <= st->max_key) {
        st->bins[k - st->offset] += w;
        st->count += w;
        return LLMM_OK;
    }
    if (!st->count) {
        if (!covers(st, k, k) && (rc = relayout(st, k, k, 1, 0, max_bins, a))) return rc;
        st->min_key = st->max_key = key;
    } else if (k < st->min_key) {
        if (max_bins && st->max_key - k + 1 > (int64_t)max_bins) {
            k = st->max_key - (int64_t)max_bins + 1; /* counted in the lowest kept bin */
            st->collapsed = 1;
        }
        if (!covers(st, k, st->max_key) &&
            (rc = relayout(st, k, st->max_key, st->min_key, st->max_key, max_bins, a)))
            return rc;
        st->min_key = (int32_t)k;
    } else { /* k > max_key */
        lo = st->min_key;
        hi = k;
        L = k - (int64_t)max_bins + 1;
        if (max_bins && L > lo) {
            /* Keys below L collapse into L. */
            top = L - 1 < st->max_key ? L - 1 : st->max_key;
            for (i = st->min_key; i <= top; i++) moved += st->bins[i - st->offset];
            lo = L;
        }
        if (!covers(st, lo, hi)) {
            int64_t clo = lo > st->min_key ? lo : st->min_key;
            if ((rc = relayout(st, lo, hi, clo, st->max_key, max_bins, a))) return rc;
        } else if (lo > st->min_key) {
            memset(st->bins + (st->min_key - st->offset), 0,
                   (size_t)(top - st->min_key + 1) * sizeof *st->bins);
        }
        if (lo > st->min_key) {
            st->bins[lo - st->offset] += moved;
            st->collapsed = 1;
        }
        st->min_key = (int32_t)lo;
        st->max_key = key;
    }
    st->bins[k - st->offset] += w;
    st->count += w;
    sync_view(st);
    return LLMM_OK;
}

int llmmi_store_reserve(llmmi_store *dst, const llmmi_store *src, uint32_t max_bins,
                        const llmm_allocator *a)
{
    int64_t lo = src->min_key, hi = src->max_key;
    int rc;
    if (!src->count) return LLMM_OK;
    if (dst->count) {
        if (dst->min_key < lo) lo = dst->min_key;
        if (dst->max_key > hi) hi = dst->max_key;
    }
    /* The final range, plus dst's current one (relayout copies it). */
    if (max_bins && lo < hi - (int64_t)max_bins + 1) {
        lo = hi - (int64_t)max_bins + 1;
        if (dst->count && dst->min_key < lo) lo = dst->min_key;
    }
    if (covers(dst, lo, hi)) return LLMM_OK;
    rc = relayout(dst, lo, hi, dst->count ? dst->min_key : 1, dst->count ? dst->max_key : 0,
                  max_bins, a);
    sync_view(dst); /* the bins moved */
    return rc;
}

void llmmi_store_merge_reserved(llmmi_store *dst, const llmmi_store *src, uint32_t max_bins,
                                const llmm_allocator *a)
{
    int64_t k, lo = src->min_key, hi = src->max_key;
    if (!src->count) return;
    if (dst->count) {
        if (dst->min_key < lo) lo = dst->min_key;
        if (dst->max_key > hi) hi = dst->max_key;
    }
    if (!max_bins || hi - lo + 1 <= (int64_t)max_bins) {
        /* Nothing collapses: add the bins directly (the layout covers [lo, hi]). */
        uint64_t *d = dst->bins + (src->min_key - dst->offset);
        const uint64_t *s = src->bins + (src->min_key - src->offset);
        for (k = 0; k <= (int64_t)src->max_key - src->min_key; k++) d[k] += s[k];
        dst->min_key = (int32_t)lo;
        dst->max_key = (int32_t)hi;
        dst->count += src->count;
        dst->collapsed |= src->collapsed;
        sync_view(dst);
        return;
    }
    /* The largest key first (it fixes the collapse window), then the others, bin by
     * bin: the result does not depend on merge order, and nothing allocates. */
    llmmi_store_add(dst, src->max_key, src->bins[src->max_key - src->offset], max_bins, a);
    for (k = src->min_key; k < src->max_key; k++) {
        uint64_t c = src->bins[k - src->offset];
        if (c) llmmi_store_add(dst, (int32_t)k, c, max_bins, a);
    }
    dst->collapsed |= src->collapsed;
}

int32_t llmmi_store_key_at_rank(const llmmi_store *st, double rank, int lower)
{
    /* store.py DenseStore.key_at_rank: running_ct is a float sum of the bins. */
    double running = 0.0;
    int64_t k;
    for (k = st->min_key; k <= st->max_key; k++) {
        running += (double)st->bins[k - st->offset];
        if ((lower && running > rank) || (!lower && running >= rank + 1)) return (int32_t)k;
    }
    return st->max_key;
}

void llmmi_store_clear(llmmi_store *st)
{
    if (st->count)
        memset(st->bins + (st->min_key - st->offset), 0,
               (size_t)(st->max_key - st->min_key + 1) * sizeof *st->bins);
    st->count = 0;
    st->collapsed = 0;
    sync_view(st);
}

void llmmi_store_free(llmmi_store *st, const llmm_allocator *a)
{
    llmmi_free(a, st->bins, st->cap * sizeof *st->bins);
    memset(st, 0, sizeof *st);
}

int llmmi_store_copy(llmmi_store *dst, const llmmi_store *src, const llmm_allocator *a)
{
    memset(dst, 0, sizeof *dst);
    if (!src->count) return LLMM_OK;
    dst->bins = (uint64_t *)llmmi_calloc(a, src->cap, sizeof *dst->bins);
    if (!dst->bins) return LLMM_ENOMEM;
    memcpy(dst->bins, src->bins, src->cap * sizeof *dst->bins);
    dst->cap = src->cap;
    dst->offset = src->offset;
    dst->min_key = src->min_key;
    dst->max_key = src->max_key;
    dst->count = src->count;
    dst->collapsed = src->collapsed;
    sync_view(dst);
    return LLMM_OK;
}
