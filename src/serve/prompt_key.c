/* prompt_key.c - content-addressed prompt keys: XXH3-128 over a canonical form.
 *
 * Canonical form (version 1), hashed with XXH3_128bits, seed 0:
 *   "LLMMPK1\0" (8 bytes), flags (1 byte),
 *   for each part: its bytes (whitespace-normalized with LLMM_PROMPT_KEY_NORMALIZE_WS),
 *                  then their length as u64 little-endian,
 *   the number of parts as u64 little-endian.
 * Lengths follow the bytes, so the encoding is injective (read it from the end) and
 * can be hashed in one streaming pass. Normalization is Python's " ".join(s.split()):
 * runs of str.isspace() code points become one U+0020, leading/trailing ones vanish. */
#define XXH_STATIC_LINKING_ONLY
#include "llmm_serve.h"
#include "core/serial.h"
#include "core/unicode.h"
#include <string.h>
#include <xxhash.h>

unsigned llmm_prompt_key_normalize_ws(void) { return LLMM_PROMPT_KEY_NORMALIZE_WS; }

/* Decodes the code point at s (already validated UTF-8); returns its length. */
static size_t next_cp(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] < 0xE0) {
        *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (s[0] < 0xF0) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
          (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    return 4;
}

/* Streams the normalized part into the hash; returns the number of bytes hashed. */
static uint64_t hash_normalized(XXH3_state_t *st, const unsigned char *s, size_t len)
{
    size_t i = 0, run_start = 0;
    uint64_t n = 0;
    int pending_space = 0, emitted = 0;
    while (i < len) {
        uint32_t cp;
        size_t l = next_cp(s + i, &cp);
        if (llmmi_uc_is_space(cp)) {
            /* flush the non-space run before it */
            if (i > run_start) {
                XXH3_128bits_update(st, s + run_start, i - run_start);
                n += i - run_start;
            }
            pending_space = emitted;
            run_start = i + l;
        } else if (pending_space) {
            XXH3_128bits_update(st, " ", 1);
            n++;
            pending_space = 0;
        }
        if (!llmmi_uc_is_space(cp)) emitted = 1;
        i += l;
    }
    if (len > run_start) {
        XXH3_128bits_update(st, s + run_start, len - run_start);
        n += len - run_start;
    }
    return n;
}

int llmm_serve_prompt_key(const llmm_str *parts, size_t n_parts, unsigned flags, llmm_key128 *out)
{
    static const unsigned char tag[8] = {'L', 'L', 'M', 'M', 'P', 'K', '1', 0};
    XXH3_state_t st;
    XXH128_hash_t h;
    unsigned char buf[8], fl;
    size_t i;
    int rc;
    if (!out || (!parts && n_parts)) return LLMM_ENULL;
    if (flags & ~LLMM_PROMPT_KEY_NORMALIZE_WS) return LLMM_EINVAL;
    for (i = 0; i < n_parts; i++) {
        if (!parts[i].ptr && parts[i].len) return LLMM_ENULL;
        if ((rc = llmm_utf8_validate(parts[i].ptr, parts[i].len, NULL))) return rc;
    }
    XXH3_INITSTATE(&st);
    XXH3_128bits_reset(&st);
    XXH3_128bits_update(&st, tag, sizeof tag);
    fl = (unsigned char)flags;
    XXH3_128bits_update(&st, &fl, 1);
    for (i = 0; i < n_parts; i++) {
        uint64_t n;
        if (flags & LLMM_PROMPT_KEY_NORMALIZE_WS) {
            n = hash_normalized(&st, (const unsigned char *)parts[i].ptr, parts[i].len);
        } else {
            if (parts[i].len) XXH3_128bits_update(&st, parts[i].ptr, parts[i].len);
            n = parts[i].len;
        }
        llmmi_put_u64(buf, n);
        XXH3_128bits_update(&st, buf, 8);
    }
    llmmi_put_u64(buf, (uint64_t)n_parts);
    XXH3_128bits_update(&st, buf, 8);
    h = XXH3_128bits_digest(&st);
    out->lo = h.low64;
    out->hi = h.high64;
    return LLMM_OK;
}

int llmm_key128_hex(const llmm_key128 *key, char *out)
{
    static const char hex[] = "0123456789abcdef";
    int i;
    if (!key || !out) return LLMM_ENULL;
    for (i = 0; i < 16; i++) {
        out[i] = hex[(key->hi >> (60 - 4 * i)) & 0xF];
        out[16 + i] = hex[(key->lo >> (60 - 4 * i)) & 0xF];
    }
    out[32] = '\0';
    return LLMM_OK;
}
