package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// panelLine is the panel line that starts with label.
func panelLine(m *Model, label string) string {
	for _, l := range m.wiz.panelLines(panelWidth(120)).lines {
		if strings.HasPrefix(strings.TrimSpace(l), label) {
			return strings.Join(strings.Fields(l), " ")
		}
	}
	return ""
}

// TestPanelAgainstRulesWeights is finding 8's panel: 产出 10.00/10 used to
// show the 分值 entered so far; it is now always out of the rules' weight,
// and a sum of 分值 that differs from it is marked.
func TestPanelAgainstRulesWeights(t *testing.T) {
	f := loadSample(t)
	var keep []domain.Indicator
	for _, r := range f.Overall.Indicators {
		if r.Level1 == "产出指标" {
			r.Weight, r.Score = domain.Int(10), domain.Int(10)
			keep = append(keep, r)
			break
		}
	}
	f.Overall.Indicators = keep
	m := opened(t, f, 120, 40)
	for label, want := range map[string]string{"产出": "/50", "效益": "0.00/30", "满意度": "0.00/10"} {
		if l := panelLine(m, label); !strings.HasSuffix(l, want) {
			t.Errorf("%s line %q, want …%s", label, l, want)
		}
	}
	if s := screenText(m); !strings.Contains(s, "分值合计10，应为50") {
		t.Fatalf("no weight mismatch mark:\n%s", s)
	}
	// Finding 9: a total whose weights do not add up is not graded.
	if l := panelLine(m, "等级"); !strings.HasSuffix(l, "无效") || !strings.Contains(screenText(m), "权重合计20，应为100") {
		t.Fatalf("等级 line %q:\n%s", l, screenText(m))
	}
	// At 80 columns the panel is narrower: the marks still read whole.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := checkFrame(t, m, 80, 24); !strings.Contains(s, "分值10，应为50") || !strings.Contains(s, "权重20，应为100") {
		t.Fatalf("marks at 80 columns:\n%s", s)
	}
	// The sample's weights match the rules: no mark.
	m = opened(t, loadSample(t), 120, 40)
	if s := screenText(m); strings.Contains(s, "应为") || strings.Contains(s, "无效") || !strings.HasSuffix(panelLine(m, "产出"), "/50") || !strings.HasSuffix(panelLine(m, "等级"), "优") {
		t.Fatalf("sample panel:\n%s", s)
	}
}

// Issue 16: the panel names the rule set the filing is scored under; a
// filing naming an unknown one is scored under the default and the
// wizard's findings carry the rules.unknown error.
func TestPanelNamesTheRules(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	if l := panelLine(m, "规则"); l != "规则 mof-2020" {
		t.Errorf("rules line %q", l)
	}
	f = loadSample(t)
	f.Rules = "no-such-set"
	m = opened(t, f, 120, 40)
	if l := panelLine(m, "规则"); l != "规则 mof-2020" {
		t.Errorf("rules line of an unknown set %q", l)
	}
	found := false
	for _, fd := range m.wiz.findings {
		found = found || fd.Code == "rules.unknown"
	}
	if !found {
		t.Error("no rules.unknown finding in the wizard")
	}
	if l := panelLine(m, "总分"); !strings.HasSuffix(l, "94.87") {
		t.Errorf("total line %q", l)
	}
}
