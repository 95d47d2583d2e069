/* textbuf.h - growable code-point buffers and the decode (+ str.lower()) step shared
 * by chrF and TER. Kept in src/chrf/ until the text helpers are unified. */
#ifndef LLMMI_TEXTBUF_H
#define LLMMI_TEXTBUF_H
#include "core/unicode.h"
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

typedef struct llmmi_u32buf {
    uint32_t *p;
    size_t n, cap;
} llmmi_u32buf;

/* Ensures room for `need` code points (contents kept). */
int llmmi_u32buf_reserve(const llmm_allocator *a, llmmi_u32buf *b, size_t need);
void llmmi_u32buf_free(const llmm_allocator *a, llmmi_u32buf *b);

/* Decodes `len` bytes of UTF-8 into out (replacing its contents); with `lower`,
 * applies Python's str.lower() to the whole string (tmp is scratch). Returns LLMM_OK,
 * LLMM_EUTF8 (offset of the first bad byte in *bad), LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_text_decode(const llmm_allocator *a, const char *s, size_t len, int lower,
                      llmmi_u32buf *out, llmmi_u32buf *tmp, size_t *bad);

/* Decodes like llmmi_text_decode (no lowercasing) but drops every str.isspace()
 * character: ''.join(s.split()) in one pass. */
int llmmi_text_decode_nospace(const llmm_allocator *a, const char *s, size_t len,
                              llmmi_u32buf *out, size_t *bad);

/* Python str.isspace(): a bit table below U+0100; none in U+0100..U+167F. Computed
 * without a branch on cp < 0x100, which mixed-script text would mispredict. */
static inline int llmmi_py_isspace(uint32_t cp)
{
    /* below U+0100: \t \n \v \f \r, \x1c-\x1f, space, U+0085, U+00A0 */
    static const uint64_t latin1[4] = {0x1F0003E00ull, 0, 0x100000020ull, 0};
    int r = (int)(latin1[(cp >> 6) & 3] >> (cp & 63)) & (cp < 0x100);
    if (cp >= 0x1680) r = (llmmi_uc_props(cp) & LLMMI_UC_SPACE) != 0;
    return r;
}

/* ---- llmm_strs batches ---------------------------------------------------------- */
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
