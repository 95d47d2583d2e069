/* rank_sort.c - the two document orders the ranking metrics use.
 *
 * llmmi_argsort_numpy: numpy 1.24 np.argsort(kind='quicksort') on float64 without NaN,
 * i.e. numpy's aquicksort (numpy/core/src/npysort/quicksort.cpp): introsort with
 * median-of-3 partitioning, insertion sort up to 16 elements, heapsort (aheapsort)
 * past depth 2*floor(log2 n). It is not stable, and sklearn's ndcg_score(ignore_ties=True)
 * ranks documents by np.argsort(y_score)[::-1], so which of two tied documents comes
 * first is decided by this exact algorithm (REFERENCE-QUIRKS.md 10.5: ties in
 * ndcg_score are averaged unless ignore_ties).
 *
 * llmmi_order_desc: descending score, ties by ascending index (a stable sort), the
 * order of the plain MRR / MAP / P@k formulas. */
#include "rank_internal.h"

#define SMALL_QUICKSORT 15
#define PYA_QS_STACK 128

static void aheapsort(const double *v, size_t *tosort, ptrdiff_t n)
{
    size_t *a = tosort - 1, tmp;
    ptrdiff_t i, j, l;
    for (l = n >> 1; l > 0; --l) {
        tmp = a[l];
        for (i = l, j = l << 1; j <= n;) {
            if (j < n && v[a[j]] < v[a[j + 1]]) j += 1;
            if (v[tmp] < v[a[j]]) {
                a[i] = a[j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[i] = tmp;
    }
    for (; n > 1;) {
        tmp = a[n];
        a[n] = a[1];
        n -= 1;
        for (i = 1, j = 2; j <= n;) {
            if (j < n && v[a[j]] < v[a[j + 1]]) j++;
            if (v[tmp] < v[a[j]]) {
                a[i] = a[j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[i] = tmp;
    }
}

#define SWAP(a, b)                                                                          \
    do {                                                                                    \
        size_t t_ = (a);                                                                    \
        (a) = (b);                                                                          \
        (b) = t_;                                                                           \
    } while (0)

void llmmi_argsort_numpy(const double *v, size_t num, size_t *tosort)
{
    size_t *pl = tosort, *pr, *pm, *pi, *pj, *pk, vi;
    size_t *stack[PYA_QS_STACK], **sptr = stack;
    int depth[PYA_QS_STACK], *psdepth = depth, cdepth = 0;
    double vp;
    size_t i, u;
    for (i = 0; i < num; i++) tosort[i] = i;
    if (num < 2) return;
    pr = tosort + num - 1;
    for (u = num; u >>= 1;) cdepth++; /* npy_get_msb(num) */
    cdepth *= 2;
    for (;;) {
        if (cdepth < 0) {
            aheapsort(v, pl, pr - pl + 1);
            goto stack_pop;
        }
        while ((pr - pl) > SMALL_QUICKSORT) {
            pm = pl + ((pr - pl) >> 1);
            if (v[*pm] < v[*pl]) SWAP(*pm, *pl);
            if (v[*pr] < v[*pm]) SWAP(*pr, *pm);
            if (v[*pm] < v[*pl]) SWAP(*pm, *pl);
            vp = v[*pm];
            pi = pl;
            pj = pr - 1;
            SWAP(*pm, *pj);
            for (;;) {
                do {
                    ++pi;
                } while (v[*pi] < vp);
                do {
                    --pj;
                } while (vp < v[*pj]);
                if (pi >= pj) break;
                SWAP(*pi, *pj);
            }
            pk = pr - 1;
            SWAP(*pi, *pk);
            /* push the larger partition on the stack */
            if (pi - pl < pr - pi) {
                *sptr++ = pi + 1;
                *sptr++ = pr;
                pr = pi - 1;
            } else {
                *sptr++ = pl;
                *sptr++ = pi - 1;
                pl = pi + 1;
            }
            *psdepth++ = --cdepth;
        }
        /* insertion sort */
        for (pi = pl + 1; pi <= pr; ++pi) {
            vi = *pi;
            vp = v[vi];
            pj = pi;
            pk = pi - 1;
            while (pj > pl && vp < v[*pk]) *pj-- = *pk--;
            *pj = vi;
        }
    stack_pop:
        if (sptr == stack) break;
        pr = *(--sptr);
        pl = *(--sptr);
        cdepth = *(--psdepth);
    }
}

void llmmi_order_desc(const double *v, size_t n, llmmi_kv *tmp, size_t *order)
{
    size_t i;
    for (i = 0; i < n; i++) {
        tmp[i].k = ~llmmi_f64_key(v[i]); /* descending; the stable sort keeps index order */
        tmp[i].v = i;
    }
    llmmi_radix_sort_kv(tmp, tmp + n, n);
    for (i = 0; i < n; i++) order[i] = (size_t)tmp[i].v;
}
