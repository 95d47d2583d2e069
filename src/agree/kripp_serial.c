/* kripp_serial.c - llmm_kripp <-> bytes.
 *
 * Payload (kind LLMMI_KIND_KRIPP, little-endian): u32 V, u32 G (groups in use),
 * V f64 domain values (in order), then G times: u64 m (ascending, >= 2), u64 units
 * (>= 1), V*V u64 counts. Checked on reading: the domain is valid and each group's
 * counts sum to units * (m^2 - m). */
#include "agree_internal.h"
#include "core/serial.h"
#include <string.h>

static size_t used_groups(const llmm_kripp *k)
{
    size_t g, n = 0;
    for (g = 0; g < k->n_groups; g++) n += k->groups[g].units != 0;
    return n;
}

size_t llmm_kripp_serialized_size(const llmm_kripp *k)
{
    size_t vv;
    if (!k) return 0;
    vv = (size_t)k->v * k->v;
    return LLMMI_SER_HEADER + 8 + 8 * (size_t)k->v + used_groups(k) * (16 + 8 * vv);
}

int llmm_kripp_serialize(const llmm_kripp *k, void *buf, size_t cap, size_t *written)
{
    unsigned char *q;
    size_t need, g, i, vv;
    if (!k || !buf) return LLMM_ENULL;
    need = llmm_kripp_serialized_size(k);
    if (cap < need) return LLMM_EBUFFER;
    if (need - LLMMI_SER_HEADER > UINT32_MAX) return LLMM_EOVERFLOW;
    vv = (size_t)k->v * k->v;
    q = (unsigned char *)buf + LLMMI_SER_HEADER;
    llmmi_put_u32(q, k->v);
    llmmi_put_u32(q + 4, (uint32_t)used_groups(k));
    q += 8;
    for (i = 0; i < k->v; i++, q += 8) llmmi_put_f64(q, k->domain[i]);
    for (g = 0; g < k->n_groups; g++) {
        const llmmi_kripp_group *gr = &k->groups[g];
        if (!gr->units) continue;
        llmmi_put_u64(q, gr->m);
        llmmi_put_u64(q + 8, gr->units);
        q += 16;
        for (i = 0; i < vv; i++, q += 8) llmmi_put_u64(q, gr->mat[i]);
    }
    llmmi_ser_seal((unsigned char *)buf, LLMMI_KIND_KRIPP, need - LLMMI_SER_HEADER);
    if (written) *written = need;
    return LLMM_OK;
}

int llmm_kripp_deserialize(llmm_kripp **out, const void *buf, size_t len,
                           const llmm_allocator *alloc)
{
    const unsigned char *q, *p;
    size_t plen, v, vv, ng, g, i;
    double *dom;
    llmm_kripp *k;
    uint64_t prev_m = 1;
    llmm_allocator al;
    int rc;
    if (!out) return LLMM_ENULL;
    *out = NULL;
    if ((rc = llmmi_ser_open(buf, len, LLMMI_KIND_KRIPP, &q, &plen)) != LLMM_OK) return rc;
    if (plen < 8) return LLMM_EFORMAT;
    v = llmmi_get_u32(q);
    ng = llmmi_get_u32(q + 4);
    if (v < 2 || v > LLMM_KRIPP_MAX_VALUES) return LLMM_EFORMAT;
    vv = v * v;
    if (ng > (plen - 8) / (16 + 8 * vv) + 1 || plen != 8 + 8 * v + ng * (16 + 8 * vv))
        return LLMM_EFORMAT;
    /* validate the groups before building anything */
    for (g = 0, p = q + 8 + 8 * v; g < ng; g++) {
        uint64_t m = llmmi_get_u64(p), units = llmmi_get_u64(p + 8), sum = 0, expect;
        if (m <= prev_m || m > UINT32_MAX || units == 0) return LLMM_EFORMAT;
        if (units > UINT64_MAX / (m * m - m)) return LLMM_EFORMAT;
        expect = units * (m * m - m);
        for (i = 0, p += 16; i < vv; i++, p += 8) {
            uint64_t c = llmmi_get_u64(p);
            if (c > expect - sum) return LLMM_EFORMAT;
            sum += c;
        }
        if (sum != expect) return LLMM_EFORMAT;
        prev_m = m;
    }
    llmmi_alloc_init(&al, alloc);
    dom = (double *)llmmi_calloc(&al, v, sizeof(double));
    if (!dom) return LLMM_ENOMEM;
    for (i = 0; i < v; i++) dom[i] = llmmi_get_f64(q + 8 + 8 * i);
    rc = llmm_kripp_create(&k, dom, v, &al);
    llmmi_free(&al, dom, v * sizeof(double));
    if (rc != LLMM_OK) return rc == LLMM_ENOMEM ? rc : LLMM_EFORMAT;
    for (g = 0, p = q + 8 + 8 * v; g < ng; g++) {
        ptrdiff_t gi = llmmi_kripp_group_for(k, llmmi_get_u64(p));
        if (gi < 0) {
            llmm_kripp_free(k);
            return LLMM_ENOMEM;
        }
        k->groups[gi].units = llmmi_get_u64(p + 8);
        k->n_pairable += k->groups[gi].units;
        for (i = 0, p += 16; i < vv; i++, p += 8) k->groups[gi].mat[i] = llmmi_get_u64(p);
    }
    *out = k;
    return LLMM_OK;
}
