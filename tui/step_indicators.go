package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// gridStep is a step (or a part of one) that is one indicator grid.
type gridStep struct {
	g *grid
}

func newIndicatorsStep(w stepCtx) component {
	return &gridStep{g: newGrid(w.f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })}
}

func (s *gridStep) key(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	handled, changed := sendGridKey(w, s.g, k)
	if changed {
		return w.changed(), true
	}
	return nil, handled
}

func (s *gridStep) paste(w stepCtx, p tea.PasteMsg) (tea.Cmd, bool) {
	s.g.paste(w.f, p.Content)
	return nil, true
}

func (s *gridStep) modal() bool { return s.g.mode != gmNav }

func (s *gridStep) view(w stepCtx, width, height int) ([]string, int, int, bool) {
	return gridView(w, s.g, width, height)
}

func (s *gridStep) form() *form                  { return nil }
func (s *gridStep) setForm(*form)                {}
func (s *gridStep) header() int                  { return 0 }
func (s *gridStep) keyHelp(k KeyMap) help.KeyMap { return gridKeys(k, s.g) }
func (s *gridStep) message(w stepCtx) string     { return s.g.message(w.f, w.st) }
func (s *gridStep) jump(w stepCtx, path string) bool {
	return s.g.jump(path)
}

// undoLabel implements undoLabeler.
func (s *gridStep) undoLabel() (string, string) { return s.g.change, s.g.changePath }

func (s *gridStep) viewKey(_ stepCtx, k tea.KeyPressMsg) bool { return s.g.viewKey(k) }

// The calls into the indicator grid are these, so that a change of the
// grid's API touches only them.

// sendGridKey sends k to the grid g with the wizard's grid and row keys.
func sendGridKey(w stepCtx, g *grid, k tea.KeyPressMsg) (handled, changed bool) {
	g.km, g.rk = w.keys.Grid, w.keys.Rows
	return g.key(w.f, k)
}

// gridView renders g in width × height with the wizard's styles and the
// rows' finding marks.
func gridView(w stepCtx, g *grid, width, height int) ([]string, int, int, bool) {
	return g.render(w.st, w.ev.rowMarks, w.f, width, height)
}

// gridKeys is the keys of g's current mode, for the footer and F1.
func gridKeys(_ KeyMap, g *grid) help.KeyMap { return g }

// gridHelpAll is every key of the indicator grid, for the F1 help on any
// step.
func gridHelpAll(k KeyMap) help.KeyMap {
	g, r := k.Grid, k.Rows
	return bindings{g.Edit, r.Add, r.Delete, r.MoveUp, r.MoveDown, r.Copy, r.CopyFromOverall,
		g.Level2, g.Library, g.Band, g.Split, g.Clear}
}
