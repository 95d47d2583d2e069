/* fuzz_prompt_key.c - libFuzzer target: the content-addressed prompt key on arbitrary
 * bytes. Byte 0 picks the flags (including unknown ones), byte 1 the number of parts
 * (1..3), bytes 2..3 the cut points. Invariants: a status, never a crash; LLMM_EINVAL
 * exactly for unknown flags; the key is deterministic; with whitespace normalisation
 * the key of " ".join(part.split()) equals the key of the part (the normal form is a
 * fixed point), checked for ASCII parts. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int ascii_ws(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }

/* " ".join(s.split()) for ASCII text; returns the length written to out. */
static size_t collapse_ascii(const char *s, size_t n, char *out)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        if (ascii_ws(s[i])) continue;
        if (o && ascii_ws(s[i - 1])) out[o++] = ' ';
        out[o++] = s[i];
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_str parts[3], norm[3];
    llmm_key128 k1, k2;
    unsigned flags;
    size_t n, i, at = 4, rest, j;
    int rc, ascii = 1;
    char *buf;
    if (size < 4) return 0;
    flags = data[0] & 3;
    n = 1 + data[1] % 3;
    rest = size - at;
    for (i = 0; i < n; i++) {
        size_t l = i + 1 == n ? rest : (rest ? data[2 + i] % (rest + 1) : 0);
        parts[i].ptr = (const char *)data + at;
        parts[i].len = l;
        at += l;
        rest -= l;
    }
    rc = llmm_serve_prompt_key(parts, n, flags, &k1);
    if (flags & ~llmm_prompt_key_normalize_ws()) {
        if (rc != LLMM_EINVAL) abort();
        return 0;
    }
    if (rc == LLMM_EUTF8) return 0;
    if (rc != LLMM_OK) abort();
    if (llmm_serve_prompt_key(parts, n, flags, &k2) != LLMM_OK) abort();
    if (k1.lo != k2.lo || k1.hi != k2.hi) abort();
    for (j = 4; j < size; j++) ascii &= data[j] < 0x80 && data[j] != 0x85;
    if (!(flags & llmm_prompt_key_normalize_ws()) || !ascii) return 0;
    buf = malloc(size);
    if (!buf) abort();
    for (i = 0, at = 0; i < n; i++) {
        norm[i].ptr = buf + at;
        norm[i].len = collapse_ascii(parts[i].ptr, parts[i].len, buf + at);
        at += norm[i].len;
    }
    if (llmm_serve_prompt_key(norm, n, flags, &k2) != LLMM_OK) abort();
    if (k1.lo != k2.lo || k1.hi != k2.hi) abort();
    free(buf);
    return 0;
}
