/* intern.h - maps code-point strings (words) to dense ids 0, 1, 2, ... for one
 * segment at a time. Open addressing keyed by a hash of the code points, confirmed by
 * comparing the code points, so ids are exact. A new segment clears the table in
 * O(1) (generation stamp) and keeps its memory. Used by TER (chrF++ numbers its
 * words with its own trie, src/chrf/chrf_words.c). */
#ifndef LLMMI_INTERN_H
#define LLMMI_INTERN_H
#include "text/textbuf.h"
#include "llmm_common.h"
#include <stddef.h>
#include <stdint.h>

#define LLMMI_INTERN_NONE UINT32_MAX

typedef struct llmmi_intern_slot {
    uint64_t hash;
    size_t off;      /* the word's code points: arena.p[off .. off + len) */
    uint32_t len;
    uint32_t id;
    uint32_t gen;    /* slot is live when gen == table gen */
} llmmi_intern_slot;

typedef struct llmmi_intern {
    llmmi_intern_slot *slots;
    size_t cap;      /* power of two (0 before the first segment) */
    uint32_t count;  /* ids handed out in this segment */
    uint32_t gen;
    llmmi_cpbuf arena;
} llmmi_intern;

void llmmi_intern_init(llmmi_intern *t);
void llmmi_intern_free(const llmm_allocator *a, llmmi_intern *t);
/* Forgets every word (new segment). */
void llmmi_intern_reset(llmmi_intern *t);
/* The id of word w[0..len). With `insert`, a new word gets the next id; without,
 * an unknown word gives LLMMI_INTERN_NONE. Returns LLMM_OK, LLMM_ENOMEM or
 * LLMM_EOVERFLOW. */
int llmmi_intern_get(const llmm_allocator *a, llmmi_intern *t, const uint32_t *w, size_t len,
                     int insert, uint32_t *id);

#endif
