package llmmetrics

import (
	"bytes"
	"math"
	"testing"
)

func newMatrix(t *testing.T, k int, yt, yp []int32) *ConfusionMatrix {
	t.Helper()
	m, err := NewConfusionMatrix(k)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Update(yt, yp); err != nil {
		t.Fatal(err)
	}
	return m
}

func checkPRF(t *testing.T, m *ConfusionMatrix, avg Average, pos int64, zd float64, p, r, f float64) {
	t.Helper()
	got, err := m.PRF(PRFOptions{Average: avg, PosLabel: pos, ZeroDivision: zd})
	if err != nil {
		t.Fatal(err)
	}
	if math.IsNaN(p) {
		if !math.IsNaN(got.Precision) || !math.IsNaN(got.Recall) || !math.IsNaN(got.F1) {
			t.Fatalf("avg %d: got %+v, want NaN", avg, got)
		}
		return
	}
	near(t, "precision", got.Precision, p, 1e-12)
	near(t, "recall", got.Recall, r, 1e-12)
	near(t, "f1", got.F1, f, 1e-12)
}

// scikit-learn 1.2.1 values, as in tests/unit/test_class.c.
func TestConfusionMulticlass(t *testing.T) {
	if o := DefaultPRFOptions(); o.Average != AverageBinary || o.PosLabel != 1 || o.ZeroDivision != 0 {
		t.Fatalf("defaults %+v", o)
	}
	m := newMatrix(t, 3, []int32{0, 1, 2, 2, 1, 0, 2, 1}, []int32{0, 2, 2, 2, 1, 1, 0, 1})
	defer m.Close()
	if acc, err := m.Accuracy(); err != nil || acc != 0.625 {
		t.Fatalf("accuracy %v %v", acc, err)
	}
	checkPRF(t, m, AverageMicro, 1, 0, 0.625, 0.625, 0.625)
	checkPRF(t, m, AverageMacro, 1, 0, 0.611111111111111, 0.611111111111111, 0.611111111111111)
	checkPRF(t, m, AverageWeighted, 1, 0, 0.625, 0.625, 0.625)
	_, err := m.PRF(DefaultPRFOptions()) // "Target is multiclass but average='binary'"
	wantCode(t, err, codeEDOMAIN)
	if c, err := m.Count(2, 0); err != nil || c != 1 {
		t.Fatalf("count %v %v", c, err)
	}
	all, err := m.Matrix()
	if err != nil {
		t.Fatal(err)
	}
	want := []uint64{1, 1, 0, 0, 2, 1, 1, 0, 2}
	for i := range want {
		if all[i] != want[i] {
			t.Fatalf("matrix %v, want %v", all, want)
		}
	}
	if m.Total() != 8 || m.NClasses() != 3 {
		t.Fatalf("total %d K %d", m.Total(), m.NClasses())
	}
	// class 1: tp 2, predicted 3, true 3
	if l, err := m.PRFLabel(1, 0); err != nil || math.Abs(l.Precision-2.0/3) > 1e-15 || l.Support != 3 {
		t.Fatalf("label 1 %+v %v", l, err)
	}
}

func TestConfusionBinaryZeroDivision(t *testing.T) {
	m := newMatrix(t, 2, []int32{1, 0, 1, 1, 0, 0, 1}, []int32{1, 1, 0, 1, 0, 0, 1})
	defer m.Close()
	checkPRF(t, m, AverageBinary, 1, 0, 0.75, 0.75, 0.75)
	checkPRF(t, m, AverageBinary, 0, 0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
	// stats.jsonl "prf/no_true_positive_zd1"
	z := newMatrix(t, 2, []int32{0, 0, 0}, []int32{0, 1, 0})
	defer z.Close()
	checkPRF(t, z, AverageBinary, 1, 1, 0.0, 1.0, 0.0)
	checkPRF(t, z, AverageMacro, 1, 1, 0.5, 0.8333333333333333, 0.4)
	checkPRF(t, z, AverageWeighted, 1, 1, 1.0, 0.6666666666666666, 0.8000000000000002)
	// "prf/empty": accuracy NaN, macro NaN
	e, _ := NewConfusionMatrix(3)
	defer e.Close()
	if acc, _ := e.Accuracy(); !math.IsNaN(acc) {
		t.Fatalf("empty accuracy %v", acc)
	}
	checkPRF(t, e, AverageMacro, 1, 0, math.NaN(), 0, 0)
	checkPRF(t, e, AverageWeighted, 1, 1, 1, 1, 1)
}

func TestConfusionMergeMarshalErrors(t *testing.T) {
	yt, yp := []int32{0, 1, 2, 2, 1, 0, 2, 1}, []int32{0, 2, 2, 2, 1, 1, 0, 1}
	whole := newMatrix(t, 3, yt, yp)
	a := newMatrix(t, 3, yt[:3], yp[:3])
	b := newMatrix(t, 3, yt[3:], yp[3:])
	defer whole.Close()
	defer a.Close()
	defer b.Close()
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c, err := UnmarshalConfusionMatrix(data)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := a.Merge(c); err != nil {
		t.Fatal(err)
	}
	wa, _ := a.MarshalBinary()
	ww, _ := whole.MarshalBinary()
	if !bytes.Equal(wa, ww) {
		t.Fatal("merged shards differ from the whole")
	}
	k2, _ := NewConfusionMatrix(2)
	defer k2.Close()
	wantCode(t, a.Merge(k2), codeEINVAL)
	_, err = UnmarshalConfusionMatrix(data[:5])
	if err == nil {
		t.Fatal("truncated data accepted")
	}
	// weighted: accuracy by weight (sklearn sample_weight)
	w, _ := NewConfusionMatrix(2)
	defer w.Close()
	if err := w.UpdateWeighted([]int32{1, 0, 1}, []int32{1, 1, 0}, []float64{2, 0.5, 1.5}); err != nil {
		t.Fatal(err)
	}
	if acc, _ := w.Accuracy(); acc != 0.5 {
		t.Fatalf("weighted accuracy %v", acc)
	}
	wantCode(t, w.UpdateWeighted([]int32{1}, []int32{1}, []float64{math.Inf(1)}), codeENONFINITE)
	err = whole.Update([]int32{0, 3}, []int32{0, 0})
	wantCode(t, err, codeERANGE)
	if err.(*Error).Segment != 1 || whole.Total() != 8 {
		t.Fatalf("bad label: %v, total %d", err, whole.Total())
	}
	wantCode(t, whole.Update([]int32{0}, nil), codeELENGTH)
	_, err = NewConfusionMatrix(0)
	wantCode(t, err, codeEINVAL)
	_, err = NewConfusionMatrix(5000)
	wantCode(t, err, codeEINVAL)
	if err := whole.Reset(); err != nil || whole.Total() != 0 {
		t.Fatal("reset")
	}
	whole.Close()
	wantCode(t, whole.Update([]int32{0}, []int32{0}), codeENULL)
	if whole.NClasses() != 0 {
		t.Fatal("closed K")
	}
}
