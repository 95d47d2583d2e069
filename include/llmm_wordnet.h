/*
 * llmm_wordnet.h - a compact in-memory index of a WordNet 3.0 database (the WNDB files
 * Debian's `wordnet-base` installs under /usr/share/wordnet), answering what NLTK 3.8's
 * WordNetCorpusReader answers for METEOR: `synsets(word)` with `morphy` (exception
 * lists and detachment rules), and the lemma names of each synset. See docs/wordnet.md.
 *
 * The library does no I/O: the caller reads the twelve database files and hands their
 * bytes to llmm_wordnet_build(). The index can be saved as one binary blob
 * (llmm_wordnet_save) and loaded back (llmm_wordnet_load) in milliseconds; a loaded blob
 * is validated (envelope, checksum, format version, every count and offset), so a
 * truncated, corrupted or foreign blob is rejected with a status, never read out of
 * bounds.
 *
 * A built or loaded index is immutable: every query is thread-safe.
 */
#ifndef LLMM_WORDNET_H
#define LLMM_WORDNET_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parts of speech in NLTK's POS_LIST order (the order synsets() visits them). */
typedef enum llmm_wordnet_pos {
    LLMM_WN_NOUN = 0,
    LLMM_WN_VERB = 1,
    LLMM_WN_ADJ = 2,
    LLMM_WN_ADV = 3
} llmm_wordnet_pos;
#define LLMM_WN_N_POS 4
LLMM_API int llmm_wordnet_n_pos(void); /* twin of LLMM_WN_N_POS */

/* The three kinds of database file, per part of speech. */
typedef enum llmm_wordnet_file_kind {
    LLMM_WN_FILE_INDEX = 0, /* index.noun ... index.adv */
    LLMM_WN_FILE_DATA = 1,  /* data.noun ... data.adv */
    LLMM_WN_FILE_EXC = 2    /* noun.exc ... adv.exc */
} llmm_wordnet_file_kind;

/** The database file name of a kind and part of speech ("index.noun", "data.adj",
 *  "verb.exc", ...), or NULL for an out-of-range argument. */
LLMM_API const char *llmm_wordnet_file_name(int kind, int pos);

/** The contents of the twelve files, indexed by llmm_wordnet_pos. */
typedef struct llmm_wordnet_files {
    llmm_str index[LLMM_WN_N_POS];
    llmm_str data[LLMM_WN_N_POS];
    llmm_str exc[LLMM_WN_N_POS];
} llmm_wordnet_files;

/** Where llmm_wordnet_build() found a malformed line (1-based; 0 = not a line). */
typedef struct llmm_wordnet_error {
    int kind;    /* llmm_wordnet_file_kind */
    int pos;     /* llmm_wordnet_pos */
    size_t line; /* for data files: the line an index offset points to */
} llmm_wordnet_error;

typedef struct llmm_wordnet llmm_wordnet;

/**
 * Parses the database files into an index. `alloc` NULL means malloc; the index keeps
 * a copy of it. Returns LLMM_OK, LLMM_ENULL, LLMM_EFORMAT (a malformed line: NLTK's
 * reader would raise WordNetError, or an index offset that does not lead to its synset
 * line; `where`, if non-NULL, says which), LLMM_ENOMEM or LLMM_EOVERFLOW (a file over
 * 4 GiB or over 2^31 strings).
 */
LLMM_API int llmm_wordnet_build(llmm_wordnet **out, const llmm_wordnet_files *files,
                                const llmm_allocator *alloc, llmm_wordnet_error *where);

/** Bytes llmm_wordnet_save() writes. */
LLMM_API size_t llmm_wordnet_blob_size(const llmm_wordnet *wn);
/** Writes the index as one blob (the serialization envelope of docs/serialization.md,
 *  kind "wordnet"; layout in docs/wordnet.md). LLMM_EBUFFER if cap is too small. */
LLMM_API int llmm_wordnet_save(const llmm_wordnet *wn, void *buf, size_t cap, size_t *written);
/** Loads a saved blob (copied: `buf` need not outlive the call). Returns LLMM_OK,
 *  LLMM_ENULL, LLMM_EFORMAT, LLMM_EVERSION or LLMM_ENOMEM. */
LLMM_API int llmm_wordnet_load(llmm_wordnet **out, const void *buf, size_t len,
                               const llmm_allocator *alloc);
/** Frees an index; NULL is a no-op. */
LLMM_API void llmm_wordnet_free(llmm_wordnet *wn);

typedef struct llmm_wordnet_info {
    uint64_t fingerprint;   /* XXH3-64 over the twelve source files (docs/wordnet.md):
                               identifies the database an index was built from */
    uint32_t format_version;/* blob layout version (LLMM_WORDNET_FORMAT_VERSION) */
    size_t n_strings;       /* distinct strings (lemmas, lemma names, exception forms) */
    size_t n_lemmas;        /* distinct lemmas of the index files */
    size_t n_senses;        /* (lemma, part of speech, synset) entries */
    size_t n_synsets;
    size_t n_lemma_names;   /* lemma entries of all synsets */
    size_t n_exceptions;    /* (form, part of speech) exception entries */
    size_t blob_size;
} llmm_wordnet_info;

#define LLMM_WORDNET_FORMAT_VERSION 1
LLMM_API unsigned llmm_wordnet_format_version(void); /* twin */

LLMM_API int llmm_wordnet_get_info(const llmm_wordnet *wn, llmm_wordnet_info *out);

/** A synset: its part of speech as its data line spells it ('n', 'v', 'a', 's' for an
 *  adjective satellite, 'r'), its byte offset in the data file, and a handle for
 *  llmm_wordnet_lemma_names(). */
typedef struct llmm_wordnet_synset {
    uint32_t id;
    uint32_t offset;
    char pos;
} llmm_wordnet_synset;

/*
 * The queries below fill an array of `cap` entries and store the full count in *n.
 * When cap < *n they return LLMM_EBUFFER having written the first `cap` entries (call
 * again with more room). Returned strings point into the index (valid until it is
 * freed; not NUL-terminated).
 */

/** NLTK `wordnet.synsets(word)` (all parts of speech, lang="eng"): the word is lowered
 *  with Python's str.lower(), then for each part of speech in POS_LIST order, for each
 *  form morphy finds, the synsets of that lemma in index-file order. Duplicates are
 *  kept, as NLTK keeps them. LLMM_EUTF8 for invalid UTF-8. */
LLMM_API int llmm_wordnet_synsets(const llmm_wordnet *wn, const char *word, size_t len,
                                  llmm_wordnet_synset *out, size_t cap, size_t *n);

/** NLTK `WordNetCorpusReader._morphy(form, pos)`: the base forms of `form` (taken as
 *  is, not lowered) that are lemmas of that part of speech, in NLTK's order. */
LLMM_API int llmm_wordnet_morphy(const llmm_wordnet *wn, const char *form, size_t len,
                                 int pos, llmm_str *out, size_t cap, size_t *n);

/** `synset.lemma_names()`: the synset's lemma names, syntactic markers such as "(a)"
 *  removed, case and underscores kept. LLMM_ERANGE for an unknown id. */
LLMM_API int llmm_wordnet_lemma_names(const llmm_wordnet *wn, uint32_t synset_id,
                                      llmm_str *out, size_t cap, size_t *n);

/** METEOR's synonym set of a word without the word itself (NLTK meteor_score.py
 *  _enum_wordnetsyn_match): the distinct lemma names without '_' of every synset of
 *  synsets(word), in byte order. */
LLMM_API int llmm_wordnet_synonyms(const llmm_wordnet *wn, const char *word, size_t len,
                                   llmm_str *out, size_t cap, size_t *n);

LLMM_API size_t llmm_wordnet_files_size(void);
LLMM_API size_t llmm_wordnet_info_size(void);
LLMM_API size_t llmm_wordnet_synset_size(void);
LLMM_API size_t llmm_wordnet_error_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_WORDNET_H */
