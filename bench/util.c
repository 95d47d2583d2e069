/* util.c - timing, file reading and reporting for the benchmarks. */
#include "bench.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int bench_read_lines(const char *path, bench_lines *out)
{
    FILE *f = fopen(path, "rb");
    char *raw;
    long size;
    size_t n = 0, i, o = 0, cap = 1024;
    memset(out, 0, sizeof *out);
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    raw = malloc((size_t)size + 1);
    out->data = malloc((size_t)size + 1);
    out->offsets = malloc(cap * sizeof *out->offsets);
    if (!raw || !out->data || !out->offsets || fread(raw, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(raw);
        return -1;
    }
    fclose(f);
    out->bytes = (size_t)size;
    out->offsets[0] = 0;
    /* Lines are stored back to back without their "\n"; a final line without a
     * newline still counts, the empty piece after a final newline does not. */
    for (i = 0; i < (size_t)size; i++) {
        if (raw[i] != '\n') {
            out->data[o++] = raw[i];
            continue;
        }
        if (n + 2 >= cap) out->offsets = realloc(out->offsets, (cap *= 2) * sizeof *out->offsets);
        out->offsets[++n] = o;
    }
    if (size > 0 && raw[size - 1] != '\n') out->offsets[++n] = o;
    free(raw);
    out->strs.data = out->data;
    out->strs.offsets = out->offsets;
    out->strs.count = n;
    return 0;
}

void bench_lines_free(bench_lines *l)
{
    free(l->data);
    free(l->offsets);
}

int bench_largest_mt_pair(const char *data_dir, char *hyp, char *ref, size_t cap)
{
    char dir[2048], path[4096];
    DIR *d;
    struct dirent *e;
    long best = -1;
    snprintf(dir, sizeof dir, "%s/mt", data_dir);
    if (!(d = opendir(dir))) return -1;
    while ((e = readdir(d))) {
        const char *h = strstr(e->d_name, ".hyp.");
        char refname[1024];
        struct stat sh, sr;
        if (!h) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(refname, sizeof refname, "%.*s.ref.A.txt", (int)(h - e->d_name), e->d_name);
        if (stat(path, &sh)) continue;
        snprintf(ref, cap, "%s/%s", dir, refname);
        if (stat(ref, &sr)) {
            snprintf(refname, sizeof refname, "%.*s.ref.B.txt", (int)(h - e->d_name), e->d_name);
            snprintf(ref, cap, "%s/%s", dir, refname);
            if (stat(ref, &sr)) continue;
        }
        if (sh.st_size + sr.st_size > best) {
            best = sh.st_size + sr.st_size;
            snprintf(hyp, cap, "%s", path);
        }
    }
    closedir(d);
    if (best < 0) return -1;
    {   /* recompute the reference path of the winner */
        const char *base = strrchr(hyp, '/') + 1, *h = strstr(base, ".hyp.");
        struct stat sr;
        snprintf(ref, cap, "%s/%.*s.ref.A.txt", dir, (int)(h - base), base);
        if (stat(ref, &sr)) snprintf(ref, cap, "%s/%.*s.ref.B.txt", dir, (int)(h - base), base);
    }
    return 0;
}

void bench_report(const char *name, double sec, double bytes, double items)
{
    printf("%-34s %9.2f MB/s %11.0f seg/s  (%.3f ms/run)\n", name, bytes / sec / 1e6, items / sec,
           sec * 1e3);
}
