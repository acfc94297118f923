package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// This file is the split target editor: 年度指标值 edited as the 预算管理一体化
// system keeps it, in four parts (指标方向, 指标性质, 指标值, 度量单位). The
// combined text follows the parts (Indicator.SyncTarget); editing the
// combined cell makes the parts follow it.

// splitParts are the titles of the parts, in the editor's order.
var splitParts = [4]string{"指标方向", "指标性质", "指标值", "度量单位"}

// splitEditor holds the four parts being edited.
type splitEditor struct {
	eds   [4]editor
	focus int
	// opened are the parts as the editor opened with them: Enter on them
	// unchanged keeps the combined text as written (≧ stays ≧).
	opened [4]string
}

// comparatorSymbols maps what may be typed as 指标性质 to the symbol stored.
var comparatorSymbols = map[string]string{
	"≥": "≥", "≧": "≥", ">=": "≥", "＞＝": "≥", "＞=": "≥",
	"≤": "≤", "≦": "≤", "<=": "≤", "＜＝": "≤", "＜=": "≤",
	">": ">", "＞": ">", "<": "<", "＜": "<", "=": "=", "＝": "=",
}

// openSplit opens the split editor on the current row.
func (g *grid) openSplit(f *domain.Filing) {
	i := g.cur()
	if i < 0 {
		return
	}
	r := (*g.rows(f))[i]
	if !r.HasSplitTarget() {
		r.SyncTarget(false)
	}
	s := &splitEditor{}
	for j, v := range []string{r.Direction, r.Comparator, r.Value, r.Unit} {
		s.eds[j] = editor{limit: lineLimit}
		s.eds[j].SetValue(v)
		s.opened[j] = v
	}
	g.split, g.mode = s, gmSplit
}

// parts returns the row with the parts as typed, or why they are not
// valid (see setSplitPart); the target they spell must be readable.
func (s *splitEditor) parts(r domain.Indicator) (domain.Indicator, error) {
	for j := range s.eds {
		if err := setSplitPart(&r, j, s.eds[j].Value()); err != nil {
			return r, err
		}
	}
	r.SyncTarget(true)
	if r.Target != "" {
		if _, err := domain.ParseTarget(r.Target); err != nil {
			return r, err
		}
	}
	return r, nil
}

// setSplitPart stores part j (in splitParts' order) of r's target, or
// says why v is not valid there: 指标方向 is 正向, 反向 or blank, 指标性质 one
// of ≥ ≤ = > < (typed forms such as >= are stored as the symbol) or blank.
func setSplitPart(r *domain.Indicator, j int, v string) error {
	v = strings.TrimSpace(v)
	switch j {
	case 0:
		if v != "" && v != domain.DirectionPositive && v != domain.DirectionReverse {
			return fmt.Errorf("指标方向“%s”无效，应为“%s”或“%s”", v, domain.DirectionPositive, domain.DirectionReverse)
		}
		r.Direction = v
	case 1:
		if v != "" {
			sym, ok := comparatorSymbols[v]
			if !ok {
				return fmt.Errorf("指标性质“%s”无效，应为 ≥、≤、=、> 或 <", v)
			}
			v = sym
		}
		r.Comparator = v
	case 2:
		r.Value = v
	case 3:
		r.Unit = v
	}
	return nil
}

// splitKey handles a key in the split editor.
func (g *grid) splitKey(f *domain.Filing, k tea.KeyPressMsg) bool {
	km, s := g.km, g.split
	switch {
	case key.Matches(k, km.Cancel):
		g.mode, g.split = gmNav, nil
		return false
	case key.Matches(k, km.NextPart):
		s.focus = (s.focus + 1) % len(s.eds)
		return false
	case key.Matches(k, km.PrevPart):
		s.focus = (s.focus + len(s.eds) - 1) % len(s.eds)
		return false
	case key.Matches(k, km.Commit):
		i := g.cur()
		rows := *g.rows(f)
		if s.unchanged() {
			g.mode, g.split = gmNav, nil
			return false
		}
		r, err := s.parts(rows[i])
		if err != nil {
			// The editor shows the reason under the parts; it stays open.
			return false
		}
		g.mode, g.split = gmNav, nil
		if sameIndicator(r, rows[i]) {
			return false
		}
		rows[i] = r
		g.scores[i] = domain.ScoreRow(r, g.rules)
		g.clampBand(&rows[i], i)
		g.relayout(f, false)
		g.changed(rowLabel(r.Name)+"的年度指标值（分项）", fmt.Sprintf("%s.%d.target", g.path, i))
		return true
	}
	s.eds[s.focus].HandleKey(k, 0)
	return false
}

// unchanged reports whether every part is as the editor opened.
func (s *splitEditor) unchanged() bool {
	for j := range s.eds {
		if s.eds[j].Value() != s.opened[j] {
			return false
		}
	}
	return true
}

// paste puts pasted text into the focused part.
func (s *splitEditor) paste(text string) {
	s.eds[s.focus].Insert(text)
}

// splitView renders the split editor and the cursor in the focused part.
func (g *grid) splitView(f *domain.Filing, st *Styles, width, height int) ([]string, int, int, bool) {
	s := g.split
	i := g.cur()
	r := (*g.rows(f))[i]
	out := []string{
		st.Title.Render(truncate("分项编辑年度指标值："+termsafe.String(r.Name), width, st.G.Ellipsis)),
		st.Subtle.Render(truncate("现为：“"+termsafe.String(r.Target)+"”", width, st.G.Ellipsis)),
		"",
	}
	lw := 10
	cx, cy := 0, 0
	for j, ed := range s.eds {
		label := pad(splitParts[j]+"：", lw)
		fw := max(min(width-lw-2, 30), 4)
		line, x := ed.viewLine(fw)
		sty := st.Value
		mark := "  "
		if j == s.focus {
			sty, mark = st.Focused, st.G.Pointer+" "
			cx, cy = 2+lw+x, len(out)
		}
		out = append(out, mark+label+sty.Render(pad(line, fw)))
	}
	out = append(out, "")
	if r2, err := s.parts(r); err != nil {
		for _, l := range wrapText(st.G.Cross+" "+err.Error(), max(width, 8)) {
			out = append(out, st.Error.Render(l))
		}
	} else {
		for _, l := range wrapText("年度指标值将为：“"+termsafe.String(r2.Target)+"”", max(width, 8)) {
			out = append(out, st.OK.Render(l))
		}
	}
	for _, l := range wrapText("指标方向填 正向 或 反向；指标性质填 ≥ ≤ = > < 之一；四项都可留空。", max(width, 8)) {
		out = append(out, st.Subtle.Render(l))
	}
	for len(out) < height {
		out = append(out, "")
	}
	return out[:height], cx, cy, cy < height
}
