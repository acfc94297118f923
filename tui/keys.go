package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap holds the key bindings of every screen, one KeyMap per screen or
// component as in the bubbles components: each is matched with
// key.Matches in its screen's code and shown by help from the same
// bindings. Keys are named as finance staff know them (Ctrl+N, Shift+Tab,
// Alt+1, F1). No action needs a mouse, Shift+Enter or Ctrl+Enter, so
// PuTTY, Xshell and macOS Terminal over SSH can send them all.
type KeyMap struct {
	Wizard   WizardKeyMap
	Rows     RowKeyMap
	Findings FindingsKeyMap
	Dialog   DialogKeyMap
	Editor   EditorKeyMap
	Form     FormKeyMap
	Picker   PickerKeyMap
	Projects ProjectsKeyMap
	Report   ReportKeyMap
	Export   ExportKeyMap
	List     ListKeyMap
	NewDlg   NewFilingKeyMap
	Recover  RecoverKeyMap
	Import   ImportKeyMap
	Review   ReviewKeyMap
	History  HistoryKeyMap
	Grants   GrantsKeyMap
	// Grid is the indicator grid's own keys (grid_keys.go); its row
	// actions are Rows.
	Grid GridKeyMap
}

// WizardKeyMap is the wizard's own keys: moving between fields and steps,
// saving, leaving and the overlays.
type WizardKeyMap struct {
	NextStep, PrevStep key.Binding
	// JumpStep is Alt+1 … Alt+9 (terminals send ESC and the digit);
	// StepPicker opens the list of steps.
	JumpStep, StepPicker                              key.Binding
	Back, Help, Save, Quit, Findings, Review, History key.Binding
	// Undo and Redo take a change of the editing session back and again.
	Undo, Redo key.Binding
	// TryEdit asks for the edit lock of a read-only filing.
	TryEdit key.Binding
	// ScrollUp and ScrollDown scroll the read-only steps.
	ScrollUp, ScrollDown key.Binding
	// Panels hides the sidebar and the score panel (their figures then
	// sit in a header line) and shows them again.
	Panels key.Binding
}

// FindingsKeyMap is the keys of the F2 findings list.
type FindingsKeyMap struct{ Up, Down, Jump, Close key.Binding }

// DialogKeyMap is the keys of the questions: yes/no, the save conflict.
type DialogKeyMap struct {
	Yes, No, Confirm, Cancel   key.Binding
	Reload, SaveCopy, KeepMine key.Binding
}

// EditorKeyMap is the keys of a text being typed (a field, a cell, a
// dialog's input).
type EditorKeyMap struct {
	Left, Right, Home, End, Backspace, Delete key.Binding
	// KillBefore, KillAfter and KillWord delete to the line's start, to its
	// end and the word before the cursor.
	KillBefore, KillAfter, KillWord key.Binding
	// Newline breaks the line of a multi-line text; LineUp and LineDown
	// move between its lines.
	Newline, LineUp, LineDown key.Binding
	// Paste is Ctrl+V, which never reads the server's clipboard.
	Paste key.Binding
}

// FormKeyMap is the keys a form answers itself.
type FormKeyMap struct {
	// Next and Prev move the focus; Press presses a button; Toggle goes
	// to the next value of a choice.
	Next, Prev, Press, Toggle key.Binding
}

// PickerKeyMap is the keys of a list to choose from (二级指标, 达成档次,
// the 指标库, the steps).
type PickerKeyMap struct{ Up, Down, PrevTab, NextTab, Choose, Cancel key.Binding }

// ProjectsKeyMap is the keys of the 附件3 project list.
type ProjectsKeyMap struct {
	Up, Down, Open, Add, FromBasic, Rename, Delete, Close key.Binding
}

// ReportKeyMap is the keys of 附件4: the section switch and the preview.
type ReportKeyMap struct {
	PrevSection, NextSection, Up, Down, Page, Top key.Binding
}

// ExportKeyMap is the keys of 复核与导出.
type ExportKeyMap struct {
	Up, Down, Jump, Review                key.Binding
	Text, CSV, XLSX, MD, JSON, Docx, Back key.Binding
}

// ListKeyMap is the keys of the filing list and the welcome screen.
type ListKeyMap struct {
	Up, Down, Open, New, Carry, Delete, Undelete, Import, Filter, Sample key.Binding
	Review, History, Grants, Quit, FilterDone, FilterClear               key.Binding
}

// NewFilingKeyMap is the keys of the new-filing prompt.
type NewFilingKeyMap struct{ Next, Prev, Toggle, Confirm, Cancel key.Binding }

// RecoverKeyMap is the keys of the recovery offer.
type RecoverKeyMap struct{ Restore, Discard, Later key.Binding }

// ImportKeyMap is the keys of the import dialog.
type ImportKeyMap struct{ Up, Down, Refresh, Open, Cancel key.Binding }

// ReviewKeyMap is the keys of the review view (F3).
type ReviewKeyMap struct {
	Up, Down, PageDown, PageUp, Top, Bottom, Left, Right key.Binding
	Search, NextMatch, PrevMatch, Close                  key.Binding
}

// HistoryKeyMap is the keys of the history screen (F4).
type HistoryKeyMap struct {
	Up, Down, PageDown, PageUp, Mark, Diff, Restore, Name, Close, CloseView key.Binding
}

// GrantsKeyMap is the keys of the grants screen (serve).
type GrantsKeyMap struct{ Up, Down, Add, Revoke, Close, Switch key.Binding }

// bind is a binding whose help shows label.
func bind(label, help string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, help))
}

// b is a binding whose help shows its first key.
func b(help string, keys ...string) key.Binding {
	return bind(keyName(keys[0]), help, keys...)
}

// keyName is a key as finance staff know it: "ctrl+n" → Ctrl+N,
// "shift+tab" → Shift+Tab, "alt+up" → Alt+↑.
func keyName(s string) string {
	names := map[string]string{"enter": "Enter", "esc": "Esc", "tab": "Tab", "space": "空格", "up": "↑", "down": "↓",
		"left": "←", "right": "→", "home": "Home", "end": "End", "pgup": "PgUp", "pgdown": "PgDn",
		"backspace": "Backspace", "delete": "Del", "ctrl": "Ctrl", "alt": "Alt", "shift": "Shift"}
	parts := strings.Split(s, "+")
	for i, p := range parts {
		switch {
		case names[p] != "":
			parts[i] = names[p]
		case len(p) > 1 && p[0] == 'f':
			parts[i] = strings.ToUpper(p)
		case i < len(parts)-1 || len(parts) > 1:
			parts[i] = strings.ToUpper(p)
		}
	}
	return strings.Join(parts, "+")
}

// DefaultKeyMap returns the key bindings with Chinese help.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Wizard: defaultWizardKeys(), Rows: DefaultRowKeyMap(), Findings: defaultFindingsKeys(), Dialog: defaultDialogKeys(),
		Editor: defaultEditorKeys(), Form: defaultFormKeys(), Picker: defaultPickerKeys(), Projects: defaultProjectsKeys(),
		Report: defaultReportKeys(), Export: defaultExportKeys(), List: defaultListKeys(), NewDlg: defaultNewFilingKeys(),
		Recover: defaultRecoverKeys(), Import: defaultImportKeys(), Review: defaultReviewKeys(), History: defaultHistoryKeys(),
		Grants: defaultGrantsKeys(), Grid: DefaultGridKeyMap(),
	}
}

// defaultKeys are the bindings of the parts built without a KeyMap at
// hand (fields, editors).
var defaultKeys = DefaultKeyMap()

func defaultWizardKeys() WizardKeyMap {
	return WizardKeyMap{
		NextStep:   bind("Ctrl+N/PgDn", "下一步", "ctrl+n", "pgdown"),
		PrevStep:   bind("Ctrl+P/PgUp", "上一步", "ctrl+p", "pgup"),
		JumpStep:   bind("Alt+1…9", "跳到第几步", "alt+1", "alt+2", "alt+3", "alt+4", "alt+5", "alt+6", "alt+7", "alt+8", "alt+9"),
		StepPicker: b("选择步骤", "f9"),
		Back:       b("返回列表", "esc"),
		Help:       bind("F1", "帮助", "f1", "?"),
		Save:       b("立即保存", "ctrl+s"),
		Quit:       b("保存并退出", "ctrl+c"),
		Findings:   bind("F2", "问题清单", "f2", "ctrl+f"),
		Review:     b("复核视图", "f3"),
		History:    b("历史版本", "f4"),
		Undo:       b("撤销", "ctrl+z"),
		Redo:       b("重做", "ctrl+y"),
		TryEdit:    b("尝试编辑", "e"),
		ScrollUp:   bind("↑", "上滚", "up", "k"),
		ScrollDown: bind("↓", "下滚", "down", "j"),
		Panels:     bind("F10/Ctrl+B", "隐藏侧栏", "f10", "ctrl+b"),
	}
}

func defaultFindingsKeys() FindingsKeyMap {
	return FindingsKeyMap{
		Up:    bind("↑", "上一条", "up", "k", "shift+tab"),
		Down:  bind("↓", "下一条", "down", "j", "tab"),
		Jump:  b("转到该处修改", "enter"),
		Close: bind("Esc", "关闭", "esc", "f2", "ctrl+f", "q"),
	}
}

func defaultDialogKeys() DialogKeyMap {
	return DialogKeyMap{
		Yes:      bind("y", "是", "y", "Y"),
		No:       bind("n/Esc", "否", "n", "N", "esc"),
		Confirm:  b("确定", "enter"),
		Cancel:   b("取消", "esc"),
		Reload:   b("载入对方的版本", "r"),
		SaveCopy: b("另存为副本", "c"),
		KeepMine: b("保留本窗口的修改", "k"),
	}
}

func defaultEditorKeys() EditorKeyMap {
	return EditorKeyMap{
		Left:       b("左移", "left"),
		Right:      b("右移", "right"),
		Home:       bind("Home/Ctrl+A", "到行首", "home", "ctrl+a"),
		End:        bind("End/Ctrl+E", "到行尾", "end", "ctrl+e"),
		Backspace:  bind("Backspace", "删除前一字", "backspace", "ctrl+h"),
		Delete:     b("删除后一字", "delete"),
		KillBefore: b("删除到行首", "ctrl+u"),
		KillAfter:  b("删除到行尾", "ctrl+k"),
		KillWord:   bind("Ctrl+W", "删除前一词", "ctrl+w", "alt+backspace"),
		Newline:    b("换行（多行文字）", "enter"),
		LineUp:     b("上一行", "up"),
		LineDown:   b("下一行", "down"),
		Paste:      bind("粘贴", "用终端的粘贴（Ctrl+V 不读取服务器剪贴板）", "ctrl+v"),
	}
}

func defaultFormKeys() FormKeyMap {
	return FormKeyMap{
		Next:   bind("Tab/↓", "下一项", "tab", "down", "enter"),
		Prev:   bind("Shift+Tab/↑", "上一项", "shift+tab", "up"),
		Press:  bind("Enter/空格", "按下按钮", "enter", "space"),
		Toggle: bind("←/→/空格", "切换选项", "left", "right", "space"),
	}
}

func defaultPickerKeys() PickerKeyMap {
	return PickerKeyMap{
		Up:      bind("↑", "上一项", "up", "shift+tab", "ctrl+p"),
		Down:    bind("↓", "下一项", "down", "tab", "ctrl+n"),
		PrevTab: b("上一组", "left"),
		NextTab: b("下一组", "right"),
		Choose:  b("选定", "enter"),
		Cancel:  b("取消", "esc"),
	}
}

func defaultProjectsKeys() ProjectsKeyMap {
	return ProjectsKeyMap{
		Up:        bind("↑", "上一个", "up", "k"),
		Down:      bind("↓", "下一个", "down", "j"),
		Open:      b("打开", "enter"),
		Add:       bind("Ctrl+O/a", "新建项目表", "ctrl+o", "a"),
		FromBasic: b("从附件1生成", "f"),
		Rename:    b("改名", "r"),
		Delete:    bind("Ctrl+X/D", "删除项目表", "ctrl+x", "D"),
		Close:     b("返回项目表列表", "esc"),
	}
}

func defaultReportKeys() ReportKeyMap {
	return ReportKeyMap{
		PrevSection: bind("F5/Alt+←", "上一节", "f5", "alt+left"),
		NextSection: bind("F6/Alt+→", "下一节", "f6", "alt+right"),
		Up:          bind("↑", "上滚", "up", "k"),
		Down:        bind("↓", "下滚", "down", "j"),
		Page:        b("翻页", "space"),
		Top:         b("回到开头", "home"),
	}
}

func defaultExportKeys() ExportKeyMap {
	return ExportKeyMap{
		Up:     bind("↑", "上一条", "up", "k"),
		Down:   bind("↓", "下一条", "down", "j"),
		Jump:   b("转到该处", "enter"),
		Review: b("复核视图", "v"),
		Text:   b("导出文本", "t"),
		CSV:    b("导出CSV", "c"),
		XLSX:   b("导出Excel", "x"),
		MD:     b("导出报告MD", "m"),
		JSON:   b("导出JSON", "j"),
		Docx:   b("导出Word", "w"),
		Back:   b("取消", "esc"),
	}
}

func defaultListKeys() ListKeyMap {
	return ListKeyMap{
		Up:          bind("↑", "上移", "up", "k"),
		Down:        bind("↓", "下移", "down", "j"),
		Open:        b("打开", "enter"),
		New:         b("新建填报", "n"),
		Carry:       b("结转下年", "c"),
		Delete:      b("删除", "d"),
		Undelete:    b("撤销删除", "u"),
		Import:      b("导入文件", "i"),
		Filter:      b("筛选", "/"),
		Sample:      b("载入示例", "s"),
		Review:      b("复核视图", "v"),
		History:     b("历史版本", "h"),
		Grants:      b("授权管理", "g"),
		Quit:        bind("q", "退出", "q", "ctrl+c"),
		FilterDone:  b("完成筛选", "enter"),
		FilterClear: b("清除筛选", "esc"),
	}
}

func defaultNewFilingKeys() NewFilingKeyMap {
	return NewFilingKeyMap{
		Next:    bind("Tab/↓", "下一项", "tab", "down"),
		Prev:    bind("Shift+Tab/↑", "上一项", "shift+tab", "up"),
		Toggle:  bind("←/→/空格", "切换选项", "left", "right", "space"),
		Confirm: b("创建", "enter"),
		Cancel:  b("取消", "esc"),
	}
}

func defaultRecoverKeys() RecoverKeyMap {
	return RecoverKeyMap{
		Restore: bind("r", "恢复草稿", "r", "R"),
		Discard: bind("d", "丢弃草稿", "d", "D"),
		Later:   b("以后再说", "esc"),
	}
}

func defaultImportKeys() ImportKeyMap {
	return ImportKeyMap{
		Up:      bind("↑", "上一个", "up", "k"),
		Down:    bind("↓", "下一个", "down", "j"),
		Refresh: b("刷新", "r"),
		Open:    b("导入", "enter"),
		Cancel:  b("取消", "esc"),
	}
}

func defaultReviewKeys() ReviewKeyMap {
	return ReviewKeyMap{
		Up:        bind("↑", "上滚", "up", "k"),
		Down:      bind("↓", "下滚", "down", "j", "enter"),
		PageDown:  bind("PgDn/空格", "下一页", "pgdown", "space", "ctrl+f"),
		PageUp:    bind("PgUp", "上一页", "pgup", "b", "ctrl+b"),
		Top:       bind("Home", "开头", "home", "g"),
		Bottom:    bind("End", "末尾", "end", "G"),
		Left:      bind("←", "左移", "left", "h"),
		Right:     bind("→", "右移", "right", "l"),
		Search:    b("搜索", "/"),
		NextMatch: b("下一个", "n"),
		PrevMatch: b("上一个", "N"),
		Close:     bind("Esc", "返回", "esc", "q", "f3"),
	}
}

func defaultHistoryKeys() HistoryKeyMap {
	return HistoryKeyMap{
		Up:        bind("↑", "上一个", "up", "k"),
		Down:      bind("↓", "下一个", "down", "j"),
		PageDown:  bind("PgDn/空格", "下一页", "pgdown", "space"),
		PageUp:    bind("PgUp", "上一页", "pgup", "b"),
		Mark:      bind("空格", "选为比较基准", "space", "m"),
		Diff:      b("比较", "enter"),
		Restore:   b("恢复为新版本", "r"),
		Name:      b("命名版本", "N"),
		Close:     bind("Esc", "返回", "esc", "q", "f4"),
		CloseView: bind("Esc", "返回版本列表", "esc", "q", "enter"),
	}
}

func defaultGrantsKeys() GrantsKeyMap {
	return GrantsKeyMap{
		Up:     bind("↑", "上移", "up", "k"),
		Down:   bind("↓", "下移", "down", "j"),
		Add:    b("添加授权", "a"),
		Revoke: b("撤销授权", "d"),
		Close:  bind("Esc", "返回", "esc", "q", "ctrl+c"),
		Switch: bind("Tab", "切换输入项", "tab", "shift+tab", "up", "down"),
	}
}
