/* rouge_bootstrap.c - confidence intervals like rouge-score's BootstrapAggregator
 * (rouge_score/scoring.py:60-158).
 *
 * For each type: n_samples resamples of the n per-example scores (indices drawn
 * uniformly with replacement; P, R and F of an example move together, as rows of
 * rouge-score's score matrix do), the mean of each resample, then the percentiles
 * (1-ci)/2, 1/2 and (1+ci)/2 of those means with numpy's default linear interpolation.
 * `mid` is the median of the resampled means, as in rouge-score (its docstring says
 * "Mid is always the mean"; the code takes the 50th percentile).
 *
 * Randomness: index i of resample s of type t is hi64(mix(key_t + counter) * n) with
 * counter = s * n + i, key_t = mix(seed + t * golden), mix = the SplitMix64 finalizer.
 * Counter-based: no state, reproducible from the seed, any evaluation order.
 */
#include "rouge_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GOLDEN 0x9E3779B97F4A7C15ull

size_t llmm_rouge_bootstrap_options_size(void) { return sizeof(llmm_rouge_bootstrap_options); }
size_t llmm_rouge_aggregate_size(void) { return sizeof(llmm_rouge_aggregate); }

void llmm_rouge_bootstrap_options_default(llmm_rouge_bootstrap_options *opts)
{
    if (!opts) return;
    opts->confidence_interval = 0.95;
    opts->n_samples = 1000;
    opts->seed = 0;
}

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* high 64 bits of x * n: a uniform index in [0, n) (bias below n / 2^64) */
static size_t mul_hi(uint64_t x, uint64_t n)
{
    uint64_t xl = x & 0xFFFFFFFFu, xh = x >> 32, nl = n & 0xFFFFFFFFu, nh = n >> 32;
    uint64_t ll = xl * nl, lh = xl * nh, hl = xh * nl, hh = xh * nh;
    uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
    return (size_t)(hh + (lh >> 32) + (hl >> 32) + (mid >> 32));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy.percentile(..., method="linear") of sorted a[0..n) at quantile q in [0, 1] */
static double percentile(const double *a, size_t n, double q)
{
    double pos = q * (double)(n - 1), lo_f = floor(pos), frac = pos - lo_f;
    size_t lo = (size_t)lo_f;
    if (lo + 1 >= n) return a[n - 1];
    return a[lo] + (a[lo + 1] - a[lo]) * frac;
}

static double *field(llmm_rouge_prf *s, int m)
{
    return m == 0 ? &s->precision : m == 1 ? &s->recall : &s->fmeasure;
}

int llmm_rouge_bootstrap(const llmm_rouge_result *per_example, size_t n,
                         const llmm_rouge_bootstrap_options *opts, llmm_rouge_aggregate *out,
                         const llmm_allocator *alloc)
{
    llmm_rouge_bootstrap_options o;
    llmm_allocator a;
    unsigned types;
    size_t i, s, ns, bytes;
    double *means, delta;
    int t, m;

    if (!out || (!per_example && n)) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_rouge_bootstrap_options_default(&o);
    /* scoring.py:92-95 */
    if (!(o.confidence_interval >= 0 && o.confidence_interval <= 1) || !o.n_samples)
        return LLMM_EINVAL;
    if (!n) return LLMM_EEMPTY;
    types = per_example[0].types;
    if (!types || (types >> LLMM_ROUGE_TYPE_COUNT)) return LLMM_EINVAL;
    for (i = 0; i < n; i++) {
        if (per_example[i].types != types) return LLMM_EINVAL;
        for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
            const llmm_rouge_prf *sc = &per_example[i].score[t];
            if ((types & LLMM_ROUGE_BIT(t)) &&
                !(isfinite(sc->precision) && isfinite(sc->recall) && isfinite(sc->fmeasure)))
                return LLMM_ENONFINITE;
        }
    }
    ns = o.n_samples;
    if (ns > (size_t)-1 / 3 || !llmmi_mul_ok(3 * ns, sizeof(double), &bytes))
        return LLMM_EOVERFLOW;
    llmmi_alloc_init(&a, alloc);
    means = (double *)llmmi_malloc(&a, bytes);
    if (!means) return LLMM_ENOMEM;

    memset(out, 0, sizeof *out);
    out->low.types = out->mid.types = out->high.types = types;
    delta = (1 - o.confidence_interval) / 2;
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        uint64_t key;
        if (!(types & LLMM_ROUGE_BIT(t))) continue;
        key = mix(o.seed + (uint64_t)(t + 1) * GOLDEN);
        for (s = 0; s < ns; s++) {
            double sp = 0, sr = 0, sf = 0;
            uint64_t counter = (uint64_t)s * (uint64_t)n;
            for (i = 0; i < n; i++) {
                const llmm_rouge_prf *sc =
                    &per_example[mul_hi(mix(key + (counter + i) * GOLDEN), n)].score[t];
                sp += sc->precision;
                sr += sc->recall;
                sf += sc->fmeasure;
            }
            means[s] = sp / (double)n;
            means[ns + s] = sr / (double)n;
            means[2 * ns + s] = sf / (double)n;
        }
        for (m = 0; m < 3; m++) {
            double *v = means + (size_t)m * ns, lo, mid, hi;
            qsort(v, ns, sizeof(double), cmp_double);
            lo = percentile(v, ns, delta);
            mid = percentile(v, ns, 0.5);
            hi = percentile(v, ns, 1 - delta);
            *field(&out->low.score[t], m) = lo;
            *field(&out->mid.score[t], m) = mid;
            *field(&out->high.score[t], m) = hi;
        }
    }
    llmmi_free(&a, means, bytes);
    return LLMM_OK;
}
