/* slo_tracker.c - good/bad event counts in time buckets (a ring covering the horizon),
 * for window queries and multi-window burn-rate alerts. Times come from the caller. */
#include "llmm_serve.h"
#include "core/alloc.h"
#include <math.h>
#include <string.h>

typedef struct bucket {
    int64_t index; /* floor(time / bucket_s) of the data held; stale when older */
    uint64_t good, bad;
} bucket;

struct llmm_slo_tracker {
    llmm_allocator alloc;
    double bucket_s;
    size_t n;       /* buckets in the ring */
    int64_t newest; /* highest bucket index recorded */
    int any;
    bucket *ring;
};

void llmm_slo_tracker_options_default(llmm_slo_tracker_options *opts)
{
    if (!opts) return;
    opts->bucket_s = 60;
    opts->horizon_s = 3 * 86400;
}

int llmm_slo_tracker_create(llmm_slo_tracker **out, const llmm_slo_tracker_options *opts,
                            const llmm_allocator *alloc)
{
    llmm_slo_tracker_options o;
    llmm_slo_tracker *t;
    llmm_allocator a;
    double nb;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (opts) o = *opts;
    else llmm_slo_tracker_options_default(&o);
    if (!(o.bucket_s > 0) || !(o.horizon_s >= o.bucket_s) || isinf(o.horizon_s)) return LLMM_EDOMAIN;
    nb = ceil(o.horizon_s / o.bucket_s);
    if (nb > 1e8) return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    t = (llmm_slo_tracker *)llmmi_calloc(&a, 1, sizeof *t);
    if (!t) return LLMM_ENOMEM;
    t->alloc = a;
    t->bucket_s = o.bucket_s;
    t->n = (size_t)nb;
    t->ring = (bucket *)llmmi_calloc(&a, t->n, sizeof *t->ring);
    if (!t->ring) {
        llmmi_free(&a, t, sizeof *t);
        return LLMM_ENOMEM;
    }
    *out = t;
    return LLMM_OK;
}

void llmm_slo_tracker_free(llmm_slo_tracker *t)
{
    llmm_allocator a;
    if (!t) return;
    a = t->alloc;
    llmmi_free(&a, t->ring, t->n * sizeof *t->ring);
    llmmi_free(&a, t, sizeof *t);
}

static int bucket_index(const llmm_slo_tracker *t, double time, int64_t *idx)
{
    double b;
    if (!isfinite(time)) return LLMM_ENONFINITE;
    b = floor(time / t->bucket_s);
    if (fabs(b) > 9e15) return LLMM_EDOMAIN;
    *idx = (int64_t)b;
    return LLMM_OK;
}

static size_t slot(const llmm_slo_tracker *t, int64_t idx)
{
    int64_t m = idx % (int64_t)t->n;
    return (size_t)(m < 0 ? m + (int64_t)t->n : m);
}

int llmm_slo_tracker_record(llmm_slo_tracker *t, double time, uint64_t good, uint64_t bad)
{
    int64_t idx;
    bucket *b;
    int rc;
    if (!t) return LLMM_ENULL;
    if ((rc = bucket_index(t, time, &idx))) return rc;
    if (t->any && idx <= t->newest - (int64_t)t->n) return LLMM_ERANGE;
    b = &t->ring[slot(t, idx)];
    if (b->index != idx || (!b->good && !b->bad)) {
        b->index = idx;
        b->good = b->bad = 0;
    }
    if (b->good > UINT64_MAX - good || b->bad > UINT64_MAX - bad) return LLMM_EOVERFLOW;
    b->good += good;
    b->bad += bad;
    if (!t->any || idx > t->newest) t->newest = idx;
    t->any = 1;
    return LLMM_OK;
}

int llmm_slo_tracker_window(const llmm_slo_tracker *t, double now, double window_s,
                            uint64_t *good, uint64_t *bad)
{
    int64_t idx, k, nb;
    uint64_t g = 0, x = 0;
    double w;
    int rc;
    if (!t || !good || !bad) return LLMM_ENULL;
    if ((rc = bucket_index(t, now, &idx))) return rc;
    if (!(window_s > 0) || isinf(window_s)) return LLMM_EDOMAIN;
    w = ceil(window_s / t->bucket_s);
    if (w > (double)t->n) return LLMM_ERANGE;
    nb = (int64_t)w;
    for (k = idx - nb + 1; k <= idx; k++) {
        const bucket *b = &t->ring[slot(t, k)];
        if (b->index != k) continue; /* empty or overwritten by newer data */
        if (g > UINT64_MAX - b->good || x > UINT64_MAX - b->bad) return LLMM_EOVERFLOW;
        g += b->good;
        x += b->bad;
    }
    *good = g;
    *bad = x;
    return LLMM_OK;
}

int llmm_slo_tracker_alerts(const llmm_slo_tracker *t, double now, double objective,
                            const llmm_slo_alert_rule *rules, size_t n, llmm_slo_alert_state *out)
{
    size_t i;
    int rc;
    if (!t || ((!rules || !out) && n)) return LLMM_ENULL;
    for (i = 0; i < n; i++) {
        uint64_t lg, lb, sg, sb;
        if ((rc = llmm_slo_tracker_window(t, now, rules[i].long_window_s, &lg, &lb)) ||
            (rc = llmm_slo_tracker_window(t, now, rules[i].short_window_s, &sg, &sb)))
            return rc;
        if (lg > UINT64_MAX - lb || sg > UINT64_MAX - sb) return LLMM_EOVERFLOW;
        if ((rc = llmm_slo_burn_alert(objective, lb, lg + lb, sb, sg + sb, rules[i].threshold,
                                      &out[i])))
            return rc;
    }
    return LLMM_OK;
}
