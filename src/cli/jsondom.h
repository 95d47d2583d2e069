/* jsondom.h - a small strict JSON reader (a DOM: numbers, booleans, strings, arrays,
 * objects) for the JSON-lines inputs of the `calibration` and `fairness` subcommands,
 * which need numbers and booleans (jsonl.h extracts strings only). */
#ifndef LLMM_CLI_JSONDOM_H
#define LLMM_CLI_JSONDOM_H

#include <stddef.h>

typedef enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type;

typedef struct jv {
    jv_type type;
    double num;            /* JV_NUMBER (strtod: correctly rounded); JV_BOOL: 0 / 1 */
    int is_int;            /* JV_NUMBER written without '.', 'e' or 'E' */
    char *str;             /* JV_STRING: decoded UTF-8, NUL-terminated */
    size_t len;            /* JV_STRING: bytes; JV_ARRAY / JV_OBJECT: members */
    struct jv *items;      /* JV_ARRAY elements, JV_OBJECT values */
    char **keys;           /* JV_OBJECT keys (decoded, NUL-terminated) */
} jv;

/* Parses `len` bytes holding exactly one JSON value (surrounding whitespace allowed).
 * Returns 0 and fills *out, or -1 with a message in err (err_cap bytes). */
int jv_parse(const char *text, size_t len, jv *out, char *err, size_t err_cap);
void jv_free(jv *v);
/* Member of an object, or NULL. */
const jv *jv_get(const jv *obj, const char *key);

#endif
