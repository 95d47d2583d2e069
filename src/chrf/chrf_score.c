/* chrf_score.c - f-score, finalize, merge, signature and serialization of chrF. */
#include "chrf/chrf_score.h"

#include "chrf/sbuf.h"
#include "core/serial.h"
#include "llmm_chrf.h"
#include <string.h>

/* Python's int / int true division is correctly rounded; for counts below 2^53 that
 * is exactly (double)a / (double)b. */
static double ratio(uint64_t a, uint64_t b) { return (double)a / (double)b; }

double llmmi_chrf_fscore(const uint64_t *counts, int order, int beta, int eps_smoothing)
{
    /* chrf.py:168-171: eps = 1e-16, factor = beta ** 2 (an exact int) */
    const double eps = 1e-16, factor = (double)beta * beta;
    double score = 0.0, avg_prec = 0.0, avg_rec = 0.0;
    int i, effective_order = 0;

    for (i = 0; i < order; i++) {
        uint64_t n_hyp = counts[3 * i], n_ref = counts[3 * i + 1], n_match = counts[3 * i + 2];
        /* chrf.py:177-182: chrF++.py-style eps smoothing, evaluated left to right */
        double prec = n_hyp > 0 ? ratio(n_match, n_hyp) : eps;
        double rec = n_ref > 0 ? ratio(n_match, n_ref) : eps;
        double denom = factor * prec + rec;
        score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
        /* chrf.py:184-188: sacreBLEU < 2.0 effective order */
        if (n_hyp > 0 && n_ref > 0) {
            avg_prec += prec;
            avg_rec += rec;
            effective_order++;
        }
    }
    if (eps_smoothing) return 100 * score / order;
    if (effective_order == 0) {
        avg_prec = avg_rec = 0.0;
    } else {
        avg_prec /= effective_order;
        avg_rec /= effective_order;
    }
    if (avg_prec + avg_rec != 0.0) {
        score = (1 + factor) * avg_prec * avg_rec;
        score /= factor * avg_prec + avg_rec;
        return 100 * score;
    }
    return 0.0;
}

int llmm_chrf_max_char_order(void) { return LLMM_CHRF_MAX_CHAR_ORDER; }
int llmm_chrf_max_word_order(void) { return LLMM_CHRF_MAX_WORD_ORDER; }
int llmm_chrf_max_order(void) { return LLMM_CHRF_MAX_ORDER; }

void llmm_chrf_options_default(llmm_chrf_options *opts)
{
    if (!opts) return;
    memset(opts, 0, sizeof *opts);
    opts->char_order = 6; /* chrf.py:73-79 */
    opts->word_order = 0;
    opts->beta = 2;
}

void llmm_chrf_stats_init(llmm_chrf_stats *stats)
{
    if (stats) memset(stats, 0, sizeof *stats);
}

void llmm_chrf_stats_merge(llmm_chrf_stats *dst, const llmm_chrf_stats *src)
{
    size_t i;
    if (!dst || !src) return;
    for (i = 0; i < 3 * LLMM_CHRF_MAX_ORDER; i++) dst->counts[i] += src->counts[i];
}


int llmmi_chrf_options_check(const llmm_chrf_options *o)
{
    if (o->char_order < 0 || o->char_order > LLMM_CHRF_MAX_CHAR_ORDER) return LLMM_EINVAL;
    if (o->word_order < 0 || o->word_order > LLMM_CHRF_MAX_WORD_ORDER) return LLMM_EINVAL;
    if (o->char_order + o->word_order < 1) return LLMM_EINVAL;
    if (o->beta < 0 || o->beta > 10000) return LLMM_EINVAL;
    return LLMM_OK;
}

static const llmm_chrf_options *resolve(const llmm_chrf_options *opts, llmm_chrf_options *def)
{
    if (opts) return opts;
    llmm_chrf_options_default(def);
    return def;
}

int llmm_chrf_finalize(const llmm_chrf_options *opts, const llmm_chrf_stats *stats,
                       llmm_chrf_result *out)
{
    llmm_chrf_options def;
    int rc;
    if (!stats || !out) return LLMM_ENULL;
    opts = resolve(opts, &def);
    if ((rc = llmmi_chrf_options_check(opts)) != LLMM_OK) return rc;
    out->score = llmmi_chrf_fscore(stats->counts, opts->char_order + opts->word_order,
                                   opts->beta, opts->eps_smoothing);
    out->char_order = opts->char_order;
    out->word_order = opts->word_order;
    out->beta = opts->beta;
    return LLMM_OK;
}

int llmm_chrf_name(const llmm_chrf_options *opts, char *buf, size_t cap)
{
    llmm_chrf_options def;
    llmmi_sbuf b;
    int rc, k;
    if (!buf) return LLMM_ENULL;
    opts = resolve(opts, &def);
    if ((rc = llmmi_chrf_options_check(opts)) != LLMM_OK) return rc;
    llmmi_sbuf_init(&b, buf, cap);
    /* CHRFScore: f'chrF{beta}' + '+' * word_order (chrf.py:52-53) */
    llmmi_sbuf_str(&b, "chrF");
    llmmi_sbuf_int(&b, opts->beta);
    for (k = 0; k < opts->word_order; k++) llmmi_sbuf_str(&b, "+");
    return llmmi_sbuf_finish(&b);
}

int llmm_chrf_signature(const llmm_chrf_options *opts, int n_refs, char *buf, size_t cap)
{
    llmm_chrf_options def;
    llmmi_sbuf b;
    int rc;
    if (!buf) return LLMM_ENULL;
    opts = resolve(opts, &def);
    if ((rc = llmmi_chrf_options_check(opts)) != LLMM_OK) return rc;
    llmmi_sbuf_init(&b, buf, cap);
    /* CHRFSignature (chrf.py:11-33) after the global keys (base.py Signature.format) */
    llmmi_sbuf_str(&b, "nrefs:");
    if (n_refs < 0) llmmi_sbuf_str(&b, "var");
    else llmmi_sbuf_int(&b, n_refs);
    llmmi_sbuf_str(&b, opts->lowercase ? "|case:lc" : "|case:mixed");
    llmmi_sbuf_str(&b, opts->eps_smoothing ? "|eff:no" : "|eff:yes");
    llmmi_sbuf_str(&b, "|nc:");
    llmmi_sbuf_int(&b, opts->char_order);
    llmmi_sbuf_str(&b, "|nw:");
    llmmi_sbuf_int(&b, opts->word_order);
    llmmi_sbuf_str(&b, opts->whitespace ? "|space:yes" : "|space:no");
    llmmi_sbuf_str(&b, "|version:2.6.0");
    return llmmi_sbuf_finish(&b);
}

size_t llmm_chrf_stats_serialized_size(void) { return LLMM_CHRF_STATS_SERIALIZED_SIZE; }

int llmm_chrf_stats_serialize(const llmm_chrf_stats *stats, void *buf, size_t cap,
                              size_t *written)
{
    unsigned char *b = (unsigned char *)buf;
    size_t i;
    if (!stats || !buf) return LLMM_ENULL;
    if (cap < LLMM_CHRF_STATS_SERIALIZED_SIZE) return LLMM_EBUFFER;
    for (i = 0; i < 3 * LLMM_CHRF_MAX_ORDER; i++)
        llmmi_put_u64(b + LLMMI_SER_HEADER + 8 * i, stats->counts[i]);
    llmmi_ser_seal(b, LLMMI_KIND_CHRF, LLMM_CHRF_STATS_SERIALIZED_SIZE - LLMMI_SER_HEADER);
    if (written) *written = LLMM_CHRF_STATS_SERIALIZED_SIZE;
    return LLMM_OK;
}

int llmm_chrf_stats_deserialize(llmm_chrf_stats *stats, const void *buf, size_t len)
{
    const unsigned char *p;
    size_t plen, i;
    int rc;
    if (!stats || !buf) return LLMM_ENULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_CHRF, &p, &plen)) != LLMM_OK) return rc;
    if (plen != 8 * 3 * LLMM_CHRF_MAX_ORDER) return LLMM_EFORMAT;
    for (i = 0; i < 3 * LLMM_CHRF_MAX_ORDER; i++) stats->counts[i] = llmmi_get_u64(p + 8 * i);
    /* matches never exceed either side's n-grams, in any sum of segments */
    for (i = 0; i < LLMM_CHRF_MAX_ORDER; i++) {
        if (stats->counts[3 * i + 2] > stats->counts[3 * i] ||
            stats->counts[3 * i + 2] > stats->counts[3 * i + 1]) {
            llmm_chrf_stats_init(stats);
            return LLMM_EFORMAT;
        }
    }
    return LLMM_OK;
}

size_t llmm_chrf_options_size(void) { return sizeof(llmm_chrf_options); }
size_t llmm_chrf_stats_size(void) { return sizeof(llmm_chrf_stats); }
size_t llmm_chrf_result_size(void) { return sizeof(llmm_chrf_result); }
