package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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
	if s.g.mode == gmNav && key.Matches(k, w.keys.Rows.CopyFromOverall) {
		w.post("Ctrl+T（从附件2复制指标）只在附件3 项目表的指标表中使用；这里就是附件2")
		return nil, true
	}
	handled, changed := gridKey(w, s.g, k)
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

// The calls into the indicator grid's keys (grid.go) are these two, so
// that a change of the grid's key API touches only them.

// gridKey sends k to the grid g of the wizard w.
func gridKey(w stepCtx, g *grid, k tea.KeyPressMsg) (handled, changed bool) {
	return g.key(w.f, w.keys, k)
}

// gridView renders g in width × height; the grid's view still takes the
// wizard (grid_view.go).
func gridView(w stepCtx, g *grid, width, height int) ([]string, int, int, bool) {
	return g.view(w.w, w.f, width, height)
}

// gridKeys is the keys of g's current mode, for the footer and F1.
func gridKeys(k KeyMap, g *grid) help.KeyMap { return bindings(g.help(k)) }

// gridHelpAll is every key of the indicator grid, for the F1 help on any
// step.
func gridHelpAll(k KeyMap) help.KeyMap {
	return bindings{k.GridEdit, k.GridAdd, k.GridDel, k.GridUp, k.GridDown, k.GridLevel2, k.GridLibrary, k.GridBand, k.GridClear}
}
