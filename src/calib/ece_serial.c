/* ece_serial.c - serialized binned-ECE statistics.
 *
 * Envelope kind LLMMI_KIND_CALIB; payload (little-endian):
 *   u8  object tag 1 (binned ECE)
 *   u32 n_bins, u8 input, u8 dtype, u64 total
 *   n_bins + 1 times: u64 count, u64 correct, exact confidence sum (exactsum.h form)
 */
#include "ece_internal.h"
#include "core/serial.h"

#define TAG_ECE 1
#define FIXED (1 + 4 + 1 + 1 + 8)

size_t llmm_calib_ece_serialized_size(const llmm_calib_ece *e)
{
    size_t n = LLMMI_SER_HEADER + FIXED;
    uint32_t b;
    if (!e) return 0;
    for (b = 0; b < e->n_total; b++) n += 16 + llmmi_exactsum_ser_size(&e->conf[b]);
    return n;
}

int llmm_calib_ece_serialize(const llmm_calib_ece *e, void *buf, size_t cap, size_t *written)
{
    unsigned char *p = (unsigned char *)buf, *q;
    size_t need;
    uint32_t b;
    if (!e || !buf) return LLMM_ENULL;
    need = llmm_calib_ece_serialized_size(e);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    q = p + LLMMI_SER_HEADER;
    q[0] = TAG_ECE;
    llmmi_put_u32(q + 1, e->opts.n_bins);
    q[5] = (unsigned char)e->opts.input;
    q[6] = (unsigned char)e->opts.dtype;
    llmmi_put_u64(q + 7, e->total);
    q += FIXED;
    for (b = 0; b < e->n_total; b++) {
        llmmi_put_u64(q, e->count[b]);
        llmmi_put_u64(q + 8, e->correct[b]);
        q += 16;
        q += llmmi_exactsum_write(&e->conf[b], q);
    }
    llmmi_ser_seal(p, LLMMI_KIND_CALIB, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_calib_ece_deserialize(llmm_calib_ece **out, const void *buf, size_t len,
                               const llmm_allocator *alloc)
{
    const unsigned char *p;
    size_t plen, off, used;
    llmm_calib_ece_options o;
    llmm_calib_ece *e;
    uint64_t total, sum = 0;
    uint32_t b;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_CALIB, &p, &plen);
    if (rc != LLMM_OK) return rc;
    if (plen < FIXED || p[0] != TAG_ECE) return LLMM_EFORMAT;
    o.n_bins = llmmi_get_u32(p + 1);
    o.input = p[5];
    o.dtype = p[6];
    o.isa = LLMM_ISA_AUTO;
    total = llmmi_get_u64(p + 7);
    if (o.n_bins < 1 || o.n_bins > LLMM_CALIB_MAX_BINS || o.input > LLMM_CALIB_INPUT_LOGITS ||
        o.dtype > LLMM_CALIB_F32)
        return LLMM_EFORMAT;
    /* Reject impossible sizes before allocating. */
    if ((plen - FIXED) / (16 + llmmi_calib_min_sum_size()) < (size_t)o.n_bins + 1)
        return LLMM_EFORMAT;
    rc = llmmi_calib_ece_new(&e, &o, alloc);
    if (rc != LLMM_OK) return rc;
    off = FIXED;
    for (b = 0; b < e->n_total; b++) {
        if (plen - off < 16) goto bad;
        e->count[b] = llmmi_get_u64(p + off);
        e->correct[b] = llmmi_get_u64(p + off + 8);
        off += 16;
        used = llmmi_calib_read_sum(&e->conf[b], p + off, plen - off);
        if (!used || e->correct[b] > e->count[b] || sum > UINT64_MAX - e->count[b]) goto bad;
        sum += e->count[b];
        off += used;
    }
    if (off != plen || sum != total) goto bad;
    e->total = total;
    *out = e;
    return LLMM_OK;
bad:
    llmm_calib_ece_free(e);
    return LLMM_EFORMAT;
}
