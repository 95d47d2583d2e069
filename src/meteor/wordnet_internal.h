/* wordnet_internal.h - the WordNet index: one blob, shared by build, save/load and queries.
 *
 * The in-memory index IS the saved blob (envelope of core/serial.h, kind
 * LLMMI_KIND_WORDNET): llmm_wordnet_build() writes it, llmm_wordnet_load() copies and
 * validates it, llmm_wordnet_save() copies it out. Payload, all integers little-endian:
 *
 *   offset size
 *   0      4    magic "WNDX"
 *   4      4    format version (LLMM_WORDNET_FORMAT_VERSION)
 *   8      8    fingerprint of the source files
 *   16     4    n_str      distinct strings; ids [0, n_lemma) are the index-file lemmas
 *   20     4    n_lemma
 *   24     4    pool_len   bytes of string text
 *   28     4    hash_bits  the lookup table has 2^hash_bits slots (1..31)
 *   32     4    n_sense    (lemma, pos, synset) entries
 *   36     4    n_syn      synsets
 *   40     4    n_name     lemma entries of all synsets
 *   44     4    n_exc      (form, pos) exception entries
 *   48     4    n_exc_base base forms of all exception entries
 *   52     4    0
 *   56          sections, in this order (u8 sections padded with zeros to 4 bytes):
 *     str_off   u32[n_str + 1]   string i = pool[str_off[i] .. str_off[i+1])
 *     pool      u8[pool_len]
 *     str_flag  u8[n_str]        WN_FLAG_* bits
 *     slots     2^hash_bits x (u32 id, u32 tag): id 0 = empty (tag 0), else string
 *                                id + 1 and tag = low 32 bits of XXH3-64(string) (a probe
 *                                skips other strings without reading them); linear
 *                                probing from (XXH3-64(string) >> 32) & (2^hash_bits - 1)
 *     sense_off u32[4 n_lemma + 1] senses of (lemma i, pos p) =
 *                                sense[sense_off[4i+p] .. sense_off[4i+p+1])
 *     sense     u32[n_sense]     synset ids, in index-file order
 *     syn_off   u32[n_syn]       byte offset of the synset's line in data.<pos>
 *     syn_name  u32[n_syn + 1]   lemma names of synset s = name[syn_name[s] .. syn_name[s+1])
 *     name      u32[n_name]      string ids
 *     exc_key   u32[n_exc]       string id * 4 + pos, strictly increasing
 *     exc_off   u32[n_exc + 1]   bases of entry e = exc_base[exc_off[e] .. exc_off[e+1])
 *     exc_base  u32[n_exc_base]  string ids
 *     syn_pos   u8[n_syn]        the synset line's part-of-speech letter
 *
 * Load validates every count against the payload length and every offset and id
 * against its target, so queries never bounds-check (a blob that passes validation but
 * was crafted with wrong contents gives wrong answers, never out-of-bounds reads or an
 * endless probe).
 */
#ifndef LLMMI_WORDNET_INTERNAL_H
#define LLMMI_WORDNET_INTERNAL_H
#include "llmm_wordnet.h"
#include "core/serial.h"
#include <stddef.h>
#include <stdint.h>

#define WN_MAGIC "WNDX"
#define WN_HEADER 56
#define WN_FLAG_UNDERSCORE 1u /* the string contains '_' */
#define WN_FLAG_UPPER 2u      /* the string contains an ASCII capital letter */
#define WN_FLAGS_ALL 3u
#define WN_NONE UINT32_MAX

struct llmm_wordnet {
    llmm_allocator alloc;
    unsigned char *blob;   /* envelope header + payload, owned */
    size_t blob_len;
    uint64_t fingerprint;
    uint32_t n_str, n_lemma, pool_len, hash_mask, n_sense, n_syn, n_name, n_exc, n_exc_base;
    uint32_t max_len;      /* longest string (computed on attach) */
    const unsigned char *str_off, *pool, *str_flag, *slots, *sense_off, *sense, *syn_off,
        *syn_name, *name, *exc_key, *exc_off, *exc_base, *syn_pos;
};

static inline uint32_t wn_u32(const unsigned char *section, size_t i)
{
    return llmmi_get_u32(section + 4 * i);
}

/* Takes ownership of `blob` (blob_len bytes, allocated with wn->alloc) and validates it;
 * on failure the blob is freed and the status returned. */
int llmmi_wn_attach(llmm_wordnet *wn, unsigned char *blob, size_t blob_len);

/* Id of a string in the index, or WN_NONE. */
uint32_t llmmi_wn_lookup(const llmm_wordnet *wn, const char *s, size_t len);

/* A hint that the memory at addr will be read soon. */
#if defined(__GNUC__) || defined(__clang__)
#define LLMMI_PREFETCH(addr) __builtin_prefetch(addr)
#else
#define LLMMI_PREFETCH(addr) ((void)(addr))
#endif

static inline const char *llmmi_wn_str(const llmm_wordnet *wn, uint32_t id, size_t *len)
{
    uint32_t a = wn_u32(wn->str_off, id);
    *len = wn_u32(wn->str_off, (size_t)id + 1) - a;
    return (const char *)wn->pool + a;
}

/* Senses of (string id, pos): synset ids sense[*begin .. *end). */
static inline void llmmi_wn_senses(const llmm_wordnet *wn, uint32_t id, int pos, uint32_t *begin,
                                   uint32_t *end)
{
    if (id >= wn->n_lemma) {
        *begin = *end = 0;
        return;
    }
    *begin = wn_u32(wn->sense_off, 4 * (size_t)id + (size_t)pos);
    *end = wn_u32(wn->sense_off, 4 * (size_t)id + (size_t)pos + 1);
}

/* Growable scratch for morphy and synonym queries (caller-owned, reusable). */
typedef struct llmmi_wn_scratch {
    llmm_allocator alloc;
    uint64_t *level[2];     /* candidate forms of two morphy levels (see wordnet_query.c) */
    size_t level_cap[2];
    char *text;             /* one candidate form spelled out (max_len bytes) */
    size_t text_cap;
    uint32_t *mids;         /* morphy results (string ids) */
    size_t mids_cap;
    uint32_t *ids;          /* synset ids */
    size_t ids_cap;
    uint32_t *names;        /* synonym string ids */
    size_t names_cap;
    struct llmmi_wn_memo {  /* candidate forms looked up for the current word */
        uint64_t form;
        uint32_t id;        /* WN_NONE: not in the index */
    } *memo;
    size_t memo_n, memo_cap;
} llmmi_wn_scratch;

void llmmi_wn_scratch_init(llmmi_wn_scratch *s, const llmm_allocator *alloc);
void llmmi_wn_scratch_free(llmmi_wn_scratch *s);

/* NLTK _morphy(form, pos): string ids of the base forms, in NLTK's order, written to
 * s->mids[0 .. *n). Returns LLMM_OK, LLMM_ENOMEM or LLMM_EOVERFLOW. */
int llmmi_wn_morphy(const llmm_wordnet *wn, const char *form, size_t len, int pos,
                    llmmi_wn_scratch *s, size_t *n);

/* synsets(word) for a word already lowered: synset ids written to s->ids[0 .. *n)
 * (duplicates kept). */
int llmmi_wn_synsets(const llmm_wordnet *wn, const char *word, size_t len, llmmi_wn_scratch *s,
                     size_t *n);

/* METEOR's synonym set of an already lowered word: distinct string ids of the lemma
 * names without '_' of synsets(word), sorted by id, written to s->names[0 .. *n).
 * With skip_upper, names holding an ASCII capital (which no lowered word equals) are
 * left out too. */
int llmmi_wn_synonym_ids(const llmm_wordnet *wn, const char *word, size_t len, int skip_upper,
                         llmmi_wn_scratch *s, size_t *n);

#endif
