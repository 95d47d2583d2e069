package llmmetrics

/*
#include <llmmetrics.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// FairGroup is one group's (or the overall) metrics, as a fairlearn
// MetricFrame row.
type FairGroup struct {
	Count         uint64  // samples (weights ignored)
	Weight        float64 // sum of weights (= Count without weights)
	SelectionRate float64 // weighted share predicted 1; NaN when the weights sum to 0
	TPR           float64 // weighted recall on y = 1; 0 without positives (sklearn)
	FPR           float64 // weighted fall-out on y = 0; 0 without negatives
	Accuracy      float64 // weighted share y == pred; NaN when the weights sum to 0
	TN, FP        float64 // weighted confusion matrix
	FN, TP        float64
}

// Disparity is one metric aggregated over groups the four ways fairlearn does
// (NaN group values are skipped).
type Disparity struct {
	Difference          float64 // between groups: max - min
	Ratio               float64 // between groups: min / max (NaN for 0 / 0)
	DifferenceToOverall float64 // max |group - overall|
	RatioToOverall      float64 // min over groups of r = group / overall, 1 / r if r > 1
}

// FairResult is the disparity summary of fairlearn 0.15.
type FairResult struct {
	DemographicParity    Disparity // of the selection rate
	EqualOpportunity     Disparity // of the TPR
	FPRParity            Disparity // of the FPR
	EqualizedOddsWorst   Disparity // agg="worst_case" of the TPR and FPR disparities
	EqualizedOddsMean    Disparity // agg="mean"
	DisparateImpactRatio float64   // = DemographicParity.Ratio
	// FourFifthsPass is 1 if DisparateImpactRatio >= 0.8, 0 if below, -1 when
	// the ratio is NaN (undefined).
	FourFifthsPass int
	NGroups        int // groups with at least one sample
}

// Fairness accumulates per-group confusion statistics (integer counts and
// exact weight sums: shards merge to the same answer in any order). Group ids
// are small integers 0, 1, 2, ...; an id that never received a sample is not a
// group. Not safe for concurrent use. Call Close when done.
type Fairness struct {
	o *owner[C.llmm_fair]
}

func freeFair(p *C.llmm_fair) { C.llmm_fair_free(p) }

// NewFairness creates empty statistics.
func NewFairness() (*Fairness, error) {
	var p *C.llmm_fair
	if rc := C.llmm_fair_create(&p, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return &Fairness{o: own(p, freeFair)}, nil
}

func (f *Fairness) ptr() *C.llmm_fair {
	if f == nil {
		return nil
	}
	return f.o.ptr()
}

// Close frees the statistics; closing twice is harmless.
func (f *Fairness) Close() error {
	if f != nil {
		f.o.close()
	}
	return nil
}

// Reset empties the statistics.
func (f *Fairness) Reset() error {
	rc := C.llmm_fair_reset(f.ptr())
	runtime.KeepAlive(f)
	return statusError(rc, -1)
}

// Update adds samples: yTrue and yPred 0/1, group ids in [0, 65536), weights
// nil (all 1) or finite and >= 0. All-or-nothing: on a bad value nothing is
// added and the error's Segment is the first offending index. Slices of
// different lengths give LLMM_ELENGTH.
func (f *Fairness) Update(yTrue, yPred, group []int32, weights []float64) error {
	n := len(yTrue)
	if len(yPred) != n || len(group) != n || (weights != nil && len(weights) != n) {
		return lengthError()
	}
	if n == 0 {
		return nil
	}
	var bad C.size_t
	rc := C.llmm_fair_update(f.ptr(), i32p(yTrue), i32p(yPred), i32p(group), f64p(weights), C.size_t(n), &bad)
	runtime.KeepAlive(f)
	return updateError(rc, bad)
}

// UpdateInt64 is Update for int64 columns, read in place by the library
// (llmm_fair_update_i64): same errors and statistics.
func (f *Fairness) UpdateInt64(yTrue, yPred, group []int64, weights []float64) error {
	n := len(yTrue)
	if len(yPred) != n || len(group) != n || (weights != nil && len(weights) != n) {
		return lengthError()
	}
	if n == 0 {
		return nil
	}
	var bad C.size_t
	rc := C.llmm_fair_update_i64(f.ptr(), i64p(yTrue), i64p(yPred), i64p(group), f64p(weights), C.size_t(n), &bad)
	runtime.KeepAlive(f)
	return updateError(rc, bad)
}

// Merge adds other into f.
func (f *Fairness) Merge(other *Fairness) error {
	rc := C.llmm_fair_merge(f.ptr(), other.ptr())
	runtime.KeepAlive(f)
	runtime.KeepAlive(other)
	return statusError(rc, -1)
}

// NGroupIDs returns one more than the largest group id seen.
func (f *Fairness) NGroupIDs() int {
	n := C.llmm_fair_n_group_ids(f.ptr())
	runtime.KeepAlive(f)
	return int(n)
}

func fairGroup(g *C.llmm_fair_group) FairGroup {
	return FairGroup{Count: uint64(g.count), Weight: float64(g.weight), SelectionRate: float64(g.selection_rate),
		TPR: float64(g.tpr), FPR: float64(g.fpr), Accuracy: float64(g.accuracy),
		TN: float64(g.tn), FP: float64(g.fp), FN: float64(g.fn), TP: float64(g.tp)}
}

// Group returns the metrics of one group id (Count 0 when it never occurred;
// LLMM_ERANGE at or past NGroupIDs).
func (f *Fairness) Group(id int) (FairGroup, error) {
	if id < 0 {
		return FairGroup{}, statusError(C.LLMM_ERANGE, -1)
	}
	var g C.llmm_fair_group
	rc := C.llmm_fair_group_get(f.ptr(), C.uint32_t(id), &g)
	runtime.KeepAlive(f)
	if rc != C.LLMM_OK {
		return FairGroup{}, statusError(rc, -1)
	}
	return fairGroup(&g), nil
}

// Groups returns the metrics of every group id 0..NGroupIDs()-1, indexed by id
// (ids that never occurred have Count 0).
func (f *Fairness) Groups() ([]FairGroup, error) {
	out := make([]FairGroup, f.NGroupIDs())
	for i := range out {
		g, err := f.Group(i)
		if err != nil {
			return nil, err
		}
		out[i] = g
	}
	return out, nil
}

// Overall returns the metrics of all samples together (MetricFrame.overall).
func (f *Fairness) Overall() (FairGroup, error) {
	var g C.llmm_fair_group
	rc := C.llmm_fair_overall(f.ptr(), &g)
	runtime.KeepAlive(f)
	if rc != C.LLMM_OK {
		return FairGroup{}, statusError(rc, -1)
	}
	return fairGroup(&g), nil
}

func disparity(d *C.llmm_fair_disparity) Disparity {
	return Disparity{Difference: float64(d.difference), Ratio: float64(d.ratio),
		DifferenceToOverall: float64(d.difference_to_overall), RatioToOverall: float64(d.ratio_to_overall)}
}

// Result returns the disparities (LLMM_EEMPTY when no sample was added).
func (f *Fairness) Result() (*FairResult, error) {
	var r C.llmm_fair_result
	rc := C.llmm_fair_result_get(f.ptr(), &r)
	runtime.KeepAlive(f)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return &FairResult{DemographicParity: disparity(&r.demographic_parity),
		EqualOpportunity: disparity(&r.equal_opportunity), FPRParity: disparity(&r.fpr_parity),
		EqualizedOddsWorst: disparity(&r.equalized_odds_worst), EqualizedOddsMean: disparity(&r.equalized_odds_mean),
		DisparateImpactRatio: float64(r.disparate_impact_ratio), FourFifthsPass: int(r.four_fifths_pass),
		NGroups: int(r.n_groups)}, nil
}

// MarshalBinary serializes the statistics (envelope kind FAIR, docs/fairness.md).
func (f *Fairness) MarshalBinary() ([]byte, error) {
	p := f.ptr()
	if p == nil {
		return nil, statusError(C.LLMM_ENULL, -1)
	}
	b, err := marshal(C.llmm_fair_serialized_size(p), func(buf *C.uchar, n C.size_t, w *C.size_t) C.int {
		return C.llmm_fair_serialize(p, unsafe.Pointer(buf), n, w)
	})
	runtime.KeepAlive(f)
	return b, err
}

// UnmarshalBinary replaces f with serialized statistics (f unchanged on error).
func (f *Fairness) UnmarshalBinary(data []byte) error {
	var p *C.llmm_fair
	if rc := C.llmm_fair_deserialize(&p, bytesPtr(data), C.size_t(len(data)), nil); rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	replace(&f.o, p, freeFair)
	return nil
}

// UnmarshalFairness returns new statistics read from MarshalBinary output.
func UnmarshalFairness(data []byte) (*Fairness, error) {
	f := &Fairness{}
	if err := f.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return f, nil
}
