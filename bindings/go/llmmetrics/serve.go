package llmmetrics

/*
#include <stdlib.h>
#include <llmmetrics.h>
*/
import "C"

import "unsafe"

// Request is one request as the client saw it (docs/serving.md). Times are
// seconds on any monotonic clock; the library reads no clock.
type Request struct {
	Start      float64 // request sent
	FirstToken float64 // first output chunk received
	End        float64 // last output chunk received (vLLM's latency end)
	// TokenTimes optionally holds the arrival time of every output chunk, the
	// first included (TokenTimes[0] == FirstToken); the gaps are the ITLs.
	TokenTimes   []float64
	InputTokens  uint64 // prompt tokens
	OutputTokens uint64 // generated tokens
	CachedTokens uint64 // prompt tokens served from a prefix cache (<= InputTokens)
	Success      bool   // completed; failed requests only count as failures
}

// RequestMetrics are the latencies of one completed request, in seconds.
type RequestMetrics struct {
	TTFT    float64 // FirstToken - Start
	E2E     float64 // End - Start
	TPOT    float64 // (E2E - TTFT) / (OutputTokens - 1), 0 when OutputTokens <= 1
	HasTPOT bool    // OutputTokens > 1: the request enters TPOT statistics
	NITL    int     // number of inter-token gaps, len(TokenTimes) - 1 (0 without times)
}

// cRequests holds requests copied into C memory (the C structs point at their
// token times, so they cannot live in Go memory).
type cRequests struct {
	base unsafe.Pointer
	reqs *C.llmm_serve_request
	n    int
}

func packRequests(reqs []Request) cRequests {
	times := 0
	for i := range reqs {
		times += len(reqs[i].TokenTimes)
	}
	reqSize := int(unsafe.Sizeof(C.llmm_serve_request{}))
	base := C.calloc(C.size_t(len(reqs)*reqSize+times*8+1), 1)
	if base == nil {
		panic("llmmetrics: out of memory")
	}
	cr := unsafe.Slice((*C.llmm_serve_request)(base), len(reqs))
	tt := unsafe.Slice((*float64)(unsafe.Add(base, len(reqs)*reqSize)), times)
	pos := 0
	for i := range reqs {
		r := &reqs[i]
		c := &cr[i]
		c.start, c.first_token, c.end = C.double(r.Start), C.double(r.FirstToken), C.double(r.End)
		if n := len(r.TokenTimes); n > 0 {
			copy(tt[pos:], r.TokenTimes)
			c.token_times = (*C.double)(unsafe.Pointer(&tt[pos]))
			c.n_token_times = C.size_t(n)
			pos += n
		}
		c.input_tokens, c.output_tokens, c.cached_tokens = C.uint64_t(r.InputTokens),
			C.uint64_t(r.OutputTokens), C.uint64_t(r.CachedTokens)
		if r.Success {
			c.success = 1
		}
	}
	return cRequests{base: base, reqs: (*C.llmm_serve_request)(base), n: len(reqs)}
}

func (c cRequests) free() { C.free(c.base) }

// Metrics returns the TTFT, E2E and TPOT of a completed request. A failed
// request gives LLMM_EINVAL, NaN/Inf times LLMM_ENONFINITE, out-of-order times
// LLMM_EDOMAIN.
func (r Request) Metrics() (RequestMetrics, error) {
	c := packRequests([]Request{r})
	defer c.free()
	var m C.llmm_serve_request_metrics
	if rc := C.llmm_serve_request_metrics_get(c.reqs, &m); rc != C.LLMM_OK {
		return RequestMetrics{}, statusError(rc, -1)
	}
	return RequestMetrics{TTFT: float64(m.ttft), E2E: float64(m.e2e), TPOT: float64(m.tpot),
		HasTPOT: m.has_tpot != 0, NITL: int(m.n_itl)}, nil
}

// ITL returns the inter-token latencies (seconds) of the request.
func (r Request) ITL() ([]float64, error) {
	c := packRequests([]Request{r})
	defer c.free()
	out := make([]float64, len(r.TokenTimes)+1)
	var n C.size_t
	if rc := C.llmm_serve_itl(c.reqs, (*C.double)(&out[0]), C.size_t(len(out)), &n); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	return out[:int(n)], nil
}

// ServeMode selects how Summarize computes medians and percentiles.
type ServeMode int

const (
	// ServeExact computes numpy's statistics on the exact arrays, as vLLM prints them.
	ServeExact ServeMode = C.LLMM_SERVE_EXACT
	// ServeSketch uses DDSketch quantiles (bounded memory, relative error).
	ServeSketch ServeMode = C.LLMM_SERVE_SKETCH
)

// MaxPercentiles is the number of percentiles Summarize reports at most.
var MaxPercentiles = int(C.llmm_serve_max_percentiles())

// SLO holds goodput targets in milliseconds (vLLM's --goodput); a value <= 0
// leaves that metric out.
type SLO struct {
	TTFTms, TPOTms, E2Ems float64
}

// ServeOptions configures Summarize.
type ServeOptions struct {
	// DurationS is the benchmark duration in seconds; <= 0 means
	// max(End) - min(Start) over the requests.
	DurationS   float64
	Percentiles []float64     // in [0, 100], at most MaxPercentiles; default {99}
	SLO         SLO           // default none
	Mode        ServeMode     // default ServeExact
	Sketch      SketchOptions // for ServeSketch; zero means the defaults
}

// DefaultServeOptions returns the library defaults: percentile 99, no SLOs,
// exact mode.
func DefaultServeOptions() ServeOptions {
	var co C.llmm_serve_options
	C.llmm_serve_options_default(&co)
	o := ServeOptions{DurationS: float64(co.duration_s), Mode: ServeMode(co.mode),
		Sketch: sketchOptionsOf(co.sketch)}
	for i := 0; i < int(co.n_percentiles); i++ {
		o.Percentiles = append(o.Percentiles, float64(co.percentiles[i]))
	}
	return o
}

// LatencyStats is one latency metric in milliseconds.
type LatencyStats struct {
	Count         uint64
	MeanMs        float64
	MedianMs      float64
	StdMs         float64   // population standard deviation
	PercentilesMs []float64 // one per ServeOptions.Percentiles
}

// ServeSummary is vLLM's benchmark table (calculate_metrics).
type ServeSummary struct {
	Completed, Failed, Good              uint64 // Good: completed requests meeting every SLO
	TotalInput, TotalOutput, TotalCached uint64
	DurationS                            float64
	RequestThroughput                    float64 // completed / duration (req/s)
	RequestGoodput                       float64 // good / duration (req/s); 0 without SLOs
	OutputThroughput                     float64 // output tokens / s
	TotalTokenThroughput                 float64 // (input + output) tokens / s
	TTFT, TPOT, ITL, E2E                 LatencyStats
}

func latencyStats(s *C.llmm_serve_stats, np int) LatencyStats {
	out := LatencyStats{Count: uint64(s.count), MeanMs: float64(s.mean_ms), MedianMs: float64(s.median_ms),
		StdMs: float64(s.std_ms), PercentilesMs: make([]float64, np)}
	for i := range out.PercentilesMs {
		out.PercentilesMs[i] = float64(s.percentiles_ms[i])
	}
	return out
}

// Summarize summarizes requests as vLLM's calculate_metrics does. No requests
// gives LLMM_EEMPTY; a non-positive duration or a percentile outside [0, 100]
// LLMM_EDOMAIN; more than MaxPercentiles percentiles LLMM_EINVAL.
func Summarize(reqs []Request, opts ServeOptions) (*ServeSummary, error) {
	if len(reqs) == 0 {
		return nil, statusError(C.LLMM_EEMPTY, -1)
	}
	if len(opts.Percentiles) > MaxPercentiles {
		return nil, statusError(C.LLMM_EINVAL, -1)
	}
	var co C.llmm_serve_options
	C.llmm_serve_options_default(&co)
	co.duration_s = C.double(opts.DurationS)
	co.n_percentiles = C.size_t(len(opts.Percentiles))
	for i, p := range opts.Percentiles {
		co.percentiles[i] = C.double(p)
	}
	co.slo = C.llmm_serve_slo{ttft_ms: C.double(opts.SLO.TTFTms), tpot_ms: C.double(opts.SLO.TPOTms), e2e_ms: C.double(opts.SLO.E2Ems)}
	co.mode = C.int(opts.Mode)
	co.sketch = opts.Sketch.toC()
	c := packRequests(reqs)
	defer c.free()
	var s C.llmm_serve_summary
	if rc := C.llmm_serve_summarize(c.reqs, C.size_t(c.n), &co, &s, nil); rc != C.LLMM_OK {
		return nil, statusError(rc, -1)
	}
	np := len(opts.Percentiles)
	return &ServeSummary{Completed: uint64(s.completed), Failed: uint64(s.failed), Good: uint64(s.good),
		TotalInput: uint64(s.total_input), TotalOutput: uint64(s.total_output), TotalCached: uint64(s.total_cached),
		DurationS: float64(s.duration_s), RequestThroughput: float64(s.request_throughput),
		RequestGoodput: float64(s.request_goodput), OutputThroughput: float64(s.output_throughput),
		TotalTokenThroughput: float64(s.total_token_throughput),
		TTFT:                 latencyStats(&s.ttft, np), TPOT: latencyStats(&s.tpot, np),
		ITL: latencyStats(&s.itl, np), E2E: latencyStats(&s.e2e, np)}, nil
}

// Throughput is the traffic of a time window.
type Throughput struct {
	Requests, InputTokens, OutputTokens uint64
	RequestsPerS, OutputTokensPerS      float64
	TotalTokensPerS                     float64
}

// ThroughputWindow counts the completed requests whose End lies in [t0, t1)
// and their tokens, with the rates per second of the window.
func ThroughputWindow(reqs []Request, t0, t1 float64) (Throughput, error) {
	c := packRequests(reqs)
	defer c.free()
	var t C.llmm_serve_throughput
	if rc := C.llmm_serve_throughput_window(c.reqs, C.size_t(c.n), C.double(t0), C.double(t1), &t); rc != C.LLMM_OK {
		return Throughput{}, statusError(rc, -1)
	}
	return Throughput{Requests: uint64(t.requests), InputTokens: uint64(t.input_tokens), OutputTokens: uint64(t.output_tokens),
		RequestsPerS: float64(t.requests_per_s), OutputTokensPerS: float64(t.output_tokens_per_s),
		TotalTokensPerS: float64(t.total_tokens_per_s)}, nil
}
