/* pyfmt.c - Python-compatible formatting (see pyfmt.h). */
#include "pyfmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void py_float_repr(double x, char *buf, size_t cap)
{
    char tmp[40], digits[24];
    int prec, exp10, nd = 0, decpt, i;
    size_t pos = 0;
    const char *p;

    if (isnan(x)) {
        snprintf(buf, cap, "NaN");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, cap, x < 0 ? "-Infinity" : "Infinity");
        return;
    }
    if (x == 0) {
        snprintf(buf, cap, signbit(x) ? "-0.0" : "0.0");
        return;
    }
    /* Shortest round-tripping precision (CPython's repr uses David Gay's shortest mode;
     * for a correctly rounding printf/strtod pair this search finds the same digits). */
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    /* tmp is "[-]d.ddde[+-]XX": collect the digits and the exponent. */
    p = tmp;
    if (*p == '-')
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    decpt = exp10 + 1;

    if (x < 0)
        tmp[pos++] = '-';
    if (decpt <= -4 || decpt > 16) {
        tmp[pos++] = digits[0];
        if (nd > 1) {
            tmp[pos++] = '.';
            for (i = 1; i < nd; i++)
                tmp[pos++] = digits[i];
        }
        snprintf(tmp + pos, sizeof tmp - pos, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    } else {
        if (decpt <= 0) {
            tmp[pos++] = '0';
            tmp[pos++] = '.';
            for (i = 0; i < -decpt; i++)
                tmp[pos++] = '0';
            for (i = 0; i < nd; i++)
                tmp[pos++] = digits[i];
        } else if (decpt >= nd) {
            for (i = 0; i < nd; i++)
                tmp[pos++] = digits[i];
            for (i = nd; i < decpt; i++)
                tmp[pos++] = '0';
            tmp[pos++] = '.';
            tmp[pos++] = '0';
        } else {
            for (i = 0; i < nd; i++) {
                if (i == decpt)
                    tmp[pos++] = '.';
                tmp[pos++] = digits[i];
            }
        }
        tmp[pos] = '\0';
    }
    snprintf(buf, cap, "%s", tmp);
}

void py_json_rounded(double x, int width, char *buf, size_t cap)
{
    char *tmp;
    size_t need;
    if (!isfinite(x)) {
        py_float_repr(x, buf, cap);
        return;
    }
    need = (size_t)snprintf(NULL, 0, "%.*f", width, x) + 1;
    tmp = malloc(need);
    if (!tmp) {
        py_float_repr(x, buf, cap);
        return;
    }
    snprintf(tmp, need, "%.*f", width, x);
    py_float_repr(strtod(tmp, NULL), buf, cap);
    free(tmp);
}

void py_json_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', out);
    for (; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}
