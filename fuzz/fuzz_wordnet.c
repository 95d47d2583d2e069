/* fuzz_wordnet.c - libFuzzer target: the WordNet database parser (llmm_wordnet_build).
 * The input is split on NUL bytes into the twelve files (index.noun .. index.adv,
 * data.noun .. data.adv, noun.exc .. adv.exc; missing ones are empty).
 * Invariants: any input gives LLMM_OK, LLMM_EFORMAT or LLMM_EUTF8; a built index answers
 * queries for words taken from the input, saves to a blob that loads back, and the
 * loaded index answers the same. */
#include "llmmetrics.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void query(const llmm_wordnet *a, const llmm_wordnet *b, const char *w, size_t len)
{
    llmm_wordnet_synset sa[32], sb[32];
    llmm_str na[32], nb[32];
    size_t n1 = 0, n2 = 0, i;
    int r1 = llmm_wordnet_synsets(a, w, len, sa, 32, &n1);
    int r2 = llmm_wordnet_synsets(b, w, len, sb, 32, &n2);
    if (r1 != r2 || n1 != n2) abort();
    if (r1 == LLMM_OK)
        for (i = 0; i < n1; i++) {
            size_t n_names;
            if (sa[i].offset != sb[i].offset || sa[i].pos != sb[i].pos ||
                llmm_wordnet_lemma_names(a, sa[i].id, na, 32, &n_names) == LLMM_ERANGE)
                abort();
        }
    r1 = llmm_wordnet_synonyms(a, w, len, na, 32, &n1);
    r2 = llmm_wordnet_synonyms(b, w, len, nb, 32, &n2);
    if (r1 != r2 || n1 != n2) abort();
    if (r1 == LLMM_OK)
        for (i = 0; i < n1; i++)
            if (na[i].len != nb[i].len || memcmp(na[i].ptr, nb[i].ptr, na[i].len) != 0) abort();
    for (i = 0; i < LLMM_WN_N_POS; i++) {
        r1 = llmm_wordnet_morphy(a, w, len, (int)i, na, 32, &n1);
        if (r1 != LLMM_OK && r1 != LLMM_EBUFFER && r1 != LLMM_EUTF8) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_wordnet_files f;
    llmm_str *slot[12];
    llmm_wordnet *wn = NULL, *back = NULL;
    const char *p = (const char *)data, *end = p + size;
    size_t k, blob_len;
    unsigned char *blob;
    int rc;
    memset(&f, 0, sizeof f);
    for (k = 0; k < 4; k++) {
        slot[k] = &f.index[k];
        slot[4 + k] = &f.data[k];
        slot[8 + k] = &f.exc[k];
    }
    for (k = 0; k < 12 && p <= end; k++) {
        const char *z = memchr(p, 0, (size_t)(end - p));
        const char *e = z ? z : end;
        slot[k]->ptr = p;
        slot[k]->len = (size_t)(e - p);
        p = e + 1;
    }
    rc = llmm_wordnet_build(&wn, &f, NULL, NULL);
    if (rc != LLMM_OK) {
        if (rc != LLMM_EFORMAT && rc != LLMM_EUTF8) abort();
        if (wn) abort();
        return 0;
    }
    blob_len = llmm_wordnet_blob_size(wn);
    blob = malloc(blob_len);
    if (!blob || llmm_wordnet_save(wn, blob, blob_len, NULL) != LLMM_OK ||
        llmm_wordnet_load(&back, blob, blob_len, NULL) != LLMM_OK)
        abort();
    free(blob);
    /* every whitespace-separated word of the index files, and the files' first bytes */
    for (k = 0; k < 4; k++) {
        const char *s = f.index[k].ptr ? f.index[k].ptr : "", *e = s + f.index[k].len, *t;
        while (s < e) {
            while (s < e && (*s == ' ' || *s == '\n')) s++;
            for (t = s; t < e && *t != ' ' && *t != '\n'; t++)
                ;
            if (t > s) query(wn, back, s, (size_t)(t - s));
            s = t;
        }
        query(wn, back, f.exc[k].ptr ? f.exc[k].ptr : "", f.exc[k].len < 40 ? f.exc[k].len : 40);
    }
    llmm_wordnet_free(back);
    llmm_wordnet_free(wn);
    return 0;
}
