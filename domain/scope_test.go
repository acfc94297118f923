package domain

import (
	"strings"
	"testing"
)

// projectsOnly is a projects-only filing with two complete 附件3 tables and
// nothing else, read back from its own document.
func projectsOnly(t *testing.T, scope string) *Filing {
	t.Helper()
	base := cleanFiling(t)
	second := base.Projects[0]
	second.Name = "农村公路养护项目"
	second.Indicators = append([]Indicator(nil), second.Indicators...)
	f := &Filing{Format: FormatID, Year: 2024, Unit: base.Unit, Scope: scope, Projects: []Project{base.Projects[0], second}}
	data, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// aboutProjects reports whether a finding concerns the 附件3 tables or the
// unit and year, the only parts a projects-only filing holds.
func aboutProjects(x Finding) bool {
	p := x.Where.Path
	return strings.HasPrefix(p, "projects.") || p == "projects" || p == "unit" || p == "year"
}

func TestScopeFindings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scope string
		// outside is whether findings outside the 附件3 tables are expected.
		outside bool
	}{
		{"projects only", ScopeProjects, false},
		{"the whole package", ScopeUnit, true},
		{"scope left out", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := projectsOnly(t, tc.scope)
			fs := Check(f, DefaultRules())
			var outside []Finding
			for _, x := range fs {
				if !aboutProjects(x) {
					outside = append(outside, x)
				}
			}
			if tc.outside && len(outside) == 0 {
				t.Errorf("the blank 附件1/2/4 drew no findings:\n%s", findingList(fs))
			}
			if !tc.outside && len(outside) > 0 {
				t.Errorf("findings outside the 附件3 tables:\n%s", findingList(outside))
			}
			if tc.outside {
				return
			}
			// The tables themselves are still checked.
			f.Projects[1].Department = ""
			f.Unit = ""
			fs = Check(f, DefaultRules())
			var dept, unit bool
			for _, x := range withCode(fs, "required.blank") {
				dept = dept || x.Where.Path == "projects.1.department"
				unit = unit || x.Where.Path == "unit"
			}
			if !dept || !unit {
				t.Errorf("a projects-only filing's blank 主管部门 or 单位 not reported:\n%s", findingList(fs))
			}
		})
	}
}

func TestScopeSignoffWrittenIsChecked(t *testing.T) {
	f := projectsOnly(t, ScopeProjects)
	f.Signoff.Phone = "12345"
	if len(withCode(Check(f, DefaultRules()), "signoff.phone")) != 1 {
		t.Error("a projects-only filing's malformed 联系电话 is not reported")
	}
}

func TestScopeNames(t *testing.T) {
	for _, tc := range []struct {
		scope         string
		valid, projOn bool
		name          string
	}{
		{"", true, false, ScopeUnitName},
		{ScopeUnit, true, false, ScopeUnitName},
		{ScopeProjects, true, true, ScopeProjectsName},
		{"Projects", false, false, ScopeUnitName},
		{"all", false, false, ScopeUnitName},
	} {
		f := &Filing{Scope: tc.scope}
		if ValidScope(tc.scope) != tc.valid || f.ProjectsOnly() != tc.projOn || f.ScopeName() != tc.name {
			t.Errorf("scope %q: valid %v, projects only %v, name %q", tc.scope, ValidScope(tc.scope), f.ProjectsOnly(), f.ScopeName())
		}
	}
}

// TestHeadline: a projects-only filing stands in lists and summaries by its
// first 附件3 table, as its score panel shows it; a whole package by 附件2.
func TestHeadline(t *testing.T) {
	f := projectsOnly(t, ScopeProjects)
	sc := Score(f, DefaultRules())
	if got, want := sc.Headline(f).Total, sc.Projects[0].Total; !got.Equal(want) || sc.Headline(f).Grade != sc.Projects[0].Grade {
		t.Errorf("projects-only headline %s %s, want the first 附件3 table's %s %s", got, sc.Headline(f).Grade, want, sc.Projects[0].Grade)
	}
	if HeadlineFunds(f) != f.Projects[0].Funds.Total {
		t.Error("projects-only headline funds are not the first 附件3 table's")
	}
	g := loadSample(t)
	gs := Score(g, DefaultRules())
	if !gs.Headline(g).Total.Equal(gs.Overall.Total) || HeadlineFunds(g) != g.Overall.Funds {
		t.Error("a whole package's headline is not 附件2")
	}
	f.Projects = nil
	if got := Score(f, DefaultRules()).Headline(f); !got.Total.IsZero() {
		t.Errorf("projects-only filing without a table: headline total %s", got.Total)
	}
}
