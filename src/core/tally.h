/* tally.h - counts of small composite keys over int32 columns in one read of the data,
 * validating as it goes (the unweighted confusion counts of src/fair/ and src/class/).
 *
 * The key of element i is (c[i] * k + a[i]) * k + b[i] (c NULL: a[i] * k + b[i]); an
 * element is valid when a[i] and b[i] are in [0, k) and c[i] in [0, c_lim), read as
 * unsigned so negatives fail. c_lim * k * k <= LLMMI_TALLY_KEYS. The data is read in
 * blocks of LLMMI_TALLY_BLOCK: a block's keys and the largest a/b and c (vectorisable
 * max reductions) are computed first, then, if the block is all valid, its keys are
 * counted into LLMMI_TALLY_WAYS interleaved 32-bit sub-histograms (element i to way
 * i % WAYS, so consecutive increments of one key never wait on each other's store),
 * which are folded into 64-bit counts every LLMMI_TALLY_CHUNK elements. At the first
 * block with an invalid element the tally stops and reports failure: the caller keeps
 * its statistics unchanged and runs its general path (which finds the first bad index).
 * Callers with key spaces too large for the table use the block kernels alone, counting
 * each validated block straight into their own tables. */
#ifndef LLMMI_TALLY_H
#define LLMMI_TALLY_H
#include <stddef.h>
#include <stdint.h>

#define LLMMI_TALLY_KEYS 256
#define LLMMI_TALLY_WAYS 8
#define LLMMI_TALLY_BLOCK 1024
#define LLMMI_TALLY_CHUNK ((size_t)1 << 30) /* < 2^32 per way */
/* Below this many elements the general two-pass paths are cheaper than clearing and
 * folding the sub-histograms. */
#define LLMMI_TALLY_MIN 256

/* The keys of one block (m <= LLMMI_TALLY_BLOCK elements) into key[0..m), and the
 * largest a[i], b[i] (*max_ab) and c[i] (*max_c, 0 when c is NULL) read as unsigned.
 * Keys of invalid elements are unspecified. */
typedef void (*llmmi_tally_keys_fn)(const int32_t *a, const int32_t *b, const int32_t *c,
                                    size_t m, uint32_t k, uint32_t *key, uint32_t *max_ab,
                                    uint32_t *max_c);
void llmmi_tally_keys_scalar(const int32_t *a, const int32_t *b, const int32_t *c, size_t m,
                             uint32_t k, uint32_t *key, uint32_t *max_ab, uint32_t *max_c);
void llmmi_tally_keys_avx2(const int32_t *a, const int32_t *b, const int32_t *c, size_t m,
                           uint32_t k, uint32_t *key, uint32_t *max_ab, uint32_t *max_c);
/* The block kernel of an isa (LLMM_ISA_*; AUTO: the best this CPU runs). */
llmmi_tally_keys_fn llmmi_tally_keys_for(int isa);

/* Counts the keys of n elements into count[0..LLMMI_TALLY_KEYS) (overwritten) with
 * the block kernel of `isa`. Returns 1 when every element was valid, else 0 (count
 * then unspecified). */
int llmmi_tally(const int32_t *a, const int32_t *b, const int32_t *c, size_t n, uint32_t k,
                uint32_t c_lim, int isa, uint64_t *count);

#endif
