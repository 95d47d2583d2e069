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

/* float32 accumulator: [sys_len, ref_len, counts[4], totals[4]]. */
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
    const llmm_bleu_stats *s = (const llmm_bleu_stats *)rec;
    int k;
    (void)ctx;
    /* np.array(stats, dtype='float32') rounds each entry, then sum(0) adds in float32. */
    f[0] += (float)s->sys_len;
    f[1] += (float)s->ref_len;
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        f[2 + k] += (float)s->counts[k];
        f[2 + LLMM_BLEU_MAX_ORDER + k] += (float)s->totals[k];
    }
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
    m->resample.acc_size = BLEU_FIELDS * sizeof(float);
    m->resample.zero = f32_zero;
    m->resample.add = f32_add;
    m->resample.sub = NULL;
    m->resample.score = f32_score;
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
