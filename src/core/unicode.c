/* unicode.c - Python's str.isspace / str.lower and the regex module's \p{P,S,N}
 * over the generated tables in unicode_data.c. */
#include "core/unicode.h"

#include "llmm_common.h"

const char *llmm_unicode_version(void) { return LLMMI_UNICODE_VERSION; }
const char *llmm_unicode_version_intl(void) { return LLMMI_UNICODE_VERSION_INTL; }

int llmmi_uc_is_space(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_SPACE) != 0; }
int llmmi_uc_is_punct(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_PUNCT) != 0; }
int llmmi_uc_is_symbol(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_SYMBOL) != 0; }
int llmmi_uc_is_number(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_NUMBER) != 0; }
int llmmi_uc_is_cased(uint32_t cp) { return (llmmi_uc_props(cp) & LLMMI_UC_CASED) != 0; }
int llmmi_uc_is_case_ignorable(uint32_t cp) {
    return (llmmi_uc_props(cp) & LLMMI_UC_CASE_IGNORABLE) != 0;
}

#define SIGMA_CAPITAL 0x03A3u
#define SIGMA_SMALL 0x03C3u
#define SIGMA_FINAL 0x03C2u

/* CPython 3.11 Objects/unicodeobject.c handle_capital_sigma: U+03A3 at src[i] is
 * final when \p{cased} \p{case-ignorable}* U+03A3 !(\p{case-ignorable}* \p{cased}). */
static uint32_t lower_capital_sigma(const uint32_t *src, size_t n, size_t i) {
    size_t j = i;
    unsigned p = 0;
    while (j > 0) {
        p = llmmi_uc_props(src[--j]);
        if (!(p & LLMMI_UC_CASE_IGNORABLE)) break;
    }
    /* found a non-case-ignorable character before i, and it is cased */
    if (!(p & LLMMI_UC_CASED) || (p & LLMMI_UC_CASE_IGNORABLE)) return SIGMA_SMALL;
    for (j = i + 1; j < n; j++) {
        p = llmmi_uc_props(src[j]);
        if (!(p & LLMMI_UC_CASE_IGNORABLE)) return (p & LLMMI_UC_CASED) ? SIGMA_SMALL : SIGMA_FINAL;
    }
    return SIGMA_FINAL;
}

/* Full lower case of a LLMMI_UC_LOWER_SPECIAL code point other than U+03A3. */
static size_t lower_special(uint32_t cp, uint32_t *dst) {
    size_t k, m;
    for (k = 0; k < llmmi_uc_specials_count; k++) {
        if (llmmi_uc_specials[k].cp == cp) {
            for (m = 0; m < llmmi_uc_specials[k].n; m++) dst[m] = llmmi_uc_specials[k].lower[m];
            return m;
        }
    }
    dst[0] = cp; /* unreachable with generated tables: every special is listed */
    return 1;
}

size_t llmmi_uc_lower(const uint32_t *src, size_t n, uint32_t *dst) {
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        uint32_t cp = src[i];
        /* no ASCII branch: it mispredicts on mixed-script text, the table does not */
        unsigned cls = llmmi_uc_class(cp);
        if (!(llmmi_uc_class_props[cls] & LLMMI_UC_LOWER_SPECIAL)) {
            dst[o++] = (uint32_t)((int32_t)cp + llmmi_uc_class_lower_delta[cls]);
        } else if (cp == SIGMA_CAPITAL) {
            dst[o++] = lower_capital_sigma(src, n, i);
        } else {
            o += lower_special(cp, dst + o);
        }
    }
    return o;
}
