/*
 * llmm_common.h - status codes, version, allocator and text containers shared by
 * every libllmmetrics metric.
 *
 * Conventions (the whole library follows them):
 *   - Every fallible function returns an int status: LLMM_OK (0) or a negative
 *     LLMM_E* code; llmm_strerror() names it. Results go to caller-provided structs.
 *   - Text is UTF-8 given as (pointer, length); NUL bytes are data, not terminators.
 *   - Nothing here reads files, the environment or a clock, and there is no global
 *     mutable state: every function is thread-safe on distinct objects.
 *   - Every #define constant that a binding may need has a function twin.
 */
#ifndef LLMM_COMMON_H
#define LLMM_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(LLMM_BUILDING_DLL)
#  define LLMM_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#  define LLMM_API __attribute__((visibility("default")))
#else
#  define LLMM_API
#endif

/* ---- version -------------------------------------------------------------- */
#define LLMM_VERSION_MAJOR 0
#define LLMM_VERSION_MINOR 1
#define LLMM_VERSION_PATCH 0
#define LLMM_VERSION_NUMBER \
    (LLMM_VERSION_MAJOR * 10000 + LLMM_VERSION_MINOR * 100 + LLMM_VERSION_PATCH)
#define LLMM_VERSION_STRING "0.1.0"

/** Runtime version string of the linked library, e.g. "0.1.0". */
LLMM_API const char *llmm_version(void);
/** Runtime twin of LLMM_VERSION_NUMBER; compare it with the header's macro. */
LLMM_API unsigned llmm_version_number(void);

/* ---- status codes ---------------------------------------------------------- */
/* X-macro table: name, value, message. */
#define LLMM_STATUS_TABLE(X)                                                        \
    X(LLMM_OK, 0, "success")                                                        \
    X(LLMM_EINVAL, -1, "invalid argument")                                          \
    X(LLMM_EUTF8, -2, "invalid UTF-8")                                              \
    X(LLMM_ENOMEM, -3, "out of memory")                                             \
    X(LLMM_ENONFINITE, -4, "NaN or infinite value in input")                        \
    X(LLMM_EDOMAIN, -5, "value outside the domain of the metric")                   \
    X(LLMM_EEMPTY, -6, "empty input")                                               \
    X(LLMM_ELENGTH, -7, "mismatched input lengths")                                 \
    X(LLMM_EOVERFLOW, -8, "size or count would overflow")                           \
    X(LLMM_EFORMAT, -9, "truncated, corrupted or foreign serialized data")          \
    X(LLMM_EVERSION, -10, "serialized data has an unsupported format version")      \
    X(LLMM_EUNSUPPORTED, -11, "option or feature not supported")                    \
    X(LLMM_ERANGE, -12, "index out of range")                                       \
    X(LLMM_ENULL, -13, "NULL pointer where data is required")                       \
    X(LLMM_EBUFFER, -14, "output buffer too small")

typedef enum llmm_status {
#define LLMM_STATUS_ENUM_(name, value, msg) name = value,
    LLMM_STATUS_TABLE(LLMM_STATUS_ENUM_)
#undef LLMM_STATUS_ENUM_
    LLMM_STATUS_MIN_ = -14
} llmm_status;

/** Human-readable message for a status; never NULL (unknown codes get a generic text). */
LLMM_API const char *llmm_strerror(int status);
/** The status's enum name as a string ("LLMM_EUTF8"); never NULL. */
LLMM_API const char *llmm_status_name(int status);

/* ---- allocator --------------------------------------------------------------- */
/**
 * Optional caller allocator. Every function that allocates takes a
 * `const llmm_allocator *`; NULL means the C library's malloc/realloc/free.
 * The struct is copied, so it need not outlive the call.
 */
typedef struct llmm_allocator {
    void *(*alloc)(void *user, size_t size);
    void *(*realloc)(void *user, void *ptr, size_t old_size, size_t new_size);
    void (*free)(void *user, void *ptr, size_t size);
    void *user;
} llmm_allocator;

/* ---- text containers --------------------------------------------------------- */
/** One UTF-8 string: `len` bytes at `ptr` (ptr may be NULL only when len == 0). */
typedef struct llmm_str {
    const char *ptr;
    size_t len;
} llmm_str;

/**
 * A batch of strings in one buffer, the shape bindings pass in a single call:
 * string i is data[offsets[i] .. offsets[i+1]) for i < count (offsets has count+1
 * entries, non-decreasing). `present` is optional: when non-NULL, present[i] == 0
 * marks item i as missing (sacrebleu's `None` reference), otherwise every item is
 * present.
 */
typedef struct llmm_strs {
    const char *data;
    const size_t *offsets;
    const unsigned char *present;
    size_t count;
} llmm_strs;

/** Checks that `len` bytes at `ptr` are well-formed UTF-8 (RFC 3629: no
 *  surrogates, no overlongs, max U+10FFFF). Returns LLMM_OK or LLMM_EUTF8 and,
 *  on failure, the offset of the first bad byte in *bad_offset (if non-NULL). */
LLMM_API int llmm_utf8_validate(const char *ptr, size_t len, size_t *bad_offset);

/** Unicode versions of the compiled tables: CPython's str.lower/str.split
 *  ("14.0.0") and the regex-module categories used by the intl tokenizer ("15.0.0"). */
LLMM_API const char *llmm_unicode_version(void);
LLMM_API const char *llmm_unicode_version_intl(void);

/** Name of the SIMD path the CPU dispatcher picked ("scalar", "sse4.2", "avx2", "avx512"). */
LLMM_API const char *llmm_simd_path(void);

/* ---- element types ------------------------------------------------------------- */
/* Numeric element types shared by the families (memory sizing in llmm_serve.h, logits
 * rows in llmm_prob.h; each documents the subset it accepts). */
typedef enum llmm_dtype {
    LLMM_DTYPE_FP32 = 0,
    LLMM_DTYPE_BF16 = 1,  /* bfloat16: the top half of a float32 */
    LLMM_DTYPE_FP16 = 2,  /* IEEE binary16 */
    LLMM_DTYPE_FP8 = 3,
    LLMM_DTYPE_INT8 = 4,
    LLMM_DTYPE_INT4 = 5,
    LLMM_DTYPE_FP64 = 6   /* IEEE binary64 */
} llmm_dtype;

/** Storage bits per element of a dtype (32, 16, 16, 8, 8, 4, 64); 0 for an unknown one. */
LLMM_API unsigned llmm_dtype_bits(int dtype);

/* ---- SIMD paths ---------------------------------------------------------------- */
/* Kernels with SIMD variants take an `isa` option: LLMM_ISA_AUTO (the default)
 * picks the best path the CPU supports at each call (a cheap check, no state is
 * cached in the library); an explicit value forces that path (tests, benchmarks,
 * or a caller that resolved it once with llmm_isa_best()). */
typedef enum llmm_isa {
    LLMM_ISA_AUTO = 0,
    LLMM_ISA_SCALAR = 1,
    LLMM_ISA_SSE42 = 2,   /* SSE4.2 */
    LLMM_ISA_AVX2 = 3,    /* AVX2 + FMA + BMI2 */
    LLMM_ISA_AVX512 = 4   /* AVX-512 F/BW/DQ/VL */
} llmm_isa;

/** 1 when this CPU can run the path `isa` (LLMM_ISA_SCALAR..LLMM_ISA_AVX512), else 0. */
LLMM_API int llmm_isa_supported(int isa);
/** The best path this CPU supports (what LLMM_ISA_AUTO resolves to). */
LLMM_API int llmm_isa_best(void);
/** "auto", "scalar", "sse4.2", "avx2", "avx512"; NULL for an unknown value. */
LLMM_API const char *llmm_isa_name(int isa);
/** Parses a name of llmm_isa_name() (NUL-terminated). LLMM_EINVAL if unknown. */
LLMM_API int llmm_isa_from_name(const char *name, int *isa);

#ifdef __cplusplus
}
#endif
#endif /* LLMM_COMMON_H */
