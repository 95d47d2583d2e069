/* porter.h - NLTK's PorterStemmer() (mode NLTK_EXTENSIONS, NLTK 3.8), shared by ROUGE and
 * METEOR.
 *
 * The algorithm works on code points: NLTK stems Python str objects, so lengths,
 * "double consonant" and the consonant/vowel pattern are per code point. Every code
 * point other than a, e, i, o, u, y is a consonant (NLTK's _is_consonant).
 */
#ifndef LLMMI_PORTER_H
#define LLMMI_PORTER_H
#include <stddef.h>
#include <stdint.h>

/* Code points of scratch llmmi_porter_stem_utf8() needs for an input of `len` bytes:
 * the decoded word plus its lowercase form (str.lower() may expand, see unicode.h). */
#define LLMMI_PORTER_SCRATCH(len) (4 * (len))

/* NLTK PorterStemmer.stem() on a word given as code points.
 *   orig, n_orig: the word as passed to stem() (the irregular-forms lookup and the
 *                 "two characters or fewer" rule look at it, porter.py:658-667);
 *   w, n:         the word after the optional lowercasing; stemmed in place.
 * `orig` may alias `w` (it is only read before `w` is written). Returns the length of
 * the stem, which is never longer than n. */
size_t llmmi_porter_stem_cp(const uint32_t *orig, size_t n_orig, uint32_t *w, size_t n);

/* Stem of a word made only of lowercase ASCII letters and digits (ROUGE's tokens), no
 * lowercasing needed: writes at most n bytes to out (may alias in), using `scratch`
 * (room for n code points). Returns the stem length. */
size_t llmmi_porter_stem_ascii(const char *in, size_t n, char *out, uint32_t *scratch);

/* stem(word, to_lowercase) on UTF-8: `scratch` holds LLMMI_PORTER_SCRATCH(len) code
 * points; `out` has room for len + len / 2 bytes (len bytes when !to_lowercase).
 * Returns LLMM_OK or LLMM_EUTF8. */
int llmmi_porter_stem_utf8(const char *in, size_t len, int to_lowercase, char *out,
                           size_t *out_len, uint32_t *scratch);

#endif
