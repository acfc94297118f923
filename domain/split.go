package domain

import "strings"

// This file keeps an indicator's 年度指标值 in its two forms in step: the
// combined text of the official forms (Indicator.Target, "≥95%") and the
// split columns of the 预算管理一体化 system (Direction 正向/反向,
// Comparator ≥, Value 95, Unit %). A document may give either form; Decode
// fills in the one left out and Encode writes both. Scoring always reads
// the combined text (EffectiveTarget).

// The two values of Indicator.Direction.
const (
	DirectionPositive = "正向"
	DirectionReverse  = "反向"
)

// HasSplitTarget reports whether any of the split target columns is filled.
func (i Indicator) HasSplitTarget() bool {
	return strings.TrimSpace(i.Direction+i.Comparator+i.Value+i.Unit) != ""
}

// ComposeTarget returns the combined 年度指标值 the split columns spell:
// comparator, value and unit run together ("≥" "95" "%" gives "≥95%"). With
// no comparator a direction stands for one (正向 ≥, 反向 ≤), so that
// {反向, 5, %} reads "≤5%"; a value alone (a qualitative wording such as
// 及时) is returned as it is. "" when Value is blank.
func (i Indicator) ComposeTarget() string {
	value := strings.TrimSpace(i.Value)
	if value == "" {
		return ""
	}
	cmp := strings.TrimSpace(i.Comparator)
	if cmp == "" && numberRe.MatchString(value) {
		switch strings.TrimSpace(i.Direction) {
		case DirectionPositive:
			cmp = AtLeast.Symbol()
		case DirectionReverse:
			cmp = AtMost.Symbol()
		}
	}
	return cmp + value + strings.TrimSpace(i.Unit)
}

// EffectiveTarget is the 年度指标值 the row is scored against: Target, or
// when it is blank the one the split columns spell (ComposeTarget).
func (i Indicator) EffectiveTarget() string {
	if strings.TrimSpace(i.Target) != "" {
		return i.Target
	}
	return i.ComposeTarget()
}

// SyncTarget makes one form of the target follow the other after the
// filer edited it. With fromSplit, Target becomes ComposeTarget (blank when
// the split Value is blank). Otherwise the split columns are derived from
// Target: a quantitative target gives its comparator symbol (≥ > ≤ < =),
// value and unit, and Direction 正向 for ≥ and >, 反向 for ≤ and <, and
// blank for =; a qualitative target gives Value = the text and blank
// comparator, unit and direction; a blank or unreadable target clears
// them. Decode calls it for the form a document leaves out.
//
// A split derived from Target (here, or read equal to what Target gives)
// follows Target from then on: after Target alone is edited, Encode writes
// the split derived from the new Target and Check does not compare the
// stale one with it. Split columns given or edited on their own are kept
// as they are.
func (i *Indicator) SyncTarget(fromSplit bool) {
	if fromSplit {
		i.Target = i.ComposeTarget()
		i.markDerived()
		return
	}
	i.Direction, i.Comparator, i.Value, i.Unit = splitOf(i.Target)
	i.splitFrom = i.Target
}

// markDerived records Target as the split's source when the split is
// exactly what Target gives.
func (i *Indicator) markDerived() {
	i.splitFrom = ""
	if d, c, v, u := splitOf(i.Target); d == i.Direction && c == i.Comparator && v == i.Value && u == i.Unit {
		i.splitFrom = i.Target
	}
}

// staleSplit reports whether the split columns were derived from an
// earlier Target and left untouched since: they are to be derived again.
func (i Indicator) staleSplit() bool {
	if i.splitFrom == "" || i.splitFrom == i.Target {
		return false
	}
	d, c, v, u := splitOf(i.splitFrom)
	return d == i.Direction && c == i.Comparator && v == i.Value && u == i.Unit
}

// splitOf derives the split columns from a combined target.
func splitOf(target string) (direction, comparator, value, unit string) {
	t, err := ParseTarget(target)
	switch {
	case err != nil || t.Text == "":
		return "", "", "", ""
	case !t.Quantitative:
		return "", "", t.Text, ""
	}
	return directionOf(t.Cmp), t.Cmp.Symbol(), t.Value.String(), t.Unit
}

// directionOf is the 指标方向 a comparator implies; "" for =.
func directionOf(c Comparator) string {
	switch c {
	case AtLeast, MoreThan:
		return DirectionPositive
	case AtMost, LessThan:
		return DirectionReverse
	}
	return ""
}

// fillTargets completes the form of every indicator's target a decoded
// document left out.
func fillTargets(f *Filing) {
	fill := func(rows []Indicator) {
		for k := range rows {
			r := &rows[k]
			switch {
			case strings.TrimSpace(r.Target) == "" && r.HasSplitTarget():
				r.SyncTarget(true)
			case strings.TrimSpace(r.Target) != "" && !r.HasSplitTarget():
				r.SyncTarget(false)
			default:
				r.markDerived()
			}
		}
	}
	fill(f.Overall.Indicators)
	for i := range f.Projects {
		fill(f.Projects[i].Indicators)
	}
}

// withSplitTargets returns rows with the split columns derived where they
// are blank or stale (staleSplit), copying the slice only when a row
// changes.
func withSplitTargets(rows []Indicator) []Indicator {
	out, copied := rows, false
	for k, r := range rows {
		if !r.staleSplit() && (strings.TrimSpace(r.Target) == "" || r.HasSplitTarget()) {
			continue
		}
		if !copied {
			out, copied = append([]Indicator(nil), rows...), true
		}
		out[k].SyncTarget(false)
	}
	return out
}

// splitFindings reports split columns that disagree with the combined
// target or with themselves: a target the split spells differently
// (indicator.split_mismatch, Target is what is scored), a direction other
// than 正向 or 反向, a comparator that is not one, and a direction against
// the comparator (indicator.direction_mismatch).
func (c *checker) splitFindings(row Indicator, label string, loc func(string) Location) {
	if !row.HasSplitTarget() || row.staleSplit() {
		return
	}
	dir := strings.TrimSpace(row.Direction)
	if dir != "" && dir != DirectionPositive && dir != DirectionReverse {
		c.add(Error, "indicator.direction_invalid", loc("direction"), "%s的指标方向“%s”无效，应为“%s”或“%s”", label, row.Direction, DirectionPositive, DirectionReverse)
		dir = ""
	}
	cmpText := strings.TrimSpace(row.Comparator)
	var cmp Comparator
	if cmpText != "" {
		found, rest, ok := findComparator(normalizeMeasure(cmpText))
		if !ok || rest != "" {
			c.add(Error, "indicator.comparator_invalid", loc("comparator"), "%s的指标性质“%s”无效，应为 ≥、>、≤、< 或 =", label, row.Comparator)
		} else {
			cmp = found
		}
	}
	if cmp != 0 && dir != "" && directionOf(cmp) != "" && directionOf(cmp) != dir {
		c.add(Error, "indicator.direction_mismatch", loc("direction"), "%s的指标方向为“%s”，但指标性质为“%s”（%s指标应为%s）", label, dir, cmpText, dir, directionHint(dir))
	}
	target := strings.TrimSpace(row.Target)
	composed := row.ComposeTarget()
	if target == "" || composed == "" || sameTarget(target, composed) {
		return
	}
	c.add(Error, "indicator.split_mismatch", loc("target"), "%s的年度指标值“%s”与拆分填写的指标性质、指标值、度量单位（%s）不一致，按年度指标值“%s”评分；请改正其中一处", label, target, composed, target)
}

func directionHint(dir string) string {
	if dir == DirectionReverse {
		return "≤ 或 <"
	}
	return "≥ 或 >"
}

// sameTarget reports whether two wordings of a 年度指标值 mean the same
// target: the same comparator, value and unit when quantitative, the same
// text (full-width and spacing folded) when not.
func sameTarget(a, b string) bool {
	ta, ea := ParseTarget(a)
	tb, eb := ParseTarget(b)
	if ea != nil || eb != nil || !ta.Quantitative || !tb.Quantitative {
		return ea == nil && eb == nil && ta.Quantitative == tb.Quantitative && normalizeMeasure(a) == normalizeMeasure(b)
	}
	return ta.Cmp == tb.Cmp && ta.Value.Equal(tb.Value) && ta.Unit == tb.Unit
}
