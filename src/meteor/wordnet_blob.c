/* wordnet_blob.c - the index blob: validation on attach, save, load, free, info. */
#include "wordnet_internal.h"
#include "core/alloc.h"
#include <string.h>

#define PAD4(n) (((n) + 3u) & ~(uint64_t)3u)

/* Carves `bytes` bytes for one section off the payload cursor; 0 when they do not fit. */
static int take(const unsigned char **cur, uint64_t *left, uint64_t bytes,
                const unsigned char **section)
{
    if (bytes > *left) return 0;
    *section = *cur;
    *cur += bytes;
    *left -= bytes;
    return 1;
}

/* offs[0] == 0, non-decreasing, offs[n] == last. */
static int offsets_ok(const unsigned char *offs, size_t n, uint32_t last)
{
    uint32_t prev = 0;
    size_t i;
    if (wn_u32(offs, 0) != 0) return 0;
    for (i = 1; i <= n; i++) {
        uint32_t v = wn_u32(offs, i);
        if (v < prev) return 0;
        prev = v;
    }
    return prev == last;
}

/* Every entry is below `limit`. */
static int ids_ok(const unsigned char *ids, size_t n, uint32_t limit)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (wn_u32(ids, i) >= limit) return 0;
    return 1;
}

/* The zero padding after an u8 section of n bytes. */
static int padding_ok(const unsigned char *section, uint64_t n)
{
    uint64_t i;
    for (i = n; i < PAD4(n); i++)
        if (section[i]) return 0;
    return 1;
}

static int validate(llmm_wordnet *wn, const unsigned char *p, size_t len)
{
    const unsigned char *cur = p + WN_HEADER;
    uint64_t left, n_slots, i;
    uint32_t hash_bits, prev;
    size_t empty = 0;
    if (len < WN_HEADER || memcmp(p, WN_MAGIC, 4) != 0) return LLMM_EFORMAT;
    if (llmmi_get_u32(p + 4) != LLMM_WORDNET_FORMAT_VERSION) return LLMM_EVERSION;
    wn->fingerprint = llmmi_get_u64(p + 8);
    wn->n_str = llmmi_get_u32(p + 16);
    wn->n_lemma = llmmi_get_u32(p + 20);
    wn->pool_len = llmmi_get_u32(p + 24);
    hash_bits = llmmi_get_u32(p + 28);
    wn->n_sense = llmmi_get_u32(p + 32);
    wn->n_syn = llmmi_get_u32(p + 36);
    wn->n_name = llmmi_get_u32(p + 40);
    wn->n_exc = llmmi_get_u32(p + 44);
    wn->n_exc_base = llmmi_get_u32(p + 48);
    if (llmmi_get_u32(p + 52) != 0 || hash_bits < 1 || hash_bits > 31) return LLMM_EFORMAT;
    if (wn->n_str > INT32_MAX || wn->n_lemma > wn->n_str || wn->n_syn > INT32_MAX ||
        wn->n_exc > INT32_MAX)
        return LLMM_EFORMAT;
    n_slots = (uint64_t)1 << hash_bits;
    if (n_slots <= wn->n_str) return LLMM_EFORMAT;
    wn->hash_mask = (uint32_t)(n_slots - 1);
    left = len - WN_HEADER;
    /* section sizes are computed in 64 bits: no count can overflow them */
    if (!take(&cur, &left, 4 * ((uint64_t)wn->n_str + 1), &wn->str_off) ||
        !take(&cur, &left, PAD4(wn->pool_len), &wn->pool) ||
        !take(&cur, &left, PAD4(wn->n_str), &wn->str_flag) ||
        !take(&cur, &left, 8 * n_slots, &wn->slots) ||
        !take(&cur, &left, 4 * (4 * (uint64_t)wn->n_lemma + 1), &wn->sense_off) ||
        !take(&cur, &left, 4 * (uint64_t)wn->n_sense, &wn->sense) ||
        !take(&cur, &left, 4 * (uint64_t)wn->n_syn, &wn->syn_off) ||
        !take(&cur, &left, 4 * ((uint64_t)wn->n_syn + 1), &wn->syn_name) ||
        !take(&cur, &left, 4 * (uint64_t)wn->n_name, &wn->name) ||
        !take(&cur, &left, 4 * (uint64_t)wn->n_exc, &wn->exc_key) ||
        !take(&cur, &left, 4 * ((uint64_t)wn->n_exc + 1), &wn->exc_off) ||
        !take(&cur, &left, 4 * (uint64_t)wn->n_exc_base, &wn->exc_base) ||
        !take(&cur, &left, PAD4(wn->n_syn), &wn->syn_pos) || left != 0)
        return LLMM_EFORMAT;
    if (!offsets_ok(wn->str_off, wn->n_str, wn->pool_len) ||
        !padding_ok(wn->pool, wn->pool_len) || !padding_ok(wn->str_flag, wn->n_str) ||
        !padding_ok(wn->syn_pos, wn->n_syn))
        return LLMM_EFORMAT;
    wn->max_len = 0;
    for (i = 0; i < wn->n_str; i++) {
        uint32_t len = wn_u32(wn->str_off, (size_t)i + 1) - wn_u32(wn->str_off, (size_t)i);
        if (len > wn->max_len) wn->max_len = len;
        if (wn->str_flag[i] & ~WN_FLAGS_ALL) return LLMM_EFORMAT;
    }
    for (i = 0; i < n_slots; i++) {
        uint32_t v = wn_u32(wn->slots, 2 * (size_t)i), tag = wn_u32(wn->slots, 2 * (size_t)i + 1);
        if (v > wn->n_str || (v == 0 && tag != 0)) return LLMM_EFORMAT;
        empty += v == 0;
    }
    if (!empty) return LLMM_EFORMAT; /* a probe must always reach an empty slot */
    if (!offsets_ok(wn->sense_off, 4 * (size_t)wn->n_lemma, wn->n_sense) ||
        !ids_ok(wn->sense, wn->n_sense, wn->n_syn) ||
        !offsets_ok(wn->syn_name, wn->n_syn, wn->n_name) ||
        !ids_ok(wn->name, wn->n_name, wn->n_str) ||
        !offsets_ok(wn->exc_off, wn->n_exc, wn->n_exc_base) ||
        !ids_ok(wn->exc_base, wn->n_exc_base, wn->n_str))
        return LLMM_EFORMAT;
    prev = 0;
    for (i = 0; i < wn->n_exc; i++) {
        uint32_t key = wn_u32(wn->exc_key, (size_t)i);
        if ((i > 0 && key <= prev) || (key >> 2) >= wn->n_str) return LLMM_EFORMAT;
        prev = key;
    }
    return LLMM_OK;
}

int llmmi_wn_attach(llmm_wordnet *wn, unsigned char *blob, size_t blob_len)
{
    const unsigned char *payload;
    size_t payload_len;
    int rc = llmmi_ser_open(blob, blob_len, LLMMI_KIND_WORDNET, &payload, &payload_len);
    if (rc == LLMM_OK) rc = validate(wn, payload, payload_len);
    if (rc != LLMM_OK) {
        llmmi_free(&wn->alloc, blob, blob_len);
        return rc;
    }
    wn->blob = blob;
    wn->blob_len = blob_len;
    return LLMM_OK;
}

int llmm_wordnet_load(llmm_wordnet **out, const void *buf, size_t len,
                      const llmm_allocator *alloc)
{
    llmm_wordnet *wn;
    unsigned char *copy;
    llmm_allocator a;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (!buf) return LLMM_ENULL;
    if (len < LLMMI_SER_HEADER + WN_HEADER || len - LLMMI_SER_HEADER > UINT32_MAX)
        return LLMM_EFORMAT;
    llmmi_alloc_init(&a, alloc);
    wn = (llmm_wordnet *)llmmi_calloc(&a, 1, sizeof *wn);
    if (!wn) return LLMM_ENOMEM;
    wn->alloc = a;
    copy = (unsigned char *)llmmi_malloc(&a, len);
    if (!copy) {
        llmmi_free(&a, wn, sizeof *wn);
        return LLMM_ENOMEM;
    }
    memcpy(copy, buf, len);
    if ((rc = llmmi_wn_attach(wn, copy, len)) != LLMM_OK) {
        llmmi_free(&a, wn, sizeof *wn);
        return rc;
    }
    *out = wn;
    return LLMM_OK;
}

size_t llmm_wordnet_blob_size(const llmm_wordnet *wn) { return wn ? wn->blob_len : 0; }

int llmm_wordnet_save(const llmm_wordnet *wn, void *buf, size_t cap, size_t *written)
{
    if (written) *written = 0;
    if (!wn || !buf) return LLMM_ENULL;
    if (cap < wn->blob_len) return LLMM_EBUFFER;
    memcpy(buf, wn->blob, wn->blob_len);
    if (written) *written = wn->blob_len;
    return LLMM_OK;
}

void llmm_wordnet_free(llmm_wordnet *wn)
{
    llmm_allocator a;
    if (!wn) return;
    a = wn->alloc;
    llmmi_free(&a, wn->blob, wn->blob_len);
    llmmi_free(&a, wn, sizeof *wn);
}

int llmm_wordnet_get_info(const llmm_wordnet *wn, llmm_wordnet_info *out)
{
    if (!wn || !out) return LLMM_ENULL;
    memset(out, 0, sizeof *out);
    out->fingerprint = wn->fingerprint;
    out->format_version = LLMM_WORDNET_FORMAT_VERSION;
    out->n_strings = wn->n_str;
    out->n_lemmas = wn->n_lemma;
    out->n_senses = wn->n_sense;
    out->n_synsets = wn->n_syn;
    out->n_lemma_names = wn->n_name;
    out->n_exceptions = wn->n_exc;
    out->blob_size = wn->blob_len;
    return LLMM_OK;
}

const char *llmm_wordnet_file_name(int kind, int pos)
{
    static const char *const names[3][LLMM_WN_N_POS] = {
        {"index.noun", "index.verb", "index.adj", "index.adv"},
        {"data.noun", "data.verb", "data.adj", "data.adv"},
        {"noun.exc", "verb.exc", "adj.exc", "adv.exc"}};
    if (kind < 0 || kind > 2 || pos < 0 || pos >= LLMM_WN_N_POS) return NULL;
    return names[kind][pos];
}

int llmm_wordnet_n_pos(void) { return LLMM_WN_N_POS; }
unsigned llmm_wordnet_format_version(void) { return LLMM_WORDNET_FORMAT_VERSION; }
size_t llmm_wordnet_files_size(void) { return sizeof(llmm_wordnet_files); }
size_t llmm_wordnet_info_size(void) { return sizeof(llmm_wordnet_info); }
size_t llmm_wordnet_synset_size(void) { return sizeof(llmm_wordnet_synset); }
size_t llmm_wordnet_error_size(void) { return sizeof(llmm_wordnet_error); }
