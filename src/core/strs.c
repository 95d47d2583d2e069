/* strs.c - validation of llmm_strs batches. */
#include "strs.h"

int llmmi_strs_check(const llmm_strs *s)
{
    size_t i;
    if (!s) return LLMM_ENULL;
    if (s->count == 0) return LLMM_OK;
    if (!s->offsets) return LLMM_ENULL;
    for (i = 0; i < s->count; i++)
        if (s->offsets[i + 1] < s->offsets[i]) return LLMM_EINVAL;
    if (!s->data && s->offsets[s->count] != s->offsets[0]) return LLMM_ENULL;
    return LLMM_OK;
}
