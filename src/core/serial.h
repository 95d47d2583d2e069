/* serial.h - the common envelope of every serialized statistics blob.
 *
 *   offset size field
 *   0      4    magic "LLMS"
 *   4      2    format version (little-endian u16), currently 1
 *   6      2    kind (which statistics follow; LLMMI_KIND_*)
 *   8      4    payload length in bytes (u32)
 *   12     4    checksum: low 32 bits of XXH3-64 of the payload
 *   16     ...  payload (little-endian fields, documented per kind)
 */
#ifndef LLMMI_SERIAL_H
#define LLMMI_SERIAL_H
#include <stddef.h>
#include <stdint.h>

#define LLMMI_SER_HEADER 16
#define LLMMI_SER_VERSION 1

enum {
    LLMMI_KIND_BLEU = 1,
    LLMMI_KIND_CHRF = 2,
    LLMMI_KIND_TER = 3,
    LLMMI_KIND_ROUGE = 4,
    LLMMI_KIND_METEOR = 5,
    LLMMI_KIND_XENT = 6,
    LLMMI_KIND_KLD = 7,
    LLMMI_KIND_SKETCH = 8,
    LLMMI_KIND_CALIB = 9,
    LLMMI_KIND_FAIR = 10,
    LLMMI_KIND_CLASS = 16,
    LLMMI_KIND_SQUAD = 17,
    /* 20..24: agreement, correlation and ranking statistics (stats branch) */
    LLMMI_KIND_COHEN = 20,
    LLMMI_KIND_FLEISS = 21,
    LLMMI_KIND_KRIPP = 22,
    LLMMI_KIND_CORR = 23,
    LLMMI_KIND_RANK = 24,
    LLMMI_KIND_WORDNET = 32 /* a WordNet index (src/meteor/wordnet_internal.h), not statistics */
};

/* Writes the header for a payload already stored at buf + LLMMI_SER_HEADER. */
void llmmi_ser_seal(unsigned char *buf, unsigned kind, size_t payload_len);
/* Validates magic, version, kind, length and checksum of a blob of `len` bytes.
 * On success stores the payload pointer/length. Returns LLMM_OK, LLMM_EFORMAT,
 * LLMM_EVERSION or LLMM_ENULL. */
int llmmi_ser_open(const void *buf, size_t len, unsigned kind, const unsigned char **payload,
                   size_t *payload_len);

static inline void llmmi_put_u64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static inline uint64_t llmmi_get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}
static inline void llmmi_put_u32(unsigned char *p, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static inline uint32_t llmmi_get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void llmmi_put_f64(unsigned char *p, double d)
{
    union { double d; uint64_t u; } x;
    x.d = d;
    llmmi_put_u64(p, x.u);
}
static inline double llmmi_get_f64(const unsigned char *p)
{
    union { double d; uint64_t u; } x;
    x.u = llmmi_get_u64(p);
    return x.d;
}

#endif
