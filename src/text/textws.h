/* textws.h - the text workspace shared by the word-level text metrics.
 *
 * One workspace per scorer, reused across segments (no allocation per segment in
 * steady state). A segment's strings are decoded to code points, optionally
 * lowercased (Python str.lower()), right-stripped (str.rstrip()), run through a
 * sacrebleu tokenizer and split on Python whitespace (str.split()); the resulting
 * tokens are appended to `arena` and listed in `tok_off`/`tok_len`.
 */
#ifndef LLMMI_TEXTWS_H
#define LLMMI_TEXTWS_H
#include "llmm_common.h"
#include "core/cpbuf.h"
#include <stddef.h>
#include <stdint.h>

typedef struct llmmi_textws {
    llmm_allocator alloc;
    llmmi_cpbuf scratch[2];  /* ping-pong buffers for tokenizer passes */
    llmmi_cpbuf arena;       /* code points of every token of the current segment */
    size_t *tok_off;         /* token i = arena.p[tok_off[i] .. tok_off[i] + tok_len[i]) */
    uint32_t *tok_len;
    size_t ntok, tok_off_cap, tok_len_cap;
} llmmi_textws;

void llmmi_textws_init(llmmi_textws *ws, const llmm_allocator *alloc);
void llmmi_textws_free(llmmi_textws *ws);
/* Forgets the tokens of the previous segment (keeps the memory). */
void llmmi_textws_reset(llmmi_textws *ws);

/* Tokenizes one string as sacrebleu's BLEU preprocesses a segment
 * (bleu.py _preprocess_segment: lower if asked, rstrip, tokenizer, then split())
 * and appends its tokens. *first receives the index of the first new token.
 * Returns LLMM_OK, LLMM_EUTF8 (with *bad_offset), LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_textws_tokenize(llmmi_textws *ws, int tokenizer, int lowercase, const char *s,
                          size_t len, size_t *first, size_t *bad_offset);

#endif
