/* status.c - names and messages of the LLMM_* status codes (from LLMM_STATUS_TABLE). */
#include "llmm_common.h"

const char *llmm_strerror(int status)
{
    switch (status) {
#define LLMM_STATUS_MSG_(name, value, msg) case value: return msg;
        LLMM_STATUS_TABLE(LLMM_STATUS_MSG_)
#undef LLMM_STATUS_MSG_
    default: return "unknown status code";
    }
}

const char *llmm_status_name(int status)
{
    switch (status) {
#define LLMM_STATUS_NAME_(name, value, msg) case value: return #name;
        LLMM_STATUS_TABLE(LLMM_STATUS_NAME_)
#undef LLMM_STATUS_NAME_
    default: return "LLMM_UNKNOWN";
    }
}
