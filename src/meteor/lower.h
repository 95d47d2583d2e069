/* lower.h - Python's str.lower() on UTF-8 (NLTK's default METEOR preprocess and the
 * lemma.lower() of WordNetCorpusReader.synsets). */
#ifndef LLMMI_LOWER_H
#define LLMMI_LOWER_H
#include <stddef.h>
#include <stdint.h>

/* Bytes llmmi_utf8_lower() may write for `len` input bytes: lowering never grows a
 * character's UTF-8 by more than half (U+023A -> U+2C65, U+0130 -> "i" U+0307). */
#define LLMMI_LOWER_BOUND(len) ((len) + (len) / 2)

/* str.lower() of `len` bytes of UTF-8 at s into out (room for LLMMI_LOWER_BOUND(len)).
 * ASCII input is mapped directly; otherwise `cps` (room for 4 * len code points) is
 * used as scratch. Returns LLMM_OK or LLMM_EUTF8. */
int llmmi_utf8_lower(const char *s, size_t len, uint32_t *cps, char *out, size_t *out_len);

#endif
