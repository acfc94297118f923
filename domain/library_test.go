package domain

import (
	"slices"
	"testing"
)

func TestIndicatorLibrary(t *testing.T) {
	lib := IndicatorLibrary()
	if len(lib) < 70 {
		t.Errorf("library has %d entries, want the sample's 16 plus about 60", len(lib))
	}
	r := DefaultRules()
	seen := map[string]bool{}
	perLevel2 := map[string]int{}
	for _, e := range lib {
		key := e.Level2 + "/" + e.Name
		if seen[key] {
			t.Errorf("duplicate entry %s", key)
		}
		seen[key] = true
		perLevel2[e.Level2]++
		l1, ok := r.LevelOf(e.Level2)
		if !ok || l1.Name != e.Level1 {
			t.Errorf("%s: 二级指标 %q is not under 一级指标 %q", e.Name, e.Level2, e.Level1)
		}
		tg, err := ParseTarget(e.TargetTemplate)
		if err != nil {
			t.Errorf("%s: template %q: %v", e.Name, e.TargetTemplate, err)
			continue
		}
		if tg.Quantitative == e.Qualitative {
			t.Errorf("%s: template %q quantitative=%v but Qualitative=%v", e.Name, e.TargetTemplate, tg.Quantitative, e.Qualitative)
		}
		if tg.Quantitative && tg.Value.Sign() <= 0 {
			t.Errorf("%s: template %q has a zero target, which trips indicator.target_zero", e.Name, e.TargetTemplate)
		}
	}
	for _, l := range r.Levels {
		for _, n := range l.Level2 {
			if perLevel2[n] < 3 {
				t.Errorf("二级指标 %s has %d entries, want at least 3", n, perLevel2[n])
			}
		}
	}
	// The sample's 16 indicators are all offered, with its targets.
	for _, in := range loadSample(t).Overall.Indicators {
		i := slices.IndexFunc(lib, func(e LibraryEntry) bool { return e.Name == in.Name && e.Level2 == in.Level2 })
		if i < 0 {
			t.Errorf("sample indicator %q missing", in.Name)
			continue
		}
		a, _ := ParseTarget(in.Target)
		b, _ := ParseTarget(lib[i].TargetTemplate)
		if a.Quantitative != b.Quantitative || a.Cmp != b.Cmp || !a.Value.Equal(b.Value) || a.Unit != b.Unit {
			t.Errorf("%q: template %q differs from the sample's %q", in.Name, lib[i].TargetTemplate, in.Target)
		}
	}
	// Grouped in the official order of 二级指标.
	var order []string
	for _, l := range r.Levels {
		order = append(order, l.Level2...)
	}
	for i := 1; i < len(lib); i++ {
		if slices.Index(order, lib[i-1].Level2) > slices.Index(order, lib[i].Level2) {
			t.Fatalf("%s listed after %s", lib[i].Level2, lib[i-1].Level2)
		}
	}
	// A copy: callers cannot change the library.
	lib[0].Name = "改"
	if IndicatorLibrary()[0].Name == "改" {
		t.Error("IndicatorLibrary returns shared memory")
	}
}

func TestSearchLibrary(t *testing.T) {
	names := func(es []LibraryEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	cases := []struct {
		name, level2, query string
		first               string // "" means no result
		all                 func(LibraryEntry) bool
	}{
		{"substring", "质量指标", "办结率", "信访事项办结率", func(e LibraryEntry) bool { return e.Level2 == "质量指标" }},
		{"earlier then shorter match first", "", "服务", "服务对象满意度", nil},
		{"ordered characters with gaps", "质量指标", "信办", "信访事项办结率", nil},
		{"case-insensitive ASCII", "", "12345热线工单办结", "12345热线工单办结率", nil},
		{"spaces ignored", "成本指标", "三公 经费", "三公经费控制率", nil},
		{"empty query lists the 二级指标", "时效指标", "", "全年各项计划工作的开展与落实", func(e LibraryEntry) bool { return e.Level2 == "时效指标" }},
		{"all 二级指标", "", "满意度", "辖区群众满意度", nil},
		{"no match", "数量指标", "满意度", "", nil},
		{"out of order is no match", "质量指标", "办信", "", nil},
		{"unknown 二级指标", "不存在", "", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := SearchLibrary(c.level2, c.query)
			if c.first == "" {
				if len(got) != 0 {
					t.Errorf("got %v, want nothing", names(got))
				}
				return
			}
			if len(got) == 0 || got[0].Name != c.first {
				t.Fatalf("got %v, want %s first", names(got), c.first)
			}
			if c.all != nil {
				for _, e := range got {
					if !c.all(e) {
						t.Errorf("unexpected %s (%s)", e.Name, e.Level2)
					}
				}
			}
		})
	}
	if got := names(SearchLibrary("", "服务")); len(got) < 3 || got[1] != "服务辖区旧改、配套项目完成数" || got[len(got)-1] != "政务服务便民化水平" {
		t.Errorf("服务 ranked %v", got)
	}
	ascii := SearchLibrary("", "ABC")
	if len(ascii) != 0 {
		t.Errorf("ABC matched %v", names(ascii))
	}
	if len(SearchLibrary("", "")) != len(IndicatorLibrary()) {
		t.Error("empty search must list everything")
	}
}
