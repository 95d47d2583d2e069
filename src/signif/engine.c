/* engine.c - bootstrap confidence intervals, paired bootstrap resampling and paired
 * approximate randomization over per-segment statistics records, in the order and
 * with the random stream of sacrebleu 2.6.0 significance.py, so the numbers are
 * sacrebleu's to the bit.
 *
 * Resample indices and swap masks are generated on the fly, row by row, from one
 * NumPy-compatible stream: the same values NumPy puts in its (n_samples, n) arrays,
 * without the arrays. Every system of a paired test is seeded identically in
 * sacrebleu (each _paired_*_test call makes default_rng(seed)), so one stream serves
 * all systems in a single pass. */
#include "signif_internal.h"
#include "core/alloc.h"
#include <math.h>
#include <string.h>

#define REC(base, i, sz) ((const unsigned char *)(base) + (size_t)(i) * (sz))

/* Generator.choice(n, ...) element: integers(0, n) with the 32-bit Lemire draw. */
static uint32_t draw_index(llmm_pcg64 *rng, size_t n)
{
    /* random_bounded_uint64_fill: rng == 0 draws nothing. n <= 2^32 - 1 here. */
    return n == 1 ? 0 : llmmi_np_lemire32(rng, (uint32_t)(n - 1));
}

static int corpus_score(const llmmi_signif_metric *m, const void *recs, size_t n, void *acc,
                        double *out)
{
    const llmmi_signif_ops *e = &m->exact;
    size_t i;
    e->zero(acc, m->ctx);
    for (i = 0; i < n; i++) e->add(acc, REC(recs, i, m->rec_size), m->ctx);
    return e->score(acc, m->ctx, out);
}

/* Bytes of one record as the bootstrap adds it. */
static size_t resample_rec_size(const llmmi_signif_metric *m)
{
    return m->resample.convert ? m->resample.rec_size : m->rec_size;
}

static int resampled_score(const llmmi_signif_metric *m, const void *recs, const uint32_t *idx,
                           size_t n, void *acc, double *out)
{
    const llmmi_signif_ops *r = &m->resample;
    size_t i, sz = resample_rec_size(m);
    r->zero(acc, m->ctx);
    if (r->add_indexed)
        r->add_indexed(acc, recs, idx, n, m->ctx);
    else
        for (i = 0; i < n; i++) r->add(acc, REC(recs, idx[i], sz), m->ctx);
    return r->score(acc, m->ctx, out);
}

/* Bytes for one accumulator of either kind, rounded for the alignment of the next. */
static size_t acc_bytes(const llmmi_signif_metric *m)
{
    size_t b = m->exact.acc_size > m->resample.acc_size ? m->exact.acc_size : m->resample.acc_size;
    return (b + 15) / 16 * 16;
}

static void result_init(llmm_signif_result *r, double score)
{
    r->score = score;
    r->p_value = r->mean = r->ci = NAN;
    r->has_p_value = r->has_ci = 0;
}

/* estimate_ci (significance.py:38-54): np.sort, then the mean of the *sorted* array
 * (its pairwise sum depends on the order) and the n // 40 order statistics.
 * `scratch` (n doubles) receives the sorted copy. */
static void np_estimate_ci(const double *scores, size_t n, double *scratch, llmm_signif_result *r)
{
    memcpy(scratch, scores, n * sizeof *scratch);
    llmmi_np_sort(scratch, n);
    r->mean = llmmi_np_mean(scratch, n);
    r->ci = llmmi_ci_halfwidth(scratch, n);
    r->has_ci = 1;
}

static int check_common(const llmmi_signif_metric *m, const llmm_signif_options *o, size_t n,
                        size_t n_samples)
{
    if (!m || !o) return LLMM_ENULL;
    if (n == 0) return LLMM_EEMPTY;
    /* Indices are 32-bit draws; statistics.mean divides by a 32-bit count. */
    if (n > UINT32_MAX || n_samples > UINT32_MAX) return LLMM_EOVERFLOW;
    return LLMM_OK;
}

/* Scores of `n_samples` bootstrap resamples of every system, drawn from `rng`:
 * scores[k * n_samples + s] (significance.py:77-86 and :232-254). */
static int bootstrap_scores(const llmmi_signif_metric *m, const void *const *systems,
                            size_t n_sys, size_t n, size_t n_samples, llmm_pcg64 *rng,
                            uint32_t *idx, void *acc, double *scores, const llmm_allocator *a)
{
    const llmmi_signif_ops *r = &m->resample;
    unsigned char *conv = NULL;
    size_t s, i, k, per_sys = 0, bytes = 0;
    int rc = LLMM_OK;
    if (r->convert) {
        /* n_sys * n records of the inputs exist; their conversions may be larger. */
        if (!llmmi_mul_ok(n, r->rec_size, &per_sys) || !llmmi_mul_ok(per_sys, n_sys, &bytes))
            return LLMM_EOVERFLOW;
        if (!(conv = (unsigned char *)llmmi_malloc(a, bytes))) return LLMM_ENOMEM;
        for (k = 0; k < n_sys; k++) r->convert(conv + k * per_sys, systems[k], n, m->ctx);
    }
    for (s = 0; s < n_samples && rc == LLMM_OK; s++) {
        for (i = 0; i < n; i++) idx[i] = draw_index(rng, n);
        for (k = 0; k < n_sys && rc == LLMM_OK; k++)
            rc = resampled_score(m, conv ? conv + k * per_sys : systems[k], idx, n, acc,
                                 &scores[k * n_samples + s]);
    }
    llmmi_free(a, conv, bytes);
    return rc;
}

int llmmi_signif_confidence(const llmmi_signif_metric *m, const void *recs, size_t n,
                            const llmm_signif_options *o, llmm_signif_result *out,
                            const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_pcg64 rng;
    size_t n_samples, bytes_idx, bytes_scores;
    uint32_t *idx = NULL;
    double *scores = NULL, score;
    void *acc = NULL;
    int rc;

    if (!recs || !out) return LLMM_ENULL;
    n_samples = o && o->n_samples ? o->n_samples : LLMM_SIGNIF_DEFAULT_BS;
    if ((rc = check_common(m, o, n, n_samples)) != LLMM_OK) return rc;
    llmmi_alloc_init(&a, alloc);
    if (!(acc = llmmi_malloc(&a, acc_bytes(m)))) return LLMM_ENOMEM;
    if ((rc = corpus_score(m, recs, n, acc, &score)) != LLMM_OK) goto done;
    result_init(out, score);
    /* base.py:441: a CI only for n_bootstrap > 1. */
    if (n_samples < 2) goto done;
    if (!llmmi_mul_ok(n, sizeof *idx, &bytes_idx) ||
        !llmmi_mul_ok(n_samples, 2 * sizeof *scores, &bytes_scores)) {
        rc = LLMM_EOVERFLOW;
        goto done;
    }
    idx = (uint32_t *)llmmi_malloc(&a, bytes_idx);
    scores = (double *)llmmi_malloc(&a, bytes_scores);
    if (!idx || !scores) {
        rc = LLMM_ENOMEM;
        goto done;
    }
    llmm_pcg64_seed(&rng, o->seed);
    rc = bootstrap_scores(m, &recs, 1, n, n_samples, &rng, idx, acc, scores, &a);
    if (rc != LLMM_OK) goto done;
    /* base.py:91-107 Score.estimate_ci: sorted() and statistics.mean (exact), unlike
     * the paired tests' numpy estimate_ci. */
    out->mean = llmmi_py_mean(scores, n_samples);
    memcpy(scores + n_samples, scores, n_samples * sizeof *scores);
    llmmi_np_sort(scores + n_samples, n_samples);
    out->ci = llmmi_ci_halfwidth(scores + n_samples, n_samples);
    out->has_ci = 1;
done:
    llmmi_free(&a, scores, scores ? bytes_scores : 0);
    llmmi_free(&a, idx, idx ? bytes_idx : 0);
    llmmi_free(&a, acc, acc_bytes(m));
    return rc;
}

/* _paired_bs_test (significance.py:232-264), all systems in one pass. */
static int paired_bs(const llmmi_signif_metric *m, const void *const *systems, size_t n_sys,
                     size_t n, size_t n_samples, uint64_t seed, llmm_signif_result *out,
                     uint32_t *idx, void *acc, double *scores, double *scratch,
                     const llmm_allocator *a)
{
    llmm_pcg64 rng;
    const double *bl = scores;
    size_t k, s;
    int rc;
    llmm_pcg64_seed(&rng, seed);
    rc = bootstrap_scores(m, systems, n_sys, n, n_samples, &rng, idx, acc, scores, a);
    if (rc != LLMM_OK) return rc;
    /* The baseline's CI (PairedTest.__init__, :385-388) comes from _bootstrap_resample
     * with the same seed, hence the same resamples. */
    np_estimate_ci(bl, n_samples, scratch, &out[0]);
    for (k = 1; k < n_sys; k++) {
        const double *sys = scores + k * n_samples;
        double diff = fabs(out[0].score - out[k].score), mean_diff;
        np_estimate_ci(sys, n_samples, scratch, &out[k]);
        for (s = 0; s < n_samples; s++) scratch[s] = fabs(sys[s] - bl[s]);
        mean_diff = llmmi_np_mean(scratch, n_samples);
        for (s = 0; s < n_samples; s++) scratch[s] -= mean_diff;
        out[k].p_value = llmmi_p_value(scratch, n_samples, diff);
        out[k].has_p_value = 1;
    }
    return LLMM_OK;
}

/* One AR trial for system k: the pseudo-systems a (baseline where sel[i]) and b.
 * `swapped` lists the n_swapped indices with sel[i] set, in order. */
static int ar_trial(const llmmi_signif_metric *m, const void *bl, const void *sys,
                    const void *delta, const void *total_sys, const void *total_both,
                    const unsigned char *sel, size_t n, const uint32_t *swapped,
                    size_t n_swapped, void *acc_a, void *acc_b, double *abs_diff)
{
    const llmmi_signif_ops *e = &m->exact;
    int (*trial)(const void *, const void *, double *) = m->trial_score ? m->trial_score
                                                                        : e->score;
    size_t i, sz = m->rec_size;
    double sa, sb;
    int rc;
    if (delta) {
        /* a = sum(sys) + sum_{sel} (bl_i - sys_i); b = sum(bl) + sum(sys) - a. */
        memcpy(acc_a, total_sys, sz);
        if (e->add_indexed)
            e->add_indexed(acc_a, delta, swapped, n_swapped, m->ctx);
        else
            for (i = 0; i < n_swapped; i++) e->add(acc_a, REC(delta, swapped[i], sz), m->ctx);
        memcpy(acc_b, total_both, sz);
        e->sub(acc_b, acc_a, m->ctx);
    } else {
        e->zero(acc_a, m->ctx);
        e->zero(acc_b, m->ctx);
        for (i = 0; i < n; i++) {
            e->add(acc_a, REC(sel[i] ? bl : sys, i, sz), m->ctx);
            e->add(acc_b, REC(sel[i] ? sys : bl, i, sz), m->ctx);
        }
    }
    if ((rc = trial(acc_a, m->ctx, &sa)) != LLMM_OK) return rc;
    if ((rc = trial(acc_b, m->ctx, &sb)) != LLMM_OK) return rc;
    *abs_diff = fabs(sa - sb);
    return LLMM_OK;
}

typedef struct ar_work {
    unsigned char *sel;   /* n swap flags of the current trial */
    unsigned char *delta; /* (n_sys - 1) x n records bl_i - sys_i, when exact.sub */
    unsigned char *tot;   /* per system k >= 1: sum(sys_k), sum(bl) + sum(sys_k) */
    size_t *count;        /* per system: trials with |a - b| > diff */
} ar_work;

/* _paired_ar_test (significance.py:139-199), all systems in one pass. */
static int paired_ar(const llmmi_signif_metric *m, const void *const *systems, size_t n_sys,
                     size_t n, size_t n_trials, size_t n_conf, uint64_t seed,
                     llmm_signif_result *out, const ar_work *w, uint32_t *idx, void *acc,
                     double *scores, double *scratch,
                     const llmm_allocator *a)
{
    const llmmi_signif_ops *e = &m->exact;
    llmm_pcg64 rng;
    llmmi_np_bits bits;
    size_t sz = m->rec_size, k, i, t;
    unsigned char *acc_a = (unsigned char *)acc + acc_bytes(m), *acc_b = acc_a + acc_bytes(m);
    int rc;

    if (w->delta) {
        for (k = 1; k < n_sys; k++) {
            unsigned char *tot = w->tot + (k - 1) * 2 * sz;
            for (i = 0; i < n; i++) {
                unsigned char *d = w->delta + ((k - 1) * n + i) * sz;
                memcpy(d, REC(systems[0], i, sz), sz);
                e->sub(d, REC(systems[k], i, sz), m->ctx);
            }
            e->zero(tot, m->ctx);
            for (i = 0; i < n; i++) e->add(tot, REC(systems[k], i, sz), m->ctx);
            memcpy(tot + sz, tot, sz);
            for (i = 0; i < n; i++) e->add(tot + sz, REC(systems[0], i, sz), m->ctx);
        }
    }
    /* pos_sel = rng.integers(2, size=(n_trials, n), dtype=bool): one bit buffer for the
     * whole array, row by row. */
    llmm_pcg64_seed(&rng, seed);
    llmmi_np_bits_init(&bits);
    for (t = 0; t < n_trials; t++) {
        size_t n_swapped = 0;
        for (i = 0; i < n; i++) {
            int bit = llmmi_np_bit(&rng, &bits);
            w->sel[i] = (unsigned char)bit;
            idx[n_swapped] = (uint32_t)i; /* branch-free compaction of the swapped i */
            n_swapped += (size_t)bit;
        }
        for (k = 1; k < n_sys; k++) {
            double d;
            const unsigned char *tot = w->tot ? w->tot + (k - 1) * 2 * sz : NULL;
            rc = ar_trial(m, systems[0], systems[k],
                          w->delta ? w->delta + (k - 1) * n * sz : NULL, tot,
                          tot ? tot + sz : NULL, w->sel, n, idx, n_swapped, acc_a, acc_b, &d);
            if (rc != LLMM_OK) return rc;
            /* _compute_p_value(|scores_a - scores_b|, |bl - sys|): no centring here. */
            w->count[k] += d > fabs(out[0].score - out[k].score);
        }
    }
    for (k = 1; k < n_sys; k++) {
        out[k].p_value = (double)(w->count[k] + 1) / (double)(n_trials + 1);
        out[k].has_p_value = 1;
    }
    if (!n_conf) return LLMM_OK;
    /* bs_idxs continue the same stream after pos_sel (:147-149). */
    rc = bootstrap_scores(m, systems + 1, n_sys - 1, n, n_conf, &rng, idx, acc, scores, a);
    if (rc != LLMM_OK) return rc;
    for (k = 1; k < n_sys; k++) np_estimate_ci(scores + (k - 1) * n_conf, n_conf, scratch, &out[k]);
    /* The baseline's CI is _bootstrap_resample's: a fresh stream (PairedTest.__init__). */
    llmm_pcg64_seed(&rng, seed);
    rc = bootstrap_scores(m, systems, 1, n, n_conf, &rng, idx, acc, scores, a);
    if (rc != LLMM_OK) return rc;
    np_estimate_ci(scores, n_conf, scratch, &out[0]);
    return LLMM_OK;
}

int llmmi_signif_paired(const llmmi_signif_metric *m, const void *const *systems,
                        size_t n_sys, size_t n, const llmm_signif_options *o,
                        llmm_signif_result *out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    ar_work w;
    size_t n_samples, n_conf = 0, n_scored, k, sz_idx = 0, sz_scores = 0, sz_scratch = 0,
           sz_acc = 0, sz_sel = 0, sz_delta = 0, sz_tot = 0, sz_count = 0, t;
    uint32_t *idx = NULL;
    double *scores = NULL, *scratch = NULL;
    void *acc = NULL;
    int rc;

    if (!systems || !out || !o) return LLMM_ENULL;
    if (n_sys < 2 || (o->test != LLMM_SIGNIF_BS && o->test != LLMM_SIGNIF_AR)) return LLMM_EINVAL;
    for (k = 0; k < n_sys; k++)
        if (!systems[k]) return LLMM_ENULL;
    n_samples = o->n_samples ? o->n_samples : llmm_signif_default_samples(o->test);
    /* PairedTest.__init__: n_ar_confidence 0 means the bootstrap default. */
    if (o->test == LLMM_SIGNIF_AR && o->n_ar_confidence >= 0)
        n_conf = o->n_ar_confidence ? (size_t)o->n_ar_confidence : LLMM_SIGNIF_DEFAULT_BS;
    if ((rc = check_common(m, o, n, n_samples > n_conf ? n_samples : n_conf)) != LLMM_OK)
        return rc;

    llmmi_alloc_init(&a, alloc);
    memset(&w, 0, sizeof w);
    /* Scores kept: bs all systems x n_samples; ar (n_sys - 1) x n_conf. */
    n_scored = o->test == LLMM_SIGNIF_BS ? n_samples : n_conf;
    t = n_scored > n_samples ? n_scored : n_samples;
    if (!llmmi_mul_ok(n, sizeof *idx, &sz_idx) || !llmmi_mul_ok(n_sys, n_scored, &sz_scores) ||
        !llmmi_mul_ok(sz_scores, sizeof *scores, &sz_scores) ||
        !llmmi_mul_ok(t, sizeof *scratch, &sz_scratch) ||
        !llmmi_mul_ok(3, acc_bytes(m), &sz_acc)) /* acc, acc_a, acc_b */
        return LLMM_EOVERFLOW;
    if (!(acc = llmmi_malloc(&a, sz_acc))) return LLMM_ENOMEM;
    for (k = 0; k < n_sys; k++) {
        if ((rc = corpus_score(m, systems[k], n, acc, &out[k].score)) != LLMM_OK) goto done;
        result_init(&out[k], out[k].score);
    }
    idx = (uint32_t *)llmmi_malloc(&a, sz_idx);
    scores = sz_scores ? (double *)llmmi_malloc(&a, sz_scores) : NULL;
    scratch = (double *)llmmi_malloc(&a, sz_scratch);
    if (!idx || (sz_scores && !scores) || !scratch) {
        rc = LLMM_ENOMEM;
        goto done;
    }
    if (o->test == LLMM_SIGNIF_BS) {
        rc = paired_bs(m, systems, n_sys, n, n_samples, o->seed, out, idx, acc, scores, scratch,
                       &a);
        goto done;
    }
    sz_sel = n;
    if (!llmmi_mul_ok(n_sys, sizeof *w.count, &sz_count)) {
        rc = LLMM_EOVERFLOW;
        goto done;
    }
    if (m->exact.sub && m->exact.acc_size == m->rec_size) {
        if (!llmmi_mul_ok(n_sys - 1, n, &sz_delta) ||
            !llmmi_mul_ok(sz_delta, m->rec_size, &sz_delta) ||
            !llmmi_mul_ok(n_sys - 1, 2 * m->rec_size, &sz_tot)) {
            sz_delta = sz_tot = 0;
            rc = LLMM_EOVERFLOW;
            goto done;
        }
        w.delta = (unsigned char *)llmmi_malloc(&a, sz_delta);
        w.tot = (unsigned char *)llmmi_malloc(&a, sz_tot);
    }
    w.sel = (unsigned char *)llmmi_malloc(&a, sz_sel);
    w.count = (size_t *)llmmi_calloc(&a, n_sys, sizeof *w.count);
    if (!w.sel || !w.count || (sz_delta && (!w.delta || !w.tot))) {
        rc = LLMM_ENOMEM;
        goto done;
    }
    rc = paired_ar(m, systems, n_sys, n, n_samples, n_conf, o->seed, out, &w, idx, acc, scores,
                   scratch, &a);
done:
    llmmi_free(&a, w.count, w.count ? sz_count : 0);
    llmmi_free(&a, w.sel, w.sel ? sz_sel : 0);
    llmmi_free(&a, w.tot, w.tot ? sz_tot : 0);
    llmmi_free(&a, w.delta, w.delta ? sz_delta : 0);
    llmmi_free(&a, scratch, scratch ? sz_scratch : 0);
    llmmi_free(&a, scores, scores ? sz_scores : 0);
    llmmi_free(&a, idx, idx ? sz_idx : 0);
    llmmi_free(&a, acc, sz_acc);
    return rc;
}
