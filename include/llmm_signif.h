/*
 * llmm_signif.h - confidence intervals and paired significance tests exactly as
 * sacrebleu 2.6.0 computes them (sacrebleu/significance.py), bit for bit.
 *
 *   llmm_bleu_confidence()   `sacrebleu --confidence`: bootstrap 95% CI of one system
 *   llmm_bleu_paired_test()  `sacrebleu --paired-bs` / `--paired-ar`: systems[0] is the
 *                            baseline, every other system is compared with it
 *
 * Both take per-segment statistics (llmm_bleu_extract_corpus(..., per_segment, ...)),
 * so the text is tokenized once. Resampling uses NumPy's random stream: PCG64 seeded
 * through SeedSequence, Generator.choice / Generator.integers as NumPy 1.24 draws them,
 * so with the same seed (sacrebleu's default SACREBLEU_SEED is 12345) the resamples,
 * and therefore every number, equal sacrebleu's. The seed is a parameter here; nothing
 * is read from the environment. docs/significance.md has the definitions.
 *
 * The NumPy-compatible generator is public too (llmm_pcg64_*), for tests and for
 * callers who want the same draws as `np.random.default_rng(seed)`.
 */
#ifndef LLMM_SIGNIF_H
#define LLMM_SIGNIF_H

#include "llmm_common.h"
#include "llmm_bleu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- NumPy-compatible random numbers ------------------------------------------ */

/** NumPy's PCG64 state (128-bit LCG state and increment, plus the spare 32-bit half
 *  that next32 keeps, as numpy's pcg64_next32 does). Plain data: copy to fork. */
typedef struct llmm_pcg64 {
    uint64_t state_hi, state_lo;
    uint64_t inc_hi, inc_lo;
    uint32_t spare;      /* high half of the last 64-bit draw, when has_spare */
    int has_spare;
} llmm_pcg64;

/** The bit generator of np.random.default_rng(seed): PCG64(SeedSequence(seed)). */
LLMM_API void llmm_pcg64_seed(llmm_pcg64 *rng, uint64_t seed);
/** SeedSequence(seed).generate_state(n_words, np.uint32) (pool size 4, no spawn key). */
LLMM_API void llmm_seed_sequence_state(uint64_t seed, uint32_t *out, size_t n_words);
/** bit_generator.random_raw(): the next 64-bit output. */
LLMM_API uint64_t llmm_pcg64_next64(llmm_pcg64 *rng);
/** NumPy's next_uint32: the low half of a 64-bit draw, then its high half. */
LLMM_API uint32_t llmm_pcg64_next32(llmm_pcg64 *rng);
/** Generator.integers(0, high, size=count, dtype=np.int64), which is also
 *  Generator.choice(high, size=count, replace=True). high >= 1; count 0 is a no-op. */
LLMM_API int llmm_pcg64_integers(llmm_pcg64 *rng, uint64_t high, size_t count, uint64_t *out);
/** Generator.integers(2, size=count, dtype=bool): out[i] is 0 or 1. One call is one
 *  NumPy call: the 32-bit buffer of bits starts empty. */
LLMM_API int llmm_pcg64_bools(llmm_pcg64 *rng, size_t count, unsigned char *out);

/* ---- tests ------------------------------------------------------------------------ */

typedef enum llmm_signif_test {
    LLMM_SIGNIF_BS = 0,  /* paired bootstrap resampling (--paired-bs) */
    LLMM_SIGNIF_AR = 1   /* paired approximate randomization (--paired-ar) */
} llmm_signif_test;

#define LLMM_SIGNIF_DEFAULT_SEED 12345
#define LLMM_SIGNIF_DEFAULT_BS 1000
#define LLMM_SIGNIF_DEFAULT_AR 10000
LLMM_API uint64_t llmm_signif_default_seed(void);  /* twin of LLMM_SIGNIF_DEFAULT_SEED */
/** Default resamples/trials of a test (1000 bs, 10000 ar); 0 for an unknown test. */
LLMM_API size_t llmm_signif_default_samples(int test);
/** "bs" / "ar", or NULL for an unknown value. */
LLMM_API const char *llmm_signif_test_name(int test);

typedef struct llmm_signif_options {
    int test;                 /* llmm_signif_test for the paired test, default BS */
    uint64_t seed;            /* default 12345 (sacrebleu's SACREBLEU_SEED default) */
    size_t n_samples;         /* bootstrap resamples / AR trials; 0 = the test's default
                                 (confidence: 1000). A confidence with n_samples 1 gives
                                 no interval, as sacrebleu's corpus_score(n_bootstrap=1). */
    int64_t n_ar_confidence;  /* AR only: bootstrap resamples for each system's CI;
                                 -1 (default, what the CLI uses) none, 0 = 1000 */
} llmm_signif_options;

LLMM_API void llmm_signif_options_default(llmm_signif_options *opts);

/** One system's row (sacrebleu's significance.Result). */
typedef struct llmm_signif_result {
    double score;       /* the corpus score */
    double p_value;     /* paired tests, systems after the baseline */
    double mean;        /* bootstrap estimate of the true mean */
    double ci;          /* half-width of the 95% interval around `mean` */
    int has_p_value;    /* 0: p_value is NaN (the baseline; confidence) */
    int has_ci;         /* 0: mean and ci are NaN (AR without n_ar_confidence) */
} llmm_signif_result;

/**
 * `sacrebleu --confidence`: the corpus score of `n_segs` per-segment statistics and
 * the bootstrap mean and 95% half-width over opts->n_samples resamples (default 1000)
 * (sacrebleu base.py corpus_score + significance.py _bootstrap_resample; the mean is
 * statistics.mean, i.e. correctly rounded). bleu_opts NULL = defaults.
 * Errors: LLMM_ENULL, LLMM_EEMPTY (n_segs 0), LLMM_EINVAL (bad options),
 * LLMM_EOVERFLOW (n_samples beyond 2^32 - 1 or too large to allocate), LLMM_ENOMEM.
 */
LLMM_API int llmm_bleu_confidence(const llmm_bleu_options *bleu_opts,
                                  const llmm_bleu_stats *segs, size_t n_segs,
                                  const llmm_signif_options *opts,
                                  llmm_signif_result *out, const llmm_allocator *alloc);

/**
 * `sacrebleu --paired-bs` / `--paired-ar` (significance.py PairedTest): systems[k] points
 * to the n_segs per-segment statistics of system k; systems[0] is the baseline.
 * out[k] receives the row of system k (n_systems >= 2 rows). Paired bootstrap: every row
 * has mean/ci, rows k >= 1 a p-value. AR: rows k >= 1 have a p-value, and mean/ci when
 * n_ar_confidence is set. Errors as llmm_bleu_confidence, LLMM_EINVAL for n_systems < 2
 * or an unknown test.
 */
LLMM_API int llmm_bleu_paired_test(const llmm_bleu_options *bleu_opts,
                                   const llmm_bleu_stats *const *systems, size_t n_systems,
                                   size_t n_segs, const llmm_signif_options *opts,
                                   llmm_signif_result *out, const llmm_allocator *alloc);

/* Struct sizes for FFI layers that cannot read this header. */
LLMM_API size_t llmm_pcg64_size(void);
LLMM_API size_t llmm_signif_options_size(void);
LLMM_API size_t llmm_signif_result_size(void);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_SIGNIF_H */
