/* utf8.c - strict UTF-8 validation, decoding and encoding (RFC 3629). */
#include "utf8.h"
#include "llmm_common.h"
#include <string.h>

/* Decodes one code point at s[i] (i < len). Returns its byte length, or 0 if invalid. */
static inline size_t decode_one(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned c = s[i];
    size_t n, k;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (len - i < n) return 0;
    for (k = 1; k < n; k++) {
        unsigned d = s[i + k];
        if ((d & 0xC0) != 0x80) return 0;
        v = (v << 6) | (d & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

int llmmi_utf8_decode(const char *str, size_t len, uint32_t *out, size_t *n_out, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            /* ASCII: try eight bytes at a time */
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
            continue;
        }
        /* two-byte sequences (Latin, Greek, Cyrillic, Hebrew, Arabic) inline */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            out[n++] = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            i += 2;
            continue;
        }
        {
            uint32_t cp;
            size_t step = decode_one(s, len, i, &cp);
            if (!step) {
                if (bad) *bad = i;
                return LLMM_EUTF8;
            }
            out[n++] = cp;
            i += step;
        }
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
        step = decode_one(s, len, i, &cp);
        if (!step) {
            if (bad_offset) *bad_offset = i;
            return LLMM_EUTF8;
        }
        i += step;
    }
    return LLMM_OK;
}
