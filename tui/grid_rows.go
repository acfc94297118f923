package tui

import (
	"fmt"
	"slices"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// This file holds the grid's row actions, on the shared RowKeyMap: insert,
// delete, move, copy a row, and copy an indicator of 附件2 into a 附件3
// table. Each names its change (g.changed) so that Ctrl+Z takes it back.

// addRow inserts e after the current row, under the current 二级 when e
// has none, and opens its 三级指标 for typing when edit is set.
func (g *grid) addRow(f *domain.Filing, e domain.Indicator, edit bool) bool {
	at := g.insertRow(f, e)
	g.col = colName
	g.ensureVisible()
	g.changed("添加指标"+rowLabel(e.Name), g.path)
	if edit {
		g.startEdit(f, "", false)
	}
	return at >= 0
}

// insertRow puts e after the current row (at the end of an empty table),
// under the current row's 二级 when e has none, selects it and returns its
// index.
func (g *grid) insertRow(f *domain.Filing, e domain.Indicator) int {
	p := g.rows(f)
	i := g.cur()
	if e.Level2 == "" {
		if i >= 0 {
			e.Level1, e.Level2 = (*p)[i].Level1, (*p)[i].Level2
		} else if len(g.rules.Levels) > 0 && len(g.rules.Levels[0].Level2) > 0 {
			e.Level1, e.Level2 = g.rules.Levels[0].Name, g.rules.Levels[0].Level2[0]
		}
	}
	at := len(*p)
	if i >= 0 {
		at = i + 1
	}
	*p = slices.Insert(*p, at, e)
	g.scores = slices.Insert(g.scores, at, domain.ScoreRow(e, g.rules))
	g.relayout(f, false)
	g.sel = g.pos[at]
	return at
}

func (g *grid) deleteRow(f *domain.Filing) bool {
	i := g.cur()
	if i < 0 {
		return false
	}
	p := g.rows(f)
	name := (*p)[i].Name
	*p = slices.Delete(*p, i, i+1)
	g.scores = slices.Delete(g.scores, i, i+1)
	g.relayout(f, false)
	g.ensureVisible()
	g.note = "已删除指标“" + name + "”"
	g.changed("删除指标"+rowLabel(name), g.path)
	return true
}

// moveRow swaps the current row with its neighbour in the same 二级 group.
func (g *grid) moveRow(f *domain.Filing, d int) bool {
	j := g.sel + d
	if g.cur() < 0 {
		return false
	}
	if j < 0 || j >= len(g.order) {
		if d < 0 {
			g.note = "已是第一行，不能再上移"
		} else {
			g.note = "已是最后一行，不能再下移"
		}
		return false
	}
	rows := *g.rows(f)
	a, b := g.order[g.sel], g.order[j]
	if rows[a].Level1 != rows[b].Level1 || rows[a].Level2 != rows[b].Level2 {
		g.note = "已在本组（" + rows[a].Level2 + "）的边上；改变二级指标请按 " + g.km.Level2.Help().Key
		return false
	}
	rows[a], rows[b] = rows[b], rows[a]
	g.scores[a], g.scores[b] = g.scores[b], g.scores[a]
	g.relayout(f, false)
	g.sel = g.pos[b]
	g.ensureVisible()
	g.changed("移动指标"+rowLabel(rows[b].Name), fmt.Sprintf("%s.%d", g.path, b))
	return true
}

// copyRow inserts a copy of the current row after it and selects the
// copy's 三级指标.
func (g *grid) copyRow(f *domain.Filing) bool {
	i := g.cur()
	if i < 0 {
		return false
	}
	r := (*g.rows(f))[i]
	if r.ReviewScore != nil {
		v := *r.ReviewScore
		r.ReviewScore = &v
	}
	at := g.insertRow(f, r)
	g.col = colName
	g.ensureVisible()
	g.note = "已复制指标“" + r.Name + "”，请修改副本"
	g.changed("复制指标"+rowLabel(r.Name), fmt.Sprintf("%s.%d", g.path, at))
	return true
}

// openCopyFrom lists 附件2's indicators to copy one into this 附件3 table;
// in 附件2's own grid it says the key does not apply.
func (g *grid) openCopyFrom(f *domain.Filing) {
	if !g.project() {
		g.note = "“" + g.rk.CopyFromOverall.Help().Desc + "”只用于附件3 项目表；本表是" + g.what
		return
	}
	if len(f.Overall.Indicators) == 0 {
		g.note = "附件2 还没有绩效指标可复制"
		return
	}
	g.pick = picker{title: "从附件2复制指标到本表", hint: "↑/↓ 选择  Enter 复制三级指标和年度指标值  Esc 取消"}
	for _, r := range f.Overall.Indicators {
		g.pick.items = append(g.pick.items, termsafe.String(r.Name+"  "+r.Target+"（"+r.Level2+"）"))
	}
	g.mode = gmCopyFrom
}

// copyFrom copies indicator n of 附件2 into the table: its 一级, 二级,
// 三级指标 and 年度指标值 (with the split parts); what was achieved and
// scored belongs to 附件2 and is left blank.
func (g *grid) copyFrom(f *domain.Filing, n int) bool {
	src := f.Overall.Indicators[n]
	e := domain.Indicator{Level1: src.Level1, Level2: src.Level2, Name: src.Name, Target: src.Target,
		Direction: src.Direction, Comparator: src.Comparator, Value: src.Value, Unit: src.Unit}
	at := g.insertRow(f, e)
	g.col = colActual
	g.ensureVisible()
	g.note = "已从附件2复制“" + src.Name + "”，请填写实际完成值、分值和得分"
	g.changed("从附件2复制指标"+rowLabel(src.Name), fmt.Sprintf("%s.%d", g.path, at))
	return true
}
