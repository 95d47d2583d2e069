/* json.h - a small strict JSON reader (DOM) for the parity runner. Test code only. */
#ifndef PARITY_JSON_H
#define PARITY_JSON_H
#include <stddef.h>
#include <stdint.h>

typedef enum json_type {
    JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
} json_type;

typedef struct json_value json_value;

/* Parses one JSON text of `len` bytes. Returns NULL on a syntax error (and puts a
 * message in err, if non-NULL, of err_cap bytes). Free with json_free. */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_cap);
void json_free(json_value *v);

json_type json_kind(const json_value *v);          /* JSON_NULL for v == NULL */
const json_value *json_get(const json_value *obj, const char *key); /* NULL if absent */
size_t json_len(const json_value *v);              /* array/object size, else 0 */
const json_value *json_at(const json_value *v, size_t i); /* array element / object value */
const char *json_key_at(const json_value *obj, size_t i);

/* Numbers. json_num also accepts the strings "NaN", "Infinity", "-Infinity"
 * (the vectors' non-finite encoding). Parsed with strtod (correctly rounded). */
double json_num(const json_value *v);
int json_is_num(const json_value *v);              /* number or non-finite string */
int json_is_int(const json_value *v);              /* number written without . or e */
int64_t json_int(const json_value *v);
int json_bool(const json_value *v);
/* Decoded string (UTF-8, may contain NUL bytes; also NUL-terminated). */
const char *json_str(const json_value *v, size_t *len);
/* The literal text of a number as written in the file (for messages), else NULL. */
const char *json_number_text(const json_value *v);

#endif
