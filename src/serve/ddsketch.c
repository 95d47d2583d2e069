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

/* Adds a finite v (bits: its bits) to the sum: a positive value in the window costs
 * an integer add. Returns LLMM_OK (callers tail-call it). */
static inline int sum_add(llmm_sketch *s, uint64_t bits, double v)
{
    uint32_t e = (uint32_t)(bits >> 52) - s->acc_base;
    if (e >= LLMMI_SKETCH_ACC || s->acc_left == 1) return llmmi_sketch_sum_add_slow(s, bits, v, e);
    s->acc[e] += (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    s->acc_left--;
    return LLMM_OK;
}

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
    llmmi_sketch_acc_reset(s, 1023);
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
    llmmi_sketch_acc_reset(s, 1023);
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

/* The general add: any weight, any value (statuses for bad ones). */
static int add_one(llmm_sketch *s, double v, uint64_t weight)
{
    int rc = LLMM_OK;
    uint64_t abits;
    /* ddsketch.py BaseDDSketch.add raises ValueError for weight <= 0. */
    if (weight == 0) return LLMM_EINVAL;
    if (v != v || v == HUGE_VAL || v == -HUGE_VAL) return LLMM_ENONFINITE;
    if (fabs(v) > s->map.max_possible) return LLMM_EDOMAIN;
    if (s->count > UINT64_MAX - weight) return LLMM_EOVERFLOW;
    /* ddsketch.py add: v > min_possible -> positive store, v < -min_possible ->
     * negative store (key of -v), otherwise the zero count. */
    abits = llmmi_abs_bits(v);
    if (v > s->map.min_possible)
        rc = llmmi_store_add(&s->pos, llmmi_mapping_key_fast(&s->map, abits), weight,
                             s->max_bins, &s->alloc);
    else if (v < -s->map.min_possible)
        rc = llmmi_store_add(&s->neg, llmmi_mapping_key_fast(&s->map, abits), weight,
                             s->max_bins, &s->alloc);
    else
        s->zero_count += weight;
    if (rc) return rc;
    s->count += weight;
    if (weight == 1) llmmi_exactsum_add(&s->sum, v);
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

/* One value, weight 1: the common case (a value for a store, a key inside the store's
 * current range) inline, anything else through add_one. */
int llmm_sketch_add(llmm_sketch *s, double v)
{
    uint64_t bits, abits;
    llmmi_store *st;
    int32_t k;
    uint32_t d;
    if (!s) return LLMM_ENULL;
    memcpy(&bits, &v, sizeof bits);
    abits = bits & ~LLMMI_SIGN_BIT;
    if (abits - s->map.store_lo > s->map.store_span || s->count == UINT64_MAX ||
        !llmmi_mapping_key_approx(&s->map, abits, &k))
        return add_one(s, v, 1);
    st = bits >> 63 ? &s->neg : &s->pos;
    d = (uint32_t)k - (uint32_t)st->min_key;
    if (d >= st->nwin) return add_one(s, v, 1);
    st->win[d]++;
    st->count++;
    s->count++;
    if (v < s->min) s->min = v;
    if (v > s->max) s->max = v;
    return sum_add(s, bits, v); /* v is finite (range test above) */
}

/* A block of add_many (at most LLMMI_SKETCH_ACC_ADDS values). Positive values whose key
 * is inside the positive store's range take the fast path, with the counts and
 * extremes kept in locals and the sum going to the window (folded first if the
 * block could overflow it). Other values go through add_one after the locals are
 * written back. Returns the index after the last value added; *rc is the status of
 * the first failed one. */
static size_t add_block(llmm_sketch *s, const double *v, size_t i, size_t end, int *rc)
{
    uint64_t lo_bits = s->map.store_lo, span = s->map.store_span, n_fast = 0, *win = s->pos.win;
    uint32_t nwin = s->pos.nwin, lo_key = (uint32_t)s->pos.min_key, base;
    double mn = s->min, mx = s->max;
    if (s->acc_left < end - i) llmmi_sketch_acc_fold(s, (uint32_t)(llmmi_abs_bits(v[i]) >> 52));
    base = s->acc_base;
    for (; i < end; i++) {
        double x = v[i];
        uint64_t b;
        uint32_t d, e;
        memcpy(&b, &x, sizeof b);
        if (b - lo_bits <= span) { /* positive, for the store: key */
            d = (uint32_t)llmmi_mapping_key_fast(&s->map, b) - lo_key;
            if (d < nwin) {
                win[d]++;
                n_fast++;
                e = (uint32_t)(b >> 52) - base;
                if (e < LLMMI_SKETCH_ACC)
                    s->acc[e] += (b & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
                else
                    llmmi_exactsum_add_finite(&s->sum, x);
                mn = x < mn ? x : mn;
                mx = x > mx ? x : mx;
                continue;
            }
        }
        /* slow path: write the locals back, add, reload */
        s->pos.count += n_fast;
        s->count += n_fast;
        s->acc_left -= (uint32_t)n_fast;
        n_fast = 0;
        s->min = mn;
        s->max = mx;
        *rc = add_one(s, x, 1);
        win = s->pos.win;
        nwin = s->pos.nwin;
        lo_key = (uint32_t)s->pos.min_key;
        mn = s->min;
        mx = s->max;
        if (*rc) break;
    }
    s->pos.count += n_fast;
    s->count += n_fast;
    s->acc_left -= (uint32_t)n_fast;
    s->min = mn;
    s->max = mx;
    return i;
}

int llmm_sketch_add_many(llmm_sketch *s, const double *v, size_t n, size_t *n_added)
{
    size_t i = 0;
    int rc = LLMM_OK;
    if (n_added) *n_added = 0;
    if (!s || (!v && n)) return LLMM_ENULL;
    while (i < n && rc == LLMM_OK) {
        size_t end = n - i < LLMMI_SKETCH_ACC_ADDS ? n : i + LLMMI_SKETCH_ACC_ADDS;
        if (s->count > UINT64_MAX - LLMMI_SKETCH_ACC_ADDS) { /* near the count limit: one by one */
            for (; i < end; i++)
                if ((rc = add_one(s, v[i], 1))) break;
        } else {
            i = add_block(s, v, i, end, &rc);
        }
    }
    if (n_added) *n_added = i;
    return rc;
}

int llmm_sketch_merge(llmm_sketch *dst, const llmm_sketch *src)
{
    llmm_sketch *copy = NULL;
    llmmi_exactsum sum;
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
    llmmi_sketch_sum(src, &sum);
    llmmi_exactsum_merge(&dst->sum, &sum);
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
double llmm_sketch_sum(const llmm_sketch *s)
{
    llmmi_exactsum sum;
    if (!s) return 0.0;
    llmmi_sketch_sum(s, &sum);
    return llmmi_exactsum_value(&sum);
}

int llmm_sketch_avg(const llmm_sketch *s, double *out)
{
    if (!s || !out) return LLMM_ENULL;
    if (!s->count) return LLMM_EEMPTY;
    *out = llmm_sketch_sum(s) / (double)s->count;
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
