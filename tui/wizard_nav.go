package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// findingsOverlay is the F2 findings list: open, and the selected row.
type findingsOverlay struct {
	open bool
	sel  int
}

// show opens the list on its first row.
func (o *findingsOverlay) show() { o.open, o.sel = true, 0 }

// key handles a key of the open list; ok with the finding chosen (Enter),
// which also closes the list.
func (o *findingsOverlay) key(km FindingsKeyMap, k tea.KeyPressMsg, fs []domain.Finding) (domain.Finding, bool) {
	switch {
	case key.Matches(k, km.Close):
		o.open = false
	case key.Matches(k, km.Up):
		o.sel = max(o.sel-1, 0)
	case key.Matches(k, km.Down):
		o.sel = min(o.sel+1, max(len(fs)-1, 0))
	case key.Matches(k, km.Jump):
		o.open = false
		if o.sel < len(fs) {
			return fs[o.sel], true
		}
	}
	return domain.Finding{}, false
}

// stepPicker is the list of steps (F9) to jump to one.
type stepPicker struct{ p *picker }

func (s *stepPicker) open() bool { return s.p != nil }

// key handles a key of the open picker: the step chosen, else -1.
func (s *stepPicker) key(km PickerKeyMap, k tea.KeyPressMsg) stepID {
	n := stepCount
	if key.Matches(k, km.Choose) {
		n = stepID(s.p.sel)
	} else if k.Code >= '1' && k.Code <= '9' && k.Mod == 0 {
		n = stepID(k.Code - '1')
	}
	switch res := s.p.key(k); {
	case n < stepCount:
		s.p = nil
		return n
	case res == pickCancel:
		s.p = nil
	}
	return -1
}

// openStepPicker opens the list of steps on the current one.
func (w *wizard) openStepPicker() {
	p := &picker{title: "跳到步骤（Enter 选定，或按步骤的数字；Alt+数字可直接跳转）", sel: int(w.cur)}
	for i := range stepCount {
		mark := "  "
		if w.stepErrs[i] > 0 {
			mark = w.st.G.Cross + " "
		}
		p.items = append(p.items, fmt.Sprintf("%s%d %s", mark, i+1, steps[i].title))
	}
	w.steps.p = p
}

// copyRow inserts a copy of the focused row of a form's list after it
// (Ctrl+D) and focuses the same field of the copy.
func (w *wizard) copyRow(l *listRef) tea.Cmd {
	if l.button || l.dup == nil {
		w.note = "这一行不能复制：请把光标移到要复制的那一行"
		return nil
	}
	fk := w.form().focused().Key()
	l.dup(w.f, l.index)
	old := listKey(l, fk, l.index)
	w.rebuild(listKey(l, fk, l.index+1) + fk[len(old):])
	w.note = "已复制一行" + l.what
	return w.changed()
}

// place is where a filing was left: the step and the field or grid cell
// (a JSON path, as focusPath gives it).
type place struct {
	step  stepID
	focus string
}

// places remembers, per filing id, where the wizard was left, so that
// reopening a filing in the same session comes back there.
type places map[string]place

// remember records where w is.
func (p *places) remember(w *wizard) {
	if *p == nil {
		*p = places{}
	}
	(*p)[w.id] = place{step: w.cur, focus: w.focusPath()}
}

// restore moves w to where its filing was left, if it was.
func (p places) restore(w *wizard) {
	pl, ok := p[w.id]
	if !ok || pl.step == w.cur && pl.focus == "" {
		return
	}
	w.enter(pl.step)
	w.restoreFocus(pl.focus)
	w.note = "回到上次离开的位置：" + steps[pl.step].title
}
