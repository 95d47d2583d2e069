/* utf8.c - strict UTF-8 validation, decoding and encoding (RFC 3629). */
#include "utf8.h"
#include "llmm_common.h"
#include <string.h>

/* Strict decoding with the common cases inline: ASCII eight bytes per test, then
 * two-, three- and four-byte sequences. Returns the number of code points, or
 * (size_t)-1 on invalid input (decode_locate() then finds the byte). */
static inline size_t decode_fast(const unsigned char *s, size_t len, uint32_t *out)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            while (i + 8 <= len) {
                uint64_t w;
                size_t k;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ull) break;
                for (k = 0; k < 8; k++) out[n + k] = s[i + k];
                n += 8;
                i += 8;
            }
            while (i < len && s[i] < 0x80) out[n++] = s[i++];
        } else if (c < 0xE0) {
            unsigned d;
            uint32_t cp;
            if (c < 0xC2 || i + 1 >= len || ((d = s[i + 1]) & 0xC0) != 0x80) return (size_t)-1;
            cp = (uint32_t)(c & 0x1F) << 6 | (d & 0x3F);
            out[n++] = cp;
            i += 2;
        } else if (c < 0xF0) {
            uint32_t cp;
            if (i + 2 >= len || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return (size_t)-1;
            out[n++] = cp;
            i += 3;
        } else {
            uint32_t cp;
            if (c > 0xF4 || i + 3 >= len || (s[i + 1] & 0xC0) != 0x80 ||
                (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                 (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
            if (cp < 0x10000 || cp > 0x10FFFF) return (size_t)-1;
            out[n++] = cp;
            i += 4;
        }
    }
    return n;
}

/* Offset of the first invalid byte (the input is known to be invalid). */
static size_t decode_locate(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t step = llmmi_utf8_decode_one(s, len, i, &cp);
        if (!step) return i;
        i += step;
    }
    return len;
}

int llmmi_utf8_decode(const char *str, size_t len, uint32_t *out, size_t *n_out, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = len ? decode_fast(s, len, out) : 0;
    if (n == (size_t)-1) {
        if (bad) *bad = decode_locate(s, len);
        return LLMM_EUTF8;
    }
    *n_out = n;
    return LLMM_OK;
}

size_t llmmi_utf8_encode(uint32_t cp, char *dst)
{
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int llmm_utf8_validate(const char *ptr, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)ptr;
    size_t i = 0;
    if (!ptr && len) return LLMM_ENULL;
    while (i < len) {
        uint32_t cp;
        size_t step;
        if (s[i] < 0x80) { i++; continue; }
        step = llmmi_utf8_decode_one(s, len, i, &cp);
        if (!step) {
            if (bad_offset) *bad_offset = i;
            return LLMM_EUTF8;
        }
        i += step;
    }
    return LLMM_OK;
}
