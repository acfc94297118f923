package domain

import "testing"

func TestProjectFor(t *testing.T) {
	f := NewFiling("单位", 2024)
	for _, n := range []string{"2024年业务工作经费", "教育专项", "教育信息化专项", "文化", "文化站建设"} {
		f.Projects = append(f.Projects, NewProject(n))
	}
	for _, tc := range []struct {
		row  string
		want int
	}{
		{"业务工作经费", 0},  // the one table containing the name
		{"教育", -1},     // two tables contain it: neither is claimed
		{"教育信息化专项", 2}, // exact
		{"文化", 3},      // exact beats containment
		{"运行维护经费", -1}, // none
		{"  ", -1},     // blank
	} {
		if got := f.ProjectFor(tc.row); got != tc.want {
			t.Errorf("ProjectFor(%q) = %d, want %d", tc.row, got, tc.want)
		}
	}
}
