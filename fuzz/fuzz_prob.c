/* fuzz_prob.c - libFuzzer target for the prob family.
 * Byte 0 picks the dtype and the SIMD path, byte 1 a target id; the rest is two rows of
 * logits (any bits: NaN, Inf, subnormals, half-precision patterns). The same bytes,
 * resealed with a valid envelope, also feed the xent/kld deserializers.
 * Invariants: a documented status, never a crash; on LLMM_OK the results are finite and
 * consistent (lse >= max, 0 <= entropy <= log n, probabilities in (0, 1], KL >= -1e-9,
 * argmax holds the max). */
#include "llmmetrics.h"
#include "core/serial.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_status(int rc)
{
    if (rc != LLMM_OK && rc != LLMM_EEMPTY && rc != LLMM_EDOMAIN && rc != LLMM_ENONFINITE &&
        rc != LLMM_ERANGE && rc != LLMM_EUNSUPPORTED)
        abort();
}

static void row_kernels(const void *x, size_t n, int dtype, const llmm_logits_options *o,
                        size_t target)
{
    double lse, h, p, nll, *out = malloc((n + 1) * sizeof *out);
    size_t am, ids[4], k;
    int rc = llmm_logits_logsumexp(x, n, dtype, o, &lse);
    check_status(rc);
    if (rc == LLMM_OK) {
        if (!isfinite(lse)) abort();
        check_status(llmm_logits_argmax(x, n, dtype, o, &am));
        if (am >= n) abort();
        if (llmm_logits_entropy(x, n, dtype, o, &h) != LLMM_OK) abort();
        if (!(h >= -1e-12 && h <= log((double)n) + 1e-9)) abort();
        if (llmm_logits_max_prob(x, n, dtype, o, &p) != LLMM_OK || !(p > 0 && p <= 1 + 1e-15))
            abort();
        if (llmm_logits_log_softmax(x, n, dtype, o, out, LLMM_DTYPE_FP64, NULL) != LLMM_OK) abort();
        if (out[am] > 1e-12) abort();
        if (llmm_logits_topk(x, n, dtype, 4, o, ids, NULL, &k) != LLMM_OK || ids[0] != am) abort();
    }
    rc = llmm_logits_nll(x, n, dtype, target, o, &nll);
    check_status(rc);
    if (rc == LLMM_OK && !(nll >= -1e-9 && isfinite(nll))) abort();
    check_status(llmm_logits_softmax(x, n, dtype, o, out, LLMM_DTYPE_FP64));
    free(out);
}

static void deserializers(const uint8_t *data, size_t size)
{
    unsigned char *buf = malloc(size + LLMMI_SER_HEADER + 1);
    llmm_xent_stats xs;
    llmm_xent_result xr;
    llmm_kld *k = NULL;
    llmm_kld_result kr;
    if (!buf) return;
    memcpy(buf + LLMMI_SER_HEADER, data, size);
    llmmi_ser_seal(buf, LLMMI_KIND_XENT, size);
    if (llmm_xent_stats_deserialize(&xs, buf, size + LLMMI_SER_HEADER) == LLMM_OK)
        check_status(llmm_xent_finalize(&xs, &xr));
    llmmi_ser_seal(buf, LLMMI_KIND_KLD, size);
    if (llmm_kld_deserialize(&k, buf, size + LLMMI_SER_HEADER, NULL, NULL) == LLMM_OK) {
        check_status(llmm_kld_finalize(k, &kr));
        llmm_kld_free(k);
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_logits_options o;
    int dtype;
    size_t esize, n, target;
    double kl;
    int rc;
    if (size < 2) return 0;
    {
        static const int dtypes[4] = {LLMM_DTYPE_FP32, LLMM_DTYPE_FP16, LLMM_DTYPE_BF16,
                                      LLMM_DTYPE_FP64};
        dtype = dtypes[data[0] & 3];
    }
    llmm_logits_options_default(&o);
    o.isa = (data[0] >> 2) % 5;
    target = data[1];
    esize = llmmi_logits_esize(dtype);
    n = (size - 2) / esize / 2;
    {
        /* copies keep the rows aligned for their type */
        void *x = malloc(n * esize + 1), *y = malloc(n * esize + 1);
        if (x && y) {
            memcpy(x, data + 2, n * esize);
            memcpy(y, data + 2 + n * esize, n * esize);
            if (llmm_isa_supported(o.isa) || o.isa == LLMM_ISA_AUTO) {
                row_kernels(x, n, dtype, &o, target % (n + 1));
                rc = llmm_logits_kl(x, y, n, dtype, &o, &kl);
                check_status(rc);
                if (rc == LLMM_OK && !(kl >= -1e-9 && isfinite(kl))) abort();
            }
        }
        free(x);
        free(y);
    }
    deserializers(data, size);
    return 0;
}
