package tui

// The wizard's screen layout and the parts of it kept drawn between
// frames: a keystroke in a field changes the form, rarely the sidebar, the
// header, the score panel or the footer, so those are drawn again only
// when what they show changes.

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// viewPrefs are a session's choices about the wizard's layout. The root
// model keeps them, so that they hold for every step and every filing
// opened in the session.
type viewPrefs struct {
	// hidePanels hides the sidebar and the score panel; the panel's
	// figures then sit in one header line.
	hidePanels bool
}

// viewState is the wizard's share of the session's viewPrefs and the
// parts of its screen drawn in an earlier frame.
type viewState struct {
	prefs *viewPrefs
	cache viewCache
}

// panelsHidden reports whether the sidebar and the score panel are hidden.
func (v *viewState) panelsHidden() bool { return v.prefs != nil && v.prefs.hidePanels }

// togglePanels hides the sidebar and the score panel, or shows them again.
func (v *viewState) togglePanels() {
	if v.prefs == nil {
		v.prefs = &viewPrefs{}
	}
	v.prefs.hidePanels = !v.prefs.hidePanels
}

// panelsBinding is the Panels binding with the help of what it does now:
// hide, or show again.
func (w *wizard) panelsBinding() key.Binding {
	b := w.keys.Wizard.Panels
	if w.panelsHidden() {
		b.SetHelp(b.Help().Key, "显示侧栏")
	}
	return b
}

// shortPanelsBinding is panelsBinding named by its first key only (F10),
// for the footer; the F1 help names both.
func (w *wizard) shortPanelsBinding() key.Binding {
	b := w.panelsBinding()
	b.SetHelp(keyName(b.Keys()[0]), b.Help().Desc)
	return b
}

// screenLayout is where the parts of the wizard's screen go.
type screenLayout struct {
	// hidden is set when the sidebar and the score panel are hidden: the
	// form has the whole width and the panel's figures are a second
	// header line.
	hidden bool
	// sw, fw and pw are the widths of the sidebar, the form and the
	// panel; fh is the form's height.
	sw, fw, pw, fh int
	// x and y are the screen position of the form's top left cell.
	x, y int
}

// layout is the layout of a width × height screen; shown gives the one
// with the sidebar and the panel whatever the session chose.
func (w *wizard) layout(width, height int, shown bool) screenLayout {
	if w.panelsHidden() && !shown {
		return screenLayout{hidden: true, fw: max(width, 10), fh: max(height-4, 1), y: 2}
	}
	sw, pw := sidebarWidth(width), panelWidth(width)
	return screenLayout{sw: sw, pw: pw, fw: max(width-sw-pw-2, 10), fh: max(height-3, 1), x: sw + 1, y: 1}
}

// viewCache holds the parts of the screen drawn in an earlier frame with
// what they showed.
type viewCache struct {
	// vbar is the column separator, drawn once.
	vbar   string
	side   sideCache
	header headerCache
	panel  lineCache
	strip  lineCache
	footer footerCache
	// status is the save state in the footer.
	status lineCache
}

// separator is the styled column separator.
func (w *wizard) separator() string {
	if w.cache.vbar == "" {
		w.cache.vbar = w.st.Subtle.Render(w.st.G.VBar)
	}
	return w.cache.vbar
}

// paddedLines are lines drawn and padded to one width; blank is that
// many spaces, for the rows below them.
type paddedLines struct {
	lines []string
	blank string
}

// at is the i-th line, or blank.
func (p *paddedLines) at(i int) string {
	if i < len(p.lines) {
		return p.lines[i]
	}
	return p.blank
}

// fill draws lines padded to width.
func (p *paddedLines) fill(lines []string, width int) {
	p.lines = p.lines[:0]
	for _, l := range lines {
		p.lines = append(p.lines, pad(l, width))
	}
	p.blank = pad("", width)
}

// sideKey is what the sidebar shows.
type sideKey struct {
	width    int
	cur      stepID
	marks    [stepCount]int8
	readOnly bool
	holder   string
}

// sideCache is the sidebar as last drawn.
type sideCache struct {
	key   sideKey
	valid bool
	paddedLines
}

// sidebarLines is the sidebar padded to width, drawn again only when the
// step, a step's mark, the lock holder or the width change.
func (w *wizard) sidebarLines(width int) *paddedLines {
	k := sideKey{width: width, cur: w.cur, readOnly: w.readOnly, holder: w.holder}
	for i := range stepCount {
		switch {
		case w.stepErrs[i] > 0:
			k.marks[i] = 1
		case w.stepComplete(i):
			k.marks[i] = 2
		}
	}
	c := &w.cache.side
	if !c.valid || c.key != k {
		c.key, c.valid = k, true
		c.fill(w.sidebar(width), width)
	}
	return &c.paddedLines
}

// headerKey is what the header shows.
type headerKey struct {
	width, year      int
	unit, user       string
	cur              stepID
	readOnly, hidden bool
	holder           string
}

// headerCache is the header as last drawn.
type headerCache struct {
	key   headerKey
	valid bool
	line  string
}

// headerLine is the header, drawn again only when what it shows changes.
func (w *wizard) headerLine(width int, user string) string {
	k := headerKey{width: width, year: w.f.Year, unit: w.f.Unit, user: user, cur: w.cur,
		readOnly: w.readOnly, hidden: w.panelsHidden(), holder: w.holder}
	c := &w.cache.header
	if !c.valid || c.key != k {
		c.key, c.valid = k, true
		c.line = w.header(width, user)
	}
	return c.line
}

// pline is a line (or a part of one) before it is drawn: its plain text
// and the style it is drawn in (nil: none).
type pline struct {
	text  string
	style *lipgloss.Style
}

// render draws l.
func (l pline) render() string {
	if l.style == nil {
		return l.text
	}
	return l.style.Render(l.text)
}

// lineCache is a part of the screen built as plines, as last drawn: it is
// drawn again only when the plines or the width differ.
type lineCache struct {
	spec  []pline
	width int
	valid bool
	paddedLines
}

// same reports whether spec and width are what c drew.
func (c *lineCache) same(spec []pline, width int) bool {
	if !c.valid || c.width != width || len(c.spec) != len(spec) {
		return false
	}
	for i := range spec {
		if spec[i] != c.spec[i] {
			return false
		}
	}
	return true
}

// remember records spec and width as drawn.
func (c *lineCache) remember(spec []pline, width int) {
	c.spec, c.width, c.valid = append(c.spec[:0], spec...), width, true
}

// draw draws spec one pline a line, each padded to width.
func (c *lineCache) draw(spec []pline, width int) *paddedLines {
	if !c.same(spec, width) {
		c.remember(spec, width)
		c.paddedLines.lines = c.paddedLines.lines[:0]
		for _, l := range spec {
			c.paddedLines.lines = append(c.paddedLines.lines, pad(l.render(), width))
		}
		c.blank = pad("", width)
	}
	return &c.paddedLines
}

// joined draws spec as one line, unpadded, again only when it differs
// from the last.
func (c *lineCache) joined(spec []pline) string {
	if !c.same(spec, 0) {
		c.remember(spec, 0)
		var b strings.Builder
		for _, p := range spec {
			b.WriteString(p.render())
		}
		c.paddedLines.lines = append(c.paddedLines.lines[:0], b.String())
	}
	return c.paddedLines.lines[0]
}

// footerCache is the footer as last drawn, with the help of the keys it
// showed and its widths.
type footerCache struct {
	sig, next []byte
	line      string
}

// footerLine is footer(hm, keys, pinned, width) padded to padTo columns,
// drawn again only when a key's help or the widths change. hm is the
// session's help model, the same in every frame.
func (w *wizard) footerLine(hm help.Model, keys, pinned []key.Binding, width, padTo int) string {
	c := &w.cache.footer
	s := strconv.AppendInt(c.next[:0], int64(width), 10)
	s = append(s, ' ')
	s = strconv.AppendInt(s, int64(padTo), 10)
	for i, bs := range [][]key.Binding{keys, pinned} {
		s = append(s, byte(i))
		for _, b := range bs {
			h := b.Help()
			if b.Enabled() {
				s = append(s, 1)
			}
			s = append(append(append(append(s, h.Key...), 0), h.Desc...), 0)
		}
	}
	if c.sig != nil && string(s) == string(c.sig) {
		c.next = s
		return c.line
	}
	c.sig, c.next = s, c.sig
	c.line = pad(footer(hm, keys, pinned, width), padTo)
	return c.line
}

// pinPanels is pinned, the footer's keys always shown, with the key that
// shows the sidebar and the panel again while they are hidden.
func (w *wizard) pinPanels(pinned ...key.Binding) []key.Binding {
	if w.panelsHidden() {
		return append([]key.Binding{w.shortPanelsBinding()}, pinned...)
	}
	return pinned
}

// footerPanels is the key that hides the sidebar and the panel, last (so
// first dropped) among the footer's keys; while they are hidden it is
// pinned instead (pinPanels) and disabled here.
func (w *wizard) footerPanels() key.Binding {
	b := w.shortPanelsBinding()
	b.SetEnabled(!w.panelsHidden())
	return b
}
