/* ngram_internal.h - what ngram.c (buffers) gives ngram_count.c (counting). */
#ifndef LLMMI_NGRAM_INTERNAL_H
#define LLMMI_NGRAM_INTERNAL_H
#include "text/ngram.h"

/* Sizes the tables and buffers for a hypothesis of n tokens, empties the sequences
 * and starts a new generation (every table slot and id is forgotten). */
int llmmi_ngram_prepare(llmmi_ngram_counter *c, size_t n, int max_order);
/* Room for n positions in q, keeping its contents. */
int llmmi_ngram_seq_reserve(const llmm_allocator *a, llmmi_ngram_seq *q, size_t n);

#endif
