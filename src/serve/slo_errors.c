/* slo_errors.c - request outcomes by error category (built-in + caller-defined). */
#include "llmm_serve.h"
#include <string.h>

int llmm_slo_max_categories(void) { return LLMM_SLO_MAX_CATEGORIES; }
size_t llmm_slo_errors_size(void) { return sizeof(llmm_slo_errors); }

void llmm_slo_errors_init(llmm_slo_errors *e)
{
    static const char *const builtin[LLMM_SLO_BUILTIN_CATEGORIES] = {
        "timeout", "exception", "malformed", "refusal", "other"};
    uint32_t i;
    if (!e) return;
    memset(e, 0, sizeof *e);
    for (i = 0; i < LLMM_SLO_BUILTIN_CATEGORIES; i++) strcpy(e->names[i], builtin[i]);
    e->n_categories = LLMM_SLO_BUILTIN_CATEGORIES;
}

int llmm_slo_errors_find(const llmm_slo_errors *e, const char *name, size_t len, uint32_t *id)
{
    uint32_t i;
    if (!e || !name || !id) return LLMM_ENULL;
    for (i = 0; i < e->n_categories && i < LLMM_SLO_MAX_CATEGORIES; i++)
        if (strlen(e->names[i]) == len && !memcmp(e->names[i], name, len)) {
            *id = i;
            return LLMM_OK;
        }
    return LLMM_ERANGE;
}

int llmm_slo_errors_add_category(llmm_slo_errors *e, const char *name, size_t len, uint32_t *id)
{
    uint32_t existing;
    int rc;
    if (!e || !name || !id) return LLMM_ENULL;
    if (!len || len >= LLMM_SLO_NAME_MAX || memchr(name, 0, len)) return LLMM_EINVAL;
    if ((rc = llmm_utf8_validate(name, len, NULL))) return rc;
    if (llmm_slo_errors_find(e, name, len, &existing) == LLMM_OK) return LLMM_EINVAL;
    if (e->n_categories >= LLMM_SLO_MAX_CATEGORIES) return LLMM_ERANGE;
    memcpy(e->names[e->n_categories], name, len);
    e->names[e->n_categories][len] = '\0';
    *id = e->n_categories++;
    return LLMM_OK;
}

int llmm_slo_errors_record_success(llmm_slo_errors *e, uint64_t n)
{
    if (!e) return LLMM_ENULL;
    if (e->total > UINT64_MAX - n) return LLMM_EOVERFLOW;
    e->total += n;
    return LLMM_OK;
}

int llmm_slo_errors_record_error(llmm_slo_errors *e, uint32_t category, uint64_t n)
{
    if (!e) return LLMM_ENULL;
    if (category >= e->n_categories || category >= LLMM_SLO_MAX_CATEGORIES) return LLMM_ERANGE;
    if (e->total > UINT64_MAX - n) return LLMM_EOVERFLOW;
    e->total += n;
    e->errors[category] += n;
    return LLMM_OK;
}

int llmm_slo_errors_merge(llmm_slo_errors *dst, const llmm_slo_errors *src)
{
    uint32_t i;
    if (!dst || !src) return LLMM_ENULL;
    if (dst->n_categories != src->n_categories || src->n_categories > LLMM_SLO_MAX_CATEGORIES)
        return LLMM_EINVAL;
    for (i = 0; i < src->n_categories; i++)
        if (strncmp(dst->names[i], src->names[i], LLMM_SLO_NAME_MAX)) return LLMM_EINVAL;
    if (dst->total > UINT64_MAX - src->total) return LLMM_EOVERFLOW;
    dst->total += src->total;
    for (i = 0; i < src->n_categories; i++) dst->errors[i] += src->errors[i];
    return LLMM_OK;
}

int llmm_slo_error_rate(const llmm_slo_errors *e, uint32_t category, double *out)
{
    uint64_t bad = 0;
    uint32_t i;
    if (!e || !out) return LLMM_ENULL;
    if (category == UINT32_MAX) {
        for (i = 0; i < e->n_categories && i < LLMM_SLO_MAX_CATEGORIES; i++) bad += e->errors[i];
    } else if (category < e->n_categories && category < LLMM_SLO_MAX_CATEGORIES) {
        bad = e->errors[category];
    } else {
        return LLMM_ERANGE;
    }
    if (!e->total) return LLMM_EEMPTY;
    *out = (double)bad / (double)e->total;
    return LLMM_OK;
}
