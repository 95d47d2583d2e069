/* group.c - per-group confusion statistics and the MetricFrame metrics of fairlearn
 * 0.15 (metrics/_base_metrics.py selection_rate, true_positive_rate,
 * false_positive_rate; REFERENCE-QUIRKS.md 10.4). */
#include "fair_internal.h"
#include "core/alloc.h"
#include "core/tally.h"
#include <math.h>
#include <string.h>

uint32_t llmm_fair_max_groups(void) { return LLMM_FAIR_MAX_GROUPS; }
size_t llmm_fair_group_size(void) { return sizeof(llmm_fair_group); }
size_t llmm_fair_result_size(void) { return sizeof(llmm_fair_result); }

static void cell_init(llmmi_fair_cell *c)
{
    int k;
    memset(c, 0, sizeof *c);
    for (k = 0; k < 4; k++) llmmi_exactsum_init(&c->w[k]);
}

int llmm_fair_create(llmm_fair **out, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_fair *f;
    if (!out) return LLMM_ENULL;
    llmmi_alloc_init(&a, alloc);
    f = (llmm_fair *)llmmi_calloc(&a, 1, sizeof *f);
    *out = f;
    if (!f) return LLMM_ENOMEM;
    f->alloc = a;
    return LLMM_OK;
}

void llmm_fair_free(llmm_fair *f)
{
    llmm_allocator a;
    if (!f) return;
    a = f->alloc;
    llmmi_free(&a, f->g, (size_t)f->cap * sizeof(llmmi_fair_cell));
    llmmi_free(&a, f, sizeof *f);
}

int llmm_fair_reset(llmm_fair *f)
{
    uint32_t i;
    if (!f) return LLMM_ENULL;
    for (i = 0; i < f->n_ids; i++) cell_init(&f->g[i]);
    f->n_ids = 0;
    return LLMM_OK;
}

int llmmi_fair_reserve(llmm_fair *f, uint32_t need)
{
    size_t cap = f->cap;
    uint32_t i;
    int rc;
    if (need > LLMM_FAIR_MAX_GROUPS) return LLMM_ERANGE;
    if (need > f->cap) {
        rc = llmmi_grow(&f->alloc, (void **)&f->g, &cap, need, sizeof(llmmi_fair_cell));
        if (rc != LLMM_OK) return rc;
        f->cap = (uint32_t)cap;
    }
    for (i = f->n_ids; i < need; i++) cell_init(&f->g[i]);
    if (need > f->n_ids) f->n_ids = need;
    return LLMM_OK;
}

/* Group ids below this take the one-read path: key group * 4 + y_true * 2 + y_pred. */
#define FAST_GROUPS (LLMMI_TALLY_KEYS / 4)

/* Unweighted samples with 0/1 labels and ids < FAST_GROUPS, counted in one read of
 * the data (core/tally.h) and committed only when all were valid. Returns 1 when done
 * (*rc set), 0 when the batch needs the general path. */
static int update_fast(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                       const int32_t *group, size_t n, int isa, int *rc)
{
    uint64_t cnt[LLMMI_TALLY_KEYS];
    uint32_t g, used = 0;
    int k;
    if (!llmmi_tally(y_true, y_pred, group, n, 2, FAST_GROUPS, isa, cnt)) return 0;
    for (g = 0; g < FAST_GROUPS; g++)
        if (cnt[4 * g] | cnt[4 * g + 1] | cnt[4 * g + 2] | cnt[4 * g + 3]) used = g + 1;
    if ((*rc = llmmi_fair_reserve(f, used)) != LLMM_OK) return 1;
    for (g = 0; g < used; g++) {
        llmmi_fair_cell *c = &f->g[g];
        for (k = 0; k < 4; k++) {
            c->all[k] += cnt[4 * g + k];
            c->unit[k] += cnt[4 * g + k];
        }
    }
    return 1;
}

/* cell counts += sign for the keys of the unweighted samples [0, n) (all valid). */
static void add_blocks(llmm_fair *f, llmmi_tally_keys_fn kern, const int32_t *y_true,
                       const int32_t *y_pred, const int32_t *group, size_t n, uint64_t sign)
{
    uint32_t key[LLMMI_TALLY_BLOCK], max_ab, max_c;
    size_t done, i, m;
    for (done = 0; done < n; done += m) {
        m = n - done < LLMMI_TALLY_BLOCK ? n - done : LLMMI_TALLY_BLOCK;
        kern(y_true + done, y_pred + done, group + done, m, 2, key, &max_ab, &max_c);
        for (i = 0; i < m; i++) {
            llmmi_fair_cell *c = &f->g[key[i] >> 2];
            c->all[key[i] & 3] += sign;
            c->unit[key[i] & 3] += sign;
        }
    }
}

/* Unweighted samples with any valid ids, in one read of the data: each block of
 * LLMMI_TALLY_BLOCK samples is validated (the tally kernel's key and max pass), the
 * group table grown to its largest id, and the block counted while it is in cache. At
 * a bad block, or when growing fails, the blocks before it are subtracted again and the
 * table shrinks back to its old length (the statistics are as before) and 0 is
 * returned: the general path then reports the first bad index (or LLMM_ENOMEM). */
static int update_blocks(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                         const int32_t *group, size_t n, int isa)
{
    const llmmi_tally_keys_fn kern = llmmi_tally_keys_for(isa);
    const uint32_t old_ids = f->n_ids;
    uint32_t key[LLMMI_TALLY_BLOCK], max_ab, max_c;
    size_t done, i, m;
    for (done = 0; done < n; done += m) {
        m = n - done < LLMMI_TALLY_BLOCK ? n - done : LLMMI_TALLY_BLOCK;
        kern(y_true + done, y_pred + done, group + done, m, 2, key, &max_ab, &max_c);
        if (max_ab > 1 || max_c >= LLMM_FAIR_MAX_GROUPS ||
            llmmi_fair_reserve(f, max_c + 1) != LLMM_OK) {
            add_blocks(f, kern, y_true, y_pred, group, done, UINT64_MAX); /* - 1 mod 2^64 */
            f->n_ids = old_ids; /* the cells past it are empty again */
            return 0;
        }
        for (i = 0; i < m; i++) {
            llmmi_fair_cell *c = &f->g[key[i] >> 2];
            c->all[key[i] & 3]++;
            c->unit[key[i] & 3]++;
        }
    }
    return 1;
}

int llmmi_fair_update_isa(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                          const int32_t *group, const double *weight, size_t n,
                          size_t *bad_index, int isa)
{
    size_t i;
    int32_t max_id = -1;
    int rc;
    if (!f) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!y_true || !y_pred || !group) return LLMM_ENULL;
    if (!weight && n >= LLMMI_TALLY_MIN) {
        if (update_fast(f, y_true, y_pred, group, n, isa, &rc)) return rc;
        if (update_blocks(f, y_true, y_pred, group, n, isa)) return LLMM_OK;
    }
    for (i = 0; i < n; i++) {
        rc = LLMM_OK;
        if ((y_true[i] != 0 && y_true[i] != 1) || (y_pred[i] != 0 && y_pred[i] != 1) ||
            group[i] < 0 || (uint32_t)group[i] >= LLMM_FAIR_MAX_GROUPS)
            rc = LLMM_ERANGE;
        else if (weight && weight[i] - weight[i] != 0.0)
            rc = LLMM_ENONFINITE;
        else if (weight && weight[i] < 0.0)
            rc = LLMM_EDOMAIN;
        if (rc != LLMM_OK) {
            if (bad_index) *bad_index = i;
            return rc;
        }
        if (group[i] > max_id) max_id = group[i];
    }
    if ((rc = llmmi_fair_reserve(f, (uint32_t)max_id + 1)) != LLMM_OK) return rc;
    for (i = 0; i < n; i++) {
        llmmi_fair_cell *c = &f->g[group[i]];
        int k = y_true[i] * 2 + y_pred[i];
        c->all[k]++;
        if (weight) llmmi_exactsum_add_finite(&c->w[k], weight[i]); /* validated above */
        else c->unit[k]++;
    }
    return LLMM_OK;
}

int llmm_fair_update(llmm_fair *f, const int32_t *y_true, const int32_t *y_pred,
                     const int32_t *group, const double *weight, size_t n, size_t *bad_index)
{
    return llmmi_fair_update_isa(f, y_true, y_pred, group, weight, n, bad_index,
                                 LLMM_ISA_AUTO);
}

int llmm_fair_merge(llmm_fair *dst, const llmm_fair *src)
{
    uint32_t i;
    int k, rc;
    if (!dst || !src) return LLMM_ENULL;
    if ((rc = llmmi_fair_reserve(dst, src->n_ids)) != LLMM_OK) return rc;
    for (i = 0; i < src->n_ids; i++) {
        for (k = 0; k < 4; k++) {
            dst->g[i].all[k] += src->g[i].all[k];
            dst->g[i].unit[k] += src->g[i].unit[k];
            llmmi_exactsum_merge(&dst->g[i].w[k], &src->g[i].w[k]);
        }
    }
    return LLMM_OK;
}

uint32_t llmm_fair_n_group_ids(const llmm_fair *f) { return f ? f->n_ids : 0; }

/* Exact sum of the weights of the cells in `mask` (bit k = cell k), unit weights
 * included, correctly rounded once. */
static double weight_of(const llmmi_fair_cell *c, unsigned mask)
{
    llmmi_exactsum s;
    int k;
    llmmi_exactsum_init(&s);
    for (k = 0; k < 4; k++) {
        if (!(mask >> k & 1)) continue;
        llmmi_exactsum_merge(&s, &c->w[k]);
        llmmi_exactsum_add_mul(&s, 1.0, c->unit[k]);
    }
    return llmmi_exactsum_value(&s);
}

/* sklearn confusion_matrix(normalize="true"): a row without weight gives 0 (nan_to_num). */
static double rate(double num, double den)
{
    return den == 0.0 ? 0.0 : num / den;
}

void llmmi_fair_metrics(const llmmi_fair_cell *c, llmm_fair_group *out)
{
    double total = weight_of(c, 15);
    out->count = c->all[0] + c->all[1] + c->all[2] + c->all[3];
    out->weight = total;
    out->tn = weight_of(c, 1);
    out->fp = weight_of(c, 2);
    out->fn = weight_of(c, 4);
    out->tp = weight_of(c, 8);
    /* selection_rate: np.dot(selected, w) / w.sum() -> NaN for 0 / 0 */
    out->selection_rate = total == 0.0 ? NAN : weight_of(c, 2 | 8) / total;
    out->tpr = rate(out->tp, weight_of(c, 4 | 8));
    out->fpr = rate(out->fp, weight_of(c, 1 | 2));
    out->accuracy = total == 0.0 ? NAN : weight_of(c, 1 | 8) / total;
}

int llmm_fair_group_get(const llmm_fair *f, uint32_t group, llmm_fair_group *out)
{
    if (!f || !out) return LLMM_ENULL;
    if (group >= f->n_ids) return LLMM_ERANGE;
    llmmi_fair_metrics(&f->g[group], out);
    return LLMM_OK;
}

int llmm_fair_overall(const llmm_fair *f, llmm_fair_group *out)
{
    llmmi_fair_cell all;
    uint32_t i;
    int k;
    if (!f || !out) return LLMM_ENULL;
    cell_init(&all);
    for (i = 0; i < f->n_ids; i++) {
        for (k = 0; k < 4; k++) {
            all.all[k] += f->g[i].all[k];
            all.unit[k] += f->g[i].unit[k];
            llmmi_exactsum_merge(&all.w[k], &f->g[i].w[k]);
        }
    }
    llmmi_fair_metrics(&all, out);
    return LLMM_OK;
}
