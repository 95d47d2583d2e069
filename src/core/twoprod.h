/* twoprod.h - exact products for the exact accumulator.
 *
 * For finite doubles a, b whose product neither overflows nor underflows, a*b is
 * exactly p + e with p = fl(a*b) and e = fma(a, b, -p) (the FMA two-product), so adding
 * both halves to an llmmi_exactsum accumulates the product without rounding. */
#ifndef LLMMI_TWOPROD_H
#define LLMMI_TWOPROD_H
#include "exactsum.h"
#include <math.h>

static inline void llmmi_exactsum_add_prod(llmmi_exactsum *s, double a, double b)
{
    double p = a * b;
    llmmi_exactsum_add(s, p);
    llmmi_exactsum_add(s, fma(a, b, -p));
}

#endif
