// Package llmmetrics is a cgo binding of libllmmetrics: exact, fast metrics for
// judging LLM systems. The C library does the work; a whole corpus crosses into C
// in one call (one UTF-8 buffer plus offsets per stream).
//
// Families: BLEU (this file), serving telemetry (sketch.go: DDSketch,
// recorder.go: many-goroutine recorder, serve.go: vLLM-style summary),
// calibration (calib.go), fairness (fairness.go), classification (class.go).
// See docs/go.md.
//
// Every statistics object owns C memory: call Close (a finalizer frees it
// otherwise, as a safety net). Errors are *Error with the library's status.
//
// Build against an installed library (pkg-config llmmetrics) or set CGO_CFLAGS /
// CGO_LDFLAGS to a build tree, as `make go-test` does.
package llmmetrics

/*
#cgo pkg-config: llmmetrics
#include <stdlib.h>
#include <llmmetrics.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Error is a libllmmetrics status code other than LLMM_OK.
type Error struct {
	Code    int
	Message string
	// Segment is the failing segment of a corpus call or the first offending
	// element of a slice update (Sketch.AddMany, Fairness.Update,
	// ConfusionMatrix.Update); -1 otherwise.
	Segment int
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Segment >= 0 {
		return fmt.Sprintf("llmmetrics: %s (segment %d)", e.Message, e.Segment)
	}
	return "llmmetrics: " + e.Message
}

func statusError(rc C.int, segment int) error {
	if rc == C.LLMM_OK {
		return nil
	}
	return &Error{Code: int(rc), Message: C.GoString(C.llmm_strerror(rc)), Segment: segment}
}

// Version returns the linked library's version string.
func Version() string { return C.GoString(C.llmm_version()) }

// BLEUOptions mirrors llmm_bleu_options with sacrebleu's names and defaults.
type BLEUOptions struct {
	Tokenize       string // "13a" (default), "intl", "zh", "char", "none"
	Lowercase      bool
	SmoothMethod   string  // "exp" (default), "none", "floor", "add-k"
	SmoothValue    float64 // < 0: the method's default
	EffectiveOrder bool
	MaxNgramOrder  int // 0 means 4
}

// DefaultBLEUOptions returns sacrebleu's BLEU() defaults.
func DefaultBLEUOptions() BLEUOptions {
	return BLEUOptions{Tokenize: "13a", SmoothMethod: "exp", SmoothValue: -1, MaxNgramOrder: 4}
}

// BLEUScore has sacrebleu's BLEUScore fields.
type BLEUScore struct {
	Score      float64
	Counts     []float64
	Totals     []float64
	Precisions []float64
	BP         float64
	SysLen     uint64
	RefLen     int64
	Signature  string
}

func cString(s string) (*C.char, C.size_t) {
	return C.CString(s), C.size_t(len(s))
}

func (o BLEUOptions) toC() (C.llmm_bleu_options, error) {
	var co C.llmm_bleu_options
	C.llmm_bleu_options_default(&co)
	if o.Tokenize != "" {
		p, n := cString(o.Tokenize)
		defer C.free(unsafe.Pointer(p))
		var tok C.llmm_tokenizer
		if rc := C.llmm_tokenizer_from_name(p, n, &tok); rc != C.LLMM_OK {
			return co, fmt.Errorf("llmmetrics: unknown tokenizer %q", o.Tokenize)
		}
		co.tokenize = C.int(tok)
	}
	if o.SmoothMethod != "" {
		p, n := cString(o.SmoothMethod)
		defer C.free(unsafe.Pointer(p))
		var sm C.llmm_bleu_smooth
		if rc := C.llmm_bleu_smooth_from_name(p, n, &sm); rc != C.LLMM_OK {
			return co, fmt.Errorf("llmmetrics: unknown smooth method %q", o.SmoothMethod)
		}
		co.smooth_method = C.int(sm)
	}
	if o.Lowercase {
		co.lowercase = 1
	}
	if o.EffectiveOrder {
		co.effective_order = 1
	}
	co.smooth_value = C.double(o.SmoothValue)
	if o.MaxNgramOrder != 0 {
		co.max_ngram_order = C.int(o.MaxNgramOrder)
	}
	return co, nil
}

// batch is one stream of strings packed into C memory.
type batch struct {
	strs    C.llmm_strs
	data    unsafe.Pointer
	offsets unsafe.Pointer
}

func newBatch(items []string) batch {
	total := 0
	for _, s := range items {
		total += len(s)
	}
	var b batch
	b.data = C.malloc(C.size_t(total + 1))
	b.offsets = C.malloc(C.size_t(len(items)+1) * C.size_t(unsafe.Sizeof(C.size_t(0))))
	data := unsafe.Slice((*byte)(b.data), total+1)
	offs := unsafe.Slice((*C.size_t)(b.offsets), len(items)+1)
	pos := 0
	offs[0] = 0
	for i, s := range items {
		pos += copy(data[pos:], s)
		offs[i+1] = C.size_t(pos)
	}
	b.strs.data = (*C.char)(b.data)
	b.strs.offsets = (*C.size_t)(b.offsets)
	b.strs.count = C.size_t(len(items))
	return b
}

func (b batch) free() {
	C.free(b.data)
	C.free(b.offsets)
}

// CorpusBLEU scores hypotheses against reference streams (sacrebleu's layout:
// refs[k][i] is the k-th reference of segment i).
func CorpusBLEU(hyps []string, refs [][]string, opts BLEUOptions) (*BLEUScore, error) {
	co, err := opts.toC()
	if err != nil {
		return nil, err
	}
	var scorer *C.llmm_bleu
	if rc := C.llmm_bleu_create(&scorer, &co, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	defer C.llmm_bleu_free(scorer)
	h := newBatch(hyps)
	defer h.free()
	streams := (*C.llmm_strs)(C.calloc(C.size_t(len(refs)+1), C.size_t(unsafe.Sizeof(C.llmm_strs{}))))
	defer C.free(unsafe.Pointer(streams))
	streamSlice := unsafe.Slice(streams, len(refs)+1)
	for k, stream := range refs {
		b := newBatch(stream)
		defer b.free()
		streamSlice[k] = b.strs
	}
	var total C.llmm_bleu_stats
	var badIndex C.size_t
	var badStream C.int
	rc := C.llmm_bleu_extract_corpus(scorer, &h.strs, streams, C.size_t(len(refs)), &total, nil, nil, &badIndex, &badStream)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, int(badIndex))
	}
	var res C.llmm_bleu_result
	if rc := C.llmm_bleu_finalize(&co, &total, &res); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	sig := make([]byte, 256)
	C.llmm_bleu_signature(&co, C.int(len(refs)), (*C.char)(unsafe.Pointer(&sig[0])), C.size_t(len(sig)))
	n := int(res.max_ngram_order)
	out := &BLEUScore{Score: float64(res.score), BP: float64(res.bp), SysLen: uint64(res.sys_len),
		RefLen: int64(res.ref_len), Signature: C.GoString((*C.char)(unsafe.Pointer(&sig[0])))}
	for i := 0; i < n; i++ {
		out.Counts = append(out.Counts, float64(res.counts[i]))
		out.Totals = append(out.Totals, float64(res.totals[i]))
		out.Precisions = append(out.Precisions, float64(res.precisions[i]))
	}
	return out, nil
}

// SentenceBLEU scores one hypothesis against its references with
// effective order, as sacrebleu.sentence_bleu does by default.
func SentenceBLEU(hyp string, refs []string, opts BLEUOptions) (*BLEUScore, error) {
	streams := make([][]string, len(refs))
	for k, r := range refs {
		streams[k] = []string{r}
	}
	return CorpusBLEU([]string{hyp}, streams, opts)
}
