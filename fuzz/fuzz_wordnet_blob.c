/* fuzz_wordnet_blob.c - libFuzzer target: the WordNet index loader (llmm_wordnet_load).
 * First byte 0: the rest is loaded as a blob (almost always stopped by the checksum).
 * First byte 1: the rest is a payload, sealed with a valid envelope and checksum first,
 * so the structural validation itself is fuzzed.
 * Invariants: a status (LLMM_EFORMAT / LLMM_EVERSION) or an index that answers queries
 * without reading out of bounds and saves back to the same bytes. */
#include "llmmetrics.h"
#include "core/serial.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = {"dog", "dogs", "geese", "better", "running", "", "a",
                                    "hopesesing", "quickest", "\xc4\xb0"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llmm_wordnet *wn = NULL;
    unsigned char *buf, *again;
    size_t len, k, n;
    int rc;
    if (size < 1) return 0;
    len = data[0] & 1 ? size - 1 + LLMMI_SER_HEADER : size - 1;
    buf = malloc(len ? len : 1);
    if (!buf) return 0;
    if (data[0] & 1) {
        memcpy(buf + LLMMI_SER_HEADER, data + 1, size - 1);
        llmmi_ser_seal(buf, LLMMI_KIND_WORDNET, size - 1);
    } else {
        memcpy(buf, data + 1, size - 1);
    }
    rc = llmm_wordnet_load(&wn, buf, len, NULL);
    if (rc != LLMM_OK) {
        if ((rc != LLMM_EFORMAT && rc != LLMM_EVERSION) || wn) abort();
        free(buf);
        return 0;
    }
    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        llmm_wordnet_synset ss[16];
        llmm_str s[16];
        size_t i, n_ss = 0;
        int pos;
        rc = llmm_wordnet_synsets(wn, words[k], strlen(words[k]), ss, 16, &n_ss);
        if (rc != LLMM_OK && rc != LLMM_EBUFFER) abort();
        for (i = 0; i < n_ss && i < 16; i++)
            if (llmm_wordnet_lemma_names(wn, ss[i].id, s, 16, &n) == LLMM_ERANGE) abort();
        rc = llmm_wordnet_synonyms(wn, words[k], strlen(words[k]), s, 16, &n);
        if (rc != LLMM_OK && rc != LLMM_EBUFFER) abort();
        for (pos = 0; pos < LLMM_WN_N_POS; pos++)
            llmm_wordnet_morphy(wn, words[k], strlen(words[k]), pos, s, 16, &n);
    }
    again = malloc(len);
    if (!again || llmm_wordnet_save(wn, again, len, &n) != LLMM_OK || n != len ||
        memcmp(again, buf, len) != 0)
        abort();
    free(again);
    free(buf);
    llmm_wordnet_free(wn);
    return 0;
}
