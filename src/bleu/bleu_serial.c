/* bleu_serial.c - llmm_bleu_stats <-> bytes.
 *
 * Payload (kind LLMMI_KIND_BLEU, 88 bytes, little-endian):
 *   u32 max order stored (4), u32 reserved (0), u64 sys_len, i64 ref_len
 *   (two's complement), u64 counts[4], u64 totals[4]. */
#include "llmm_bleu.h"
#include "core/serial.h"

#define BLEU_PAYLOAD (8 + 8 + 8 + 16 * LLMM_BLEU_MAX_ORDER)

size_t llmm_bleu_stats_serialized_size(void) { return LLMMI_SER_HEADER + BLEU_PAYLOAD; }

int llmm_bleu_stats_serialize(const llmm_bleu_stats *s, void *buf, size_t cap, size_t *written)
{
    unsigned char *p = (unsigned char *)buf, *q;
    int k;
    if (!s || !buf) return LLMM_ENULL;
    if (cap < LLMMI_SER_HEADER + BLEU_PAYLOAD) return LLMM_EBUFFER;
    q = p + LLMMI_SER_HEADER;
    llmmi_put_u32(q, LLMM_BLEU_MAX_ORDER);
    llmmi_put_u32(q + 4, 0);
    llmmi_put_u64(q + 8, s->sys_len);
    llmmi_put_u64(q + 16, (uint64_t)s->ref_len);
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        llmmi_put_u64(q + 24 + 8 * k, s->counts[k]);
        llmmi_put_u64(q + 24 + 8 * (LLMM_BLEU_MAX_ORDER + k), s->totals[k]);
    }
    llmmi_ser_seal(p, LLMMI_KIND_BLEU, BLEU_PAYLOAD);
    if (written) *written = LLMMI_SER_HEADER + BLEU_PAYLOAD;
    return LLMM_OK;
}

int llmm_bleu_stats_deserialize(llmm_bleu_stats *s, const void *buf, size_t len)
{
    const unsigned char *q;
    size_t plen;
    int k, rc;
    llmm_bleu_stats t;
    if (!s) return LLMM_ENULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_BLEU, &q, &plen)) != LLMM_OK) return rc;
    if (plen != BLEU_PAYLOAD || llmmi_get_u32(q) != LLMM_BLEU_MAX_ORDER || llmmi_get_u32(q + 4) != 0)
        return LLMM_EFORMAT;
    t.sys_len = llmmi_get_u64(q + 8);
    t.ref_len = (int64_t)llmmi_get_u64(q + 16);
    for (k = 0; k < LLMM_BLEU_MAX_ORDER; k++) {
        t.counts[k] = llmmi_get_u64(q + 24 + 8 * k);
        t.totals[k] = llmmi_get_u64(q + 24 + 8 * (LLMM_BLEU_MAX_ORDER + k));
        if (t.counts[k] > t.totals[k]) return LLMM_EFORMAT; /* not a valid BLEU state */
    }
    *s = t;
    return LLMM_OK;
}
