package llmmetrics

/*
#include <llmmetrics.h>
*/
import "C"

import "runtime"

// owner holds one C object and frees it exactly once: on Close, or from the
// finalizer when the Go value is collected without Close (a safety net only:
// the garbage collector does not see the C memory, so call Close).
type owner[T any] struct {
	p    *T
	free func(*T)
}

func own[T any](p *T, free func(*T)) *owner[T] {
	o := &owner[T]{p: p, free: free}
	runtime.SetFinalizer(o, (*owner[T]).close)
	return o
}

// ptr returns the C object, or nil when o is nil or closed: the C functions
// answer a NULL object with LLMM_ENULL (or a zero value), never a crash.
func (o *owner[T]) ptr() *T {
	if o == nil {
		return nil
	}
	return o.p
}

func (o *owner[T]) close() {
	if o == nil || o.p == nil {
		return
	}
	o.free(o.p)
	o.p = nil
	runtime.SetFinalizer(o, nil)
}

// replace swaps in a new C object (UnmarshalBinary), freeing the old one.
func replace[T any](o **owner[T], p *T, free func(*T)) {
	if *o == nil {
		*o = own(p, free)
		return
	}
	old := (*o).p
	(*o).p = p
	if old != nil {
		free(old)
	} else {
		runtime.SetFinalizer(*o, (*owner[T]).close)
	}
}

// errorAt is statusError with the index of the offending element of a slice.
func errorAt(rc C.int, index int) error { return statusError(rc, index) }

// updateError is the error of a slice update: nil on success, the first offending
// element's index for bad data, no index for a closed object (LLMM_ENULL).
func updateError(rc C.int, bad C.size_t) error {
	switch rc {
	case C.LLMM_OK:
		return nil
	case C.LLMM_ENULL:
		return statusError(rc, -1)
	}
	return errorAt(rc, int(bad))
}

// lengthError reports slices of different lengths (LLMM_ELENGTH).
func lengthError() error { return statusError(C.LLMM_ELENGTH, -1) }

// marshal serializes a C object through its size/serialize pair into a Go slice.
func marshal(size C.size_t, serialize func(buf *C.uchar, cap C.size_t, written *C.size_t) C.int) ([]byte, error) {
	if size == 0 {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	buf := make([]byte, int(size))
	var n C.size_t
	if rc := serialize((*C.uchar)(&buf[0]), size, &n); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return buf[:int(n)], nil
}
