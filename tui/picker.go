package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// picker is a small list to choose from, optionally with tabs (←/→) and a
// filter typed above the list (the real cursor sits in the filter, so an
// input method's candidate window appears there).
type picker struct {
	title string
	tabs  []string
	tab   int
	items []string
	sel   int
	// filter is non-nil when the list is filtered as one types.
	filter *editor
	hint   string
}

// pickResult is what a key did to a picker.
type pickResult int

const (
	pickNone pickResult = iota
	pickChosen
	pickCancel
	pickFilter // the filter text changed
	pickTab    // the tab changed
)

func (p *picker) key(k tea.KeyPressMsg) pickResult {
	km := defaultKeys.Picker
	switch {
	case key.Matches(k, km.Cancel):
		return pickCancel
	case key.Matches(k, km.Choose):
		if len(p.items) == 0 {
			return pickNone
		}
		return pickChosen
	case key.Matches(k, km.Up):
		p.sel = max(p.sel-1, 0)
		return pickNone
	case key.Matches(k, km.Down):
		p.sel = min(p.sel+1, max(len(p.items)-1, 0))
		return pickNone
	case key.Matches(k, km.PrevTab, km.NextTab) && len(p.tabs) > 0 && p.filter == nil:
		d := 1
		if key.Matches(k, km.PrevTab) {
			d = len(p.tabs) - 1
		}
		p.tab = (p.tab + d) % len(p.tabs)
		p.sel = 0
		return pickTab
	}
	if p.filter != nil {
		if _, changed := p.filter.HandleKey(k, 0); changed {
			p.sel = 0
			return pickFilter
		}
	}
	return pickNone
}

// paste adds pasted text to the filter.
func (p *picker) paste(s string) pickResult {
	if p.filter == nil {
		return pickNone
	}
	if c, _ := p.filter.Insert(s); c {
		p.sel = 0
		return pickFilter
	}
	return pickNone
}

// view renders the picker in width × height and the cursor in the filter.
func (p *picker) view(st *Styles, width, height int) ([]string, int, int, bool) {
	out := []string{st.Title.Render(truncate(p.title, width, st.G.Ellipsis))}
	cx, cy, ok := 0, 0, false
	if len(p.tabs) > 0 {
		var b string
		for i, t := range p.tabs {
			if i == p.tab {
				b += st.Selected.Render(" "+t+" ") + " "
			} else {
				b += " " + t + "  "
			}
		}
		out = append(out, b+st.Subtle.Render("（←/→ 切换）"))
	}
	if p.filter != nil {
		label := "筛选："
		s, x := p.filter.viewLine(max(width-displayWidth(label)-1, 4))
		out = append(out, label+st.Focused.Render(pad(s, max(width-displayWidth(label)-1, 4))))
		cx, cy, ok = displayWidth(label)+x, len(out)-1, true
	}
	out = append(out, "")
	avail := max(height-len(out)-1, 1)
	if len(p.items) == 0 {
		out = append(out, st.Subtle.Render("  （没有符合条件的项）"))
	}
	start := 0
	if p.sel >= avail {
		start = p.sel - avail + 1
	}
	for i := start; i < len(p.items) && i < start+avail; i++ {
		s := truncate(p.items[i], width-2, st.G.Ellipsis)
		if i == p.sel {
			out = append(out, st.G.Pointer+" "+st.Selected.Render(pad(s, width-2)))
		} else {
			out = append(out, "  "+s)
		}
	}
	for len(out) < height-1 {
		out = append(out, "")
	}
	hint := p.hint
	if hint == "" {
		hint = "↑/↓ 选择  Enter 确定  Esc 取消"
	}
	out = append(out[:min(len(out), height-1)], st.Subtle.Render(truncate(hint, width, st.G.Ellipsis)))
	return out, cx, cy, ok
}
