package tui

import "charm.land/bubbles/v2/key"

// KeyMap holds the program's named key bindings, shown by the bubbles help
// component. Not every key is here yet: some screens (the review, the
// history, the list's dialogs, the editor's Ctrl+U/K/W/A/E) still match
// literal key strings. No action needs a mouse, Shift+Enter or
// Ctrl+Enter, so PuTTY, Xshell and macOS Terminal over SSH can send them all.
type KeyMap struct {
	// Wizard.
	NextField, PrevField, NextStep, PrevStep, Back, Help, Save, Quit, Findings,
	AddRow, DelRow, MoveUp, MoveDown key.Binding
	// Undo and Redo take a change of the editing session back and again.
	Undo, Redo key.Binding
	// Wizard screens of issue 5: review and history from anywhere in the
	// wizard, the 附件4 section switch.
	Review, History, PrevSection, NextSection key.Binding
	// Indicator grid.
	GridEdit, GridAdd, GridDel, GridUp, GridDown, GridLevel2, GridLibrary, GridBand, GridClear key.Binding
	// 附件3 project list.
	ProjAdd, ProjFromBasic, ProjRename, ProjDel, ProjOpen key.Binding
	// Review view and history.
	Search, NextMatch, PrevMatch, Mark, Diff, Restore, NameVersion key.Binding
	// 复核与导出 exports.
	ExportText, ExportCSV, ExportXLSX, ExportMD, ExportJSON, ExportDocx key.Binding
	// Filing list and welcome screen.
	Up, Down, Open, New, Carry, Delete, Undelete, Import, Filter, Sample, ListQuit, ListReview, ListHistory key.Binding
	// Dialogs.
	Yes, No, Reload, SaveCopy, KeepMine, Confirm, Cancel key.Binding
	// Shared use (serve): try to edit a read-only filing; the grants
	// screen and its keys.
	TryEdit, Grants, GrantAdd, GrantRevoke key.Binding
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
		Undo:      key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("Ctrl+Z", "撤销")),
		Redo:      key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("Ctrl+Y", "重做")),

		Review:      key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", "复核视图")),
		History:     key.NewBinding(key.WithKeys("f4"), key.WithHelp("F4", "历史版本")),
		PrevSection: key.NewBinding(key.WithKeys("f5", "alt+left"), key.WithHelp("F5", "上一节")),
		NextSection: key.NewBinding(key.WithKeys("f6", "alt+right"), key.WithHelp("F6", "下一节")),

		GridEdit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", "编辑单元格")),
		GridAdd:     b("添加指标", "a"),
		GridDel:     b("删除指标", "D"),
		GridUp:      key.NewBinding(key.WithKeys("K", "alt+up"), key.WithHelp("K/Alt-↑", "上移")),
		GridDown:    key.NewBinding(key.WithKeys("J", "alt+down"), key.WithHelp("J/Alt-↓", "下移")),
		GridLevel2:  b("二级指标", "g"),
		GridLibrary: b("指标库", "l"),
		GridBand:    b("达成档次", "b"),
		GridClear:   key.NewBinding(key.WithKeys("delete", "backspace"), key.WithHelp("Del", "清空单元格")),

		ProjAdd:       b("新建项目表", "a"),
		ProjFromBasic: b("从附件1生成", "f"),
		ProjRename:    b("改名", "r"),
		ProjDel:       b("删除", "D"),
		ProjOpen:      b("打开", "enter"),

		Search:      b("搜索", "/"),
		NextMatch:   b("下一个", "n"),
		PrevMatch:   b("上一个", "N"),
		Mark:        key.NewBinding(key.WithKeys("space", "m"), key.WithHelp("空格", "选为比较基准")),
		Diff:        b("比较", "enter"),
		Restore:     b("恢复为新版本", "r"),
		NameVersion: b("命名版本", "N"),

		ExportText: b("导出文本", "t"),
		ExportCSV:  b("导出CSV", "c"),
		ExportXLSX: b("导出Excel", "x"),
		ExportMD:   b("导出报告MD", "m"),
		ExportJSON: b("导出JSON", "j"),
		ExportDocx: b("导出Word", "w"),

		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "上移")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "下移")),
		Open:        b("打开", "enter"),
		New:         b("新建填报", "n"),
		Carry:       b("结转下年", "c"),
		Delete:      b("删除", "d"),
		Undelete:    b("撤销删除", "u"),
		Import:      b("导入JSON", "i"),
		Filter:      b("筛选", "/"),
		Sample:      b("载入示例", "s"),
		ListReview:  b("复核视图", "v"),
		ListHistory: b("历史版本", "h"),
		ListQuit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "退出")),

		Yes:      b("是", "y"),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/Esc", "否")),
		Reload:   b("载入他人版本", "r"),
		SaveCopy: b("另存为副本", "c"),
		KeepMine: b("保留本窗口的修改", "k"),
		Confirm:  b("确定", "enter"),
		Cancel:   b("取消", "esc"),

		TryEdit:     b("尝试编辑", "e"),
		Grants:      b("授权管理", "g"),
		GrantAdd:    b("添加授权", "a"),
		GrantRevoke: b("撤销授权", "d"),
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
	k        KeyMap
	readOnly bool // another session edits the filing
	list     bool // the focused row is in an editable list
	// extra are the keys of the step's own screen (grid, project list …).
	extra []key.Binding
}

// ShortHelp implements help.KeyMap.
func (h wizardHelp) ShortHelp() []key.Binding {
	if h.readOnly {
		return []key.Binding{h.k.TryEdit, h.k.NextField, h.k.NextStep, h.k.PrevStep, h.k.Findings, h.k.Back, h.k.Help}
	}
	s := []key.Binding{h.k.NextField, h.k.NextStep, h.k.PrevStep, h.k.Findings, h.k.Save, h.k.Back, h.k.Help}
	if h.extra != nil {
		return append(append([]key.Binding(nil), h.extra...), h.k.NextStep, h.k.Findings, h.k.Back, h.k.Help)
	}
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
		{k.AddRow, k.DelRow, k.MoveUp, k.MoveDown, k.Undo, k.Redo},
		{k.Findings, k.Review, k.History, k.Save, k.Back, k.Quit, k.Help},
		{k.GridEdit, k.GridAdd, k.GridDel, k.GridUp, k.GridDown, k.GridLevel2, k.GridLibrary, k.GridBand, k.GridClear},
		{k.ProjOpen, k.ProjAdd, k.ProjFromBasic, k.ProjRename, k.ProjDel, k.PrevSection, k.NextSection},
		{k.ExportText, k.ExportCSV, k.ExportXLSX, k.ExportDocx, k.ExportMD, k.ExportJSON, k.Search, k.NextMatch, k.PrevMatch},
	}
}

// listHelp is the help of the filing list; admin adds the grants screen.
type listHelp struct {
	k     KeyMap
	admin bool
}

// ShortHelp implements help.KeyMap.
func (h listHelp) ShortHelp() []key.Binding {
	k := h.k
	s := []key.Binding{k.Open, k.New, k.Carry, k.Delete, k.Undelete, k.Import, k.Filter, k.ListReview, k.ListHistory}
	if h.admin {
		s = append(s, k.Grants)
	}
	return append(s, k.ListQuit)
}

// FullHelp implements help.KeyMap.
func (h listHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// welcomeHelp is the help of the welcome screen; admin adds the grants
// screen.
type welcomeHelp struct {
	k     KeyMap
	admin bool
}

// ShortHelp implements help.KeyMap.
func (h welcomeHelp) ShortHelp() []key.Binding {
	k := h.k
	s := []key.Binding{k.Open, k.New, k.Sample, k.Import}
	if h.admin {
		s = append(s, k.Grants)
	}
	return append(s, k.ListQuit)
}

// FullHelp implements help.KeyMap.
func (h welcomeHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
