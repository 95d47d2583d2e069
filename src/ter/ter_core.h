/* ter_core.h - sacrebleu's translation_edit_rate (metrics/lib_ter.py) over word ids:
 * tercom-style greedy shifts scored with a beam-restricted edit distance. */
#ifndef LLMMI_TER_CORE_H
#define LLMMI_TER_CORE_H
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

/* lib_ter.py:22-34 */
#define LLMMI_TER_MAX_SHIFT_SIZE 10
#define LLMMI_TER_MAX_SHIFT_DIST 50
#define LLMMI_TER_BEAM_WIDTH 25
#define LLMMI_TER_MAX_SHIFT_CANDIDATES 1000

/* Reusable memory of one scorer: one block, grown when a segment needs more and
 * carved into the arrays of ter_core.c. */
typedef struct llmmi_ter_ws {
    void *mem;
    size_t cap;
} llmmi_ter_ws;

void llmmi_ter_ws_free(const llmm_allocator *a, llmmi_ter_ws *ws);

/* Number of edits (shifts + edit distance) turning hyp[0..n) into ref[0..m), as
 * translation_edit_rate (lib_ter.py:45-82). LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_ter_edits(const llmm_allocator *a, llmmi_ter_ws *ws, const uint32_t *hyp, size_t n,
                    const uint32_t *ref, size_t m, uint64_t *edits);

#endif
