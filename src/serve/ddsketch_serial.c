/* ddsketch_serial.c - versioned binary form of llmm_sketch (docs/sketch.md).
 *
 * Envelope: src/core/serial.h, kind LLMMI_KIND_SKETCH. Payload (little-endian):
 *   f64 relative_accuracy, u32 max_bins, u32 flags (bit 0: positive store collapsed,
 *   bit 1: negative store collapsed), u64 count, u64 zero_count, f64 min, f64 max,
 *   exact sum (src/core/exactsum.h), then the positive and the negative store, each
 *   i32 min_key, u32 n_bins, n_bins counts as LEB128 varints (keys min_key ..
 *   min_key + n_bins - 1; the first and last counts are non-zero). */
#include "ddsketch.h"
#include "core/alloc.h"
#include "core/serial.h"
#include <math.h>
#include <string.h>

static size_t varint_len(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

/* Strict LEB128: at most 10 bytes, no bits beyond 64, no redundant trailing zero. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    const unsigned char *q = *p;
    for (;;) {
        unsigned char b;
        if (q == end || shift > 63) return 0;
        b = *q++;
        if (shift == 63 && (b & 0x7E)) return 0;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            if (b == 0 && shift) return 0;
            break;
        }
        shift += 7;
    }
    *p = q;
    *out = v;
    return 1;
}

static size_t store_size(const llmmi_store *st)
{
    size_t n = 8;
    int64_t k;
    if (!st->count) return n;
    for (k = st->min_key; k <= st->max_key; k++) n += varint_len(st->bins[k - st->offset]);
    return n;
}

static unsigned char *put_store(unsigned char *p, const llmmi_store *st)
{
    int64_t k;
    if (!st->count) {
        llmmi_put_u32(p, 0);
        llmmi_put_u32(p + 4, 0);
        return p + 8;
    }
    llmmi_put_u32(p, (uint32_t)st->min_key);
    llmmi_put_u32(p + 4, (uint32_t)(st->max_key - st->min_key + 1));
    p += 8;
    for (k = st->min_key; k <= st->max_key; k++) p = put_varint(p, st->bins[k - st->offset]);
    return p;
}

#define FIXED_PART (8 + 4 + 4 + 8 + 8 + 8 + 8)

size_t llmm_sketch_serialized_size(const llmm_sketch *s)
{
    llmmi_exactsum sum;
    if (!s) return 0;
    llmmi_sketch_sum(s, &sum);
    return LLMMI_SER_HEADER + FIXED_PART + llmmi_exactsum_ser_size(&sum) + store_size(&s->pos) +
           store_size(&s->neg);
}

int llmm_sketch_serialize(const llmm_sketch *s, void *buf, size_t cap, size_t *len)
{
    size_t need;
    unsigned char *b = (unsigned char *)buf, *p;
    llmmi_exactsum sum;
    if (!s || !buf || !len) return LLMM_ENULL;
    need = llmm_sketch_serialized_size(s);
    *len = need;
    if (cap < need) return LLMM_EBUFFER;
    if (need - LLMMI_SER_HEADER > UINT32_MAX) return LLMM_EOVERFLOW;
    p = b + LLMMI_SER_HEADER;
    llmmi_put_f64(p, s->map.alpha);
    llmmi_put_u32(p + 8, s->max_bins);
    llmmi_put_u32(p + 12, (uint32_t)(s->pos.collapsed ? 1 : 0) | (s->neg.collapsed ? 2u : 0u));
    llmmi_put_u64(p + 16, s->count);
    llmmi_put_u64(p + 24, s->zero_count);
    llmmi_put_f64(p + 32, s->min);
    llmmi_put_f64(p + 40, s->max);
    p += FIXED_PART;
    llmmi_sketch_sum(s, &sum);
    p += llmmi_exactsum_write(&sum, p);
    p = put_store(p, &s->pos);
    p = put_store(p, &s->neg);
    llmmi_ser_seal(b, LLMMI_KIND_SKETCH, (size_t)(p - b) - LLMMI_SER_HEADER);
    return LLMM_OK;
}

/* Reads one store through the public add path, so every invariant (bin limit, key
 * range) is re-established rather than trusted. */
static int read_store(llmm_sketch *s, llmmi_store *st, const unsigned char **pp,
                      const unsigned char *end, int collapsed)
{
    const unsigned char *p = *pp;
    int64_t min_key, k;
    uint32_t n, i;
    uint64_t c, total = 0;
    int rc;
    if (end - p < 8) return LLMM_EFORMAT;
    min_key = (int32_t)llmmi_get_u32(p);
    n = llmmi_get_u32(p + 4);
    p += 8;
    if (!n) {
        if (min_key || collapsed) return LLMM_EFORMAT;
        *pp = p;
        return LLMM_OK;
    }
    if ((s->max_bins && n > s->max_bins) || (size_t)(end - p) < n ||
        min_key + (int64_t)n - 1 > INT32_MAX)
        return LLMM_EFORMAT;
    /* Every key must map back into the representable range of the mapping. */
    if (min_key < -INT32_MAX / 2 || !isfinite(llmmi_mapping_value(&s->map, (int32_t)(min_key + n - 1))) ||
        llmmi_mapping_value(&s->map, (int32_t)min_key) <= 0)
        return LLMM_EFORMAT;
    for (i = 0; i < n; i++) {
        if (!get_varint(&p, end, &c)) return LLMM_EFORMAT;
        if ((i == 0 || i == n - 1) && !c) return LLMM_EFORMAT;
        if (!c) continue;
        if (total > UINT64_MAX - c) return LLMM_EFORMAT;
        total += c;
        k = min_key + i;
        if ((rc = llmmi_store_add(st, (int32_t)k, c, s->max_bins, &s->alloc))) return rc;
    }
    st->collapsed = collapsed;
    *pp = p;
    return LLMM_OK;
}

int llmm_sketch_deserialize(llmm_sketch **out, const void *buf, size_t len,
                            const llmm_allocator *alloc)
{
    const unsigned char *p, *end;
    size_t plen, used;
    llmm_sketch_options o;
    llmm_sketch *s = NULL;
    uint32_t flags;
    uint64_t count, zero;
    double mn, mx;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_SKETCH, &p, &plen))) return rc;
    end = p + plen;
    if (plen < FIXED_PART) return LLMM_EFORMAT;
    o.relative_accuracy = llmmi_get_f64(p);
    o.max_bins = llmmi_get_u32(p + 8);
    flags = llmmi_get_u32(p + 12);
    count = llmmi_get_u64(p + 16);
    zero = llmmi_get_u64(p + 24);
    mn = llmmi_get_f64(p + 32);
    mx = llmmi_get_f64(p + 40);
    if (flags > 3) return LLMM_EFORMAT;
    if ((rc = llmm_sketch_create(&s, &o, alloc))) return rc == LLMM_EDOMAIN ? LLMM_EFORMAT : rc;
    p += FIXED_PART;
    if ((rc = llmmi_exactsum_read(&s->sum, p, (size_t)(end - p), &used))) goto fail;
    p += used;
    if ((rc = read_store(s, &s->pos, &p, end, (int)(flags & 1))) ||
        (rc = read_store(s, &s->neg, &p, end, (int)(flags >> 1 & 1))))
        goto fail;
    rc = LLMM_EFORMAT;
    if (p != end) goto fail;
    if (s->pos.count > UINT64_MAX - s->neg.count ||
        s->pos.count + s->neg.count > UINT64_MAX - zero ||
        s->pos.count + s->neg.count + zero != count)
        goto fail;
    if (count) {
        /* The sum and extremes of accepted values are finite, min <= max, and the
         * stores' signs agree with them. */
        if (!isfinite(mn) || !isfinite(mx) || mn > mx) goto fail;
        if ((s->neg.count && !(mn < 0)) || (s->pos.count && !(mx > 0))) goto fail;
        if (s->sum.n_nan || s->sum.n_pinf || s->sum.n_ninf) goto fail;
    } else {
        if (mn != HUGE_VAL || mx != -HUGE_VAL || !llmmi_exactsum_is_zero(&s->sum)) goto fail;
    }
    s->zero_count = zero;
    s->count = count;
    s->min = mn;
    s->max = mx;
    *out = s;
    return LLMM_OK;
fail:
    llmm_sketch_free(s);
    return rc;
}
