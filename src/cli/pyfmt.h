/* pyfmt.h - Python-compatible number and JSON string formatting, so the tool prints
 * byte-for-byte what sacrebleu prints (f-strings, repr(float), json.dumps). */
#ifndef LLMM_CLI_PYFMT_H
#define LLMM_CLI_PYFMT_H

#include <stddef.h>
#include <stdio.h>

/* repr(x) of a Python float: the shortest string that round-trips, fixed notation when
 * the decimal exponent is in [-4, 16), else "1e+16" style; json.dumps spells the
 * non-finite values NaN, Infinity, -Infinity. `cap` >= 32 is always enough. */
void py_float_repr(double x, char *buf, size_t cap);

/* json.dumps(float(f"{x:.{width}f}")): the score as sacrebleu's JSON output holds it. */
void py_json_rounded(double x, int width, char *buf, size_t cap);

/* Writes s as a JSON string literal like json.dumps(s, ensure_ascii=False). */
void py_json_string(FILE *out, const char *s);

#endif
