/* version.c - runtime twins of the version macros. */
#include "llmm_common.h"

const char *llmm_version(void) { return LLMM_VERSION_STRING; }
unsigned llmm_version_number(void) { return LLMM_VERSION_NUMBER; }
