package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// scopedFiling is a two-table filing whose first 附件3 table publishes
// 执行率得分 6 against 171 ÷ 287 (5.96), with the whole package's other
// attachments filled in.
func scopedFiling(scope string) *domain.Filing {
	f := testfixture.SyntheticFiling(2, 6)
	f.Scope = scope
	p := &f.Projects[0]
	p.Funds.Total.FullYearBudget = amtOf("287")
	p.Funds.Total.Executed = amtOf("171")
	p.Filed = &domain.Filed{ExecutionScore: amtOf("6")}
	return f
}

func amtOf(s string) domain.Amount {
	a, err := domain.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

const filedNote = "注：填报的执行率得分为6，按规则计算为5.96"

// unitParts are phrases only 附件1, 附件2 and 附件4 print.
var unitParts = []string{"基础数据表", "整体支出绩效自评表", "自评报告"}

// exportText renders f in each text-like export.
func exportText(t *testing.T, f *domain.Filing) map[string]string {
	t.Helper()
	out := map[string]string{}
	var b bytes.Buffer
	if err := Text(&b, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out["text"] = b.String()
	b.Reset()
	if err := CSV(&b, f, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	out["csv"] = b.String()
	b.Reset()
	if err := CSV(&b, f, CSVOptions{Summary: true}); err != nil {
		t.Fatal(err)
	}
	out["csv summary"] = b.String()
	out["docx"] = string(docxPackage(t, docxBytes(t, f, DocxOptions{}))["word/document.xml"])
	return out
}

func TestExportsFollowScope(t *testing.T) {
	for _, tc := range []struct {
		scope        string
		projectsOnly bool
	}{{domain.ScopeProjects, true}, {domain.ScopeUnit, false}, {"", false}} {
		t.Run("scope "+tc.scope, func(t *testing.T) {
			f := scopedFiling(tc.scope)
			for name, text := range exportText(t, f) {
				for _, part := range unitParts {
					if name == "csv" || name == "csv summary" {
						part = "附件2"
					}
					if got := strings.Contains(text, part); got == tc.projectsOnly {
						t.Errorf("%s export: holds %q = %v for scope %q", name, part, got, tc.scope)
					}
				}
				if !strings.Contains(text, f.Projects[1].Name) {
					t.Errorf("%s export lacks the second 附件3 table", name)
				}
			}
			var b bytes.Buffer
			if err := XLSX(&b, f); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			list := x.GetSheetList()
			for _, s := range list {
				unitSheet := s == "附件1" || s == "附件2" || strings.HasSuffix(s, "支出情况表")
				if unitSheet && tc.projectsOnly {
					t.Errorf("projects-only workbook has sheet %s: %v", s, list)
				}
			}
			if !tc.projectsOnly && list[0] != "附件1" {
				t.Errorf("whole-package workbook starts with %v", list)
			}
			b.Reset()
			if err := Markdown(&b, f); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), noReportText) != tc.projectsOnly {
				t.Errorf("Markdown for scope %q:\n%s", tc.scope, b.String())
			}
			err = Docx(&bytes.Buffer{}, f, DocxOptions{Part: DocxPartReport})
			if (err != nil) != tc.projectsOnly || err != nil && !strings.Contains(err.Error(), "不含自评报告") {
				t.Errorf("Docx report part for scope %q: %v", tc.scope, err)
			}
		})
	}
}

func TestProjectsOnlyWithoutTables(t *testing.T) {
	f := domain.NewFiling("某县交通运输局", 2024)
	f.Scope = domain.ScopeProjects
	var b bytes.Buffer
	if err := Text(&b, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "尚未填写任何项目支出绩效自评表") {
		t.Errorf("text:\n%s", b.String())
	}
	if err := XLSX(&bytes.Buffer{}, f); err != nil {
		t.Fatal(err)
	}
	docx := string(docxPackage(t, docxBytes(t, f, DocxOptions{}))["word/document.xml"])
	if !strings.Contains(docx, "尚未填写任何项目支出绩效自评表") {
		t.Error("docx lacks the note")
	}
}

func TestFiledFigureNotes(t *testing.T) {
	f := scopedFiling(domain.ScopeUnit)
	f.Overall.Filed = &domain.Filed{Total: amtOf("95"), Grade: "优"}
	sc := domain.Score(f, domain.DefaultRules())
	total := domain.Round2(sc.Overall.Total).StringFixed(2)
	overallNote := "注：填报的总分为95，按规则计算为" + total
	for name, text := range exportText(t, f) {
		if strings.HasPrefix(name, "csv") {
			continue
		}
		if !strings.Contains(text, filedNote) || !strings.Contains(text, overallNote) {
			t.Errorf("%s export lacks the notes %q and %q", name, filedNote, overallNote)
		}
		// The form shows the computed 执行率得分.
		if !strings.Contains(text, "5.96") {
			t.Errorf("%s export lacks the computed 5.96", name)
		}
	}
	var b bytes.Buffer
	if err := XLSX(&b, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("附件3-1 " + f.Projects[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || strings.Contains(strings.Join(r, ""), filedNote)
	}
	if !found {
		t.Errorf("the 附件3-1 sheet lacks %q", filedNote)
	}
	// Without filed figures there is no note.
	var plain bytes.Buffer
	if err := Text(&plain, testfixture.SyntheticFiling(2, 6), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "注：填报的") {
		t.Error("a filing without filed figures prints a note")
	}
}
