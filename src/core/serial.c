/* serial.c - the versioned envelope around serialized statistics (see serial.h). */
#include "serial.h"
#include "llmm_common.h"
#include <string.h>
#define XXH_INLINE_ALL /* header-only XXH3: inlined, no symbol exported */
#include <xxhash.h>

static const unsigned char magic[4] = {'L', 'L', 'M', 'S'};

void llmmi_ser_seal(unsigned char *buf, unsigned kind, size_t payload_len)
{
    memcpy(buf, magic, 4);
    buf[4] = LLMMI_SER_VERSION & 0xFF;
    buf[5] = LLMMI_SER_VERSION >> 8;
    buf[6] = (unsigned char)(kind & 0xFF);
    buf[7] = (unsigned char)(kind >> 8);
    llmmi_put_u32(buf + 8, (uint32_t)payload_len);
    llmmi_put_u32(buf + 12, (uint32_t)XXH3_64bits(buf + LLMMI_SER_HEADER, payload_len));
}

int llmmi_ser_open(const void *data, size_t len, unsigned kind, const unsigned char **payload,
                   size_t *payload_len)
{
    const unsigned char *b = (const unsigned char *)data;
    uint32_t plen;
    if (!data) return LLMM_ENULL;
    if (len < LLMMI_SER_HEADER || memcmp(b, magic, 4) != 0) return LLMM_EFORMAT;
    if ((unsigned)(b[4] | b[5] << 8) != LLMMI_SER_VERSION) return LLMM_EVERSION;
    if ((unsigned)(b[6] | b[7] << 8) != kind) return LLMM_EFORMAT;
    plen = llmmi_get_u32(b + 8);
    if ((size_t)plen != len - LLMMI_SER_HEADER) return LLMM_EFORMAT;
    if (llmmi_get_u32(b + 12) != (uint32_t)XXH3_64bits(b + LLMMI_SER_HEADER, plen))
        return LLMM_EFORMAT;
    *payload = b + LLMMI_SER_HEADER;
    *payload_len = plen;
    return LLMM_OK;
}
