package llmmetrics

import (
	"bytes"
	"testing"
)

// int64 columns (UpdateInt64) give the same statistics, byte for byte, as the int32
// ones, over more than two of the library's staging blocks; a bad value is reported
// at its index and adds nothing.
func TestInt64Columns(t *testing.T) {
	const n = 40000
	t32, p32, g32 := make([]int32, n), make([]int32, n), make([]int32, n)
	t64, p64, g64 := make([]int64, n), make([]int64, n), make([]int64, n)
	w := make([]float64, n)
	s := uint64(88172645463325252)
	for i := 0; i < n; i++ {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		t32[i], p32[i], g32[i] = int32(s&1), int32(s>>1&1), int32(s>>8%5)
		t64[i], p64[i], g64[i] = int64(t32[i]), int64(p32[i]), int64(g32[i])
		w[i] = float64(s>>40) / (1 << 24)
	}

	fa, _ := NewFairness()
	fb, _ := NewFairness()
	defer fa.Close()
	defer fb.Close()
	if err := fa.Update(t32, p32, g32, w); err != nil {
		t.Fatal(err)
	}
	if err := fb.UpdateInt64(t64, p64, g64, w); err != nil {
		t.Fatal(err)
	}
	ba, _ := fa.MarshalBinary()
	bb, _ := fb.MarshalBinary()
	if !bytes.Equal(ba, bb) {
		t.Fatal("fairness: int64 statistics differ from int32 ones")
	}
	g64[30000] = 1 << 32 // low 32 bits a valid id: still out of range
	err := fb.UpdateInt64(t64, p64, g64, nil)
	wantCode(t, err, codeERANGE)
	if e, ok := err.(*Error); !ok || e.Segment != 30000 {
		t.Fatalf("fairness: error %v, want index 30000", err)
	}
	if bb2, _ := fb.MarshalBinary(); !bytes.Equal(bb, bb2) {
		t.Fatal("fairness: a failed update changed the statistics")
	}

	ca, _ := NewConfusionMatrix(2)
	cb, _ := NewConfusionMatrix(2)
	defer ca.Close()
	defer cb.Close()
	if err := ca.Update(t32, p32); err != nil {
		t.Fatal(err)
	}
	if err := cb.UpdateInt64(t64, p64, nil); err != nil {
		t.Fatal(err)
	}
	ma, _ := ca.MarshalBinary()
	mb, _ := cb.MarshalBinary()
	if !bytes.Equal(ma, mb) {
		t.Fatal("confusion: int64 statistics differ from int32 ones")
	}
	p64[17] = 2
	wantCode(t, cb.UpdateInt64(t64, p64, w), codeERANGE)
}
