package testfixture

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/domain"
	"jixiao/internal/sample"
)

// TestSyntheticFiling: the synthetic filing has the asked shape, is
// deterministic, round-trips, has weights adding up to 100 in every table
// and no findings.
func TestSyntheticFiling(t *testing.T) {
	f := SyntheticFiling(30, 12)
	if len(f.Projects) != 30 || len(f.Overall.Indicators) != 12 || len(f.Projects[29].Indicators) != 12 {
		t.Fatalf("shape: %d projects, %d rows", len(f.Projects), len(f.Overall.Indicators))
	}
	a, _ := domain.Encode(f)
	b, _ := domain.Encode(SyntheticFiling(30, 12))
	if !bytes.Equal(a, b) {
		t.Error("SyntheticFiling is not deterministic")
	}
	if _, err := domain.Decode(a); err != nil {
		t.Errorf("the synthetic filing does not round-trip: %v", err)
	}
	sc := domain.Score(f, domain.DefaultRules())
	for _, ts := range append([]domain.TableScore{sc.Overall}, sc.Projects...) {
		if !ts.WeightTotal.Equal(decimal.NewFromInt(100)) {
			t.Errorf("%s: weights add up to %s", ts.Name, ts.WeightTotal)
		}
	}
	if fs := domain.Check(f, domain.DefaultRules()); len(fs) != 0 {
		t.Errorf("the synthetic filing has findings, first: %v", fs[0])
	}
	if small := SyntheticFiling(0, 1); len(small.Overall.Indicators) == 0 {
		t.Error("no indicator rows for rowsPer=1")
	}
}

// TestSampleAndFile: the sample decodes to 梅溪街道 2024 and SampleFile
// holds the same bytes under the sample's name.
func TestSampleAndFile(t *testing.T) {
	f := Sample(t)
	if f.Unit != sample.Unit || f.Year != sample.Year {
		t.Fatalf("sample is %q %d", f.Unit, f.Year)
	}
	p := SampleFile(t)
	data, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(data, sample.JSON()) || filepath.Base(p) != sample.FileName {
		t.Fatalf("SampleFile %s: %v", p, err)
	}
}
