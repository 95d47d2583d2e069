/* cohen_serial.c - llmm_cohen <-> bytes.
 *
 * Payload (kind LLMMI_KIND_COHEN, little-endian): u32 K, u32 reserved (0),
 * K*K u64 counts row-major (row = rater1). The total is recomputed on reading. */
#include "agree_internal.h"
#include "core/serial.h"

size_t llmm_cohen_serialized_size(const llmm_cohen *t)
{
    if (!t) return 0;
    return LLMMI_SER_HEADER + 8 + (size_t)t->k * t->k * 8;
}

int llmm_cohen_serialize(const llmm_cohen *t, void *buf, size_t cap, size_t *written)
{
    unsigned char *q;
    size_t i, kk, need;
    if (!t || !buf) return LLMM_ENULL;
    need = llmm_cohen_serialized_size(t);
    if (cap < need) return LLMM_EBUFFER;
    q = (unsigned char *)buf + LLMMI_SER_HEADER;
    llmmi_put_u32(q, t->k);
    llmmi_put_u32(q + 4, 0);
    kk = (size_t)t->k * t->k;
    for (i = 0; i < kk; i++) llmmi_put_u64(q + 8 + 8 * i, t->counts[i]);
    llmmi_ser_seal((unsigned char *)buf, LLMMI_KIND_COHEN, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_cohen_deserialize(llmm_cohen **out, const void *buf, size_t len,
                           const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen, i, kk;
    uint32_t k;
    uint64_t total = 0;
    llmm_cohen *t;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_COHEN, &q, &plen)) != LLMM_OK) return rc;
    if (plen < 8) return LLMM_EFORMAT;
    k = llmmi_get_u32(q);
    if (k == 0 || k > LLMM_COHEN_MAX_CATEGORIES || llmmi_get_u32(q + 4) != 0) return LLMM_EFORMAT;
    kk = (size_t)k * k;
    if (plen != 8 + 8 * kk) return LLMM_EFORMAT;
    for (i = 0; i < kk; i++) {
        uint64_t c = llmmi_get_u64(q + 8 + 8 * i);
        if (c > UINT64_MAX - total) return LLMM_EFORMAT;
        total += c;
    }
    if ((rc = llmm_cohen_create(&t, k, alloc)) != LLMM_OK) return rc;
    for (i = 0; i < kk; i++) t->counts[i] = llmmi_get_u64(q + 8 + 8 * i);
    t->total = total;
    *out = t;
    return LLMM_OK;
}
