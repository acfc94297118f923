package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// The grid is a help.KeyMap: the footer and F1 show its bindings.
var _ help.KeyMap = (*grid)(nil)

// GridKeyMap is the indicator grid's own keys; its row keys (插入, 删除,
// 移动, 复制) are the shared RowKeyMap. Every binding is matched with
// key.Matches by the grid, and the grid's help (ShortHelp, FullHelp) shows
// only those of the mode it is in.
type GridKeyMap struct {
	GridMoveKeys
	GridCellKeys
	GridEditKeys
	GridListKeys
}

// GridMoveKeys move between cells while a cell is selected.
type GridMoveKeys struct {
	Up, Down, Left, Right, Home, End key.Binding
}

// GridCellKeys act on the selected cell or row: edit, clear, choose the
// 二级指标, open the indicator library, choose the band, edit the split
// target.
type GridCellKeys struct {
	Edit, Clear, Level2, Library, Band, Split key.Binding
}

// GridEditKeys answer while a cell is edited or a question is asked.
type GridEditKeys struct {
	// Commit stores the cell, CommitNext stores it and goes to the next
	// cell, Cancel gives the typing up.
	Commit, CommitNext, Cancel key.Binding
	// GiveUp answers the question after an invalid edit with 放弃; Retry
	// (any other key) goes back to the text.
	GiveUp, Retry key.Binding
	// Yes and No answer the question before a row is deleted.
	Yes, No key.Binding
}

// GridListKeys work in a list (二级指标, 档次, 指标库, 附件2's indicators),
// the paste preview and the split target editor.
type GridListKeys struct {
	// PrevItem, NextItem and Choose move and choose; SwitchTab changes the
	// 一级 of the 二级指标 list.
	PrevItem, NextItem, Choose, SwitchTab key.Binding
	// NextPart and PrevPart move between 指标方向, 指标性质, 指标值, 度量单位.
	NextPart, PrevPart key.Binding
}

// DefaultGridKeyMap returns the grid's keys with Chinese help.
func DefaultGridKeyMap() GridKeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(gridKeyName(keys[0]), help))
	}
	return GridKeyMap{
		GridMoveKeys{
			Up:    b("上一行", "up"),
			Down:  b("下一行", "down"),
			Left:  key.NewBinding(key.WithKeys("left", "shift+tab"), key.WithHelp("←/Shift+Tab", "左一格")),
			Right: key.NewBinding(key.WithKeys("right", "tab"), key.WithHelp("→/Tab", "右一格")),
			Home:  b("行首", "home"),
			End:   b("行尾", "end"),
		},
		GridCellKeys{
			Edit:    b("编辑单元格", "enter"),
			Clear:   b("清空单元格", "delete", "backspace"),
			Level2:  b("二级指标", "g"),
			Library: b("指标库", "l"),
			Band:    b("达成档次", "b"),
			Split:   b("分项编辑年度指标值", "ctrl+e"),
		},
		GridEditKeys{
			Commit:     b("确定", "enter"),
			CommitNext: b("确定并到下一格", "tab"),
			Cancel:     b("取消", "esc"),
			GiveUp:     b("放弃输入", "y", "Y"),
			Retry:      b("继续修改", "n", "esc"),
			Yes:        b("删除", "y", "Y"),
			No:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/Esc", "不删除")),
		},
		GridListKeys{
			PrevItem:  b("上一项", "up", "shift+tab"),
			NextItem:  b("下一项", "down", "tab"),
			Choose:    b("确定", "enter"),
			SwitchTab: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "切换一级指标")),
			NextPart:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("Tab/↓", "下一项")),
			PrevPart:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("Shift+Tab/↑", "上一项")),
		},
	}
}

// gridKeyNames are the names finance staff know for bubbles' key names.
var gridKeyNames = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→", "home": "Home", "end": "End",
	"enter": "Enter", "esc": "Esc", "tab": "Tab", "delete": "Del", "ctrl+e": "Ctrl+E",
}

// gridKeyName is how a key is named in help: Ctrl+E, Enter, ↑; a letter as
// itself.
func gridKeyName(k string) string {
	if n, ok := gridKeyNames[k]; ok {
		return n
	}
	return k
}

// ShortHelp implements help.KeyMap: the keys that work in the grid's
// current mode, the most useful first (the footer drops from the end).
func (g *grid) ShortHelp() []key.Binding {
	k, r := g.km, g.rk
	switch g.mode {
	case gmEdit, gmArea:
		if g.asking {
			return []key.Binding{k.GiveUp, k.Retry}
		}
		return []key.Binding{k.Commit, k.CommitNext, k.Cancel}
	case gmDelete:
		return []key.Binding{k.Yes, k.No}
	case gmLevel2:
		return []key.Binding{k.PrevItem, k.NextItem, k.SwitchTab, k.Choose, k.Cancel}
	case gmBand, gmLibrary, gmCopyFrom, gmPaste:
		return []key.Binding{k.PrevItem, k.NextItem, k.Choose, k.Cancel}
	case gmSplit:
		return []key.Binding{k.NextPart, k.PrevPart, k.Commit, k.Cancel}
	}
	if g.cur() < 0 {
		s := []key.Binding{r.Add, k.Library}
		if g.project() {
			s = append(s, r.CopyFromOverall)
		}
		return s
	}
	s := []key.Binding{k.Edit, r.Add, r.Delete, r.MoveUp, r.MoveDown, r.Copy}
	if g.project() {
		s = append(s, r.CopyFromOverall)
	}
	s = append(s, k.Level2, k.Library)
	if g.qualitative(g.cur()) {
		s = append(s, k.Band)
	}
	return append(s, k.Split, k.Clear)
}

// FullHelp implements help.KeyMap: the current mode's keys in groups.
func (g *grid) FullHelp() [][]key.Binding {
	if g.mode != gmNav {
		return [][]key.Binding{g.ShortHelp()}
	}
	k, r := g.km, g.rk
	rows := []key.Binding{r.Add, r.Delete, r.MoveUp, r.MoveDown, r.Copy}
	if g.project() {
		rows = append(rows, r.CopyFromOverall)
	}
	cell := []key.Binding{k.Edit, k.Clear, k.Split, k.Level2, k.Library}
	if g.qualitative(g.cur()) {
		cell = append(cell, k.Band)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.Left, k.Right, k.Home, k.End},
		cell,
		rows,
	}
}
