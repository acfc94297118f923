package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

func importOffice(t *testing.T, name string) (*domain.Filing, *Report) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(officeDir, name))
	if err != nil {
		t.Fatal(err)
	}
	f, rep, err := Import(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return f, rep
}

func logReport(t *testing.T, rep *Report) {
	t.Helper()
	for _, fd := range rep.Findings() {
		t.Log(fd)
	}
}

// TestSampleLayout imports the document laid out like the published sample.
func TestSampleLayout(t *testing.T) {
	for _, name := range []string{"meixi-2024-sample-layout.docx", "meixi-2024-sample-layout.xlsx"} {
		t.Run(name, func(t *testing.T) { testSampleLayout(t, name) })
	}
}

func testSampleLayout(t *testing.T, name string) {
	f, rep := importOffice(t, name)
	if testing.Verbose() {
		logReport(t, rep)
	}
	ev := domain.Evaluate(f, domain.DefaultRules())
	o := ev.Scores.Overall
	if got := domain.Round2(o.Total).StringFixed(2); got != "94.87" {
		t.Errorf("总分 %s, want 94.87", got)
	}
	if o.Grade != "优" {
		t.Errorf("等级 %s, want 优", o.Grade)
	}
	if got := o.Rate.Fixed2(); got != "48.65" {
		t.Errorf("执行率 %s, want 48.65", got)
	}
	if n := len(f.Overall.Indicators); n != 16 {
		t.Errorf("%d indicators, want 16", n)
	}
	if len(rep.Unplaced) != 0 {
		t.Errorf("the sample's own rows left cells unplaced: %+v", rep.Unplaced)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("problems: %+v", rep.Problems)
	}
	// Every figure and text of the sample, as the JSON fixture holds it.
	want := testfixture.Sample(t)
	for _, c := range domain.Diff(want, f) {
		t.Errorf("%s（%s）：应为 %q，导入得 %q", c.Label, c.Path, c.Old, c.New)
	}
	fd := f.Overall.Filed
	if fd == nil || fd.ExecutionRate.Text() != "48.65" || fd.ExecutionScore.Text() != "4.87" || fd.Total.Text() != "94.87" {
		t.Errorf("filed figures %s, want 执行率 48.65, 执行率得分 4.87, 总分 94.87", filedText(fd))
	}
	if len(f.Projects) != 0 {
		t.Errorf("the empty 附件3 template became %d tables", len(f.Projects))
	}
	// The quirks are reported, not silently absorbed.
	for _, note := range []string{
		"节标题编号为“1、”，按标题文字识别为第一节",
		"节标题编号为“4、”，按标题文字识别为第四节",
		"节标题编号为“8、”，按标题文字识别为第八节",
		"“≧100篇”中的“≧”按“≥”计分",
		"“2025.07.11”读作2025-07-11",
	} {
		if !hasNote(rep, note) {
			t.Errorf("report lacks the note %q", note)
		}
	}
	if strings.HasSuffix(name, ".docx") && !hasNote(rep, "总分行的标签是图片，按其位置（跨三级指标至实际完成值各列）识别为总分行") {
		t.Error("the picture in the 总分 label is not reported")
	}
	if !hasSkipped(rep, "附件3第1张表") {
		t.Errorf("the skipped 附件3 template is not reported: %q", rep.Skipped)
	}
}

func hasNote(rep *Report, note string) bool {
	for _, r := range rep.Reinterpreted {
		if r.Note == note {
			return true
		}
	}
	return false
}

func hasSkipped(rep *Report, prefix string) bool {
	for _, s := range rep.Skipped {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

// TestProvinceTemplates imports documents laid out like two other
// provinces' published templates and checks the figures they printed (the
// sidecars in testdata/real) and that every figure of the encoded filing
// came through.
func TestProvinceTemplates(t *testing.T) {
	cases := []struct {
		file, real         string
		rate, score, total string
		sources            int
		yuan               bool
	}{
		{file: "sichuan-qingshen-gongzi-2023.docx", real: "sichuan-qingshen-fagaiju-gongzi-2023", rate: "100.00", score: "", sources: 4},
		{file: "yunnan-lijiang-weipian-2020.docx", real: "yunnan-lijiang-gucheng-weipian-2020", rate: "100", score: "10.00", yuan: true},
		{file: "yunnan-lijiang-weipian-2020.xlsx", real: "yunnan-lijiang-gucheng-weipian-2020", rate: "100", score: "10.00", yuan: true},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			f, rep := importOffice(t, tc.file)
			if testing.Verbose() {
				logReport(t, rep)
			}
			want := realFiling(t, tc.real)
			for _, c := range domain.Diff(want, f) {
				t.Errorf("%s（%s）：应为 %q，导入得 %q", c.Label, c.Path, c.Old, c.New)
			}
			if f.Scope != domain.ScopeProjects {
				t.Errorf("scope %q, want projects", f.Scope)
			}
			if len(f.Projects) != 1 {
				t.Fatalf("%d 附件3 tables, want 1", len(f.Projects))
			}
			p := f.Projects[0]
			fd := p.Filed
			if fd == nil || fd.ExecutionRate.Text() != tc.rate || fd.ExecutionScore.Text() != tc.score || fd.Total.Text() != tc.total {
				t.Errorf("filed %s, want 执行率 %s 执行率得分 %q 总分 %q", filedText(fd), tc.rate, tc.score, tc.total)
			}
			if len(p.Funds.Sources) != tc.sources {
				t.Errorf("%d funding sources, want %d", len(p.Funds.Sources), tc.sources)
			}
			for _, r := range p.Indicators {
				if r.Comparator == "" || r.Value == "" || r.Target != r.Comparator+r.Value+r.Unit {
					t.Errorf("row %q: split target %q|%q|%q, target %q", r.Name, r.Comparator, r.Value, r.Unit, r.Target)
				}
			}
			// Scored as the encoded filing is.
			got, exp := domain.Score(f, domain.DefaultRules()).Projects[0], domain.Score(want, domain.DefaultRules()).Projects[0]
			if !got.Total.Equal(exp.Total) || got.Rate.Text() != exp.Rate.Text() {
				t.Errorf("score %s / %s, want %s / %s", got.Total, got.Rate.Text(), exp.Total, exp.Rate.Text())
			}
			if tc.yuan && !hasNote(rep, "表头注明“(元)”：金额除以10000换算为万元") {
				t.Error("the 元 table is not reported")
			}
			if len(rep.Unplaced) != 0 {
				t.Errorf("unplaced: %+v", rep.Unplaced)
			}
		})
	}
}
