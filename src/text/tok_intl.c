/* tok_intl.c - sacrebleu's intl tokenizer (mteval-v14 international,
 * tokenizer_intl.py:35-41), with the regex module's Unicode 15.0 categories. */
#include "tokenizers.h"
#include "core/unicode.h"

size_t llmmi_tok_intl_pass(int pass, const uint32_t *src, size_t n, uint32_t *dst)
{
    size_t i = 0, o = 0;
    switch (pass) {
    case 0: /* (\P{N})(\p{P}) -> '\1 \2 ' */
        while (i < n) {
            if (i + 1 < n && !llmmi_uc_is_number(src[i]) && llmmi_uc_is_punct(src[i + 1])) {
                dst[o++] = src[i];
                dst[o++] = ' ';
                dst[o++] = src[i + 1];
                dst[o++] = ' ';
                i += 2;
            } else {
                dst[o++] = src[i++];
            }
        }
        return o;
    case 1: /* (\p{P})(\P{N}) -> ' \1 \2' */
        while (i < n) {
            if (i + 1 < n && llmmi_uc_is_punct(src[i]) && !llmmi_uc_is_number(src[i + 1])) {
                dst[o++] = ' ';
                dst[o++] = src[i];
                dst[o++] = ' ';
                dst[o++] = src[i + 1];
                i += 2;
            } else {
                dst[o++] = src[i++];
            }
        }
        return o;
    default: /* (\p{S}) -> ' \1 ' */
        for (i = 0; i < n; i++) {
            if (llmmi_uc_is_symbol(src[i])) {
                dst[o++] = ' ';
                dst[o++] = src[i];
                dst[o++] = ' ';
            } else {
                dst[o++] = src[i];
            }
        }
        return o;
    }
}
