package tui

import (
	"fmt"

	"jixiao/domain"
)

// buildGoals is the 附件2 年度目标 step: the numbered lists 预期目标 and
// 实际完成情况, each line a wrapped text area; lines are added, deleted and
// moved with the list keys.
func buildGoals(f *domain.Filing, st *Styles) ([]row, int) {
	return goalRows(f, "overall.goals", func(f *domain.Filing) *domain.Goals { return &f.Overall.Goals }), 4
}

// goalRows are the numbered 预期目标 and 实际完成情况 lists of the goals at
// path (附件2 or one 附件3 table).
func goalRows(f *domain.Filing, path string, goals func(*domain.Filing) *domain.Goals) []row {
	var rows []row
	list := func(title, what, path string, p func(*domain.Filing) *[]string) {
		ref := sliceList(what, p, func() string { return "" })
		rows = append(rows, row{kind: rowHeading, label: title})
		for i := range *p(f) {
			rows = append(rows, row{kind: rowArea, label: fmt.Sprintf("%d.", i+1), list: ref(i), cells: []cell{{field: NewAreaField(
				fmt.Sprintf("%s.%d", path, i), fmt.Sprintf("%s第%d条", what, i+1), 4, false,
				func(f *domain.Filing) string { return (*p(f))[i] },
				func(f *domain.Filing, s string) { (*p(f))[i] = s })}}})
		}
		br := ref(len(*p(f)) - 1)
		br.button = true
		rows = append(rows, row{list: br, cells: []cell{{field: NewButton(path+".add", "＋ 添加一条"+what, func(f *domain.Filing) {
			*p(f) = append(*p(f), "")
		})}}})
	}
	list("年度总体目标：预期目标", "预期目标", path+".expected", func(f *domain.Filing) *[]string { return &goals(f).Expected })
	list("年度总体目标：实际完成情况", "实际完成情况", path+".actual", func(f *domain.Filing) *[]string { return &goals(f).Actual })
	return rows
}
