/* tokenizers.h - sacrebleu's tokenizers over code-point strings. */
#ifndef LLMMI_TOKENIZERS_H
#define LLMMI_TOKENIZERS_H
#include <stddef.h>
#include <stdint.h>

/* tokenizer_13a.py:14-32 preprocessing: <skipped>, -\n, \n, and the &-entities
 * when '&' occurs. Only needed when the raw UTF-8 holds one of '<', '\n', '&'
 * (llmmi_tok_13a_needs_prepare). Writes dst (room for n), returns the new length.
 * The ' {line} ' padding is done by the stream. */
int llmmi_tok_13a_needs_prepare(const char *utf8, size_t len);
size_t llmmi_tok_13a_prepare(const uint32_t *src, size_t n, uint32_t *dst);

/* tokenizer_zh.py:45-68 membership test, with its range bug (see tok_zh.c). */
int llmmi_tok_zh_is_chinese(uint32_t cp);

enum {
    LLMMI_STREAM_NONE,
    LLMMI_STREAM_13A,
    LLMMI_STREAM_INTL,
    LLMMI_STREAM_CHAR,
    LLMMI_STREAM_ZH
};

/* Tokenizes s[0..n) with the given regex chain and splits it like str.split():
 * token code points are appended at arena[arena_n..], tokens appended at
 * tok_off/tok_len[*ntok..]. The caller reserves room: 3n + 2 code points in the
 * arena and 3n/2 + 2 tokens. Returns the new arena fill. */
size_t llmmi_tok_stream(int kind, const uint32_t *s, size_t n, uint32_t *arena, size_t arena_n,
                        size_t *tok_off, uint32_t *tok_len, size_t *ntok);

/* The 13a tokenizer on UTF-8 when no lowercasing is asked: the tokens of decoding
 * s[0..len), rstrip() and llmmi_tok_stream(LLMMI_STREAM_13A), in one pass. The caller
 * reserves room for len code points at arena[*arena_n..] and len + 2 tokens at
 * tok_off/tok_len[*ntok..]. Returns LLMM_OK (advancing *arena_n and *ntok), LLMM_EUTF8
 * with *bad set to the offset of the first invalid byte, or LLMMI_TOK_13A_PREPARE
 * (nothing advanced) when it meets '&', '<' or '\n': the string then needs
 * llmmi_tok_13a_prepare() first (checking for them here saves a scan of every
 * string). */
#define LLMMI_TOK_13A_PREPARE 1
int llmmi_tok_13a_utf8(const char *s, size_t len, uint32_t *arena, size_t *arena_n,
                       size_t *tok_off, uint32_t *tok_len, size_t *ntok, size_t *bad);

#endif
