/* fuzz_stats_serial.c - libFuzzer target: the deserializers of the agreement,
 * correlation and ranking statistics (kinds 20-24). The first byte picks the kind; the
 * rest is a payload, sealed into a valid envelope so that the fuzzer reaches the
 * payload checks instead of stopping at the checksum. Invariants: every payload is
 * rejected with LLMM_EFORMAT or accepted; an accepted object finalizes without
 * crashing and re-serializes (to the same bytes, except the ranking accumulators whose
 * exact sums are re-normalized). */
#include "llmmetrics.h"
#include "core/serial.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *reserialize(size_t need, size_t *written,
                                  int (*ser)(const void *, void *, size_t, size_t *), const void *obj)
{
    unsigned char *out = (unsigned char *)malloc(need ? need : 1);
    if (!out || ser(obj, out, need, written) != LLMM_OK || *written != need) abort();
    return out;
}

static int ser_cohen(const void *o, void *b, size_t c, size_t *w) { return llmm_cohen_serialize((const llmm_cohen *)o, b, c, w); }
static int ser_fleiss(const void *o, void *b, size_t c, size_t *w) { return llmm_fleiss_serialize((const llmm_fleiss *)o, b, c, w); }
static int ser_kripp(const void *o, void *b, size_t c, size_t *w) { return llmm_kripp_serialize((const llmm_kripp *)o, b, c, w); }
static int ser_corr(const void *o, void *b, size_t c, size_t *w) { return llmm_corr_serialize((const llmm_corr *)o, b, c, w); }
static int ser_rank(const void *o, void *b, size_t c, size_t *w) { return llmm_rank_serialize((const llmm_rank *)o, b, c, w); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned kinds[5] = {LLMMI_KIND_COHEN, LLMMI_KIND_FLEISS, LLMMI_KIND_KRIPP,
                                      LLMMI_KIND_CORR, LLMMI_KIND_RANK};
    unsigned char *buf, *again = NULL;
    size_t len, written = 0;
    int which, rc, same = 1;
    double v;
    if (size < 1 || size > (1u << 20)) return 0;
    which = data[0] % 5;
    len = LLMMI_SER_HEADER + size - 1;
    buf = (unsigned char *)malloc(len);
    if (!buf) return 0;
    memcpy(buf + LLMMI_SER_HEADER, data + 1, size - 1);
    llmmi_ser_seal(buf, kinds[which], size - 1);
    if (which == 0) {
        llmm_cohen *t;
        rc = llmm_cohen_deserialize(&t, buf, len, NULL);
        if (rc == LLMM_OK) {
            llmm_cohen_finalize(t, NULL, &v);
            again = reserialize(llmm_cohen_serialized_size(t), &written, ser_cohen, t);
            llmm_cohen_free(t);
        }
    } else if (which == 1) {
        llmm_fleiss *f;
        rc = llmm_fleiss_deserialize(&f, buf, len, NULL);
        if (rc == LLMM_OK) {
            llmm_fleiss_kappa(f, LLMM_FLEISS_FLEISS, &v);
            again = reserialize(llmm_fleiss_serialized_size(f), &written, ser_fleiss, f);
            llmm_fleiss_free(f);
        }
    } else if (which == 2) {
        llmm_kripp *k;
        rc = llmm_kripp_deserialize(&k, buf, len, NULL);
        if (rc == LLMM_OK) {
            llmm_kripp_alpha(k, LLMM_KRIPP_ORDINAL, &v);
            again = reserialize(llmm_kripp_serialized_size(k), &written, ser_kripp, k);
            llmm_kripp_free(k);
        }
    } else if (which == 3) {
        llmm_corr *c;
        rc = llmm_corr_deserialize(&c, buf, len, NULL);
        if (rc == LLMM_OK) {
            llmm_corr_result r;
            llmm_corr_pearsonr(c, NULL, &r);
            llmm_corr_spearmanr(c, NULL, &r);
            llmm_corr_kendalltau(c, NULL, &r);
            again = reserialize(llmm_corr_serialized_size(c), &written, ser_corr, c);
            llmm_corr_free(c);
        }
    } else {
        llmm_rank *r;
        rc = llmm_rank_deserialize(&r, buf, len, NULL);
        if (rc == LLMM_OK) {
            llmm_rank_query_result m;
            llmm_rank_cutoff at[LLMM_RANK_MAX_CUTOFFS];
            llmm_rank_mean(r, &m, at);
            again = reserialize(llmm_rank_serialized_size(r), &written, ser_rank, r);
            llmm_rank_free(r);
        }
        same = 0;
    }
    if (rc != LLMM_OK && rc != LLMM_EFORMAT) abort();
    if (again && same && (written != len || memcmp(again, buf, len) != 0)) abort();
    free(again);
    free(buf);
    return 0;
}
