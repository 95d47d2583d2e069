/* utf8.h - strict UTF-8 decoding to code points and encoding back. */
#ifndef LLMMI_UTF8_H
#define LLMMI_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decodes `len` bytes into `out` (room for at least `len` code points).
 * Returns LLMM_OK with *n_out set, or LLMM_EUTF8 with *bad (if non-NULL) set to
 * the offset of the first invalid byte. Rejects overlongs, surrogates, > U+10FFFF. */
int llmmi_utf8_decode(const char *s, size_t len, uint32_t *out, size_t *n_out, size_t *bad);

/* Decodes one code point at s[i] (i < len). Returns its byte length, or 0 if the
 * bytes there are not strict UTF-8 (overlong, surrogate, > U+10FFFF, truncated). */
static inline size_t llmmi_utf8_decode_one(const unsigned char *s, size_t len, size_t i,
                                           uint32_t *cp)
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

/* Number of bytes of the UTF-8 encoding of cp (1..4). */
static inline size_t llmmi_utf8_cp_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Encodes cp at dst (room for 4 bytes); returns the number of bytes written. */
size_t llmmi_utf8_encode(uint32_t cp, char *dst);

#endif
