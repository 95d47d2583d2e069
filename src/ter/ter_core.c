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
#include "ter/ter_myers.h"
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
    uint8_t *rollop;       /* operations of a recomputed row */
    uint8_t *trace;        /* operations hypothesis -> reference, backwards */
    int32_t *align;        /* reference position -> hypothesis position */
    uint32_t *rsum, *hsum; /* prefix sums of the reference / hypothesis error flags */
    int use_myers;         /* short reference: candidates scored by bit vectors */
    llmmi_myers my;
    int64_t bound;         /* every path leaving the beam costs at least this */
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
/* Lower bound of the cost of any path (0,0) -> (n,m) through cell (i,j): the
 * insertions/deletions needed before and after it. */
static int64_t through(int64_t i, int64_t j, int64_t n, int64_t m)
{
    int64_t a = j - i, b = (m - j) - (n - i);
    return (a < 0 ? -a : a) + (b < 0 ? -b : b);
}

/* Minimum of through(i, ., n, m) over columns [x, y] (convex in j: its minimum
 * over an interval is at the projection of a global minimiser, i or i + m - n). */
static int64_t through_min(int64_t i, int64_t x, int64_t y, int64_t n, int64_t m)
{
    int64_t p1 = i < x ? x : i > y ? y : i, p2 = i + m - n;
    int64_t v1, v2;
    p2 = p2 < x ? x : p2 > y ? y : p2;
    v1 = through(i, p1, n, m);
    v2 = through(i, p2, n, m);
    return v1 < v2 ? v1 : v2;
}

static int setup(const llmm_allocator *a, llmmi_ter_ws *ws, size_t n, size_t m, size_t n_ids,
                 ted *t)
{
    double ratio = n ? (double)m / (double)n : 1.0; /* length_ratio, 1 if words_h empty */
    int64_t bw = LLMMI_TER_BEAM_WIDTH, i;
    size_t cells = m + 1, total = 0;
    size_t o_cur, o_cand, o_lo, o_hi, o_rowoff, o_cost, o_op, o_roll, o_rollop, o_trace, o_align,
        o_rsum, o_hsum, o_peq = 0, o_vp = 0, o_vn = 0, o_score = 0, o_tmp = 0;
    size_t w = (m + 63) / 64;
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
        !carve(&total, m + 1, sizeof *t->rollop, &o_rollop) ||
        !carve(&total, n + m, sizeof *t->trace, &o_trace) ||
        !carve(&total, m, sizeof *t->align, &o_align) ||
        !carve(&total, m + 1, sizeof *t->rsum, &o_rsum) ||
        !carve(&total, n + 1, sizeof *t->hsum, &o_hsum))
        return LLMM_EOVERFLOW;
    t->use_myers = w <= LLMMI_MYERS_MAX_WORDS;
    if (t->use_myers) {
        size_t pe;
        if (!llmmi_mul_ok(n_ids, w, &pe) || !carve(&total, pe, sizeof *t->my.peq, &o_peq) ||
            !carve(&total, (n + 1) * w, sizeof *t->my.vp, &o_vp) ||
            !carve(&total, (n + 1) * w, sizeof *t->my.vn, &o_vn) ||
            !carve(&total, n + 1, sizeof *t->my.score, &o_score) ||
            !carve(&total, 2 * w, sizeof *t->my.tmp, &o_tmp))
            return LLMM_EOVERFLOW;
    }
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
    t->rollop = (uint8_t *)(mem + o_rollop);
    t->trace = (uint8_t *)(mem + o_trace);
    t->align = (int32_t *)(void *)(mem + o_align);
    t->rsum = (uint32_t *)(void *)(mem + o_rsum);
    t->hsum = (uint32_t *)(void *)(mem + o_hsum);
    if (t->use_myers) {
        t->my.m = m;
        t->my.w = w;
        t->my.n_ids = n_ids;
        t->my.peq = (uint64_t *)(void *)(mem + o_peq);
        t->my.vp = (uint64_t *)(void *)(mem + o_vp);
        t->my.vn = (uint64_t *)(void *)(mem + o_vn);
        t->my.score = (int32_t *)(void *)(mem + o_score);
        t->my.tmp = (uint64_t *)(void *)(mem + o_tmp);
    }

    /* row 0 is the initial row: i insertions, op 'i' (lib_ter.py:338-339) */
    t->lo[0] = 0;
    t->hi[0] = (int32_t)(m + 1);
    t->rowoff[0] = 0;
    for (i = 0; i <= (int64_t)m; i++) {
        t->cost[i] = (int32_t)i;
        t->op[i] = OP_INS;
    }
    cells = m + 1;
    t->bound = INT64_MAX;
    for (i = 1; i <= (int64_t)n; i++) {
        int64_t diag = (int64_t)floor((double)i * ratio);
        int64_t lo = diag - bw < 0 ? 0 : diag - bw;
        int64_t hi = diag + bw < (int64_t)m + 1 ? diag + bw : (int64_t)m + 1;
        if (i == (int64_t)n) hi = (int64_t)m + 1; /* the last row is complete */
        t->lo[i] = (int32_t)lo;
        t->hi[i] = (int32_t)hi;
        t->rowoff[i] = cells;
        cells += (size_t)(hi - lo);
        if (lo > 0) {
            int64_t b = through_min(i, 0, lo - 1, (int64_t)n, (int64_t)m);
            if (b < t->bound) t->bound = b;
        }
        if (hi <= (int64_t)m) {
            int64_t b = through_min(i, hi, (int64_t)m, (int64_t)n, (int64_t)m);
            if (b < t->bound) t->bound = b;
        }
    }
    return LLMM_OK;
}

/* One matrix cell (lib_ter.py:382-403) from its three neighbours: ties go to the
 * first of sub/no-op, deletion, insertion (strict > in that order). A neighbour
 * outside the beam is INF. */
static inline int32_t cell(int32_t ul, int32_t up, int32_t left, int eq, uint8_t *op)
{
    int32_t best = INF, c;
    uint8_t o = OP_UNDEF;
    c = ul + !eq;
    if (best > c) best = c, o = eq ? OP_NOP : OP_SUB;
    c = up + 1;
    if (best > c) best = c, o = OP_DEL;
    c = left + 1;
    if (best > c) best = c, o = OP_INS;
    *op = o;
    return best;
}

/* One matrix row: cells [lo, hi) of row i from row i-1, whose cells [plo, phi) are
 * at prev; column 0 is a deletion only (lib_ter.py:380-381). `ops` may be NULL
 * when only the costs are needed. */
static void row_step(const int32_t *prev, int32_t plo, int32_t phi, int32_t *out, uint8_t *ops,
                     int32_t lo, int32_t hi, uint32_t w, const uint32_t *ref)
{
    int32_t j = lo, left = INF, mid_lo, mid_hi;
    uint8_t o;
    if (j == 0) {
        out[0] = (plo == 0 ? prev[0] : INF) + 1;
        if (ops) ops[0] = OP_DEL;
        left = out[0];
        j = 1;
    }
    /* in [mid_lo, mid_hi) both upper neighbours are inside the previous window */
    mid_lo = plo + 1 > j ? plo + 1 : j;
    mid_hi = phi < hi ? phi : hi;
    for (; j < hi && j < mid_lo; j++) {
        int32_t ul = j - 1 >= plo && j - 1 < phi ? prev[j - 1 - plo] : INF;
        int32_t up = j >= plo && j < phi ? prev[j - plo] : INF;
        left = out[j - lo] = cell(ul, up, left, w == ref[j - 1], &o);
        if (ops) ops[j - lo] = o;
    }
    if (ops) {
        for (; j < mid_hi; j++) {
            left = out[j - lo] = cell(prev[j - 1 - plo], prev[j - plo], left, w == ref[j - 1], &o);
            ops[j - lo] = o;
        }
    } else {
        /* the same minimum without the operation (all three are finite here but
         * `left` at the window's start) */
        for (; j < mid_hi; j++) {
            int32_t a = prev[j - 1 - plo] + (w != ref[j - 1]), b = prev[j - plo] + 1;
            int32_t c = left + 1;
            a = b < a ? b : a;
            left = out[j - lo] = c < a ? c : a;
        }
    }
    for (; j < hi; j++) {
        int32_t ul = j - 1 >= plo && j - 1 < phi ? prev[j - 1 - plo] : INF;
        int32_t up = j >= plo && j < phi ? prev[j - plo] : INF;
        left = out[j - lo] = cell(ul, up, left, w == ref[j - 1], &o);
        if (ops) ops[j - lo] = o;
    }
}

/* 1 when row a equals row b plus a constant, stored in *c (INF cells must match).
 * Rows computed from such rows with the same words are then shifted copies too,
 * with the same operations, since every comparison of the recurrence sees the
 * same constant on both sides. */
static int row_offset(const int32_t *a, const int32_t *b, size_t w, int32_t *c)
{
    size_t j;
    int32_t d = 0;
    int have = 0;
    for (j = 0; j < w; j++) {
        if (a[j] == INF || b[j] == INF) {
            if (a[j] != b[j]) return 0;
        } else if (!have) {
            d = a[j] - b[j];
            have = 1;
        } else if (a[j] - b[j] != d) {
            return 0;
        }
    }
    *c = d;
    return 1;
}

static size_t row_width(const ted *t, size_t i) { return (size_t)(t->hi[i] - t->lo[i]); }

/* Rows 1..n of the matrix of t->cur, with operations. */
static void fill_rows(ted *t)
{
    size_t i;
    for (i = 1; i <= t->n; i++)
        row_step(t->cost + t->rowoff[i - 1], t->lo[i - 1], t->hi[i - 1], t->cost + t->rowoff[i],
                 t->op + t->rowoff[i], t->lo[i], t->hi[i], t->cur[i - 1], t->ref);
}

/* Updates the matrix after t->cur changed in words [q, r): rows q+1..n are
 * recomputed until one equals its old value plus a constant c (only possible from
 * row r on, where the words are the old ones again); the rows after it keep their
 * operations and get c added. */
static void refill_rows(ted *t, size_t q, size_t r)
{
    size_t i, j, w;
    int32_t c;
    for (i = q + 1; i <= t->n; i++) {
        int32_t *row = t->cost + t->rowoff[i];
        w = row_width(t, i);
        row_step(t->cost + t->rowoff[i - 1], t->lo[i - 1], t->hi[i - 1], t->roll, t->rollop,
                 t->lo[i], t->hi[i], t->cur[i - 1], t->ref);
        if (i >= r && row_offset(t->roll, row, w, &c)) {
            memcpy(row, t->roll, w * sizeof *row);
            memcpy(t->op + t->rowoff[i], t->rollop, w);
            for (i++; i <= t->n && c != 0; i++) {
                row = t->cost + t->rowoff[i];
                w = row_width(t, i);
                for (j = 0; j < w; j++) row[j] += row[j] == INF ? 0 : c;
            }
            return;
        }
        memcpy(row, t->roll, w * sizeof *row);
        memcpy(t->op + t->rowoff[i], t->rollop, w);
    }
}

/* Edit distance of t->cand, which differs from t->cur (edit distance pre) only in
 * words [q, r). */
static int32_t cand_cost(ted *t, size_t q, size_t r, int32_t pre)
{
    const int32_t *prev = t->cost + t->rowoff[q];
    size_t i;
    for (i = q + 1; i <= t->n; i++) {
        int32_t *out = t->roll + (i & 1) * (t->m + 1);
        int32_t c;
        row_step(prev, t->lo[i - 1], t->hi[i - 1], out, NULL, t->lo[i], t->hi[i], t->cand[i - 1],
                 t->ref);
        if (i >= r && i < t->n && row_offset(out, t->cost + t->rowoff[i], row_width(t, i), &c))
            return pre + c;
        prev = out;
    }
    return prev[t->m - (size_t)t->lo[t->n]];
}

/* The beam distance of t->cand (see cand_cost). The unrestricted distance d from
 * the bit vectors is a lower bound of it, and equal to it when d < t->bound: an
 * optimal path then cannot leave the beam, since any path that does costs at least
 * t->bound. Otherwise the beam rows are computed. */
static int32_t score_cand(ted *t, size_t q, size_t r, int32_t pre)
{
    if (t->use_myers) {
        int32_t d = llmmi_myers_cand(&t->my, t->cand, t->n, q, r);
        if (d < t->bound) return d;
    }
    return cand_cost(t, q, r, pre);
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
 * moved to `target`, Python slice clamping included. Only the words from *q on are
 * written: before *q, and from *r on, cand equals cur (scoring starts at row *q and
 * reads cur's stored rows before it). */
static void perform_shift(ted *t, size_t start, size_t len, size_t target, size_t *q, size_t *r)
{
    const uint32_t *w = t->cur;
    uint32_t *d = t->cand;
    size_t n = t->n, e;
    if (target < start) {
        /* words[:target] + words[start:start+len] + words[target:start] + rest */
        memcpy(d + target, w + start, len * sizeof *w);
        memcpy(d + target + len, w + target, (start - target) * sizeof *w);
        *q = target;
        *r = start + len;
    } else if (target > start + len) {
        /* words[:start] + words[start+len:target] + words[start:start+len] + rest */
        memcpy(d + start, w + start + len, (target - start - len) * sizeof *w);
        memcpy(d + target - len, w + start, len * sizeof *w);
        *q = start;
        *r = target;
    } else {
        /* words[:start] + words[start+len:len+target] + words[start:start+len]
         * + words[len+target:] */
        e = len + target < n ? len + target : n;
        memcpy(d + start, w + start + len, (e - start - len) * sizeof *w);
        memcpy(d + e - len, w + start, len * sizeof *w);
        *q = start;
        *r = e;
    }
    memcpy(d + *r, w + *r, (n - *r) * sizeof *w);
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
                    size_t q, r;
                    if (idx == prev_idx) continue;
                    prev_idx = idx;
                    if ((size_t)idx == sh) {
                        cost = pre; /* the identity shift */
                    } else {
                        perform_shift(t, sh, len, (size_t)idx, &q, &r);
                        cost = score_cand(t, q, r, pre);
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
    size_t checked = 0, shifts = 0, n_ids = 0, k;
    int32_t pre;
    int rc;

    if (m == 0) { /* lib_ter.py:54-58: empty reference, every word is an edit */
        *edits = n;
        return LLMM_OK;
    }
    for (k = 0; k < n; k++)
        if (hyp[k] >= n_ids) n_ids = (size_t)hyp[k] + 1;
    if ((rc = setup(a, ws, n, m, n_ids, &t)) != LLMM_OK) return rc;
    t.ref = ref;
    if (n) memcpy(t.cur, hyp, n * sizeof *hyp);
    fill_rows(&t);
    if (t.use_myers) {
        llmmi_myers_init(&t.my, ref);
        llmmi_myers_rows(&t.my, t.cur, 1, n, n + 1);
    }
    for (;;) { /* lib_ter.py:65-76 */
        shift best = {0, 0, 0, 0, 0};
        size_t q, r;
        pre = t.cost[t.rowoff[n] + m - (size_t)t.lo[n]];
        alignment(&t);
        find_shift(&t, pre, &checked, &best);
        /* the budget ends the search before the round's best shift is applied */
        if (checked >= LLMMI_TER_MAX_SHIFT_CANDIDATES) break;
        if (!best.found || best.gain <= 0) break;
        shifts++;
        perform_shift(&t, best.start, best.len, best.target, &q, &r);
        memcpy(t.cur + q, t.cand + q, (r - q) * sizeof *t.cur);
        refill_rows(&t, q, r);
        if (t.use_myers) llmmi_myers_rows(&t.my, t.cur, q + 1, n, r);
    }
    *edits = (uint64_t)shifts + (uint64_t)pre;
    return LLMM_OK;
}
