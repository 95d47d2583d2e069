/* rouge_lsum.c - rouge-score's summary-level LCS (_summary_level_lcs,
 * rouge_scorer.py:240-283).
 *
 * For each reference sentence r: the union, over the prediction's sentences c, of the
 * positions of r on ONE particular LCS of (r, c): the one _backtrack_norec reads out
 * (rouge_scorer.py:223-237) - from (|r|, |c|), a match steps diagonally, otherwise
 * j -= 1 iff t[i][j-1] > t[i-1][j] (strict), else i -= 1. Other LCS choices would give
 * other unions, so this walk is replicated exactly. Then the union's tokens, in
 * position order, count as hits while both the reference's and the prediction's
 * remaining token counts are positive, decrementing both ("as in version 1.5.5",
 * :267-278).
 *
 * The walk needs the table. Rows (one per token of r) are bit vectors over c, made by
 * llmmi_rouge_lcs_sweep(). When all rows of a pair fit in r->rows_budget words they are
 * kept; otherwise every K-th row (K ~ sqrt|r|) is kept as a checkpoint and the K rows
 * of one segment are recomputed from it when the walk reaches them: at most one extra
 * sweep, and O(sqrt|r| * |c| / 64) words per pair whatever the lengths.
 *
 * Sentence pairs sharing no token have an empty LCS; the prediction's sentences are
 * indexed by token so that only pairs sharing one are walked, and a reference sentence
 * stops early once every position whose token occurs in the prediction is in the
 * union. Identical sentences have identical index sets: repeated prediction sentences
 * are walked once, and a repeated reference sentence copies the union of its first
 * occurrence (its hits are still clipped separately). The worst case stays one walk
 * per pair of distinct sentences sharing a token (~50 ns for short sentences).
 */
#include "rouge_internal.h"
#include <math.h>
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

typedef struct table {
    const uint32_t *rs, *cs;  /* reference sentence (rows) and prediction sentence (columns) */
    size_t m, n, W, K;
    size_t n_ckpt;            /* checkpoint c holds row c*K */
    uint64_t *ckpt, *seg;     /* checkpoints; the rows of one segment */
    size_t loaded;            /* segment in seg, or (size_t)-1 */
} table;

static int load_segment(llmm_rouge *r, table *t, size_t s)
{
    size_t i0 = s * t->K, i1 = i0 + t->K < t->m ? i0 + t->K : t->m;
    int st = llmmi_rouge_lcs_sweep(r, t->rs, i0, i1, t->cs, t->n, t->ckpt + s * t->W, t->seg,
                                   1, NULL);
    t->loaded = s;
    return st;
}

/* Row i of the table; a pointer stays valid until a row of another segment is asked
 * for (rows i and i-1 are always both valid: they share a segment or one of them is a
 * checkpoint). */
static int row_ptr(llmm_rouge *r, table *t, size_t i, const uint64_t **out)
{
    size_t s;
    int st;
    if (i % t->K == 0 && i / t->K < t->n_ckpt) {
        *out = t->ckpt + (i / t->K) * t->W;
        return LLMM_OK;
    }
    s = (i - 1) / t->K;
    if (s != t->loaded && (st = load_segment(r, t, s)) != LLMM_OK) return st;
    *out = t->seg + ((i - 1) % t->K) * t->W;
    return LLMM_OK;
}

/* t[row][j]: zero bits of the row below bit j */
static size_t prefix(const uint64_t *row, size_t j)
{
    size_t w, z = 0;
    for (w = 0; w < j / 64; w++) z += llmmi_popcount64(~row[w]);
    if (j % 64) z += llmmi_popcount64(~row[j / 64] & (((uint64_t)1 << (j % 64)) - 1));
    return z;
}

/* 1 iff t[row][j+1] - t[row][j] = 1 */
static size_t step(const uint64_t *row, size_t j)
{
    return (size_t)(~row[j / 64] >> (j % 64) & 1);
}

static void mark(llmm_rouge *r, size_t pos, size_t *covered)
{
    if (!r->hit_base[pos]) {
        r->hit_base[pos] = 1;
        ++*covered;
    }
}

/* t[row][j] for a one-word row */
static unsigned t1(uint64_t row, size_t j)
{
    return llmmi_popcount64(~row & (((uint64_t)1 << j) - 1));
}

/* The common case, a prediction sentence of at most 64 tokens and a reference sentence
 * of at most SHORT_ROWS: one word per row, rows on the stack, the walk reads table
 * values straight from them. */
#define SHORT_ROWS 256
static int union_lcs_short(llmm_rouge *r, const uint32_t *rs, size_t m, const uint32_t *cs,
                           size_t n, size_t *covered)
{
    uint64_t rows[SHORT_ROWS + 1];
    size_t i = m, j = n;
    int st;
    rows[0] = ~(uint64_t)0;
    if ((st = llmmi_rouge_lcs_sweep(r, rs, 0, m, cs, n, NULL, rows + 1, 1, NULL)) != LLMM_OK)
        return st;
    /* n <= 64: t[i][n] counts the zero bits of the n low bits */
    while (i > 0 && j > 0 && (~rows[i] & (j == 64 ? ~(uint64_t)0 : (((uint64_t)1 << j) - 1)))) {
        if (rs[i - 1] == cs[j - 1]) {
            mark(r, i - 1, covered);
            i--;
            j--;
        } else if (t1(rows[i], j - 1) > (j == 64 ? llmmi_popcount64(~rows[i - 1])
                                                  : t1(rows[i - 1], j))) {
            j--;
        } else {
            i--;
        }
    }
    return LLMM_OK;
}

/* Marks in r->hit the positions of rs on _backtrack_norec's LCS of (rs, cs); counts
 * newly marked positions in *covered. (The walk stops once t[i][j] = 0: no match is
 * left to mark.) */
static int union_lcs(llmm_rouge *r, const uint32_t *rs, size_t m, const uint32_t *cs, size_t n,
                     size_t *covered)
{
    table t;
    size_t words, i = m, j = n, cur, up;
    const uint64_t *row_i, *row_u;
    int st;

    /* (a lowered rows_budget - tests - sends every pair through the general path) */
    if (n <= 64 && m <= SHORT_ROWS && m < r->rows_budget)
        return union_lcs_short(r, rs, m, cs, n, covered);
    t.rs = rs;
    t.cs = cs;
    t.m = m;
    t.n = n;
    t.W = (n + 63) / 64;
    if ((m + 1) <= r->rows_budget / t.W) {
        t.K = m; /* one segment: every row is kept */
    } else {
        t.K = (size_t)ceil(sqrt((double)m));
    }
    t.n_ckpt = (m - 1) / t.K + 1;
    if (!llmmi_mul_ok(t.n_ckpt + t.K, t.W, &words)) return LLMM_EOVERFLOW;
    if ((st = llmmi_rouge_reserve(r, (void **)&r->words, &r->words_cap, words,
                                  sizeof(uint64_t))) != LLMM_OK)
        return st;
    t.ckpt = r->words;
    t.seg = r->words + t.n_ckpt * t.W;
    t.loaded = (size_t)-1;
    memset(t.ckpt, 0xFF, t.W * sizeof(uint64_t)); /* row 0 */
    if (t.n_ckpt > 1) {
        st = llmmi_rouge_lcs_sweep(r, rs, 0, (t.n_ckpt - 1) * t.K, cs, n, NULL, t.ckpt + t.W,
                                   t.K, NULL);
        if (st != LLMM_OK) return st;
    }

    if ((st = row_ptr(r, &t, m, &row_i)) != LLMM_OK) return st;
    cur = prefix(row_i, n);
    if (!cur) return LLMM_OK;
    if ((st = row_ptr(r, &t, m - 1, &row_u)) != LLMM_OK) return st;
    up = prefix(row_u, n);
    while (i > 0 && j > 0) {
        if (rs[i - 1] == cs[j - 1]) {
            mark(r, i - 1, covered);
            i--;
            j--;
            cur--;
            if (!cur) break; /* nothing left to match */
            if ((st = row_ptr(r, &t, i, &row_i)) != LLMM_OK ||
                (st = row_ptr(r, &t, i - 1, &row_u)) != LLMM_OK)
                return st;
            up = prefix(row_u, j);
        } else {
            size_t left = cur - step(row_i, j - 1);
            if (left > up) {
                j--;
                cur = left;
                up -= step(row_u, j);
            } else {
                i--;
                cur = up;
                if (!cur) break;
                if ((st = row_ptr(r, &t, i, &row_i)) != LLMM_OK ||
                    (st = row_ptr(r, &t, i - 1, &row_u)) != LLMM_OK)
                    return st;
                up = prefix(row_u, j);
            }
        }
    }
    return LLMM_OK;
}

/* (*rep)[s] = the first sentence of t with the same tokens as sentence s */
static int dedupe(llmm_rouge *r, const llmmi_rouge_text *t, uint32_t **rep, size_t *rep_cap)
{
    size_t size = 16, mask, s, b;
    int st;
    while (size < 2 * t->n_sent) size *= 2;
    if ((st = llmmi_rouge_reserve(r, (void **)rep, rep_cap, t->n_sent + 1, sizeof(uint32_t))) !=
            LLMM_OK ||
        (st = llmmi_rouge_reserve(r, (void **)&r->dedup, &r->dedup_cap, size,
                                  sizeof(uint32_t))) != LLMM_OK)
        return st;
    memset(r->dedup, 0, size * sizeof(uint32_t));
    mask = size - 1;
    for (s = 0, b = 0; s < t->n_sent; b = t->sent_end[s++]) {
        size_t len = t->sent_end[s] - b, k;
        k = (size_t)XXH3_64bits(t->ids + b, len * sizeof(uint32_t)) & mask;
        (*rep)[s] = (uint32_t)s;
        for (; r->dedup[k]; k = (k + 1) & mask) {
            size_t c = r->dedup[k] - 1, cb = c ? t->sent_end[c - 1] : 0;
            if (t->sent_end[c] - cb == len &&
                memcmp(t->ids + cb, t->ids + b, len * sizeof(uint32_t)) == 0) {
                (*rep)[s] = (uint32_t)c;
                break;
            }
        }
        if (!r->dedup[k]) r->dedup[k] = (uint32_t)s + 1;
    }
    return LLMM_OK;
}

int llmmi_rouge_lsum_index(llmm_rouge *r, const llmmi_rouge_text *pred)
{
    size_t s, k, nl = 0, b;
    int st;
    if ((st = llmmi_rouge_reserve(r, (void **)&r->lids, &r->lids_cap, pred->n + 1,
                                  sizeof(uint32_t))) != LLMM_OK ||
        (st = dedupe(r, pred, &r->rep_pred, &r->rep_pred_cap)) != LLMM_OK)
        return st;
    for (k = 0; k < pred->n; k++) {
        uint32_t id = pred->ids[k];
        if (!r->local[id]) {
            r->lids[nl++] = id;
            r->local[id] = (uint32_t)nl; /* local ids start at 1 */
        }
    }
    if ((st = llmmi_rouge_reserve(r, (void **)&r->post_start, &r->post_start_cap, nl + 2,
                                  sizeof(uint32_t))) != LLMM_OK ||
        (st = llmmi_rouge_reserve(r, (void **)&r->post, &r->post_cap, pred->n + 1,
                                  sizeof(uint32_t))) != LLMM_OK)
        return st;
    memset(r->post_start, 0, (nl + 2) * sizeof(uint32_t));
    /* count sentences per local id (cnt_p marks the last sentence seen + 1); repeated
     * sentences are left out */
    for (s = 0, b = 0; s < pred->n_sent; b = pred->sent_end[s++])
        for (k = r->rep_pred[s] == s ? b : pred->sent_end[s]; k < pred->sent_end[s]; k++) {
            uint32_t id = pred->ids[k];
            if (r->cnt_p[id] != s + 1) {
                r->cnt_p[id] = (uint32_t)(s + 1);
                r->post_start[r->local[id] + 1]++;
            }
        }
    for (k = 0; k < nl; k++) r->cnt_p[r->lids[k]] = 0;
    for (k = 1; k <= nl + 1; k++) r->post_start[k] += r->post_start[k - 1];
    /* post_start[l] is the start of local id l's list; fill using it as a cursor */
    for (s = 0, b = 0; s < pred->n_sent; b = pred->sent_end[s++])
        for (k = r->rep_pred[s] == s ? b : pred->sent_end[s]; k < pred->sent_end[s]; k++) {
            uint32_t id = pred->ids[k];
            if (r->cnt_p[id] != s + 1) {
                r->cnt_p[id] = (uint32_t)(s + 1);
                r->post[r->post_start[r->local[id]]++] = (uint32_t)s;
            }
        }
    for (k = 0; k < nl; k++) r->cnt_p[r->lids[k]] = 0;
    for (k = nl + 1; k > 0; k--) r->post_start[k] = r->post_start[k - 1];
    r->post_start[0] = 0;
    /* now the list of local id l is post[post_start[l] .. post_start[l + 1]) */
    return LLMM_OK;
}

void llmmi_rouge_lsum_unindex(llmm_rouge *r, const llmmi_rouge_text *pred)
{
    size_t k;
    for (k = 0; k < pred->n; k++) r->local[pred->ids[k]] = 0;
}

int llmmi_rouge_lsum_hits(llmm_rouge *r, const llmmi_rouge_text *target,
                          const llmmi_rouge_text *pred, size_t *hits)
{
    size_t s, b, k, h = 0;
    uint32_t stamp = 0;
    int st = LLMM_OK;

    *hits = 0;
    if ((st = llmmi_rouge_reserve(r, (void **)&r->hit, &r->hit_cap, target->n + 1, 1)) !=
            LLMM_OK ||
        (st = llmmi_rouge_reserve(r, (void **)&r->sent_stamp, &r->sent_stamp_cap,
                                  pred->n_sent + 1, sizeof(uint32_t))) != LLMM_OK ||
        (st = dedupe(r, target, &r->rep_target, &r->rep_target_cap)) != LLMM_OK)
        return st;
    memset(r->sent_stamp, 0, (pred->n_sent + 1) * sizeof(uint32_t));
    memset(r->hit, 0, target->n);
    for (k = 0; k < target->n; k++) r->cnt_t[target->ids[k]]++;
    for (k = 0; k < pred->n; k++) r->cnt_p[pred->ids[k]]++;

    for (s = 0, b = 0; s < target->n_sent && st == LLMM_OK; b = target->sent_end[s++]) {
        const uint32_t *rs = target->ids + b;
        size_t m = target->sent_end[s] - b, covered = 0, rep = r->rep_target[s];
        unsigned char *hit = r->hit + b;
        if (rep != s) {
            memcpy(hit, r->hit + (rep ? target->sent_end[rep - 1] : 0), m);
        } else {
            /* only positions whose token occurs in the prediction can be marked */
            size_t coverable = 0;
            for (k = 0; k < m; k++) coverable += r->local[rs[k]] != 0;
            r->hit_base = hit;
            stamp++;
            for (k = 0; k < m && covered < coverable && st == LLMM_OK; k++) {
                uint32_t l = r->local[rs[k]], p;
                if (!l) continue;
                for (p = r->post_start[l]; p < r->post_start[l + 1] && covered < coverable; p++) {
                    uint32_t c = r->post[p];
                    size_t cb = c ? pred->sent_end[c - 1] : 0;
                    if (r->sent_stamp[c] == stamp) continue;
                    r->sent_stamp[c] = stamp;
                    st = union_lcs(r, rs, m, pred->ids + cb, pred->sent_end[c] - cb, &covered);
                    if (st != LLMM_OK) break;
                }
            }
        }
        for (k = 0; k < m; k++) {
            uint32_t id = rs[k];
            if (hit[k] && r->cnt_p[id] > 0 && r->cnt_t[id] > 0) {
                h++;
                r->cnt_p[id]--;
                r->cnt_t[id]--;
            }
        }
    }
    for (k = 0; k < target->n; k++) r->cnt_t[target->ids[k]] = 0;
    for (k = 0; k < pred->n; k++) r->cnt_p[pred->ids[k]] = 0;
    *hits = h;
    return st;
}
