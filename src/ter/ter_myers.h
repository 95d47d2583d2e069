/* ter_myers.h - exact Levenshtein distance with Myers / Hyyro bit vectors, used to
 * score TER shift candidates where it provably equals sacrebleu's beam-restricted
 * distance (see ter_core.c). The reference is the bit-vector dimension (at most
 * LLMMI_MYERS_MAX_WORDS * 64 words), the hypothesis is processed word by word, and
 * the column after each hypothesis prefix is kept so that a candidate that shares a
 * prefix with the current hypothesis starts from there. */
#ifndef LLMMI_TER_MYERS_H
#define LLMMI_TER_MYERS_H
#include <stddef.h>
#include <stdint.h>

#define LLMMI_MYERS_MAX_WORDS 4

typedef struct llmmi_myers {
    size_t m, w;            /* reference length, 64-bit words per column */
    uint64_t *peq;          /* peq[id * w ..]: reference positions holding word id */
    size_t n_ids;           /* rows of peq: hypothesis ids are < n_ids */
    uint64_t *vp, *vn;      /* column after i hypothesis words: vp[i * w ..] */
    int32_t *score;         /* score[i] = distance(hyp[0..i), ref) */
    uint64_t *tmp;          /* 2 * w scratch words */
} llmmi_myers;

/* Fills peq from the reference (ids >= n_ids never match) and row 0. */
void llmmi_myers_init(llmmi_myers *my, const uint32_t *ref);
/* Columns from..n of `words` (a hypothesis of n words). With r <= n, stops after a
 * column i >= r equal to the stored one: the words from r on are the ones the
 * stored columns were computed with, so the rest is unchanged. */
void llmmi_myers_rows(llmmi_myers *my, const uint32_t *words, size_t from, size_t n, size_t r);
/* Distance of cand (n words) that equals the stored hypothesis outside [q, r). */
int32_t llmmi_myers_cand(llmmi_myers *my, const uint32_t *cand, size_t n, size_t q, size_t r);

#endif
