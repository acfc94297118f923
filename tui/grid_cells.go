package tui

import (
	"fmt"
	"reflect"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// This file holds what a cell's text does to its row: the one validation
// that typed, cleared and pasted cells all go through (applyCell), and the
// commit of an edit.

// applyCell stores v in column c of r, or returns why v is not valid
// there; r is unchanged then. Figures are parsed as typed (全角 digits,
// thousands separators); a 分值 may not be negative and a 得分 or 复核分
// may not exceed the 分值. A new 年度指标值 brings the split parts along
// (domain.Indicator.SyncTarget).
func applyCell(r *domain.Indicator, c gridCol, v string) error {
	switch c {
	case colName:
		r.Name = v
	case colTarget:
		if v != r.Target {
			r.Target = v
			r.SyncTarget(false)
		}
	case colActual:
		r.Actual = v
	case colDeviation:
		r.Deviation = v
	case colWeight, colScore, colReview:
		a, err := domain.ParseAmount(v)
		if err != nil {
			return err
		}
		weight, score := r.Weight, r.Score
		switch c {
		case colWeight:
			if a.IsNegative() {
				return fmt.Errorf("分值%s小于0，分值不能为负数", a.Text())
			}
			weight = a
		case colScore:
			score = a
		}
		if c == colReview {
			if err := checkScore(a, weight); err != nil {
				return err
			}
		} else if err := checkScore(score, weight); err != nil {
			return err
		}
		switch c {
		case colWeight:
			r.Weight = a
		case colScore:
			r.Score = a
		case colReview:
			if a.IsSet() {
				r.ReviewScore = &a
			} else {
				r.ReviewScore = nil
			}
		}
	}
	return nil
}

// checkScore refuses a 得分 above its 分值 with the reason.
func checkScore(score, weight domain.Amount) error {
	if !score.IsSet() || !weight.IsSet() {
		return nil
	}
	return domain.ValidateScore(score, weight)
}

// sameIndicator reports whether two rows hold the same values.
func sameIndicator(a, b domain.Indicator) bool { return reflect.DeepEqual(a, b) }

// shortCell reports whether column c is edited in place (the long texts,
// 三级指标 and 偏差, open the text overlay).
func shortCell(c gridCol) bool { return c != colName && c != colDeviation }

// startEdit opens the current cell for editing; with typed text, the
// short cells start from it and the long ones append it.
func (g *grid) startEdit(f *domain.Filing, typed string, replace bool) {
	i := g.cur()
	if i < 0 {
		return
	}
	r := (*g.rows(f))[i]
	g.err = ""
	if !shortCell(g.col) {
		g.mode = gmArea
		g.ed = editor{multiline: g.col == colDeviation, limit: areaLimit}
		g.ed.SetValue(g.cellText(r, g.col))
		if typed != "" {
			g.ed.Insert(typed)
		}
		g.updateDraft(f)
		return
	}
	g.mode = gmEdit
	g.ed = editor{limit: lineLimit}
	if replace {
		g.ed.SetValue("")
		g.ed.Insert(typed)
	} else {
		g.ed.SetValue(g.cellText(r, g.col))
	}
	g.updateDraft(f)
}

// updateDraft scores the row with the text being typed (one row: O(1)).
func (g *grid) updateDraft(f *domain.Filing) {
	i := g.cur()
	if i < 0 || g.mode != gmEdit {
		g.draft = nil
		return
	}
	r := (*g.rows(f))[i]
	v := g.ed.Value()
	if g.col == colTarget || g.col == colActual {
		v = strings.TrimSpace(v)
	}
	if err := applyCell(&r, g.col, v); err != nil {
		g.err = err.Error()
		g.draft = nil
		return
	}
	g.err = ""
	rs := domain.ScoreRow(r, g.rules)
	g.draft = &rs
}

// commit writes the edited text to the row; ok is false (and the editor
// stays open with the reason) when the text is not valid.
func (g *grid) commit(f *domain.Filing) (changed, ok bool) {
	i := g.cur()
	if i < 0 {
		g.mode = gmNav
		return false, true
	}
	v := g.ed.Value()
	if g.col == colName || g.col == colTarget || g.col == colActual {
		v = strings.TrimSpace(v)
	}
	r := (*g.rows(f))[i]
	if err := applyCell(&r, g.col, v); err != nil {
		g.err = err.Error()
		return false, false
	}
	g.mode, g.err, g.draft = gmNav, "", nil
	return g.setCell(f, i, g.col, v), true
}

// setCell stores text in column c of row i and re-scores that row; a
// filed score of a qualitative row is kept inside its band. Text that is
// not valid is refused with the reason in g.err.
func (g *grid) setCell(f *domain.Filing, i int, c gridCol, v string) bool {
	rows := *g.rows(f)
	r := &rows[i]
	before := *r
	if err := applyCell(r, c, v); err != nil {
		g.err = err.Error()
		return false
	}
	g.scores[i] = domain.ScoreRow(*r, g.rules)
	g.clampBand(r, i)
	if sameIndicator(*r, before) {
		return false
	}
	g.relayout(f, false)
	g.changed(rowLabel(r.Name)+gridTitles[c], fmt.Sprintf("%s.%d.%s", g.path, i, gridFields[c]))
	return true
}

// changed records the label and path of a change for undo.
func (g *grid) changed(label, path string) {
	g.change, g.changePath = label, path
}

// rowLabel names an indicator row in an undo message.
func rowLabel(name string) string {
	if name == "" {
		return "新指标"
	}
	return "“" + name + "”"
}

// clampBand keeps the filed score of a qualitative row inside the band in
// force (the filer's or the suggested one).
func (g *grid) clampBand(r *domain.Indicator, i int) {
	if !g.qualitative(i) || !r.Score.IsSet() {
		return
	}
	band := g.scores[i].Band
	lo, hi, ok := g.rules.BandScores(band, r.Weight.Decimal())
	if !ok {
		return
	}
	s := r.Score.Decimal()
	switch {
	case s.LessThan(lo):
		r.Score = domain.Dec(domain.Round2(lo))
	case s.GreaterThan(hi):
		r.Score = domain.Dec(domain.Round2(hi))
	default:
		return
	}
	g.note = fmt.Sprintf("“%s”档得分应在%s至%s之间，已调整为%s", band, lo.StringFixed(2), hi.StringFixed(2), r.Score.Fixed2())
	g.scores[i] = domain.ScoreRow(*r, g.rules)
}

// gridTyping reports whether k is text typed into a cell (not a command).
func gridTyping(k tea.KeyPressMsg) bool {
	return k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && k.Text != "" && k.Text != "?"
}
