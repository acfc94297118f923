package importer

import (
	"regexp"
	"strings"
	"unicode"
)

// cell is one cell of a table row after merges are resolved: its text
// (paragraphs joined by "\n"), the first grid column it covers and how many.
type cell struct {
	text      string
	col, span int
	// cont marks a cell covered by a vertical merge from above; its text is
	// that of the merge's first cell.
	cont bool
	// image is set when the cell holds a picture (a signature, a stamp).
	image bool
}

// item is a paragraph or a table row, in document order.
type item struct {
	para bool
	// cells holds the row's cells; a paragraph is one cell.
	cells []cell
	// sheet marks the paragraph a workbook's sheet starts with (its name).
	sheet bool
	// where names the item for the report, e.g. "第3张表格第5行" or the
	// sheet and row of a workbook.
	where string
}

// text is a paragraph's text or the row's cells joined by a space.
func (it item) text() string {
	var parts []string
	for _, c := range it.cells {
		if t := strings.TrimSpace(c.text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(dedupe(parts), " ")
}

// filled returns the cells with text that are not repeats of a merge.
func (it item) filled() []cell {
	var out []cell
	for _, c := range it.cells {
		if !c.cont && strings.TrimSpace(c.text) != "" {
			out = append(out, c)
		}
	}
	return out
}

// single reports whether the item is a paragraph or a row with one filled
// cell, and returns that text.
func (it item) single() (string, bool) {
	if it.para {
		return strings.TrimSpace(it.cells[0].text), true
	}
	f := it.filled()
	if len(f) == 1 {
		return strings.TrimSpace(f[0].text), true
	}
	return "", false
}

func dedupe(parts []string) []string {
	var out []string
	for i, p := range parts {
		if i > 0 && p == parts[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// norm is a label reduced for matching: no white space or line breaks,
// full-width brackets and colons folded to ASCII.
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == '（':
			b.WriteByte('(')
		case r == '）':
			b.WriteByte(')')
		case r == '：':
			b.WriteByte(':')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// joinLines removes the line breaks a narrow cell puts inside a label
// (经济效\n益指标 → 经济效益指标) and trims it.
func joinLines(s string) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimSpace(l))
	}
	return b.String()
}

// cellText is a free-text cell as the filing keeps it: lines trimmed, blank
// lines at either end dropped.
func cellText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " \t\u3000")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

var (
	numPrefixRe = regexp.MustCompile(`^(?:\d+[、.．]|\(\d+\)|[一二三四五六七八九十]+、|其中:)`)
	weightRe    = regexp.MustCompile(`\([0-9.]+分\)$`)
)

// key is a row label reduced to its name: normalized (norm), without list
// numbers ("1、", "(1)", "一、"), "其中：" or a trailing colon.
func key(s string) string {
	k := norm(s)
	for {
		loc := numPrefixRe.FindStringIndex(k)
		if loc == nil || loc[1] == 0 {
			break
		}
		k = k[loc[1]:]
	}
	return strings.TrimRight(k, ":")
}

// level is an indicator level label without its weight: "产出指标\n(50分)" →
// 产出指标.
func level(s string) string {
	return weightRe.ReplaceAllString(norm(s), "")
}
