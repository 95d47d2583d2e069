package llmmetrics

import (
	"math"
	"testing"
)

// The six requests of tests/unit/test_serve.c (request 3 failed).
func serveRequests() []Request {
	times := [][]float64{
		{0.120, 0.150, 0.185, 0.215, 0.260},
		{0.300, 0.340, 0.372},
		{0.210},
		nil,
		{0.410, 0.452, 0.493, 0.537, 0.580, 0.655, 0.700},
		{0.520, 0.560},
	}
	start := []float64{0.0, 0.05, 0.10, 0.20, 0.25, 0.30}
	in := []uint64{100, 250, 80, 40, 512, 64}
	reqs := make([]Request, 6)
	for i := range reqs {
		r := Request{Start: start[i], TokenTimes: times[i], InputTokens: in[i],
			OutputTokens: uint64(len(times[i])), CachedTokens: in[i] / 4, Success: i != 3,
			FirstToken: math.NaN(), End: math.NaN()}
		if n := len(times[i]); n > 0 {
			r.FirstToken, r.End = times[i][0], times[i][n-1]
		}
		reqs[i] = r
	}
	return reqs
}

func checkStats(t *testing.T, name string, s LatencyStats, count uint64, mean, median, std float64, pct []float64) {
	t.Helper()
	if s.Count != count || s.MeanMs != mean || s.MedianMs != median || s.StdMs != std {
		t.Fatalf("%s: got %+v", name, s)
	}
	sameFloats(t, name+" percentiles", s.PercentilesMs, pct)
}

// Values of vLLM's calculate_metrics with numpy 1.24.2 on the requests above.
func TestSummarizeExact(t *testing.T) {
	o := DefaultServeOptions()
	if len(o.Percentiles) != 1 || o.Percentiles[0] != 99 || o.Mode != ServeExact {
		t.Fatalf("defaults %+v", o)
	}
	o.DurationS = 0.7
	o.Percentiles = []float64{50, 90, 99}
	o.SLO = SLO{TTFTms: 200, TPOTms: 40}
	s, err := Summarize(serveRequests(), o)
	if err != nil {
		t.Fatal(err)
	}
	if s.Completed != 5 || s.Failed != 1 || s.Good != 2 || s.TotalInput != 1006 || s.TotalOutput != 18 || s.TotalCached != 251 {
		t.Fatalf("counts %+v", s)
	}
	if s.RequestThroughput != 7.142857142857143 || s.RequestGoodput != 2.857142857142857 ||
		s.OutputThroughput != 25.714285714285715 || s.TotalTokenThroughput != 1462.857142857143 {
		t.Fatalf("throughput %+v", s)
	}
	checkStats(t, "ttft", s.TTFT, 5, 172.0, 159.99999999999997, 54.918120870983934,
		[]float64{159.99999999999997, 238.00000000000003, 248.79999999999998})
	checkStats(t, "tpot", s.TPOT, 4, 39.83333333333334, 38.00000000000002, 5.251983752196242,
		[]float64{38.00000000000002, 45.83333333333334, 48.08333333333333})
	checkStats(t, "itl", s.ITL, 13, 41.69230769230769, 40.99999999999998, 10.943101904393522,
		[]float64{40.99999999999998, 45.0, 71.40000000000003})
	checkStats(t, "e2e", s.E2E, 5, 280.4, 260.00000000000006, 109.87556598261509,
		[]float64{260.00000000000006, 398.8, 444.87999999999994})

	// duration from the requests: max(end) - min(start)
	o.DurationS = 0
	if s, err = Summarize(serveRequests(), o); err != nil || s.DurationS != 0.7 {
		t.Fatalf("duration %v %v", s, err)
	}
	// sketch mode: quantiles within 1 % of the exact lower quantiles, mean exact
	o.Mode = ServeSketch
	o.Sketch = SketchOptions{} // zero: the default sketch
	if s, err = Summarize(serveRequests(), o); err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.E2E.MedianMs-260) > 2.6 || math.Abs(s.E2E.PercentilesMs[2]-322) > 3.22 ||
		math.Abs(s.TTFT.MeanMs-172) > 1e-12 {
		t.Fatalf("sketch mode %+v", s.E2E)
	}
}

func TestSummarizeErrors(t *testing.T) {
	reqs := serveRequests()
	o := DefaultServeOptions()
	_, err := Summarize(nil, o)
	wantCode(t, err, codeEEMPTY)
	_, err = Summarize(reqs[3:4], o) // only a failure, no times: no duration
	wantCode(t, err, codeEDOMAIN)
	o.DurationS = 10
	s, err := Summarize(reqs[3:4], o)
	if err != nil || s.Completed != 0 || s.Failed != 1 || s.TTFT.MeanMs != 0 {
		t.Fatalf("failures only: %+v %v", s, err)
	}
	o.Percentiles = []float64{101}
	_, err = Summarize(reqs, o)
	wantCode(t, err, codeEDOMAIN)
	o.Percentiles = make([]float64, MaxPercentiles+1)
	_, err = Summarize(reqs, o)
	wantCode(t, err, codeEINVAL)
	o.Percentiles = []float64{99}
	bad := reqs[0]
	bad.End = math.NaN()
	_, err = Summarize([]Request{bad}, o)
	wantCode(t, err, codeENONFINITE)
	bad = reqs[0]
	bad.CachedTokens = 101
	_, err = Summarize([]Request{bad}, o)
	wantCode(t, err, codeEINVAL)
}

func TestRequestMetricsAndITL(t *testing.T) {
	reqs := serveRequests()
	m, err := reqs[0].Metrics()
	if err != nil {
		t.Fatal(err)
	}
	if m.TTFT != 0.12 || m.E2E != 0.26 || !m.HasTPOT || m.TPOT != (m.E2E-m.TTFT)/4 || m.TPOT != 0.035 || m.NITL != 4 {
		t.Fatalf("metrics %+v", m)
	}
	itl, err := reqs[0].ITL()
	if err != nil {
		t.Fatal(err)
	}
	tt := reqs[0].TokenTimes // float64 differences (Go constants would be exact)
	sameFloats(t, "itl", itl, []float64{tt[1] - tt[0], tt[2] - tt[1], tt[3] - tt[2], tt[4] - tt[3]})
	if itl[0] != 0.150-0.120 || itl[3] != 0.04500000000000001 {
		t.Fatalf("itl %v", itl)
	}
	if itl, err := reqs[2].ITL(); err != nil || len(itl) != 0 {
		t.Fatalf("one chunk: %v %v", itl, err)
	}
	_, err = reqs[3].Metrics()
	wantCode(t, err, codeEINVAL) // failed request
	bad := reqs[2]
	bad.FirstToken = 0.05 // before start
	_, err = bad.Metrics()
	wantCode(t, err, codeEDOMAIN)
}

func TestThroughputWindow(t *testing.T) {
	// ends 0.26, 0.372, 0.21, (failed), 0.70, 0.56; [0.2, 0.6) holds 4 requests
	tp, err := ThroughputWindow(serveRequests(), 0.2, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Requests != 4 || tp.InputTokens != 494 || tp.OutputTokens != 11 || tp.RequestsPerS != 4/0.39999999999999997 {
		t.Fatalf("window %+v", tp)
	}
	_, err = ThroughputWindow(serveRequests(), 1, 1)
	wantCode(t, err, codeEDOMAIN)
}
