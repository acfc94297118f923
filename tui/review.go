package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/report"
)

// reviewLoadedMsg brings a filing to review from the list.
type reviewLoadedMsg struct {
	f   *domain.Filing
	err error
}

// viewer is the read-only review of a whole filing: exactly the text of
// report.Text (what `jixiao show` prints), scrollable, with / search, n / N
// and the lines naming a finding's row marked.
type viewer struct {
	f        *domain.Filing
	findings []domain.Finding
	ascii    bool
	width    int

	lines []string
	marks []bool // the line names a row that has a finding
	names []string

	offset, hoff int
	searching    bool
	q            editor
	query        string
	matches      []int
	mi           int
	note         string
}

func newViewer(f *domain.Filing, findings []domain.Finding, ascii bool) *viewer {
	v := &viewer{f: f, findings: findings, ascii: ascii, q: editor{limit: 100}}
	// The row names quoted in the findings (“环境整治次数”) mark the lines.
	seen := map[string]bool{}
	for _, fd := range findings {
		if fd.Severity == domain.Info {
			continue
		}
		msg := fd.Message
		for {
			i := strings.Index(msg, "“")
			if i < 0 {
				break
			}
			rest := msg[i+len("“"):]
			j := strings.Index(rest, "”")
			if j < 0 {
				break
			}
			name := rest[:j]
			msg = rest[j:]
			if len([]rune(name)) >= 2 && !seen[name] {
				seen[name] = true
				v.names = append(v.names, name)
			}
		}
	}
	return v
}

// layout renders the text for width (again only when the width changed).
func (v *viewer) layout(width int) {
	if v.width == width && v.lines != nil {
		return
	}
	v.width = width
	var b strings.Builder
	if err := report.Text(&b, v.f, report.TextOptions{ASCII: v.ascii, Width: width}); err != nil {
		b.WriteString("无法生成复核文本：" + err.Error())
	}
	v.lines = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for i, l := range v.lines {
		v.lines[i] = termsafe.String(l)
	}
	v.marks = make([]bool, len(v.lines))
	for i, l := range v.lines {
		next := ""
		if i+1 < len(v.lines) {
			next = v.lines[i+1]
		}
		for _, n := range v.names {
			// A name wrapped in its cell onto the next line is marked on
			// its first.
			if strings.Contains(l, n) || wrappedIn(l, next, n) {
				v.marks[i] = true
				break
			}
		}
	}
	if v.query != "" {
		v.search(false)
	}
}

// search finds every line holding the query (case-insensitive) and, with
// jump, goes to the first match at or after the top line.
func (v *viewer) search(jump bool) {
	v.matches = v.matches[:0]
	q := strings.ToLower(v.query)
	pq := searchText(q)
	next := ""
	for i := len(v.lines) - 1; i >= 0; i-- {
		l := strings.ToLower(v.lines[i])
		pl := searchText(l)
		// A word wrapped onto the next line still matches on its first line.
		if q != "" && (strings.Contains(l, q) || (pq != "" && strings.Contains(pl+next, pq) && !strings.Contains(next, pq))) {
			v.matches = append(v.matches, i)
		}
		next = pl
	}
	slices.Reverse(v.matches)
	v.mi = 0
	if !jump {
		return
	}
	if len(v.matches) == 0 {
		v.note = "找不到“" + v.query + "”"
		return
	}
	for k, ln := range v.matches {
		if ln >= v.offset {
			v.mi = k
			break
		}
	}
	v.show()
}

// searchText drops table borders and spaces so that text wrapped inside a
// cell or a paragraph can be matched across the line break.
func searchText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '|' || r == '+' || (r >= 0x2500 && r <= 0x257f) {
			return -1
		}
		return r
	}, s)
}

// wrappedIn reports whether name starts in a cell of line and goes on in
// the same cell of next (a table row whose name wraps).
func wrappedIn(line, next, name string) bool {
	isBar := func(r rune) bool { return r == '|' || r == '│' || r == '┃' }
	a, b := strings.FieldsFunc(line, isBar), strings.FieldsFunc(next, isBar)
	n := searchText(name)
	for j := range min(len(a), len(b)) {
		x, y := searchText(a[j]), searchText(b[j])
		if x != "" && y != "" && !strings.Contains(y, n) && strings.Contains(x+y, n) {
			return true
		}
	}
	return false
}

// show scrolls to the current match.
func (v *viewer) show() {
	if len(v.matches) == 0 {
		return
	}
	v.offset = max(v.matches[v.mi]-3, 0)
	v.note = fmt.Sprintf("“%s”：第 %d/%d 处", v.query, v.mi+1, len(v.matches))
}

func (v *viewer) help(k KeyMap) []key.Binding {
	if v.searching {
		return []key.Binding{k.Dialog.Confirm, k.Dialog.Cancel}
	}
	r := k.Review
	return []key.Binding{r.Up, r.Down, r.PageDown, r.Search, r.NextMatch, r.PrevMatch, r.Close}
}

// update handles a key or paste; done is true when the view is closed.
func (v *viewer) update(msg tea.Msg, height int) (done bool) {
	if p, ok := msg.(tea.PasteMsg); ok {
		if v.searching {
			v.q.Insert(p.Content)
		}
		return false
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false
	}
	if v.searching {
		switch {
		case key.Matches(k, defaultKeys.Dialog.Cancel):
			v.searching = false
		case key.Matches(k, defaultKeys.Dialog.Confirm):
			v.searching = false
			v.query = strings.TrimSpace(v.q.Value())
			v.search(true)
		default:
			v.q.HandleKey(k, 0)
		}
		return false
	}
	page := max(height-4, 1)
	v.note = ""
	km := defaultKeys.Review
	switch {
	case key.Matches(k, km.Close):
		return true
	case key.Matches(k, km.Up):
		v.offset--
	case key.Matches(k, km.Down):
		v.offset++
	case key.Matches(k, km.PageDown):
		v.offset += page
	case key.Matches(k, km.PageUp):
		v.offset -= page
	case key.Matches(k, km.Top):
		v.offset = 0
	case key.Matches(k, km.Bottom):
		v.offset = len(v.lines)
	case key.Matches(k, km.Left):
		v.hoff = max(v.hoff-10, 0)
	case key.Matches(k, km.Right):
		v.hoff += 10
	case key.Matches(k, km.Search):
		// A fresh query each time; the last one is shown as a hint.
		v.searching = true
		v.q.SetValue("")
	case key.Matches(k, km.NextMatch):
		if len(v.matches) > 0 {
			v.mi = (v.mi + 1) % len(v.matches)
			v.show()
		}
	case key.Matches(k, km.PrevMatch):
		if len(v.matches) > 0 {
			v.mi = (v.mi + len(v.matches) - 1) % len(v.matches)
			v.show()
		}
	}
	v.offset = max(min(v.offset, len(v.lines)-page), 0)
	return false
}

// view renders the review in width × height.
func (v *viewer) view(st *Styles, hm helpView, width, height int) (string, *tea.Cursor) {
	v.layout(max(width-2, 20))
	bodyH := max(height-3, 1)
	off := max(min(v.offset, len(v.lines)-bodyH), 0)
	out := make([]string, 0, height)
	marked := 0
	for _, m := range v.marks {
		if m {
			marked++
		}
	}
	title := fmt.Sprintf("复核：%d年度 %s（只读；与 jixiao show 相同）", v.f.Year, termsafe.String(v.f.Unit))
	out = append(out, st.Title.Render(pad(truncate(title, width, st.G.Ellipsis), width)))
	cur := -1
	if len(v.matches) > 0 {
		cur = v.matches[v.mi]
	}
	isMatch := map[int]bool{}
	for _, m := range v.matches {
		if m >= off && m < off+bodyH {
			isMatch[m] = true
		}
	}
	for i := off; i < off+bodyH; i++ {
		if i >= len(v.lines) {
			out = append(out, "")
			continue
		}
		gutter := "  "
		if v.marks[i] {
			gutter = st.Warning.Render("!") + " "
		}
		line := v.lines[i]
		if v.hoff > 0 {
			line = ansi.Cut(line, v.hoff, v.hoff+width-2)
		}
		line = pad(line, width-2)
		switch {
		case i == cur:
			line = st.Selected.Render(line)
		case isMatch[i]:
			line = st.OK.Render(line)
		case v.marks[i]:
			line = st.Warning.Render(line)
		}
		out = append(out, gutter+line)
	}
	var c *tea.Cursor
	status := fmt.Sprintf("第 %d–%d 行，共 %d 行；! 标出有问题的指标或项目（%d 行）", off+1, min(off+bodyH, len(v.lines)), len(v.lines), marked)
	if v.note != "" {
		status = v.note
	}
	if v.searching {
		s, x := v.q.viewLine(max(width-10, 4))
		status = "搜索：" + st.Focused.Render(pad(s, max(width-10, 4)))
		c = tea.NewCursor(displayWidth("搜索：")+x, len(out))
		c.Blink = false
	}
	out = append(out, pad(status, width), pad(hm(v.help), width))
	return strings.Join(out, "\n"), c
}

// helpView renders a short help for a set of bindings.
type helpView func(func(KeyMap) []key.Binding) string
