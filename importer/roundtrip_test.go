package importer

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao/domain"
	"jixiao/internal/testfixture"
	"jixiao/report"
)

func exportDocx(t *testing.T, f *domain.Filing) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Docx(&buf, f, report.DocxOptions{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func exportXLSX(t *testing.T, f *domain.Filing) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.XLSX(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// printable returns f as the exported forms show it, which is all an
// import can give back: indicator rows in the official order, a blank 得分
// shown as the suggested score, the 执行率, 执行率得分 and 总分 the form
// prints kept as filed figures. Amounts keep every decimal: the workbook
// holds the exact numbers, and the Word document keeps the figures it
// prints rounded in its exact-figures part. The workbook holds no 附件4
// text, only its expenditure tables that have a figure.
func printable(f *domain.Filing, docx bool) *domain.Filing {
	g := f.Clone()
	rules := domain.DefaultRules()
	order := func(rows []domain.Indicator) {
		rank := func(r domain.Indicator) (int, int) {
			i := slices.IndexFunc(rules.Levels, func(l domain.Level1) bool { return l.Name == r.Level1 })
			if i < 0 {
				return len(rules.Levels), 0
			}
			return i, slices.Index(rules.Levels[i].Level2, r.Level2)
		}
		slices.SortStableFunc(rows, func(a, b domain.Indicator) int {
			a1, a2 := rank(a)
			b1, b2 := rank(b)
			if a1 != b1 {
				return a1 - b1
			}
			return a2 - b2
		})
	}
	// The split target columns follow the combined target, as on decode.
	derive := func(rows []domain.Indicator) {
		for i := range rows {
			if !rows[i].HasSplitTarget() {
				rows[i].SyncTarget(false)
			}
		}
	}
	order(g.Overall.Indicators)
	derive(g.Overall.Indicators)
	for i := range g.Projects {
		order(g.Projects[i].Indicators)
		derive(g.Projects[i].Indicators)
	}
	sc := domain.Score(g, rules)
	fill := func(rows []domain.Indicator, ts domain.TableScore) *domain.Filed {
		for i := range rows {
			if !rows[i].Score.IsSet() {
				rows[i].Score = ts.Rows[i].Suggested
			}
		}
		return &domain.Filed{ExecutionRate: ts.Rate, ExecutionScore: domain.Dec(domain.Round2(ts.ExecutionScore)), Total: domain.Dec(domain.Round2(ts.Total))}
	}
	g.Overall.Filed = fill(g.Overall.Indicators, sc.Overall)
	for i := range g.Projects {
		g.Projects[i].Filed = fill(g.Projects[i].Indicators, sc.Projects[i])
	}
	if g.ProjectsOnly() {
		// Only the 附件3 tables are printed.
		g.BasicData, g.Overall, g.Report = domain.BasicData{}, domain.Overall{}, domain.Report{}
		return g
	}
	if !docx {
		keep := func(a domain.Amount) domain.Amount {
			if a.IsZero() {
				return domain.Blank
			}
			return a
		}
		r := g.Report
		g.Report = domain.Report{GovernmentFundSpending: keep(r.GovernmentFundSpending),
			StateCapitalSpending: keep(r.StateCapitalSpending), SocialInsuranceSpending: keep(r.SocialInsuranceSpending)}
	}
	return g
}

// sameFiled compares the filed figures of two tables value for value.
func sameFiled(a, b *domain.Filed) bool {
	if a.IsEmpty() || b.IsEmpty() {
		return a.IsEmpty() == b.IsEmpty()
	}
	if !a.ExecutionRate.Equal(b.ExecutionRate) || !a.ExecutionScore.Equal(b.ExecutionScore) || !a.Total.Equal(b.Total) || a.Grade != b.Grade || len(a.Level1) != len(b.Level1) {
		return false
	}
	for i := range a.Level1 {
		if a.Level1[i].Name != b.Level1[i].Name || !a.Level1[i].Score.Equal(b.Level1[i].Score) {
			return false
		}
	}
	return true
}

func filedText(fd *domain.Filed) string {
	if fd == nil {
		return "nil"
	}
	return fmt.Sprintf("{执行率 %s 执行率得分 %s 总分 %s 等级 %q}", fd.ExecutionRate.Text(), fd.ExecutionScore.Text(), fd.Total.Text(), fd.Grade)
}

// assertSame fails on every field in which got differs from want.
func assertSame(t *testing.T, want, got *domain.Filing) {
	t.Helper()
	for _, c := range domain.Diff(want, got) {
		t.Errorf("%s（%s）：应为 %q，导入得 %q", c.Label, c.Path, c.Old, c.New)
	}
	if want.Scope != got.Scope {
		t.Errorf("scope: want %q, got %q", want.Scope, got.Scope)
	}
	if !sameFiled(want.Overall.Filed, got.Overall.Filed) {
		t.Errorf("附件2 filed: want %s, got %s", filedText(want.Overall.Filed), filedText(got.Overall.Filed))
	}
	if len(want.Projects) != len(got.Projects) {
		t.Fatalf("附件3: want %d tables, got %d", len(want.Projects), len(got.Projects))
	}
	for i := range want.Projects {
		if !sameFiled(want.Projects[i].Filed, got.Projects[i].Filed) {
			t.Errorf("附件3 %d filed: want %s, got %s", i+1, filedText(want.Projects[i].Filed), filedText(got.Projects[i].Filed))
		}
	}
}

// withFineAmounts gives f amounts with three to six decimals in every form
// the Word export prints rounded: 附件1 rows (one a 项目支出 group's), 附件2
// funds and income, each 附件3 table's funds and an indicator's 得分.
func withFineAmounts(f *domain.Filing) *domain.Filing {
	add := func(a *domain.Amount, d string) {
		*a = domain.Dec(a.Decimal().Add(decimal.RequireFromString(d)))
	}
	b := &f.BasicData
	add(&b.Sangong.Reception.Final, "0.005")
	add(&b.PublicSpending.Office.Budget, "0.123456")
	if len(b.ProjectSpending.DistrictSpecial) > 0 {
		add(&b.ProjectSpending.DistrictSpecial[0].Budget, "0.0005")
	}
	add(&f.Overall.Funds.Executed, "0.1234")
	add(&f.Overall.Income.GeneralBudget, "0.005")
	for i := range f.Projects {
		p := &f.Projects[i]
		places := 3 + i%4
		d := decimal.New(int64(1+i%9), int32(-places)).String()
		add(&p.Funds.CurrentYear.Executed, d)
		add(&p.Funds.Total.Executed, d)
		add(&p.Funds.Carryover.FullYearBudget, "0.015")
		add(&p.Funds.Total.FullYearBudget, "0.015")
		if len(p.Indicators) > 0 && p.Indicators[0].Weight.IsSet() {
			p.Indicators[0].Score = domain.Dec(p.Indicators[0].Weight.Decimal().Sub(decimal.New(125+int64(i%7), -3)))
		}
	}
	return f
}

// TestRoundTrip exports synthetic filings of up to 60 附件3 tables to Word
// and Excel with jixiao's own writers and imports them again.
func TestRoundTrip(t *testing.T) {
	sizes := []struct {
		projects, rows int
		scope          string
	}{{1, 3, ""}, {3, 7, ""}, {9, 12, ""}, {60, 4, ""}, {4, 5, domain.ScopeProjects}}
	for _, sz := range sizes {
		f := withFineAmounts(testfixture.SyntheticFiling(sz.projects, sz.rows))
		f.Scope = sz.scope
		for _, kind := range []string{"docx", "xlsx"} {
			t.Run(fmt.Sprintf("%s/%d×%d%s", kind, sz.projects, sz.rows, sz.scope), func(t *testing.T) {
				want := printable(f, kind == "docx")
				var got *domain.Filing
				var rep *Report
				var err error
				if kind == "docx" {
					got, rep, err = Docx(exportDocx(t, want))
				} else {
					got, rep, err = XLSX(exportXLSX(t, want))
				}
				if err != nil {
					t.Fatal(err)
				}
				assertSame(t, want, got)
				if kind == "docx" {
					// Every 附件3 table has a figure printed rounded.
					if len(rep.Exact) < sz.projects {
						t.Errorf("%d exact figures used for %d 附件3 tables", len(rep.Exact), sz.projects)
					}
					for _, x := range rep.Exact {
						if !x.Used {
							t.Errorf("exact figure not used: %+v", x)
						}
					}
				} else if len(rep.Exact) > 0 {
					t.Errorf("a workbook has no exact-figures part, yet %+v", rep.Exact)
				}
				for _, u := range rep.Unplaced {
					t.Errorf("unplaced cell: %+v", u)
				}
				for _, p := range rep.Problems {
					if kind == "xlsx" && p.Row == "" && p.Table == "文档" && strings.Contains(p.Message, "附件4") {
						continue // the workbook has no 附件4
					}
					t.Errorf("problem: %+v", p)
				}
			})
		}
	}
}

// TestSampleRoundTrip exports the sample filing and imports it again.
func TestSampleRoundTrip(t *testing.T) {
	roundTripBoth(t, testfixture.Sample(t))
}

// roundTripBoth exports f to Word and to Excel and imports each back,
// failing on any difference from what the export printed.
func roundTripBoth(t *testing.T, f *domain.Filing) {
	t.Helper()
	for _, kind := range []string{"docx", "xlsx"} {
		t.Run(kind, func(t *testing.T) {
			want := printable(f, kind == "docx")
			var got *domain.Filing
			var err error
			if kind == "docx" {
				got, _, err = Docx(exportDocx(t, want))
			} else {
				got, _, err = XLSX(exportXLSX(t, want))
			}
			if err != nil {
				t.Fatal(err)
			}
			assertSame(t, want, got)
		})
	}
}

// TestFiledNotesRoundTrip: figures a unit filed that differ from jixiao's
// are printed as notes under the form, and read back from them.
func TestFiledNotesRoundTrip(t *testing.T) {
	f := printable(testfixture.SyntheticFiling(2, 6), true)
	f.Overall.Filed = &domain.Filed{
		ExecutionRate: testfixture.Amount("50"), ExecutionScore: testfixture.Amount("5"),
		Level1: []domain.FiledLevel1{{Name: "产出指标", Score: testfixture.Amount("45")}},
		Total:  testfixture.Amount("90"), Grade: "良",
	}
	f.Projects[1].Filed = &domain.Filed{ExecutionRate: f.Projects[1].Filed.ExecutionRate, ExecutionScore: testfixture.Amount("6"), Total: f.Projects[1].Filed.Total}
	for _, kind := range []string{"docx", "xlsx"} {
		var got *domain.Filing
		var err error
		if kind == "docx" {
			got, _, err = Docx(exportDocx(t, f))
		} else {
			got, _, err = XLSX(exportXLSX(t, f))
		}
		if err != nil {
			t.Fatal(err)
		}
		if !sameFiled(f.Overall.Filed, got.Overall.Filed) {
			t.Errorf("%s 附件2 filed: want %s, got %s", kind, filedText(f.Overall.Filed), filedText(got.Overall.Filed))
		}
		if fl := got.Overall.Filed; fl == nil || len(fl.Level1) != 1 || fl.Level1[0].Name != "产出指标" || fl.Level1[0].Score.Text() != "45" {
			t.Errorf("%s 附件2 level1: %+v", kind, fl)
		}
		if !sameFiled(f.Projects[1].Filed, got.Projects[1].Filed) {
			t.Errorf("%s 附件3 filed: want %s, got %s", kind, filedText(f.Projects[1].Filed), filedText(got.Projects[1].Filed))
		}
	}
}

// TestSourcesWithoutOfficialRowsRoundTrip: a 附件3 table that breaks its
// funds down by its own sources, with the official 其中 rows blank, is
// printed without those rows and read back the same.
func TestSourcesWithoutOfficialRowsRoundTrip(t *testing.T) {
	f := testfixture.SyntheticFiling(2, 4)
	p := &f.Projects[0]
	p.Funds.CurrentYear, p.Funds.Carryover, p.Funds.Other = domain.Funds{}, domain.Funds{}, domain.Funds{}
	half := func(a domain.Amount) domain.Amount {
		return domain.Dec(a.Decimal().Div(decimal.NewFromInt(2)))
	}
	p.Funds.Sources = []domain.FundSource{
		{Name: "区级财政资金", InitialBudget: half(p.Funds.Total.InitialBudget), FullYearBudget: half(p.Funds.Total.FullYearBudget), Executed: half(p.Funds.Total.Executed)},
		{Name: "上级补助资金", InitialBudget: half(p.Funds.Total.InitialBudget), FullYearBudget: half(p.Funds.Total.FullYearBudget), Executed: half(p.Funds.Total.Executed)},
	}
	roundTripBoth(t, f)
}

// TestSourcesBelowOfficialRowsRoundTrip: with the official 其中 rows filled
// in too, the sources jixiao printed below them are read back as sources
// and the official rows as the official rows.
func TestSourcesBelowOfficialRowsRoundTrip(t *testing.T) {
	f := testfixture.SyntheticFiling(2, 4)
	p := &f.Projects[0]
	p.Funds.CurrentYear, p.Funds.Carryover, p.Funds.Other = p.Funds.Total, domain.Funds{}, domain.Funds{}
	p.Funds.Sources = []domain.FundSource{
		{Name: "区级财政资金", InitialBudget: p.Funds.Total.InitialBudget, FullYearBudget: p.Funds.Total.FullYearBudget, Executed: p.Funds.Total.Executed},
	}
	roundTripBoth(t, f)
}
