/* bench_meteor.c - METEOR (NLTK 3.8 semantics) on the REALSumm summaries of
 * data/summ (every system summary against its references), with the WordNet index built
 * from the Debian files (/usr/share/wordnet or $LLMM_WORDNET_DIR): index build time,
 * blob save/load time, then pairs/s for a fresh scorer (cold word cache: what one
 * corpus evaluation sees) and for a warm one. NLTK is timed by compare_references.py. */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Process CPU seconds: the machine may be shared, so throughput is also given per CPU
 * second (wall-clock numbers drop when other processes take the cores). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- reading the summaries: "prediction" and "references" of each JSON line -------- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        char *q;
        while (cap < b->n + n + 1) cap *= 2;
        if (!(q = realloc(b->p, cap))) return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    return 0;
}

static int put_cp(buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return put(b, u, n);
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
    }
    return v;
}

/* Decodes the JSON string starting after the opening quote at *s; *s moves past it. */
static int json_string(const char **s, buf *out)
{
    const char *p = *s;
    while (*p && *p != '"') {
        if (*p != '\\') {
            if (put(out, p++, 1)) return -1;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': put(out, "\n", 1); p++; break;
        case 't': put(out, "\t", 1); p++; break;
        case 'r': put(out, "\r", 1); p++; break;
        case 'b': put(out, "\b", 1); p++; break;
        case 'f': put(out, "\f", 1); p++; break;
        case 'u': {
            unsigned cp = hex4(p + 1);
            p += 5;
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
                p += 6;
            }
            if (put_cp(out, cp)) return -1;
            break;
        }
        default: put(out, p++, 1); break;
        }
    }
    if (*p != '"') return -1;
    *s = p + 1;
    return 0;
}

typedef struct corpus {
    buf hyps, refs;                     /* strings back to back */
    size_t *hyp_off, *ref_off, *seg_refs;
    size_t n_hyp, n_ref, cap_hyp, cap_ref, cap_seg;
} corpus;

static int push_off(size_t **a, size_t *cap, size_t n, size_t v)
{
    if (n + 2 > *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        size_t *q = realloc(*a, c * sizeof *q);
        if (!q) return -1;
        *a = q;
        *cap = c;
    }
    (*a)[n] = v;
    return 0;
}

static int read_summ(const char *path, corpus *c)
{
    bench_lines lines;
    size_t i;
    if (bench_read_lines(path, &lines)) return -1;
    for (i = 0; i < lines.strs.count; i++) {
        size_t len = lines.offsets[i + 1] - lines.offsets[i];
        char *line = malloc(len + 1);
        const char *p;
        if (!line) return -1;
        memcpy(line, lines.data + lines.offsets[i], len);
        line[len] = 0;
        p = strstr(line, "\"prediction\": \"");
        if (!p) { free(line); continue; }
        p += 15;
        if (push_off(&c->hyp_off, &c->cap_hyp, c->n_hyp, c->hyps.n) || json_string(&p, &c->hyps) ||
            push_off(&c->seg_refs, &c->cap_seg, c->n_hyp, c->n_ref)) {
            free(line);
            return -1;
        }
        c->hyp_off[++c->n_hyp] = c->hyps.n;
        p = strstr(p, "\"references\": [");
        if (p) {
            p += 15;
            while (*p == '"' || *p == ' ' || *p == ',') {
                if (*p != '"') { p++; continue; }
                p++;
                if (push_off(&c->ref_off, &c->cap_ref, c->n_ref, c->refs.n) || json_string(&p, &c->refs)) {
                    free(line);
                    return -1;
                }
                c->ref_off[++c->n_ref] = c->refs.n;
            }
        }
        c->seg_refs[c->n_hyp] = c->n_ref;
        free(line);
    }
    bench_lines_free(&lines);
    return 0;
}

/* ---- the WordNet files --------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long size;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)size + 1);
    if (p && fread(p, 1, (size_t)size, f) != (size_t)size) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return p;
}

static llmm_wordnet *wordnet_index(void)
{
    const char *dir = getenv("LLMM_WORDNET_DIR");
    llmm_wordnet_files files;
    llmm_str *slots[3];
    char *bufs[12] = {0};
    llmm_wordnet *wn = NULL, *wn2 = NULL;
    int k, pos, ok = 1;
    double t0, c0, t_build = 1e9, c_build = 1e9, t_load = 1e9, t_save;
    size_t blob_len;
    void *blob;
    if (!dir || !*dir) dir = "/usr/share/wordnet";
    slots[0] = files.index;
    slots[1] = files.data;
    slots[2] = files.exc;
    for (k = 0; k < 3; k++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, llmm_wordnet_file_name(k, pos));
            bufs[k * 4 + pos] = slurp(path, &slots[k][pos].len);
            slots[k][pos].ptr = bufs[k * 4 + pos];
            if (!bufs[k * 4 + pos]) ok = 0;
        }
    if (!ok) {
        printf("meteor: no WordNet database in %s (apt-get install wordnet-base): "
               "exact + stem only\n", dir);
        for (k = 0; k < 12; k++) free(bufs[k]);
        return NULL;
    }
    for (k = 0; k < 3; k++) { /* best of three builds */
        t0 = bench_now();
        c0 = cpu_now();
        if (llmm_wordnet_build(&wn2, &files, NULL, NULL) != LLMM_OK) break;
        t0 = bench_now() - t0;
        c0 = cpu_now() - c0;
        if (t0 < t_build) t_build = t0;
        if (c0 < c_build) c_build = c0;
        if (wn) llmm_wordnet_free(wn);
        wn = wn2;
    }
    for (k = 0; k < 12; k++) free(bufs[k]);
    if (!wn) return NULL;
    blob_len = llmm_wordnet_blob_size(wn);
    blob = malloc(blob_len);
    t0 = bench_now();
    llmm_wordnet_save(wn, blob, blob_len, NULL);
    t_save = bench_now() - t0;
    for (k = 0; k < 5; k++) {
        t0 = bench_now();
        if (llmm_wordnet_load(&wn2, blob, blob_len, NULL) != LLMM_OK) break;
        t0 = bench_now() - t0;
        if (t0 < t_load) t_load = t0;
        llmm_wordnet_free(wn2);
    }
    free(blob);
    printf("WordNet index from %s: build %.0f ms (%.0f ms CPU), blob %.1f MB (save %.1f ms, "
           "load %.1f ms)\n",
           dir, 1e3 * t_build, 1e3 * c_build, blob_len / 1e6, 1e3 * t_save, 1e3 * t_load);
    return wn;
}

/* ---- timing ------------------------------------------------------------------------------ */

static void run(const char *name, const corpus *c, const llmm_wordnet *wn, int fresh, double min_sec)
{
    llmm_strs hyps = {c->hyps.p, c->hyp_off, NULL, c->n_hyp};
    llmm_strs refs = {c->refs.p, c->ref_off, NULL, c->n_ref};
    llmm_meteor_options o;
    llmm_meteor *m = NULL;
    llmm_meteor_stats st;
    double t0 = bench_now(), c0 = cpu_now(), el, cpu, mean = 0;
    long runs = 0;
    llmm_meteor_options_default(&o);
    o.wordnet = wn;
    if (!fresh && llmm_meteor_create(&m, &o, NULL)) return;
    do {
        if (fresh && llmm_meteor_create(&m, &o, NULL)) return;
        llmm_meteor_stats_init(&st);
        if (llmm_meteor_score_batch_text(m, &hyps, &refs, c->seg_refs, NULL, &st, NULL)) {
            printf("meteor: scoring failed\n");
            llmm_meteor_free(m);
            return;
        }
        if (fresh) {
            llmm_meteor_free(m);
            m = NULL;
        }
        runs++;
        el = bench_now() - t0;
    } while (el < min_sec);
    cpu = cpu_now() - c0;
    llmm_meteor_free(m);
    llmm_meteor_stats_mean(&st, &mean);
    {
        char label[160];
        snprintf(label, sizeof label, "  %s (mean %.6f)", name, mean);
        bench_report(label, el / runs, (double)(c->hyps.n + c->refs.n), (double)c->n_hyp);
        printf("    %.0f pairs per CPU second\n", (double)c->n_hyp * runs / cpu);
    }
}

void bench_meteor(const char *data_dir)
{
    static const char *const files[] = {"realsumm_cnndm_abs.jsonl", "realsumm_cnndm_ext.jsonl"};
    corpus c;
    llmm_wordnet *wn;
    size_t f;
    memset(&c, 0, sizeof c);
    push_off(&c.hyp_off, &c.cap_hyp, 0, 0);
    push_off(&c.ref_off, &c.cap_ref, 0, 0);
    for (f = 0; f < 2; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/summ/%s", data_dir, files[f]);
        if (read_summ(path, &c)) {
            printf("meteor: cannot read %s, skipped\n", path);
            return;
        }
    }
    if (!c.seg_refs || c.n_hyp == 0) {
        printf("meteor: no summaries under %s/summ, skipped\n", data_dir);
        return;
    }
    printf("METEOR (NLTK 3.8) on %s/summ: %zu summary/reference pairs, %.2f MB\n", data_dir,
           c.n_hyp, (c.hyps.n + c.refs.n) / 1e6);
    wn = wordnet_index();
    if (wn) {
        run("meteor, new scorer per corpus (cold cache)", &c, wn, 1, 1.0);
        run("meteor, warm scorer", &c, wn, 0, 1.0);
    }
    run("meteor without WordNet (exact + stem)", &c, NULL, 1, 0.5);
    llmm_wordnet_free(wn);
    free(c.hyps.p);
    free(c.refs.p);
    free(c.hyp_off);
    free(c.ref_off);
    free(c.seg_refs);
}
