package tui

// The wizard's steps: entering one, its form or screen, and jumps.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// openGrid is the indicator grid of the current step, or nil.
func (w *wizard) openGrid() *grid {
	switch c := w.comp().(type) {
	case *gridStep:
		return c.g
	case *projectsStep:
		if c.mode == pmGrid {
			return c.g
		}
	}
	return nil
}

// commitOpen commits the edit open on the current step's screen as Enter
// would — a grid cell, the text overlay of 三级指标 or 偏差, the name of a
// 附件3 table being typed — so that leaving or quitting saves it. Text
// that is not valid stays open (invalidTexts lists it); a picker or a
// question is closed without choosing.
func (w *wizard) commitOpen() tea.Cmd {
	switch c := w.comp().(type) {
	case *projectsStep:
		if c.mode == pmName {
			if strings.TrimSpace(c.ed.Value()) == "" {
				c.mode = pmList
				return nil
			}
			cmd, _ := c.key(w.ctx(), tea.KeyPressMsg{Code: tea.KeyEnter})
			return cmd
		}
		if c.mode == pmDelete || c.mode == pmFromRow {
			c.mode = pmList
		}
	}
	g := w.openGrid()
	if g == nil {
		return nil
	}
	switch g.mode {
	case gmEdit, gmArea:
		if changed, _ := g.commit(w.f); changed {
			return w.changed()
		}
	case gmDelete, gmLevel2, gmBand, gmLibrary:
		g.mode = gmNav
	}
	return nil
}

// enter switches to step s, building its form on first use, and focuses
// its first field.
func (w *wizard) enter(s stepID) {
	w.cur = s
	w.roOffset = 0
	if steps[s].build != nil && w.forms[s] == nil {
		w.forms[s] = w.buildForm(steps[s].build, nil, "")
	}
	if steps[s].comp != nil && w.comps[s] == nil {
		w.comps[s] = steps[s].comp(w.ctx())
	}
}

// comp is the component of the current step, or nil.
func (w *wizard) comp() component { return w.comps[w.cur] }

// rebuild rebuilds the active form from the filing (after a structural
// change), keeping invalid drafts, and focuses the field with key focus.
func (w *wizard) rebuild(focus string) {
	old := w.form()
	if old == nil || old.build == nil {
		return
	}
	fm := w.buildForm(old.build, old, focus)
	if c := w.comp(); c != nil {
		c.setForm(fm)
	} else {
		w.forms[w.cur] = fm
	}
}

// buildForm builds a form with build, keeping the invalid drafts and the
// scroll offset of old, and focuses the field with key focus.
func (w *wizard) buildForm(build formBuilder, old *form, focus string) *form {
	rows, lw := build(w.f, w.st)
	fm := newForm(rows, lw)
	fm.build = build
	fm.load(w.f)
	if old != nil {
		drafts := map[string]Field{}
		for i := range old.refs {
			if fd := old.field(i); fd.Err() != "" {
				drafts[fd.Key()] = fd
			}
		}
		for ri := range fm.rows {
			for ci, c := range fm.rows[ri].cells {
				if c.field != nil {
					if d, ok := drafts[c.field.Key()]; ok {
						fm.rows[ri].cells[ci].field = d
					}
				}
			}
		}
		fm.offset = old.offset
	}
	if focus != "" {
		fm.focusKey(focus)
	}
	return fm
}

// form is the form of the current step (or of its component), or nil.
func (w *wizard) form() *form {
	if c := w.comp(); c != nil {
		return c.form()
	}
	return w.forms[w.cur]
}

// reload shows f (revision meta) in place of the filing being edited,
// discarding the forms built on the old one; the focus stays on the
// field it was on.
func (w *wizard) reload(f *domain.Filing, meta Meta) {
	focus := w.focusPath()
	w.f, w.meta, w.base = f, meta, f.Clone()
	w.forms = [stepCount]*form{}
	w.comps = [stepCount]component{}
	w.projIdx = -1
	w.savedSeq, w.saveErr, w.savedAt = w.changeSeq, nil, meta.Updated
	w.recompute()
	w.enter(w.cur)
	w.restoreFocus(focus)
}

// focusPath is the JSON path of what has the focus: the focused field of
// the form, or the grid cell; "" when neither.
func (w *wizard) focusPath() string {
	if g := w.openGrid(); g != nil {
		if i := g.cur(); i >= 0 {
			return fmt.Sprintf("%s.%d.%s", g.path, i, gridFields[g.col])
		}
		return g.path
	}
	if fm := w.form(); fm != nil {
		if fd := fm.focused(); fd != nil {
			return fd.Key()
		}
	}
	return ""
}

// restoreFocus moves the focus back to path (from focusPath) on the
// current step.
func (w *wizard) restoreFocus(path string) {
	if path == "" {
		return
	}
	if c := w.comp(); c != nil {
		c.jump(w.ctx(), path)
		return
	}
	if fm := w.form(); fm != nil {
		fm.focusKey(path)
	}
}

// gotoStep changes step, saving when there are changes.
func (w *wizard) gotoStep(s stepID, height int) tea.Cmd {
	if s < 0 || s >= stepCount || s == w.cur {
		return nil
	}
	w.fixing = domain.Finding{}
	// An invalid draft asks 修改/放弃 first (form.go).
	if fm := w.form(); fm != nil && fm.askLeave(func() { w.enter(s) }) {
		return nil
	}
	w.enter(s)
	if w.dirty() {
		return w.save()
	}
	return nil
}

// jump goes to the step and field a finding points at.
func (w *wizard) jump(l domain.Location) {
	s := stepOf(l)
	w.enter(s)
	if c := w.comp(); c != nil {
		if !c.jump(w.ctx(), l.Path) {
			w.note = "该问题没有对应的输入项，请查看本步骤"
		}
		return
	}
	if fm := w.form(); fm != nil {
		if !fm.focusKey(l.Path) {
			w.note = "该问题没有对应的输入项，请查看本步骤"
		}
	}
}
