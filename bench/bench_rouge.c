/* bench_rouge.c - ROUGE on ../shared/data/summ (REALSumm, 2,500 prediction/reference
 * pairs): all four types with stemming (rouge-score's RougeScorer(["rouge1", "rouge2",
 * "rougeL", "rougeLsum"], use_stemmer=True)), each type alone, a cold scorer per pass
 * (stems computed again), and one 50,000-token summary against a 50,000-token
 * reference with its peak memory. */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Process CPU seconds: on a machine shared with other jobs, pairs per CPU second are
 * steadier than pairs per wall-clock second; both are printed. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs the statement until `min_sec` of wall time elapsed; sets per_run_ (wall) and
 * cpu_per_run_ (CPU) seconds per run. */
#define TIME_RUNS(min_sec, ...)                                  \
    do {                                                          \
        double t0_ = bench_now(), c0_ = cpu_now(), el_;           \
        runs_ = 0;                                                \
        do { __VA_ARGS__; runs_++; el_ = bench_now() - t0_; }     \
        while (el_ < (min_sec));                                  \
        per_run_ = el_ / runs_;                                   \
        cpu_per_run_ = (cpu_now() - c0_) / runs_;                 \
    } while (0)

typedef struct pairs {
    char *buf;             /* predictions and references, back to back */
    size_t len, cap;
    size_t *pred, *ref;    /* [start, end) offsets: pred[2i], pred[2i+1] */
    size_t n, n_cap;
} pairs;

static void put(pairs *p, const char *s, size_t n)
{
    if (p->len + n > p->cap) {
        while (p->len + n > p->cap) p->cap = p->cap ? p->cap * 2 : 1 << 20;
        p->buf = realloc(p->buf, p->cap);
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
}

static void put_cp(pairs *p, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 63)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | (cp >> 6 & 63));
        b[2] = (char)(0x80 | (cp & 63)); n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | (cp >> 12 & 63));
        b[2] = (char)(0x80 | (cp >> 6 & 63)); b[3] = (char)(0x80 | (cp & 63)); n = 4;
    }
    put(p, b, n);
}

/* Decodes the JSON string starting after the quote at s; returns the end (after the
 * closing quote). Enough JSON for the data files (all escapes, surrogate pairs). */
static const char *json_string(pairs *p, const char *s)
{
    while (*s && *s != '"') {
        if (*s != '\\') { put(p, s++, 1); continue; }
        s++;
        switch (*s) {
        case 'n': put(p, "\n", 1); break;
        case 't': put(p, "\t", 1); break;
        case 'r': put(p, "\r", 1); break;
        case 'b': put(p, "\b", 1); break;
        case 'f': put(p, "\f", 1); break;
        case 'u': {
            unsigned long cp = strtoul((char[5]){s[1], s[2], s[3], s[4], 0}, NULL, 16);
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
                unsigned long lo = strtoul((char[5]){s[3], s[4], s[5], s[6], 0}, NULL, 16);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
            put_cp(p, cp);
            break;
        }
        default: put(p, s, 1);
        }
        s++;
    }
    return *s ? s + 1 : s;
}

static int load_jsonl(const char *path, pairs *p)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    if (!f) return -1;
    while ((got = getline(&line, &cap, f)) > 0) {
        const char *a = strstr(line, "\"prediction\": \""), *b = strstr(line, "\"references\": [\"");
        if (!a || !b) continue;
        if (p->n == p->n_cap) {
            p->n_cap = p->n_cap ? p->n_cap * 2 : 1024;
            p->pred = realloc(p->pred, 2 * p->n_cap * sizeof *p->pred);
            p->ref = realloc(p->ref, 2 * p->n_cap * sizeof *p->ref);
        }
        p->pred[2 * p->n] = p->len;
        json_string(p, a + 15);
        p->pred[2 * p->n + 1] = p->len;
        p->ref[2 * p->n] = p->len;
        json_string(p, b + 16);
        p->ref[2 * p->n + 1] = p->len;
        p->n++;
    }
    free(line);
    fclose(f);
    return 0;
}

static llmm_str at(const pairs *p, const size_t *off, size_t i)
{
    llmm_str s;
    s.ptr = p->buf + off[2 * i];
    s.len = off[2 * i + 1] - off[2 * i];
    return s;
}

static double score_all(llmm_rouge *r, const pairs *p, llmm_rouge_stats *total)
{
    size_t i;
    llmm_rouge_result res;
    llmm_rouge_stats_init(total);
    for (i = 0; i < p->n; i++) {
        llmm_str ref = at(p, p->ref, i);
        if (llmm_rouge_score(r, at(p, p->pred, i), ref, &res) != LLMM_OK) return -1;
        llmm_rouge_stats_add(total, &res);
    }
    return 0;
}

/* peak-tracking allocator for the long-input run */
typedef struct peak { size_t live, peak; } peak;
static void *pk_alloc(void *u, size_t n)
{
    peak *k = u;
    size_t *b = malloc(n + 16);
    if (!b) return NULL;
    b[0] = n;
    k->live += n;
    if (k->live > k->peak) k->peak = k->live;
    return b + 2;
}
static void pk_free(void *u, void *p, size_t n)
{
    peak *k = u;
    (void)n;
    if (!p) return;
    k->live -= ((size_t *)p)[-2];
    free((size_t *)p - 2);
}

static void long_pair(void)
{
    /* 50,000 tokens each: words from a 2,000-word vocabulary, 25-token lines, and the
     * same texts as single lines */
    size_t n = 50000, k, len;
    char *a = malloc(n * 8), *b = malloc(n * 8);
    unsigned long x = 1;
    int single;
    for (single = 0; single < 2; single++) {
        peak pk = {0, 0};
        llmm_allocator al = {pk_alloc, NULL, pk_free, &pk};
        llmm_rouge_options o;
        llmm_rouge *r = NULL;
        llmm_rouge_result res;
        llmm_str sa, sb;
        double t0;
        char *bufs[2] = {a, b};
        int side;
        for (side = 0; side < 2; side++) {
            char *s = bufs[side];
            len = 0;
            for (k = 0; k < n; k++) {
                x = x * 6364136223846793005ul + 1442695040888963407ul;
                len += (size_t)sprintf(s + len, "w%lu", (x >> 33) % 2000);
                s[len++] = (!single && k % 25 == 24) ? '\n' : ' ';
            }
            if (side == 0) sa.len = len; else sb.len = len;
        }
        sa.ptr = a;
        sb.ptr = b;
        llmm_rouge_options_default(&o);
        o.use_stemmer = 1;
        llmm_rouge_create(&r, &o, &al);
        t0 = bench_now();
        if (llmm_rouge_score(r, sa, sb, &res) == LLMM_OK)
            printf("  50,000 vs 50,000 tokens, %s: %.3f s, peak %.1f MB (rougeLsum F %.4f)\n",
                   single ? "one line each" : "25-token lines", bench_now() - t0,
                   pk.peak / 1e6, res.score[LLMM_ROUGE_LSUM].fmeasure);
        llmm_rouge_free(r);
    }
    free(a);
    free(b);
}

void bench_rouge(const char *data_dir)
{
    static const char *const files[2] = {"realsumm_cnndm_abs.jsonl", "realsumm_cnndm_ext.jsonl"};
    pairs p;
    char path[4096];
    llmm_rouge_options o;
    llmm_rouge *r = NULL;
    llmm_rouge_stats total;
    llmm_rouge_result mean;
    double per_run_, cpu_per_run_;
    long runs_;
    int f, t;
    memset(&p, 0, sizeof p);
    for (f = 0; f < 2; f++) {
        snprintf(path, sizeof path, "%s/summ/%s", data_dir, files[f]);
        if (load_jsonl(path, &p)) {
            printf("rouge: %s missing, skipped\n", path);
            return;
        }
    }
    printf("ROUGE: %s/summ (%zu pairs, %zu bytes)\n", data_dir, p.n, p.len);
    llmm_rouge_options_default(&o);
    o.use_stemmer = 1;
    llmm_rouge_create(&r, &o, NULL);
    TIME_RUNS(1.0, score_all(r, &p, &total));
    llmm_rouge_finalize(&total, &mean);
    printf("  rouge1+2+L+Lsum, stemmed: %.0f pairs/s, %.0f pairs/CPU-s (mean F: %.4f %.4f "
           "%.4f %.4f)\n", p.n / per_run_, p.n / cpu_per_run_, mean.score[0].fmeasure, mean.score[1].fmeasure,
           mean.score[LLMM_ROUGE_L].fmeasure, mean.score[LLMM_ROUGE_LSUM].fmeasure);
    llmm_rouge_free(r);
    TIME_RUNS(1.0, {
        llmm_rouge_create(&r, &o, NULL);
        score_all(r, &p, &total);
        llmm_rouge_free(r);
    });
    printf("  same, cold token/stem cache per pass: %.0f pairs/s, %.0f pairs/CPU-s\n",
           p.n / per_run_, p.n / cpu_per_run_);
    o.use_stemmer = 0;
    llmm_rouge_create(&r, &o, NULL);
    TIME_RUNS(1.0, score_all(r, &p, &total));
    printf("  rouge1+2+L+Lsum, no stemmer: %.0f pairs/s, %.0f pairs/CPU-s\n", p.n / per_run_,
           p.n / cpu_per_run_);
    llmm_rouge_free(r);
    for (t = 0; t < LLMM_ROUGE_TYPE_COUNT; t++) {
        if (t != LLMM_ROUGE_1 && t != LLMM_ROUGE_2 && t != LLMM_ROUGE_L && t != LLMM_ROUGE_LSUM)
            continue;
        o.types = LLMM_ROUGE_BIT(t);
        o.use_stemmer = 1;
        llmm_rouge_create(&r, &o, NULL);
        TIME_RUNS(0.5, score_all(r, &p, &total));
        printf("  %s alone, stemmed: %.0f pairs/s, %.0f pairs/CPU-s\n", llmm_rouge_type_name(t),
               p.n / per_run_, p.n / cpu_per_run_);
        llmm_rouge_free(r);
    }
    long_pair();
    free(p.buf);
    free(p.pred);
    free(p.ref);
}
