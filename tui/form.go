package tui

import (
	"charm.land/bubbles/v2/key"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// cell is one column of a form row: an input field or a computed,
// read-only value.
type cell struct {
	field Field
	// calc computes a read-only value live from the filing.
	calc func(*domain.Filing) string
	// head marks a column title.
	head  bool
	width int
}

// listRef ties a row to an editable list (区级专项资金, 楼堂馆所, 年度目标 …) so
// that the list keys can add, remove and move it.
type listRef struct {
	what  string // Chinese name of one item, e.g. "区级专项资金"
	index int
	add   func(f *domain.Filing, after int)
	del   func(f *domain.Filing, i int)
	swap  func(f *domain.Filing, i, j int)
	count func(f *domain.Filing) int
	// dup inserts a copy of row i after it (nil: rows cannot be copied).
	dup func(f *domain.Filing, i int)
	// button marks the list's add button row: adding appends, deleting
	// and moving do nothing.
	button bool
}

type rowKind int

const (
	rowCells   rowKind = iota // label and cells on one line
	rowHeading                // a section title
	rowNote                   // a line of read-only text
	rowArea                   // a label line, then a text area below
	rowText                   // computed text (cells[0].calc), wrapped
)

// row is one logical line of a step form.
type row struct {
	kind  rowKind
	label string
	cells []cell
	list  *listRef
	// labelField puts the first cell (a name field) in the label column.
	labelField bool
}

// formBuilder returns the rows of a form and its label width.
type formBuilder func(f *domain.Filing, st *Styles) ([]row, int)

// fieldPos is where a field was drawn in the last layout.
type fieldPos struct{ y, x, h, w int }

// form lays out rows of fields and computed cells, moves focus between the
// fields and scrolls so that the focused one is visible.
type form struct {
	// build rebuilds the rows after a structural change.
	build  formBuilder
	rows   []row
	refs   [][2]int // field index → row, cell
	focus  int
	offset int
	labelW int
	// last is the field that had the focus at the previous update, so that
	// an edit ends when focus moved by other means (a jump, a rebuild).
	last int
	// ask is set while the form asks before leaving a draft that is not
	// stored (修改/放弃, or the confirmation of an implausible amount).
	ask *leaveAsk
	// edited is the key of the field whose edit changed the filing in the
	// last update ("" for none); undo groups such changes per field.
	edited string
	// headOf is, per line of the last render, the line of the column
	// headings it stands under (-1: none), kept on top when scrolled.
	headOf []int
	// laid is the layout scroll made at the end of an update, handed to the
	// view of the same frame so that a keystroke lays the form out once.
	laid *formLayout
}

// formLayout is one render of a form at a width, with the areas fitted to
// a height.
type formLayout struct {
	width, height int
	lines         []string
	pos           []fieldPos
}

// leaveAsk is a pending question about leaving the focused field: d is
// the move the user asked for, then (if set) what to do after 放弃 or 确认.
type leaveAsk struct {
	d    int
	then func()
}

// askLeave asks before leaving the focused field when its draft is not
// stored, with then to run once it is given up or confirmed; it reports
// whether it asked.
func (fm *form) askLeave(then func()) bool {
	fd := fm.focused()
	if fd == nil || fd.Err() == "" {
		return false
	}
	if _, ok := fd.(drafter); !ok {
		return false
	}
	fm.ask = &leaveAsk{then: then}
	return true
}

func newForm(rows []row, labelW int) *form {
	fm := &form{rows: rows, labelW: labelW}
	for ri, r := range rows {
		for ci, c := range r.cells {
			if c.field != nil {
				fm.refs = append(fm.refs, [2]int{ri, ci})
			}
		}
	}
	return fm
}

func (fm *form) field(i int) Field {
	if i < 0 || i >= len(fm.refs) {
		return nil
	}
	r := fm.refs[i]
	return fm.rows[r[0]].cells[r[1]].field
}

// fieldByKey returns the field with key k, or nil.
func (fm *form) fieldByKey(k string) Field {
	for i := range fm.refs {
		if fd := fm.field(i); fd.Key() == k {
			return fd
		}
	}
	return nil
}

// focused returns the focused field, or nil.
func (fm *form) focused() Field { return fm.field(fm.focus) }

// focusedRow returns the row of the focused field, or nil.
func (fm *form) focusedRow() *row {
	if fm.focus < 0 || fm.focus >= len(fm.refs) {
		return nil
	}
	return &fm.rows[fm.refs[fm.focus][0]]
}

func (fm *form) load(f *domain.Filing) {
	for i := range fm.refs {
		fm.field(i).Load(f)
	}
}

// focusKey focuses the field whose key equals key or, failing that, the
// first whose key starts with it. It reports whether one was found.
func (fm *form) focusKey(key string) bool {
	for i := range fm.refs {
		if fm.field(i).Key() == key {
			fm.focus = i
			return true
		}
	}
	for i := range fm.refs {
		if strings.HasPrefix(fm.field(i).Key(), key+".") || strings.HasPrefix(key, fm.field(i).Key()+".") {
			fm.focus = i
			return true
		}
	}
	return false
}

// move changes focus by d fields, staying in range.
func (fm *form) move(d int) {
	if len(fm.refs) == 0 {
		return
	}
	fm.focus = min(max(fm.focus+d, 0), len(fm.refs)-1)
}

// update sends msg to the focused field (with the layout width for text
// areas) and applies the form's own navigation when the field does not use
// it.
func (fm *form) update(msg tea.Msg, f *domain.Filing, width int) Result {
	fm.edited = ""
	fd := fm.focused()
	if fd == nil {
		return Result{}
	}
	if fm.last != fm.focus {
		if d, ok := fm.field(fm.last).(drafter); ok {
			d.Leave(f)
		}
		fm.last = fm.focus
	}
	if fm.ask != nil {
		return fm.answer(msg, f)
	}
	var r Result
	if a, ok := fd.(*AreaField); ok {
		r = a.update(msg, f, fm.cellWidth(fm.focus, width))
	} else {
		r = fd.Update(msg, f)
	}
	if r.Changed && !r.Rebuild {
		fm.edited = fd.Key()
	}
	if r.Handled {
		return r
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		d := 0
		switch {
		case key.Matches(k, defaultKeys.Form.Next):
			d = 1
		case key.Matches(k, defaultKeys.Form.Prev):
			d = -1
		}
		if d != 0 {
			r.Handled = true
			if fd.Err() != "" {
				if _, ok := fd.(drafter); ok {
					fm.ask = &leaveAsk{d: d}
					return r
				}
			}
			fm.leaveTo(f, d)
		}
	}
	return r
}

// leaveTo ends the focused field's edit and moves focus by d.
func (fm *form) leaveTo(f *domain.Filing, d int) {
	if dr, ok := fm.focused().(drafter); ok {
		dr.Leave(f)
	}
	fm.move(d)
	fm.last = fm.focus
}

// answer resolves the question about leaving a draft: y gives the draft
// up (放弃, the kept value is restored) or, for an implausible amount,
// confirms it; any other key returns to the field (修改).
func (fm *form) answer(msg tea.Msg, f *domain.Filing) Result {
	ask := fm.ask
	fm.ask = nil
	r := Result{Handled: true}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !key.Matches(k, defaultKeys.Dialog.Yes) {
		return r
	}
	fd := fm.focused().(drafter)
	if fd.Question() != "" {
		r.Changed = fd.Confirm(f)
	} else {
		r.Changed = fd.Discard(f)
	}
	if r.Changed {
		fm.edited = fd.Key()
	}
	fm.leaveTo(f, ask.d)
	if ask.then != nil {
		ask.then()
	}
	return r
}

// message is the form's line above the help: the pending question, or the
// focused field's unsaved draft with its reason and the kept value.
func (fm *form) message(st *Styles) string {
	fd := fm.focused()
	if fd == nil {
		return ""
	}
	if fm.ask != nil {
		if d, ok := fd.(drafter); ok {
			if q := d.Question(); q != "" {
				return st.Warning.Render(q + "y 确认  n 修改")
			}
			return st.Error.Render("“" + fd.Title() + "”的输入无效：" + fd.Err() + "。y 放弃（" + keptText(d.Kept()) + "）  n 修改")
		}
	}
	if m := fieldMessage(fd); m != "" {
		if d, ok := fd.(drafter); ok && d.Question() != "" {
			return st.Warning.Render(m)
		}
		return st.Error.Render(st.G.Cross + " " + m)
	}
	return ""
}

// cellWidth is the width of the text area at field index i in a form
// width wide (other fields report their width through render).
func (fm *form) cellWidth(i int, width int) int {
	return max(width-4, 4)
}

// cellsWidth is the width of a row's fixed cells with their gaps.
func cellsWidth(r row) int {
	w := 0
	for i, c := range r.cells {
		if i == 0 && r.labelField {
			continue
		}
		w += c.width + 1
	}
	return w
}

// labelWidth is the label column of a row for the given form width.
func (fm *form) labelWidth(width int, r row) int {
	lw := fm.labelW
	if cw := cellsWidth(r); 2+lw+cw > width {
		lw = max(width-2-cw, 0)
	}
	return lw
}

// render lays out every row in width columns; it returns the lines and
// where each field landed.
func (fm *form) render(f *domain.Filing, width int, st *Styles) ([]string, []fieldPos) {
	var lines []string
	pos := make([]fieldPos, len(fm.refs))
	fi := 0
	focusRow := -1
	if fm.focus >= 0 && fm.focus < len(fm.refs) {
		focusRow = fm.refs[fm.focus][0]
	}
	fm.headOf = fm.headOf[:0]
	head := -1
	defer func() {
		for len(fm.headOf) < len(lines) {
			fm.headOf = append(fm.headOf, head)
		}
	}()
	for ri, r := range fm.rows {
		for len(fm.headOf) < len(lines) {
			fm.headOf = append(fm.headOf, head)
		}
		marker := "  "
		if ri == focusRow {
			marker = st.G.Pointer + " "
		}
		if r.kind == rowCells && len(r.cells) > 0 && r.cells[0].head {
			head = len(lines)
		}
		switch r.kind {
		case rowHeading:
			head = -1
			lines = append(lines, st.Title.Render(truncate(r.label, width, st.G.Ellipsis)))
			continue
		case rowNote:
			for _, l := range wrapText(r.label, max(width-2, 4)) {
				lines = append(lines, "  "+st.Subtle.Render(l))
			}
			continue
		case rowText:
			for _, l := range wrapText(r.cells[0].calc(f), max(width-4, 4)) {
				lines = append(lines, "    "+st.Computed.Render(l))
			}
			continue
		case rowArea:
			lines = append(lines, marker+st.Label.Render(truncate(r.label, width-2, st.G.Ellipsis)))
			for _, c := range r.cells {
				if c.field == nil {
					continue
				}
				w := max(width-4, 4)
				ls, _, _ := c.field.View(w, fi == fm.focus, st)
				pos[fi] = fieldPos{y: len(lines), x: 4, h: len(ls), w: w}
				for _, l := range ls {
					lines = append(lines, "    "+l)
				}
				fi++
			}
			continue
		}
		lines, fi = fm.renderCells(f, r, marker, width, st, lines, pos, fi)
	}
	return lines, pos
}

// renderCells lays out a row of label and cells after lines, noting
// where its fields (from index fi) land in pos; it returns the lines and
// the next field index.
func (fm *form) renderCells(f *domain.Filing, r row, marker string, width int, st *Styles, lines []string, pos []fieldPos, fi int) ([]string, int) {
	lw := fm.labelWidth(width, r)
	label := r.label
	x := 2
	var b strings.Builder
	if displayWidth(label) > lw {
		// The label does not fit beside the cells: give it a line.
		lines = append(lines, marker+truncate(label, width-2, st.G.Ellipsis))
		marker = "  "
		label = ""
	}
	skip := 0
	if r.labelField && lw < 12 && len(r.cells) > 1 && r.cells[0].field != nil {
		// A name typed in the label's place that has no room beside
		// the amounts gets a line of its own, shown whole.
		ls, _, _ := r.cells[0].field.View(width-2, fi == fm.focus, st)
		pos[fi] = fieldPos{y: len(lines), x: 2, h: 1, w: width - 2}
		fi++
		lines = append(lines, marker+ls[0])
		marker, skip = "  ", 1
		b.WriteString(marker + strings.Repeat(" ", lw))
		x += lw
	} else {
		b.WriteString(marker)
	}
	if !r.labelField {
		b.WriteString(pad(label, lw))
		x += lw
	}
	y := len(lines)
	for i, c := range r.cells {
		if i < skip {
			continue
		}
		w := c.width
		if i == 0 && r.labelField {
			w = lw
		} else {
			b.WriteByte(' ')
			x++
			if w == 0 {
				rest := 0
				for _, n := range r.cells[i+1:] {
					rest += n.width + 1
				}
				w = max(width-x-rest, 4)
			}
		}
		switch {
		case c.field != nil:
			ls, _, _ := c.field.View(w, fi == fm.focus, st)
			pos[fi] = fieldPos{y: y, x: x, h: 1, w: w}
			fi++
			b.WriteString(ls[0])
		case c.head:
			b.WriteString(st.Subtle.Render(pad(c.calc(f), w)))
		case c.calc != nil:
			b.WriteString(st.Computed.Render(pad(c.calc(f), w)))
		default:
			b.WriteString(strings.Repeat(" ", w))
		}
		x += w
	}
	lines = append(lines, b.String())
	return lines, fi
}

// view renders the visible part of the form: height lines from the scroll
// offset, and the cursor inside it (ok false when no text cursor is shown).
func (fm *form) view(f *domain.Filing, width, height int, st *Styles) (out []string, cx, cy int, ok bool) {
	var lines []string
	var pos []fieldPos
	if l := fm.laid; l != nil && l.width == width && l.height == height {
		lines, pos = l.lines, l.pos
	} else {
		fm.fitAreas(height)
		lines, pos = fm.render(f, width, st)
	}
	fm.laid = nil
	off := min(fm.offset, max(len(lines)-height, 0))
	end := min(off+height, len(lines))
	out = append([]string(nil), lines[off:end]...)
	if off > 0 && off < len(fm.headOf) && fm.headOf[off] >= 0 && fm.headOf[off] < off && len(out) > 1 {
		// Scrolled under column headings: they stay on the top line.
		out[0] = lines[fm.headOf[off]]
	}
	for i, l := range out {
		if displayWidth(l) > width {
			out[i] = truncate(l, width, "")
		}
	}
	if fd := fm.focused(); fd != nil {
		p := pos[fm.focus]
		_, x, y := fd.View(p.w, true, st)
		if _, isButton := fd.(*ButtonField); !isButton {
			cx, cy, ok = p.x+x, p.y+y-off, true
			if cy < 0 || cy >= height {
				ok = false
			}
		}
	}
	return out, cx, cy, ok
}

// fitAreas lets the text areas grow with the window: they share what is
// left of height after a few lines of labels and headings.
func (fm *form) fitAreas(height int) {
	var areas []*AreaField
	for i := range fm.refs {
		if a, ok := fm.field(i).(*AreaField); ok {
			areas = append(areas, a)
		}
	}
	for _, a := range areas {
		a.grow = (height - 4 - 2*len(areas)) / max(len(areas), 1)
	}
}

// scroll adjusts the offset so that the focused field (and the label line
// above a text area) is visible in height lines.
//
// The layout is kept for the next view at the same size, unless
// forgetLayout is called first: call it whenever the form or the filing
// may change before that view.
func (fm *form) scroll(f *domain.Filing, width, height int, st *Styles) {
	fm.fitAreas(height)
	lines, pos := fm.render(f, width, st)
	fm.laid = &formLayout{width: width, height: height, lines: lines, pos: pos}
	if fm.focus == 0 || len(pos) == 0 {
		fm.offset = 0
		return
	}
	p := pos[fm.focus]
	top := max(p.y-1, 0)
	if top < fm.offset {
		fm.offset = top
	}
	if p.y+p.h > fm.offset+height {
		fm.offset = p.y + p.h - height
	}
	fm.offset = max(min(fm.offset, len(lines)-height), 0)
}

// forgetLayout drops the layout scroll kept for the next view.
func (fm *form) forgetLayout() { fm.laid = nil }
