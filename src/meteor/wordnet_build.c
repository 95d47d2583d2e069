/* wordnet_build.c - parses the WordNet database files into the index blob.
 *
 * Reading follows NLTK 3.8 nltk/corpus/reader/wordnet.py (REFERENCE-QUIRKS.md section 8):
 *   - files are UTF-8 text read with universal newlines ("\n", "\r\n", "\r");
 *   - index.<pos> (_load_lemma_pos_offset_map, wordnet.py:1361-1409): lines starting with
 *     a space are skipped; the others are str.split() into lemma, pos, n_synsets (> 0),
 *     n_pointers, that many pointer symbols, n_senses (== n_synsets), tagsense count and
 *     n_synsets synset offsets; a later line for the same (lemma, pos) replaces an
 *     earlier one (dict assignment);
 *   - <pos>.exc (_load_exception_map, :1411-1418): terms = line.split(), exception
 *     entry terms[0] -> terms[1:], a later line for the same form replaces an earlier one;
 *   - a synset is read where an index offset points (synset_from_pos_and_offset,
 *     :1535-1567): the line there must start with the offset as 8 zero-padded digits;
 *     _synset_from_pos_and_line (:1577-1620): line.strip().split("|") must give exactly
 *     two parts; the first is str.split() into offset (== the offset looked up),
 *     lexicographer file number, pos letter, lemma count (hex) and (name, lex_id hex)
 *     pairs; a name loses its syntactic marker with re.match(r"(.*?)(\(.*\))?$").
 * Where NLTK would raise (or return None for a bad offset) the build fails with
 * LLMM_EFORMAT. Stricter than NLTK on malformed data: numbers must be plain ASCII
 * digits, an index line's pos must be its file's, a synset's pos one character, and
 * every synset an index names is read at build time (NLTK reads them lazily).
 */
#include "wordnet_internal.h"
#include "pysplit.h"
#include "strtab.h"
#include "core/alloc.h"
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

static const char pos_letter[LLMM_WN_N_POS] = {'n', 'v', 'a', 'r'};

typedef struct lemma_pos {
    uint32_t start[LLMM_WN_N_POS]; /* into raw_off */
    uint32_t count[LLMM_WN_N_POS];
} lemma_pos;

typedef struct exc_rec {
    uint32_t key;   /* string id * 4 + pos */
    uint32_t seq;   /* line order: the last line for a key wins */
    uint32_t start; /* into bases */
    uint32_t count;
} exc_rec;

typedef struct u32vec {
    uint32_t *p;
    size_t n, cap;
} u32vec;

typedef struct builder {
    llmm_allocator a;
    llmmi_strtab st;
    lemma_pos *lp;
    size_t lp_cap;
    u32vec raw_off;     /* synset offsets of index lines */
    uint64_t *keys;     /* (pos << 32) | offset of every synset, sorted, distinct */
    size_t n_keys, keys_cap;
    u32vec syn_name;    /* n_syn + 1 */
    u32vec names;
    unsigned char *syn_pos;
    exc_rec *exc;
    size_t n_exc, exc_cap;
    u32vec bases;
    uint32_t n_lemma;   /* strings interned while reading the index files */
    llmm_wordnet_error *where;
} builder;

static int push(builder *b, u32vec *v, uint32_t x)
{
    int rc = llmmi_grow(&b->a, (void **)&v->p, &v->cap, v->n + 1, sizeof *v->p);
    if (rc) return rc;
    v->p[v->n++] = x;
    return LLMM_OK;
}

static void vec_free(builder *b, u32vec *v) { llmmi_free(&b->a, v->p, v->cap * sizeof *v->p); }

static int fail(builder *b, int kind, int pos, size_t line)
{
    if (b->where) {
        b->where->kind = kind;
        b->where->pos = pos;
        b->where->line = line;
    }
    return LLMM_EFORMAT;
}

/* ---- lines and fields --------------------------------------------------------------- */

/* Next line of [*p, end) without its terminator (universal newlines); 0 at the end. */
static int next_line(const char **p, const char *end, const char **ls, const char **le)
{
    const char *s = *p, *t = s;
    if (s >= end) return 0;
    while (t < end && *t != '\n' && *t != '\r') t++;
    *ls = s;
    *le = t;
    if (t < end) t += (*t == '\r' && t + 1 < end && t[1] == '\n') ? 2 : 1;
    *p = t;
    return 1;
}

/* A field of ASCII digits (base 10 or 16) as an u32; 0 on anything else. */
static int parse_uint(const char *s, const char *e, int base, uint32_t *out)
{
    uint64_t v = 0;
    if (s >= e) return 0;
    for (; s < e; s++) {
        unsigned c = (unsigned char)*s, d;
        if (c - '0' < 10u) d = c - '0';
        else if (base == 16 && (c | 32u) - 'a' < 6u) d = (c | 32u) - 'a' + 10;
        else return 0;
        v = v * (unsigned)base + d;
        if (v > UINT32_MAX) return 0;
    }
    *out = (uint32_t)v;
    return 1;
}

static int next_uint(const char **p, const char *end, int base, uint32_t *out)
{
    const char *t, *te;
    return llmmi_py_next_token(p, end, &t, &te) && parse_uint(t, te, base, out);
}

static int intern(builder *b, const char *s, size_t len, uint32_t *id)
{
    return llmmi_strtab_intern(&b->st, s, len, llmmi_strtab_hash(s, len), id, NULL);
}

/* ---- index files ------------------------------------------------------------------- */

static int parse_index_line(builder *b, int pos, const char *s, const char *e)
{
    const char *t, *te;
    uint32_t id, n_syn, n_ptr, n_sense, skip, off, i;
    int rc;
    if (!llmmi_py_next_token(&s, e, &t, &te)) return LLMM_EFORMAT;
    if ((rc = intern(b, t, (size_t)(te - t), &id))) return rc;
    if (!llmmi_py_next_token(&s, e, &t, &te) || te - t != 1 || *t != pos_letter[pos])
        return LLMM_EFORMAT;
    if (!next_uint(&s, e, 10, &n_syn) || n_syn == 0 || !next_uint(&s, e, 10, &n_ptr))
        return LLMM_EFORMAT;
    for (i = 0; i < n_ptr; i++)
        if (!llmmi_py_next_token(&s, e, &t, &te)) return LLMM_EFORMAT;
    if (!next_uint(&s, e, 10, &n_sense) || n_sense != n_syn || !next_uint(&s, e, 10, &skip))
        return LLMM_EFORMAT;
    if ((rc = llmmi_grow(&b->a, (void **)&b->lp, &b->lp_cap, (size_t)id + 1, sizeof *b->lp)))
        return rc;
    if (id + 1 == b->st.n) memset(&b->lp[id], 0, sizeof b->lp[id]); /* a new lemma */
    b->lp[id].start[pos] = (uint32_t)b->raw_off.n;
    b->lp[id].count[pos] = n_syn;
    for (i = 0; i < n_syn; i++) {
        if (!next_uint(&s, e, 10, &off)) return LLMM_EFORMAT;
        if ((rc = push(b, &b->raw_off, off))) return rc;
    }
    return LLMM_OK;
}

static int parse_index(builder *b, int pos, llmm_str f)
{
    const char *p = f.ptr, *end = f.ptr + f.len, *s, *e;
    size_t line = 0;
    while (next_line(&p, end, &s, &e)) {
        int rc;
        line++;
        if (s < e && *s == ' ') continue;
        rc = parse_index_line(b, pos, s, e);
        if (rc == LLMM_EFORMAT) return fail(b, LLMM_WN_FILE_INDEX, pos, line);
        if (rc) return rc;
    }
    return LLMM_OK;
}

/* ---- exception files --------------------------------------------------------------- */

static int parse_exc(builder *b, int pos, llmm_str f)
{
    const char *p = f.ptr, *end = f.ptr + f.len, *s, *e, *t, *te;
    size_t line = 0;
    int rc;
    while (next_line(&p, end, &s, &e)) {
        exc_rec r;
        uint32_t id;
        line++;
        if (!llmmi_py_next_token(&s, e, &t, &te)) return fail(b, LLMM_WN_FILE_EXC, pos, line);
        if ((rc = intern(b, t, (size_t)(te - t), &id))) return rc;
        if (id >= (1u << 30) || b->n_exc >= INT32_MAX) return LLMM_EOVERFLOW;
        r.key = id * 4 + (uint32_t)pos;
        r.seq = (uint32_t)b->n_exc;
        r.start = (uint32_t)b->bases.n;
        while (llmmi_py_next_token(&s, e, &t, &te)) {
            if ((rc = intern(b, t, (size_t)(te - t), &id))) return rc;
            if ((rc = push(b, &b->bases, id))) return rc;
        }
        r.count = (uint32_t)(b->bases.n - r.start);
        if ((rc = llmmi_grow(&b->a, (void **)&b->exc, &b->exc_cap, b->n_exc + 1, sizeof *b->exc)))
            return rc;
        b->exc[b->n_exc++] = r;
    }
    return LLMM_OK;
}

static int cmp_exc(const void *x, const void *y)
{
    const exc_rec *a = (const exc_rec *)x, *b = (const exc_rec *)y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---- synsets ------------------------------------------------------------------------ */

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* The 1-based number of the line holding byte offset `off` (only for error reports). */
static size_t line_at(llmm_str f, size_t off)
{
    const char *p = f.ptr, *end = f.ptr + f.len, *s, *e;
    size_t line = 0;
    while (next_line(&p, end, &s, &e)) {
        line++;
        if ((size_t)(p - f.ptr) > off) break;
    }
    return line ? line : 1;
}

/* Every distinct (pos, offset) the index files name, sorted. */
static int collect_keys(builder *b)
{
    size_t n = 0, i, j;
    uint32_t id;
    int pos;
    for (id = 0; id < b->n_lemma; id++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++) n += b->lp[id].count[pos];
    b->keys = (uint64_t *)llmmi_calloc(&b->a, n ? n : 1, sizeof *b->keys);
    if (!b->keys) return LLMM_ENOMEM;
    b->keys_cap = n ? n : 1;
    for (id = 0, n = 0; id < b->n_lemma; id++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++)
            for (i = 0; i < b->lp[id].count[pos]; i++)
                b->keys[n++] = (uint64_t)pos << 32 | b->raw_off.p[b->lp[id].start[pos] + i];
    qsort(b->keys, n, sizeof *b->keys, cmp_u64);
    for (i = j = 0; i < n; i++)
        if (j == 0 || b->keys[i] != b->keys[j - 1]) b->keys[j++] = b->keys[i];
    b->n_keys = j;
    return LLMM_OK;
}

/* re.match(r"(.*?)(\(.*\))?$", name).group(1): the name before a trailing "(...)". */
static size_t strip_marker(const char *s, size_t len)
{
    size_t k;
    if (len < 2 || s[len - 1] != ')') return len;
    for (k = 0; k + 1 < len; k++)
        if (s[k] == '(') return k;
    return len;
}

static int parse_synset(builder *b, uint32_t off, llmm_str f, unsigned char *pos_out)
{
    const char *s, *e, *bar = NULL, *t, *te, *p;
    char head[9];
    uint32_t v, n_lemmas, i, id;
    int rc;
    if (off >= f.len) return LLMM_EFORMAT;
    p = f.ptr + off;
    if (!next_line(&p, f.ptr + f.len, &s, &e)) return LLMM_EFORMAT;
    /* line[:8] must be the offset, zero-padded to 8 digits (wordnet.py:1557-1562) */
    if (off > 99999999u || e - s < 8) return LLMM_EFORMAT;
    for (i = 0, v = off; i < 8; i++, v /= 10) head[7 - i] = (char)('0' + v % 10);
    if (memcmp(s, head, 8) != 0) return LLMM_EFORMAT;
    llmmi_py_strip(&s, &e);
    for (t = s; t < e; t++)
        if (*t == '|') {
            if (bar) return LLMM_EFORMAT; /* more than two parts */
            bar = t;
        }
    if (!bar) return LLMM_EFORMAT;
    e = bar;
    if (!next_uint(&s, e, 10, &v) || v != off || !next_uint(&s, e, 10, &v)) return LLMM_EFORMAT;
    if (!llmmi_py_next_token(&s, e, &t, &te) || te - t != 1) return LLMM_EFORMAT;
    *pos_out = (unsigned char)*t;
    if (!next_uint(&s, e, 16, &n_lemmas)) return LLMM_EFORMAT;
    for (i = 0; i < n_lemmas; i++) {
        if (!llmmi_py_next_token(&s, e, &t, &te) || !next_uint(&s, e, 16, &v))
            return LLMM_EFORMAT;
        if ((rc = intern(b, t, strip_marker(t, (size_t)(te - t)), &id))) return rc;
        if ((rc = push(b, &b->names, id))) return rc;
    }
    return LLMM_OK;
}

static int parse_synsets(builder *b, const llmm_wordnet_files *files)
{
    size_t k;
    int rc;
    b->syn_pos = (unsigned char *)llmmi_malloc(&b->a, b->n_keys ? b->n_keys : 1);
    if (!b->syn_pos) return LLMM_ENOMEM;
    if ((rc = push(b, &b->syn_name, 0))) return rc;
    for (k = 0; k < b->n_keys; k++) {
        int pos = (int)(b->keys[k] >> 32);
        uint32_t off = (uint32_t)b->keys[k];
        rc = parse_synset(b, off, files->data[pos], &b->syn_pos[k]);
        if (rc == LLMM_EFORMAT)
            return fail(b, LLMM_WN_FILE_DATA, pos, line_at(files->data[pos], off));
        if (rc) return rc;
        if (b->names.n > UINT32_MAX - 1) return LLMM_EOVERFLOW;
        if ((rc = push(b, &b->syn_name, (uint32_t)b->names.n))) return rc;
    }
    return LLMM_OK;
}

static uint32_t synset_id(const builder *b, int pos, uint32_t off)
{
    uint64_t key = (uint64_t)pos << 32 | off;
    size_t lo = 0, hi = b->n_keys;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->keys[mid] <= key) lo = mid;
        else hi = mid;
    }
    return (uint32_t)lo; /* every key is present: collect_keys gathered them all */
}

/* ---- the blob ------------------------------------------------------------------------ */

static uint64_t fingerprint(const llmm_wordnet_files *f)
{
    unsigned char buf[3 * LLMM_WN_N_POS * 16];
    const llmm_str *all[3];
    size_t k, pos, i = 0;
    all[0] = f->index;
    all[1] = f->data;
    all[2] = f->exc;
    for (k = 0; k < 3; k++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++, i += 16) {
            llmmi_put_u64(buf + i, (uint64_t)all[k][pos].len);
            llmmi_put_u64(buf + i + 8, XXH3_64bits(all[k][pos].len ? all[k][pos].ptr : "",
                                                   all[k][pos].len));
        }
    return XXH3_64bits(buf, sizeof buf);
}

static unsigned char *put_u32s(unsigned char *p, const uint32_t *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++, p += 4) llmmi_put_u32(p, v[i]);
    return p;
}

static unsigned char *put_bytes(unsigned char *p, const void *v, size_t n)
{
    size_t pad = ((n + 3) & ~(size_t)3) - n;
    if (n) memcpy(p, v, n);
    memset(p + n, 0, pad);
    return p + n + pad;
}

#define PAD4(n) (((uint64_t)(n) + 3u) & ~(uint64_t)3u)

/* Keeps the last line of each exception key (stable order by key, then line). */
static void dedup_exc(builder *b)
{
    size_t i, j = 0;
    if (b->n_exc > 1) qsort(b->exc, b->n_exc, sizeof *b->exc, cmp_exc);
    for (i = 0; i < b->n_exc; i++) {
        if (j > 0 && b->exc[j - 1].key == b->exc[i].key) j--;
        b->exc[j++] = b->exc[i];
    }
    b->n_exc = j;
}

static unsigned flags_of(const char *s, size_t len)
{
    unsigned f = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        if (s[i] == '_') f |= WN_FLAG_UNDERSCORE;
        if ((unsigned)(s[i] - 'A') < 26u) f |= WN_FLAG_UPPER;
    }
    return f;
}

static int write_blob(builder *b, uint64_t fp, unsigned char **out, size_t *out_len)
{
    const uint32_t n_str = (uint32_t)b->st.n, n_lemma = b->n_lemma;
    const uint32_t n_syn = (uint32_t)b->n_keys, n_name = (uint32_t)b->names.n;
    uint32_t hash_bits = 4, n_sense = 0, n_exc_base = 0, id, *slots;
    uint64_t total, n_slots;
    unsigned char *blob, *p;
    size_t i, k;
    int pos;
    if (n_str >= (1u << 30)) return LLMM_EOVERFLOW;
    while (((uint64_t)1 << hash_bits) < 2 * (uint64_t)n_str) hash_bits++;
    n_slots = (uint64_t)1 << hash_bits;
    for (id = 0; id < n_lemma; id++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++) n_sense += b->lp[id].count[pos];
    dedup_exc(b);
    for (i = 0; i < b->n_exc; i++) n_exc_base += b->exc[i].count;
    total = WN_HEADER + 4 * ((uint64_t)n_str + 1) + PAD4(b->st.n_bytes) + PAD4(n_str) +
            8 * n_slots + 4 * (4 * (uint64_t)n_lemma + 1) + 4 * (uint64_t)n_sense +
            4 * (uint64_t)n_syn + 4 * ((uint64_t)n_syn + 1) + 4 * (uint64_t)n_name +
            4 * (uint64_t)b->n_exc + 4 * ((uint64_t)b->n_exc + 1) + 4 * (uint64_t)n_exc_base +
            PAD4(n_syn);
    if (total > UINT32_MAX || total > (uint64_t)((size_t)-1 - LLMMI_SER_HEADER))
        return LLMM_EOVERFLOW;
    slots = (uint32_t *)llmmi_calloc(&b->a, 2 * (size_t)n_slots, sizeof *slots);
    if (!slots) return LLMM_ENOMEM;
    blob = (unsigned char *)llmmi_malloc(&b->a, LLMMI_SER_HEADER + (size_t)total);
    if (!blob) {
        llmmi_free(&b->a, slots, 2 * (size_t)n_slots * sizeof *slots);
        return LLMM_ENOMEM;
    }
    p = blob + LLMMI_SER_HEADER;
    memcpy(p, WN_MAGIC, 4);
    llmmi_put_u32(p + 4, LLMM_WORDNET_FORMAT_VERSION);
    llmmi_put_u64(p + 8, fp);
    llmmi_put_u32(p + 16, n_str);
    llmmi_put_u32(p + 20, n_lemma);
    llmmi_put_u32(p + 24, (uint32_t)b->st.n_bytes);
    llmmi_put_u32(p + 28, hash_bits);
    llmmi_put_u32(p + 32, n_sense);
    llmmi_put_u32(p + 36, n_syn);
    llmmi_put_u32(p + 40, n_name);
    llmmi_put_u32(p + 44, (uint32_t)b->n_exc);
    llmmi_put_u32(p + 48, n_exc_base);
    llmmi_put_u32(p + 52, 0);
    p += WN_HEADER;
    if (n_str) p = put_u32s(p, b->st.off, (size_t)n_str + 1);
    else p = put_u32s(p, &n_str, 1); /* an empty database: str_off = {0} */
    p = put_bytes(p, b->st.bytes, b->st.n_bytes);
    for (id = 0; id < n_str; id++) {
        size_t len;
        const char *s = llmmi_strtab_str(&b->st, id, &len);
        uint64_t h = llmmi_strtab_hash(s, len);
        size_t mask = (size_t)n_slots - 1, j = (size_t)(h >> 32) & mask;
        p[id] = (unsigned char)flags_of(s, len);
        while (slots[2 * j]) j = (j + 1) & mask;
        slots[2 * j] = id + 1;
        slots[2 * j + 1] = (uint32_t)h;
    }
    memset(p + n_str, 0, (size_t)(PAD4(n_str) - n_str));
    p += PAD4(n_str);
    p = put_u32s(p, slots, 2 * (size_t)n_slots);
    llmmi_free(&b->a, slots, 2 * (size_t)n_slots * sizeof *slots);
    {   /* sense_off, then sense */
        unsigned char *so = p, *se = p + 4 * (4 * (size_t)n_lemma + 1);
        uint32_t at = 0;
        for (id = 0; id < n_lemma; id++)
            for (pos = 0; pos < LLMM_WN_N_POS; pos++) {
                llmmi_put_u32(so, at);
                so += 4;
                for (k = 0; k < b->lp[id].count[pos]; k++, at++, se += 4)
                    llmmi_put_u32(se, synset_id(b, pos, b->raw_off.p[b->lp[id].start[pos] + k]));
            }
        llmmi_put_u32(so, at);
        p = se;
    }
    for (k = 0; k < n_syn; k++, p += 4) llmmi_put_u32(p, (uint32_t)b->keys[k]);
    p = put_u32s(p, b->syn_name.p, (size_t)n_syn + 1);
    p = put_u32s(p, b->names.p, n_name);
    for (i = 0; i < b->n_exc; i++, p += 4) llmmi_put_u32(p, b->exc[i].key);
    {
        uint32_t at = 0;
        for (i = 0; i < b->n_exc; i++, p += 4) {
            llmmi_put_u32(p, at);
            at += b->exc[i].count;
        }
        llmmi_put_u32(p, at);
        p += 4;
    }
    for (i = 0; i < b->n_exc; i++)
        if (b->exc[i].count) p = put_u32s(p, b->bases.p + b->exc[i].start, b->exc[i].count);
    p = put_bytes(p, b->syn_pos, n_syn);
    llmmi_ser_seal(blob, LLMMI_KIND_WORDNET, (size_t)total);
    *out = blob;
    *out_len = LLMMI_SER_HEADER + (size_t)total;
    return (size_t)(p - blob) == *out_len ? LLMM_OK : LLMM_EFORMAT;
}

static void builder_free(builder *b)
{
    llmmi_strtab_free(&b->st);
    llmmi_free(&b->a, b->lp, b->lp_cap * sizeof *b->lp);
    vec_free(b, &b->raw_off);
    llmmi_free(&b->a, b->keys, b->keys_cap * sizeof *b->keys);
    vec_free(b, &b->syn_name);
    vec_free(b, &b->names);
    llmmi_free(&b->a, b->syn_pos, b->n_keys ? b->n_keys : 1);
    llmmi_free(&b->a, b->exc, b->exc_cap * sizeof *b->exc);
    vec_free(b, &b->bases);
}

static int check_files(const llmm_wordnet_files *files, llmm_wordnet_error *where)
{
    const llmm_str *all[3];
    int kind, pos;
    all[0] = files->index;
    all[1] = files->data;
    all[2] = files->exc;
    for (kind = 0; kind < 3; kind++)
        for (pos = 0; pos < LLMM_WN_N_POS; pos++) {
            llmm_str f = all[kind][pos];
            size_t bad;
            if (!f.ptr && f.len) return LLMM_ENULL;
            if (f.len > UINT32_MAX) return LLMM_EOVERFLOW;
            if (llmm_utf8_validate(f.ptr, f.len, &bad) != LLMM_OK) {
                if (where) {
                    where->kind = kind;
                    where->pos = pos;
                    where->line = line_at(f, bad);
                }
                return LLMM_EUTF8;
            }
        }
    return LLMM_OK;
}

int llmm_wordnet_build(llmm_wordnet **out, const llmm_wordnet_files *files,
                       const llmm_allocator *alloc, llmm_wordnet_error *where)
{
    builder b;
    llmm_wordnet_files norm;
    llmm_wordnet *wn;
    unsigned char *blob = NULL;
    size_t blob_len = 0;
    int rc, pos;
    if (where) memset(where, 0, sizeof *where);
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if (!files) return LLMM_ENULL;
    if ((rc = check_files(files, where))) return rc;
    {
        /* empty files may come as NULL: parse "" instead (no arithmetic on NULL) */
        int kind;
        llmm_str *all[3];
        norm = *files;
        all[0] = norm.index;
        all[1] = norm.data;
        all[2] = norm.exc;
        for (kind = 0; kind < 3; kind++)
            for (pos = 0; pos < LLMM_WN_N_POS; pos++)
                if (!all[kind][pos].ptr) all[kind][pos].ptr = "";
        files = &norm;
    }
    memset(&b, 0, sizeof b);
    llmmi_alloc_init(&b.a, alloc);
    llmmi_strtab_init(&b.st, &b.a);
    b.where = where;
    for (pos = 0; pos < LLMM_WN_N_POS && !rc; pos++) rc = parse_index(&b, pos, files->index[pos]);
    b.n_lemma = (uint32_t)b.st.n;
    if (!rc) rc = collect_keys(&b);
    if (!rc) rc = parse_synsets(&b, files);
    for (pos = 0; pos < LLMM_WN_N_POS && !rc; pos++) rc = parse_exc(&b, pos, files->exc[pos]);
    if (!rc) rc = write_blob(&b, fingerprint(files), &blob, &blob_len);
    builder_free(&b);
    if (rc) return rc;
    wn = (llmm_wordnet *)llmmi_calloc(&b.a, 1, sizeof *wn);
    if (!wn) {
        llmmi_free(&b.a, blob, blob_len);
        return LLMM_ENOMEM;
    }
    wn->alloc = b.a;
    if ((rc = llmmi_wn_attach(wn, blob, blob_len)) != LLMM_OK) {
        llmmi_free(&b.a, wn, sizeof *wn);
        return rc;
    }
    *out = wn;
    return LLMM_OK;
}
