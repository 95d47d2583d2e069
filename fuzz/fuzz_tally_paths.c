/* fuzz_tally_paths.c - libFuzzer target: the one-read confusion-count paths of
 * llmm_fair_update and llmm_class_update (core/tally.h, with their block-wise undo)
 * against the general path. The input is read as a 4-byte header (number of classes and
 * largest group id; the position of at most one bad value, and which column and value)
 * then 3-byte records (y_true, y_pred, group) mapped to valid values, so long valid
 * runs and a bad value in any block are both common. The whole batch goes through each
 * tally kernel and
 * through the int64 entry points; the reference is the same batch in slices of fewer
 * than LLMMI_TALLY_MIN pairs (always the general path). Invariants: the same status
 * and first bad index, the same serialized statistics, and a failed update adds
 * nothing. */
#include "llmmetrics.h"
#include "core/tally.h"
#include "class/class_internal.h"
#include "fair/fair_internal.h"
#include <stdlib.h>
#include <string.h>

#define MAX_N 8192

static size_t ser_fair(const llmm_fair *f, unsigned char *buf, size_t cap)
{
    size_t w = 0;
    if (llmm_fair_serialized_size(f) > cap || llmm_fair_serialize(f, buf, cap, &w) != LLMM_OK)
        abort();
    return w;
}

static size_t ser_class(const llmm_class *c, unsigned char *buf, size_t cap)
{
    size_t w = 0;
    if (llmm_class_serialized_size(c) > cap || llmm_class_serialize(c, buf, cap, &w) != LLMM_OK)
        abort();
    return w;
}

/* The bad value of kind v for a column with k valid labels. */
static int64_t bad_value(uint8_t v, uint32_t k)
{
    switch (v % 5) {
    case 0: return k;
    case 1: return -1;
    case 2: return INT32_MAX;
    case 3: return INT64_C(1) << 32; /* int64 only: its low 32 bits are valid */
    default: return INT64_MIN;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int32_t yt[MAX_N], yp[MAX_N], g[MAX_N];
    static int64_t yt64[MAX_N], yp64[MAX_N], g64[MAX_N];
    static unsigned char a[1 << 17], b[1 << 17];
    static const int isas[] = {LLMM_ISA_SCALAR, LLMM_ISA_AVX2, LLMM_ISA_AUTO};
    uint32_t k, max_g;
    size_t n, i, at, bad_ref = 0, bad, wa, wb;
    int rc_ref = LLMM_OK, rc, j;
    llmm_fair *fref, *f;
    llmm_class *cref, *c;
    if (size < 4) return 0;
    k = 2 + data[0] % 7;
    max_g = data[0] & 0x80 ? 70 : 6; /* past 64 ids: the block-wise path */
    at = (size_t)data[1] | (size_t)data[2] << 8; /* the bad value's position, if < n */
    n = (size - 4) / 3;
    if (n > MAX_N) n = MAX_N;
    for (i = 0; i < n; i++) {
        const uint8_t *r = data + 4 + 3 * i;
        yt64[i] = r[0] & 1;
        yp64[i] = r[1] & 1;
        g64[i] = r[2] % (max_g + 1);
    }
    if (at < n) {
        int64_t *col = data[3] % 3 == 0 ? yt64 : data[3] % 3 == 1 ? yp64 : g64;
        col[at] = bad_value(data[3] / 3, col == g64 ? 65536 : 2);
    }
    /* the int32 columns: a value outside the int32 range as -1 (what the int64 entry
     * points stage it as, so both see the same batch) */
    for (i = 0; i < n; i++) {
        yt[i] = yt64[i] >= 0 && yt64[i] <= INT32_MAX ? (int32_t)yt64[i] : -1;
        yp[i] = yp64[i] >= 0 && yp64[i] <= INT32_MAX ? (int32_t)yp64[i] : -1;
        g[i] = g64[i] >= 0 && g64[i] <= INT32_MAX ? (int32_t)g64[i] : -1;
    }
    /* fairness: reference in short slices (all-or-nothing per slice, so stop at the
     * first failure and compare only statuses and indices there) */
    if (llmm_fair_create(&fref, NULL) != LLMM_OK) abort();
    for (i = 0; i < n && rc_ref == LLMM_OK; i += LLMMI_TALLY_MIN - 1) {
        size_t m = n - i < LLMMI_TALLY_MIN - 1 ? n - i : LLMMI_TALLY_MIN - 1;
        rc_ref = llmm_fair_update(fref, yt + i, yp + i, g + i, NULL, m, &bad);
        if (rc_ref != LLMM_OK) bad_ref = i + bad;
    }
    wa = ser_fair(fref, a, sizeof a);
    for (j = 0; j < 4; j++) {
        if (llmm_fair_create(&f, NULL) != LLMM_OK) abort();
        bad = 0;
        rc = j < 3 ? (isas[j] == LLMM_ISA_AVX2 && !llmm_isa_supported(isas[j])
                          ? llmm_fair_update(f, yt, yp, g, NULL, n, &bad)
                          : llmmi_fair_update_isa(f, yt, yp, g, NULL, n, &bad, isas[j]))
                   : llmm_fair_update_i64(f, yt64, yp64, g64, NULL, n, &bad);
        if ((rc == LLMM_OK) != (rc_ref == LLMM_OK)) abort();
        if (rc == LLMM_OK) {
            wb = ser_fair(f, b, sizeof b);
            if (wa != wb || memcmp(a, b, wa) != 0) abort();
        } else if (rc != rc_ref || bad != bad_ref || llmm_fair_n_group_ids(f) != 0) {
            abort();
        }
        llmm_fair_free(f);
    }
    llmm_fair_free(fref);
    /* classification: labels in [0, k), the same bad value (if any) */
    for (i = 0; i < n; i++) {
        const uint8_t *r = data + 4 + 3 * i;
        yt64[i] = r[0] % k;
        yp64[i] = r[1] % k;
    }
    if (at < n && data[3] % 3 != 2)
        (data[3] % 3 == 0 ? yt64 : yp64)[at] = bad_value(data[3] / 3, k);
    for (i = 0; i < n; i++) {
        yt[i] = yt64[i] >= 0 && yt64[i] <= INT32_MAX ? (int32_t)yt64[i] : -1;
        yp[i] = yp64[i] >= 0 && yp64[i] <= INT32_MAX ? (int32_t)yp64[i] : -1;
    }
    rc_ref = LLMM_OK;
    if (llmm_class_create(&cref, k, NULL) != LLMM_OK) abort();
    for (i = 0; i < n && rc_ref == LLMM_OK; i += LLMMI_TALLY_MIN - 1) {
        size_t m = n - i < LLMMI_TALLY_MIN - 1 ? n - i : LLMMI_TALLY_MIN - 1;
        rc_ref = llmm_class_update(cref, yt + i, yp + i, m, &bad);
        if (rc_ref != LLMM_OK) bad_ref = i + bad;
    }
    wa = ser_class(cref, a, sizeof a);
    for (j = 0; j < 4; j++) {
        if (llmm_class_create(&c, k, NULL) != LLMM_OK) abort();
        bad = 0;
        rc = j < 3 ? (isas[j] == LLMM_ISA_AVX2 && !llmm_isa_supported(isas[j])
                          ? llmm_class_update(c, yt, yp, n, &bad)
                          : llmmi_class_update_isa(c, yt, yp, n, &bad, isas[j]))
                   : llmm_class_update_i64(c, yt64, yp64, NULL, n, &bad);
        if (rc != rc_ref || (rc != LLMM_OK && bad != bad_ref)) abort();
        if (rc == LLMM_OK) {
            wb = ser_class(c, b, sizeof b);
            if (wa != wb || memcmp(a, b, wa) != 0) abort();
        } else if (llmm_class_total(c) != 0) {
            abort();
        }
        llmm_class_free(c);
    }
    llmm_class_free(cref);
    return 0;
}
