/* ter_core.c - translation_edit_rate of sacrebleu 2.6.0 (metrics/lib_ter.py).
 *
 * The edit distance is the beam-restricted Levenshtein matrix of BeamEditDistance
 * (lib_ter.py:322-413) with its exact tie order, so that the trace, hence the
 * alignment and the shift candidates, are the reference's. sacrebleu caches matrix
 * rows by hypothesis prefix (a trie, lib_ter.py:415-466); a row depends only on the
 * prefix and on the two lengths, which shifts keep, so that cache never changes a
 * result. Here the matrix of the current hypothesis is kept, and a candidate shift is
 * scored from the first row where it differs from the current hypothesis.
 */
#include "ter/ter_core.h"

#include "core/alloc.h"
#include <math.h>
#include <string.h>

#define INF 0x3FFFFFFF /* lib_ter.py:34 _INT_INFINITY: larger than any real cost */
/* lengths up to which every cost, even INF + 1, fits in int32_t */
#define MAX_WORDS ((size_t)1 << 28)

enum { OP_NOP = 0, OP_SUB = 1, OP_INS = 2, OP_DEL = 3, OP_UNDEF = 4 };

/* The arrays of one translation_edit_rate call, carved from llmmi_ter_ws. */
typedef struct ted {
    const uint32_t *ref;
    size_t n, m;
    uint32_t *cur, *cand;  /* current hypothesis; a shifted copy */
    int32_t *lo, *hi;      /* beam window of row i: columns [lo[i], hi[i]) */
    size_t *rowoff;        /* row i's cells: cost/op + rowoff[i] */
    int32_t *cost;         /* banded matrix of cur (rows 0..n) */
    uint8_t *op;
    int32_t *roll;         /* two rows for scoring a candidate */
    uint8_t *trace;        /* operations hypothesis -> reference, backwards */
    int32_t *align;        /* reference position -> hypothesis position */
    uint32_t *rsum, *hsum; /* prefix sums of the reference / hypothesis error flags */
} ted;

void llmmi_ter_ws_free(const llmm_allocator *a, llmmi_ter_ws *ws)
{
    llmmi_free(a, ws->mem, ws->cap);
    ws->mem = NULL;
    ws->cap = 0;
}

/* Adds an array of `count` elements of `size` bytes to a layout (8-byte aligned). */
static int carve(size_t *total, size_t count, size_t size, size_t *at)
{
    size_t bytes;
    if (!llmmi_mul_ok(count, size, &bytes) || bytes > (size_t)-1 - 16 - *total)
        return 0;
    *at = *total;
    *total += (bytes + 7) & ~(size_t)7;
    return 1;
}

/* Beam geometry of BeamEditDistance._edit_distance (lib_ter.py:362-378) and the
 * buffers of a call with an n-word hypothesis and an m-word reference. */
static int setup(const llmm_allocator *a, llmmi_ter_ws *ws, size_t n, size_t m, ted *t)
{
    double ratio = n ? (double)m / (double)n : 1.0; /* length_ratio, 1 if words_h empty */
    int64_t bw = LLMMI_TER_BEAM_WIDTH, i;
    size_t cells = m + 1, total = 0;
    size_t o_cur, o_cand, o_lo, o_hi, o_rowoff, o_cost, o_op, o_roll, o_trace, o_align, o_rsum,
        o_hsum;
    char *mem;

    if (n >= MAX_WORDS || m >= MAX_WORDS) return LLMM_EOVERFLOW;
    /* "in some crazy sentences, the difference in length is so large that we may end
     * up with zero overlap with previous row" */
    if (LLMMI_TER_BEAM_WIDTH < ratio / 2) bw = (int64_t)ceil(ratio / 2 + LLMMI_TER_BEAM_WIDTH);
    for (i = 1; i <= (int64_t)n; i++) { /* first pass: the number of cells */
        int64_t diag = (int64_t)floor((double)i * ratio);
        int64_t lo = diag - bw < 0 ? 0 : diag - bw;
        int64_t hi = diag + bw < (int64_t)m + 1 ? diag + bw : (int64_t)m + 1;
        if (i == (int64_t)n) hi = (int64_t)m + 1;
        cells += (size_t)(hi - lo);
    }
    if (!carve(&total, n, sizeof *t->cur, &o_cur) || !carve(&total, n, sizeof *t->cand, &o_cand) ||
        !carve(&total, n + 1, sizeof *t->lo, &o_lo) || !carve(&total, n + 1, sizeof *t->hi, &o_hi) ||
        !carve(&total, n + 1, sizeof *t->rowoff, &o_rowoff) ||
        !carve(&total, cells, sizeof *t->cost, &o_cost) ||
        !carve(&total, cells, sizeof *t->op, &o_op) ||
        !carve(&total, 2 * (m + 1), sizeof *t->roll, &o_roll) ||
        !carve(&total, n + m, sizeof *t->trace, &o_trace) ||
        !carve(&total, m, sizeof *t->align, &o_align) ||
        !carve(&total, m + 1, sizeof *t->rsum, &o_rsum) ||
        !carve(&total, n + 1, sizeof *t->hsum, &o_hsum))
        return LLMM_EOVERFLOW;
    if (total > ws->cap) {
        void *p = llmmi_malloc(a, total);
        if (!p) return LLMM_ENOMEM;
        llmmi_free(a, ws->mem, ws->cap);
        ws->mem = p;
        ws->cap = total;
    }
    mem = (char *)ws->mem;
    t->n = n;
    t->m = m;
    t->cur = (uint32_t *)(void *)(mem + o_cur);
    t->cand = (uint32_t *)(void *)(mem + o_cand);
    t->lo = (int32_t *)(void *)(mem + o_lo);
    t->hi = (int32_t *)(void *)(mem + o_hi);
    t->rowoff = (size_t *)(void *)(mem + o_rowoff);
    t->cost = (int32_t *)(void *)(mem + o_cost);
    t->op = (uint8_t *)(mem + o_op);
    t->roll = (int32_t *)(void *)(mem + o_roll);
    t->trace = (uint8_t *)(mem + o_trace);
    t->align = (int32_t *)(void *)(mem + o_align);
    t->rsum = (uint32_t *)(void *)(mem + o_rsum);
    t->hsum = (uint32_t *)(void *)(mem + o_hsum);

    /* row 0 is the initial row: i insertions, op 'i' (lib_ter.py:338-339) */
    t->lo[0] = 0;
    t->hi[0] = (int32_t)(m + 1);
    t->rowoff[0] = 0;
    for (i = 0; i <= (int64_t)m; i++) {
        t->cost[i] = (int32_t)i;
        t->op[i] = OP_INS;
    }
    cells = m + 1;
    for (i = 1; i <= (int64_t)n; i++) {
        int64_t diag = (int64_t)floor((double)i * ratio);
        int64_t lo = diag - bw < 0 ? 0 : diag - bw;
        int64_t hi = diag + bw < (int64_t)m + 1 ? diag + bw : (int64_t)m + 1;
        if (i == (int64_t)n) hi = (int64_t)m + 1; /* the last row is complete */
        t->lo[i] = (int32_t)lo;
        t->hi[i] = (int32_t)hi;
        t->rowoff[i] = cells;
        cells += (size_t)(hi - lo);
    }
    return LLMM_OK;
}

/* One matrix row (lib_ter.py:380-403): cells [lo, hi) of row i from row i-1, whose
 * cells [plo, phi) are at prev; outside a window a cell is (INF, undefined). Ties
 * go to the first of sub/no-op, deletion, insertion (strict > in that order). */
static void row_step(const int32_t *prev, int32_t plo, int32_t phi, int32_t *out, uint8_t *ops,
                     int32_t lo, int32_t hi, uint32_t w, const uint32_t *ref)
{
    int32_t j = lo, left = INF;
    if (j == 0) { /* column 0: deletion only */
        out[0] = (plo == 0 ? prev[0] : INF) + 1;
        if (ops) ops[0] = OP_DEL;
        left = out[0];
        j = 1;
    }
    for (; j < hi; j++) {
        int32_t ul = j - 1 >= plo && j - 1 < phi ? prev[j - 1 - plo] : INF;
        int32_t up = j >= plo && j < phi ? prev[j - plo] : INF;
        int eq = w == ref[j - 1];
        int32_t best = INF, c;
        uint8_t o = OP_UNDEF;
        c = ul + !eq;
        if (best > c) best = c, o = eq ? OP_NOP : OP_SUB;
        c = up + 1;
        if (best > c) best = c, o = OP_DEL;
        c = left + 1;
        if (best > c) best = c, o = OP_INS;
        out[j - lo] = best;
        if (ops) ops[j - lo] = o;
        left = best;
    }
}

/* Rows from..n of the matrix of t->cur, with operations. */
static void fill_rows(ted *t, size_t from)
{
    size_t i;
    for (i = from; i <= t->n; i++)
        row_step(t->cost + t->rowoff[i - 1], t->lo[i - 1], t->hi[i - 1], t->cost + t->rowoff[i],
                 t->op + t->rowoff[i], t->lo[i], t->hi[i], t->cur[i - 1], t->ref);
}

/* Edit distance of t->cand, which equals t->cur in its first q words. */
static int32_t cand_cost(ted *t, size_t q)
{
    const int32_t *prev = t->cost + t->rowoff[q];
    size_t i;
    for (i = q + 1; i <= t->n; i++) {
        int32_t *out = t->roll + (i & 1) * (t->m + 1);
        row_step(prev, t->lo[i - 1], t->hi[i - 1], out, NULL, t->lo[i], t->hi[i], t->cand[i - 1],
                 t->ref);
        prev = out;
    }
    return prev[t->m - (size_t)t->lo[t->n]];
}

/* Backtrace of the matrix (lib_ter.py:405-421), flipped (:144, _flip_trace) and
 * turned into the alignment and error flags of trace_to_alignment (:231-270):
 * align[r] = hypothesis position of reference word r, and prefix sums of the error
 * flags of both sides. */
static void alignment(ted *t)
{
    size_t i = t->n, j = t->m, k = 0;
    int32_t ph = -1, pr = -1;
    while (i > 0 || j > 0) {
        uint8_t o = t->op[t->rowoff[i] + j - (size_t)t->lo[i]];
        t->trace[k++] = o;
        if (o == OP_NOP || o == OP_SUB) i--, j--;
        else if (o == OP_INS) j--;
        else i--;
    }
    t->hsum[0] = 0;
    t->rsum[0] = 0;
    while (k-- > 0) {
        switch (t->trace[k]) {
        case OP_NOP:
        case OP_SUB: {
            uint32_t e = t->trace[k] == OP_SUB;
            ph++, pr++;
            t->align[pr] = ph;
            t->hsum[ph + 1] = t->hsum[ph] + e;
            t->rsum[pr + 1] = t->rsum[pr] + e;
            break;
        }
        case OP_DEL: /* a hypothesis word; flipped to an insertion */
            ph++;
            t->hsum[ph + 1] = t->hsum[ph] + 1;
            break;
        default: /* OP_INS, a reference word; flipped to a deletion */
            pr++;
            t->align[pr] = ph;
            t->rsum[pr + 1] = t->rsum[pr] + 1;
            break;
        }
    }
}

/* _perform_shift (lib_ter.py:160-181): t->cand = cur with words [start, start+len)
 * moved to `target`, Python slice clamping included. */
static void perform_shift(ted *t, size_t start, size_t len, size_t target)
{
    const uint32_t *w = t->cur;
    uint32_t *d = t->cand;
    size_t n = t->n, e;
    if (target < start) {
        memcpy(d, w, target * sizeof *w);
        memcpy(d + target, w + start, len * sizeof *w);
        memcpy(d + target + len, w + target, (start - target) * sizeof *w);
        memcpy(d + start + len, w + start + len, (n - start - len) * sizeof *w);
    } else if (target > start + len) {
        memcpy(d, w, start * sizeof *w);
        memcpy(d + start, w + start + len, (target - start - len) * sizeof *w);
        memcpy(d + target - len, w + start, len * sizeof *w);
        memcpy(d + target, w + target, (n - target) * sizeof *w);
    } else {
        /* words[:start] + words[start+len:len+target] + words[start:start+len]
         * + words[len+target:] */
        e = len + target < n ? len + target : n;
        memcpy(d, w, start * sizeof *w);
        memcpy(d + start, w + start + len, (e - start - len) * sizeof *w);
        memcpy(d + e - len, w + start, len * sizeof *w);
        memcpy(d + e, w + e, (n - e) * sizeof *w);
    }
}

typedef struct shift {
    int found;
    int32_t gain;
    size_t len, start, target;
} shift;

/* (gain, length, -start_h, -target) > best, the tuple order of lib_ter.py:146-157. */
static int better(const shift *b, int32_t gain, size_t len, size_t start, size_t target)
{
    if (!b->found) return 1;
    if (gain != b->gain) return gain > b->gain;
    if (len != b->len) return len > b->len;
    if (start != b->start) return start < b->start;
    return target < b->target;
}

/* One _shift round (lib_ter.py:85-157) over the candidates of _find_shifted_pairs
 * (:184-219), in the reference's enumeration order, because the global candidate
 * budget can stop it midway. */
static void find_shift(ted *t, int32_t pre, size_t *checked, shift *best)
{
    const uint32_t *h = t->cur, *r = t->ref;
    size_t n = t->n, m = t->m, sh, sr;
    memset(best, 0, sizeof *best);
    for (sh = 0; sh < n; sh++) {
        size_t rlo = sh > LLMMI_TER_MAX_SHIFT_DIST ? sh - LLMMI_TER_MAX_SHIFT_DIST : 0;
        size_t rhi = sh + LLMMI_TER_MAX_SHIFT_DIST + 1 < m ? sh + LLMMI_TER_MAX_SHIFT_DIST + 1 : m;
        for (sr = rlo; sr < rhi; sr++) {
            size_t len = 0;
            while (len < LLMMI_TER_MAX_SHIFT_SIZE && h[sh + len] == r[sr + len]) {
                int64_t prev_idx = -1, off;
                len++;
                /* the shift must fix a wrong hypothesis span that does not already
                 * match the reference at the target (:107-118) */
                if (t->hsum[sh + len] == t->hsum[sh]) goto next;
                if (t->rsum[sr + len] == t->rsum[sr]) goto next;
                if ((int64_t)sh <= t->align[sr] && t->align[sr] < (int64_t)(sh + len)) goto next;
                for (off = -1; off < (int64_t)len; off++) {
                    /* insert before the beginning, or after the aligned word */
                    int64_t idx = (int64_t)sr + off == -1 ? 0 : t->align[sr + off] + 1;
                    int32_t cost;
                    if (idx == prev_idx) continue;
                    prev_idx = idx;
                    if ((size_t)idx == sh) {
                        cost = pre; /* the identity shift */
                    } else {
                        perform_shift(t, sh, len, (size_t)idx);
                        cost = cand_cost(t, (size_t)idx < sh ? (size_t)idx : sh);
                    }
                    ++*checked;
                    if (better(best, pre - cost, len, sh, (size_t)idx)) {
                        best->found = 1;
                        best->gain = pre - cost;
                        best->len = len;
                        best->start = sh;
                        best->target = (size_t)idx;
                    }
                }
                if (*checked >= LLMMI_TER_MAX_SHIFT_CANDIDATES) return;
            next:
                /* "If one sequence is consumed, stop processing" */
                if (sh + len == n || sr + len == m) break;
            }
        }
    }
}

int llmmi_ter_edits(const llmm_allocator *a, llmmi_ter_ws *ws, const uint32_t *hyp, size_t n,
                    const uint32_t *ref, size_t m, uint64_t *edits)
{
    ted t;
    size_t checked = 0, valid = 0, shifts = 0;
    int32_t pre;
    int rc;

    if (m == 0) { /* lib_ter.py:54-58: empty reference, every word is an edit */
        *edits = n;
        return LLMM_OK;
    }
    if ((rc = setup(a, ws, n, m, &t)) != LLMM_OK) return rc;
    t.ref = ref;
    if (n) memcpy(t.cur, hyp, n * sizeof *hyp);
    for (;;) { /* lib_ter.py:65-76 */
        shift best = {0, 0, 0, 0, 0};
        fill_rows(&t, valid + 1);
        pre = t.cost[t.rowoff[n] + m - (size_t)t.lo[n]];
        alignment(&t);
        find_shift(&t, pre, &checked, &best);
        /* the budget ends the search before the round's best shift is applied */
        if (checked >= LLMMI_TER_MAX_SHIFT_CANDIDATES) break;
        if (!best.found || best.gain <= 0) break;
        shifts++;
        perform_shift(&t, best.start, best.len, best.target);
        memcpy(t.cur, t.cand, n * sizeof *t.cur);
        valid = best.target < best.start ? best.target : best.start;
    }
    *edits = (uint64_t)shifts + (uint64_t)pre;
    return LLMM_OK;
}
