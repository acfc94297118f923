package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/store/storetest"
)

// TestNewFilingOffersScope: the new-filing dialog offers both scopes; the
// choice is stored on the filing.
func TestNewFilingOffersScope(t *testing.T) {
	for _, tc := range []struct {
		name   string
		toggle int
		want   string
	}{
		{"the whole package by default", 0, ""},
		{"projects only", 1, domain.ScopeProjects},
		{"toggled back", 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := storetest.New()
			store.Now = fixedClock
			m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock, User: "测试"})
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			press(m, "n")
			s := screenText(m)
			if !strings.Contains(s, domain.ScopeUnitName) || !strings.Contains(s, domain.ScopeProjectsName) {
				t.Fatalf("the dialog does not offer both scopes:\n%s", s)
			}
			press(m, "某", "县", "tab", "tab")
			for range tc.toggle {
				m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			}
			if tc.toggle == 1 && !strings.Contains(screenText(m), "(•) "+domain.ScopeProjectsName) {
				t.Fatalf("the choice is not marked:\n%s", screenText(m))
			}
			press(m, "enter")
			metas, err := store.List()
			if err != nil || len(metas) != 1 {
				t.Fatalf("filings %v, %v", metas, err)
			}
			f, _, err := store.Get(metas[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if f.Scope != tc.want || f.Unit != "某县" {
				t.Errorf("created %q with scope %q, want %q", f.Unit, f.Scope, tc.want)
			}
		})
	}
}

// TestPanelShowsFiledFigures: a published figure that differs from the
// computed one is shown beside it; one that agrees is not.
func TestPanelShowsFiledFigures(t *testing.T) {
	f := loadSample(t)
	f.Overall.Filed = &domain.Filed{ExecutionScore: domain.Int(5), Total: domain.Int(95), Grade: "优"}
	m := opened(t, f, 120, 40)
	if l := panelLine(m, "总分"); l != "总分 94.87（填报 95）" {
		t.Errorf("总分 line %q", l)
	}
	s := screenText(m)
	if !strings.Contains(s, "填报 5") {
		t.Errorf("the filed 执行率得分 is not shown:\n%s", s)
	}
	if l := panelLine(m, "等级"); strings.Contains(l, "填报") {
		t.Errorf("an agreeing 等级 is marked: %q", l)
	}
	if l := panelLine(m, "执行率 "); strings.Contains(l, "填报") {
		t.Errorf("an unfiled 执行率 is marked: %q", l)
	}
}

// TestPanelFollowsProjectsScope: a projects-only filing's panel shows its
// 附件3 table, not the empty 附件2.
func TestPanelFollowsProjectsScope(t *testing.T) {
	f := domain.NewFiling("某县交通运输局", 2024)
	f.Scope = domain.ScopeProjects
	p := domain.NewProject("农村公路养护项目")
	p.Funds.Total = domain.Funds{FullYearBudget: domain.Int(287), Executed: domain.Int(171)}
	p.Filed = &domain.Filed{ExecutionScore: domain.Int(6)}
	f.Projects = []domain.Project{p}
	m := opened(t, f, 120, 40)
	s := screenText(m)
	if !strings.Contains(s, "得分（附件3）") || !strings.Contains(s, "59.58%") || strings.Contains(s, "附件2总分") {
		t.Fatalf("projects-only panel:\n%s", s)
	}
	if !strings.Contains(s, "填报 6") {
		t.Errorf("the filed 执行率得分 6 is not shown:\n%s", s)
	}
}
