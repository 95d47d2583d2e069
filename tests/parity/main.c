/* main.c - the parity runner: build/parity [--only METRIC] [--verbose] PATH...
 *
 * PATH is a vectors folder (every *.jsonl in it, sorted by name) or one .jsonl file.
 * Data paths in cases resolve against the parent of the vectors folder. Each case is
 * dispatched by its "metric" to the handler registered with PARITY_METRIC (the
 * Makefile collects them into build/parity_registry.h). Output: the failures, then
 * "FILE: N passed, M failed, K skipped" per file and a TOTAL line in the same form.
 * Exit status: 0 all checked cases passed, 1 a case failed (or a line is malformed),
 * 2 usage or I/O error.
 */
#include "parity.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Declarations and the table, from build/parity_registry.h's PARITY_ENTRY lines. */
#define PARITY_ENTRY(fn, name) parity_outcome fn(parity_case *c);
#include "parity_registry.h"
#undef PARITY_ENTRY

typedef struct handler {
    const char *name;
    parity_outcome (*fn)(parity_case *c);
} handler;

static const handler registry[] = {
#define PARITY_ENTRY(fn, name) {name, fn},
#include "parity_registry.h"
#undef PARITY_ENTRY
    {NULL, NULL}};

typedef struct counts {
    size_t passed, failed, skipped;
} counts;

typedef struct skipped_metric {
    char *name;
    size_t n;
} skipped_metric;

static struct {
    const char *only;
    int verbose;
    skipped_metric *skipped;
    size_t n_skipped_metrics;
} opt;

/* For the crash message: the case being run. */
static const char *volatile current_id;
static const char *volatile current_file;

static void on_crash(int sig)
{
    static const char msg[] = "\nparity: crashed in case ";
    const char *id = current_id ? current_id : "(none)";
    const char *file = current_file ? current_file : "";
    if (write(2, msg, sizeof msg - 1) < 0 || write(2, id, strlen(id)) < 0 ||
        write(2, " of ", 4) < 0 || write(2, file, strlen(file)) < 0 || write(2, "\n", 1) < 0) {
        /* nothing more we can do */
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static const handler *find_handler(const char *metric)
{
    for (const handler *h = registry; h->name; h++)
        if (strcmp(h->name, metric) == 0) return h;
    return NULL;
}

static void note_skipped(const char *metric)
{
    for (size_t i = 0; i < opt.n_skipped_metrics; i++)
        if (strcmp(opt.skipped[i].name, metric) == 0) {
            opt.skipped[i].n++;
            return;
        }
    skipped_metric *ns = realloc(opt.skipped, (opt.n_skipped_metrics + 1) * sizeof *ns);
    char *name = malloc(strlen(metric) + 1);
    if (!ns || !name) {
        free(name);
        if (ns) opt.skipped = ns;
        return;
    }
    opt.skipped = ns;
    strcpy(name, metric);
    opt.skipped[opt.n_skipped_metrics].name = name;
    opt.skipped[opt.n_skipped_metrics++].n = 1;
}

static char *xstrdup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d) {
        fprintf(stderr, "parity: out of memory\n");
        exit(2);
    }
    return strcpy(d, s);
}

/* Lexical parent of a folder ("a/b/" -> "a", "b" -> ".", "." -> "./..", "/" -> "/"):
 * like the README's "../shared/vectors resolves data/... against ../shared", without
 * following symlinks. */
static char *parent_dir(const char *dir)
{
    char *p = xstrdup(dir);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = '\0';
    char *slash = strrchr(p, '/');
    const char *base = slash ? slash + 1 : p;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(p, "/") == 0) {
        char *q = malloc(n + 4);
        if (!q) exit(2);
        snprintf(q, n + 4, "%s/..", strcmp(p, "/") == 0 ? "" : p);
        free(p);
        return q;
    }
    if (!slash) {
        free(p);
        return xstrdup(".");
    }
    while (slash > p && *slash == '/') *slash-- = '\0';
    if (slash == p && *p == '/') p[1] = '\0';
    return p;
}

/* Folder part of a file path ("a/b.jsonl" -> "a", "b.jsonl" -> "."). */
static char *dir_of(const char *path)
{
    char *p = xstrdup(path);
    char *slash = strrchr(p, '/');
    if (!slash) {
        free(p);
        return xstrdup(".");
    }
    if (slash == p) slash[1] = '\0';
    else *slash = '\0';
    return p;
}

static int read_file(const char *path, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t size = 0, cap = 1 << 20;
    char *data = malloc(cap + 1);
    int ok = data != NULL;
    while (ok) {
        if (size == cap) {
            char *nd = realloc(data, cap * 2 + 1);
            if (!nd) { ok = 0; break; }
            data = nd;
            cap *= 2;
        }
        size_t got = fread(data + size, 1, cap - size, f);
        size += got;
        if (got == 0) {
            if (ferror(f)) ok = 0;
            break;
        }
    }
    fclose(f);
    if (!ok) {
        free(data);
        return 0;
    }
    data[size] = '\0';
    *out = data;
    *out_len = size;
    return 1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static void malformed(counts *k, const char *file, size_t line, const char *what)
{
    printf("  FAIL %s:%zu: malformed case: %s\n", file, line, what);
    k->failed++;
}

/* Runs one line; updates k. */
static void run_line(const char *file, size_t lineno, const char *s, size_t n,
                     const char *data_root, counts *k)
{
    char err[256];
    json_value *root = json_parse(s, n, err, sizeof err);
    if (!root) {
        char msg[300];
        snprintf(msg, sizeof msg, "invalid JSON: %s", err);
        malformed(k, file, lineno, msg);
        return;
    }
    const char *id = json_str(json_get(root, "id"), NULL);
    const char *metric = json_str(json_get(root, "metric"), NULL);
    if (json_kind(root) != JSON_OBJECT) malformed(k, file, lineno, "not a JSON object");
    else if (!id) malformed(k, file, lineno, "no string \"id\"");
    else if (!metric) malformed(k, file, lineno, "no string \"metric\"");
    else if (!opt.only || strcmp(opt.only, metric) == 0) {
        const handler *h = find_handler(metric);
        if (!h) {
            k->skipped++;
            note_skipped(metric);
            if (opt.verbose) printf("  skip %s (no handler for metric \"%s\")\n", id, metric);
        } else {
            parity_case c;
            memset(&c, 0, sizeof c);
            c.root = root;
            c.id = id;
            c.file = file;
            c.data_root = data_root;
            current_id = id;
            current_file = file;
            parity_outcome o = h->fn(&c);
            current_id = NULL;
            if (o == PARITY_SKIP) {
                parity_fail(&c, "-", "handler of implemented metric \"%s\" skipped the case",
                            metric);
                o = PARITY_FAIL;
            } else if (o == PARITY_FAIL && c.n_failed == 0) {
                parity_fail(&c, "-", "handler reported a failure without a check message");
            } else if (o != PARITY_PASS && o != PARITY_FAIL) {
                parity_fail(&c, "-", "handler returned invalid outcome %d", (int)o);
            }
            if (c.n_failed || o != PARITY_PASS) {
                k->failed++;
            } else {
                k->passed++;
                if (opt.verbose) printf("  ok %s\n", id);
            }
        }
    }
    json_free(root);
}

/* Runs every line of one file; returns 0 on an I/O error. */
static int run_file(const char *path, const char *display, const char *data_root, counts *total)
{
    char *data;
    size_t len;
    counts k = {0, 0, 0};
    if (!read_file(path, &data, &len)) {
        fprintf(stderr, "parity: cannot read %s\n", path);
        return 0;
    }
    size_t lineno = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        lineno++;
        if (!blank(data + pos, end - pos))
            run_line(display, lineno, data + pos, end - pos, data_root, &k);
        pos = end + 1;
    }
    free(data);
    printf("%s: %zu passed, %zu failed, %zu skipped\n", display, k.passed, k.failed, k.skipped);
    fflush(stdout);
    total->passed += k.passed;
    total->failed += k.failed;
    total->skipped += k.skipped;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every *.jsonl of a folder, sorted; returns 0 on an I/O error. */
static int run_dir(const char *dir, counts *total)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".jsonl") || e->d_name[0] == '.') continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn) exit(2);
        names = nn;
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n == 0) {
        fprintf(stderr, "parity: no *.jsonl files in %s\n", dir);
        free(names);
        return 0;
    }
    qsort(names, n, sizeof *names, cmp_str);
    char *root = parent_dir(dir);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(plen);
        if (!path) exit(2);
        snprintf(path, plen, "%s/%s", dir, names[i]);
        ok &= run_file(path, names[i], root, total);
        free(path);
        free(names[i]);
    }
    free(names);
    free(root);
    return ok;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parity [--only METRIC] [--verbose] PATH...\n"
            "  PATH   a vectors folder (every *.jsonl in it, data paths resolved against\n"
            "         its parent) or a single .jsonl file\n"
            "  --only METRIC   run only the cases of this metric\n"
            "  --verbose       also list passing and skipped cases\n"
            "handlers:");
    for (const handler *h = registry; h->name; h++) fprintf(f, " %s", h->name);
    fprintf(f, "\n");
}

int main(int argc, char **argv)
{
    const char *paths[256];
    size_t n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            opt.verbose = 1;
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            opt.only = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage(stderr);
            return 2;
        } else if (n_paths < sizeof paths / sizeof *paths) {
            paths[n_paths++] = argv[i];
        } else {
            fprintf(stderr, "parity: too many paths\n");
            return 2;
        }
    }
    if (n_paths == 0) {
        usage(stderr);
        return 2;
    }
    for (const handler *h = registry; h->name; h++)
        for (const handler *g = registry; g < h; g++)
            if (strcmp(g->name, h->name) == 0) {
                fprintf(stderr, "parity: metric \"%s\" has two handlers\n", h->name);
                return 2;
            }
    if (opt.only && !find_handler(opt.only))
        fprintf(stderr, "parity: warning: no handler for --only metric \"%s\"\n", opt.only);

    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGILL, on_crash);
    signal(SIGABRT, on_crash);

    counts total = {0, 0, 0};
    int io_ok = 1;
    for (size_t i = 0; i < n_paths; i++) {
        int r = run_dir(paths[i], &total);
        if (r < 0) { /* not a folder: a single file */
            char *dir = dir_of(paths[i]);
            char *root = parent_dir(dir);
            io_ok &= run_file(paths[i], paths[i], root, &total);
            free(dir);
            free(root);
        } else {
            io_ok &= r;
        }
    }
    if (opt.verbose && opt.n_skipped_metrics) {
        printf("skipped (no handler):");
        for (size_t i = 0; i < opt.n_skipped_metrics; i++)
            printf(" %s x%zu", opt.skipped[i].name, opt.skipped[i].n);
        printf("\n");
    }
    for (size_t i = 0; i < opt.n_skipped_metrics; i++) free(opt.skipped[i].name);
    free(opt.skipped);
    printf("TOTAL: %zu passed, %zu failed, %zu skipped\n", total.passed, total.failed,
           total.skipped);
    if (!io_ok) return 2;
    return total.failed ? 1 : 0;
}
