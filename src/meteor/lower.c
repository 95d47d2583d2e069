/* lower.c - Python str.lower() on UTF-8 (see lower.h). */
#include "lower.h"
#include "llmm_common.h"
#include "core/unicode.h"
#include "core/utf8.h"

int llmmi_utf8_lower(const char *s, size_t len, uint32_t *cps, char *out, size_t *out_len)
{
    size_t i, n, m, k = 0;
    int rc;
    for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
        out[i] = (char)((unsigned char)s[i] | (((unsigned)(unsigned char)s[i] - 'A' < 26u) << 5));
    if (i == len) {
        *out_len = len;
        return LLMM_OK;
    }
    /* decoded word in cps[0, len), its lower case in cps[len, 4 len) */
    if ((rc = llmmi_utf8_decode(s, len, cps, &n, NULL)) != LLMM_OK) return rc;
    m = llmmi_uc_lower(cps, n, cps + len);
    for (i = 0; i < m; i++) k += llmmi_utf8_encode(cps[len + i], out + k);
    *out_len = k;
    return LLMM_OK;
}
