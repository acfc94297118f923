package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// gridKey builds the key press a terminal sends for a bubbles key name
// ("ctrl+o", "alt+up", "f7", "shift+tab", "g").
func gridKey(t *testing.T, name string) tea.KeyPressMsg {
	t.Helper()
	var k tea.KeyPressMsg
	rest := name
	for {
		switch {
		case strings.HasPrefix(rest, "ctrl+"):
			k.Mod |= tea.ModCtrl
			rest = rest[len("ctrl+"):]
			continue
		case strings.HasPrefix(rest, "alt+"):
			k.Mod |= tea.ModAlt
			rest = rest[len("alt+"):]
			continue
		case strings.HasPrefix(rest, "shift+"):
			k.Mod |= tea.ModShift
			rest = rest[len("shift+"):]
			continue
		}
		break
	}
	named := map[string]rune{
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"home": tea.KeyHome, "end": tea.KeyEnd, "enter": tea.KeyEnter, "esc": tea.KeyEscape,
		"tab": tea.KeyTab, "delete": tea.KeyDelete, "backspace": tea.KeyBackspace,
		"f7": tea.KeyF7, "f8": tea.KeyF8,
	}
	if c, ok := named[rest]; ok {
		k.Code = c
	} else {
		r := []rune(rest)
		if len(r) != 1 {
			t.Fatalf("key %q not known to gridKey", name)
		}
		k.Code = r[0]
		if k.Mod == 0 {
			k.Text = rest
		}
	}
	if !key.Matches(k, key.NewBinding(key.WithKeys(name))) {
		t.Fatalf("gridKey(%q) does not match its own name", name)
	}
	return k
}

// sampleGrid is a grid on the sample's 附件2 (or, with project, on a 附件3
// table made for the test) and the filing it edits.
func sampleGrid(t *testing.T, project bool) (*grid, *domain.Filing) {
	t.Helper()
	f := loadSample(t)
	if project {
		p := domain.NewProject("业务工作经费")
		p.Indicators = []domain.Indicator{{Level1: "产出指标", Level2: "数量指标", Name: "会议次数", Target: "≥4次", Actual: "5次", Weight: domain.Int(50), Score: domain.Int(50)}}
		f.Projects = append(f.Projects, p)
		return newGrid(f, "projects.0.indicators", "附件3", func(f *domain.Filing) *[]domain.Indicator { return &f.Projects[0].Indicators }), f
	}
	return newGrid(f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators }), f
}

func gridHelpKeys(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key)
	}
	return out
}

// TestGridHelpIsTheActiveMode: the footer offers the keys of the mode the
// grid is in — the row keys while a cell is selected, only 确定/取消 while
// one is edited — and Ctrl+T only in a 附件3 table.
func TestGridHelpIsTheActiveMode(t *testing.T) {
	g, f := sampleGrid(t, false)
	nav := gridHelpKeys(g.ShortHelp())
	for _, want := range []string{"Enter", "Ctrl+O", "Ctrl+X", "Alt+↑/F7", "Alt+↓/F8", "Ctrl+D", "Del"} {
		if !slices.Contains(nav, want) {
			t.Errorf("selection help %v lacks %s", nav, want)
		}
	}
	if slices.Contains(nav, "Ctrl+T") {
		t.Errorf("附件2's help offers Ctrl+T: %v", nav)
	}
	for _, k := range nav {
		if strings.HasPrefix(k, "^") || strings.Contains(k, "S-Tab") {
			t.Errorf("key %q is not named as finance staff know it", k)
		}
	}
	g.startEdit(f, "", false)
	if got := gridHelpKeys(g.ShortHelp()); !slices.Equal(got, []string{"Enter", "Tab", "Esc"}) {
		t.Errorf("edit help %v", got)
	}
	g.key(f, gridKey(t, "esc"))
	g.key(f, gridKey(t, "ctrl+x"))
	if got := gridHelpKeys(g.ShortHelp()); !slices.Equal(got, []string{"y", "n/Esc"}) {
		t.Errorf("delete question help %v", got)
	}
	p, _ := sampleGrid(t, true)
	if got := gridHelpKeys(p.ShortHelp()); !slices.Contains(got, "Ctrl+T") {
		t.Errorf("附件3's help lacks Ctrl+T: %v", got)
	}
	if len(g.FullHelp()) == 0 {
		t.Error("no full help")
	}
}

// TestGridShownKeysAreMatched: every key the selection help shows, pressed
// on a fresh grid, is taken by the grid (none is only decoration), in
// 附件2 and in 附件3, on a quantitative and on a qualitative row.
func TestGridShownKeysAreMatched(t *testing.T) {
	for _, project := range []bool{false, true} {
		for _, row := range []int{0, 8} {
			g, _ := sampleGrid(t, project)
			if project && row > 0 {
				continue
			}
			g.sel = g.pos[row]
			for _, b := range append(g.ShortHelp(), slices.Concat(g.FullHelp()...)...) {
				for _, name := range b.Keys() {
					g, f := sampleGrid(t, project)
					g.sel = g.pos[row]
					handled, _ := g.key(f, gridKey(t, name))
					if !handled {
						t.Errorf("project %v row %d: %s (%s) is shown but not handled", project, row, name, b.Help().Desc)
					}
				}
			}
		}
	}
}

// TestGridModalKeysWork: the keys the help shows in the lists, the paste
// preview and the split editor do what they say.
func TestGridModalKeysWork(t *testing.T) {
	g, f := sampleGrid(t, false)
	g.key(f, gridKey(t, "g"))
	if g.mode != gmLevel2 || !slices.Contains(gridHelpKeys(g.ShortHelp()), "←/→") {
		t.Fatalf("二级 list: mode %d help %v", g.mode, gridHelpKeys(g.ShortHelp()))
	}
	tab := g.pick.tab
	g.key(f, gridKey(t, "right"))
	if g.pick.tab == tab {
		t.Error("→ did not switch the 一级")
	}
	g.key(f, gridKey(t, "down"))
	if g.pick.sel != 1 {
		t.Errorf("↓: sel %d", g.pick.sel)
	}
	g.key(f, gridKey(t, "up"))
	if g.pick.sel != 0 {
		t.Errorf("↑: sel %d", g.pick.sel)
	}
	g.key(f, gridKey(t, "esc"))
	if g.mode != gmNav {
		t.Fatal("Esc did not close the list")
	}
	g.key(f, gridKey(t, "ctrl+e"))
	if g.mode != gmSplit || !slices.Equal(gridHelpKeys(g.ShortHelp()), []string{"Tab/↓", "Shift+Tab/↑", "Enter", "Esc"}) {
		t.Fatalf("split: mode %d help %v", g.mode, gridHelpKeys(g.ShortHelp()))
	}
	g.key(f, gridKey(t, "tab"))
	g.key(f, gridKey(t, "down"))
	g.key(f, gridKey(t, "shift+tab"))
	if g.split.focus != 1 {
		t.Errorf("split focus %d, want 1", g.split.focus)
	}
	g.key(f, gridKey(t, "esc"))
	if g.mode != gmNav {
		t.Fatal("Esc did not close the split editor")
	}
}

// TestGridKeysDeclaredOnce: the grid's files (tests included) match keys
// only through key maps — no switch on strings, no comparison of
// k.String(). The pattern is this test's own, so it is built from parts.
func TestGridKeysDeclaredOnce(t *testing.T) {
	files, err := filepath.Glob("grid*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no grid files: %v", err)
	}
	bad := regexp.MustCompile(`case\s+` + `"|\.String\(\)\s*[!=]` + `=|[!=]=\s*"(esc|enter|tab|up|down|left|right|[a-zA-Z])` + `"`)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(b), "\n") {
			if bad.MatchString(l) {
				t.Errorf("%s:%d matches a key by its string: %s", name, i+1, strings.TrimSpace(l))
			}
		}
	}
}
