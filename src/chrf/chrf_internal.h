/* chrf_internal.h - the chrF scorer object and the steps of one segment:
 * chrf_text.c decodes a segment, chrf_words.c numbers its words (chrF++),
 * gramtab.c counts n-gram matches, chrf.c drives them.
 */
#ifndef LLMMI_CHRF_INTERNAL_H
#define LLMMI_CHRF_INTERNAL_H
#include "llmm_chrf.h"

#include "chrf/gramtab.h"
#include "core/cpbuf.h"
#include <stddef.h>
#include <stdint.h>

struct llmm_chrf {
    llmm_allocator alloc;
    llmm_chrf_options opts;
    llmmi_cpbuf text, tmp;  /* decoded (and lowercased) segment, scratch */
    llmmi_cpbuf chars;      /* the characters the n-grams run over */
    llmmi_cpbuf toks;       /* start, end of each str.split() token in chars */
    llmmi_cpbuf words;      /* chrF++: word ids of the current segment */
    llmmi_cpbuf hchars, hwords; /* the hypothesis's chars and words (swapped in) */
    llmmi_gramtab cgrams;   /* character n-grams of the hypothesis */
    llmmi_gramtab vocab;    /* chrF++: trie of the hypothesis words (nodes are word ids) */
    llmmi_gramtab wgrams;   /* chrF++: word n-grams of the hypothesis */
    llmm_str *refbuf;       /* corpus path: the present references of a segment */
    size_t refbuf_cap;
};

/* Decodes segment s into c->chars and c->toks; LLMM_OK, LLMM_ENULL, LLMM_EUTF8,
 * LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_chrf_decode(llmm_chrf *c, llmm_str s);

/* The word ids of c->toks into c->words: with `hyp`, words are added to c->vocab
 * (after it is emptied); otherwise a word the hypothesis lacks gets LLMMI_GRAM_NONE. */
int llmmi_chrf_words(llmm_chrf *c, int hyp);

#endif
