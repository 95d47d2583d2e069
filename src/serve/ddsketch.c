/* ddsketch.c - llmm_sketch: DDSketch add / merge / quantile / totals with the
 * semantics of sketches-py 3.0.1 (ddsketch/ddsketch.py BaseDDSketch). */
#include "ddsketch.h"
#include "core/alloc.h"
#include <math.h>
#include <string.h>

double llmm_sketch_default_accuracy(void) { return LLMM_SKETCH_DEFAULT_ACCURACY; }
uint32_t llmm_sketch_default_max_bins(void) { return LLMM_SKETCH_DEFAULT_MAX_BINS; }

void llmm_sketch_options_default(llmm_sketch_options *opts)
{
    if (!opts) return;
    opts->relative_accuracy = LLMM_SKETCH_DEFAULT_ACCURACY;
    opts->max_bins = LLMM_SKETCH_DEFAULT_MAX_BINS;
}

size_t llmm_sketch_options_size(void) { return sizeof(llmm_sketch_options); }

int llmmi_sketch_init(llmm_sketch *s, const llmm_sketch_options *opts, const llmm_allocator *alloc)
{
    llmm_sketch_options def;
    int rc;
    if (!opts) {
        llmm_sketch_options_default(&def);
        opts = &def;
    }
    memset(s, 0, sizeof *s);
    if ((rc = llmmi_mapping_init(&s->map, opts->relative_accuracy))) return rc;
    llmmi_alloc_init(&s->alloc, alloc);
    s->max_bins = opts->max_bins;
    s->min = HUGE_VAL;
    s->max = -HUGE_VAL;
    llmmi_exactsum_init(&s->sum);
    return LLMM_OK;
}

void llmmi_sketch_fini(llmm_sketch *s)
{
    llmmi_store_free(&s->pos, &s->alloc);
    llmmi_store_free(&s->neg, &s->alloc);
}

int llmmi_sketch_compatible(const llmm_sketch *a, const llmm_sketch *b)
{
    return a->map.alpha == b->map.alpha && a->max_bins == b->max_bins;
}

int llmm_sketch_create(llmm_sketch **out, const llmm_sketch_options *opts,
                       const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_sketch *s;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&a, alloc);
    s = (llmm_sketch *)llmmi_malloc(&a, sizeof *s);
    if (!s) return LLMM_ENOMEM;
    if ((rc = llmmi_sketch_init(s, opts, alloc))) {
        llmmi_free(&a, s, sizeof *s);
        return rc;
    }
    *out = s;
    return LLMM_OK;
}

void llmm_sketch_free(llmm_sketch *s)
{
    llmm_allocator a;
    if (!s) return;
    a = s->alloc;
    llmmi_sketch_fini(s);
    llmmi_free(&a, s, sizeof *s);
}

void llmm_sketch_clear(llmm_sketch *s)
{
    if (!s) return;
    llmmi_store_clear(&s->pos);
    llmmi_store_clear(&s->neg);
    s->zero_count = s->count = 0;
    s->min = HUGE_VAL;
    s->max = -HUGE_VAL;
    llmmi_exactsum_init(&s->sum);
}

int llmm_sketch_clone(llmm_sketch **out, const llmm_sketch *src)
{
    llmm_sketch *s;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (!src) return LLMM_ENULL;
    s = (llmm_sketch *)llmmi_malloc(&src->alloc, sizeof *s);
    if (!s) return LLMM_ENOMEM;
    *s = *src;
    memset(&s->pos, 0, sizeof s->pos);
    memset(&s->neg, 0, sizeof s->neg);
    if ((rc = llmmi_store_copy(&s->pos, &src->pos, &src->alloc)) ||
        (rc = llmmi_store_copy(&s->neg, &src->neg, &src->alloc))) {
        llmm_sketch_free(s);
        return rc;
    }
    *out = s;
    return LLMM_OK;
}

/* Key of |v| and count it; the in-range case is handled here without a call. */
static inline int store_put(llmm_sketch *s, llmmi_store *st, double mag, uint64_t w)
{
    int32_t k = llmmi_mapping_key_fast(&s->map, mag);
    if (st->count && k >= st->min_key && k <= st->max_key) {
        st->bins[k - st->offset] += w;
        st->count += w;
        return LLMM_OK;
    }
    return llmmi_store_add(st, k, w, s->max_bins, &s->alloc);
}

static inline int add_one(llmm_sketch *s, double v, uint64_t weight)
{
    int rc = LLMM_OK;
    /* ddsketch.py BaseDDSketch.add raises ValueError for weight <= 0. */
    if (weight == 0) return LLMM_EINVAL;
    if (v != v || v == HUGE_VAL || v == -HUGE_VAL) return LLMM_ENONFINITE;
    if (fabs(v) > s->map.max_possible) return LLMM_EDOMAIN;
    if (s->count > UINT64_MAX - weight) return LLMM_EOVERFLOW;
    /* ddsketch.py add: v > min_possible -> positive store, v < -min_possible ->
     * negative store (key of -v), otherwise the zero count. */
    if (v > s->map.min_possible)
        rc = store_put(s, &s->pos, v, weight);
    else if (v < -s->map.min_possible)
        rc = store_put(s, &s->neg, -v, weight);
    else
        s->zero_count += weight;
    if (rc) return rc;
    s->count += weight;
    if (weight == 1) llmmi_exactsum_add_finite(&s->sum, v); /* v is finite (checked above) */
    else llmmi_exactsum_add_mul(&s->sum, v, weight);
    if (v < s->min) s->min = v;
    if (v > s->max) s->max = v;
    return LLMM_OK;
}

int llmm_sketch_add_weighted(llmm_sketch *s, double v, uint64_t weight)
{
    if (!s) return LLMM_ENULL;
    return add_one(s, v, weight);
}

int llmm_sketch_add(llmm_sketch *s, double v)
{
    if (!s) return LLMM_ENULL;
    return add_one(s, v, 1);
}

int llmm_sketch_add_many(llmm_sketch *s, const double *v, size_t n, size_t *n_added)
{
    size_t i;
    int rc = LLMM_OK;
    if (n_added) *n_added = 0;
    if (!s || (!v && n)) return LLMM_ENULL;
    for (i = 0; i < n; i++)
        if ((rc = add_one(s, v[i], 1))) break;
    if (n_added) *n_added = i;
    return rc;
}

int llmm_sketch_merge(llmm_sketch *dst, const llmm_sketch *src)
{
    llmm_sketch *copy = NULL;
    int rc;
    if (!dst || !src) return LLMM_ENULL;
    if (!llmmi_sketch_compatible(dst, src)) return LLMM_EINVAL;
    if (!src->count) return LLMM_OK;
    if (dst->count > UINT64_MAX - src->count) return LLMM_EOVERFLOW;
    if (dst == src) { /* merging a sketch into itself doubles it */
        if ((rc = llmm_sketch_clone(&copy, src))) return rc;
        rc = llmm_sketch_merge(dst, copy);
        llmm_sketch_free(copy);
        return rc;
    }
    if ((rc = llmmi_store_reserve(&dst->pos, &src->pos, dst->max_bins, &dst->alloc)) ||
        (rc = llmmi_store_reserve(&dst->neg, &src->neg, dst->max_bins, &dst->alloc)))
        return rc;
    llmmi_store_merge_reserved(&dst->pos, &src->pos, dst->max_bins, &dst->alloc);
    llmmi_store_merge_reserved(&dst->neg, &src->neg, dst->max_bins, &dst->alloc);
    dst->zero_count += src->zero_count;
    dst->count += src->count;
    llmmi_exactsum_merge(&dst->sum, &src->sum);
    if (src->min < dst->min) dst->min = src->min;
    if (src->max > dst->max) dst->max = src->max;
    return LLMM_OK;
}

int llmm_sketch_quantile(const llmm_sketch *s, double q, double *out)
{
    double n, rank, negc, zc;
    if (!s || !out) return LLMM_ENULL;
    if (!(q >= 0 && q <= 1)) return LLMM_EDOMAIN;
    if (!s->count) return LLMM_EEMPTY;
    /* ddsketch.py get_quantile_value, with its float arithmetic on the counts. */
    n = (double)s->count;
    negc = (double)s->neg.count;
    zc = (double)s->zero_count;
    rank = q * (n - 1);
    if (rank < negc)
        *out = -llmmi_mapping_value(&s->map,
                                    llmmi_store_key_at_rank(&s->neg, negc - rank - 1, 0));
    else if (rank < zc + negc)
        *out = 0.0;
    else
        *out = llmmi_mapping_value(&s->map, llmmi_store_key_at_rank(&s->pos, rank - zc - negc, 1));
    return LLMM_OK;
}

int llmm_sketch_quantiles(const llmm_sketch *s, const double *q, size_t nq, double *out)
{
    size_t i;
    int rc;
    if (!s || ((!q || !out) && nq)) return LLMM_ENULL;
    for (i = 0; i < nq; i++)
        if (!(q[i] >= 0 && q[i] <= 1)) return LLMM_EDOMAIN;
    for (i = 0; i < nq; i++)
        if ((rc = llmm_sketch_quantile(s, q[i], &out[i]))) return rc;
    return LLMM_OK;
}

uint64_t llmm_sketch_count(const llmm_sketch *s) { return s ? s->count : 0; }
uint64_t llmm_sketch_zero_count(const llmm_sketch *s) { return s ? s->zero_count : 0; }
double llmm_sketch_sum(const llmm_sketch *s) { return s ? llmmi_exactsum_value(&s->sum) : 0.0; }

int llmm_sketch_avg(const llmm_sketch *s, double *out)
{
    if (!s || !out) return LLMM_ENULL;
    if (!s->count) return LLMM_EEMPTY;
    *out = llmmi_exactsum_value(&s->sum) / (double)s->count;
    return LLMM_OK;
}

int llmm_sketch_min(const llmm_sketch *s, double *out)
{
    if (!s || !out) return LLMM_ENULL;
    if (!s->count) return LLMM_EEMPTY;
    *out = s->min;
    return LLMM_OK;
}

int llmm_sketch_max(const llmm_sketch *s, double *out)
{
    if (!s || !out) return LLMM_ENULL;
    if (!s->count) return LLMM_EEMPTY;
    *out = s->max;
    return LLMM_OK;
}

double llmm_sketch_relative_accuracy(const llmm_sketch *s) { return s ? s->map.alpha : 0.0; }
double llmm_sketch_gamma(const llmm_sketch *s) { return s ? s->map.gamma : 0.0; }

size_t llmm_sketch_num_bins(const llmm_sketch *s)
{
    size_t n = 0;
    if (!s) return 0;
    if (s->pos.count) n += (size_t)(s->pos.max_key - s->pos.min_key) + 1;
    if (s->neg.count) n += (size_t)(s->neg.max_key - s->neg.min_key) + 1;
    return n;
}

int llmm_sketch_is_collapsed(const llmm_sketch *s) { return s && (s->pos.collapsed || s->neg.collapsed); }

int llmm_sketch_key(const llmm_sketch *s, double v, int32_t *key)
{
    if (!s || !key) return LLMM_ENULL;
    if (v != v || v == HUGE_VAL || v == -HUGE_VAL) return LLMM_ENONFINITE;
    if (!(v > s->map.min_possible) || v > s->map.max_possible) return LLMM_EDOMAIN;
    *key = llmmi_mapping_key(&s->map, v);
    return LLMM_OK;
}

double llmm_sketch_key_value(const llmm_sketch *s, int32_t key)
{
    return s ? llmmi_mapping_value(&s->map, key) : 0.0;
}
