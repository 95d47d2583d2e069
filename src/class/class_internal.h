/* class_internal.h - the confusion-matrix object shared by the src/class/ files. */
#ifndef LLMMI_CLASS_INTERNAL_H
#define LLMMI_CLASS_INTERNAL_H
#include "llmm_class.h"

struct llmm_class {
    llmm_allocator alloc;
    uint32_t k;          /* number of classes */
    uint64_t total;      /* pairs added */
    uint64_t *counts;    /* k * k, row-major by true label */
};

#endif
