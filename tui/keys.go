package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key of the program, declared once and shown by the
// bubbles help component. No action needs a mouse, Shift+Enter or
// Ctrl+Enter, so PuTTY, Xshell and macOS Terminal over SSH can send them all.
type KeyMap struct {
	// Wizard.
	NextField, PrevField, NextStep, PrevStep, Back, Help, Save, Quit, Findings,
	AddRow, DelRow, MoveUp, MoveDown key.Binding
	// Filing list and welcome screen.
	Up, Down, Open, New, Carry, Delete, Undelete, Import, Filter, Sample, ListQuit key.Binding
	// Dialogs.
	Yes, No, Reload, SaveCopy, Confirm, Cancel key.Binding
}

// DefaultKeyMap returns the key bindings with Chinese help.
func DefaultKeyMap() KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), help))
	}
	return KeyMap{
		NextField: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("Tab/↓", "下一项")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("S-Tab/↑", "上一项")),
		NextStep:  key.NewBinding(key.WithKeys("ctrl+n", "pgdown"), key.WithHelp("^N/PgDn", "下一步")),
		PrevStep:  key.NewBinding(key.WithKeys("ctrl+p", "pgup"), key.WithHelp("^P/PgUp", "上一步")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", "返回列表")),
		Help:      key.NewBinding(key.WithKeys("f1", "?"), key.WithHelp("F1/?", "帮助")),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("^S", "立即保存")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("^C", "保存并退出")),
		Findings:  key.NewBinding(key.WithKeys("f2", "ctrl+f"), key.WithHelp("F2/^F", "问题清单")),
		AddRow:    key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("^O", "插入一行")),
		DelRow:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("^X", "删除本行")),
		MoveUp:    key.NewBinding(key.WithKeys("alt+up", "f7"), key.WithHelp("Alt-↑/F7", "上移本行")),
		MoveDown:  key.NewBinding(key.WithKeys("alt+down", "f8"), key.WithHelp("Alt-↓/F8", "下移本行")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "上移")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "下移")),
		Open:     b("打开", "enter"),
		New:      b("新建填报", "n"),
		Carry:    b("结转下年", "c"),
		Delete:   b("删除", "d"),
		Undelete: b("撤销删除", "u"),
		Import:   b("导入JSON", "i"),
		Filter:   b("筛选", "/"),
		Sample:   b("载入示例", "s"),
		ListQuit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "退出")),

		Yes:      b("是", "y"),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/Esc", "否")),
		Reload:   b("载入他人版本", "r"),
		SaveCopy: b("另存为副本", "c"),
		Confirm:  b("确定", "enter"),
		Cancel:   b("取消", "esc"),
	}
}

func keyLabel(keys []string) string {
	switch keys[0] {
	case "enter":
		return "Enter"
	case "esc":
		return "Esc"
	}
	return keys[0]
}

// wizardHelp is the help of the wizard screen.
type wizardHelp struct {
	k    KeyMap
	list bool // the focused row is in an editable list
}

// ShortHelp implements help.KeyMap.
func (h wizardHelp) ShortHelp() []key.Binding {
	s := []key.Binding{h.k.NextField, h.k.NextStep, h.k.PrevStep, h.k.Findings, h.k.Save, h.k.Back, h.k.Help}
	if h.list {
		s = append([]key.Binding{h.k.AddRow, h.k.DelRow}, s...)
	}
	return s
}

// FullHelp implements help.KeyMap.
func (h wizardHelp) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{
		{k.NextField, k.PrevField, k.NextStep, k.PrevStep},
		{k.AddRow, k.DelRow, k.MoveUp, k.MoveDown},
		{k.Findings, k.Save, k.Back, k.Quit, k.Help},
	}
}

// listHelp is the help of the filing list.
type listHelp struct{ k KeyMap }

// ShortHelp implements help.KeyMap.
func (h listHelp) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Open, k.New, k.Carry, k.Delete, k.Undelete, k.Import, k.Filter, k.ListQuit}
}

// FullHelp implements help.KeyMap.
func (h listHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// welcomeHelp is the help of the welcome screen.
type welcomeHelp struct{ k KeyMap }

// ShortHelp implements help.KeyMap.
func (h welcomeHelp) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Open, k.New, k.Sample, k.Import, k.ListQuit}
}

// FullHelp implements help.KeyMap.
func (h welcomeHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
