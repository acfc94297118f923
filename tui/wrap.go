package tui

import "charm.land/lipgloss/v2"

// wrapStyled wraps the plain text s to width columns by the Chinese rules
// of the exports and renders each line with style, so that a message is
// wrapped instead of cut.
func wrapStyled(style lipgloss.Style, s string, width int) []string {
	lines := wrapText(s, max(width, 1))
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
