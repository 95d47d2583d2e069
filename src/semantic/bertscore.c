/* bertscore.c - BERTScore greedy matching, as bert_score 0.3.12 utils.greedy_cos_idf
 * (Tiiiger/bert_score@19e7f551):
 *   emb /= norm(emb) per row; sim = hyp . ref^T; word_precision = max over ref,
 *   word_recall = max over hyp; idf /= idf.sum(); P = sum(word_precision * hyp_idf),
 *   R = sum(word_recall * ref_idf); F = 2PR/(P+R) computed BEFORE the empty-sentence
 *   masking (mask sum == 2 -> P = R = 0), then NaN F -> 0 (REFERENCE-QUIRKS.md 10.7).
 * bert_score.score rescales with (x - b)/(1 - b). */
#include "llmm_semantic.h"
#include "core/alloc.h"
#include <math.h>

void llmm_bertscore_options_default(llmm_bertscore_options *opts)
{
    if (!opts) return;
    opts->rescale_with_baseline = 0;
    opts->baseline[0] = opts->baseline[1] = opts->baseline[2] = 0;
    opts->two_token_is_empty = 0;
}

size_t llmm_bertscore_options_size(void) { return sizeof(llmm_bertscore_options); }
size_t llmm_bertscore_result_size(void) { return sizeof(llmm_bertscore_result); }

/* Loads rows (double or float source) into dst, L2-normalised. */
static int load_rows(double *dst, const void *src, int is_f32, size_t rows, size_t dim)
{
    size_t r, j;
    for (r = 0; r < rows; r++) {
        double *d = dst + r * dim, s = 0, norm;
        for (j = 0; j < dim; j++) {
            double v = is_f32 ? (double)((const float *)src)[r * dim + j]
                              : ((const double *)src)[r * dim + j];
            if (!isfinite(v)) return LLMM_ENONFINITE;
            d[j] = v;
            s += v * v;
        }
        norm = sqrt(s);
        if (norm == 0) return LLMM_EDOMAIN; /* cosine undefined (the reference gives NaN) */
        for (j = 0; j < dim; j++) d[j] /= norm;
    }
    return LLMM_OK;
}

/* Normalised weights (uniform for NULL) into dst. */
static int load_weights(double *dst, const void *src, int is_f32, size_t n)
{
    size_t i;
    double s = 0;
    for (i = 0; i < n; i++) {
        double v = !src ? 1.0 : is_f32 ? (double)((const float *)src)[i] : ((const double *)src)[i];
        if (!isfinite(v)) return LLMM_ENONFINITE;
        dst[i] = v;
        s += v;
    }
    for (i = 0; i < n; i++) dst[i] /= s; /* all-zero weights: NaN, as idf.div_(idf.sum()) */
    return LLMM_OK;
}

static int bertscore(const void *cand, size_t nc, const void *ref, size_t nr, size_t dim,
                     const void *cidf, const void *ridf, int is_f32,
                     const llmm_bertscore_options *opts, llmm_bertscore_result *out,
                     const llmm_allocator *alloc)
{
    llmm_allocator al;
    llmm_bertscore_options o;
    double *buf, *c, *r, *wc, *wr, *best_c, *best_r, p = 0, rc_ = 0, f;
    size_t total, i, j, k, cells;
    int rc;
    if (!out || !cand || !ref) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_bertscore_options_default(&o);
    if (o.rescale_with_baseline && (!isfinite(o.baseline[0]) || !isfinite(o.baseline[1]) ||
                                    !isfinite(o.baseline[2])))
        return LLMM_EINVAL;
    if (nc == 0 || nr == 0 || dim == 0) return LLMM_EEMPTY;
    if (!llmmi_mul_ok(nc + nr, dim, &cells) || cells + 2 * (nc + nr) < cells)
        return LLMM_EOVERFLOW;
    total = cells + 2 * (nc + nr);
    llmmi_alloc_init(&al, alloc);
    buf = (double *)llmmi_calloc(&al, total, sizeof(double));
    if (!buf) return LLMM_ENOMEM;
    c = buf;
    r = c + nc * dim;
    wc = r + nr * dim;
    wr = wc + nc;
    best_c = wr + nr;
    best_r = best_c + nc;
    if ((rc = load_rows(c, cand, is_f32, nc, dim)) != LLMM_OK ||
        (rc = load_rows(r, ref, is_f32, nr, dim)) != LLMM_OK ||
        (rc = load_weights(wc, cidf, is_f32, nc)) != LLMM_OK ||
        (rc = load_weights(wr, ridf, is_f32, nr)) != LLMM_OK) {
        llmmi_free(&al, buf, total * sizeof(double));
        return rc;
    }
    for (i = 0; i < nc; i++) best_c[i] = -HUGE_VAL;
    for (j = 0; j < nr; j++) best_r[j] = -HUGE_VAL;
    for (i = 0; i < nc; i++) {
        for (j = 0; j < nr; j++) {
            double s = 0;
            for (k = 0; k < dim; k++) s += c[i * dim + k] * r[j * dim + k];
            if (s > best_c[i]) best_c[i] = s;
            if (s > best_r[j]) best_r[j] = s;
        }
    }
    for (i = 0; i < nc; i++) p += best_c[i] * wc[i];
    for (j = 0; j < nr; j++) rc_ += best_r[j] * wr[j];
    llmmi_free(&al, buf, total * sizeof(double));
    f = 2 * p * rc_ / (p + rc_);
    if (o.two_token_is_empty && (nc == 2 || nr == 2)) p = rc_ = 0; /* F stays as computed */
    if (f != f) f = 0;
    if (o.rescale_with_baseline) {
        p = (p - o.baseline[0]) / (1 - o.baseline[0]);
        rc_ = (rc_ - o.baseline[1]) / (1 - o.baseline[1]);
        f = (f - o.baseline[2]) / (1 - o.baseline[2]);
    }
    out->precision = p;
    out->recall = rc_;
    out->f1 = f;
    return LLMM_OK;
}

int llmm_bertscore_greedy(const double *cand, size_t n_cand, const double *ref, size_t n_ref,
                          size_t dim, const double *cand_idf, const double *ref_idf,
                          const llmm_bertscore_options *opts, llmm_bertscore_result *out,
                          const llmm_allocator *alloc)
{
    return bertscore(cand, n_cand, ref, n_ref, dim, cand_idf, ref_idf, 0, opts, out, alloc);
}

int llmm_bertscore_greedy_f32(const float *cand, size_t n_cand, const float *ref, size_t n_ref,
                              size_t dim, const float *cand_idf, const float *ref_idf,
                              const llmm_bertscore_options *opts, llmm_bertscore_result *out,
                              const llmm_allocator *alloc)
{
    return bertscore(cand, n_cand, ref, n_ref, dim, cand_idf, ref_idf, 1, opts, out, alloc);
}
