/* tok_stream.c - sacrebleu's tokenizers over code points: the 13a, zh and intl regex
 * chains of tok_chain.h, and the char and none tokenizers, straight into str.split()
 * tokens. */
#include "tok_chain.h"

size_t llmmi_tok_stream(int kind, const uint32_t *s, size_t n, uint32_t *arena, size_t arena_n,
                        size_t *tok_off, uint32_t *tok_len, size_t *ntok)
{
    chain ch;
    size_t i, b = 0;
    chain_init(&ch, arena, arena_n, tok_off, tok_len, *ntok);
    switch (kind) {
    case LLMMI_STREAM_13A: /* tokenizer_13a.py:34 pads with one space each side */
        re1_push(&ch, ' ');
        for (i = 0; i < n; i++) re1_push(&ch, s[i]);
        re1_push(&ch, ' ');
        re_flush(&ch);
        break;
    case LLMMI_STREAM_ZH:
        /* tokenizer_zh.py:104 line.strip(); :106-110 spaces around Chinese
         * characters; then the regex chain without padding (:111-119). */
        while (b < n && is_space(s[b])) b++;
        while (n > b && is_space(s[n - 1])) n--;
        for (i = b; i < n; i++) {
            if (llmmi_tok_zh_is_chinese(s[i])) {
                re1_push(&ch, ' ');
                re1_push(&ch, s[i]);
                re1_push(&ch, ' ');
            } else {
                re1_push(&ch, s[i]);
            }
        }
        re_flush(&ch);
        break;
    case LLMMI_STREAM_INTL:
        for (i = 0; i < n; i++) intl1_push(&ch, s[i]);
        intl_flush(&ch);
        break;
    case LLMMI_STREAM_CHAR: /* tokenizer_char.py:19 " ".join(line), then split() */
        for (i = 0; i < n; i++) {
            split_push(&ch, s[i]);
            split_end_token(&ch);
        }
        break;
    default: /* none: split() only */
        for (i = 0; i < n; i++) split_push(&ch, s[i]);
        split_end_token(&ch);
        break;
    }
    *ntok = ch.ntok;
    return ch.n;
}
