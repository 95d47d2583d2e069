package llmmetrics

/*
#include <stdint.h>
#include <llmmetrics.h>

// Hot-path shims. cgo boxes a pointer to an incomplete C type (llmm_sketch) into an
// interface for its pointer check, and that allocates; a handle passed as uintptr_t
// (C memory: never moved or collected by Go) and results returned by value instead
// of through a Go out-pointer keep these calls allocation-free.
typedef struct llmmgo_rcn { int rc; size_t n; } llmmgo_rcn;
typedef struct llmmgo_rcd { int rc; double v; } llmmgo_rcd;

static int llmmgo_sketch_add(uintptr_t s, double v) { return llmm_sketch_add((llmm_sketch *)s, v); }
static int llmmgo_sketch_add_weighted(uintptr_t s, double v, uint64_t w)
{
    return llmm_sketch_add_weighted((llmm_sketch *)s, v, w);
}
static llmmgo_rcn llmmgo_sketch_add_many(uintptr_t s, const double *v, size_t n)
{
    llmmgo_rcn r;
    r.n = 0;
    r.rc = llmm_sketch_add_many((llmm_sketch *)s, v, n, &r.n);
    return r;
}
static llmmgo_rcd llmmgo_sketch_quantile(uintptr_t s, double q)
{
    llmmgo_rcd r;
    r.v = 0;
    r.rc = llmm_sketch_quantile((const llmm_sketch *)s, q, &r.v);
    return r;
}
static int llmmgo_sketch_quantiles(uintptr_t s, const double *q, size_t n, double *out)
{
    return llmm_sketch_quantiles((const llmm_sketch *)s, q, n, out);
}
static uint64_t llmmgo_sketch_count(uintptr_t s) { return llmm_sketch_count((const llmm_sketch *)s); }
static double llmmgo_sketch_sum(uintptr_t s) { return llmm_sketch_sum((const llmm_sketch *)s); }
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// SketchOptions configures a DDSketch (docs/sketch.md).
type SketchOptions struct {
	// RelativeAccuracy is alpha in [1e-6, 0.5]: every reported quantile is within
	// a relative error alpha of the exact "lower" quantile. Default 0.01.
	RelativeAccuracy float64
	// MaxBins bounds the bins per store (positive and negative values); beyond it
	// the lowest-key bins collapse into one. 0 means unbounded. Default 2048.
	MaxBins uint32
}

// DefaultSketchOptions returns the library defaults (alpha 0.01, 2048 bins).
func DefaultSketchOptions() SketchOptions {
	var co C.llmm_sketch_options
	C.llmm_sketch_options_default(&co)
	return sketchOptionsOf(co)
}

func sketchOptionsOf(co C.llmm_sketch_options) SketchOptions {
	return SketchOptions{RelativeAccuracy: float64(co.relative_accuracy), MaxBins: uint32(co.max_bins)}
}

// toC converts the options; the zero SketchOptions (as left in a
// ServeOptions or RecorderOptions literal) means the library defaults.
func (o SketchOptions) toC() C.llmm_sketch_options {
	if o == (SketchOptions{}) {
		var co C.llmm_sketch_options
		C.llmm_sketch_options_default(&co)
		return co
	}
	return C.llmm_sketch_options{relative_accuracy: C.double(o.RelativeAccuracy), max_bins: C.uint32_t(o.MaxBins)}
}

// Sketch is a mergeable quantile sketch with a relative-error guarantee
// (DDSketch, computed as sketches-py 3.0.1 does; weights are integers and the
// sum is exact, so merging is exactly associative and commutative).
//
// A Sketch is not safe for concurrent use; use a Recorder for many writer
// goroutines. Call Close to free its C memory (a finalizer frees it otherwise).
// The zero Sketch is closed; UnmarshalBinary makes it usable.
type Sketch struct {
	o *owner[C.llmm_sketch]
}

func freeSketch(p *C.llmm_sketch) { C.llmm_sketch_free(p) }

func wrapSketch(p *C.llmm_sketch) *Sketch { return &Sketch{o: own(p, freeSketch)} }

// NewSketch returns an empty sketch with the given relative accuracy and the
// default bin bound.
func NewSketch(relativeAccuracy float64) (*Sketch, error) {
	o := DefaultSketchOptions()
	o.RelativeAccuracy = relativeAccuracy
	return NewSketchWithOptions(o)
}

// NewSketchWithOptions returns an empty sketch. An accuracy outside [1e-6, 0.5]
// gives an LLMM_EDOMAIN error; the zero SketchOptions means the defaults.
func NewSketchWithOptions(opts SketchOptions) (*Sketch, error) {
	co := opts.toC()
	var p *C.llmm_sketch
	if rc := C.llmm_sketch_create(&p, &co, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return wrapSketch(p), nil
}

func (s *Sketch) ptr() *C.llmm_sketch {
	if s == nil {
		return nil
	}
	return s.o.ptr()
}

// handle is ptr() as an integer, for the allocation-free shims.
func (s *Sketch) handle() C.uintptr_t { return C.uintptr_t(uintptr(unsafe.Pointer(s.ptr()))) }

// Close frees the sketch; later calls return errors (LLMM_ENULL) or zero values.
// Closing twice is harmless.
func (s *Sketch) Close() error {
	if s != nil {
		s.o.close()
	}
	return nil
}

// Add adds one value. NaN and ±Inf give LLMM_ENONFINITE, magnitudes above the
// mappable maximum LLMM_EDOMAIN. It does not allocate (beyond occasional bin
// growth inside C).
func (s *Sketch) Add(v float64) error {
	rc := C.llmmgo_sketch_add(s.handle(), C.double(v))
	runtime.KeepAlive(s)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	return nil
}

// AddWeighted adds weight copies of v (weight >= 1).
func (s *Sketch) AddWeighted(v float64, weight uint64) error {
	rc := C.llmmgo_sketch_add_weighted(s.handle(), C.double(v), C.uint64_t(weight))
	runtime.KeepAlive(s)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	return nil
}

// AddMany adds the values in one C call, without copying them. It stops at the
// first bad value: the values before it stay added and the error's Segment is
// its index. An empty slice is a no-op.
func (s *Sketch) AddMany(values []float64) error {
	if len(values) == 0 {
		return nil
	}
	r := C.llmmgo_sketch_add_many(s.handle(), (*C.double)(&values[0]), C.size_t(len(values)))
	runtime.KeepAlive(s)
	if r.rc != C.LLMM_OK {
		return errorAt(r.rc, int(r.n))
	}
	return nil
}

// Merge adds other into s. Both need the same options (else LLMM_EINVAL).
func (s *Sketch) Merge(other *Sketch) error {
	rc := C.llmm_sketch_merge(s.ptr(), other.ptr())
	runtime.KeepAlive(s)
	runtime.KeepAlive(other)
	return statusError(rc, -1)
}

// Clone returns a deep copy.
func (s *Sketch) Clone() (*Sketch, error) {
	var p *C.llmm_sketch
	rc := C.llmm_sketch_clone(&p, s.ptr())
	runtime.KeepAlive(s)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return wrapSketch(p), nil
}

// Clear empties the sketch, keeping its options and memory.
func (s *Sketch) Clear() {
	if p := s.ptr(); p != nil {
		C.llmm_sketch_clear(p)
	}
	runtime.KeepAlive(s)
}

// Quantile returns the q-quantile, q in [0, 1] (sketches-py get_quantile_value).
// An empty sketch gives LLMM_EEMPTY, q outside [0, 1] LLMM_EDOMAIN.
func (s *Sketch) Quantile(q float64) (float64, error) {
	r := C.llmmgo_sketch_quantile(s.handle(), C.double(q))
	runtime.KeepAlive(s)
	if r.rc != C.LLMM_OK {
		return 0, statusError(r.rc, -1)
	}
	return float64(r.v), nil
}

// Quantiles returns the quantiles qs (any order) in one pass.
func (s *Sketch) Quantiles(qs []float64) ([]float64, error) {
	out := make([]float64, len(qs))
	if err := s.QuantilesInto(out, qs); err != nil {
		return nil, err
	}
	return out, nil
}

// QuantilesInto writes the quantiles qs into dst (len(dst) >= len(qs)) without
// allocating.
func (s *Sketch) QuantilesInto(dst, qs []float64) error {
	if len(dst) < len(qs) {
		return statusError(C.LLMM_EBUFFER, -1)
	}
	if len(qs) == 0 {
		return nil
	}
	rc := C.llmmgo_sketch_quantiles(s.handle(), (*C.double)(&qs[0]), C.size_t(len(qs)), (*C.double)(&dst[0]))
	runtime.KeepAlive(s)
	return statusError(rc, -1)
}

// Count returns the number of values added (the sum of weights).
func (s *Sketch) Count() uint64 {
	n := C.llmmgo_sketch_count(s.handle())
	runtime.KeepAlive(s)
	return uint64(n)
}

// ZeroCount returns how many values counted as zero.
func (s *Sketch) ZeroCount() uint64 {
	n := C.llmm_sketch_zero_count(s.ptr())
	runtime.KeepAlive(s)
	return uint64(n)
}

// Sum returns the exact sum of the values, correctly rounded (0 when empty).
func (s *Sketch) Sum() float64 {
	v := C.llmmgo_sketch_sum(s.handle())
	runtime.KeepAlive(s)
	return float64(v)
}

func (s *Sketch) stat(f func(*C.llmm_sketch, *C.double) C.int) (float64, error) {
	var out C.double
	rc := f(s.ptr(), &out)
	runtime.KeepAlive(s)
	if rc != C.LLMM_OK {
		return 0, statusError(rc, -1)
	}
	return float64(out), nil
}

// Avg returns Sum / Count (LLMM_EEMPTY when empty).
func (s *Sketch) Avg() (float64, error) {
	return s.stat(func(p *C.llmm_sketch, o *C.double) C.int { return C.llmm_sketch_avg(p, o) })
}

// Min returns the exact smallest value (LLMM_EEMPTY when empty).
func (s *Sketch) Min() (float64, error) {
	return s.stat(func(p *C.llmm_sketch, o *C.double) C.int { return C.llmm_sketch_min(p, o) })
}

// Max returns the exact largest value (LLMM_EEMPTY when empty).
func (s *Sketch) Max() (float64, error) {
	return s.stat(func(p *C.llmm_sketch, o *C.double) C.int { return C.llmm_sketch_max(p, o) })
}

// RelativeAccuracy returns the sketch's alpha.
func (s *Sketch) RelativeAccuracy() float64 {
	v := C.llmm_sketch_relative_accuracy(s.ptr())
	runtime.KeepAlive(s)
	return float64(v)
}

// Gamma returns (1 + alpha) / (1 - alpha), the ratio between bin boundaries.
func (s *Sketch) Gamma() float64 {
	v := C.llmm_sketch_gamma(s.ptr())
	runtime.KeepAlive(s)
	return float64(v)
}

// NumBins returns the number of bins in use.
func (s *Sketch) NumBins() int {
	v := C.llmm_sketch_num_bins(s.ptr())
	runtime.KeepAlive(s)
	return int(v)
}

// IsCollapsed reports whether a bounded store collapsed its lowest bins (low
// quantiles then lose the accuracy guarantee).
func (s *Sketch) IsCollapsed() bool {
	v := C.llmm_sketch_is_collapsed(s.ptr())
	runtime.KeepAlive(s)
	return v != 0
}

// MarshalBinary serializes the sketch in the library's versioned format
// (llmm_sketch_serialize; docs/sketch.md), readable by every binding.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	p := s.ptr()
	if p == nil {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	b, err := marshal(C.llmm_sketch_serialized_size(p), func(buf *C.uchar, n C.size_t, w *C.size_t) C.int {
		return C.llmm_sketch_serialize(p, unsafe.Pointer(buf), n, w)
	})
	runtime.KeepAlive(s)
	return b, err
}

// UnmarshalBinary replaces the sketch's content (and options) with a serialized
// sketch. Truncated or foreign data gives LLMM_EFORMAT / LLMM_EVERSION and
// leaves s unchanged.
func (s *Sketch) UnmarshalBinary(data []byte) error {
	var p *C.llmm_sketch
	if rc := C.llmm_sketch_deserialize(&p, bytesPtr(data), C.size_t(len(data)), nil); rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	replace(&s.o, p, freeSketch)
	return nil
}

// UnmarshalSketch returns a new sketch read from MarshalBinary output.
func UnmarshalSketch(data []byte) (*Sketch, error) {
	s := &Sketch{}
	if err := s.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return s, nil
}

// bytesPtr is &b[0], or nil for an empty slice.
func bytesPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// QuantileMethod selects a numpy 1.24 np.quantile method for ExactQuantiles.
type QuantileMethod int

// The np.quantile methods ExactQuantiles supports.
const (
	QuantileLinear      QuantileMethod = C.LLMM_QUANTILE_LINEAR       // numpy's default
	QuantileInvertedCDF QuantileMethod = C.LLMM_QUANTILE_INVERTED_CDF // smallest x with F(x) >= q
	QuantileLower       QuantileMethod = C.LLMM_QUANTILE_LOWER        // what a Sketch approximates
)

// ExactQuantiles returns np.quantile(x, qs, method=...) exactly (x is not
// modified; the library sorts a copy). Empty x gives LLMM_EEMPTY.
func ExactQuantiles(x, qs []float64, method QuantileMethod) ([]float64, error) {
	if len(x) == 0 {
		return nil, statusError(C.LLMM_EEMPTY, -1)
	}
	out := make([]float64, len(qs))
	if len(qs) == 0 {
		return out, nil
	}
	rc := C.llmm_quantiles((*C.double)(&x[0]), C.size_t(len(x)), (*C.double)(&qs[0]), C.size_t(len(qs)),
		C.llmm_quantile_method(method), (*C.double)(&out[0]), nil)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return out, nil
}
