/* meteor_stats.c - segment count and exact sum of scores: merge, mean, serialization.
 *
 * The sum is core/exactsum.h's superaccumulator kept inside the public struct's opaque
 * words (copied in and out, so the public struct needs no internal type). Payload of the
 * serialized form (kind LLMMI_KIND_METEOR, format version 1 of the envelope):
 *   u64 n_segments, u64 n_wordnet, then the accumulator (exactsum.h serialized form).
 */
#include "llmm_meteor.h"
#include "core/exactsum.h"
#include "core/serial.h"
#include <string.h>

typedef char sum_fits[sizeof(llmmi_exactsum) <= sizeof(((llmm_meteor_stats *)0)->sum) ? 1 : -1];

static void get_sum(const llmm_meteor_stats *s, llmmi_exactsum *acc)
{
    memcpy(acc, s->sum, sizeof *acc);
}

static void put_sum(llmm_meteor_stats *s, const llmmi_exactsum *acc)
{
    memcpy(s->sum, acc, sizeof *acc);
}

void llmm_meteor_stats_init(llmm_meteor_stats *stats)
{
    llmmi_exactsum acc;
    if (!stats) return;
    memset(stats, 0, sizeof *stats);
    llmmi_exactsum_init(&acc);
    put_sum(stats, &acc);
}

void llmm_meteor_stats_add(llmm_meteor_stats *stats, const llmm_meteor_result *r)
{
    llmmi_exactsum acc;
    if (!stats || !r) return;
    get_sum(stats, &acc);
    llmmi_exactsum_add(&acc, r->score);
    put_sum(stats, &acc);
    stats->n_segments++;
    stats->n_wordnet += r->wordnet != 0;
}

void llmm_meteor_stats_merge(llmm_meteor_stats *dst, const llmm_meteor_stats *src)
{
    llmmi_exactsum a, b;
    if (!dst || !src) return;
    get_sum(dst, &a);
    get_sum(src, &b);
    llmmi_exactsum_merge(&a, &b);
    put_sum(dst, &a);
    dst->n_segments += src->n_segments;
    dst->n_wordnet += src->n_wordnet;
}

int llmm_meteor_stats_mean(const llmm_meteor_stats *stats, double *mean)
{
    llmmi_exactsum acc;
    if (!stats || !mean) return LLMM_ENULL;
    if (stats->n_segments == 0) return LLMM_EEMPTY;
    get_sum(stats, &acc);
    *mean = llmmi_exactsum_value(&acc) / (double)stats->n_segments;
    return LLMM_OK;
}

size_t llmm_meteor_stats_serialized_size(void)
{
    /* the accumulator's largest form: every limb stored */
    return LLMMI_SER_HEADER + 16 + 2 + 8 * LLMMI_EXACTSUM_LIMBS + 24;
}

int llmm_meteor_stats_serialize(const llmm_meteor_stats *stats, void *buf, size_t cap,
                                size_t *written)
{
    llmmi_exactsum acc;
    unsigned char *p = (unsigned char *)buf;
    size_t need;
    if (written) *written = 0;
    if (!stats || !buf) return LLMM_ENULL;
    get_sum(stats, &acc);
    need = LLMMI_SER_HEADER + 16 + llmmi_exactsum_ser_size(&acc);
    if (cap < need) return LLMM_EBUFFER;
    llmmi_put_u64(p + LLMMI_SER_HEADER, stats->n_segments);
    llmmi_put_u64(p + LLMMI_SER_HEADER + 8, stats->n_wordnet);
    llmmi_exactsum_write(&acc, p + LLMMI_SER_HEADER + 16);
    llmmi_ser_seal(p, LLMMI_KIND_METEOR, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_meteor_stats_deserialize(llmm_meteor_stats *stats, const void *buf, size_t len)
{
    const unsigned char *p;
    size_t plen, used;
    llmmi_exactsum acc;
    uint64_t n, nw;
    int rc;
    if (!stats || !buf) return LLMM_ENULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_METEOR, &p, &plen))) return rc;
    if (plen < 16) return LLMM_EFORMAT;
    n = llmmi_get_u64(p);
    nw = llmmi_get_u64(p + 8);
    if (nw > n) return LLMM_EFORMAT;
    if ((rc = llmmi_exactsum_read(&acc, p + 16, plen - 16, &used))) return rc;
    if (used != plen - 16) return LLMM_EFORMAT;
    memset(stats, 0, sizeof *stats);
    stats->n_segments = n;
    stats->n_wordnet = nw;
    put_sum(stats, &acc);
    return LLMM_OK;
}

size_t llmm_meteor_stats_size(void) { return sizeof(llmm_meteor_stats); }
int llmm_meteor_stats_sum_words(void) { return LLMM_METEOR_SUM_WORDS; }
