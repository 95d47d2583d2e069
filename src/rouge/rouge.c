/* rouge.c - rouge-score's RougeScorer (rouge_score/rouge_scorer.py): type names,
 * options, the scorer object, score() and score_multi(). */
#include "rouge_internal.h"
#include <string.h>

#define ALL_TYPES ((1u << LLMM_ROUGE_TYPE_COUNT) - 1u)

int llmm_rouge_type_count(void) { return LLMM_ROUGE_TYPE_COUNT; }

static const char *const type_names[LLMM_ROUGE_TYPE_COUNT] = {
    "rouge1", "rouge2", "rouge3", "rouge4", "rouge5", "rouge6",
    "rouge7", "rouge8", "rouge9", "rougeL", "rougeLsum"};

const char *llmm_rouge_type_name(int type)
{
    return type >= 0 && type < LLMM_ROUGE_TYPE_COUNT ? type_names[type] : NULL;
}

/* rouge_scorer.py:132-163: "rougeL", "rougeLsum", re.match(r"rouge[0-9]$") with n > 0
 * ("rouge0" raises "rougen requires positive n"), anything else "Invalid rouge type". */
int llmm_rouge_type_from_name(const char *name, size_t len, int *out)
{
    int k;
    if (!name || !out) return LLMM_ENULL;
    for (k = 0; k < LLMM_ROUGE_TYPE_COUNT; k++)
        if (strlen(type_names[k]) == len && memcmp(type_names[k], name, len) == 0) {
            *out = k;
            return LLMM_OK;
        }
    return LLMM_EINVAL;
}

void llmm_rouge_options_default(llmm_rouge_options *opts)
{
    if (!opts) return;
    opts->types = LLMM_ROUGE_BIT(LLMM_ROUGE_1) | LLMM_ROUGE_BIT(LLMM_ROUGE_2) |
                  LLMM_ROUGE_BIT(LLMM_ROUGE_L) | LLMM_ROUGE_BIT(LLMM_ROUGE_LSUM);
    opts->use_stemmer = 0;
    opts->split_summaries = 0;
}

size_t llmm_rouge_options_size(void) { return sizeof(llmm_rouge_options); }
size_t llmm_rouge_result_size(void) { return sizeof(llmm_rouge_result); }

int llmm_rouge_create(llmm_rouge **out, const llmm_rouge_options *opts,
                      const llmm_allocator *alloc)
{
    llmm_rouge_options o;
    llmm_allocator a;
    llmm_rouge *r;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (opts) o = *opts;
    else llmm_rouge_options_default(&o);
    if (!o.types || (o.types & ~ALL_TYPES)) return LLMM_EINVAL;
    /* split_summaries=True sentence-splits with nltk.sent_tokenize (Punkt English,
     * rouge_scorer.py:140), whose trained model is not available here */
    if (o.split_summaries && (o.types & LLMM_ROUGE_BIT(LLMM_ROUGE_LSUM)))
        return LLMM_EUNSUPPORTED;
    llmmi_alloc_init(&a, alloc);
    r = (llmm_rouge *)llmmi_calloc(&a, 1, sizeof *r);
    if (!r) return LLMM_ENOMEM;
    r->a = a;
    r->opts = o;
    r->opts.use_stemmer = o.use_stemmer != 0;
    r->rows_budget = LLMMI_ROUGE_ROWS_BUDGET;
    *out = r;
    return LLMM_OK;
}

static void free_text(llmm_rouge *r, llmmi_rouge_text *t)
{
    llmmi_free(&r->a, t->ids, t->cap * sizeof(uint32_t));
    llmmi_free(&r->a, t->sent_end, t->sent_cap * sizeof(size_t));
    memset(t, 0, sizeof *t);
}

void llmm_rouge_free(llmm_rouge *r)
{
    llmm_allocator a;
    if (!r) return;
    a = r->a;
    llmmi_rouge_vocab_free(&r->vocab, &a);
    free_text(r, &r->pred);
    free_text(r, &r->target);
    llmmi_rouge_id_arrays_free(r);
    llmmi_free(&a, r->tok, r->tok_cap);
    llmmi_free(&a, r->stem_scratch, r->stem_cap * sizeof(uint32_t));
    llmmi_free(&a, r->slots, r->n_slots * sizeof(llmmi_ngram_slot));
    llmmi_free(&a, r->words, r->words_cap * sizeof(uint64_t));
    llmmi_free(&a, r->carry, r->carry_cap);
    llmmi_free(&a, r->hit, r->hit_cap);
    llmmi_free(&a, r->rep_pred, r->rep_pred_cap * sizeof(uint32_t));
    llmmi_free(&a, r->rep_target, r->rep_target_cap * sizeof(uint32_t));
    llmmi_free(&a, r->dedup, r->dedup_cap * sizeof(uint32_t));
    llmmi_free(&a, r->post_start, r->post_start_cap * sizeof(uint32_t));
    llmmi_free(&a, r->post, r->post_cap * sizeof(uint32_t));
    llmmi_free(&a, r->sent_stamp, r->sent_stamp_cap * sizeof(uint32_t));
    llmmi_free(&a, r->lids, r->lids_cap * sizeof(uint32_t));
    llmmi_free(&a, r, sizeof *r);
}

/* scoring.fmeasure (scoring.py:161-167), same operation order */
static double fmeasure(double p, double rc)
{
    return p + rc > 0 ? 2 * p * rc / (p + rc) : 0.0;
}

static void set_score(llmm_rouge_prf *s, size_t hits, size_t n_pred, size_t n_target)
{
    s->precision = (double)hits / (double)n_pred;
    s->recall = (double)hits / (double)n_target;
    s->fmeasure = fmeasure(s->precision, s->recall);
}

/* Every requested type for the tokenized prediction r->pred against r->target. */
static int score_types(llmm_rouge *r, llmm_rouge_result *out)
{
    const llmmi_rouge_text *p = &r->pred, *t = &r->target;
    int type, st;
    memset(out, 0, sizeof *out);
    out->types = r->opts.types;
    for (type = 0; type < LLMM_ROUGE_TYPE_COUNT; type++) {
        llmm_rouge_prf *s = &out->score[type];
        size_t v;
        if (!(r->opts.types & LLMM_ROUGE_BIT(type))) continue;
        if (type <= LLMM_ROUGE_9) {
            /* _score_ngrams: counts over max(#n-grams, 1) (rouge_scorer.py:323-331) */
            unsigned n = (unsigned)type + 1;
            size_t gp = p->n >= n ? p->n - n + 1 : 0, gt = t->n >= n ? t->n - n + 1 : 0;
            if ((st = llmmi_rouge_ngram_overlap(r, t->ids, t->n, p->ids, p->n, n, &v)) != LLMM_OK)
                return st;
            set_score(s, v, gp ? gp : 1, gt ? gt : 1);
        } else if (!p->n || !t->n) {
            continue; /* _score_lcs / _summary_level_lcs: 0 for an empty side (:195-196, :250-256) */
        } else if (type == LLMM_ROUGE_L) {
            if ((st = llmmi_rouge_lcs_length(r, t->ids, t->n, p->ids, p->n, &v)) != LLMM_OK)
                return st;
            set_score(s, v, p->n, t->n);
        } else {
            if ((st = llmmi_rouge_lsum_hits(r, t, p, &v)) != LLMM_OK) return st;
            set_score(s, v, p->n, t->n);
        }
    }
    return LLMM_OK;
}

static int check_str(llmm_str s) { return s.ptr || !s.len; }

/* After a failure part of the per-id scratch may be dirty: zero all of it. */
static void wipe_scratch(llmm_rouge *r)
{
    if (!r->id_cap) return;
    memset(r->mask, 0, r->id_cap * sizeof(uint64_t));
    memset(r->cnt_t, 0, r->id_cap * 3 * sizeof(uint32_t)); /* cnt_t, cnt_p, local */
}

int llmm_rouge_score_multi(llmm_rouge *r, llmm_str prediction, const llmm_str *targets,
                           size_t n_targets, llmm_rouge_result *out)
{
    int lsum, st = LLMM_OK, type;
    size_t k;
    llmm_rouge_result cur;
    if (!r || !out || (!targets && n_targets) || !check_str(prediction)) return LLMM_ENULL;
    for (k = 0; k < n_targets; k++)
        if (!check_str(targets[k])) return LLMM_ENULL;
    /* np.argmax of an empty list raises (rouge_scorer.py:104) */
    if (!n_targets) return LLMM_EEMPTY;
    memset(out, 0, sizeof *out);
    if (llmmi_rouge_vocab_trim(&r->vocab, &r->a)) llmmi_rouge_id_arrays_free(r);

    lsum = (r->opts.types & LLMM_ROUGE_BIT(LLMM_ROUGE_LSUM)) != 0;
    if ((st = llmmi_rouge_tokenize(r, prediction, &r->pred)) != LLMM_OK) return st;
    if (lsum && (st = llmmi_rouge_lsum_index(r, &r->pred)) != LLMM_OK) goto fail;
    for (k = 0; k < n_targets; k++) {
        if ((st = llmmi_rouge_tokenize(r, targets[k], &r->target)) != LLMM_OK ||
            (st = score_types(r, &cur)) != LLMM_OK)
            goto fail;
        /* per type, the first target with the highest F-measure wins, with its P and R
         * (rouge_scorer.py:101-105) */
        for (type = 0; type < LLMM_ROUGE_TYPE_COUNT; type++)
            if (!k || cur.score[type].fmeasure > out->score[type].fmeasure) {
                out->score[type] = cur.score[type];
                out->best_target[type] = k;
            }
        out->types = cur.types;
    }
    if (lsum) llmmi_rouge_lsum_unindex(r, &r->pred);
    return LLMM_OK;
fail:
    wipe_scratch(r);
    return st;
}

int llmm_rouge_score(llmm_rouge *r, llmm_str prediction, llmm_str target, llmm_rouge_result *out)
{
    return llmm_rouge_score_multi(r, prediction, &target, 1, out);
}
