/*
 * llmm_porter.h - the Porter stemmer exactly as NLTK 3.8's PorterStemmer() computes it
 * (default mode NLTK_EXTENSIONS, with its irregular-forms table). ROUGE (use_stemmer)
 * and METEOR use it. See docs/porter.md.
 */
#ifndef LLMM_PORTER_H
#define LLMM_PORTER_H

#include "llmm_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes llmm_porter_stem() may write for a word of `len` bytes: len + len / 2
 *  (Python's str.lower() can make UTF-8 longer, e.g. U+0130 -> "i" U+0307). */
LLMM_API size_t llmm_porter_stem_bound(size_t len);

/**
 * NLTK `PorterStemmer().stem(word, to_lowercase)`: `word` is `len` bytes of UTF-8.
 * The stem is written to `out` (`cap` bytes, not NUL-terminated) and its length to
 * *out_len. With to_lowercase (NLTK's default) the word is first lowercased with
 * Python's str.lower(). Words longer than 64 bytes borrow scratch memory from `alloc`
 * (NULL = malloc). Returns LLMM_OK, LLMM_ENULL, LLMM_EUTF8, LLMM_EBUFFER (cap below
 * llmm_porter_stem_bound(len) and too small for this stem), LLMM_ENOMEM or
 * LLMM_EOVERFLOW.
 */
LLMM_API int llmm_porter_stem(const char *word, size_t len, int to_lowercase, char *out,
                              size_t cap, size_t *out_len, const llmm_allocator *alloc);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_PORTER_H */
