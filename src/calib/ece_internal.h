/* ece_internal.h - the binned-ECE object shared by ece.c and ece_serial.c. */
#ifndef LLMMI_ECE_INTERNAL_H
#define LLMMI_ECE_INTERNAL_H
#include "calib_internal.h"

struct llmm_calib_ece {
    llmm_allocator alloc;
    llmm_calib_ece_options opts;
    uint32_t n_total;        /* n_bins + 1 (torchmetrics' extra bin for confidence 1.0) */
    double *edges;           /* n_bins + 1 edges (float32 values widened when dtype F32),
                                then a +inf sentinel */
    float *edges32;          /* the float32 edges (dtype F32 only) */
    uint64_t *count;         /* n_total */
    uint64_t *correct;       /* n_total */
    llmmi_exactsum *conf;    /* n_total exact sums of confidences */
    uint64_t *fx_lo, *fx_hi; /* n_total: per update call, confidences in [2^-10, 1] summed
                                exactly as integers in units of 2^-62 (flushed into conf) */
    uint64_t total;
};

/* The targets of a batch: exactly one of the three is set. */
typedef struct llmmi_ece_targets {
    const int32_t *i32;
    const int64_t *i64;
    const unsigned char *flags; /* 0 / nonzero (the confidence update's `correct`) */
} llmmi_ece_targets;

/* Target i as an int64 (a flag as 0/1). */
static inline int64_t llmmi_ece_target(const llmmi_ece_targets *t, size_t i)
{
    return t->i32 ? t->i32[i] : t->i64 ? t->i64[i] : (int64_t)(t->flags[i] != 0);
}

/* Returned by llmmi_calib_ece_fast when the batch is not for it. */
#define LLMMI_ECE_NOT_FAST 1

/* The binary probability update in one pass over the data (ece_fast.c), with the
 * kernel of `isa` (resolved); with dtype F32 the preds are rounded to float32 first
 * (the edges are the float32 ones, widened): LLMM_OK (counts, correct and the fixed-point sums
 * fx_lo / fx_hi added; the caller flushes), LLMM_ERANGE for a target other than 0/1
 * (nothing added), or LLMMI_ECE_NOT_FAST (nothing added) when a pred is not in [+0, 1]
 * or the bins do not suit the kernels. */
int llmmi_calib_ece_fast(llmm_calib_ece *e, const double *p, const llmmi_ece_targets *t,
                         size_t n, int isa);

/* Allocates an empty object for validated options. */
int llmmi_calib_ece_new(llmm_calib_ece **out, const llmm_calib_ece_options *o,
                        const llmm_allocator *alloc);

#endif
