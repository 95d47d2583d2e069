/* fuzz_calib_stats.c - libFuzzer target: the deserializers of the calibration (binned
 * ECE, Brier / log loss, reliability curve), confusion-matrix, group-fairness and SQuAD
 * statistics, plus SQuAD normalisation of arbitrary bytes. The first input byte picks
 * the target; the rest is a payload sealed with a valid envelope (so the checksum does
 * not hide the parsers). Invariant: rejected with LLMM_EFORMAT, or accepted, finalized,
 * merged with itself and re-serialized to the same bytes. */
#include "llmmetrics.h"
#include "core/serial.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROUND_TRIP(type, ser_size, ser, obj)                                          \
    do {                                                                              \
        size_t n_ = ser_size(obj), len_ = 0;                                          \
        unsigned char *again_ = malloc(n_ ? n_ : 1);                                  \
        if (!again_ || ser(obj, again_, n_, &len_) != LLMM_OK) abort();               \
        if (len_ != len || memcmp(again_, buf, len) != 0) abort();                    \
        free(again_);                                                                 \
    } while (0)

static void fuzz_ece(const unsigned char *buf, size_t len)
{
    llmm_calib_ece *e = NULL, *f = NULL;
    llmm_calib_ece_result r;
    llmm_calib_bin b;
    int rc = llmm_calib_ece_deserialize(&e, buf, len, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT) abort();
        return;
    }
    ROUND_TRIP(llmm_calib_ece, llmm_calib_ece_serialized_size, llmm_calib_ece_serialize, e);
    rc = llmm_calib_ece_result_get(e, &r);
    if (rc != LLMM_OK && rc != LLMM_EEMPTY) abort();
    if (llmm_calib_ece_bin(e, 0, &b) != LLMM_OK) abort();
    if (llmm_calib_ece_deserialize(&f, buf, len, NULL) != LLMM_OK) abort();
    rc = llmm_calib_ece_merge(f, e);
    if (rc != LLMM_OK && rc != LLMM_EOVERFLOW) abort();
    llmm_calib_ece_free(f);
    llmm_calib_ece_free(e);
}

static void fuzz_prob(const unsigned char *buf, size_t len)
{
    llmm_calib_prob *p = NULL;
    llmm_calib_prob_result r;
    int rc = llmm_calib_prob_deserialize(&p, buf, len, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT) abort();
        return;
    }
    ROUND_TRIP(llmm_calib_prob, llmm_calib_prob_serialized_size, llmm_calib_prob_serialize, p);
    rc = llmm_calib_prob_result_get(p, &r);
    /* EDOMAIN: sample weights summing to 0 */
    if (rc != LLMM_OK && rc != LLMM_EEMPTY && rc != LLMM_EDOMAIN) abort();
    llmm_calib_prob_free(p);
}

static void fuzz_curve(const unsigned char *buf, size_t len)
{
    llmm_calib_curve *c = NULL;
    double *pt, *pp;
    size_t n;
    int rc = llmm_calib_curve_deserialize(&c, buf, len, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT) abort();
        return;
    }
    ROUND_TRIP(llmm_calib_curve, llmm_calib_curve_serialized_size, llmm_calib_curve_serialize, c);
    pt = malloc(len * sizeof(double));
    pp = malloc(len * sizeof(double));
    if (!pt || !pp || llmm_calib_curve_result(c, pt, pp, NULL, &n) != LLMM_OK) abort();
    free(pt);
    free(pp);
    llmm_calib_curve_free(c);
}

static void fuzz_class(const unsigned char *buf, size_t len)
{
    llmm_class *m = NULL;
    llmm_class_prf_result r;
    double acc;
    int rc = llmm_class_deserialize(&m, buf, len, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT) abort();
        return;
    }
    ROUND_TRIP(llmm_class, llmm_class_serialized_size, llmm_class_serialize, m);
    rc = llmm_class_accuracy(m, &acc);
    if (rc != LLMM_OK && rc != LLMM_EDOMAIN) abort(); /* EDOMAIN: weights summing to 0 */
    rc = llmm_class_prf(m, NULL, &r);
    if (rc != LLMM_OK && rc != LLMM_EDOMAIN) abort();
    llmm_class_free(m);
}

static void fuzz_fair(const unsigned char *buf, size_t len)
{
    llmm_fair *f = NULL;
    llmm_fair_result r;
    int rc = llmm_fair_deserialize(&f, buf, len, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT) abort();
        return;
    }
    ROUND_TRIP(llmm_fair, llmm_fair_serialized_size, llmm_fair_serialize, f);
    rc = llmm_fair_result_get(f, &r);
    if (rc != LLMM_OK && rc != LLMM_EEMPTY) abort();
    llmm_fair_free(f);
}

static void fuzz_squad(const unsigned char *buf, size_t len, const uint8_t *text, size_t n)
{
    llmm_squad *s = NULL;
    llmm_squad_result r;
    llmm_str t, g;
    size_t out_len;
    char out[64];
    int rc;
    if (llmm_squad_create(&s, NULL) != LLMM_OK) abort();
    rc = llmm_squad_merge_serialized(s, buf, len);
    if (rc != LLMM_OK && rc != LLMM_EFORMAT) abort();
    t.ptr = (const char *)text;
    t.len = n;
    g.ptr = (const char *)text;
    g.len = n / 2;
    rc = llmm_squad_normalize(s, t, out, sizeof out, &out_len);
    if (rc != LLMM_OK && rc != LLMM_EBUFFER && rc != LLMM_EUTF8) abort();
    rc = llmm_squad_score(s, t, &g, 1, NULL);
    if (rc != LLMM_OK && rc != LLMM_EUTF8) abort();
    rc = llmm_squad_result_get(s, &r);
    if (rc != LLMM_OK && rc != LLMM_EEMPTY) abort();
    llmm_squad_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned kinds[] = {LLMMI_KIND_CALIB, LLMMI_KIND_CALIB, LLMMI_KIND_CALIB,
                                     LLMMI_KIND_CLASS, LLMMI_KIND_FAIR, LLMMI_KIND_SQUAD};
    unsigned char *buf;
    size_t len;
    unsigned which;
    if (size < 1 || size > 1 << 16) return 0;
    which = data[0] % 6;
    data++;
    size--;
    len = size + LLMMI_SER_HEADER;
    buf = malloc(len);
    if (!buf) return 0;
    memcpy(buf + LLMMI_SER_HEADER, data, size);
    llmmi_ser_seal(buf, kinds[which], size);
    switch (which) {
    case 0: fuzz_ece(buf, len); break;
    case 1: fuzz_prob(buf, len); break;
    case 2: fuzz_curve(buf, len); break;
    case 3: fuzz_class(buf, len); break;
    case 4: fuzz_fair(buf, len); break;
    default: fuzz_squad(buf, len, data, size); break;
    }
    free(buf);
    return 0;
}
