/* exactsum.c - exact superaccumulator of doubles (see exactsum.h). */
#include "exactsum.h"
#include "serial.h"
#include "llmm_common.h"
#include <math.h>
#include <string.h>

#define N LLMMI_EXACTSUM_LIMBS
#define DIGIT 4294967296.0
#define MASK32 UINT64_C(0xFFFFFFFF)
/* Each add here changes a limb by less than 2^32 (one unit of the budget, exactsum.h). */
#define CARRY_EVERY LLMMI_EXACTSUM_CARRY_EVERY

void llmmi_exactsum_init(llmmi_exactsum *s) { memset(s, 0, sizeof *s); }

/* Propagates carries: limbs 0..N-2 end in [0, 2^32), the top limb holds the sign. */
static void normalize(int64_t *limb)
{
    int i;
    for (i = 0; i < N - 1; i++) {
        int64_t v = limb[i];
        int64_t low = (int64_t)((uint64_t)v & MASK32);
        limb[i] = low;
        limb[i + 1] += (v - low) / (int64_t)4294967296LL; /* exact: v - low = k * 2^32 */
    }
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

static int count_nonfinite(llmmi_exactsum *s, double x, uint64_t w)
{
    if (x != x) {
        s->n_nan = sat_add(s->n_nan, w);
        return 1;
    }
    if (x == HUGE_VAL) {
        s->n_pinf = sat_add(s->n_pinf, w);
        return 1;
    }
    if (x == -HUGE_VAL) {
        s->n_ninf = sat_add(s->n_ninf, w);
        return 1;
    }
    return 0;
}

/* Splits a finite double into |x| = m * 2^(p - 1074), 0 <= p <= 2045, m < 2^53. */
static void decompose(double x, uint64_t *m, int *p, int *neg)
{
    uint64_t bits;
    unsigned e;
    memcpy(&bits, &x, sizeof bits);
    *neg = (int)(bits >> 63);
    e = (unsigned)(bits >> 52) & 0x7FF;
    *m = bits & ((UINT64_C(1) << 52) - 1);
    if (e) {
        *m |= UINT64_C(1) << 52;
        *p = (int)e - 1;
    } else {
        *p = 0;
    }
}

void llmmi_exactsum_carry(llmmi_exactsum *s)
{
    normalize(s->limb);
    s->pending = 1;
}

static void tick(llmmi_exactsum *s)
{
    if (++s->pending >= CARRY_EVERY) {
        normalize(s->limb);
        s->pending = 1;
    }
}

void llmmi_exactsum_add(llmmi_exactsum *s, double x)
{
    uint64_t m, lo;
    int p, neg, i, r;
    if (count_nonfinite(s, x, 1)) return;
    decompose(x, &m, &p, &neg);
    if (!m) return;
    i = p >> 5;
    r = p & 31;
    /* m << r spans three 32-bit digits. */
    lo = (m & ((UINT64_C(1) << (32 - r)) - 1)) << r;
    m >>= 32 - r;
    if (neg) {
        s->limb[i] -= (int64_t)lo;
        s->limb[i + 1] -= (int64_t)(m & MASK32);
        s->limb[i + 2] -= (int64_t)(m >> 32);
    } else {
        s->limb[i] += (int64_t)lo;
        s->limb[i + 1] += (int64_t)(m & MASK32);
        s->limb[i + 2] += (int64_t)(m >> 32);
    }
    tick(s);
}

void llmmi_exactsum_add_mul(llmmi_exactsum *s, double x, uint64_t w)
{
    uint64_t m, m0, m1, w0, w1, p00, p01, p10, p11, c, d[5];
    int p, neg, i, r, k;
    if (w == 0) return;
    if (count_nonfinite(s, x, w)) return;
    decompose(x, &m, &p, &neg);
    if (!m) return;
    /* The 117-bit product m * w as four 32-bit digits. */
    m0 = m & MASK32;
    m1 = m >> 32;
    w0 = w & MASK32;
    w1 = w >> 32;
    p00 = m0 * w0;
    p01 = m0 * w1;
    p10 = m1 * w0;
    p11 = m1 * w1;
    d[0] = p00 & MASK32;
    c = (p00 >> 32) + (p01 & MASK32) + (p10 & MASK32);
    d[1] = c & MASK32;
    c = (c >> 32) + (p01 >> 32) + (p10 >> 32) + (p11 & MASK32);
    d[2] = c & MASK32;
    d[3] = (c >> 32) + (p11 >> 32);
    d[4] = 0;
    i = p >> 5;
    r = p & 31;
    if (r) {
        for (k = 4; k > 0; k--) d[k] = ((d[k] << r) | (d[k - 1] >> (32 - r))) & MASK32;
        d[0] = (d[0] << r) & MASK32;
    }
    for (k = 0; k < 5; k++) {
        if (neg) s->limb[i + k] -= (int64_t)d[k];
        else s->limb[i + k] += (int64_t)d[k];
    }
    tick(s);
}

void llmmi_exactsum_merge(llmmi_exactsum *dst, const llmmi_exactsum *src)
{
    int64_t tmp[N];
    int i;
    memcpy(tmp, src->limb, sizeof tmp);
    normalize(tmp);
    normalize(dst->limb);
    for (i = 0; i < N; i++) dst->limb[i] += tmp[i];
    dst->pending = 2;
    dst->n_nan = sat_add(dst->n_nan, src->n_nan);
    dst->n_pinf = sat_add(dst->n_pinf, src->n_pinf);
    dst->n_ninf = sat_add(dst->n_ninf, src->n_ninf);
}

/* 64 bits of the (non-negative, normalized) integer starting at bit `lo`. */
static uint64_t bits64(const int64_t *limb, int lo)
{
    int i = lo >> 5, r = lo & 31;
    uint64_t a = (uint64_t)limb[i];
    uint64_t b = i + 1 < N ? (uint64_t)limb[i + 1] : 0;
    uint64_t c = i + 2 < N ? (uint64_t)limb[i + 2] : 0;
    if (!r) return a | b << 32;
    return a >> r | b << (32 - r) | c << (64 - r);
}

static int any_bits_below(const int64_t *limb, int lo)
{
    int i = lo >> 5, r = lo & 31, j;
    if (r && ((uint64_t)limb[i] & ((UINT64_C(1) << r) - 1))) return 1;
    for (j = 0; j < i; j++)
        if (limb[j]) return 1;
    return 0;
}

static int top_bit32(uint64_t v)
{
    int b = 0;
    while (v >>= 1) b++;
    return b;
}

double llmmi_exactsum_value(const llmmi_exactsum *s)
{
    int64_t v[N];
    int i, h, top, neg = 0, lo;
    uint64_t w, m, rest;
    double out;
    if (s->n_nan || (s->n_pinf && s->n_ninf)) return NAN;
    if (s->n_pinf) return HUGE_VAL;
    if (s->n_ninf) return -HUGE_VAL;
    memcpy(v, s->limb, sizeof v);
    normalize(v);
    if (v[N - 1] < 0) {
        neg = 1;
        for (i = 0; i < N; i++) v[i] = -v[i];
        normalize(v);
    }
    for (h = N - 1; h >= 0 && v[h] == 0; h--) {}
    if (h < 0) return 0.0;
    top = 32 * h + top_bit32((uint64_t)v[h]);
    if (top < 53) {
        out = ldexp((double)((uint64_t)v[0] | (uint64_t)v[1] << 32), -1074);
    } else {
        if (top < 63) {
            w = ((uint64_t)v[0] | (uint64_t)v[1] << 32) << (63 - top);
            lo = top - 63; /* negative: no bits below */
            rest = w & 0x7FF;
            m = w >> 11;
            if (rest > 0x400 || (rest == 0x400 && (m & 1))) m++;
        } else {
            lo = top - 63;
            w = bits64(v, lo);
            rest = w & 0x7FF;
            m = w >> 11;
            if (rest > 0x400 || (rest == 0x400 && ((m & 1) || any_bits_below(v, lo)))) m++;
        }
        out = ldexp((double)m, lo + 11 - 1074);
    }
    return neg ? -out : out;
}

/* The exact sum divided by d, correctly rounded: the quotient of the magnitude, shifted
 * 64 bits up, by long division (remainder as a sticky bit), rounded half-even to the
 * 53 bits of a normal double or to the 2^-1074 grid of a subnormal one. */
double llmmi_exactsum_div(const llmmi_exactsum *s, uint32_t d)
{
    int64_t v[N], q[N];
    uint64_t rem = 0, cur, w, m, rest;
    int i, h, top, neg = 0, lo;
    if (s->n_nan || s->n_pinf || s->n_ninf || d == 0)
        return llmmi_exactsum_value(s) / (double)d;
    memcpy(v, s->limb, sizeof v);
    normalize(v);
    if (v[N - 1] < 0) {
        neg = 1;
        for (i = 0; i < N; i++) v[i] = -v[i];
        normalize(v);
    }
    /* v < 2^2162 (68 digits), so the two-digit shift fits in N = 72 digits. */
    for (i = N - 1; i >= 0; i--) {
        cur = rem << 32 | (uint64_t)(i >= 2 ? v[i - 2] : 0);
        q[i] = (int64_t)(cur / d);
        rem = cur % d;
    }
    if (rem) q[0] |= 1;
    for (h = N - 1; h >= 0 && q[h] == 0; h--) {}
    if (h < 0) return 0.0;
    /* q is in units of 2^-1138; keep 53 bits, or bits down to 2^-1074 (bit 64). */
    top = 32 * h + top_bit32((uint64_t)q[h]);
    lo = top - 52 > 64 ? top - 52 : 64;
    w = bits64(q, lo - 11);
    rest = w & 0x7FF;
    m = w >> 11;
    if (rest > 0x400 || (rest == 0x400 && ((m & 1) || any_bits_below(q, lo - 11)))) m++;
    /* m <= 2^53 is exact as a double; the scaling is exact. */
    return neg ? -ldexp((double)m, lo - 1138) : ldexp((double)m, lo - 1138);
}

int llmmi_exactsum_is_zero(const llmmi_exactsum *s)
{
    int64_t v[N];
    int i;
    if (s->n_nan || s->n_pinf || s->n_ninf) return 0;
    memcpy(v, s->limb, sizeof v);
    normalize(v);
    for (i = 0; i < N; i++)
        if (v[i]) return 0;
    return 1;
}

/* ---- serialization ------------------------------------------------------------ */

static void limb_range(const int64_t *v, int *first, int *count)
{
    int a = 0, b = N - 1;
    while (a < N && v[a] == 0) a++;
    if (a == N) {
        *first = 0;
        *count = 0;
        return;
    }
    while (v[b] == 0) b--;
    *first = a;
    *count = b - a + 1;
}

size_t llmmi_exactsum_ser_size(const llmmi_exactsum *s)
{
    int64_t v[N];
    int first, count;
    memcpy(v, s->limb, sizeof v);
    normalize(v);
    limb_range(v, &first, &count);
    return 2 + 8 * (size_t)count + 24;
}

size_t llmmi_exactsum_write(const llmmi_exactsum *s, unsigned char *p)
{
    int64_t v[N];
    int first, count, i;
    unsigned char *q = p;
    memcpy(v, s->limb, sizeof v);
    normalize(v);
    limb_range(v, &first, &count);
    *q++ = (unsigned char)first;
    *q++ = (unsigned char)count;
    for (i = 0; i < count; i++, q += 8) llmmi_put_u64(q, (uint64_t)v[first + i]);
    llmmi_put_u64(q, s->n_nan);
    llmmi_put_u64(q + 8, s->n_pinf);
    llmmi_put_u64(q + 16, s->n_ninf);
    return (size_t)(q + 24 - p);
}

int llmmi_exactsum_read(llmmi_exactsum *s, const unsigned char *p, size_t len, size_t *used)
{
    size_t first, count, i, need;
    if (len < 2) return LLMM_EFORMAT;
    first = p[0];
    count = p[1];
    if (first + count > N || (!count && first)) return LLMM_EFORMAT;
    need = 2 + 8 * count + 24;
    if (len < need) return LLMM_EFORMAT;
    llmmi_exactsum_init(s);
    for (i = 0; i < count; i++) {
        int64_t v = (int64_t)llmmi_get_u64(p + 2 + 8 * i);
        size_t k = first + i;
        /* Normalized form: digits in [0, 2^32) below the top limb; the top limb is a
         * small signed carry. */
        if (k < N - 1 ? (v < 0 || v > (int64_t)MASK32) : (v < -4 || v > 4)) return LLMM_EFORMAT;
        /* canonical: the range starts and ends with non-zero limbs */
        if ((i == 0 || i == count - 1) && !v) return LLMM_EFORMAT;
        s->limb[k] = v;
    }
    s->pending = 1;
    s->n_nan = llmmi_get_u64(p + 2 + 8 * count);
    s->n_pinf = llmmi_get_u64(p + 10 + 8 * count);
    s->n_ninf = llmmi_get_u64(p + 18 + 8 * count);
    *used = need;
    return LLMM_OK;
}
