package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// gridStep is a step (or a part of one) that is one indicator grid.
type gridStep struct {
	g *grid
}

func newIndicatorsStep(w *wizard) component {
	return &gridStep{g: newGrid(w.f, "overall.indicators", "附件2", func(f *domain.Filing) *[]domain.Indicator { return &f.Overall.Indicators })}
}

func (s *gridStep) key(w *wizard, k tea.KeyPressMsg) (tea.Cmd, bool) {
	handled, changed := s.g.key(w.f, k)
	if changed {
		return w.changed(), true
	}
	return nil, handled
}

func (s *gridStep) paste(w *wizard, p tea.PasteMsg) (tea.Cmd, bool) {
	s.g.paste(w.f, p.Content)
	return nil, true
}

func (s *gridStep) modal() bool { return s.g.mode != gmNav }

func (s *gridStep) view(w *wizard, width, height int) ([]string, int, int, bool) {
	return s.g.view(w, w.f, width, height)
}

func (s *gridStep) form() *form                 { return nil }
func (s *gridStep) setForm(*form)               {}
func (s *gridStep) header() int                 { return 0 }
func (s *gridStep) help(_ KeyMap) []key.Binding { return s.g.ShortHelp() }
func (s *gridStep) message(w *wizard) string    { return s.g.message(w.f, w.st) }
func (s *gridStep) jump(w *wizard, path string) bool {
	return s.g.jump(path)
}

// undoLabel implements undoLabeler.
func (s *gridStep) undoLabel() (string, string) { return s.g.change, s.g.changePath }

func (s *gridStep) viewKey(_ *wizard, k tea.KeyPressMsg) bool { return s.g.viewKey(k) }
