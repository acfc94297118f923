package tui

import (
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/internal/textwidth"
)

// displayWidth is the number of terminal columns s occupies (which may hold
// ANSI styles): textwidth.String, the model Lip Gloss lays out with and
// the exports measure with.
func displayWidth(s string) int { return textwidth.String(s) }

// Glyphs are the non-ASCII symbols the screens draw. ASCIIGlyphs avoids
// every East-Asian ambiguous character, for terminals that draw those two
// columns wide (PuTTY or Xshell with a CJK font).
type Glyphs struct {
	VBar, HBar, Check, Cross, Ellipsis, Dash, Pointer string
}

// UnicodeGlyphs uses box-drawing characters and check marks.
var UnicodeGlyphs = Glyphs{VBar: "│", HBar: "─", Check: "✓", Cross: "✗", Ellipsis: "…", Dash: "—", Pointer: "›"}

// ASCIIGlyphs uses ASCII only.
var ASCIIGlyphs = Glyphs{VBar: "|", HBar: "-", Check: "v", Cross: "x", Ellipsis: "..", Dash: "-", Pointer: ">"}

// Styles are the Lip Gloss styles of every screen, built once per program
// from the colour profile.
type Styles struct {
	G Glyphs
	// Plain is true when the profile has no colours: focus and errors are
	// then marked with text as well.
	Plain bool

	Title, Subtle, Label, Value, Computed, Focused, Error, Warning, OK,
	Selected, StepActive, Step, PanelTitle, Key, Help, Dialog lipgloss.Style
}

// NewStyles returns the styles for a colour profile; ascii selects
// ASCIIGlyphs.
func NewStyles(p colorprofile.Profile, ascii bool) Styles {
	s := Styles{G: UnicodeGlyphs}
	if ascii {
		s.G = ASCIIGlyphs
	}
	s.Plain = p <= colorprofile.Ascii
	n := lipgloss.NewStyle
	// fg adds a colour unless the profile has none (NO_COLOR, no TTY).
	fg := func(c string) lipgloss.Style {
		if s.Plain {
			return n()
		}
		return n().Foreground(lipgloss.Color(c))
	}
	s.Title = n().Bold(true)
	s.Subtle = fg("8")
	s.Label = n()
	s.Value = n()
	s.Computed = fg("6")
	s.Focused = n().Underline(true)
	s.Error = fg("1")
	s.Warning = fg("3")
	s.OK = fg("2")
	s.Selected = n().Reverse(true)
	s.StepActive = n().Bold(true).Reverse(true)
	s.Step = n()
	s.PanelTitle = n().Bold(true)
	s.Key = n().Bold(true)
	s.Help = fg("8")
	s.Dialog = n()
	return s
}

// pad truncates or pads s (which may hold ANSI styles) to exactly w columns.
func pad(s string, w int) string { return textwidth.Fit(s, w) }

// padLeft right-aligns s in w columns (a wider s is cut to w).
func padLeft(s string, w int) string {
	if displayWidth(s) >= w {
		return pad(s, w)
	}
	return textwidth.PadLeft(s, w)
}

// truncate shortens plain s to w columns, ending with the ellipsis (left
// out when w leaves no room for it).
func truncate(s string, w int, ell string) string { return textwidth.Truncate(s, w, ell) }

// Finding is the style of a finding of severity sev: errors red, warnings
// yellow, the rest subtle.
func (s *Styles) Finding(sev domain.Severity) lipgloss.Style {
	switch sev {
	case domain.Error:
		return s.Error
	case domain.Warning:
		return s.Warning
	}
	return s.Subtle
}
