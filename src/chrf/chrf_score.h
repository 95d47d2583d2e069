/* chrf_score.h - sacrebleu's chrF f-score of a statistics vector. */
#ifndef LLMMI_CHRF_SCORE_H
#define LLMMI_CHRF_SCORE_H
#include <stdint.h>

struct llmm_chrf_options;

/* Range checks of the options: LLMM_OK or LLMM_EINVAL. */
int llmmi_chrf_options_check(const struct llmm_chrf_options *o);

/* CHRF._compute_f_score (chrf.py:160-203) over counts[0 .. 3*order), with
 * factor = beta^2 and sacrebleu's exact floating-point evaluation order. */
double llmmi_chrf_fscore(const uint64_t *counts, int order, int beta, int eps_smoothing);

#endif
