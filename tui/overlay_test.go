package tui

import (
	"strings"
	"testing"
)

// TestHelpFitsSmallWindow: at 80×24 the full help shows every key group,
// the last ones included, within the window, scrolled with PgDn.
func TestHelpFitsSmallWindow(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "f1")
	s := checkFrame(t, m, 80, 24)
	for range 30 {
		press(m, "pgdown")
		s += checkFrame(t, m, 80, 24)
	}
	for _, want := range []string{"全部按键", "下一项", "插入一行", "问题清单", "编辑单元格", "导出JSON", "上一个"} {
		if !strings.Contains(s, want) {
			t.Errorf("help at 80×24 lacks %q:\n%s", want, s)
		}
	}
}

// TestFindingsShowWholeMessage: the findings list truncates each line to
// the form's width, and shows the selected finding's whole message below.
func TestFindingsShowWholeMessage(t *testing.T) {
	m := opened(t, loadSample(t), 80, 24)
	press(m, "f2")
	for i := 0; i < len(m.wiz.findings); i++ {
		if m.wiz.findings[m.wiz.finds.sel].Code == "cross.missing_project_table" {
			break
		}
		press(m, "down")
	}
	s := checkFrame(t, m, 80, 24)
	joined := strings.NewReplacer("\n", "", " ", "", "│", "").Replace(s)
	if !strings.Contains(joined, "但没有对应的附件3项目支出绩效自评表") {
		t.Fatalf("the selected finding's whole message is not shown:\n%s", s)
	}
}
