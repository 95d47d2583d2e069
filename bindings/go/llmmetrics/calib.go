package llmmetrics

/*
#include <llmmetrics.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// CalibInput says how ECE predictions are read.
type CalibInput int

const (
	// CalibInputAuto treats a batch as logits when any value lies outside [0, 1]
	// (torchmetrics), else as probabilities.
	CalibInputAuto CalibInput = C.LLMM_CALIB_INPUT_AUTO
	// CalibInputProbs requires probabilities in [0, 1] (else LLMM_EDOMAIN).
	CalibInputProbs CalibInput = C.LLMM_CALIB_INPUT_PROBS
	// CalibInputLogits always applies sigmoid (binary) or softmax (multiclass).
	CalibInputLogits CalibInput = C.LLMM_CALIB_INPUT_LOGITS
)

// CalibDtype is the floating-point type torchmetrics would compute in.
type CalibDtype int

const (
	// CalibF64: float64 bin edges and confidences (torchmetrics with float64 preds).
	CalibF64 CalibDtype = C.LLMM_CALIB_F64
	// CalibF32: float32 edges and confidences, result rounded to float32
	// (torchmetrics with float32 preds, and its multiclass path).
	CalibF32 CalibDtype = C.LLMM_CALIB_F32
)

// ECEOptions configures an ECE (torchmetrics CalibrationError). The zero
// ECEOptions means the defaults.
type ECEOptions struct {
	NBins uint32     // equal-width bins, 1..100000; 0 means the default 15
	Input CalibInput // default CalibInputAuto
	Dtype CalibDtype // default CalibF64
}

// DefaultECEOptions returns the library (and torchmetrics) defaults.
func DefaultECEOptions() ECEOptions {
	var co C.llmm_calib_ece_options
	C.llmm_calib_ece_options_default(&co)
	return ECEOptions{NBins: uint32(co.n_bins), Input: CalibInput(co.input), Dtype: CalibDtype(co.dtype)}
}

// ECEResult holds the three norms of torchmetrics' calibration error.
type ECEResult struct {
	L1    float64 // sum_b prop_b |acc_b - conf_b|: the ECE (NaN when empty)
	L2    float64 // sqrt(sum_b prop_b (acc_b - conf_b)^2)
	Max   float64 // max_b |acc_b - conf_b|: the MCE
	Count uint64  // predictions accumulated
}

// CalibBin is one reliability bin. There are NBins + 1: [Lower, Upper) for
// the first NBins and a last one for confidences >= 1.0.
type CalibBin struct {
	Lower, Upper   float64
	Count, Correct uint64
	MeanConfidence float64 // 0 for an empty bin
	Accuracy       float64 // Correct / Count, 0 for an empty bin
}

// ECE accumulates binned expected-calibration-error statistics (integer counts
// and exact sums): updates stream in constant memory and shards merge to the
// same bits in any order. Not safe for concurrent use. Call Close when done.
type ECE struct {
	o *owner[C.llmm_calib_ece]
}

func freeECE(p *C.llmm_calib_ece) { C.llmm_calib_ece_free(p) }

// NewECE creates empty statistics (LLMM_EINVAL for a bad option).
func NewECE(opts ECEOptions) (*ECE, error) {
	var co C.llmm_calib_ece_options
	C.llmm_calib_ece_options_default(&co)
	if opts.NBins != 0 {
		co.n_bins = C.uint32_t(opts.NBins)
	}
	co.input = C.int(opts.Input)
	co.dtype = C.int(opts.Dtype)
	var p *C.llmm_calib_ece
	if rc := C.llmm_calib_ece_create(&p, &co, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return &ECE{o: own(p, freeECE)}, nil
}

func (e *ECE) ptr() *C.llmm_calib_ece {
	if e == nil {
		return nil
	}
	return e.o.ptr()
}

// Close frees the statistics; closing twice is harmless.
func (e *ECE) Close() error {
	if e != nil {
		e.o.close()
	}
	return nil
}

// Reset empties the statistics, keeping the options.
func (e *ECE) Reset() error {
	rc := C.llmm_calib_ece_reset(e.ptr())
	runtime.KeepAlive(e)
	return statusError(rc, -1)
}

func f64p(x []float64) *C.double {
	if len(x) == 0 {
		return nil
	}
	return (*C.double)(unsafe.Pointer(&x[0]))
}

func i32p(x []int32) *C.int32_t {
	if len(x) == 0 {
		return nil
	}
	return (*C.int32_t)(unsafe.Pointer(&x[0]))
}

func i64p(x []int64) *C.int64_t {
	if len(x) == 0 {
		return nil
	}
	return (*C.int64_t)(unsafe.Pointer(&x[0]))
}

// UpdateBinary adds a binary task's predictions: preds are positive-class
// probabilities (or logits, per Input), target 0/1. All-or-nothing: NaN gives
// LLMM_ENONFINITE, a target other than 0/1 LLMM_ERANGE, different lengths
// LLMM_ELENGTH. The slices are read in place.
func (e *ECE) UpdateBinary(preds []float64, target []int32) error {
	if len(preds) != len(target) {
		return lengthError()
	}
	if len(preds) == 0 {
		return nil
	}
	rc := C.llmm_calib_ece_update_binary(e.ptr(), f64p(preds), i32p(target), C.size_t(len(preds)))
	runtime.KeepAlive(e)
	return statusError(rc, -1)
}

// UpdateBinaryInt64 is UpdateBinary with int64 targets, read in place.
func (e *ECE) UpdateBinaryInt64(preds []float64, target []int64) error {
	if len(preds) != len(target) {
		return lengthError()
	}
	if len(preds) == 0 {
		return nil
	}
	rc := C.llmm_calib_ece_update_binary_i64(e.ptr(), f64p(preds), i64p(target), C.size_t(len(preds)))
	runtime.KeepAlive(e)
	return statusError(rc, -1)
}

// UpdateMulticlass adds len(target) rows of nClasses probabilities (or logits)
// in row-major preds; top-label: confidence = max probability, correct = first
// argmax == target.
func (e *ECE) UpdateMulticlass(preds []float64, nClasses int, target []int32) error {
	if nClasses <= 0 || len(preds) != len(target)*nClasses {
		return lengthError()
	}
	if len(target) == 0 {
		return nil
	}
	rc := C.llmm_calib_ece_update_multiclass(e.ptr(), f64p(preds), C.size_t(len(target)), C.size_t(nClasses), i32p(target))
	runtime.KeepAlive(e)
	return statusError(rc, -1)
}

// UpdateConfidence adds raw (confidence, correct) pairs, confidence in [0, 1].
func (e *ECE) UpdateConfidence(confidence []float64, correct []bool) error {
	if len(confidence) != len(correct) {
		return lengthError()
	}
	if len(confidence) == 0 {
		return nil
	}
	// A Go bool is one byte holding 0 or 1: the C side reads unsigned char.
	rc := C.llmm_calib_ece_update_confidence(e.ptr(), f64p(confidence),
		(*C.uchar)(unsafe.Pointer(&correct[0])), C.size_t(len(confidence)))
	runtime.KeepAlive(e)
	return statusError(rc, -1)
}

// Merge adds other into e; the options must be equal (LLMM_EINVAL).
func (e *ECE) Merge(other *ECE) error {
	rc := C.llmm_calib_ece_merge(e.ptr(), other.ptr())
	runtime.KeepAlive(e)
	runtime.KeepAlive(other)
	return statusError(rc, -1)
}

// Result returns the l1, l2 and max norms. Empty statistics give an
// LLMM_EEMPTY error together with torchmetrics' empty values (L1 NaN, L2 0, Max 0).
func (e *ECE) Result() (ECEResult, error) {
	var r C.llmm_calib_ece_result
	rc := C.llmm_calib_ece_result_get(e.ptr(), &r)
	runtime.KeepAlive(e)
	out := ECEResult{L1: float64(r.l1), L2: float64(r.l2), Max: float64(r.max), Count: uint64(r.count)}
	return out, statusError(rc, -1)
}

// Bins returns the NBins + 1 reliability bins.
func (e *ECE) Bins() ([]CalibBin, error) {
	p := e.ptr()
	if p == nil {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	n := int(C.llmm_calib_ece_n_bins_total(p))
	out := make([]CalibBin, n)
	for i := range out {
		var b C.llmm_calib_bin
		if rc := C.llmm_calib_ece_bin(p, C.uint32_t(i), &b); rc != C.LLMM_OK {
			return nil, statusError(rc, -1)
		}
		out[i] = CalibBin{Lower: float64(b.lower), Upper: float64(b.upper), Count: uint64(b.count),
			Correct: uint64(b.correct), MeanConfidence: float64(b.mean_confidence), Accuracy: float64(b.accuracy)}
	}
	runtime.KeepAlive(e)
	return out, nil
}

// MarshalBinary serializes the statistics (envelope kind CALIB,
// docs/calibration.md).
func (e *ECE) MarshalBinary() ([]byte, error) {
	p := e.ptr()
	if p == nil {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	b, err := marshal(C.llmm_calib_ece_serialized_size(p), func(buf *C.uchar, n C.size_t, w *C.size_t) C.int {
		return C.llmm_calib_ece_serialize(p, unsafe.Pointer(buf), n, w)
	})
	runtime.KeepAlive(e)
	return b, err
}

// UnmarshalBinary replaces e with serialized statistics (LLMM_EFORMAT /
// LLMM_EVERSION on bad data, e unchanged).
func (e *ECE) UnmarshalBinary(data []byte) error {
	var p *C.llmm_calib_ece
	if rc := C.llmm_calib_ece_deserialize(&p, bytesPtr(data), C.size_t(len(data)), nil); rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	replace(&e.o, p, freeECE)
	return nil
}

// UnmarshalECE returns new statistics read from MarshalBinary output.
func UnmarshalECE(data []byte) (*ECE, error) {
	e := &ECE{}
	if err := e.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return e, nil
}
