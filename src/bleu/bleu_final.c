/* bleu_final.c - statistics to score (sacrebleu bleu.py:242-293 compute_bleu) and
 * the reproducibility signature (bleu.py:55-76, base.py:159-176). */
#include "bleu_internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The sacrebleu version whose numbers and signature format this module matches. */
#define LLMMI_SACREBLEU_VERSION "2.6.0"

/* utils.py:255-265 my_log: log floored at -9999999999 for 0. */
static double my_log(double x) { return x == 0.0 ? -9999999999.0 : log(x); }

static double default_smooth_value(int method)
{
    return method == LLMM_SMOOTH_FLOOR ? 0.1 : method == LLMM_SMOOTH_ADD_K ? 1.0 : 0.0;
}

int llmm_bleu_finalize(const llmm_bleu_options *opts, const llmm_bleu_stats *st,
                       llmm_bleu_result *r)
{
    return llmmi_bleu_finalize_ex(opts, st, LLMMI_BLEU_ADDK_EXACT, r);
}

int llmmi_bleu_finalize_ex(const llmm_bleu_options *opts, const llmm_bleu_stats *st,
                           int addk_mode, llmm_bleu_result *r)
{
    llmm_bleu_options o;
    double k, smooth_mteval = 1.0, sum = 0.0;
    int n, order, eff_order, any = 0, rc;

    if (!st || !r) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_bleu_options_default(&o);
    if ((rc = llmmi_bleu_check_options(&o)) != LLMM_OK) return rc;
    order = o.max_ngram_order;
    k = o.smooth_value < 0 ? default_smooth_value(o.smooth_method) : o.smooth_value;

    memset(r, 0, sizeof *r);
    r->max_ngram_order = order;
    r->sys_len = st->sys_len;
    r->ref_len = st->ref_len;
    for (n = 0; n < order; n++) {
        r->counts[n] = (double)st->counts[n];
        r->totals[n] = (double)st->totals[n];
        any |= st->counts[n] != 0;
    }
    /* bleu.py:250-252: BP is 0 for an empty system output. */
    r->bp = 1.0;
    if ((int64_t)st->sys_len < st->ref_len)
        r->bp = st->sys_len > 0 ? exp(1.0 - (double)st->ref_len / (double)st->sys_len) : 0.0;
    /* bleu.py:257-259 (#141): no match of any order -> 0 without smoothing. */
    if (!any) return LLMM_OK;

    eff_order = order;
    for (n = 0; n < order; n++) {
        /* bleu.py:263-265: add-k changes the reported counts/totals for n > 1. */
        if (o.smooth_method == LLMM_SMOOTH_ADD_K && n > 0) {
            r->counts[n] += k;
            r->totals[n] += k;
            /* sacrebleu's significance tests score numpy arrays, and
             * `correct[n - 1] += smooth_value` stores the sum back in the array's type:
             * float32 for bootstrap resamples (significance.py:80-86), int64 (C
             * truncation) for approximate-randomization trials (:159-169). */
            if (addk_mode == LLMMI_BLEU_ADDK_F32) {
                r->counts[n] = (float)r->counts[n];
                r->totals[n] = (float)r->totals[n];
            } else if (addk_mode == LLMMI_BLEU_ADDK_I64 && r->totals[n] < 0x1p63) {
                r->counts[n] = (double)(int64_t)r->counts[n];
                r->totals[n] = (double)(int64_t)r->totals[n];
            }
        }
        if (r->totals[n] == 0.0) break;
        if (o.effective_order) eff_order = n + 1;
        if (r->counts[n] == 0.0) {
            if (o.smooth_method == LLMM_SMOOTH_EXP) {
                smooth_mteval *= 2; /* cumulative doubling per zero order */
                r->precisions[n] = 100.0 / (smooth_mteval * r->totals[n]);
            } else if (o.smooth_method == LLMM_SMOOTH_FLOOR) {
                r->precisions[n] = 100.0 * k / r->totals[n];
            }
        } else {
            r->precisions[n] = 100.0 * r->counts[n] / r->totals[n];
        }
    }
    /* bleu.py:290-291: Python's left-to-right sum() over the first eff_order. */
    for (n = 0; n < eff_order; n++) sum += my_log(r->precisions[n]);
    r->score = r->bp * exp(sum / eff_order);
    return LLMM_OK;
}

int llmm_bleu_signature(const llmm_bleu_options *opts, int n_refs, char *buf, size_t cap)
{
    llmm_bleu_options o;
    char nrefs[24], smooth[48];
    int rc, len;
    if (!buf) return LLMM_ENULL;
    if (opts) o = *opts;
    else llmm_bleu_options_default(&o);
    if ((rc = llmmi_bleu_check_options(&o)) != LLMM_OK) return rc;
    if (n_refs < 0) snprintf(nrefs, sizeof nrefs, "var");
    else snprintf(nrefs, sizeof nrefs, "%d", n_refs);
    if (o.smooth_method == LLMM_SMOOTH_FLOOR || o.smooth_method == LLMM_SMOOTH_ADD_K) {
        double v = o.smooth_value < 0 ? default_smooth_value(o.smooth_method) : o.smooth_value;
        snprintf(smooth, sizeof smooth, "%s[%.2f]", llmm_bleu_smooth_name((llmm_bleu_smooth)o.smooth_method), v);
    } else {
        snprintf(smooth, sizeof smooth, "%s", llmm_bleu_smooth_name((llmm_bleu_smooth)o.smooth_method));
    }
    len = snprintf(buf, cap, "nrefs:%s|case:%s|eff:%s|tok:%s|smooth:%s|version:%s", nrefs,
                   o.lowercase ? "lc" : "mixed", o.effective_order ? "yes" : "no",
                   llmm_tokenizer_name((llmm_tokenizer)o.tokenize), smooth, LLMMI_SACREBLEU_VERSION);
    if (len < 0 || (size_t)len >= cap) return LLMM_EBUFFER;
    return LLMM_OK;
}
