/* meteor_words.c - the scorer's word cache: every distinct token is lowered once,
 * every distinct lowered word stemmed once, the synonym set of every distinct stem
 * looked up in WordNet once (each stage of NLTK compares these strings, so equal
 * strings <=> equal ids). */
#include "meteor_internal.h"
#include "lower.h"
#include "pysplit.h"
#include "text/porter.h"
#include "core/alloc.h"
#include <string.h>

/* Interns a string and makes sure its cache entry exists. */
static int intern(llmm_meteor *m, const char *s, size_t len, uint32_t *id)
{
    int added, rc;
    rc = llmmi_strtab_intern(&m->words, s, len, llmmi_strtab_hash(s, len), id, &added);
    if (rc) return rc;
    if (added) {
        met_word *w;
        if ((rc = llmmi_grow(&m->alloc, (void **)&m->info, &m->info_cap, (size_t)*id + 1,
                             sizeof *m->info)))
            return rc;
        w = &m->info[*id];
        w->lower = w->stem = w->wn = w->syn_n = MET_UNSET;
        w->syn_start = 0;
    }
    return LLMM_OK;
}

/* Room for the text and code point scratch of a word of `len` bytes. */
static int reserve(llmm_meteor *m, size_t len)
{
    size_t cps;
    int rc;
    if (!llmmi_mul_ok(len, 4, &cps) || cps > (size_t)-1 / sizeof(uint32_t) - 1)
        return LLMM_EOVERFLOW;
    if ((rc = llmmi_grow(&m->alloc, (void **)&m->text, &m->text_cap, LLMMI_LOWER_BOUND(len) + 1, 1)))
        return rc;
    return llmmi_grow(&m->alloc, (void **)&m->cps, &m->cps_cap, cps + 1, sizeof *m->cps);
}

/* Lowered-word id of a token the cache has not seen: preprocess=str.lower
 * (meteor_score.py:42-43), validated here once (cached tokens were valid). */
static int lower_id(llmm_meteor *m, const char *s, size_t len, uint32_t *low)
{
    uint32_t lid;
    size_t n;
    int rc;
    if (llmm_utf8_validate(s, len, NULL) != LLMM_OK) return LLMM_EUTF8;
    if ((rc = reserve(m, len))) return rc;
    if ((rc = llmmi_utf8_lower(s, len, m->cps, m->text, &n))) return rc;
    if ((rc = intern(m, m->text, n, &lid))) return rc;
    m->info[lid].lower = lid; /* str.lower() is idempotent (checked over all code points) */
    *low = lid;
    return LLMM_OK;
}

/* token_id() when the inline-key map has no answer: a new short token (k, h: its key
 * and hash), or any token longer than 16 bytes, which is interned in the word table. */
static int token_id_slow(llmm_meteor *m, const char *s, size_t len, const llmmi_shortkey *k,
                         uint64_t h, uint32_t *low)
{
    uint32_t id;
    int rc;
    if (k) {
        if ((rc = lower_id(m, s, len, low))) return rc;
        return llmmi_shortmap_put(&m->tokens, k, h, *low);
    }
    if ((rc = intern(m, s, len, &id))) return rc;
    if (m->info[id].lower == MET_UNSET) {
        if ((rc = lower_id(m, s, len, low))) return rc;
        m->info[id].lower = *low;
    }
    *low = m->info[id].lower;
    return LLMM_OK;
}

/* The per-token fast path is inlined into each of the three token loops. */
#if defined(__GNUC__) || defined(__clang__)
#define MET_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define MET_ALWAYS_INLINE static inline
#endif

/* Lowered-word id of a token; the bytes [s, limit) may be read. Short tokens (most)
 * go through the inline-key map. */
MET_ALWAYS_INLINE int token_id(llmm_meteor *m, const char *s, size_t len, const char *limit,
                           uint32_t *low)
{
    if (len <= LLMMI_SHORT_MAX) {
        llmmi_shortkey k;
        uint64_t h;
        llmmi_shortkey_make(&k, s, len, limit);
        h = llmmi_shortkey_hash(&k);
        if ((*low = llmmi_shortmap_get(&m->tokens, &k, h)) != LLMMI_SHORTMAP_NONE) return LLMM_OK;
        return token_id_slow(m, s, len, &k, h, low);
    }
    return token_id_slow(m, s, len, NULL, 0, low);
}

/* Room for n tokens in a side (the three arrays share one allocation; nothing is kept). */
static int side_reserve(llmm_meteor *m, met_side *side, size_t n)
{
    size_t cap = side->cap ? side->cap : 16, bytes;
    uint32_t *buf;
    if (n <= side->cap) return LLMM_OK;
    while (cap < n) {
        if (cap > (size_t)-1 / 2) return LLMM_EOVERFLOW;
        cap *= 2;
    }
    if (!llmmi_mul_ok(cap, 3 * sizeof *buf, &bytes)) return LLMM_EOVERFLOW;
    buf = (uint32_t *)llmmi_malloc(&m->alloc, bytes);
    if (!buf) return LLMM_ENOMEM;
    llmmi_free(&m->alloc, side->low, side->cap * 3 * sizeof *buf);
    side->low = buf;
    side->stem = buf + cap;
    side->link = buf + 2 * cap;
    side->cap = cap;
    return LLMM_OK;
}

int llmmi_met_load_side(llmm_meteor *m, met_side *side, const char *base, const size_t *offsets,
                        size_t n)
{
    const char *limit = n && base ? base + offsets[n] : NULL;
    size_t i;
    int rc;
    side->n = 0;
    if ((rc = side_reserve(m, side, n))) return rc;
    for (i = 0; i < n; i++) {
        size_t l = offsets[i + 1] - offsets[i];
        const char *s = l == 0 ? "" : base + offsets[i];
        if ((rc = token_id(m, s, l, l == 0 ? s : limit, &side->low[i]))) return rc;
    }
    side->n = n;
    return LLMM_OK;
}

/* str.split() of the string, straight into the side. Invalid UTF-8 is found without a
 * pass of its own: invalid bytes never split (pysplit.h), so they end up in a token,
 * and every token is validated when first seen. */
int llmmi_met_load_text(llmm_meteor *m, met_side *side, const char *p, size_t len)
{
    const char *end, *t, *te;
    size_t n = 0;
    int rc;
    side->n = 0;
    if (!p && len) return LLMM_ENULL;
    if (!len) return LLMM_OK;
    end = p + len;
    /* at most one token per two bytes */
    if ((rc = side_reserve(m, side, len / 2 + 1))) return rc;
    while (llmmi_py_next_token(&p, end, &t, &te)) {
        if ((rc = token_id(m, t, (size_t)(te - t), end, &side->low[n++]))) return rc;
    }
    side->n = n;
    return LLMM_OK;
}

/* First NUL byte in [s, end), or end. */
static inline const char *find_nul(const char *s, const char *end)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight bytes at a time; the lowest flagged byte is exact (a borrow only reaches
     * bytes above a zero byte) */
    while (end - s >= 8) {
        uint64_t x, z;
        memcpy(&x, s, 8);
        z = (x - UINT64_C(0x0101010101010101)) & ~x & UINT64_C(0x8080808080808080);
        if (z) return s + (__builtin_ctzll(z) >> 3);
        s += 8;
    }
#endif
    while (s < end && *s) s++;
    return s;
}

int llmmi_met_load_packed(llmm_meteor *m, met_side *side, const char **p, const char *end,
                          size_t n)
{
    const char *s = *p;
    size_t i;
    int rc;
    side->n = 0;
    if ((rc = side_reserve(m, side, n))) return rc;
    for (i = 0; i < n; i++) {
        const char *e = find_nul(s, end);
        if (e == end) return LLMM_EINVAL; /* more tokens counted than the data holds */
        if ((rc = token_id(m, s, (size_t)(e - s), end, &side->low[i]))) return rc;
        s = e + 1;
    }
    side->n = n;
    *p = s;
    return LLMM_OK;
}

static int is_ascii(const char *s, size_t len)
{
    size_t i;
    unsigned char any = 0;
    for (i = 0; i < len; i++) any |= (unsigned char)s[i];
    return any < 0x80;
}

int llmmi_met_stem(llmm_meteor *m, uint32_t low)
{
    uint32_t sid;
    size_t len, n;
    const char *s;
    int rc;
    if (m->info[low].stem != MET_UNSET) return LLMM_OK;
    s = llmmi_strtab_str(&m->words, low, &len);
    if ((rc = reserve(m, len))) return rc;
    /* stemmer.stem(word) with its default to_lowercase=True (meteor_score.py:108-114);
     * the word is already lowered and str.lower() is idempotent, so an ASCII word (one
     * code point per byte) is stemmed on its bytes */
    if (is_ascii(s, len)) n = llmmi_porter_stem_ascii(s, len, m->text, m->cps);
    else if ((rc = llmmi_porter_stem_utf8(s, len, 1, m->text, &n, m->cps))) return rc;
    if ((rc = intern(m, m->text, n, &sid))) return rc;
    m->info[low].stem = sid;
    return LLMM_OK;
}

int llmmi_met_synonyms(llmm_meteor *m, uint32_t stem)
{
    size_t len, k;
    const char *s;
    int rc;
    if (m->info[stem].syn_n != MET_UNSET) return LLMM_OK;
    s = llmmi_strtab_str(&m->words, stem, &len);
    /* wordnet.synsets(stem) lowers the stem first (wordnet.py:1750): a no-op on a stem,
     * which is already lower case. Names with a capital never equal a (lower-case)
     * reference stem, so they are left out of the cached set. */
    if ((rc = llmmi_wn_synonym_ids(m->opts.wordnet, s, len, 1, &m->wn_scratch, &k))) return rc;
    if (k > UINT32_MAX - 2 || m->syn_n > UINT32_MAX - k) return LLMM_EOVERFLOW;
    if ((rc = llmmi_grow(&m->alloc, (void **)&m->syn, &m->syn_cap, m->syn_n + k, sizeof *m->syn)))
        return rc;
    /* the names as WordNet string ids: a reference stem matches iff its WordNet id
     * (llmmi_met_wn_id) is in the set */
    if (k) memcpy(m->syn + m->syn_n, m->wn_scratch.names, k * sizeof *m->syn);
    m->info[stem].syn_start = (uint32_t)m->syn_n;
    m->info[stem].syn_n = (uint32_t)k;
    m->syn_n += k;
    return LLMM_OK;
}

void llmmi_met_maybe_reset(llmm_meteor *m)
{
    if (m->words.n + m->tokens.n <= m->opts.cache_words) return;
    llmmi_strtab_clear(&m->words);
    llmmi_shortmap_clear(&m->tokens);
    m->syn_n = 0;
}
