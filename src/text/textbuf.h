/* textbuf.h - the decode (+ str.lower()) step shared by chrF and TER. */
#ifndef LLMMI_TEXTBUF_H
#define LLMMI_TEXTBUF_H
#include "core/cpbuf.h"
#include "core/strs.h"
#include "core/unicode.h"
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>


/* Decodes `len` bytes of UTF-8 into out (replacing its contents); with `lower`,
 * applies Python's str.lower() to the whole string (tmp is scratch). Returns LLMM_OK,
 * LLMM_EUTF8 (offset of the first bad byte in *bad), LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_text_decode(const llmm_allocator *a, const char *s, size_t len, int lower,
                      llmmi_cpbuf *out, llmmi_cpbuf *tmp, size_t *bad);

#endif
