/* parity.h - the parity runner's handler interface.
 *
 * The runner reads every *.jsonl in a vectors folder, parses each line, and calls the
 * handler registered for the case's "metric". A handler lives in
 * tests/parity/parity_<family>.c and is registered by writing its definition as
 *
 *     PARITY_METRIC(parity_bleu, "bleu")
 *     {
 *         ... check fields with parity_check_* ...
 *         return parity_outcome_of(c);
 *     }
 *
 * (the Makefile collects PARITY_METRIC lines into build/parity_registry.h, so adding
 * a family never edits a shared file). A metric with no handler is "skipped";
 * a handler must never return PARITY_SKIP for a metric it implements.
 */
#ifndef PARITY_H
#define PARITY_H
#include "json.h"
#include "llmmetrics.h"
#include <stddef.h>
#include <stdint.h>

typedef enum parity_outcome { PARITY_PASS = 0, PARITY_FAIL = 1, PARITY_SKIP = 2 } parity_outcome;

typedef struct parity_case {
    const json_value *root;     /* the whole case object */
    const char *id;             /* root["id"] */
    const char *file;           /* the .jsonl file name (for messages) */
    const char *data_root;      /* parent folder of the vectors folder: data/... resolves here */
    int n_failed;               /* number of failed checks so far */
} parity_case;

#define PARITY_METRIC(fn, name) parity_outcome fn(parity_case *c)

/* Tolerances of vectors/README.md: f64 rel 1e-9 (abs 1e-12), _f32 fields rel 1e-6. */
#define PARITY_REL_F64 1e-9
#define PARITY_ABS_F64 1e-12
#define PARITY_REL_F32 1e-6

/* Each check prints "  FAIL <id> <field>: expected X, got Y" on mismatch, bumps
 * c->n_failed and returns 0; returns 1 on a match. `field` is a printf format. */
int parity_check_f64(parity_case *c, double expected, double got, double rel, const char *field, ...);
/* expected is a JSON number or "NaN"/"Infinity"/"-Infinity"; NaN must match NaN,
 * infinities must match exactly. A JSON null expected fails unless got_is_null. */
int parity_check_json_f64(parity_case *c, const json_value *expected, double got, double rel,
                          const char *field, ...);
int parity_check_int(parity_case *c, int64_t expected, int64_t got, const char *field, ...);
int parity_check_true(parity_case *c, int ok, const char *field, const char *fmt, ...);
/* Records a failure with a free-form message. */
void parity_fail(parity_case *c, const char *field, const char *fmt, ...);

/* An expected {"error": "..."} object: NULL when `expected` is not an error object,
 * else the message. */
const char *parity_expected_error(const json_value *expected);

/* Reads data_root/relpath and splits it on "\n" exactly as vectors/README.md says
 * (the empty piece after a final newline dropped, nothing stripped). The lines are
 * returned as an llmm_strs owned by *buf (free with parity_lines_free). */
typedef struct parity_lines {
    char *data;
    size_t *offsets;
    llmm_strs strs;
} parity_lines;
int parity_read_lines(parity_case *c, const char *relpath, parity_lines *out);
void parity_lines_free(parity_lines *l);

/* Builds an llmm_strs from a JSON array of strings (null elements become missing
 * items). Owned by *out; free with parity_lines_free. Returns 0 on a type error. */
int parity_strs_from_json(const json_value *arr, parity_lines *out);

static inline parity_outcome parity_outcome_of(const parity_case *c)
{
    return c->n_failed ? PARITY_FAIL : PARITY_PASS;
}

#endif
