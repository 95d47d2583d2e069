/* ter_tokenizer.h - sacrebleu's TercomTokenizer (tokenizers/tokenizer_ter.py) as
 * TER._preprocess_segment calls it: tokenizer(sent.rstrip()), then str.split(). */
#ifndef LLMMI_TER_TOKENIZER_H
#define LLMMI_TER_TOKENIZER_H
#include "text/textbuf.h"
#include "llmm_common.h"

typedef struct llmmi_ter_tok_opts {
    int normalized, no_punct, asian_support, case_sensitive;
} llmmi_ter_tok_opts;

typedef struct llmmi_ter_span {
    size_t off, len;
} llmmi_ter_span;

typedef struct llmmi_ter_tokens {
    llmmi_cpbuf buf[2];   /* ping-pong buffers of the rewriting passes */
    const uint32_t *text;  /* the final string: buf[cur].p */
    int cur;
    llmmi_ter_span *tok;   /* token k = text[tok[k].off .. tok[k].off + tok[k].len) */
    size_t n, cap;
} llmmi_ter_tokens;

void llmmi_ter_tokens_free(const llmm_allocator *a, llmmi_ter_tokens *t);
/* Tokenizes one segment into t (replacing its tokens). With `twice`, the tokenizer
 * runs a second time on its own output, as sacrebleu does for references (see
 * ter.c). LLMM_OK, LLMM_EUTF8 (first bad byte in *bad), LLMM_ENOMEM or
 * LLMM_EOVERFLOW. */
int llmmi_ter_tokenize(const llmm_allocator *a, const llmmi_ter_tok_opts *o, const char *s,
                       size_t len, int twice, llmmi_ter_tokens *t, size_t *bad);

#endif
