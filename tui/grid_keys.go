package tui

import "charm.land/bubbles/v2/key"

// GridKeyMap is the indicator grid's own keys; its row keys (插入, 删除,
// 移动, 复制) are the shared RowKeyMap. Every binding is matched with
// key.Matches by the grid, and the grid's help (ShortHelp, FullHelp) shows
// only those of the mode it is in.
type GridKeyMap struct {
	// Moving between cells while a cell is selected.
	Up, Down, Left, Right, Home, End key.Binding
	// Acting on the selected cell or row.
	Edit, Clear, Level2, Library, Band, Split key.Binding
	// Editing a cell: Commit stores it, CommitNext stores it and goes to
	// the next cell, Cancel gives the typing up.
	Commit, CommitNext, Cancel key.Binding
	// GiveUp answers the question after an invalid edit with 放弃; Retry
	// (any other key) goes back to the text.
	GiveUp, Retry key.Binding
	// Yes and No answer the question before a row is deleted.
	Yes, No key.Binding
	// In a list (二级指标, 档次, 指标库, 附件2's indicators) and in the paste
	// preview: move, choose, cancel; SwitchTab changes the 一级 of the
	// 二级指标 list.
	PrevItem, NextItem, Choose, SwitchTab key.Binding
	// In the split target editor (指标方向, 指标性质, 指标值, 度量单位).
	NextPart, PrevPart key.Binding
}

// DefaultGridKeyMap returns the grid's keys with Chinese help.
func DefaultGridKeyMap() GridKeyMap {
	return GridKeyMap{
		Up:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "上一行")),
		Down:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "下一行")),
		Left:  key.NewBinding(key.WithKeys("left", "shift+tab"), key.WithHelp("←/Shift+Tab", "左一格")),
		Right: key.NewBinding(key.WithKeys("right", "tab"), key.WithHelp("→/Tab", "右一格")),
		Home:  key.NewBinding(key.WithKeys("home"), key.WithHelp("Home", "行首")),
		End:   key.NewBinding(key.WithKeys("end"), key.WithHelp("End", "行尾")),

		Edit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "编辑单元格")),
		Clear:   key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("Del", "清空单元格")),
		Level2:  key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "二级指标")),
		Library: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "指标库")),
		Band:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "达成档次")),
		Split:   key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("Ctrl+E", "分项编辑年度指标值")),

		Commit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "确定")),
		CommitNext: key.NewBinding(key.WithKeys("tab"), key.WithHelp("Tab", "确定并到下一格")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "取消")),

		GiveUp: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "放弃输入")),
		Retry:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "继续修改")),

		Yes: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "删除")),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/Esc", "不删除")),

		PrevItem:  key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑", "上一项")),
		NextItem:  key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓", "下一项")),
		Choose:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "确定")),
		SwitchTab: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "切换一级指标")),

		NextPart: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("Tab/↓", "下一项")),
		PrevPart: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("Shift+Tab/↑", "上一项")),
	}
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
