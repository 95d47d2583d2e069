/* activation.c - probability / logit handling shared by the calibration metrics:
 * torchmetrics' "logits if outside [0, 1]" test (utilities/compute.py
 * normalize_logits_if_needed) and the top-label confidence of a row. */
#include "calib_internal.h"
#include <math.h>
#include <string.h>

int llmmi_calib_scan(const double *x, size_t n, int *all_unit)
{
    uint64_t m0 = 0, m1 = 0;
    size_t i;
    int nonfinite = 0, outside = 0;
    /* Fast pass: a double lies in [+0, 1] iff its bits, read as an unsigned integer, are
     * at most those of 1.0 (negatives have the sign bit, NaN / inf larger exponents).
     * A max over integers has no early exit and vectorises. */
    for (i = 0; i + 1 < n; i += 2) {
        uint64_t a, b;
        memcpy(&a, x + i, 8);
        memcpy(&b, x + i + 1, 8);
        m0 = a > m0 ? a : m0;
        m1 = b > m1 ? b : m1;
    }
    if (i < n) {
        uint64_t a;
        memcpy(&a, x + i, 8);
        m0 = a > m0 ? a : m0;
    }
    if ((m0 > m1 ? m0 : m1) <= 0x3FF0000000000000ull) {
        *all_unit = 1;
        return LLMM_OK;
    }
    /* Slow pass (logits, -0.0, or bad values): tell non-finite values apart. */
    for (i = 0; i < n; i++) {
        double v = x[i];
        nonfinite |= !(v - v == 0.0); /* NaN or +-inf */
        outside |= (v < 0.0) | (v > 1.0);
    }
    if (nonfinite) return LLMM_ENONFINITE;
    *all_unit = !outside;
    return LLMM_OK;
}

int llmmi_calib_check_labels(const int32_t *target, size_t n, size_t n_classes)
{
    uint32_t m = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t t = (uint32_t)target[i]; /* negatives become huge */
        m = t > m ? t : m;
    }
    return n && (uint64_t)m >= (uint64_t)n_classes ? LLMM_ERANGE : LLMM_OK;
}

void llmmi_calib_top1(const double *row, size_t n_classes, int logits, int32_t target,
                      double *confidence, int *correct)
{
    size_t k, arg = 0;
    double best = row[0];
    for (k = 1; k < n_classes; k++) {
        if (row[k] > best) { /* strict: the first maximum wins ties, as torch.max(dim) */
            best = row[k];
            arg = k;
        }
    }
    if (logits) {
        /* softmax(row)[arg] = exp(row[arg] - max) / sum_k exp(row[k] - max) = 1 / sum. */
        double sum = 0.0;
        for (k = 0; k < n_classes; k++) sum += exp(row[k] - best);
        best = 1.0 / sum;
    }
    *confidence = best;
    *correct = (size_t)target == arg;
}

int llmm_calib_top_label(const double *preds, size_t n, size_t n_classes,
                         const int32_t *target, int input, double *confidence,
                         unsigned char *correct)
{
    size_t i, total;
    int unit = 1, rc, logits, ok;
    if (n == 0) return LLMM_OK;
    if (!preds || !target || !confidence || !correct) return LLMM_ENULL;
    if (n_classes < 1) return LLMM_EINVAL;
    if (n > (size_t)-1 / n_classes) return LLMM_EOVERFLOW;
    total = n * n_classes;
    rc = llmmi_calib_scan(preds, total, &unit);
    if (rc != LLMM_OK) return rc;
    rc = llmmi_calib_check_labels(target, n, n_classes);
    if (rc != LLMM_OK) return rc;
    if (input == LLMM_CALIB_INPUT_PROBS && !unit) return LLMM_EDOMAIN;
    if (input < LLMM_CALIB_INPUT_AUTO || input > LLMM_CALIB_INPUT_LOGITS) return LLMM_EINVAL;
    logits = input == LLMM_CALIB_INPUT_LOGITS || (input == LLMM_CALIB_INPUT_AUTO && !unit);
    for (i = 0; i < n; i++) {
        llmmi_calib_top1(preds + i * n_classes, n_classes, logits, target[i], &confidence[i],
                         &ok);
        correct[i] = (unsigned char)ok;
    }
    return LLMM_OK;
}
