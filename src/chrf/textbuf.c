/* textbuf.c - code-point buffers and UTF-8 decoding with optional str.lower(). */
#include "chrf/textbuf.h"

#include "core/alloc.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include <string.h>

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

/* Strict UTF-8 decoding (the rules of core/utf8.c: no overlongs, no surrogates, at
 * most U+10FFFF), with runs of ASCII copied 8 bytes per test. Returns the number of
 * code points, or (size_t)-1 on invalid input (core/utf8.c then locates the error). */
static size_t decode_fast(const unsigned char *s, size_t len, uint32_t *out, int drop_space)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            while (!drop_space && i + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ull) break;
                out[n] = s[i], out[n + 1] = s[i + 1], out[n + 2] = s[i + 2], out[n + 3] = s[i + 3];
                out[n + 4] = s[i + 4], out[n + 5] = s[i + 5], out[n + 6] = s[i + 6];
                out[n + 7] = s[i + 7];
                n += 8;
                i += 8;
            }
            while (i < len && s[i] < 0x80) {
                out[n] = s[i];
                n += !(drop_space && llmmi_py_isspace(s[i]));
                i++;
            }
        } else if (c < 0xE0) {
            unsigned d;
            uint32_t cp;
            if (c < 0xC2 || i + 1 >= len || ((d = s[i + 1]) & 0xC0) != 0x80) return (size_t)-1;
            cp = (uint32_t)(c & 0x1F) << 6 | (d & 0x3F);
            out[n] = cp;
            n += !(drop_space && llmmi_py_isspace(cp)); /* U+0085, U+00A0 */
            i += 2;
        } else if (c < 0xF0) {
            uint32_t cp;
            if (i + 2 >= len || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return (size_t)-1;
            out[n] = cp;
            n += !(drop_space && llmmi_py_isspace(cp));
            i += 3;
        } else {
            uint32_t cp;
            if (c > 0xF4 || i + 3 >= len || (s[i + 1] & 0xC0) != 0x80 ||
                (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                 (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
            if (cp < 0x10000 || cp > 0x10FFFF) return (size_t)-1;
            out[n++] = cp; /* no whitespace above U+FFFF */
            i += 4;
        }
    }
    return n;
}

int llmmi_text_decode(const llmm_allocator *a, const char *s, size_t len, int lower,
                      llmmi_u32buf *out, llmmi_u32buf *tmp, size_t *bad)
{
    llmmi_u32buf *dec = lower ? tmp : out;
    size_t need;
    int rc;
    if (!s && len) return LLMM_ENULL;
    if ((rc = llmmi_u32buf_reserve(a, dec, len ? len : 1)) != LLMM_OK) return rc;
    dec->n = len ? decode_fast((const unsigned char *)s, len, dec->p, 0) : 0;
    if (dec->n == (size_t)-1 &&
        (rc = llmmi_utf8_decode(s, len, dec->p, &dec->n, bad)) != LLMM_OK)
        return rc;
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

int llmmi_text_decode_nospace(const llmm_allocator *a, const char *s, size_t len,
                              llmmi_u32buf *out, size_t *bad)
{
    int rc;
    if (!s && len) return LLMM_ENULL;
    if ((rc = llmmi_u32buf_reserve(a, out, len ? len : 1)) != LLMM_OK) return rc;
    out->n = len ? decode_fast((const unsigned char *)s, len, out->p, 1) : 0;
    if (out->n == (size_t)-1) { /* locate the error (the strict decoder of core/) */
        rc = llmmi_utf8_decode(s, len, out->p, &out->n, bad);
        if (rc != LLMM_OK) return rc;
        return LLMM_EUTF8; /* unreachable: both decoders accept the same input */
    }
    return LLMM_OK;
}
