/* rouge_cmd.c - `llmmetrics rouge`: reads predictions and references (line files or
 * JSON Lines), scores them with the public ROUGE API (score_multi per example, exact
 * mean, optional bootstrap intervals) and prints text or JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "jsonl.h"
#include "pyfmt.h"
#include "rouge_args.h"

/* Examples per library call (bounds the per-example buffer without --bootstrap). */
#define CHUNK ((size_t)1 << 16)

/* A batch built item by item: item i is data[off[i] .. off[i+1]). */
typedef struct batch {
    char *data;
    size_t len, cap;
    size_t *off;
    unsigned char *present;
    size_t n, n_cap;
} batch;

typedef struct rouge_run {
    rouge_args args;
    cli_lines preds;        /* line mode */
    cli_lines *refs;
    size_t n_ref_files;
    batch jpred, *jrefs;    /* JSON Lines mode */
    size_t *jline;          /* JSON Lines: line number of example i */
    llmm_strs pred;
    llmm_strs *streams;
    size_t n_streams;
    const char *input_name; /* NULL: standard input */
} rouge_run;

static int batch_push(batch *b, const char *s, size_t len, int present)
{
    if (b->n + 2 > b->n_cap) {
        size_t cap = b->n_cap ? b->n_cap * 2 : 1024;
        size_t *off = realloc(b->off, cap * sizeof *off);
        unsigned char *pr;
        if (!off) return -1;
        b->off = off;
        if (!(pr = realloc(b->present, cap))) return -1;
        b->present = pr;
        b->n_cap = cap;
        if (b->n == 0) b->off[0] = 0;
    }
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        char *d;
        while (cap < b->len + len) cap *= 2;
        if (!(d = realloc(b->data, cap))) return -1;
        b->data = d;
        b->cap = cap;
    }
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->present[b->n] = (unsigned char)(present != 0);
    b->off[++b->n] = b->len;
    return 0;
}

static llmm_strs batch_strs(const batch *b, int with_present)
{
    static const size_t zero = 0;
    llmm_strs s;
    s.data = b->data;
    s.offsets = b->n ? b->off : &zero;
    s.present = with_present && b->n ? b->present : NULL;
    s.count = b->n;
    return s;
}

static void batch_free(batch *b)
{
    free(b->data);
    free(b->off);
    free(b->present);
}

static void run_free(rouge_run *r)
{
    size_t k;
    cli_lines_free(&r->preds);
    for (k = 0; k < r->n_ref_files; k++) cli_lines_free(&r->refs[k]);
    free(r->refs);
    batch_free(&r->jpred);
    for (k = 0; r->jrefs && k < r->n_streams; k++) batch_free(&r->jrefs[k]);
    free(r->jrefs);
    free(r->jline);
    free(r->streams);
    rouge_args_free(&r->args);
}

static int oom(void)
{
    cli_error("out of memory");
    return CLI_EXIT_ERROR;
}

/* ---- reading --------------------------------------------------------------------- */

static int load_lines(rouge_run *r)
{
    const rouge_args *a = &r->args;
    size_t k;
    int rc;
    r->refs = calloc(a->n_refs, sizeof *r->refs);
    r->streams = calloc(a->n_refs, sizeof *r->streams);
    if (!r->refs || !r->streams) return oom();
    for (k = 0; k < a->n_refs; k++) {
        if ((rc = cli_read_lines(a->refs[k], CLI_NL_LF, &r->refs[k])) != 0) return rc;
        r->n_ref_files = k + 1;
    }
    rc = cli_read_lines(r->input_name, r->input_name ? CLI_NL_LF : CLI_NL_UNIVERSAL, &r->preds);
    if (rc) return rc;
    for (k = 0; k < a->n_refs; k++) {
        if (r->refs[k].count != r->preds.count) {
            cli_error("%s has %zu lines, %s has %zu lines", r->preds.name, r->preds.count,
                      r->refs[k].name, r->refs[k].count);
            return CLI_EXIT_ERROR;
        }
        r->streams[k] = cli_lines_slice(&r->refs[k], 0, r->refs[k].count);
    }
    r->pred = cli_lines_slice(&r->preds, 0, r->preds.count);
    r->n_streams = a->n_refs;
    return 0;
}

static int load_jsonl(rouge_run *r)
{
    cli_lines in;
    cli_strbuf buf = {NULL, 0, 0};
    cli_json_member m[2];
    size_t i, k, n_ex = 0;
    int rc = cli_read_lines(r->input_name, r->input_name ? CLI_NL_LF : CLI_NL_UNIVERSAL, &in);
    if (rc) return rc;
    memset(m, 0, sizeof m);
    m[0].key = "prediction";
    m[1].key = "references";
    r->jline = malloc((in.count + 1) * sizeof *r->jline);
    if (!r->jline) rc = oom();
    for (i = 0; i < in.count && !rc; i++) {
        const char *line = in.data + in.offsets[i], *err = NULL;
        size_t len = in.offsets[i + 1] - in.offsets[i];
        if (len == 0) continue; /* blank lines are skipped */
        buf.len = 0;
        if (cli_json_object(line, len, &buf, m, 2, &err)) {
            cli_error("%s:%zu: %s", in.name, i + 1, err);
            rc = CLI_EXIT_ERROR;
        } else if (!m[0].found || m[0].is_array || !m[1].found) {
            cli_error("%s:%zu: need \"prediction\": str and \"references\": [str, ...]",
                      in.name, i + 1);
            rc = CLI_EXIT_ERROR;
        } else if (m[1].n == 0) {
            /* rouge-score's score_multi([]) raises ValueError (np.argmax) */
            cli_error("%s:%zu: no references", in.name, i + 1);
            rc = CLI_EXIT_ERROR;
        } else {
            if (m[1].n > r->n_streams) {
                batch *nb = realloc(r->jrefs, m[1].n * sizeof *nb);
                if (!nb) {
                    rc = oom();
                    break;
                }
                r->jrefs = nb;
                for (k = r->n_streams; k < m[1].n; k++) {
                    size_t j;
                    memset(&r->jrefs[k], 0, sizeof r->jrefs[k]);
                    /* earlier examples had fewer references: missing items */
                    for (j = 0; j < n_ex && !rc; j++)
                        if (batch_push(&r->jrefs[k], NULL, 0, 0)) rc = oom();
                }
                r->n_streams = m[1].n;
            }
            if (!rc && batch_push(&r->jpred, buf.data + m[0].off[0], m[0].len[0], 1)) rc = oom();
            for (k = 0; k < r->n_streams && !rc; k++) {
                int has = k < m[1].n;
                if (batch_push(&r->jrefs[k], has ? buf.data + m[1].off[k] : NULL,
                               has ? m[1].len[k] : 0, has))
                    rc = oom();
            }
            r->jline[n_ex++] = i + 1;
        }
    }
    cli_json_member_free(&m[0]);
    cli_json_member_free(&m[1]);
    free(buf.data);
    cli_lines_free(&in);
    if (rc) return rc;
    r->pred = batch_strs(&r->jpred, 0);
    r->streams = calloc(r->n_streams + 1, sizeof *r->streams);
    if (!r->streams) return oom();
    for (k = 0; k < r->n_streams; k++) r->streams[k] = batch_strs(&r->jrefs[k], 1);
    return 0;
}

/* ---- output ------------------------------------------------------------------------ */

static const char *const FIELD[3] = {"precision", "recall", "fmeasure"};

static double field(const llmm_rouge_prf *s, int m)
{
    return m == 0 ? s->precision : m == 1 ? s->recall : s->fmeasure;
}

static void json_prf(const llmm_rouge_prf *s)
{
    char num[40];
    int m;
    putchar('{');
    for (m = 0; m < 3; m++) {
        py_float_repr(field(s, m), num, sizeof num);
        printf("%s\"%s\": %s", m ? ", " : "", FIELD[m], num);
    }
    putchar('}');
}

static void text_prf(const char *label, const llmm_rouge_prf *s, int w)
{
    printf("%-10s P %.*f  R %.*f  F %.*f\n", label, w, s->precision, w, s->recall, w,
           s->fmeasure);
}

static void print_example(const rouge_args *a, const llmm_rouge_result *res)
{
    int t, first = 1;
    if (a->json) putchar('{');
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        const llmm_rouge_prf *s = &res->score[t];
        if (!(res->types & LLMM_ROUGE_BIT(t))) continue;
        if (a->json) {
            printf("%s\"%s\": ", first ? "" : ", ", llmm_rouge_type_name(t));
            json_prf(s);
        } else {
            printf("%s%s P %.*f R %.*f F %.*f", first ? "" : "\t", llmm_rouge_type_name(t),
                   a->width, s->precision, a->width, s->recall, a->width, s->fmeasure);
        }
        first = 0;
    }
    puts(a->json ? "}" : "");
}

static void print_corpus(const rouge_args *a, uint64_t n, const llmm_rouge_result *mean,
                         const llmm_rouge_aggregate *ci)
{
    int t, first = 1;
    char num[40];
    if (!a->json) {
        for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
            if (!(mean->types & LLMM_ROUGE_BIT(t))) continue;
            text_prf(llmm_rouge_type_name(t), &mean->score[t], a->width);
            if (ci) {
                text_prf("  low", &ci->low.score[t], a->width);
                text_prf("  mid", &ci->mid.score[t], a->width);
                text_prf("  high", &ci->high.score[t], a->width);
            }
        }
        printf("(%llu examples; rouge-score 0.1.2; use_stemmer=%s", (unsigned long long)n,
               a->opts.use_stemmer ? "True" : "False");
        if (ci)
            printf("; bootstrap %.3g%% interval, %zu resamples, seed %llu",
                   100 * a->boot.confidence_interval, a->boot.n_samples,
                   (unsigned long long)a->boot.seed);
        puts(")");
        return;
    }
    printf("{\"n\": %llu, \"use_stemmer\": %s, \"scores\": {", (unsigned long long)n,
           a->opts.use_stemmer ? "true" : "false");
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        if (!(mean->types & LLMM_ROUGE_BIT(t))) continue;
        printf("%s\"%s\": ", first ? "" : ", ", llmm_rouge_type_name(t));
        json_prf(&mean->score[t]);
        first = 0;
    }
    putchar('}');
    if (ci) {
        py_float_repr(a->boot.confidence_interval, num, sizeof num);
        printf(", \"bootstrap\": {\"confidence_interval\": %s, \"n_samples\": %zu, "
               "\"seed\": %llu", num, a->boot.n_samples, (unsigned long long)a->boot.seed);
        for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
            if (!(mean->types & LLMM_ROUGE_BIT(t))) continue;
            printf(", \"%s\": {\"low\": ", llmm_rouge_type_name(t));
            json_prf(&ci->low.score[t]);
            printf(", \"mid\": ");
            json_prf(&ci->mid.score[t]);
            printf(", \"high\": ");
            json_prf(&ci->high.score[t]);
            putchar('}');
        }
        putchar('}');
    }
    puts("}");
}

/* ---- scoring ----------------------------------------------------------------------- */

static int failed(const rouge_run *r, int rc, size_t example)
{
    size_t line = r->jline ? r->jline[example] : example + 1;
    if (rc == LLMM_EEMPTY)
        cli_error("%s:%zu: no references", r->input_name ? r->input_name : "<stdin>", line);
    else
        cli_error("%s:%zu: ROUGE failed: %s (%s)", r->input_name ? r->input_name : "<stdin>",
                  line, llmm_strerror(rc), llmm_status_name(rc));
    return CLI_EXIT_ERROR;
}

static int score(rouge_run *r)
{
    const rouge_args *a = &r->args;
    size_t n = r->pred.count, start, k, keep = a->bootstrap ? n : (n < CHUNK ? n : CHUNK);
    llmm_rouge *scorer = NULL;
    llmm_rouge_result *per = NULL, mean;
    llmm_rouge_stats total, part;
    llmm_rouge_aggregate ci;
    llmm_strs *chunk = NULL;
    int rc = llmm_rouge_create(&scorer, &a->opts, NULL), ret = 0;

    if (rc == LLMM_EUNSUPPORTED) {
        cli_error("--split-summaries with rougeLsum is not supported (rouge-score splits "
                  "sentences with NLTK's Punkt model); put one sentence per line ('\\n')");
        return CLI_EXIT_USAGE;
    }
    if (rc != LLMM_OK) {
        cli_error("invalid ROUGE options: %s", llmm_strerror(rc));
        return CLI_EXIT_USAGE;
    }
    if (n == 0) {
        cli_error("%s contains no prediction", r->input_name ? r->input_name : "<stdin>");
        llmm_rouge_free(scorer);
        return CLI_EXIT_ERROR;
    }
    per = malloc((keep ? keep : 1) * sizeof *per);
    chunk = malloc((r->n_streams + 1) * sizeof *chunk);
    if (!per || !chunk) {
        ret = oom();
        goto done;
    }
    llmm_rouge_stats_init(&total);
    for (start = 0; start < n; start += CHUNK) {
        size_t m = n - start < CHUNK ? n - start : CHUNK, bad = 0, i;
        llmm_strs p = r->pred;
        llmm_rouge_result *out = a->bootstrap ? per + start : per;
        p.offsets += start;
        p.count = m;
        for (k = 0; k < r->n_streams; k++) {
            chunk[k] = r->streams[k];
            chunk[k].offsets += start;
            chunk[k].count = m;
            if (chunk[k].present) chunk[k].present += start;
        }
        rc = llmm_rouge_extract_corpus(scorer, &p, chunk, r->n_streams, &part, out, &bad);
        if (rc != LLMM_OK) {
            ret = failed(r, rc, start + bad);
            goto done;
        }
        llmm_rouge_stats_merge(&total, &part);
        for (i = 0; a->sentence_level && i < m; i++) print_example(a, &out[i]);
    }
    if (!a->sentence_level) {
        if ((rc = llmm_rouge_finalize(&total, &mean)) != LLMM_OK ||
            (a->bootstrap && (rc = llmm_rouge_bootstrap(per, n, &a->boot, &ci, NULL)) != LLMM_OK)) {
            cli_error("ROUGE failed: %s", llmm_strerror(rc));
            ret = CLI_EXIT_ERROR;
            goto done;
        }
        print_corpus(a, total.n, &mean, a->bootstrap ? &ci : NULL);
    }
done:
    free(per);
    free(chunk);
    llmm_rouge_free(scorer);
    return ret;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int cli_rouge_main(int argc, char **argv)
{
    rouge_run r;
    int rc;
    memset(&r, 0, sizeof r);
    rc = rouge_args_parse(argc, argv, &r.args);
    if (rc < 0) {
        const rouge_args *a = &r.args;
        r.input_name = a->input && strcmp(a->input, "-") != 0 ? a->input : NULL;
        if (a->jsonl || a->n_refs == 0 || (r.input_name && ends_with(r.input_name, ".jsonl"))) {
            if (a->n_refs) {
                cli_error("-r/--references cannot be combined with JSON Lines input");
                rc = CLI_EXIT_USAGE;
            } else {
                rc = load_jsonl(&r);
            }
        } else {
            rc = load_lines(&r);
        }
        if (rc == 0) rc = score(&r);
    }
    run_free(&r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        return CLI_EXIT_ERROR;
    }
    return rc;
}
