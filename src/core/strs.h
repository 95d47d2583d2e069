/* strs.h - checking and reading llmm_strs batches (see llmm_common.h). */
#ifndef LLMMI_STRS_H
#define LLMMI_STRS_H
#include "llmm_common.h"

/* Checks a batch: offsets present and non-decreasing, data present when any string
 * is non-empty. LLMM_OK, LLMM_ENULL or LLMM_EINVAL. */
int llmmi_strs_check(const llmm_strs *s);

/* Item i of a checked batch; returns 0 when it is missing (present[i] == 0). */
static inline int llmmi_strs_item(const llmm_strs *s, size_t i, llmm_str *out)
{
    out->ptr = s->data ? s->data + s->offsets[i] : NULL;
    out->len = s->offsets[i + 1] - s->offsets[i];
    return !s->present || s->present[i];
}

#endif
