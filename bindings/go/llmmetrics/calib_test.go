package llmmetrics

import (
	"bytes"
	"math"
	"testing"
)

// calibration.jsonl "ece/binary/on_bin_edges" (torchmetrics 1.9.0), as in
// tests/unit/test_calib.c.
var (
	edgeP = []float64{0.0, 0.1, 0.2, 0.5, 0.7, 0.9, 1.0, 1.0}
	edgeY = []int32{0, 0, 1, 1, 0, 1, 1, 0}
)

func newECE(t *testing.T, nBins uint32, dtype CalibDtype) *ECE {
	t.Helper()
	o := DefaultECEOptions()
	o.NBins, o.Dtype = nBins, dtype
	e, err := NewECE(o)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

func TestECEBinaryEdges(t *testing.T) {
	if o := DefaultECEOptions(); o.NBins != 15 || o.Input != CalibInputAuto || o.Dtype != CalibF64 {
		t.Fatalf("defaults %+v", o)
	}
	e := newECE(t, 10, CalibF64)
	defer e.Close()
	if err := e.UpdateBinary(edgeP, edgeY); err != nil {
		t.Fatal(err)
	}
	r, err := e.Result()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "l1", r.L1, 0.4, 1e-12)
	near(t, "l2", r.L2, 0.4873397172404482, 1e-12)
	near(t, "max", r.Max, 0.8, 1e-12)
	if r.Count != 8 {
		t.Fatalf("count %d", r.Count)
	}
	bins, err := e.Bins()
	if err != nil || len(bins) != 11 {
		t.Fatalf("bins %v %v", bins, err)
	}
	if b := bins[10]; b.Count != 2 || b.Correct != 1 || b.Lower != 1 || b.Accuracy != 0.5 || b.MeanConfidence != 1 {
		t.Fatalf("extra bin %+v", b)
	}
	if bins[1].Count != 1 || bins[1].Lower != 0.1 || bins[3].Lower != 0.30000000000000004 {
		t.Fatalf("bins %+v", bins[:4])
	}

	// int64 targets and raw (confidence, correct) pairs give the same statistics
	y64 := make([]int64, len(edgeY))
	ok := make([]bool, len(edgeY))
	for i, y := range edgeY {
		y64[i], ok[i] = int64(y), y == 1
	}
	e64 := newECE(t, 10, CalibF64)
	defer e64.Close()
	if err := e64.UpdateBinaryInt64(edgeP, y64); err != nil {
		t.Fatal(err)
	}
	ec := newECE(t, 10, CalibF64)
	defer ec.Close()
	if err := ec.UpdateConfidence(edgeP, ok); err != nil {
		t.Fatal(err)
	}
	want, _ := e.MarshalBinary()
	for _, other := range []*ECE{e64, ec} {
		if got, _ := other.MarshalBinary(); !bytes.Equal(got, want) {
			t.Fatal("int64 / confidence update differs from UpdateBinary")
		}
	}

	f := newECE(t, 10, CalibF32)
	defer f.Close()
	f.UpdateBinary(edgeP, edgeY)
	r, _ = f.Result()
	near(t, "f32 l1", r.L1, 0.4000000059604645, 1e-7)
	near(t, "f32 l2", r.L2, 0.48733973503112793, 1e-7)
	near(t, "f32 max", r.Max, 0.800000011920929, 1e-7)
	if bins, _ := f.Bins(); bins[3].Lower != float64(float32(0.3)) {
		t.Fatalf("f32 edge %v", bins[3].Lower)
	}
}

// torchmetrics' multiclass_calibration_error docstring example (n_bins=3).
func TestECEMulticlassAndLogits(t *testing.T) {
	p := []float64{0.25, 0.20, 0.55, 0.55, 0.05, 0.40, 0.10, 0.30, 0.60, 0.90, 0.05, 0.05}
	e := newECE(t, 3, CalibF64)
	defer e.Close()
	if err := e.UpdateMulticlass(p, 3, []int32{0, 1, 2, 0}); err != nil {
		t.Fatal(err)
	}
	r, _ := e.Result()
	near(t, "l1", r.L1, 0.2000000000000001, 1e-12)
	near(t, "l2", r.L2, 0.20816659994661338, 1e-12)
	near(t, "max", r.Max, 0.23333333333333345, 1e-12)
	wantCode(t, e.UpdateMulticlass(p, 3, []int32{0, 1}), codeELENGTH)

	lg := []float64{-1.0, 0.5, 2.0, -3.0, 0.0}
	y := []int32{0, 1, 1, 0, 1}
	l := newECE(t, 5, CalibF64)
	defer l.Close()
	if err := l.UpdateBinary(lg, y); err != nil {
		t.Fatal(err)
	}
	r, _ = l.Result()
	near(t, "logit l1", r.L1, 0.26262217707356494, 1e-12)
	near(t, "logit l2", r.L2, 0.3102660132177966, 1e-12)
	near(t, "logit max", r.Max, 0.5, 1e-12)
	o := DefaultECEOptions()
	o.Input = CalibInputProbs
	pr, _ := NewECE(o)
	defer pr.Close()
	wantCode(t, pr.UpdateBinary(lg, y), codeEDOMAIN)
}

func TestECEMergeMarshalErrors(t *testing.T) {
	whole := newECE(t, 10, CalibF64)
	a := newECE(t, 10, CalibF64)
	b := newECE(t, 10, CalibF64)
	defer whole.Close()
	defer a.Close()
	defer b.Close()
	whole.UpdateBinary(edgeP, edgeY)
	a.UpdateBinary(edgeP[:3], edgeY[:3])
	b.UpdateBinary(edgeP[3:], edgeY[3:])
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c, err := UnmarshalECE(data)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := a.Merge(c); err != nil {
		t.Fatal(err)
	}
	ra, _ := a.Result()
	rw, _ := whole.Result()
	if ra != rw {
		t.Fatalf("merged %+v, whole %+v", ra, rw)
	}
	wantCode(t, a.Merge(newECE(t, 5, CalibF64)), codeEINVAL)
	_, err = UnmarshalECE(data[:len(data)-1])
	wantCode(t, err, codeEFORMAT)

	// empty: LLMM_EEMPTY with torchmetrics' empty values
	if err := a.Reset(); err != nil {
		t.Fatal(err)
	}
	r, err := a.Result()
	wantCode(t, err, codeEEMPTY)
	if !math.IsNaN(r.L1) || r.L2 != 0 || r.Max != 0 || r.Count != 0 {
		t.Fatalf("empty %+v", r)
	}
	if err := a.UpdateBinary(nil, nil); err != nil {
		t.Fatal(err)
	}
	wantCode(t, a.UpdateBinary([]float64{0.5, math.NaN()}, []int32{0, 1}), codeENONFINITE)
	wantCode(t, a.UpdateBinary([]float64{0.5, 0.5}, []int32{0, 2}), codeERANGE)
	wantCode(t, a.UpdateBinary([]float64{0.5}, []int32{0, 1}), codeELENGTH)
	o := DefaultECEOptions()
	o.NBins = 100001
	_, err = NewECE(o)
	wantCode(t, err, codeEINVAL)
	z, err := NewECE(ECEOptions{}) // zero options: the defaults (15 bins)
	if err != nil {
		t.Fatal(err)
	}
	if bins, _ := z.Bins(); len(bins) != 16 {
		t.Fatalf("zero options: %d bins", len(bins))
	}
	z.Close()
	a.Close()
	wantCode(t, a.UpdateBinary(edgeP, edgeY), codeENULL)
}
