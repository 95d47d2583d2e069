/* porter_api.c - the public entry point of the Porter stemmer (llmm_porter.h). */
#include "llmm_porter.h"
#include "core/alloc.h"
#include "porter.h"
#include <string.h>

#define STACK_BYTES 64

size_t llmm_porter_stem_bound(size_t len) { return len + len / 2; }

int llmm_porter_stem(const char *word, size_t len, int to_lowercase, char *out, size_t cap,
                     size_t *out_len, const llmm_allocator *alloc)
{
    uint32_t stack_cp[LLMMI_PORTER_SCRATCH(STACK_BYTES)];
    char stack_out[STACK_BYTES + STACK_BYTES / 2];
    uint32_t *scratch = stack_cp;
    char *res = stack_out;
    size_t n_cp, res_bytes = 0, n = 0;
    llmm_allocator a;
    int st;

    if ((!word && len) || !out_len || (!out && cap)) return LLMM_ENULL;
    llmmi_alloc_init(&a, alloc);
    if (len > STACK_BYTES) {
        if (len > ((size_t)-1 / 2) / sizeof(uint32_t) / 4) return LLMM_EOVERFLOW;
        n_cp = LLMMI_PORTER_SCRATCH(len);
        res_bytes = llmm_porter_stem_bound(len);
        scratch = (uint32_t *)llmmi_malloc(&a, n_cp * sizeof(uint32_t));
        res = (char *)llmmi_malloc(&a, res_bytes);
        if (!scratch || !res) {
            llmmi_free(&a, scratch, n_cp * sizeof(uint32_t));
            llmmi_free(&a, res, res_bytes);
            return LLMM_ENOMEM;
        }
    }
    st = llmmi_porter_stem_utf8(word, len, to_lowercase, res, &n, scratch);
    if (st == LLMM_OK) {
        *out_len = n;
        if (n > cap) st = LLMM_EBUFFER;
        else if (n) memcpy(out, res, n);
    }
    if (scratch != stack_cp) {
        llmmi_free(&a, scratch, LLMMI_PORTER_SCRATCH(len) * sizeof(uint32_t));
        llmmi_free(&a, res, res_bytes);
    }
    return st;
}
