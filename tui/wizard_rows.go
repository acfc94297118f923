package tui

// The row keys of the forms' lists.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// newRowKey is the key of the first field of the row just added by the
// add button with key addKey ("….add").
func newRowKey(addKey string, f *domain.Filing) string {
	base, ok := strings.CutSuffix(addKey, ".add")
	if !ok {
		return addKey
	}
	n := 0
	switch base {
	case "basic_data.project_spending.district_special":
		n = len(f.BasicData.ProjectSpending.DistrictSpecial)
	case "basic_data.project_spending.higher_transfer":
		n = len(f.BasicData.ProjectSpending.HigherTransfer)
	case "basic_data.buildings":
		n = len(f.BasicData.Buildings)
	case "overall.goals.expected":
		n = len(f.Overall.Goals.Expected)
	case "overall.goals.actual":
		n = len(f.Overall.Goals.Actual)
	default:
		var p int
		var which string
		if _, err := fmt.Sscanf(strings.ReplaceAll(base, ".", " "), "projects %d goals %s", &p, &which); err == nil && p >= 0 && p < len(f.Projects) {
			if which == "expected" {
				n = len(f.Projects[p].Goals.Expected)
			} else {
				n = len(f.Projects[p].Goals.Actual)
			}
		}
	}
	return fmt.Sprintf("%s.%d", base, n-1)
}

// listBase is the key prefix of the list a field key belongs to, and the
// index: "overall.goals.expected.2" → "overall.goals.expected", 2.
func listKey(l *listRef, key string, index int) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		var n int
		if _, err := fmt.Sscanf(p, "%d", &n); err == nil && fmt.Sprint(n) == p {
			parts[i] = fmt.Sprint(index)
			return strings.Join(parts[:i+1], ".")
		}
		if p == "add" {
			parts[i] = fmt.Sprint(index)
			return strings.Join(parts[:i+1], ".")
		}
	}
	return key
}

func (w *wizard) addRow(l *listRef) tea.Cmd {
	fk := w.form().focused().Key()
	at := l.index
	if l.button {
		at = l.count(w.f) - 1
	}
	l.add(w.f, at)
	w.rebuild(listKey(l, fk, at+1))
	w.note = "已插入一行" + l.what
	return w.changed()
}

func (w *wizard) deleteRow() tea.Cmd {
	row := w.form().focusedRow()
	if row == nil || row.list == nil || row.list.button {
		return nil
	}
	l := row.list
	fk := w.form().focused().Key()
	l.del(w.f, l.index)
	n := l.count(w.f)
	target := listKey(l, fk, min(l.index, n-1))
	if n == 0 {
		target = listKey(l, fk, 0)
		target = target[:strings.LastIndexByte(target, '.')] + ".add"
	}
	w.rebuild(target)
	w.note = "已删除一行" + l.what
	return w.changed()
}

func (w *wizard) moveRow(l *listRef, d int) tea.Cmd {
	if l.button {
		return nil
	}
	j := l.index + d
	if j < 0 || j >= l.count(w.f) {
		return nil
	}
	fk := w.form().focused().Key()
	l.swap(w.f, l.index, j)
	// Keep the same field of the moved row focused.
	old := listKey(l, fk, l.index)
	nk := listKey(l, fk, j) + strings.TrimPrefix(fk, old)
	w.rebuild(nk)
	return w.changed()
}
