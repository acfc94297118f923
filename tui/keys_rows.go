package tui

import "charm.land/bubbles/v2/key"

// RowKeyMap is the row keys shared by every screen that has rows — the
// forms' row lists (附件1 楼堂馆所, 项目支出 …), the indicator grid and the
// 附件3 project list — so that a key means the same thing everywhere. A
// screen where one does not apply answers it with a message rather than
// ignoring it.
type RowKeyMap struct {
	Add, Delete, MoveUp, MoveDown, Copy key.Binding
	// CopyFromOverall copies an indicator of 附件2 into the open 附件3 table.
	CopyFromOverall key.Binding
}

// DefaultRowKeyMap returns the row keys with Chinese help. Every key is a
// Ctrl, Alt or function key, so none of them collides with typing.
func DefaultRowKeyMap() RowKeyMap {
	return RowKeyMap{
		Add:             key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("Ctrl+O", "插入一行")),
		Delete:          key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("Ctrl+X", "删除本行")),
		MoveUp:          key.NewBinding(key.WithKeys("alt+up", "f7"), key.WithHelp("Alt+↑/F7", "上移本行")),
		MoveDown:        key.NewBinding(key.WithKeys("alt+down", "f8"), key.WithHelp("Alt+↓/F8", "下移本行")),
		Copy:            key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("Ctrl+D", "复制本行")),
		CopyFromOverall: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("Ctrl+T", "从附件2复制指标")),
	}
}
