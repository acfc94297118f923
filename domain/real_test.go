package domain

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// realDir holds published filings encoded as jixiao/filing@1, each with a
// sidecar <name>.published.json; see testdata/real/README.md.
const realDir = "../testdata/real"

// realPublished is a sidecar: where a filing comes from and the figures the
// unit printed, as printed.
type realPublished struct {
	SourceURL string `json:"source_url"`
	// Source describes the source when the stored copy has no address.
	Source    string `json:"source"`
	Title     string `json:"title"`
	Retrieved string `json:"retrieved"`
	Province  string `json:"province"`
	// Scope is "unit" (附件2 is compared) or "projects" (附件3 number Table).
	Scope     string `json:"scope"`
	Table     int    `json:"table"`
	Published struct {
		ExecutionRate  *string           `json:"execution_rate"`
		ExecutionScore *string           `json:"execution_score"`
		Level1         map[string]string `json:"level1"`
		Total          *string           `json:"total"`
		Grade          *string           `json:"grade"`
	} `json:"published"`
	// QuantitativeRows is how many rows of the table jixiao must read as
	// quantitative: it pins the target wordings the filing uses.
	QuantitativeRows int `json:"quantitative_rows"`
	// ExpectFindings are finding codes Check must report: the unit's own
	// errors that jixiao catches.
	ExpectFindings []string `json:"expect_findings"`
	// SkipTotal names the missing feature when the table's total and
	// subtotals cannot be compared yet (execution or level weights other
	// than the default).
	SkipTotal string `json:"skip_total"`
	// Skip names, per published field or row ("indicators[NAME].score"),
	// why it is not compared: a missing feature (a 执行率 based on 年初预算数)
	// or a figure cut off in the stored copy.
	Skip          map[string]string  `json:"skip"`
	Disagreements []realDisagreement `json:"disagreements"`
	Notes         string             `json:"notes"`
}

// realDisagreement is a published figure jixiao deliberately does not
// reproduce because the unit got it wrong; Reason holds the hand calculation.
type realDisagreement struct {
	Field     string `json:"field"`
	Published string `json:"published"`
	Computed  string `json:"computed"`
	Reason    string `json:"reason"`
}

func realSidecars(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(realDir, "*.published.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no *.published.json in %s", realDir)
	}
	return names
}

func loadReal(t *testing.T, sidecar string) (*Filing, realPublished) {
	t.Helper()
	var p realPublished
	data, err := os.ReadFile(sidecar)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s: %v", sidecar, err)
	}
	raw, err := os.ReadFile(strings.TrimSuffix(sidecar, ".published.json") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(raw)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return f, p
}

// sameFigure compares a printed figure ("100.00%", "0", "94.87") with a
// computed one; blank equals only blank.
func sameFigure(published, computed string) bool {
	p := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(published), "%"))
	c := strings.TrimSpace(computed)
	if p == "" || c == "" {
		return p == c
	}
	pd, perr := decimal.NewFromString(p)
	cd, cerr := decimal.NewFromString(c)
	if perr != nil || cerr != nil {
		return p == c
	}
	return pd.Equal(cd)
}

// TestRealFilings scores every published filing in testdata/real and
// compares jixiao's figures with the printed ones: each difference must be
// a named disagreement, and each named disagreement must still be one.
func TestRealFilings(t *testing.T) {
	for _, sidecar := range realSidecars(t) {
		name := strings.TrimSuffix(filepath.Base(sidecar), ".published.json")
		t.Run(name, func(t *testing.T) {
			f, p := loadReal(t, sidecar)
			sc := Score(f, DefaultRules())
			var ts TableScore
			var rows []Indicator
			switch p.Scope {
			case "unit":
				ts, rows = sc.Overall, f.Overall.Indicators
			case "projects":
				if p.Table < 0 || p.Table >= len(sc.Projects) {
					t.Fatalf("table %d: the filing has %d 附件3 tables", p.Table, len(sc.Projects))
				}
				ts, rows = sc.Projects[p.Table], f.Projects[p.Table].Indicators
			default:
				t.Fatalf("scope %q, want unit or projects", p.Scope)
			}

			type figure struct {
				field               string
				published, computed *string
				total               bool
			}
			rate := ""
			if ts.Rate.IsSet() {
				rate = ts.Rate.Fixed2()
			}
			execScore, total := ts.ExecutionScore.StringFixed(2), ts.Total.StringFixed(2)
			figures := []figure{
				{"execution_rate", p.Published.ExecutionRate, &rate, false},
				{"execution_score", p.Published.ExecutionScore, &execScore, false},
				{"total", p.Published.Total, &total, true},
				{"grade", p.Published.Grade, &ts.Grade, true},
			}
			for l1, v := range p.Published.Level1 {
				v := v
				s := ts.Level(l1).Score.StringFixed(2)
				figures = append(figures, figure{"level1." + l1, &v, &s, true})
			}
			named := map[string]realDisagreement{}
			for _, d := range p.Disagreements {
				if d.Reason == "" {
					t.Errorf("disagreement %s has no reason", d.Field)
				}
				named[d.Field] = d
			}
			seen := map[string]bool{}
			for _, fg := range figures {
				if fg.published == nil {
					continue
				}
				seen[fg.field] = true
				t.Run(fg.field, func(t *testing.T) {
					if reason := p.Skip[fg.field]; reason != "" {
						t.Skip(reason)
					}
					if fg.total && p.SkipTotal != "" {
						t.Skip(p.SkipTotal)
					}
					d, isNamed := named[fg.field]
					agree := sameFigure(*fg.published, *fg.computed)
					switch {
					case agree && isNamed:
						t.Errorf("published %q and computed %q agree, but the sidecar names a disagreement", *fg.published, *fg.computed)
					case !agree && !isNamed:
						t.Errorf("published %q, jixiao computes %q: fix the engine or name the disagreement", *fg.published, *fg.computed)
					case !agree && (d.Published != *fg.published || !sameFigure(d.Computed, *fg.computed)):
						t.Errorf("disagreement records %q / %q, but published is %q and jixiao computes %q", d.Published, d.Computed, *fg.published, *fg.computed)
					}
				})
			}

			quantitative := 0
			for i, rs := range ts.Rows {
				row := rows[i]
				unreadable := rs.TargetErr != nil && strings.TrimSpace(row.Target) != "" ||
					rs.ActualErr != nil && strings.TrimSpace(row.Actual) != ""
				if unreadable {
					t.Errorf("row %s: target %q / actual %q unreadable: %v %v", row.Name, row.Target, row.Actual, rs.TargetErr, rs.ActualErr)
				}
				if !rs.Target.Quantitative {
					continue
				}
				quantitative++
				if rs.UnitMismatch {
					t.Errorf("row %s: units of %q and %q differ", row.Name, row.Target, row.Actual)
				}
				field := "indicators[" + row.Name + "].score"
				seen[field] = true
				if reason := p.Skip[field]; reason != "" {
					t.Logf("row %s not compared: %s", row.Name, reason)
					continue
				}
				filed, suggested := row.Score.Text(), rs.Suggested.Text()
				d, isNamed := named[field]
				switch agree := sameFigure(filed, suggested); {
				case !agree && !isNamed:
					t.Errorf("row %s (%s → %s): filed %q, jixiao suggests %q", row.Name, row.Target, row.Actual, filed, suggested)
				case agree && isNamed:
					t.Errorf("row %s: filed %q and suggested %q agree, but the sidecar names a disagreement", row.Name, filed, suggested)
				case isNamed && (d.Published != filed || !sameFigure(d.Computed, suggested)):
					t.Errorf("row %s: disagreement records %q / %q, but filed is %q and jixiao suggests %q", row.Name, d.Published, d.Computed, filed, suggested)
				}
			}
			for field := range named {
				if !seen[field] {
					t.Errorf("disagreement %s names no published figure or quantitative row", field)
				}
			}
			if quantitative != p.QuantitativeRows {
				t.Errorf("%d rows read as quantitative, want %d", quantitative, p.QuantitativeRows)
			}

			var codes []string
			for _, fd := range Check(f, DefaultRules()) {
				codes = append(codes, fd.Code)
			}
			for _, want := range p.ExpectFindings {
				if !slices.Contains(codes, want) {
					t.Errorf("Check does not report %s (the unit's own error); it reports %v", want, codes)
				}
			}
		})
	}
}

// TestRealSetDocumented keeps testdata/real complete: every filing has a
// sidecar with its source, and README.md lists it.
func TestRealSetDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(realDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	filings, err := filepath.Glob(filepath.Join(realDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	provinces := map[string]bool{}
	for _, fn := range filings {
		if strings.HasSuffix(fn, ".published.json") {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(fn), ".json")
		if !strings.Contains(string(readme), base) {
			t.Errorf("README.md does not list %s", base)
		}
		sidecar := strings.TrimSuffix(fn, ".json") + ".published.json"
		if _, err := os.Stat(sidecar); err != nil {
			t.Errorf("%s has no sidecar: %v", base, err)
			continue
		}
		_, p := loadReal(t, sidecar)
		if p.SourceURL == "" && p.Source == "" || p.Title == "" || p.Province == "" || p.Retrieved == "" {
			t.Errorf("%s: source_url (or source), title, province and retrieved are required", base)
		}
		if p.SourceURL != "" && !strings.Contains(string(readme), p.SourceURL) {
			t.Errorf("README.md does not give the source of %s", base)
		}
		provinces[p.Province] = true
	}
	if len(provinces) < 2 {
		t.Errorf("filings from %d provinces", len(provinces))
	}
}

// TestRealSplitTargetsAndSources reads the published tables encoded in the
// shapes they were printed in: 云南 and 四川 targets in the split columns
// 指标性质 / 指标值 / 度量单位, and 四川's four funding-source rows.
func TestRealSplitTargetsAndSources(t *testing.T) {
	f, _ := loadReal(t, filepath.Join(realDir, "yunnan-lijiang-gucheng-weipian-2020.published.json"))
	rows := f.Projects[0].Indicators
	for i, want := range []string{"﹦72890元", "﹦100%", "﹦100%", "≥95%", "≥95%"} {
		if rows[i].Target != want {
			t.Errorf("云南 row %d: target %q from the split columns, want %q as printed", i, rows[i].Target, want)
		}
	}
	for _, code := range []string{"indicator.split_mismatch", "indicator.comparator_invalid", "required.blank"} {
		for _, fd := range withCode(Check(f, DefaultRules()), code) {
			if strings.Contains(fd.Where.Path, "indicators") {
				t.Errorf("云南: %s", fd)
			}
		}
	}

	f, _ = loadReal(t, filepath.Join(realDir, "sichuan-daying-sifaju-anke-2023.published.json"))
	ts := Score(f, DefaultRules()).Projects[0]
	want := []string{"100.00", "", "", ""}
	if len(ts.Sources) != len(want) {
		t.Fatalf("四川 sources %+v", ts.Sources)
	}
	for i, w := range want {
		if got := ts.Sources[i].Rate.Fixed2(); got != w {
			t.Errorf("四川 source %s: 执行率 %q, want %q", ts.Sources[i].Name, got, w)
		}
	}
	if fs := withCode(Check(f, DefaultRules()), "project.sources_sum"); len(fs) != 0 {
		t.Errorf("四川 sources do not add up: %s", findingList(fs))
	}
}
