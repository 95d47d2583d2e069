/* special.h - the special functions behind the correlation p-values. Thread-safe
 * (no libm lgamma: it writes the global signgam). Accuracy: relative ~1e-13 or
 * better over the parameter ranges the correlation tests use (docs/correlation.md). */
#ifndef LLMMI_SPECIAL_H
#define LLMMI_SPECIAL_H

/* log Gamma(x) for x > 0 (NaN otherwise). */
double llmmi_lgamma(double x);
/* log B(a, b) for a, b > 0. */
double llmmi_lbeta(double a, double b);
/* Regularized incomplete beta I_x(a, b) for a, b > 0, given x and y = 1 - x (both
 * passed so that a caller holding 1 - x exactly loses nothing); NaN outside the domain. */
double llmmi_betainc(double a, double b, double x, double y);
/* Student t CDF with df > 0 degrees of freedom (scipy.special.stdtr); NaN for df <= 0. */
double llmmi_stdtr(double df, double t);
/* Standard normal CDF (scipy.special.ndtr, cephes formulation with erf/erfc). */
double llmmi_ndtr(double x);

#endif
