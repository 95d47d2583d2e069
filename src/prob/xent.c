/* xent.c - cross-entropy, perplexity and bits per byte (llmm_xent_*). The NLL
 * sum is exact (core/exactsum), so merges in any order give identical stats. */
#include "llmm_prob.h"
#include "prob_kern.h"
#include "core/serial.h"
#include "sumio.h"
#include <math.h>
#include <string.h>

#define LN2 0.6931471805599453094

typedef char xent_sum_fits[sizeof(llmmi_exactsum) <= LLMM_XENT_SUM_BYTES ? 1 : -1];

size_t llmm_xent_sum_bytes(void) { return LLMM_XENT_SUM_BYTES; }
int64_t llmm_xent_no_ignore(void) { return LLMM_XENT_NO_IGNORE; }
size_t llmm_xent_stats_size(void) { return sizeof(llmm_xent_stats); }
size_t llmm_xent_result_size(void) { return sizeof(llmm_xent_result); }
size_t llmm_xent_options_size(void) { return sizeof(llmm_xent_options); }
size_t llmm_xent_stats_serialized_max(void) { return LLMM_XENT_STATS_SERIALIZED_MAX; }

void llmm_xent_options_default(llmm_xent_options *opts)
{
    if (!opts) return;
    opts->ignore_index = LLMM_XENT_NO_IGNORE;
    llmm_logits_options_default(&opts->logits);
}

void llmm_xent_stats_init(llmm_xent_stats *stats)
{
    llmmi_exactsum s;
    if (!stats) return;
    memset(stats, 0, sizeof *stats);
    llmmi_exactsum_init(&s);
    llmmi_sum_store(stats->nll_sum_, &s);
}

/* numpy semantics of the formulas: x/0 -> +-Inf, 0/0 -> NaN (REFERENCE-QUIRKS.md 10.1:
 * empty -> NaN, n_bytes = 0 -> +Inf or NaN). */
static void result_of(uint64_t n, uint64_t n_bytes, double nll, llmm_xent_result *out)
{
    out->n_tokens = n;
    out->n_bytes = n_bytes;
    out->nll_sum_nats = nll;
    out->cross_entropy_nats = nll / (double)n;
    out->cross_entropy_bits = out->cross_entropy_nats / LN2;
    out->perplexity = exp(out->cross_entropy_nats);
    out->bits_per_byte = nll / (LN2 * (double)n_bytes);
}

/* Status of one logprob: finite and <= 0 is valid. */
static int logprob_status(double lp)
{
    if (lp - lp != 0) return LLMM_ENONFINITE;
    return lp > 0 ? LLMM_EDOMAIN : LLMM_OK;
}

int llmm_xent_add_logprobs(llmm_xent_stats *stats, const double *logprobs, size_t n,
                           const unsigned char *mask, size_t *bad_index)
{
    llmmi_exactsum s;
    uint64_t count = 0;
    size_t i;
    int rc;
    if (!stats || (!logprobs && n)) return LLMM_ENULL;
    for (i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        rc = logprob_status(logprobs[i]);
        if (rc) {
            if (bad_index) *bad_index = i;
            return rc;
        }
        count++;
    }
    if (stats->n_tokens + count < stats->n_tokens) return LLMM_EOVERFLOW;
    llmmi_sum_load(&s, stats->nll_sum_);
    for (i = 0; i < n; i++)
        if (!mask || mask[i]) llmmi_exactsum_add(&s, -logprobs[i]);
    llmmi_sum_store(stats->nll_sum_, &s);
    stats->n_tokens += count;
    return LLMM_OK;
}

int llmm_xent_add_logits(llmm_xent_stats *stats, const llmm_xent_options *opts,
                         const void *logits, size_t T, size_t V, int dtype,
                         const int64_t *targets, double *per_token_nll, size_t *bad_index)
{
    llmm_xent_options o;
    llmmi_exactsum s;
    size_t esize = llmmi_logits_esize(dtype), t;
    uint64_t count = 0;
    int rc, first = LLMM_OK;
    if (!stats || (T && (!logits || !targets))) return LLMM_ENULL;
    if (!esize) return LLMM_EINVAL;
    if (V && T > (size_t)-1 / V / esize) return LLMM_EOVERFLOW;
    if (opts) o = *opts;
    else llmm_xent_options_default(&o);
    llmmi_sum_load(&s, stats->nll_sum_);
    for (t = 0; t < T; t++) {
        const void *row = (const char *)logits + t * V * esize;
        double nll;
        if (targets[t] == o.ignore_index) {
            if (per_token_nll) per_token_nll[t] = NAN;
            continue;
        }
        if (targets[t] < 0 || (uint64_t)targets[t] >= V) {
            if (bad_index) *bad_index = t;
            return LLMM_ERANGE;
        }
        rc = llmm_logits_nll(row, V, dtype, (size_t)targets[t], &o.logits, &nll);
        if (per_token_nll) per_token_nll[t] = nll;
        if (rc == LLMM_ENULL || rc == LLMM_EINVAL || rc == LLMM_EUNSUPPORTED) return rc;
        if (rc) { /* value status: keep filling per_token_nll, commit nothing */
            if (!first) {
                first = rc;
                if (bad_index) *bad_index = t;
            }
            continue;
        }
        llmmi_exactsum_add(&s, nll);
        count++;
    }
    if (first) return first;
    if (stats->n_tokens + count < stats->n_tokens) return LLMM_EOVERFLOW;
    llmmi_sum_store(stats->nll_sum_, &s);
    stats->n_tokens += count;
    return LLMM_OK;
}

int llmm_xent_add_bytes(llmm_xent_stats *stats, uint64_t n_bytes)
{
    if (!stats) return LLMM_ENULL;
    if (stats->n_bytes + n_bytes < stats->n_bytes) return LLMM_EOVERFLOW;
    stats->n_bytes += n_bytes;
    return LLMM_OK;
}

int llmm_xent_stats_merge(llmm_xent_stats *dst, const llmm_xent_stats *src)
{
    llmmi_exactsum a, b;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->n_tokens + src->n_tokens < dst->n_tokens ||
        dst->n_bytes + src->n_bytes < dst->n_bytes)
        return LLMM_EOVERFLOW;
    llmmi_sum_load(&a, dst->nll_sum_);
    llmmi_sum_load(&b, src->nll_sum_);
    llmmi_exactsum_merge(&a, &b);
    llmmi_sum_store(dst->nll_sum_, &a);
    dst->n_tokens += src->n_tokens;
    dst->n_bytes += src->n_bytes;
    return LLMM_OK;
}

int llmm_xent_finalize(const llmm_xent_stats *stats, llmm_xent_result *out)
{
    llmmi_exactsum s;
    if (!stats || !out) return LLMM_ENULL;
    llmmi_sum_load(&s, stats->nll_sum_);
    /* +0.0: an all-zero sum is +0, not -0 (numpy/fsum; REFERENCE-QUIRKS.md 10.1) */
    result_of(stats->n_tokens, stats->n_bytes, llmmi_exactsum_value(&s) + 0.0, out);
    return stats->n_tokens ? LLMM_OK : LLMM_EEMPTY;
}

int llmm_xent_sequence(const double *logprobs, size_t n, uint64_t n_bytes,
                       const unsigned char *mask, llmm_xent_result *out)
{
    llmmi_exactsum s;
    uint64_t count = 0;
    size_t i;
    int rc = LLMM_OK, r;
    if (!out || (!logprobs && n)) return LLMM_ENULL;
    /* numpy semantics: the exact sum tracks NaN/Inf (NaN wins, then Inf) */
    llmmi_exactsum_init(&s);
    for (i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        r = logprob_status(logprobs[i]);
        if (r && !rc) rc = r;
        llmmi_exactsum_add(&s, -logprobs[i]);
        count++;
    }
    result_of(count, n_bytes, llmmi_exactsum_value(&s) + 0.0, out);
    if (rc) return rc;
    return count ? LLMM_OK : LLMM_EEMPTY;
}

/* Payload: u64 n_tokens, u64 n_bytes, the exact sum. */
size_t llmm_xent_stats_serialized_size(const llmm_xent_stats *stats)
{
    llmmi_exactsum s;
    if (!stats) return 0;
    llmmi_sum_load(&s, stats->nll_sum_);
    return LLMMI_SER_HEADER + 16 + llmmi_sum_ser_size(&s);
}

int llmm_xent_stats_serialize(const llmm_xent_stats *stats, void *buf, size_t cap,
                              size_t *written)
{
    llmmi_exactsum s;
    unsigned char *b = (unsigned char *)buf;
    size_t need;
    if (!stats || !written) return LLMM_ENULL;
    need = llmm_xent_stats_serialized_size(stats);
    *written = need;
    if (!buf || cap < need) return LLMM_EBUFFER;
    llmmi_sum_load(&s, stats->nll_sum_);
    llmmi_put_u64(b + LLMMI_SER_HEADER, stats->n_tokens);
    llmmi_put_u64(b + LLMMI_SER_HEADER + 8, stats->n_bytes);
    llmmi_sum_write(&s, b + LLMMI_SER_HEADER + 16);
    llmmi_ser_seal(b, LLMMI_KIND_XENT, need - LLMMI_SER_HEADER);
    return LLMM_OK;
}

int llmm_xent_stats_deserialize(llmm_xent_stats *stats, const void *buf, size_t len)
{
    llmmi_exactsum s;
    const unsigned char *p;
    size_t plen, used;
    int rc;
    if (!stats) return LLMM_ENULL;
    rc = llmmi_ser_open(buf, len, LLMMI_KIND_XENT, &p, &plen);
    if (rc) return rc;
    if (plen < 16) return LLMM_EFORMAT;
    rc = llmmi_sum_read(&s, p + 16, plen - 16, &used);
    if (rc) return rc;
    if (used != plen - 16 || llmmi_exactsum_value(&s) < 0) return LLMM_EFORMAT;
    llmm_xent_stats_init(stats);
    stats->n_tokens = llmmi_get_u64(p);
    stats->n_bytes = llmmi_get_u64(p + 8);
    llmmi_sum_store(stats->nll_sum_, &s);
    return LLMM_OK;
}
