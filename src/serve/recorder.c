/* recorder.c - per-thread sharded sketches with a lock-free write path.
 *
 * Each shard has two buffers (sketches + counters). The owning thread writes into
 * the buffer named by `active`; a snapshot flips `active` and then collects the other
 * buffer once no write into it is in flight. The hand-off is a Dekker handshake:
 *
 *   writer:  busy = b + 1 (seq_cst); if active != b (seq_cst): retry with the new b;
 *            write into buffer b; busy = 0 (release)
 *   reader:  active = 1 - old (seq_cst); wait while busy == old + 1 (seq_cst);
 *            buffer old is now quiescent: merge it into the totals and clear it.
 *
 * In the single total order of seq_cst operations either the writer's re-check sees
 * the flip (it moves to the new buffer), or the reader's load sees busy == old + 1
 * (it waits for the release store busy = 0, which publishes the writes). So every
 * call lands entirely in one snapshot, and buffer `old` is never written while it is
 * merged. Writers never wait; snapshots hold a spin flag among themselves. */
#include "ddsketch.h"
#include "atomics.h"
#include "core/alloc.h"
#include <math.h>
#include <sched.h>
#include <string.h>

#define MAX_CHANNELS 64
#define MAX_COUNTERS 64
#define MAX_SHARDS 4096

typedef struct rec_buf {
    llmm_sketch *sk;    /* n_channels sketches */
    uint64_t *counters; /* n_counters */
} rec_buf;

struct llmm_recorder_shard {
    /* Written by the owner on every call / by snapshots: keep them together, first. */
    int busy;
    int active;
    int claimed;
    uint32_t n_channels, n_counters; /* copies of the options, read on every call */
    llmm_recorder *owner;
    rec_buf buf[2];
};

struct llmm_recorder {
    llmm_allocator alloc;
    llmm_recorder_options opts;
    llmm_recorder_shard **shards;
    rec_buf total;
    int snap_lock;
};

void llmm_recorder_options_default(llmm_recorder_options *opts)
{
    if (!opts) return;
    llmm_sketch_options_default(&opts->sketch);
    opts->n_channels = 1;
    opts->n_counters = 0;
    opts->max_shards = 64;
}

size_t llmm_recorder_options_size(void) { return sizeof(llmm_recorder_options); }

static void buf_fini(rec_buf *b, const llmm_recorder_options *o, const llmm_allocator *a)
{
    uint32_t c;
    if (b->sk) {
        for (c = 0; c < o->n_channels; c++) llmmi_sketch_fini(&b->sk[c]);
        llmmi_free(a, b->sk, o->n_channels * sizeof *b->sk);
    }
    llmmi_free(a, b->counters, (o->n_counters ? o->n_counters : 1) * sizeof *b->counters);
    b->sk = NULL;
    b->counters = NULL;
}

static int buf_init(rec_buf *b, const llmm_recorder_options *o, const llmm_allocator *a)
{
    uint32_t c;
    b->sk = (llmm_sketch *)llmmi_calloc(a, o->n_channels, sizeof *b->sk);
    b->counters = (uint64_t *)llmmi_calloc(a, o->n_counters ? o->n_counters : 1, sizeof *b->counters);
    if (!b->sk || !b->counters) {
        llmmi_free(a, b->sk, o->n_channels * sizeof *b->sk);
        llmmi_free(a, b->counters, (o->n_counters ? o->n_counters : 1) * sizeof *b->counters);
        b->sk = NULL;
        b->counters = NULL;
        return LLMM_ENOMEM;
    }
    for (c = 0; c < o->n_channels; c++) llmmi_sketch_init(&b->sk[c], &o->sketch, a);
    return LLMM_OK;
}

void llmm_recorder_free(llmm_recorder *r)
{
    uint32_t i;
    llmm_allocator a;
    if (!r) return;
    a = r->alloc;
    if (r->shards) {
        for (i = 0; i < r->opts.max_shards; i++) {
            llmm_recorder_shard *s = r->shards[i];
            if (!s) continue;
            buf_fini(&s->buf[0], &r->opts, &a);
            buf_fini(&s->buf[1], &r->opts, &a);
            llmmi_free(&a, s, sizeof *s);
        }
        llmmi_free(&a, r->shards, r->opts.max_shards * sizeof *r->shards);
    }
    buf_fini(&r->total, &r->opts, &a);
    llmmi_free(&a, r, sizeof *r);
}

int llmm_recorder_create(llmm_recorder **out, const llmm_recorder_options *opts,
                         const llmm_allocator *alloc)
{
    llmm_recorder_options o;
    llmm_allocator a;
    llmm_recorder *r;
    llmm_sketch probe;
    uint32_t i;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (opts) o = *opts;
    else llmm_recorder_options_default(&o);
    if (!o.n_channels || o.n_channels > MAX_CHANNELS || o.n_counters > MAX_COUNTERS ||
        !o.max_shards || o.max_shards > MAX_SHARDS)
        return LLMM_EINVAL;
    if ((rc = llmmi_sketch_init(&probe, &o.sketch, alloc))) return rc;
    llmmi_alloc_init(&a, alloc);
    r = (llmm_recorder *)llmmi_calloc(&a, 1, sizeof *r);
    if (!r) return LLMM_ENOMEM;
    r->alloc = a;
    r->opts = o;
    r->shards = (llmm_recorder_shard **)llmmi_calloc(&a, o.max_shards, sizeof *r->shards);
    if (!r->shards || buf_init(&r->total, &o, &a)) goto nomem;
    for (i = 0; i < o.max_shards; i++) {
        llmm_recorder_shard *s = (llmm_recorder_shard *)llmmi_calloc(&a, 1, sizeof *s);
        if (!s) goto nomem;
        r->shards[i] = s;
        s->owner = r;
        s->n_channels = o.n_channels;
        s->n_counters = o.n_counters;
        if (buf_init(&s->buf[0], &o, &a) || buf_init(&s->buf[1], &o, &a)) goto nomem;
    }
    *out = r;
    return LLMM_OK;
nomem:
    llmm_recorder_free(r);
    return LLMM_ENOMEM;
}

int llmm_recorder_acquire(llmm_recorder *r, llmm_recorder_shard **out)
{
    uint32_t i;
    if (!r || !out) return LLMM_ENULL;
    *out = NULL;
    for (i = 0; i < r->opts.max_shards; i++) {
        llmm_recorder_shard *s = r->shards[i];
        if (!llmmi_load_relaxed(&s->claimed) && llmmi_cas_int(&s->claimed, 0, 1)) {
            *out = s;
            return LLMM_OK;
        }
    }
    return LLMM_ERANGE;
}

void llmm_recorder_release(llmm_recorder_shard *s)
{
    if (s) llmmi_store_release(&s->claimed, 0);
}

/* Announces a write and returns the buffer it may use (see the file comment). */
static int enter(llmm_recorder_shard *s)
{
    int b = llmmi_load_relaxed(&s->active);
    for (;;) {
        int now;
        llmmi_store_seq(&s->busy, b + 1);
        now = llmmi_load_seq(&s->active);
        if (now == b) return b;
        b = now;
    }
}

static void leave(llmm_recorder_shard *s) { llmmi_store_release(&s->busy, 0); }

/* What llmm_sketch_add would reject, checked before entering. */
static int check_value(const llmm_sketch *proto, double v)
{
    if (v != v || v == HUGE_VAL || v == -HUGE_VAL) return LLMM_ENONFINITE;
    if (fabs(v) > proto->map.max_possible) return LLMM_EDOMAIN;
    return LLMM_OK;
}

int llmm_recorder_add(llmm_recorder_shard *s, uint32_t channel, double v)
{
    int b, rc;
    if (!s) return LLMM_ENULL;
    if (channel >= s->n_channels) return LLMM_ERANGE;
    b = enter(s);
    rc = llmm_sketch_add(&s->buf[b].sk[channel], v);
    leave(s);
    return rc;
}

int llmm_recorder_add_many(llmm_recorder_shard *s, const uint32_t *channels, const double *v,
                           size_t n)
{
    size_t i;
    int b, rc = LLMM_OK;
    if (!s || ((!channels || !v) && n)) return LLMM_ENULL;
    for (i = 0; i < n; i++) {
        if (channels[i] >= s->n_channels) return LLMM_ERANGE;
        if ((rc = check_value(&s->owner->total.sk[0], v[i]))) return rc;
    }
    b = enter(s);
    for (i = 0; i < n && rc == LLMM_OK; i++) rc = llmm_sketch_add(&s->buf[b].sk[channels[i]], v[i]);
    leave(s);
    return rc;
}

int llmm_recorder_count(llmm_recorder_shard *s, uint32_t counter, uint64_t delta)
{
    int b;
    if (!s) return LLMM_ENULL;
    if (counter >= s->n_counters) return LLMM_ERANGE;
    b = enter(s);
    s->buf[b].counters[counter] += delta;
    leave(s);
    return LLMM_OK;
}

/* Moves a quiescent buffer into the totals; channels merged are cleared, so a failure
 * (LLMM_ENOMEM) leaves the rest for the next snapshot and nothing is counted twice. */
static int collect(llmm_recorder *r, rec_buf *b)
{
    uint32_t c;
    int rc;
    for (c = 0; c < r->opts.n_counters; c++) {
        r->total.counters[c] += b->counters[c];
        b->counters[c] = 0;
    }
    for (c = 0; c < r->opts.n_channels; c++) {
        if ((rc = llmm_sketch_merge(&r->total.sk[c], &b->sk[c]))) return rc;
        llmm_sketch_clear(&b->sk[c]);
    }
    return LLMM_OK;
}

int llmm_recorder_snapshot(llmm_recorder *r, int reset, llmm_sketch *const *sketches,
                           uint64_t *counters)
{
    uint32_t i, c;
    int rc = LLMM_OK;
    if (!r) return LLMM_ENULL;
    if (sketches)
        for (c = 0; c < r->opts.n_channels; c++)
            if (sketches[c] && !llmmi_sketch_compatible(sketches[c], &r->total.sk[c]))
                return LLMM_EINVAL;
    while (llmmi_exchange_acquire(&r->snap_lock, 1)) sched_yield();
    for (i = 0; i < r->opts.max_shards && rc == LLMM_OK; i++) {
        llmm_recorder_shard *s = r->shards[i];
        int old = llmmi_load_relaxed(&s->active);
        llmmi_store_seq(&s->active, 1 - old);
        while (llmmi_load_seq(&s->busy) == old + 1) sched_yield();
        rc = collect(r, &s->buf[old]);
    }
    if (rc == LLMM_OK && sketches)
        for (c = 0; c < r->opts.n_channels && rc == LLMM_OK; c++) {
            if (!sketches[c]) continue;
            llmm_sketch_clear(sketches[c]);
            rc = llmm_sketch_merge(sketches[c], &r->total.sk[c]);
        }
    if (rc == LLMM_OK && counters)
        memcpy(counters, r->total.counters, r->opts.n_counters * sizeof *counters);
    if (rc == LLMM_OK && reset) {
        for (c = 0; c < r->opts.n_channels; c++) llmm_sketch_clear(&r->total.sk[c]);
        memset(r->total.counters, 0,
               (r->opts.n_counters ? r->opts.n_counters : 1) * sizeof *r->total.counters);
    }
    llmmi_store_release(&r->snap_lock, 0);
    return rc;
}
