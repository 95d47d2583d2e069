/* signif_bleu.c - BLEU plugged into the significance engine.
 *
 * exact: llmm_bleu_stats added as integers (sacrebleu's Python-int sum_of_lists and
 *        the int64 `pos_sel @ bl_stats` of approximate randomization), scored with
 *        llmm_bleu_finalize; AR trials store add-k counts as int64 (trial_score).
 * resample: sacrebleu converts the statistics to float32 (significance.py:80,
 *        :245-246) and sums each resample in float32, row by row; the sums are
 *        integer-valued floats (exact below 2^24 per field, rounded above, as
 *        sacrebleu's are), then scored as compute_bleu scores numpy float32 values
 *        (bleu.py:304-317: int() of the lengths, float32 add-k counts). */
#include "signif_internal.h"
#include "bleu/bleu_internal.h"
#include "core/alloc.h"

#define BLEU_FIELDS (2 + 2 * LLMM_BLEU_MAX_ORDER)
/* The register accumulators below spell out four orders. */
typedef char llmmi_bleu_four_orders[LLMM_BLEU_MAX_ORDER == 4 ? 1 : -1];

/* Wrapping arithmetic, so that AR's differences bl_i - sys_i are well defined. */
static void exact_zero(void *acc, const void *ctx)
{
    (void)ctx;
    llmm_bleu_stats_init((llmm_bleu_stats *)acc);
}

static void exact_add(void *acc, const void *rec, const void *ctx)
{
    llmm_bleu_stats *d = (llmm_bleu_stats *)acc;
    const llmm_bleu_stats *s = (const llmm_bleu_stats *)rec;
    int k;
    (void)ctx;
    d->sys_len += s->sys_len;
    d->ref_len = (int64_t)((uint64_t)d->ref_len + (uint64_t)s->ref_len);
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        d->counts[k] += s->counts[k];
        d->totals[k] += s->totals[k];
    }
}

static void exact_add_indexed(void *acc, const void *recs, const uint32_t *idx, size_t n,
                              const void *ctx)
{
    llmm_bleu_stats *d = (llmm_bleu_stats *)acc;
    const llmm_bleu_stats *s = (const llmm_bleu_stats *)recs;
    /* Register accumulators (wrapping, like exact_add). */
    uint64_t h = d->sys_len, l = (uint64_t)d->ref_len, c0 = d->counts[0], c1 = d->counts[1],
             c2 = d->counts[2], c3 = d->counts[3], t0 = d->totals[0], t1 = d->totals[1],
             t2 = d->totals[2], t3 = d->totals[3];
    size_t i;
    (void)ctx;
    for (i = 0; i < n; i++) {
        const llmm_bleu_stats *r = &s[idx[i]];
        h += r->sys_len;
        l += (uint64_t)r->ref_len;
        c0 += r->counts[0];
        c1 += r->counts[1];
        c2 += r->counts[2];
        c3 += r->counts[3];
        t0 += r->totals[0];
        t1 += r->totals[1];
        t2 += r->totals[2];
        t3 += r->totals[3];
    }
    d->sys_len = h;
    d->ref_len = (int64_t)l;
    d->counts[0] = c0, d->counts[1] = c1, d->counts[2] = c2, d->counts[3] = c3;
    d->totals[0] = t0, d->totals[1] = t1, d->totals[2] = t2, d->totals[3] = t3;
}

static void exact_sub(void *acc, const void *rec, const void *ctx)
{
    llmm_bleu_stats *d = (llmm_bleu_stats *)acc;
    const llmm_bleu_stats *s = (const llmm_bleu_stats *)rec;
    int k;
    (void)ctx;
    d->sys_len -= s->sys_len;
    d->ref_len = (int64_t)((uint64_t)d->ref_len - (uint64_t)s->ref_len);
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        d->counts[k] -= s->counts[k];
        d->totals[k] -= s->totals[k];
    }
}

static int exact_score(const void *acc, const void *ctx, double *out)
{
    llmm_bleu_result r;
    int rc = llmm_bleu_finalize((const llmm_bleu_options *)ctx, (const llmm_bleu_stats *)acc, &r);
    *out = r.score;
    return rc;
}

/* AR pseudo-systems are rows of int64 matmul results: add-k stores trunc(c + k). */
static int trial_score(const void *acc, const void *ctx, double *out)
{
    llmm_bleu_result r;
    int rc = llmmi_bleu_finalize_ex((const llmm_bleu_options *)ctx, (const llmm_bleu_stats *)acc,
                                    LLMMI_BLEU_ADDK_I64, &r);
    *out = r.score;
    return rc;
}

/* float32 records and accumulator: [sys_len, ref_len, counts[4], totals[4]]. */
static void f32_convert(void *dst, const void *recs, size_t n, const void *ctx)
{
    float *f = (float *)dst;
    const llmm_bleu_stats *s = (const llmm_bleu_stats *)recs;
    size_t i;
    int k;
    (void)ctx;
    /* np.array(stats, dtype='float32'): each entry rounded to float32. */
    for (i = 0; i < n; i++, f += BLEU_FIELDS) {
        f[0] = (float)s[i].sys_len;
        f[1] = (float)s[i].ref_len;
        for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
            f[2 + k] = (float)s[i].counts[k];
            f[2 + LLMM_BLEU_MAX_ORDER + k] = (float)s[i].totals[k];
        }
    }
}

static void f32_zero(void *acc, const void *ctx)
{
    float *f = (float *)acc;
    int j;
    (void)ctx;
    for (j = 0; j < BLEU_FIELDS; j++) f[j] = 0.0f;
}

static void f32_add(void *acc, const void *rec, const void *ctx)
{
    float *f = (float *)acc;
    const float *r = (const float *)rec;
    int j;
    (void)ctx;
    for (j = 0; j < BLEU_FIELDS; j++) f[j] += r[j];
}

static void f32_add_indexed(void *acc, const void *recs, const uint32_t *idx, size_t n,
                            const void *ctx)
{
    float *f = (float *)acc;
    const float *s = (const float *)recs;
    /* Register accumulators; each add is one float32 add in resample order, as numpy's
     * `_s.sum(0)` does row by row. */
    float h = f[0], l = f[1], c0 = f[2], c1 = f[3], c2 = f[4], c3 = f[5], t0 = f[6], t1 = f[7],
          t2 = f[8], t3 = f[9];
    size_t i;
    (void)ctx;
    for (i = 0; i < n; i++) {
        const float *r = s + (size_t)idx[i] * BLEU_FIELDS;
        h += r[0];
        l += r[1];
        c0 += r[2];
        c1 += r[3];
        c2 += r[4];
        c3 += r[5];
        t0 += r[6];
        t1 += r[7];
        t2 += r[8];
        t3 += r[9];
    }
    f[0] = h, f[1] = l, f[2] = c0, f[3] = c1, f[4] = c2, f[5] = c3;
    f[6] = t0, f[7] = t1, f[8] = t2, f[9] = t3;
}

static int f32_score(const void *acc, const void *ctx, double *out)
{
    const float *f = (const float *)acc;
    llmm_bleu_stats st;
    llmm_bleu_result r;
    int k, rc;
    /* Sums of integer-valued floats are integers (every float32 >= 2^24 is one), so
     * these conversions are exact; counts/totals widen to double exactly in
     * compute_bleu as well. */
    st.sys_len = (uint64_t)f[0];
    st.ref_len = (int64_t)f[1];
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        st.counts[k] = (uint64_t)f[2 + k];
        st.totals[k] = (uint64_t)f[2 + LLMM_BLEU_MAX_ORDER + k];
    }
    rc = llmmi_bleu_finalize_ex((const llmm_bleu_options *)ctx, &st, LLMMI_BLEU_ADDK_F32, &r);
    *out = r.score;
    return rc;
}

static int bleu_metric(llmmi_signif_metric *m, const llmm_bleu_options *bleu_opts,
                       llmm_bleu_options *store)
{
    if (bleu_opts) *store = *bleu_opts;
    else llmm_bleu_options_default(store);
    if (llmmi_bleu_check_options(store) != LLMM_OK) return LLMM_EINVAL;
    m->rec_size = sizeof(llmm_bleu_stats);
    m->exact.acc_size = sizeof(llmm_bleu_stats);
    m->exact.zero = exact_zero;
    m->exact.add = exact_add;
    m->exact.sub = exact_sub;
    m->exact.score = exact_score;
    m->exact.add_indexed = exact_add_indexed;
    m->exact.rec_size = 0;
    m->exact.convert = NULL;
    m->resample.acc_size = BLEU_FIELDS * sizeof(float);
    m->resample.zero = f32_zero;
    m->resample.add = f32_add;
    m->resample.sub = NULL;
    m->resample.score = f32_score;
    m->resample.add_indexed = f32_add_indexed;
    m->resample.rec_size = BLEU_FIELDS * sizeof(float);
    m->resample.convert = f32_convert;
    m->trial_score = trial_score;
    m->ctx = store;
    return LLMM_OK;
}

int llmm_bleu_confidence(const llmm_bleu_options *bleu_opts, const llmm_bleu_stats *segs,
                         size_t n_segs, const llmm_signif_options *opts,
                         llmm_signif_result *out, const llmm_allocator *alloc)
{
    llmmi_signif_metric m;
    llmm_bleu_options store;
    llmm_signif_options o;
    int rc;
    if (!segs || !out) return LLMM_ENULL;
    if ((rc = bleu_metric(&m, bleu_opts, &store)) != LLMM_OK) return rc;
    if (opts) o = *opts;
    else llmm_signif_options_default(&o);
    return llmmi_signif_confidence(&m, segs, n_segs, &o, out, alloc);
}

int llmm_bleu_paired_test(const llmm_bleu_options *bleu_opts,
                          const llmm_bleu_stats *const *systems, size_t n_systems,
                          size_t n_segs, const llmm_signif_options *opts,
                          llmm_signif_result *out, const llmm_allocator *alloc)
{
    llmmi_signif_metric m;
    llmm_bleu_options store;
    llmm_signif_options o;
    llmm_allocator a;
    const void **recs;
    size_t k, bytes;
    int rc;
    if (!systems || !out) return LLMM_ENULL;
    if ((rc = bleu_metric(&m, bleu_opts, &store)) != LLMM_OK) return rc;
    if (opts) o = *opts;
    else llmm_signif_options_default(&o);
    if (!llmmi_mul_ok(n_systems, sizeof *recs, &bytes)) return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    if (!(recs = (const void **)llmmi_malloc(&a, bytes ? bytes : 1))) return LLMM_ENOMEM;
    for (k = 0; k < n_systems; k++) recs[k] = systems[k];
    rc = llmmi_signif_paired(&m, recs, n_systems, n_segs, &o, out, alloc);
    llmmi_free(&a, (void *)recs, bytes ? bytes : 1);
    return rc;
}
