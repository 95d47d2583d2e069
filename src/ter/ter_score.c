/* ter_score.c - finalize, merge, signature and serialization of TER. */
#include "llmm_ter.h"

#include "chrf/sbuf.h"
#include "core/serial.h"
#include <string.h>

uint64_t llmm_ter_length_scale(void) { return LLMM_TER_LENGTH_SCALE; }

void llmm_ter_stats_init(llmm_ter_stats *stats)
{
    if (stats) memset(stats, 0, sizeof *stats);
}

void llmm_ter_stats_merge(llmm_ter_stats *dst, const llmm_ter_stats *src)
{
    if (!dst || !src) return;
    dst->num_edits += src->num_edits;
    dst->ref_length_sc += src->ref_length_sc;
}

int llmm_ter_finalize(const llmm_ter_stats *stats, llmm_ter_result *out)
{
    double ref_length, score;
    if (!stats || !out) return LLMM_ENULL;
    /* sacrebleu sums the per-segment float means left to right; the exact sum
     * rounded once differs from it by a few ulps at most (none with 1, 2, 4 or 8
     * references, whose means are exact binary fractions) */
    ref_length = (double)stats->ref_length_sc / LLMM_TER_LENGTH_SCALE;
    /* ter.py:134-143 */
    if (ref_length > 0)
        score = (double)stats->num_edits / ref_length;
    else if (stats->num_edits > 0)
        score = 1.0; /* empty reference(s) and non-empty hypothesis */
    else
        score = 0.0;
    out->score = 100 * score;
    out->num_edits = stats->num_edits;
    out->ref_length = ref_length;
    return LLMM_OK;
}

int llmm_ter_signature(const llmm_ter_options *opts, int n_refs, char *buf, size_t cap)
{
    llmm_ter_options def;
    llmmi_sbuf b;
    if (!buf) return LLMM_ENULL;
    if (!opts) {
        llmm_ter_options_default(&def);
        opts = &def;
    }
    llmmi_sbuf_init(&b, buf, cap);
    /* TERSignature (ter.py:26-48) after the global keys (base.py Signature.format) */
    llmmi_sbuf_str(&b, "nrefs:");
    if (n_refs < 0) llmmi_sbuf_str(&b, "var");
    else llmmi_sbuf_int(&b, n_refs);
    llmmi_sbuf_str(&b, opts->case_sensitive ? "|case:mixed" : "|case:lc");
    llmmi_sbuf_str(&b, "|tok:tercom");
    llmmi_sbuf_str(&b, opts->normalized ? "|norm:yes" : "|norm:no");
    llmmi_sbuf_str(&b, opts->no_punct ? "|punct:no" : "|punct:yes");
    llmmi_sbuf_str(&b, opts->asian_support ? "|asian:yes" : "|asian:no");
    llmmi_sbuf_str(&b, "|version:2.6.0");
    return llmmi_sbuf_finish(&b);
}

size_t llmm_ter_stats_serialized_size(void) { return LLMM_TER_STATS_SERIALIZED_SIZE; }

int llmm_ter_stats_serialize(const llmm_ter_stats *stats, void *buf, size_t cap,
                             size_t *written)
{
    unsigned char *b = (unsigned char *)buf;
    if (!stats || !buf) return LLMM_ENULL;
    if (cap < LLMM_TER_STATS_SERIALIZED_SIZE) return LLMM_EBUFFER;
    llmmi_put_u64(b + LLMMI_SER_HEADER, stats->num_edits);
    llmmi_put_u64(b + LLMMI_SER_HEADER + 8, stats->ref_length_sc);
    llmmi_ser_seal(b, LLMMI_KIND_TER, LLMM_TER_STATS_SERIALIZED_SIZE - LLMMI_SER_HEADER);
    if (written) *written = LLMM_TER_STATS_SERIALIZED_SIZE;
    return LLMM_OK;
}

int llmm_ter_stats_deserialize(llmm_ter_stats *stats, const void *buf, size_t len)
{
    const unsigned char *p;
    size_t plen;
    int rc;
    if (!stats || !buf) return LLMM_ENULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_TER, &p, &plen)) != LLMM_OK) return rc;
    if (plen != 16) return LLMM_EFORMAT;
    stats->num_edits = llmmi_get_u64(p);
    stats->ref_length_sc = llmmi_get_u64(p + 8);
    return LLMM_OK;
}

size_t llmm_ter_options_size(void) { return sizeof(llmm_ter_options); }
size_t llmm_ter_stats_size(void) { return sizeof(llmm_ter_stats); }
size_t llmm_ter_result_size(void) { return sizeof(llmm_ter_result); }
