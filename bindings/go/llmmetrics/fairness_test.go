package llmmetrics

import (
	"math"
	"testing"
)

// fairness.jsonl "int_groups_3" (fairlearn 0.15), as in tests/unit/test_fair.c.
var (
	fairT = []int32{1, 1, 0, 0, 1, 0, 1, 0, 1}
	fairP = []int32{1, 0, 0, 1, 1, 0, 1, 1, 0}
	fairG = []int32{0, 0, 0, 1, 1, 1, 2, 2, 2}
)

func TestFairnessIntGroups(t *testing.T) {
	f, err := NewFairness()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.Result()
	wantCode(t, err, codeEEMPTY)
	if err := f.Update(fairT, fairP, fairG, nil); err != nil {
		t.Fatal(err)
	}
	r, err := f.Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"dp.difference", r.DemographicParity.Difference, 0.3333333333333333},
		{"dp.ratio", r.DemographicParity.Ratio, 0.5},
		{"dp.difference_to_overall", r.DemographicParity.DifferenceToOverall, 0.22222222222222227},
		{"dp.ratio_to_overall", r.DemographicParity.RatioToOverall, 0.6},
		{"eo_worst.difference", r.EqualizedOddsWorst.Difference, 1.0},
		{"eo_worst.ratio", r.EqualizedOddsWorst.Ratio, 0.0},
		{"eo_mean.difference", r.EqualizedOddsMean.Difference, 0.75},
		{"eo_mean.ratio", r.EqualizedOddsMean.Ratio, 0.25},
		{"eo_worst.difference_to_overall", r.EqualizedOddsWorst.DifferenceToOverall, 0.5},
		{"eo_mean.difference_to_overall", r.EqualizedOddsMean.DifferenceToOverall, 0.45},
		{"eo_mean.ratio_to_overall", r.EqualizedOddsMean.RatioToOverall, 0.3},
		{"eopp.difference", r.EqualOpportunity.Difference, 0.5},
		{"eopp.ratio_to_overall", r.EqualOpportunity.RatioToOverall, 0.6},
		{"disparate_impact", r.DisparateImpactRatio, 0.5},
	} {
		near(t, c.name, c.got, c.want, 1e-12)
	}
	if r.FourFifthsPass != 0 || r.NGroups != 3 {
		t.Fatalf("four-fifths %d groups %d", r.FourFifthsPass, r.NGroups)
	}
	groups, err := f.Groups()
	if err != nil || len(groups) != 3 {
		t.Fatalf("groups %v %v", groups, err)
	}
	g := groups[2]
	near(t, "g2 selection", g.SelectionRate, 0.6666666666666666, 1e-12)
	near(t, "g2 tpr", g.TPR, 0.5, 1e-12)
	near(t, "g2 fpr", g.FPR, 1.0, 1e-12)
	near(t, "g2 accuracy", g.Accuracy, 1.0/3.0, 1e-12)
	if g.Count != 3 || g.TP != 1 || g.FP != 1 || g.FN != 1 || g.TN != 0 {
		t.Fatalf("group 2 %+v", g)
	}
	_, err = f.Group(3)
	wantCode(t, err, codeERANGE)
	o, err := f.Overall()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "overall selection", o.SelectionRate, 0.5555555555555556, 1e-12)
	near(t, "overall tpr", o.TPR, 0.6, 1e-12)
	near(t, "overall fpr", o.FPR, 0.5, 1e-12)
}

// Weighted case of test_fair.c (np.dot / sum and sklearn confusion_matrix).
func TestFairnessWeightedMergeMarshal(t *testing.T) {
	yt := []int32{1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1}
	yp := []int32{1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1}
	g := []int32{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 4}
	w := []float64{0.5, 2.0, 1.0, 1.5, 0.25, 1.0, 3.0, 0.75, 2.0, 1.0, 0.0}
	a, _ := NewFairness()
	b, _ := NewFairness()
	defer a.Close()
	defer b.Close()
	// two shards, the second shipped through MarshalBinary
	if err := a.Update(yt[:5], yp[:5], g[:5], w[:5]); err != nil {
		t.Fatal(err)
	}
	if err := b.Update(yt[5:], yp[5:], g[5:], w[5:]); err != nil {
		t.Fatal(err)
	}
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c, err := UnmarshalFairness(data)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := a.Merge(c); err != nil {
		t.Fatal(err)
	}
	g4, _ := a.Group(4)
	if !math.IsNaN(g4.SelectionRate) || g4.TPR != 0 || g4.Count != 1 {
		t.Fatalf("zero-weight group %+v", g4)
	}
	if g3, _ := a.Group(3); g3.Count != 0 {
		t.Fatalf("absent group %+v", g3)
	}
	g1, _ := a.Group(1)
	near(t, "g1 selection", g1.SelectionRate, 0.8, 1e-12)
	near(t, "g1 fpr", g1.FPR, 0.5, 1e-12)
	near(t, "g1 weight", g1.Weight, 5.0, 1e-12)
	o, _ := a.Overall()
	near(t, "overall selection", o.SelectionRate, 0.46153846153846156, 1e-12)
	near(t, "overall tpr", o.TPR, 0.625, 1e-12)
	near(t, "overall fpr", o.FPR, 0.2, 1e-12)
	if o.Count != 11 {
		t.Fatalf("overall count %d", o.Count)
	}
	r, err := a.Result()
	if err != nil {
		t.Fatal(err)
	}
	if r.NGroups != 4 || r.FourFifthsPass != 0 {
		t.Fatalf("result %+v", r)
	}
	near(t, "dp.difference", r.DemographicParity.Difference, 0.8, 1e-12)
	near(t, "dp.ratio", r.DemographicParity.Ratio, 0.0, 1e-12)
	near(t, "dp.difference_to_overall", r.DemographicParity.DifferenceToOverall, 0.46153846153846156, 1e-12)
	near(t, "eo_worst.difference", r.EqualizedOddsWorst.Difference, 1.0, 1e-12)
	near(t, "eo_mean.difference", r.EqualizedOddsMean.Difference, 0.75, 1e-12)
	_, err = UnmarshalFairness(data[:len(data)-1])
	wantCode(t, err, codeEFORMAT)
}

func TestFairnessErrors(t *testing.T) {
	f, _ := NewFairness()
	yt, yp, g := []int32{1, 0, 1, 0}, []int32{0, 0, 0, 0}, []int32{0, 0, 1, 1}
	if err := f.Update(yt, yp, g, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := f.Result() // "all_pred_zero": ratios 0/0, four-fifths undefined
	if r.DemographicParity.Difference != 0 || !math.IsNaN(r.DemographicParity.Ratio) || r.FourFifthsPass != -1 {
		t.Fatalf("degenerate %+v", r)
	}
	err := f.Update(yt, yp, g, []float64{1, -1, 1, 1})
	wantCode(t, err, codeEDOMAIN)
	if err.(*Error).Segment != 1 {
		t.Fatalf("bad index %v", err)
	}
	wantCode(t, f.Update(yt, yp, g, []float64{1, math.NaN(), 1, 1}), codeENONFINITE)
	wantCode(t, f.Update(yp, yt, []int32{0, 0, -1, 0}, nil), codeERANGE)
	wantCode(t, f.Update([]int32{2}, yp[:1], g[:1], nil), codeERANGE)
	wantCode(t, f.Update(yt, yp[:3], g, nil), codeELENGTH)
	wantCode(t, f.Update(yt, yp, g, []float64{1}), codeELENGTH)
	if err := f.Update(nil, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if o, _ := f.Overall(); o.Count != 4 {
		t.Fatal("a failed update added samples")
	}
	f.Reset()
	_, err = f.Result()
	wantCode(t, err, codeEEMPTY)
	f.Close()
	wantCode(t, f.Update(yt, yp, g, nil), codeENULL)
}
