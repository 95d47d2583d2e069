/* tokenizers.h - sacrebleu's tokenizers as passes over code-point strings.
 *
 * Each pass reads src[0..n) and writes dst, which must have room for 3*n + 2 code
 * points (no pass grows a string more than that); it returns the new length.
 * Regex passes reproduce Python's left-to-right, non-overlapping re.sub.
 */
#ifndef LLMMI_TOKENIZERS_H
#define LLMMI_TOKENIZERS_H
#include <stddef.h>
#include <stdint.h>

/* tokenizer_13a.py:14-32 preprocessing: <skipped>, -\n, \n, and the &-entities
 * (only when '&' occurs), then the ' {line} ' padding (:34). */
size_t llmmi_tok_13a_prepare(const uint32_t *src, size_t n, uint32_t *dst);
/* The four-regex chain of tokenizer_re.py:15-21 (shared by 13a and zh); call it
 * with pass = 0..3 in order. */
size_t llmmi_tok_re_pass(int pass, const uint32_t *src, size_t n, uint32_t *dst);
#define LLMMI_TOK_RE_PASSES 4

/* tokenizer_intl.py:35-41, pass = 0..2 in order. */
size_t llmmi_tok_intl_pass(int pass, const uint32_t *src, size_t n, uint32_t *dst);
#define LLMMI_TOK_INTL_PASSES 3

/* tokenizer_zh.py:104-110: strip(), then spaces around each "Chinese" character
 * (with the range bug of :52-53). */
size_t llmmi_tok_zh_prepare(const uint32_t *src, size_t n, uint32_t *dst);
int llmmi_tok_zh_is_chinese(uint32_t cp);

#endif
