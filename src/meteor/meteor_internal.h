/* meteor_internal.h - the METEOR scorer: a word cache plus per-segment scratch. */
#ifndef LLMMI_METEOR_INTERNAL_H
#define LLMMI_METEOR_INTERNAL_H
#include "llmm_meteor.h"
#include "shortmap.h"
#include "strtab.h"
#include "wordnet_internal.h"
#include <stddef.h>
#include <stdint.h>

#define MET_UNSET (UINT32_MAX - 1) /* a lazily computed field not computed yet */
#define MET_NONE UINT32_MAX

/* What the cache knows about one string (a raw token, its lower case, a stem). */
typedef struct met_word {
    uint32_t lower;     /* id of str.lower() of this string */
    uint32_t stem;      /* id of PorterStemmer().stem() of this (lowered) string */
    uint32_t wn;        /* WordNet string id of this string, or MET_NONE (MET_UNSET: not
                           looked up yet) */
    uint32_t syn_start; /* synonym set (WordNet string ids of the lemma names) in
                           syn[syn_start ..] */
    uint32_t syn_n;     /* MET_UNSET until computed */
} met_word;

/* One key of the synonym stage's per-pair table: a WordNet string id and the stack of
 * the remaining reference positions whose stem is that string. */
typedef struct met_wkey {
    uint32_t key;  /* MET_NONE = empty slot */
    uint32_t head;
} met_wkey;

typedef struct met_buf {
    void *p;
    size_t cap; /* elements */
} met_buf;

/* One side of a pair: lowered-word ids per token, the alignment, and stem ids (set by
 * the stem stage for the tokens the exact stage left unmatched; others are not read). */
typedef struct met_side {
    uint32_t *low, *stem, *link; /* link: index of the matched token of the other side;
                                    one allocation of 3 * cap entries starting at low */
    size_t n, cap;
} met_side;

/* The stack of reference positions of one key: valid in the current generation only. */
typedef struct met_stack {
    uint32_t head;  /* top position, MET_NONE = empty */
    uint32_t stamp; /* generation that wrote head */
} met_stack;

struct llmm_meteor {
    llmm_allocator alloc;
    llmm_meteor_options opts;
    llmmi_strtab words;
    llmmi_shortmap tokens;  /* raw tokens of at most 16 bytes -> lowered-word id */
    met_word *info;
    size_t info_cap;
    uint32_t *syn;          /* synonym sets, back to back */
    size_t syn_n, syn_cap;
    met_side hyp, ref;
    uint32_t *next;         /* per reference token: next lower position with the same key */
    size_t next_cap;
    uint32_t *left;         /* leftover positions: hypothesis ones, then reference ones */
    size_t left_cap;
    met_stack *stack;       /* per cache word */
    size_t stack_cap;
    met_wkey *wtab;         /* synonym stage: open addressing on WordNet ids */
    size_t wtab_cap;
    uint32_t gen;
    char *text;             /* lowered word / stem being computed */
    size_t text_cap;
    uint32_t *cps;          /* code point scratch */
    size_t cps_cap;
    llmmi_wn_scratch wn_scratch;
};

/* Lowered-word ids of n tokens into side->low; resets the side. Token i is
 * base[offsets[i] .. offsets[i+1]) (offsets non-decreasing). Returns LLMM_OK, LLMM_EUTF8,
 * LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_met_load_side(llmm_meteor *m, met_side *side, const char *base, const size_t *offsets,
                        size_t n);
/* The same for the str.split() tokens of len bytes at p (LLMM_ENULL for NULL, len > 0). */
int llmmi_met_load_text(llmm_meteor *m, met_side *side, const char *p, size_t len);
/* The same for n NUL-terminated tokens starting at *p (< end); *p moves past them.
 * LLMM_EINVAL when a token has no NUL before end. */
int llmmi_met_load_packed(llmm_meteor *m, met_side *side, const char **p, const char *end,
                          size_t n);

/* Stem id of a lowered-word id: computes m->info[low].stem (when MET_UNSET). */
int llmmi_met_stem(llmm_meteor *m, uint32_t low);
/* Synonym set of a stem id as WordNet string ids: computes m->info[stem].syn_start and
 * syn_n (when syn_n is MET_UNSET), the set being m->syn[syn_start .. syn_start + syn_n). */
int llmmi_met_synonyms(llmm_meteor *m, uint32_t stem);
/* WordNet string id of a cache word (MET_NONE when the index has no such string). */
static inline uint32_t llmmi_met_wn_id(llmm_meteor *m, uint32_t id)
{
    if (m->info[id].wn == MET_UNSET) {
        size_t len;
        const char *s = llmmi_strtab_str(&m->words, id, &len);
        uint32_t w = llmmi_wn_lookup(m->opts.wordnet, s, len);
        m->info[id].wn = w == WN_NONE ? MET_NONE : w;
    }
    return m->info[id].wn;
}

/* Forgets the cache when it holds more than opts.cache_words words. */
void llmmi_met_maybe_reset(llmm_meteor *m);

/* Aligns m->hyp with m->ref (both loaded) and scores the pair into *out. */
int llmmi_met_pair(llmm_meteor *m, llmm_meteor_result *out);

/* NLTK's arithmetic on the counts (meteor_score.py:334-344). */
int llmmi_met_formula(const llmm_meteor_options *o, size_t matches, size_t hyp_len,
                      size_t ref_len, size_t chunks, double *score);

#endif
