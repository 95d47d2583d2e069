/* special.c - log-gamma, log-beta, the regularized incomplete beta function, and the
 * Student t and normal CDFs.
 *
 * lgamma: Stirling's series with 8 correction terms for x >= 10 (error < 1e-17
 * relative to the correction), upward recurrence below. lbeta avoids the cancellation
 * of lgamma(a) + lgamma(b) - lgamma(a+b) for large arguments by combining the Stirling
 * forms analytically. I_x(a, b): x^a y^b / (a B(a,b)) times the continued fraction of
 * Numerical Recipes (modified Lentz), evaluated on the side x < (a+1)/(a+b+2) where it
 * converges fast, with I_x(a,b) = 1 - I_y(b,a) on the other side. */
#include "special.h"
#include <math.h>

#define LN_SQRT_2PI 0.91893853320467274178032973640562 /* log(sqrt(2 pi)) */

/* mu(x) = lgamma(x) - [(x - 1/2) log x - x + log sqrt(2 pi)], x >= 10 */
static double stirling_corr(double x)
{
    static const double c[8] = {1.0 / 12,      -1.0 / 360,       1.0 / 1260,
                                -1.0 / 1680,   1.0 / 1188,       -691.0 / 360360,
                                1.0 / 156,     -3617.0 / 122400};
    double z = 1.0 / (x * x), s = c[7];
    int i;
    for (i = 6; i >= 0; i--) s = s * z + c[i];
    return s / x;
}

double llmmi_lgamma(double x)
{
    double prod = 1.0;
    if (!(x > 0) || x != x) return NAN;
    if (x == HUGE_VAL) return HUGE_VAL;
    while (x < 10) {
        prod *= x;
        x += 1;
    }
    return (x - 0.5) * log(x) - x + LN_SQRT_2PI + stirling_corr(x) - log(prod);
}

double llmmi_lbeta(double a, double b)
{
    double t;
    if (!(a > 0) || !(b > 0)) return NAN;
    if (a < b) {
        t = a;
        a = b;
        b = t;
    }
    /* now a >= b */
    if (b >= 10) {
        /* log B = log sqrt(2 pi) - log(b)/2 + b log(b/(a+b)) - (a - 1/2) log1p(b/a)
         *         + mu(a) + mu(b) - mu(a+b) */
        return LN_SQRT_2PI - 0.5 * log(b) + b * log(b / (a + b)) - (a - 0.5) * log1p(b / a) +
               (stirling_corr(a) + stirling_corr(b) - stirling_corr(a + b));
    }
    if (a >= 10) {
        /* lgamma(a) - lgamma(a+b) = -(a - 1/2) log1p(b/a) - b log(a+b) + b + mu(a) - mu(a+b) */
        return llmmi_lgamma(b) - (a - 0.5) * log1p(b / a) - b * log(a + b) + b +
               (stirling_corr(a) - stirling_corr(a + b));
    }
    return llmmi_lgamma(a) + llmmi_lgamma(b) - llmmi_lgamma(a + b);
}

/* Continued fraction for I_x(a,b) (NR betacf), valid for x < (a+1)/(a+b+2). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-16;
    double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d, h;
    int m;
    d = 1 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1 / d;
    h = d;
    for (m = 1; m <= 100000; m++) {
        double m2 = 2.0 * m, aa, del;
        aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        del = d * c;
        h *= del;
        if (fabs(del - 1) < eps) break;
    }
    return h;
}

/* I_x(a,b) on the convergent side: exp(a log x + b log y - log B(a,b)) / a * cf */
static double betainc_direct(double a, double b, double x, double y)
{
    /* log of the larger of x, y through log1p of the smaller: both are exact inputs */
    double lx = x > 0.5 ? log1p(-y) : log(x), ly = y > 0.5 ? log1p(-x) : log(y);
    double lp = a * lx + b * ly - llmmi_lbeta(a, b);
    return exp(lp) / a * betacf(a, b, x);
}

double llmmi_betainc(double a, double b, double x, double y)
{
    if (!(a > 0) || !(b > 0) || x != x || y != y || x < 0 || y < 0) return NAN;
    if (x == 0) return 0;
    if (y == 0) return 1;
    if (x < (a + 1) / (a + b + 2)) return betainc_direct(a, b, x, y);
    return 1 - betainc_direct(b, a, y, x);
}

double llmmi_stdtr(double df, double t)
{
    double t2, p;
    if (!(df > 0) || t != t) return NAN;
    if (t == 0) return 0.5;
    if (isinf(t)) return t < 0 ? 0.0 : 1.0;
    t2 = t * t;
    /* P(T < -|t|) = I_{df/(df+t^2)}(df/2, 1/2) / 2 */
    p = 0.5 * llmmi_betainc(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
    return t < 0 ? p : 1 - p;
}

double llmmi_ndtr(double a)
{
    /* cephes ndtr (scipy.special.ndtr): x = a/sqrt(2); erf near 0, erfc in the tails */
    double x, z, y;
    if (a != a) return NAN;
    x = a * 0.70710678118654752440;
    z = fabs(x);
    if (z < 0.70710678118654752440) return 0.5 + 0.5 * erf(x);
    y = 0.5 * erfc(z);
    return x > 0 ? 1.0 - y : y;
}
