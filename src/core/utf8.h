/* utf8.h - strict UTF-8 decoding to code points and encoding back. */
#ifndef LLMMI_UTF8_H
#define LLMMI_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decodes `len` bytes into `out` (room for at least `len` code points).
 * Returns LLMM_OK with *n_out set, or LLMM_EUTF8 with *bad (if non-NULL) set to
 * the offset of the first invalid byte. Rejects overlongs, surrogates, > U+10FFFF. */
int llmmi_utf8_decode(const char *s, size_t len, uint32_t *out, size_t *n_out, size_t *bad);

/* As llmmi_utf8_decode, but Python-whitespace characters are not stored:
 * ''.join(s.split()) decoded in one pass. */
int llmmi_utf8_decode_nospace(const char *s, size_t len, uint32_t *out, size_t *n_out,
                              size_t *bad);

/* Number of bytes of the UTF-8 encoding of cp (1..4). */
static inline size_t llmmi_utf8_cp_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Encodes cp at dst (room for 4 bytes); returns the number of bytes written. */
size_t llmmi_utf8_encode(uint32_t cp, char *dst);

#endif
