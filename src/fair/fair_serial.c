/* fair_serial.c - serialized group-fairness statistics.
 *
 * Envelope kind LLMMI_KIND_FAIR; payload (little-endian): u32 n_ids, then per group id
 * 4 x u64 samples, 4 x u64 unit-weight samples, 4 exact weight sums (exactsum.h form),
 * cells in the order TN, FP, FN, TP.
 */
#include "fair_internal.h"
#include "core/serial.h"

size_t llmm_fair_serialized_size(const llmm_fair *f)
{
    size_t n = LLMMI_SER_HEADER + 4;
    uint32_t i;
    int k;
    if (!f) return 0;
    for (i = 0; i < f->n_ids; i++)
        for (k = 0; k < 4; k++) n += 16 + llmmi_exactsum_ser_size(&f->g[i].w[k]);
    return n;
}

int llmm_fair_serialize(const llmm_fair *f, void *buf, size_t cap, size_t *written)
{
    unsigned char *p = (unsigned char *)buf, *q;
    size_t need;
    uint32_t i;
    int k;
    if (!f || !buf) return LLMM_ENULL;
    need = llmm_fair_serialized_size(f);
    if (written) *written = need;
    if (cap < need) return LLMM_EBUFFER;
    q = p + LLMMI_SER_HEADER;
    llmmi_put_u32(q, f->n_ids);
    q += 4;
    for (i = 0; i < f->n_ids; i++) {
        const llmmi_fair_cell *c = &f->g[i];
        for (k = 0; k < 4; k++) {
            llmmi_put_u64(q, c->all[k]);
            llmmi_put_u64(q + 8, c->unit[k]);
            q += 16;
        }
        for (k = 0; k < 4; k++) q += llmmi_exactsum_write(&c->w[k], q);
    }
    llmmi_ser_seal(p, LLMMI_KIND_FAIR, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_fair_deserialize(llmm_fair **out, const void *buf, size_t len,
                          const llmm_allocator *alloc)
{
    const unsigned char *q;
    size_t plen, off = 4, used;
    llmm_fair *f;
    uint32_t n_ids, i;
    int k, rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_FAIR, &q, &plen)) != LLMM_OK) return rc;
    if (plen < 4) return LLMM_EFORMAT;
    n_ids = llmmi_get_u32(q);
    /* every group id takes at least 64 bytes of counts: reject impossible sizes first */
    if (n_ids > LLMM_FAIR_MAX_GROUPS || (plen - 4) / 64 < n_ids) return LLMM_EFORMAT;
    if ((rc = llmm_fair_create(&f, alloc)) != LLMM_OK) return rc;
    if ((rc = llmmi_fair_reserve(f, n_ids)) != LLMM_OK) {
        llmm_fair_free(f);
        return rc;
    }
    for (i = 0; i < n_ids; i++) {
        llmmi_fair_cell *c = &f->g[i];
        if (plen - off < 64) goto bad;
        for (k = 0; k < 4; k++) {
            c->all[k] = llmmi_get_u64(q + off);
            c->unit[k] = llmmi_get_u64(q + off + 8);
            if (c->unit[k] > c->all[k]) goto bad;
            off += 16;
        }
        for (k = 0; k < 4; k++) {
            if (llmmi_exactsum_read(&c->w[k], q + off, plen - off, &used) != LLMM_OK) goto bad;
            off += used;
        }
    }
    if (off != plen) goto bad;
    *out = f;
    return LLMM_OK;
bad:
    llmm_fair_free(f);
    return LLMM_EFORMAT;
}
