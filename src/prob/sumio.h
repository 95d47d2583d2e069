/* sumio.h - the exact-sum operations the prob family uses, in one place: loading
 * an accumulator from / storing it into the opaque bytes of a public struct
 * (memcpy, so no aliasing of the public storage), and its serialized form. */
#ifndef LLMMI_PROB_SUMIO_H
#define LLMMI_PROB_SUMIO_H
#include "core/exactsum.h"
#include "llmm_common.h"
#include <string.h>

static inline void llmmi_sum_load(llmmi_exactsum *s, const unsigned char *bytes)
{
    memcpy(s, bytes, sizeof *s);
}

static inline void llmmi_sum_store(unsigned char *bytes, const llmmi_exactsum *s)
{
    memcpy(bytes, s, sizeof *s);
}

static inline size_t llmmi_sum_ser_size(const llmmi_exactsum *s)
{
    return llmmi_exactsum_ser_size(s);
}

static inline size_t llmmi_sum_write(const llmmi_exactsum *s, unsigned char *p)
{
    return llmmi_exactsum_write(s, p);
}

/* Reads one accumulator; LLMM_EFORMAT unless it is well-formed with a finite sum. */
static inline int llmmi_sum_read(llmmi_exactsum *s, const unsigned char *p, size_t len,
                                 size_t *used)
{
    double v;
    int rc = llmmi_exactsum_read(s, p, len, used);
    if (rc) return rc;
    v = llmmi_exactsum_value(s);
    return v - v == 0 ? LLMM_OK : LLMM_EFORMAT;
}

#endif
