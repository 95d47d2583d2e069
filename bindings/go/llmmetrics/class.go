package llmmetrics

/*
#include <llmmetrics.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Average selects how precision, recall and F1 combine labels (sklearn's
// average=).
type Average int

const (
	AverageBinary   Average = C.LLMM_AVG_BINARY   // the scores of PosLabel only (sklearn's default)
	AverageMicro    Average = C.LLMM_AVG_MICRO    // from the counts summed over labels
	AverageMacro    Average = C.LLMM_AVG_MACRO    // unweighted mean over the present labels
	AverageWeighted Average = C.LLMM_AVG_WEIGHTED // mean weighted by support
)

// PRFOptions configures ConfusionMatrix.PRF.
type PRFOptions struct {
	Average      Average // default AverageBinary
	PosLabel     int64   // positive class index for AverageBinary, default 1
	ZeroDivision float64 // value of a 0/0 score, default 0
}

// DefaultPRFOptions returns sklearn's defaults.
func DefaultPRFOptions() PRFOptions {
	var co C.llmm_class_prf_options
	C.llmm_class_prf_options_default(&co)
	return PRFOptions{Average: Average(co.average), PosLabel: int64(co.pos_label), ZeroDivision: float64(co.zero_division)}
}

// PRF is precision, recall and F1 with their support.
type PRF struct {
	Precision, Recall, F1 float64
	Support               uint64  // samples whose true label is scored
	WeightedSupport       float64 // their weight sum (= Support when unweighted)
}

// ConfusionMatrix is a K x K matrix of integer counts (and exact weight sums
// once weighted pairs are added) over class indices 0..K-1, scored as
// scikit-learn 1.2.1 does. Merging is exact in any order. Not safe for
// concurrent use. Call Close when done.
type ConfusionMatrix struct {
	o *owner[C.llmm_class]
}

func freeClass(p *C.llmm_class) { C.llmm_class_free(p) }

// NewConfusionMatrix creates an empty matrix for 1 <= nClasses <= 4096
// (LLMM_EINVAL otherwise).
func NewConfusionMatrix(nClasses int) (*ConfusionMatrix, error) {
	if nClasses <= 0 || nClasses > int(C.llmm_class_max_classes()) {
		return nil, statusError(C.LLMM_EINVAL, -1)
	}
	var p *C.llmm_class
	if rc := C.llmm_class_create(&p, C.uint32_t(nClasses), nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return &ConfusionMatrix{o: own(p, freeClass)}, nil
}

func (m *ConfusionMatrix) ptr() *C.llmm_class {
	if m == nil {
		return nil
	}
	return m.o.ptr()
}

// Close frees the matrix; closing twice is harmless.
func (m *ConfusionMatrix) Close() error {
	if m != nil {
		m.o.close()
	}
	return nil
}

// Reset sets every count back to zero.
func (m *ConfusionMatrix) Reset() error {
	rc := C.llmm_class_reset(m.ptr())
	runtime.KeepAlive(m)
	return statusError(rc, -1)
}

// NClasses returns K (0 when closed).
func (m *ConfusionMatrix) NClasses() int {
	n := C.llmm_class_n_classes(m.ptr())
	runtime.KeepAlive(m)
	return int(n)
}

// Update adds (yTrue[i], yPred[i]) pairs. Labels outside [0, K) give
// LLMM_ERANGE with Segment = the first offending index, and nothing is added.
func (m *ConfusionMatrix) Update(yTrue, yPred []int32) error {
	return m.UpdateWeighted(yTrue, yPred, nil)
}

// UpdateWeighted adds pairs with sample weights (nil: unweighted). Weights are
// summed exactly; NaN or Inf gives LLMM_ENONFINITE.
func (m *ConfusionMatrix) UpdateWeighted(yTrue, yPred []int32, weights []float64) error {
	n := len(yTrue)
	if len(yPred) != n || (weights != nil && len(weights) != n) {
		return lengthError()
	}
	if n == 0 {
		return nil
	}
	var bad C.size_t
	var rc C.int
	if weights == nil {
		rc = C.llmm_class_update(m.ptr(), i32p(yTrue), i32p(yPred), C.size_t(n), &bad)
	} else {
		rc = C.llmm_class_update_weighted(m.ptr(), i32p(yTrue), i32p(yPred), f64p(weights), C.size_t(n), &bad)
	}
	runtime.KeepAlive(m)
	return updateError(rc, bad)
}

// UpdateInt64 is UpdateWeighted for int64 labels, read in place by the library
// (llmm_class_update_i64): same errors and statistics. weights nil: unweighted.
func (m *ConfusionMatrix) UpdateInt64(yTrue, yPred []int64, weights []float64) error {
	n := len(yTrue)
	if len(yPred) != n || (weights != nil && len(weights) != n) {
		return lengthError()
	}
	if n == 0 {
		return nil
	}
	var bad C.size_t
	rc := C.llmm_class_update_i64(m.ptr(), i64p(yTrue), i64p(yPred), f64p(weights), C.size_t(n), &bad)
	runtime.KeepAlive(m)
	return updateError(rc, bad)
}

// Merge adds other into m; both need the same K (LLMM_EINVAL).
func (m *ConfusionMatrix) Merge(other *ConfusionMatrix) error {
	rc := C.llmm_class_merge(m.ptr(), other.ptr())
	runtime.KeepAlive(m)
	runtime.KeepAlive(other)
	return statusError(rc, -1)
}

// Total returns the number of pairs added.
func (m *ConfusionMatrix) Total() uint64 {
	n := C.llmm_class_total(m.ptr())
	runtime.KeepAlive(m)
	return uint64(n)
}

// Count returns the number of pairs with true label t and prediction p.
func (m *ConfusionMatrix) Count(t, p int) (uint64, error) {
	if t < 0 || p < 0 {
		return 0, statusError(C.LLMM_ERANGE, -1)
	}
	var out C.uint64_t
	rc := C.llmm_class_count(m.ptr(), C.uint32_t(t), C.uint32_t(p), &out)
	runtime.KeepAlive(m)
	if rc != C.LLMM_OK {
		return 0, statusError(rc, -1)
	}
	return uint64(out), nil
}

// Matrix returns the counts row-major by true label: out[t*K + p].
func (m *ConfusionMatrix) Matrix() ([]uint64, error) {
	k := m.NClasses()
	if k == 0 {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	out := make([]uint64, k*k)
	rc := C.llmm_class_confusion(m.ptr(), (*C.uint64_t)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	runtime.KeepAlive(m)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return out, nil
}

// Accuracy returns the share of pairs with yTrue == yPred (sklearn
// accuracy_score; by weight when weighted); NaN when empty.
func (m *ConfusionMatrix) Accuracy() (float64, error) {
	var out C.double
	rc := C.llmm_class_accuracy(m.ptr(), &out)
	runtime.KeepAlive(m)
	return float64(out), statusError(rc, -1)
}

func prfResult(r *C.llmm_class_prf_result) PRF {
	return PRF{Precision: float64(r.precision), Recall: float64(r.recall), F1: float64(r.f1),
		Support: uint64(r.support), WeightedSupport: float64(r.weighted_support)}
}

// PRF returns precision, recall and F1 as sklearn's
// precision_recall_fscore_support with the given average. AverageBinary with
// more than two present labels, or a PosLabel not among two present labels,
// gives LLMM_EDOMAIN.
func (m *ConfusionMatrix) PRF(opts PRFOptions) (PRF, error) {
	co := C.llmm_class_prf_options{average: C.int(opts.Average), pos_label: C.int64_t(opts.PosLabel),
		zero_division: C.double(opts.ZeroDivision)}
	var r C.llmm_class_prf_result
	rc := C.llmm_class_prf(m.ptr(), &co, &r)
	runtime.KeepAlive(m)
	if rc != C.LLMM_OK {
		return PRF{}, statusError(rc, -1)
	}
	return prfResult(&r), nil
}

// PRFLabel returns the scores of one class index (sklearn average=None).
func (m *ConfusionMatrix) PRFLabel(label int, zeroDivision float64) (PRF, error) {
	if label < 0 {
		return PRF{}, statusError(C.LLMM_ERANGE, -1)
	}
	var r C.llmm_class_prf_result
	rc := C.llmm_class_prf_label(m.ptr(), C.uint32_t(label), C.double(zeroDivision), &r)
	runtime.KeepAlive(m)
	if rc != C.LLMM_OK {
		return PRF{}, statusError(rc, -1)
	}
	return prfResult(&r), nil
}

// MarshalBinary serializes the matrix (docs/classification.md).
func (m *ConfusionMatrix) MarshalBinary() ([]byte, error) {
	p := m.ptr()
	if p == nil {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	b, err := marshal(C.llmm_class_serialized_size(p), func(buf *C.uchar, n C.size_t, w *C.size_t) C.int {
		return C.llmm_class_serialize(p, unsafe.Pointer(buf), n, w)
	})
	runtime.KeepAlive(m)
	return b, err
}

// UnmarshalBinary replaces m with a serialized matrix (m unchanged on error).
func (m *ConfusionMatrix) UnmarshalBinary(data []byte) error {
	var p *C.llmm_class
	if rc := C.llmm_class_deserialize(&p, bytesPtr(data), C.size_t(len(data)), nil); rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	replace(&m.o, p, freeClass)
	return nil
}

// UnmarshalConfusionMatrix returns a new matrix read from MarshalBinary output.
func UnmarshalConfusionMatrix(data []byte) (*ConfusionMatrix, error) {
	m := &ConfusionMatrix{}
	if err := m.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return m, nil
}
