package llmmetrics

import (
	"math"
	"testing"
)

// Expected values computed with sacrebleu 2.6.0.
func TestSentenceBLEU(t *testing.T) {
	o := DefaultBLEUOptions()
	o.EffectiveOrder = true
	s, err := SentenceBLEU("It costs 1,000.50 dollars, i.e. 3-4 times more (in 2019).",
		[]string{"It costs 1,000.50 dollars , 3 - 4 times more in 2019 ."}, o)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Score-41.682189465797684) > 1e-9 || s.SysLen != 19 || s.RefLen != 13 {
		t.Fatalf("got %+v", s)
	}
	want := []float64{13, 9, 6, 4}
	for i, c := range want {
		if s.Counts[i] != c {
			t.Fatalf("counts %v, want %v", s.Counts, want)
		}
	}
}

func TestCorpusBLEUAndSignature(t *testing.T) {
	s, err := CorpusBLEU([]string{"the the the the the the the"},
		[][]string{{"the cat is on the mat"}, {"the mat"}}, DefaultBLEUOptions())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Score-7.809849842300637) > 1e-9 {
		t.Fatalf("score %v", s.Score)
	}
	if s.Signature != "nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" {
		t.Fatalf("signature %q", s.Signature)
	}
}

func TestErrors(t *testing.T) {
	if _, err := CorpusBLEU([]string{"ok", "bad \xff"}, [][]string{{"ok", "fine"}}, DefaultBLEUOptions()); err == nil {
		t.Fatal("invalid UTF-8 accepted")
	} else if e, ok := err.(*Error); !ok || e.Segment != 1 {
		t.Fatalf("error %v", err)
	}
	o := DefaultBLEUOptions()
	o.Tokenize = "ja-mecab"
	if _, err := CorpusBLEU([]string{"a"}, [][]string{{"a"}}, o); err == nil {
		t.Fatal("unknown tokenizer accepted")
	}
	if _, err := CorpusBLEU(nil, [][]string{{"a"}}, DefaultBLEUOptions()); err == nil {
		t.Fatal("empty corpus accepted")
	}
}
