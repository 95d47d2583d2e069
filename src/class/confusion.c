/* confusion.c - the K x K confusion matrix: create, update, merge, serialize. */
#include "class_internal.h"
#include "core/alloc.h"
#include "core/serial.h"
#include "core/tally.h"
#include <string.h>

uint32_t llmm_class_max_classes(void) { return LLMM_CLASS_MAX_CLASSES; }
size_t llmm_class_prf_options_size(void) { return sizeof(llmm_class_prf_options); }
size_t llmm_class_prf_result_size(void) { return sizeof(llmm_class_prf_result); }

int llmm_class_create(llmm_class **out, uint32_t n_classes, const llmm_allocator *alloc)
{
    llmm_allocator a;
    llmm_class *cm;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (n_classes < 1 || n_classes > LLMM_CLASS_MAX_CLASSES) return LLMM_EINVAL;
    llmmi_alloc_init(&a, alloc);
    cm = (llmm_class *)llmmi_calloc(&a, 1, sizeof *cm);
    if (!cm) return LLMM_ENOMEM;
    cm->alloc = a;
    cm->k = n_classes;
    cm->counts = (uint64_t *)llmmi_calloc(&a, (size_t)n_classes * n_classes, sizeof(uint64_t));
    if (!cm->counts) {
        llmmi_free(&a, cm, sizeof *cm);
        return LLMM_ENOMEM;
    }
    *out = cm;
    return LLMM_OK;
}

void llmm_class_free(llmm_class *cm)
{
    llmm_allocator a;
    if (!cm) return;
    a = cm->alloc;
    llmmi_wcells_free(&a, &cm->w);
    llmmi_free(&a, cm->counts, (size_t)cm->k * cm->k * sizeof(uint64_t));
    llmmi_free(&a, cm, sizeof *cm);
}

int llmm_class_reset(llmm_class *cm)
{
    if (!cm) return LLMM_ENULL;
    memset(cm->counts, 0, (size_t)cm->k * cm->k * sizeof(uint64_t));
    cm->total = 0;
    llmmi_wcells_free(&cm->alloc, &cm->w);
    cm->weighted = 0;
    return LLMM_OK;
}

uint32_t llmm_class_n_classes(const llmm_class *cm) { return cm ? cm->k : 0; }
uint64_t llmm_class_total(const llmm_class *cm) { return cm ? cm->total : 0; }

/* Unweighted pairs of at most 16 classes (K * K <= LLMMI_TALLY_KEYS cells), counted in
 * one read of the data (core/tally.h) and committed only when all were valid. Returns
 * 1 when done (*rc set), 0 when the batch needs the general path. */
static int update_fast(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred, size_t n,
                       int isa, int *rc)
{
    uint64_t cnt[LLMMI_TALLY_KEYS];
    size_t i, kk = (size_t)cm->k * cm->k;
    if (!llmmi_tally(y_true, y_pred, NULL, n, cm->k, 1, isa, cnt)) return 0;
    if (cm->total > UINT64_MAX - n) {
        *rc = LLMM_EOVERFLOW;
        return 1;
    }
    for (i = 0; i < kk; i++) cm->counts[i] += cnt[i];
    cm->total += n;
    *rc = LLMM_OK;
    return 1;
}

/* counts[key] += sign for the keys of elements [0, n) (all valid), block by block. */
static void add_blocks(llmm_class *cm, llmmi_tally_keys_fn kern, const int32_t *y_true,
                       const int32_t *y_pred, size_t n, uint64_t sign)
{
    uint32_t key[LLMMI_TALLY_BLOCK], max_ab, max_c;
    size_t done, i, m;
    for (done = 0; done < n; done += m) {
        m = n - done < LLMMI_TALLY_BLOCK ? n - done : LLMMI_TALLY_BLOCK;
        kern(y_true + done, y_pred + done, NULL, m, cm->k, key, &max_ab, &max_c);
        for (i = 0; i < m; i++) cm->counts[key[i]] += sign;
    }
}

/* Unweighted pairs of more than 16 classes, in one read of the data: each block of
 * LLMMI_TALLY_BLOCK pairs is validated (the tally kernel's key and max pass) and then
 * counted while it is in cache. At a block with a bad label the blocks before it are
 * subtracted again (the matrix is as before) and 0 is returned: the general path then
 * reports the first bad index. Also 0 when the total would overflow. */
static int update_blocks(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                         size_t n, int isa)
{
    const llmmi_tally_keys_fn kern = llmmi_tally_keys_for(isa);
    uint32_t key[LLMMI_TALLY_BLOCK], max_ab, max_c;
    size_t done, i, m;
    if (cm->total > UINT64_MAX - n) return 0;
    for (done = 0; done < n; done += m) {
        m = n - done < LLMMI_TALLY_BLOCK ? n - done : LLMMI_TALLY_BLOCK;
        kern(y_true + done, y_pred + done, NULL, m, cm->k, key, &max_ab, &max_c);
        if (max_ab >= cm->k) {
            add_blocks(cm, kern, y_true, y_pred, done, UINT64_MAX); /* - 1 mod 2^64 */
            return 0;
        }
        for (i = 0; i < m; i++) cm->counts[key[i]]++;
    }
    cm->total += n;
    return 1;
}

int llmm_class_update(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred, size_t n,
                      size_t *bad_index)
{
    return llmmi_class_update_isa(cm, y_true, y_pred, n, bad_index, LLMM_ISA_AUTO);
}

int llmmi_class_update_isa(llmm_class *cm, const int32_t *y_true, const int32_t *y_pred,
                           size_t n, size_t *bad_index, int isa)
{
    size_t i;
    uint32_t k;
    int rc;
    if (!cm) return LLMM_ENULL;
    if (n == 0) return LLMM_OK;
    if (!y_true || !y_pred) return LLMM_ENULL;
    k = cm->k;
    if (!cm->weighted && n >= LLMMI_TALLY_MIN) {
        if ((size_t)k * k <= LLMMI_TALLY_KEYS) {
            if (update_fast(cm, y_true, y_pred, n, isa, &rc)) return rc;
        } else if (update_blocks(cm, y_true, y_pred, n, isa)) {
            return LLMM_OK;
        }
    }
    /* Validate first so that a bad label leaves the matrix untouched. */
    for (i = 0; i < n; i++) {
        if (y_true[i] < 0 || (uint32_t)y_true[i] >= k || y_pred[i] < 0 ||
            (uint32_t)y_pred[i] >= k) {
            if (bad_index) *bad_index = i;
            return LLMM_ERANGE;
        }
    }
    if (cm->total > UINT64_MAX - n) return LLMM_EOVERFLOW;
    if (cm->weighted) {
        /* weight 1 per pair */
        rc = llmmi_class_reserve_cells(cm, y_true, y_pred, n);
        if (rc != LLMM_OK) return rc;
        for (i = 0; i < n; i++) {
            uint32_t c = (uint32_t)y_true[i] * k + (uint32_t)y_pred[i];
            llmmi_exactsum_add_finite(llmmi_wcells_at(&cm->alloc, &cm->w, c), 1.0);
        }
    }
    for (i = 0; i < n; i++) cm->counts[(size_t)y_true[i] * k + (uint32_t)y_pred[i]]++;
    cm->total += n;
    return LLMM_OK;
}

int llmm_class_merge(llmm_class *dst, const llmm_class *src)
{
    size_t i, kk;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->k != src->k) return LLMM_EINVAL;
    if (dst->total > UINT64_MAX - src->total) return LLMM_EOVERFLOW;
    if (dst->weighted || src->weighted) {
        int rc = llmmi_class_make_weighted(dst);
        if (rc == LLMM_OK) rc = llmmi_class_merge_weights(dst, src);
        if (rc != LLMM_OK) return rc;
    }
    kk = (size_t)dst->k * dst->k;
    for (i = 0; i < kk; i++) dst->counts[i] += src->counts[i];
    dst->total += src->total;
    return LLMM_OK;
}

int llmm_class_count(const llmm_class *cm, uint32_t t, uint32_t p, uint64_t *out)
{
    if (!cm || !out) return LLMM_ENULL;
    if (t >= cm->k || p >= cm->k) return LLMM_ERANGE;
    *out = cm->counts[(size_t)t * cm->k + p];
    return LLMM_OK;
}

int llmm_class_confusion(const llmm_class *cm, uint64_t *out, size_t cap)
{
    size_t kk;
    if (!cm || !out) return LLMM_ENULL;
    kk = (size_t)cm->k * cm->k;
    if (cap < kk) return LLMM_EBUFFER;
    memcpy(out, cm->counts, kk * sizeof(uint64_t));
    return LLMM_OK;
}

/* Payload: u32 K, then K*K u64 counts (row-major by true label), then, when weighted,
 * the weighted cells (llmmi_class_wwrite). */
size_t llmm_class_serialized_size(const llmm_class *cm)
{
    if (!cm) return 0;
    return LLMMI_SER_HEADER + 4 + (size_t)cm->k * cm->k * 8 +
           (cm->weighted ? llmmi_class_wser_size(cm) : 0);
}

int llmm_class_serialize(const llmm_class *cm, void *buf, size_t cap, size_t *written)
{
    unsigned char *b = (unsigned char *)buf;
    size_t need, kk, i;
    if (!cm || !buf) return LLMM_ENULL;
    need = llmm_class_serialized_size(cm);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    kk = (size_t)cm->k * cm->k;
    llmmi_put_u32(b + LLMMI_SER_HEADER, cm->k);
    for (i = 0; i < kk; i++) llmmi_put_u64(b + LLMMI_SER_HEADER + 4 + 8 * i, cm->counts[i]);
    if (cm->weighted) llmmi_class_wwrite(cm, b + LLMMI_SER_HEADER + 4 + 8 * kk);
    llmmi_ser_seal(b, LLMMI_KIND_CLASS, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_class_deserialize(llmm_class **out, const void *buf, size_t len,
                           const llmm_allocator *alloc)
{
    const unsigned char *p;
    size_t plen, kk, i;
    uint32_t k;
    uint64_t total = 0;
    llmm_class *cm;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_CLASS, &p, &plen);
    if (rc != LLMM_OK) return rc;
    if (plen < 4) return LLMM_EFORMAT;
    k = llmmi_get_u32(p);
    if (k < 1 || k > LLMM_CLASS_MAX_CLASSES) return LLMM_EFORMAT;
    kk = (size_t)k * k;
    if (plen < 4 + kk * 8) return LLMM_EFORMAT;
    rc = llmm_class_create(&cm, k, alloc);
    if (rc != LLMM_OK) return rc;
    for (i = 0; i < kk; i++) {
        cm->counts[i] = llmmi_get_u64(p + 4 + 8 * i);
        if (total > UINT64_MAX - cm->counts[i]) {
            llmm_class_free(cm);
            return LLMM_EFORMAT;
        }
        total += cm->counts[i];
    }
    cm->total = total;
    if (plen > 4 + kk * 8) {
        rc = llmmi_class_wread(cm, p + 4 + kk * 8, plen - 4 - kk * 8);
        if (rc != LLMM_OK) {
            llmm_class_free(cm);
            return rc;
        }
    }
    *out = cm;
    return LLMM_OK;
}
