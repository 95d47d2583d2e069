package llmmetrics

import (
	"bytes"
	"errors"
	"math"
	"sync"
	"testing"
)

// wantCode fails unless err is an *Error with the given status code.
func wantCode(t *testing.T, err error, code int) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got error %v, want status %d", err, code)
	}
}

// Status codes of include/llmm_common.h used by the tests.
const (
	codeEINVAL     = -1
	codeENONFINITE = -4
	codeEDOMAIN    = -5
	codeEEMPTY     = -6
	codeELENGTH    = -7
	codeEFORMAT    = -9
	codeEVERSION   = -10
	codeERANGE     = -12
	codeENULL      = -13
	codeEBUFFER    = -14
)

func sameFloats(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range want {
		if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s[%d]: got %v, want %v", what, i, got[i], want[i])
		}
	}
}

// Values of sketches-py 3.0.1 (tests/unit/test_sketch.c test_matches_sketches_py).
func TestSketchMatchesSketchesPy(t *testing.T) {
	s, err := NewSketchWithOptions(SketchOptions{RelativeAccuracy: 0.01, MaxBins: 0})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x := []float64{12.5, -3.0, 0.0, 7.25, 1000.0, 0.001, -250.0, 42.0, 42.0, 5e-324}
	if err := s.AddMany(x); err != nil {
		t.Fatal(err)
	}
	got, err := s.Quantiles([]float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1})
	if err != nil {
		t.Fatal(err)
	}
	sameFloats(t, "quantiles", got, []float64{-252.17778678948588, -252.17778678948588, 0,
		0.0009974781146369917, 12.553937179918435, 41.682206632979195, 1002.4280085221619})
	if q, err := s.Quantile(0.9); err != nil || q != 41.682206632979195 {
		t.Fatalf("Quantile(0.9) = %v, %v", q, err)
	}
	if s.Count() != 10 || s.ZeroCount() != 2 || s.Sum() != 850.751 {
		t.Fatalf("count %d zero %d sum %v", s.Count(), s.ZeroCount(), s.Sum())
	}
	if v, err := s.Min(); err != nil || v != -250 {
		t.Fatalf("min %v %v", v, err)
	}
	if v, err := s.Max(); err != nil || v != 1000 {
		t.Fatalf("max %v %v", v, err)
	}
	if v, err := s.Avg(); err != nil || v != 85.07509999999999 {
		t.Fatalf("avg %v %v", v, err)
	}
	if s.Gamma() != 1.02020202020202 || s.RelativeAccuracy() != 0.01 || s.IsCollapsed() {
		t.Fatalf("gamma %v alpha %v", s.Gamma(), s.RelativeAccuracy())
	}
}

// sketches-py DDSketch(0.02): add(3.0, 5); add(10.0, 2); add(0.25, 3).
func TestSketchWeighted(t *testing.T) {
	s, err := NewSketchWithOptions(SketchOptions{RelativeAccuracy: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range []struct {
		v float64
		w uint64
	}{{3, 5}, {10, 2}, {0.25, 3}} {
		if err := s.AddWeighted(a.v, a.w); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.AddWeighted(1, 0), codeEINVAL)
	dst := make([]float64, 5)
	if err := s.QuantilesInto(dst, []float64{0, 0.3, 0.5, 0.8, 1}); err != nil {
		t.Fatal(err)
	}
	sameFloats(t, "quantiles", dst, []float64{0.25148194427081255, 0.25148194427081255,
		3.0040057916099467, 3.0040057916099467, 9.975246759625618})
	if s.Sum() != 35.75 || s.Count() != 10 {
		t.Fatalf("sum %v count %d", s.Sum(), s.Count())
	}
	wantCode(t, s.QuantilesInto(dst[:1], []float64{0, 1}), codeEBUFFER)
}

func TestSketchMergeCloneMarshal(t *testing.T) {
	whole, _ := NewSketch(0.01)
	a, _ := NewSketch(0.01)
	b, _ := NewSketch(0.01)
	defer whole.Close()
	defer a.Close()
	defer b.Close()
	for i := 0; i < 500; i++ {
		v := float64(i%50) - 10.5
		whole.Add(v)
		if i%3 == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
	}
	if err := b.Merge(a); err != nil {
		t.Fatal(err)
	}
	wb, err := whole.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	bb, _ := b.MarshalBinary()
	if !bytes.Equal(wb, bb) {
		t.Fatal("merged shards differ from the whole")
	}
	// round trip into a zero Sketch and through UnmarshalSketch
	var z Sketch
	if err := z.UnmarshalBinary(wb); err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	zb, _ := z.MarshalBinary()
	if !bytes.Equal(wb, zb) || z.Count() != 500 {
		t.Fatal("round trip changed the sketch")
	}
	c, err := z.Clone()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if m, _ := c.Quantile(0.5); m != mustQ(t, whole, 0.5) {
		t.Fatalf("clone median %v", m)
	}
	// bad data: truncations and a foreign version are refused, z is unchanged
	for i := 0; i < len(wb); i++ {
		if err := z.UnmarshalBinary(wb[:i]); err == nil {
			t.Fatalf("truncation at %d accepted", i)
		}
	}
	bad := append([]byte(nil), wb...)
	bad[4] = 2
	wantCode(t, z.UnmarshalBinary(bad), codeEVERSION)
	if z.Count() != 500 {
		t.Fatal("failed unmarshal changed the sketch")
	}
	if _, err := UnmarshalSketch(nil); err == nil {
		t.Fatal("empty data accepted")
	}
	// different accuracy: merge refused
	other, _ := NewSketch(0.02)
	defer other.Close()
	wantCode(t, a.Merge(other), codeEINVAL)
	c.Clear()
	if c.Count() != 0 {
		t.Fatal("clear")
	}
}

func mustQ(t *testing.T, s *Sketch, q float64) float64 {
	t.Helper()
	v, err := s.Quantile(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSketchBadInput(t *testing.T) {
	_, err := NewSketch(0.9)
	wantCode(t, err, codeEDOMAIN)
	s, _ := NewSketch(0.01)
	wantCode(t, s.Add(math.NaN()), codeENONFINITE)
	wantCode(t, s.Add(math.Inf(1)), codeENONFINITE)
	wantCode(t, s.Add(math.MaxFloat64), codeEDOMAIN)
	_, err = s.Quantile(0.5)
	wantCode(t, err, codeEEMPTY)
	_, err = s.Min()
	wantCode(t, err, codeEEMPTY)
	if err := s.AddMany(nil); err != nil {
		t.Fatal("empty AddMany:", err)
	}
	err = s.AddMany([]float64{1, 2, math.NaN(), 4})
	wantCode(t, err, codeENONFINITE)
	if err.(*Error).Segment != 2 || s.Count() != 2 {
		t.Fatalf("AddMany stop: %v, count %d", err, s.Count())
	}
	_, err = s.Quantile(1.5)
	wantCode(t, err, codeEDOMAIN)
	// closed: statuses, not crashes
	s.Close()
	s.Close()
	wantCode(t, s.Add(1), codeENULL)
	if s.Count() != 0 {
		t.Fatal("closed count")
	}
	_, err = s.MarshalBinary()
	wantCode(t, err, codeENULL)
	var z Sketch
	wantCode(t, z.Add(1), codeENULL)
}

func TestExactQuantiles(t *testing.T) {
	y := []float64{1.5, 2.5, 3.25, 10.0, 0.125, 7.0, 7.0, 100.0, 64.0}
	q := []float64{0, 0.1, 0.333, 0.5, 0.9, 1}
	for _, c := range []struct {
		m    QuantileMethod
		want []float64
	}{
		{QuantileLinear, []float64{0.125, 1.225, 2.998, 7.0, 71.2, 100.0}},
		{QuantileInvertedCDF, []float64{0.125, 0.125, 2.5, 7.0, 100.0, 100.0}},
		{QuantileLower, []float64{0.125, 0.125, 2.5, 7.0, 64.0, 100.0}},
	} {
		got, err := ExactQuantiles(y, q, c.m)
		if err != nil {
			t.Fatal(err)
		}
		sameFloats(t, "exact", got, c.want)
	}
	_, err := ExactQuantiles(nil, q, QuantileLinear)
	wantCode(t, err, codeEEMPTY)
}

// The hot path: Add and AddMany allocate nothing on the Go side.
func TestSketchAddAllocationFree(t *testing.T) {
	s, _ := NewSketch(0.01)
	defer s.Close()
	vals := []float64{0.1, 0.2, 0.3, 12, 250}
	s.AddMany(vals) // grow the bins first
	if n := testing.AllocsPerRun(1000, func() { s.Add(0.2) }); n != 0 {
		t.Fatalf("Add allocates %v times", n)
	}
	if n := testing.AllocsPerRun(1000, func() { s.AddMany(vals) }); n != 0 {
		t.Fatalf("AddMany allocates %v times", n)
	}
	dst := make([]float64, 2)
	qs := []float64{0.5, 0.99}
	if n := testing.AllocsPerRun(100, func() { s.QuantilesInto(dst, qs) }); n != 0 {
		t.Fatalf("QuantilesInto allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { s.Quantile(0.5); s.Count(); s.Sum() }); n != 0 {
		t.Fatalf("Quantile/Count/Sum allocate %v times", n)
	}
}

// Many goroutines, one shard each, with interval snapshots while they run: the
// union of the snapshots equals one sketch of all values, byte for byte.
func TestRecorderGoroutines(t *testing.T) {
	const workers, per = 8, 2000
	o := DefaultRecorderOptions()
	o.Channels, o.Counters = 2, 1
	r, err := NewRecorder(o)
	if err != nil {
		t.Fatal(err)
	}
	value := func(w, i int) float64 { return 0.5 + float64((w*per+i)*2654435761%100000)/7.0 }
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sh, err := r.Acquire()
			if err != nil {
				errs <- err
				return
			}
			defer sh.Release()
			ch := []uint32{0, 1}
			pair := make([]float64, 2)
			for i := 0; i < per; i++ {
				v := value(w, i)
				pair[0], pair[1] = v, 2*v
				if err := sh.AddMany(ch, pair); err != nil {
					errs <- err
					return
				}
				if err := sh.Count(0, 1); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	total, _ := NewSketchWithOptions(o.Sketch)
	defer total.Close()
	var count uint64
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	snap := func() {
		sk, cnt, err := r.Snapshot(true)
		if err != nil {
			t.Fatal(err)
		}
		if err := total.Merge(sk[0]); err != nil {
			t.Fatal(err)
		}
		if sk[1].Count() != sk[0].Count() {
			t.Fatal("a two-channel unit was split by a snapshot")
		}
		count += cnt[0]
		closeAll(sk)
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			snap()
		}
	}
	snap()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want, _ := NewSketchWithOptions(o.Sketch)
	defer want.Close()
	for w := 0; w < workers; w++ {
		for i := 0; i < per; i++ {
			want.Add(value(w, i))
		}
	}
	tb, _ := total.MarshalBinary()
	wb, _ := want.MarshalBinary()
	if count != workers*per || !bytes.Equal(tb, wb) {
		t.Fatalf("lost values: count %d, sketch equal %v", count, bytes.Equal(tb, wb))
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRecorderErrors(t *testing.T) {
	o := DefaultRecorderOptions()
	o.MaxShards, o.Counters = 2, 1
	r, err := NewRecorder(o)
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := r.Acquire()
	s2, _ := r.Acquire()
	_, err = r.Acquire()
	wantCode(t, err, codeERANGE)
	s1.Add(0, 10)
	s2.Add(0, 30)
	wantCode(t, s1.Add(1, 1), codeERANGE)
	wantCode(t, s1.Add(0, math.NaN()), codeENONFINITE)
	wantCode(t, s1.Count(1, 1), codeERANGE)
	wantCode(t, s1.AddMany([]uint32{0, 1}, []float64{1, 2}), codeERANGE)
	wantCode(t, s1.AddMany([]uint32{0}, []float64{1, 2}), codeELENGTH)
	if err := s1.AddMany(nil, nil); err != nil {
		t.Fatal(err)
	}
	s1.Count(0, 5)
	wantCode(t, r.Close(), codeEINVAL) // shards still held
	s2.Release()
	s2.Release()
	wantCode(t, s2.Add(0, 1), codeENULL)
	s3, err := r.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	s3.Add(0, 20)
	// cumulative snapshots into caller sketches
	sk, _ := NewSketch(0.01)
	defer sk.Close()
	cnt := make([]uint64, 1)
	for i := 0; i < 2; i++ {
		if err := r.SnapshotInto(false, []*Sketch{sk}, cnt); err != nil {
			t.Fatal(err)
		}
	}
	if sk.Count() != 3 || sk.Sum() != 60 || cnt[0] != 5 {
		t.Fatalf("snapshot count %d sum %v counter %d", sk.Count(), sk.Sum(), cnt[0])
	}
	if m := mustQ(t, sk, 0.5); math.Abs(m-20) > 0.2 {
		t.Fatalf("median %v", m)
	}
	bad, _ := NewSketch(0.02)
	defer bad.Close()
	wantCode(t, r.SnapshotInto(false, []*Sketch{bad}, nil), codeEINVAL)
	wantCode(t, r.SnapshotInto(false, []*Sketch{sk, sk}, nil), codeELENGTH)
	s1.Release()
	s3.Release()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	o.Channels = 0
	_, err = NewRecorder(o)
	wantCode(t, err, codeEINVAL)
	// a literal with zero sketch options gets the default sketch
	z, err := NewRecorder(RecorderOptions{Channels: 1, MaxShards: 1})
	if err != nil {
		t.Fatal(err)
	}
	sk2, _, err := z.Snapshot(false)
	if err != nil || sk2[0].RelativeAccuracy() != 0.01 {
		t.Fatalf("zero sketch options: %v", err)
	}
	closeAll(sk2)
	z.Close()
}

func TestRecorderAddAllocationFree(t *testing.T) {
	r, _ := NewRecorder(DefaultRecorderOptions())
	sh, _ := r.Acquire()
	ch, v := []uint32{0, 0}, []float64{1.5, 2.5}
	sh.Add(0, 1)
	if n := testing.AllocsPerRun(1000, func() { sh.Add(0, 1.25) }); n != 0 {
		t.Fatalf("Shard.Add allocates %v times", n)
	}
	if n := testing.AllocsPerRun(1000, func() { sh.AddMany(ch, v) }); n != 0 {
		t.Fatalf("Shard.AddMany allocates %v times", n)
	}
	sh.Release()
	r.Close()
}

func BenchmarkSketchAdd(b *testing.B) {
	s, _ := NewSketch(0.01)
	defer s.Close()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.Add(float64(i&1023) + 0.5)
	}
}

func BenchmarkShardAdd(b *testing.B) {
	r, _ := NewRecorder(DefaultRecorderOptions())
	sh, _ := r.Acquire()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sh.Add(0, float64(i&1023)+0.5)
	}
	sh.Release()
	r.Close()
}
