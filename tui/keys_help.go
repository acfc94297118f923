package tui

import (
	"reflect"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// bindings is a fixed set of keys as a help.KeyMap: the keys of one mode.
type bindings []key.Binding

// ShortHelp implements help.KeyMap.
func (b bindings) ShortHelp() []key.Binding { return b }

// FullHelp implements help.KeyMap.
func (b bindings) FullHelp() [][]key.Binding { return [][]key.Binding{b} }

// hasKey reports whether one of bs answers the key named k.
func hasKey(bs []key.Binding, k string) bool {
	for _, b := range bs {
		if b.Enabled() && slices.Contains(b.Keys(), k) {
			return true
		}
	}
	return false
}

// footer renders bs (most important first) as one line of at most width
// columns: the least important are dropped first, the pinned ones (F1,
// Esc) are always kept, and nothing is cut in the middle.
func footer(hm help.Model, bs []key.Binding, pinned []key.Binding, width int) string {
	hm.ShowAll = false
	hm.SetWidth(0)
	keep := append([]key.Binding(nil), bs...)
	for {
		line := hm.ShortHelpView(append(append([]key.Binding(nil), keep...), pinned...))
		if displayWidth(line) <= width || len(keep) == 0 {
			if displayWidth(line) > width {
				line = hm.ShortHelpView(pinned)
			}
			return line
		}
		keep = keep[:len(keep)-1]
	}
}

// helpSection is one screen's keys in the F1 help.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpSections are the keys of every screen for the F1 help, the current
// step's own keys (grid) first.
func helpSections(k KeyMap, step string, own help.KeyMap) []helpSection {
	w, r, e := k.Wizard, k.Rows, k.Editor
	var out []helpSection
	if own != nil {
		var ks []key.Binding
		for _, g := range own.FullHelp() {
			ks = append(ks, g...)
		}
		out = append(out, helpSection{"本步骤（" + step + "）", ks})
	}
	return append(out,
		helpSection{"移动与保存", []key.Binding{k.Form.Next, k.Form.Prev, w.NextStep, w.PrevStep, w.JumpStep, w.StepPicker, w.Save, w.Undo, w.Redo, w.Back, w.Quit}},
		helpSection{"查看", []key.Binding{w.Findings, w.Review, w.History, w.Panels, w.Help}},
		helpSection{"行操作（附件1、年度目标、附件3 项目表）", []key.Binding{r.Add, r.Delete, r.MoveUp, r.MoveDown, r.Copy, r.CopyFromOverall}},
		helpSection{"文字输入", []key.Binding{e.Left, e.Right, e.Home, e.End, e.Backspace, e.Delete, e.KillBefore, e.KillAfter, e.KillWord, e.LineUp, e.LineDown, e.Newline}},
		helpSection{"绩效指标表（附件2、附件3）", gridHelpAll(k).FullHelp()[0]},
		helpSection{"问答与选择列表", []key.Binding{k.Form.Toggle, k.Dialog.Yes, k.Dialog.No, k.Dialog.Confirm, k.Dialog.Cancel, k.Picker.Up, k.Picker.Down, k.Picker.PrevTab, k.Picker.NextTab}},
		helpSection{"问题清单（F2）", []key.Binding{k.Findings.Up, k.Findings.Down, k.Findings.Jump, k.Findings.Close}},
		helpSection{"附件3 项目表", []key.Binding{k.Projects.Open, k.Projects.Add, k.Projects.FromBasic, k.Projects.Rename, k.Projects.Delete, k.Projects.Close}},
		helpSection{"附件4 自评报告", []key.Binding{k.Report.PrevSection, k.Report.NextSection, k.Report.Up, k.Report.Down, k.Report.Page, k.Report.Top}},
		helpSection{"复核与导出", []key.Binding{k.Export.Jump, k.Export.Text, k.Export.CSV, k.Export.XLSX, k.Export.Docx, k.Export.MD, k.Export.JSON, k.Export.Review}},
		helpSection{"复核视图（F3）", []key.Binding{k.Review.Up, k.Review.Down, k.Review.PageDown, k.Review.PageUp, k.Review.Top, k.Review.Bottom, k.Review.Search, k.Review.NextMatch, k.Review.PrevMatch, k.Review.Close}},
		helpSection{"历史版本（F4）", []key.Binding{k.History.Up, k.History.Down, k.History.Mark, k.History.Diff, k.History.Restore, k.History.Name, k.History.Close}},
	)
}

// helpLines lays the sections out in width columns: a heading per
// section, then its keys in as many columns as fit.
func helpLines(st *Styles, secs []helpSection, width int) []string {
	var out []string
	for _, s := range secs {
		out = append(out, st.Title.Render(s.title))
		var items []string
		colW := 0
		for _, b := range s.keys {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			it := st.Key.Render(b.Help().Key) + " " + st.Help.Render(b.Help().Desc)
			items = append(items, it)
			colW = max(colW, displayWidth(it)+2)
		}
		cols := max(min(width/max(colW, 1), len(items)), 1)
		for i := 0; i < len(items); i += cols {
			var line strings.Builder
			line.WriteString("  ")
			for j := i; j < min(i+cols, len(items)); j++ {
				line.WriteString(pad(items[j], colW))
			}
			out = append(out, truncate(line.String(), width, st.G.Ellipsis))
		}
	}
	return out
}

// eachBinding calls fn with every binding of k, by the path of its field
// ("Wizard.NextStep").
func eachBinding(k *KeyMap, fn func(path string, b *key.Binding)) {
	bt := reflect.TypeFor[key.Binding]()
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for i := range v.NumField() {
			f, ft := v.Field(i), v.Type().Field(i)
			p := strings.TrimPrefix(path+"."+ft.Name, ".")
			switch {
			case ft.Anonymous:
				// Promoted fields are named without their struct.
				walk(f, path)
			case ft.Type == bt:
				fn(p, f.Addr().Interface().(*key.Binding))
			case ft.Type.Kind() == reflect.Struct:
				walk(f, p)
			}
		}
	}
	walk(reflect.ValueOf(k).Elem(), "")
}

// asciiHelp replaces the arrows and the ellipsis (East-Asian ambiguous)
// in the help texts.
func asciiHelp(k *KeyMap) {
	r := strings.NewReplacer("↑", "Up", "↓", "Down", "←", "Left", "→", "Right", "…", "-")
	eachBinding(k, func(_ string, b *key.Binding) {
		h := b.Help()
		b.SetHelp(r.Replace(h.Key), r.Replace(h.Desc))
	})
}

// listHelp is the help of the filing list; admin adds the grants screen.
type listHelp struct {
	k     ListKeyMap
	admin bool
}

// ShortHelp implements help.KeyMap.
func (h listHelp) ShortHelp() []key.Binding {
	k := h.k
	s := []key.Binding{k.Open, k.New, k.Carry, k.Delete, k.Undelete, k.Import, k.Filter, k.Review, k.History}
	if h.admin {
		s = append(s, k.Grants)
	}
	return append(s, k.Quit)
}

// FullHelp implements help.KeyMap.
func (h listHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// welcomeHelp is the help of the welcome screen; admin adds the grants
// screen.
type welcomeHelp struct {
	k     ListKeyMap
	admin bool
}

// ShortHelp implements help.KeyMap.
func (h welcomeHelp) ShortHelp() []key.Binding {
	k := h.k
	s := []key.Binding{k.Open, k.New, k.Sample, k.Import}
	if h.admin {
		s = append(s, k.Grants)
	}
	return append(s, k.Quit)
}

// FullHelp implements help.KeyMap.
func (h welcomeHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
