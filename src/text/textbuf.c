/* textbuf.c - decoding (core/utf8.c) with optional str.lower(), into cpbufs. */
#include "text/textbuf.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include "core/utf8.h"

int llmmi_text_decode(const llmm_allocator *a, const char *s, size_t len, int lower,
                      llmmi_cpbuf *out, llmmi_cpbuf *tmp, size_t *bad)
{
    llmmi_cpbuf *dec = lower ? tmp : out;
    size_t need;
    int rc;
    if (!s && len) return LLMM_ENULL;
    if ((rc = llmmi_cpbuf_reserve(a, dec, len ? len : 1)) != LLMM_OK) return rc;
    if ((rc = llmmi_utf8_decode(s, len, dec->p, &dec->n, bad)) != LLMM_OK) return rc;
    if (!lower) return LLMM_OK;
    if (!llmmi_mul_ok(dec->n, LLMMI_LOWER_MAX_EXPANSION, &need)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_cpbuf_reserve(a, out, need ? need : 1)) != LLMM_OK) return rc;
    out->n = llmmi_uc_lower(dec->p, dec->n, out->p);
    return LLMM_OK;
}
