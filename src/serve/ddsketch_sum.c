/* ddsketch_sum.c - the sketch's exact sum: an exact accumulator (core/exactsum.h) plus
 * a window of per-exponent integer sums that the add fast paths use (ddsketch.h). */
#include "ddsketch.h"
#include <math.h>
#include <string.h>

/* The sum's window: empty, centred on biased exponent e (kept within 1 .. 1983 so
 * that only positive normal values fall inside: a negative value's bits >> 52 is at
 * least 2048 > acc_base + 63). */
void llmmi_sketch_acc_reset(llmm_sketch *s, uint32_t e)
{
    memset(s->acc, 0, sizeof s->acc);
    s->acc_base = e < 1 + LLMMI_SKETCH_ACC / 2 ? 1 : e > 2015 ? 1983 : e - LLMMI_SKETCH_ACC / 2;
    s->acc_left = LLMMI_SKETCH_ACC_ADDS;
}

/* Adds acc[j] * 2^(acc_base + j - 1075) to *sum (exact: powers of two >= 2^-1074). */
static void acc_fold_into(const llmm_sketch *s, llmmi_exactsum *sum)
{
    uint32_t j;
    for (j = 0; j < LLMMI_SKETCH_ACC; j++)
        if (s->acc[j])
            llmmi_exactsum_add_mul(sum, ldexp(1.0, (int)(s->acc_base + j) - 1075), s->acc[j]);
}

/* Folds the window into the sum and re-centres it on biased exponent e. */
void llmmi_sketch_acc_fold(llmm_sketch *s, uint32_t e)
{
    acc_fold_into(s, &s->sum);
    llmmi_sketch_acc_reset(s, e);
}

void llmmi_sketch_sum(const llmm_sketch *s, llmmi_exactsum *out)
{
    *out = s->sum;
    acc_fold_into(s, out);
}

/* sum_add's other cases, out of line: values outside the window go to the exact
 * accumulator; the window is folded when its budget is spent. */
int llmmi_sketch_sum_add_slow(llmm_sketch *s, uint64_t bits, double v, uint32_t e)
{
    if (e < LLMMI_SKETCH_ACC) s->acc[e] += (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    else llmmi_exactsum_add_finite(&s->sum, v);
    if (!--s->acc_left) llmmi_sketch_acc_fold(s, (uint32_t)(bits >> 52) & 0x7FF);
    return LLMM_OK;
}

