/* rank_serial.c - llmm_rank <-> bytes.
 *
 * Payload (kind LLMMI_KIND_RANK, little-endian): u32 n_k, u32 reserved (0), n_k u32
 * cutoffs, u64 n_queries, u64 n_short, then 4 + 5 n_k exact accumulators (rr, ap, ndcg,
 * ndcg_ignore_ties, then per cutoff P, R, hit, ndcg, ndcg_ignore_ties) in the
 * superaccumulator format of src/core/exactsum.h. */
#include "rank_internal.h"
#include "core/serial.h"

#define N_SUMS(nk) (4 + 5 * (size_t)(nk))

size_t llmm_rank_serialized_size(const llmm_rank *r)
{
    size_t n, i;
    if (!r) return 0;
    n = LLMMI_SER_HEADER + 8 + 4 * (size_t)r->n_k + 16;
    for (i = 0; i < N_SUMS(r->n_k); i++) n += llmmi_exactsum_ser_size(&r->sums[i]);
    return n;
}

int llmm_rank_serialize(const llmm_rank *r, void *buf, size_t cap, size_t *written)
{
    unsigned char *q;
    size_t need, i;
    if (!r || !buf) return LLMM_ENULL;
    need = llmm_rank_serialized_size(r);
    if (cap < need) return LLMM_EBUFFER;
    q = (unsigned char *)buf + LLMMI_SER_HEADER;
    llmmi_put_u32(q, r->n_k);
    llmmi_put_u32(q + 4, 0);
    q += 8;
    for (i = 0; i < r->n_k; i++, q += 4) llmmi_put_u32(q, r->k[i]);
    llmmi_put_u64(q, r->n_queries);
    llmmi_put_u64(q + 8, r->n_short);
    q += 16;
    for (i = 0; i < N_SUMS(r->n_k); i++) q += llmmi_exactsum_write(&r->sums[i], q);
    llmmi_ser_seal((unsigned char *)buf, LLMMI_KIND_RANK, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_rank_deserialize(llmm_rank **out, const void *buf, size_t len, const llmm_allocator *alloc)
{
    const unsigned char *q, *end;
    size_t plen, i, used;
    uint32_t n_k, k[LLMM_RANK_MAX_CUTOFFS];
    llmm_rank *r;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_RANK, &q, &plen)) != LLMM_OK) return rc;
    end = q + plen;
    if (plen < 8) return LLMM_EFORMAT;
    n_k = llmmi_get_u32(q);
    if (n_k > LLMM_RANK_MAX_CUTOFFS || llmmi_get_u32(q + 4) != 0) return LLMM_EFORMAT;
    q += 8;
    if ((size_t)(end - q) < 4 * (size_t)n_k + 16) return LLMM_EFORMAT;
    for (i = 0; i < n_k; i++, q += 4) {
        k[i] = llmmi_get_u32(q);
        if (k[i] == 0) return LLMM_EFORMAT;
    }
    if ((rc = llmm_rank_create(&r, k, n_k, alloc)) != LLMM_OK) return rc;
    r->n_queries = llmmi_get_u64(q);
    r->n_short = llmmi_get_u64(q + 8);
    q += 16;
    if (r->n_short > r->n_queries) rc = LLMM_EFORMAT;
    for (i = 0; rc == LLMM_OK && i < N_SUMS(n_k); i++) {
        rc = llmmi_exactsum_read(&r->sums[i], q, (size_t)(end - q), &used);
        q += used;
    }
    if (rc == LLMM_OK && q != end) rc = LLMM_EFORMAT;
    if (rc != LLMM_OK) {
        llmm_rank_free(r);
        return rc;
    }
    *out = r;
    return LLMM_OK;
}
