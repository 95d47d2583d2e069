/* fuzz_ece_paths.c - libFuzzer target: the binned-ECE update paths against each other.
 * The input is read as a header byte (n_bins, dtype) then 9-byte records (8 bytes of a
 * pred, a byte for its target and for how the 8 bytes become a pred: as they are,
 * reduced into [+0, 1], or next to an edge); the same batch goes through every ISA's kernel (int32
 * and int64 targets, and the confidence update) and through the general path one pair
 * at a time. Invariant: all of them return the same status and, on success, serialize
 * to the same bytes; a failed update adds nothing. */
#include "llmmetrics.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_N 4096

static size_t ser(const llmm_calib_ece *e, unsigned char *buf, size_t cap)
{
    size_t w = 0;
    if (llmm_calib_ece_serialize(e, buf, cap, &w) != LLMM_OK) abort();
    return w;
}

static llmm_calib_ece *make(uint32_t n_bins, int dtype, int isa)
{
    llmm_calib_ece_options o;
    llmm_calib_ece *e = NULL;
    llmm_calib_ece_options_default(&o);
    o.n_bins = n_bins;
    o.dtype = dtype;
    o.isa = isa;
    o.input = LLMM_CALIB_INPUT_PROBS;
    if (llmm_calib_ece_create(&e, &o, NULL) != LLMM_OK) abort();
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static double p[MAX_N];
    static int32_t t[MAX_N];
    static int64_t t64[MAX_N];
    static unsigned char flags[MAX_N], ref_buf[1 << 14], buf[1 << 14], buf1[1 << 14];
    uint32_t n_bins;
    int dtype, rc_ref = LLMM_OK, isa, rc;
    size_t n, i, w_ref, w;
    llmm_calib_ece *ref;
    if (size < 1) return 0;
    n_bins = 1 + data[0] % 63;
    dtype = data[0] & 0x40 ? LLMM_CALIB_F32 : LLMM_CALIB_F64;
    n = (size - 1) / 9;
    if (n > MAX_N) n = MAX_N;
    for (i = 0; i < n; i++) {
        const uint8_t *r = data + 1 + 9 * i;
        uint64_t bits;
        memcpy(&bits, r, 8);
        switch (r[8] >> 1 & 3) { /* mostly probabilities, so the kernels get to run */
        case 0: break;                                          /* any double */
        case 1: bits %= UINT64_C(0x3FF0000000000001); break;    /* any value in [+0, 1] */
        default: {                                              /* next to an edge */
            double x = (double)(r[0] % (n_bins + 1)) / (double)n_bins;
            int k, nudge = (int8_t)r[1] % 4;
            for (k = 0; k < (nudge < 0 ? -nudge : nudge); k++) x = nextafter(x, nudge < 0 ? 0 : 1);
            memcpy(&bits, &x, 8);
        }
        }
        memcpy(&p[i], &bits, 8);
        t[i] = r[8] < 250 ? r[8] & 1 : (int32_t)r[8] - 250; /* mostly 0/1, sometimes 2..5 */
        t64[i] = r[8] == 255 ? INT64_C(1) << 32 : t[i];
        flags[i] = r[8];
    }
    /* the definition: the general path, one pair at a time (a batch fails as a whole
     * when any pair does; which status it reports depends on the order of checks) */
    ref = make(n_bins, dtype, LLMM_ISA_SCALAR);
    for (i = 0; i < n && rc_ref == LLMM_OK; i++)
        rc_ref = llmm_calib_ece_update_binary(ref, p + i, t + i, 1);
    w_ref = ser(ref, ref_buf, sizeof ref_buf);
    for (isa = LLMM_ISA_SCALAR; isa <= LLMM_ISA_AVX512; isa++) {
        llmm_calib_ece *e, *e64;
        if (!llmm_isa_supported(isa)) continue;
        e = make(n_bins, dtype, isa);
        e64 = make(n_bins, dtype, isa);
        rc = llmm_calib_ece_update_binary(e, p, t, n);
        if (rc != llmm_calib_ece_update_binary_i64(e64, p, t64, n)) abort();
        if ((rc == LLMM_OK) != (rc_ref == LLMM_OK)) abort();
        if (rc == LLMM_OK) {
            w = ser(e, buf, sizeof buf);
            if (w != w_ref || memcmp(buf, ref_buf, w) != 0) abort();
            w = ser(e64, buf, sizeof buf);
            if (w != w_ref || memcmp(buf, ref_buf, w) != 0) abort();
        }
        llmm_calib_ece_free(e);
        llmm_calib_ece_free(e64);
        /* the confidence update (float64): flags, not targets, so only values decide */
        if (dtype == LLMM_CALIB_F64) {
            llmm_calib_ece *c = make(n_bins, dtype, isa), *c1 = make(n_bins, dtype, isa);
            int rc1 = LLMM_OK;
            rc = llmm_calib_ece_update_confidence(c, p, flags, n);
            for (i = 0; i < n && rc1 == LLMM_OK; i++)
                rc1 = llmm_calib_ece_update_confidence(c1, p + i, flags + i, 1);
            if ((rc == LLMM_OK) != (rc1 == LLMM_OK)) abort();
            if (rc == LLMM_OK) {
                w = ser(c, buf, sizeof buf);
                if (w != ser(c1, buf1, sizeof buf1) || memcmp(buf, buf1, w) != 0) abort();
            }
            llmm_calib_ece_free(c);
            llmm_calib_ece_free(c1);
        }
    }
    llmm_calib_ece_free(ref);
    return 0;
}
