/* corr_acc.c - the correlation accumulator: the pairs themselves (merge appends).
 * Every finalizer is order-independent (exact sums, ranks, counts), so the result does
 * not depend on the order of adds and merges. */
#include "corr_internal.h"
#include "core/serial.h"
#include <math.h>
#include <string.h>

int llmm_corr_create(llmm_corr **out, const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_corr *c;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    llmmi_alloc_init(&al, alloc);
    c = (llmm_corr *)llmmi_malloc(&al, sizeof *c);
    if (!c) return LLMM_ENOMEM;
    memset(c, 0, sizeof *c);
    c->alloc = al;
    *out = c;
    return LLMM_OK;
}

void llmm_corr_free(llmm_corr *c)
{
    llmm_allocator al;
    if (!c) return;
    al = c->alloc;
    llmmi_free(&al, c->xy, c->cap * 2 * sizeof(double));
    llmmi_free(&al, c, sizeof *c);
}

void llmm_corr_reset(llmm_corr *c)
{
    if (c) c->n = 0;
}

uint64_t llmm_corr_count(const llmm_corr *c) { return c ? (uint64_t)c->n : 0; }

static int append(llmm_corr *c, const double *x, const double *y, size_t xs, size_t ys, size_t n)
{
    size_t i;
    int rc;
    if (n > (size_t)-1 / 2 - c->n) return LLMM_EOVERFLOW;
    if ((rc = llmmi_grow(&c->alloc, (void **)&c->xy, &c->cap, c->n + n, 2 * sizeof(double))) !=
        LLMM_OK)
        return rc;
    for (i = 0; i < n; i++) {
        c->xy[2 * (c->n + i)] = x[i * xs];
        c->xy[2 * (c->n + i) + 1] = y[i * ys];
    }
    c->n += n;
    return LLMM_OK;
}

int llmm_corr_add(llmm_corr *c, const double *x, const double *y, size_t n)
{
    size_t i;
    if (!c) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!x || !y) return LLMM_ENULL;
    for (i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i])) return LLMM_ENONFINITE;
    return append(c, x, y, 1, 1, n);
}

int llmm_corr_merge(llmm_corr *dst, const llmm_corr *src)
{
    if (!dst || !src) return LLMM_ENULL;
    if (src->n == 0) return LLMM_OK;
    if (dst == src) {
        /* appending an accumulator to itself: copy through a snapshot of its length */
        size_t n = src->n;
        int rc = llmmi_grow(&dst->alloc, (void **)&dst->xy, &dst->cap, 2 * n, 2 * sizeof(double));
        if (rc != LLMM_OK) return rc;
        memcpy(dst->xy + 2 * n, dst->xy, n * 2 * sizeof(double));
        dst->n = 2 * n;
        return LLMM_OK;
    }
    return append(dst, src->xy, src->xy + 1, 2, 2, src->n);
}

typedef int (*corr_fn)(const double *, const double *, size_t, size_t, const llmm_corr_options *,
                       llmm_corr_result *, const llmm_allocator *);

static int pearson_fn(const double *x, const double *y, size_t n, size_t s,
                      const llmm_corr_options *o, llmm_corr_result *out, const llmm_allocator *al)
{
    (void)al;
    return llmmi_pearson(x, y, n, s, o, out);
}

static int finalize(const llmm_corr *c, const llmm_corr_options *opts, llmm_corr_result *out,
                    corr_fn fn)
{
    llmm_corr_options o;
    int rc;
    if (!c || !out) return LLMM_ENULL;
    if ((rc = llmmi_corr_opts(opts, &o)) != LLMM_OK) return rc;
    if ((rc = llmmi_corr_precheck(c->xy, c->xy + 1, c->n, 2, out)) != LLMM_OK) return rc;
    return fn(c->xy, c->xy + 1, c->n, 2, &o, out, &c->alloc);
}

int llmm_corr_pearsonr(const llmm_corr *c, const llmm_corr_options *opts, llmm_corr_result *out)
{
    return finalize(c, opts, out, pearson_fn);
}

int llmm_corr_spearmanr(const llmm_corr *c, const llmm_corr_options *opts, llmm_corr_result *out)
{
    return finalize(c, opts, out, llmmi_spearman);
}

int llmm_corr_kendalltau(const llmm_corr *c, const llmm_corr_options *opts, llmm_corr_result *out)
{
    return finalize(c, opts, out, llmmi_kendall);
}

/* Payload (kind LLMMI_KIND_CORR, little-endian): u64 n, then n times f64 x, f64 y. */
size_t llmm_corr_serialized_size(const llmm_corr *c)
{
    if (!c) return 0;
    return LLMMI_SER_HEADER + 8 + c->n * 16;
}

int llmm_corr_serialize(const llmm_corr *c, void *buf, size_t cap, size_t *written)
{
    unsigned char *q;
    size_t need, i;
    if (!c || !buf) return LLMM_ENULL;
    need = llmm_corr_serialized_size(c);
    if (need - LLMMI_SER_HEADER > UINT32_MAX) return LLMM_EOVERFLOW;
    if (cap < need) return LLMM_EBUFFER;
    q = (unsigned char *)buf + LLMMI_SER_HEADER;
    llmmi_put_u64(q, (uint64_t)c->n);
    for (i = 0; i < 2 * c->n; i++) llmmi_put_f64(q + 8 + 8 * i, c->xy[i]);
    llmmi_ser_seal((unsigned char *)buf, LLMMI_KIND_CORR, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_corr_deserialize(llmm_corr **out, const void *buf, size_t len, const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen, i;
    uint64_t n;
    llmm_corr *c;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_CORR, &q, &plen)) != LLMM_OK) return rc;
    if (plen < 8) return LLMM_EFORMAT;
    n = llmmi_get_u64(q);
    if (n > (plen - 8) / 16 || plen != 8 + 16 * n) return LLMM_EFORMAT;
    for (i = 0; i < 2 * n; i++) {
        double v = llmmi_get_f64(q + 8 + 8 * i);
        if (!isfinite(v)) return LLMM_EFORMAT;
    }
    if ((rc = llmm_corr_create(&c, alloc)) != LLMM_OK) return rc;
    if (n && (rc = llmmi_grow(&c->alloc, (void **)&c->xy, &c->cap, (size_t)n, 2 * sizeof(double))) !=
                 LLMM_OK) {
        llmm_corr_free(c);
        return rc;
    }
    for (i = 0; i < 2 * n; i++) c->xy[i] = llmmi_get_f64(q + 8 + 8 * i);
    c->n = (size_t)n;
    *out = c;
    return LLMM_OK;
}
