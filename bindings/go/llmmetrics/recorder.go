package llmmetrics

/*
#include <stdint.h>
#include <llmmetrics.h>

// Allocation-free shims of the writer path (see sketch.go).
static int llmmgo_recorder_add(uintptr_t s, uint32_t ch, double v)
{
    return llmm_recorder_add((llmm_recorder_shard *)s, ch, v);
}
static int llmmgo_recorder_add_many(uintptr_t s, const uint32_t *ch, const double *v, size_t n)
{
    return llmm_recorder_add_many((llmm_recorder_shard *)s, ch, v, n);
}
static int llmmgo_recorder_count(uintptr_t s, uint32_t counter, uint64_t delta)
{
    return llmm_recorder_count((llmm_recorder_shard *)s, counter, delta);
}
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// RecorderOptions configures a Recorder.
type RecorderOptions struct {
	Sketch    SketchOptions // options of every channel's sketch (zero: defaults)
	Channels  uint32        // sketches (e.g. TTFT, TPOT, ITL, E2E): 1..64, default 1
	Counters  uint32        // uint64 counters: 0..64, default 0
	MaxShards uint32        // shards that can be held at once, default 64
}

// DefaultRecorderOptions returns the library defaults (one channel, no counters,
// 64 shards, default sketch options).
func DefaultRecorderOptions() RecorderOptions {
	var co C.llmm_recorder_options
	C.llmm_recorder_options_default(&co)
	return RecorderOptions{
		Sketch:    sketchOptionsOf(co.sketch),
		Channels:  uint32(co.n_channels),
		Counters:  uint32(co.n_counters),
		MaxShards: uint32(co.max_shards),
	}
}

// Recorder collects latency values from many goroutines: each writer goroutine
// Acquires a Shard and records into it without locks, while any goroutine takes
// Snapshots (every recorded call is entirely in one snapshot; nothing is lost).
//
// Acquire, Snapshot and the methods of distinct shards may run concurrently;
// Close must not (and needs every shard released first).
type Recorder struct {
	o        *owner[C.llmm_recorder]
	channels int
	counters int
	sketch   SketchOptions
	shards   atomic.Int32 // acquired, not yet released
}

// NewRecorder creates a recorder (LLMM_EINVAL for a bad channel or counter count).
func NewRecorder(opts RecorderOptions) (*Recorder, error) {
	co := C.llmm_recorder_options{sketch: opts.Sketch.toC(), n_channels: C.uint32_t(opts.Channels),
		n_counters: C.uint32_t(opts.Counters), max_shards: C.uint32_t(opts.MaxShards)}
	var p *C.llmm_recorder
	if rc := C.llmm_recorder_create(&p, &co, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return &Recorder{o: own(p, func(p *C.llmm_recorder) { C.llmm_recorder_free(p) }),
		channels: int(opts.Channels), counters: int(opts.Counters), sketch: sketchOptionsOf(co.sketch)}, nil
}

// Close frees the recorder. It fails with LLMM_EINVAL while shards are held.
func (r *Recorder) Close() error {
	if r == nil {
		return nil
	}
	if r.shards.Load() != 0 {
		return statusError(C.LLMM_EINVAL, -1)
	}
	r.o.close()
	return nil
}

// Shard is one writer's slot in a Recorder. Only one goroutine may use a shard
// at a time (it may move between OS threads). Release it when the writer is done;
// its data stays in the recorder.
type Shard struct {
	r *Recorder // keeps the recorder alive while the shard is
	p *C.llmm_recorder_shard
}

func (sh *Shard) handle() C.uintptr_t { return C.uintptr_t(uintptr(unsafe.Pointer(sh.p))) }

// Acquire claims a free shard (LLMM_ERANGE when MaxShards are held).
func (r *Recorder) Acquire() (*Shard, error) {
	var p *C.llmm_recorder_shard
	rc := C.llmm_recorder_acquire(r.o.ptr(), &p)
	runtime.KeepAlive(r)
	if rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	r.shards.Add(1)
	sh := &Shard{r: r, p: p}
	runtime.SetFinalizer(sh, (*Shard).Release)
	return sh, nil
}

// Release returns the shard to the recorder; the shard must not be used after.
// Releasing twice is harmless.
func (sh *Shard) Release() {
	if sh == nil || sh.p == nil {
		return
	}
	C.llmm_recorder_release(sh.p)
	sh.p = nil
	sh.r.shards.Add(-1)
	runtime.SetFinalizer(sh, nil)
}

// Add records one value into a channel. No allocation, no lock: one memory
// fence and the sketch update in C.
func (sh *Shard) Add(channel uint32, v float64) error {
	rc := C.llmmgo_recorder_add(sh.handle(), C.uint32_t(channel), C.double(v))
	runtime.KeepAlive(sh)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	return nil
}

// AddMany records values[i] into channels[i] as one unit: a snapshot sees all
// or none, and a bad value or channel records nothing. The slices are passed to
// C without copying; empty slices are a no-op.
func (sh *Shard) AddMany(channels []uint32, values []float64) error {
	if len(channels) != len(values) {
		return lengthError()
	}
	if len(values) == 0 {
		return nil
	}
	rc := C.llmmgo_recorder_add_many(sh.handle(), (*C.uint32_t)(&channels[0]), (*C.double)(&values[0]), C.size_t(len(values)))
	runtime.KeepAlive(sh)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	return nil
}

// Count adds delta to a counter.
func (sh *Shard) Count(counter uint32, delta uint64) error {
	rc := C.llmmgo_recorder_count(sh.handle(), C.uint32_t(counter), C.uint64_t(delta))
	runtime.KeepAlive(sh)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	return nil
}

// Snapshot folds everything recorded so far into the totals and returns them:
// one new Sketch per channel (the caller closes them) and the counters. With
// reset the totals restart from zero afterwards (interval snapshots).
func (r *Recorder) Snapshot(reset bool) ([]*Sketch, []uint64, error) {
	sketches := make([]*Sketch, r.channels)
	for i := range sketches {
		s, err := NewSketchWithOptions(r.sketch)
		if err != nil {
			closeAll(sketches)
			return nil, nil, err
		}
		sketches[i] = s
	}
	counters := make([]uint64, r.counters)
	if err := r.SnapshotInto(reset, sketches, counters); err != nil {
		closeAll(sketches)
		return nil, nil, err
	}
	return sketches, counters, nil
}

// SnapshotInto is Snapshot into caller-owned sketches (created with the
// recorder's sketch options; their content is replaced; nil entries are
// skipped) and counters. sketches may be shorter than the channel count (the
// rest are skipped), counters shorter than the counter count likewise.
func (r *Recorder) SnapshotInto(reset bool, sketches []*Sketch, counters []uint64) error {
	if len(sketches) > r.channels || len(counters) > r.counters {
		return lengthError()
	}
	ptrs := make([]*C.llmm_sketch, r.channels)
	for i, s := range sketches {
		if s != nil {
			if ptrs[i] = s.ptr(); ptrs[i] == nil {
				return statusError(C.LLMM_ENULL, -1)
			}
		}
	}
	var sp **C.llmm_sketch
	if len(ptrs) > 0 {
		sp = &ptrs[0]
	}
	var cnt []uint64
	var cp *C.uint64_t
	if r.counters > 0 {
		cnt = make([]uint64, r.counters)
		cp = (*C.uint64_t)(&cnt[0])
	}
	cr := C.int(0)
	if reset {
		cr = 1
	}
	rc := C.llmm_recorder_snapshot(r.o.ptr(), cr, sp, cp)
	runtime.KeepAlive(r)
	runtime.KeepAlive(sketches)
	if rc != C.LLMM_OK {
		return statusError(rc, -1)
	}
	copy(counters, cnt)
	return nil
}

func closeAll(sketches []*Sketch) {
	for _, s := range sketches {
		s.Close()
	}
}
