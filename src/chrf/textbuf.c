/* textbuf.c - code-point buffers and UTF-8 decoding with optional str.lower(). */
#include "chrf/textbuf.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include "core/utf8.h"

int llmmi_u32buf_reserve(const llmm_allocator *a, llmmi_u32buf *b, size_t need)
{
    void *p = b->p;
    int rc = llmmi_grow(a, &p, &b->cap, need, sizeof(uint32_t));
    b->p = (uint32_t *)p;
    return rc;
}

void llmmi_u32buf_free(const llmm_allocator *a, llmmi_u32buf *b)
{
    llmmi_free(a, b->p, b->cap * sizeof(uint32_t));
    b->p = NULL;
    b->n = b->cap = 0;
}

int llmmi_text_decode(const llmm_allocator *a, const char *s, size_t len, int lower,
                      llmmi_u32buf *out, llmmi_u32buf *tmp, size_t *bad)
{
    llmmi_u32buf *dec = lower ? tmp : out;
    size_t need;
    int rc;
    if (!s && len) return LLMM_ENULL;
    if ((rc = llmmi_u32buf_reserve(a, dec, len ? len : 1)) != LLMM_OK) return rc;
    if ((rc = llmmi_utf8_decode(s, len, dec->p, &dec->n, bad)) != LLMM_OK) return rc;
    if (!lower) return LLMM_OK;
    if (!llmmi_mul_ok(dec->n, LLMMI_LOWER_MAX_EXPANSION, &need)) return LLMM_EOVERFLOW;
    if ((rc = llmmi_u32buf_reserve(a, out, need ? need : 1)) != LLMM_OK) return rc;
    out->n = llmmi_uc_lower(dec->p, dec->n, out->p);
    return LLMM_OK;
}

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
