/* fleiss_serial.c - llmm_fleiss <-> bytes.
 *
 * Payload (kind LLMMI_KIND_FLEISS, little-endian): u32 K, u32 reserved (0),
 * u64 n_subjects, u64 n_raters, u64 sum_sq, K u64 category totals. */
#include "agree_internal.h"
#include "core/serial.h"

size_t llmm_fleiss_serialized_size(const llmm_fleiss *f)
{
    if (!f) return 0;
    return LLMMI_SER_HEADER + 32 + (size_t)f->k * 8;
}

int llmm_fleiss_serialize(const llmm_fleiss *f, void *buf, size_t cap, size_t *written)
{
    unsigned char *q;
    size_t need;
    uint32_t j;
    if (!f || !buf) return LLMM_ENULL;
    need = llmm_fleiss_serialized_size(f);
    if (cap < need) return LLMM_EBUFFER;
    q = (unsigned char *)buf + LLMMI_SER_HEADER;
    llmmi_put_u32(q, f->k);
    llmmi_put_u32(q + 4, 0);
    llmmi_put_u64(q + 8, f->n_subjects);
    llmmi_put_u64(q + 16, f->n_raters);
    llmmi_put_u64(q + 24, f->sum_sq);
    for (j = 0; j < f->k; j++) llmmi_put_u64(q + 32 + 8 * (size_t)j, f->totals[j]);
    llmmi_ser_seal((unsigned char *)buf, LLMMI_KIND_FLEISS, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_fleiss_deserialize(llmm_fleiss **out, const void *buf, size_t len,
                            const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen;
    uint32_t k, j;
    uint64_t subjects, raters, sum_sq, total = 0;
    llmm_fleiss *f;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_FLEISS, &q, &plen)) != LLMM_OK) return rc;
    if (plen < 32) return LLMM_EFORMAT;
    k = llmmi_get_u32(q);
    if (k == 0 || k > LLMM_FLEISS_MAX_CATEGORIES || llmmi_get_u32(q + 4) != 0 ||
        plen != 32 + (size_t)k * 8)
        return LLMM_EFORMAT;
    subjects = llmmi_get_u64(q + 8);
    raters = llmmi_get_u64(q + 16);
    sum_sq = llmmi_get_u64(q + 24);
    for (j = 0; j < k; j++) {
        uint64_t c = llmmi_get_u64(q + 32 + 8 * (size_t)j);
        if (c > UINT64_MAX - total) return LLMM_EFORMAT;
        total += c;
    }
    /* a consistent state: totals sum to subjects * raters, and
     * subjects * raters <= sum_sq <= subjects * raters^2 */
    if ((subjects == 0) != (raters == 0) || raters > UINT32_MAX ||
        (subjects && raters > UINT64_MAX / subjects) || total != subjects * raters ||
        sum_sq < total || (raters && total > UINT64_MAX / raters) || sum_sq > total * raters)
        return LLMM_EFORMAT;
    if ((rc = llmm_fleiss_create(&f, k, alloc)) != LLMM_OK) return rc;
    for (j = 0; j < k; j++) f->totals[j] = llmmi_get_u64(q + 32 + 8 * (size_t)j);
    f->n_subjects = subjects;
    f->n_raters = raters;
    f->sum_sq = sum_sq;
    *out = f;
    return LLMM_OK;
}
