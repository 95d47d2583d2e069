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
 * (the Makefile collects PARITY_METRIC lines, which must start at column 0, into
 * build/parity_registry.h as PARITY_ENTRY(fn, "name"), so adding a family never edits
 * a shared file; tests/parity/selftest/ proves the runner). A metric with no handler is "skipped";
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
 * c->n_failed and returns 0; returns 1 on a match. `field` is a printf format.
 * Floats match iff |got-expected| <= max(PARITY_ABS_F64, rel*|expected|); rel == 0
 * means exact equality; NaN matches only NaN and an infinity only itself. */
int parity_check_f64(parity_case *c, double expected, double got, double rel, const char *field, ...);
/* Same with an explicit absolute tolerance (0 = none). */
int parity_check_f64_tol(parity_case *c, double expected, double got, double rel, double abs_tol,
                         const char *field, ...);
/* expected is a JSON number or "NaN"/"Infinity"/"-Infinity"; NaN must match NaN,
 * infinities must match exactly. A JSON null expected fails unless got_is_null. */
int parity_check_json_f64(parity_case *c, const json_value *expected, double got, double rel,
                          const char *field, ...);
/* The null-aware form: got_is_null says the result is "None"/not applicable; it
 * matches only a JSON null (and `got` is then ignored). A missing expected (NULL)
 * or an error object always fails. A JSON integer expected with rel == 0 is exact. */
int parity_check_json_opt_f64(parity_case *c, const json_value *expected, int got_is_null,
                              double got, double rel, const char *field, ...);
int parity_check_int(parity_case *c, int64_t expected, int64_t got, const char *field, ...);
int parity_check_true(parity_case *c, int ok, const char *field, const char *fmt, ...);
/* Records a failure with a free-form message. */
void parity_fail(parity_case *c, const char *field, const char *fmt, ...);
/* Exact string comparison (bytes, may contain NUL); expected must be a JSON string. */
int parity_check_str(parity_case *c, const json_value *expected, const char *got, size_t got_len,
                     const char *field, ...);

/* Shortest "%.{15,16,17}g" text that round-trips d (NaN/Infinity/-Infinity spelled as in
 * the vectors); buf needs 32 bytes. Returns buf. */
const char *parity_fmt_f64(double d, char *buf);

/* An expected {"error": "..."} object: NULL when `expected` is not an error object,
 * else the message. */
const char *parity_expected_error(const json_value *expected);

/* Reads data_root/relpath and splits it on "\n" exactly as vectors/README.md says
 * (the empty piece after a final newline dropped, nothing stripped). The lines are
 * returned as an llmm_strs owned by *buf (free with parity_lines_free).
 * Returns 1, or 0 after recording a failure (unreadable file) with parity_fail. */
typedef struct parity_lines {
    char *data;
    size_t *offsets;
    llmm_strs strs;
} parity_lines;
int parity_read_lines(parity_case *c, const char *relpath, parity_lines *out);
void parity_lines_free(parity_lines *l);

/* Builds an llmm_strs from a JSON array of strings (null elements become missing
 * items: strs.present is then non-NULL). Owned by *out; free with parity_lines_free.
 * Returns 1, or 0 on a type error (*out is then empty and safe to free). */
int parity_strs_from_json(const json_value *arr, parity_lines *out);

static inline parity_outcome parity_outcome_of(const parity_case *c)
{
    return c->n_failed ? PARITY_FAIL : PARITY_PASS;
}

#endif
