package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/internal/termsafe"
)

// Messages of the grants screen.
type (
	grantsLoadedMsg struct {
		all map[string][]string
		err error
	}
	grantDoneMsg struct {
		note string
		err  error
	}
)

type grantsMode int

const (
	gsList grantsMode = iota
	gsAdd
	gsRevoke
)

// grantRow is one user's grant of one unit.
type grantRow struct{ user, unit string }

// grantsModel is the administrator's screen of the unit grants of
// `jixiao serve`: every user with their units, adding (user and 单位名称)
// and revoking (after y/n).
type grantsModel struct {
	g    Granter
	st   *Styles
	keys KeyMap
	// units are the units of the filings in the list, for a hint.
	units []string

	rows   []grantRow
	loaded bool
	sel    int
	mode   grantsMode
	user   editor
	unit   editor
	focus  int
	err    string
	note   string
}

func newGrants(g Granter, st *Styles, k KeyMap, units []string) *grantsModel {
	return &grantsModel{g: g, st: st, keys: k, units: units, user: editor{limit: 100}, unit: editor{limit: 200}}
}

func (m *grantsModel) load() tea.Cmd {
	g := m.g
	return func() tea.Msg {
		all, err := g.AllGrants()
		return grantsLoadedMsg{all: all, err: err}
	}
}

func (m *grantsModel) help(k KeyMap) []key.Binding {
	switch m.mode {
	case gsAdd:
		return []key.Binding{k.Grants.Switch, k.Dialog.Confirm, k.Dialog.Cancel}
	case gsRevoke:
		return []key.Binding{k.Dialog.Yes, k.Dialog.No}
	}
	g := k.Grants
	return []key.Binding{g.Up, g.Down, g.Add, g.Revoke, g.Close}
}

// update handles a message; done is true when the screen is closed.
func (m *grantsModel) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case grantsLoadedMsg:
		m.loaded = true
		if msg.err != nil {
			m.err = "无法读取授权：" + msg.err.Error()
			return nil, false
		}
		m.rows = m.rows[:0]
		users := make([]string, 0, len(msg.all))
		for u := range msg.all {
			users = append(users, u)
		}
		slices.Sort(users)
		for _, u := range users {
			for _, unit := range msg.all[u] {
				m.rows = append(m.rows, grantRow{user: u, unit: unit})
			}
		}
		m.sel = min(m.sel, max(len(m.rows)-1, 0))
		return nil, false
	case grantDoneMsg:
		if msg.err != nil {
			m.err, m.note = msg.err.Error(), ""
		} else {
			m.err, m.note = "", msg.note
		}
		return m.load(), false
	case tea.PasteMsg:
		if m.mode == gsAdd {
			m.editor().Insert(msg.Content)
		}
		return nil, false
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil, false
}

func (m *grantsModel) editor() *editor {
	if m.focus == 0 {
		return &m.user
	}
	return &m.unit
}

func (m *grantsModel) key(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := m.keys
	switch m.mode {
	case gsAdd:
		switch {
		case key.Matches(k, km.Dialog.Cancel):
			m.mode, m.err = gsList, ""
		case key.Matches(k, km.Grants.Switch):
			m.focus = 1 - m.focus
		case key.Matches(k, km.Dialog.Confirm):
			user, unit := strings.TrimSpace(m.user.Value()), strings.TrimSpace(m.unit.Value())
			switch {
			case user == "":
				m.err, m.focus = "请填写用户名（授权密钥的注释）", 0
			case unit == "":
				m.err, m.focus = "请填写单位名称", 1
			default:
				m.mode, m.err = gsList, ""
				g, known := m.g, slices.Contains(m.units, unit)
				return func() tea.Msg {
					if err := g.Grant(user, unit); err != nil {
						return grantDoneMsg{err: err}
					}
					note := fmt.Sprintf("已授权：%s 可以查看和编辑“%s”的填报", user, unit)
					if !known {
						note += "（列表中还没有该单位的填报，单位名称须与填报完全一致）"
					}
					return grantDoneMsg{note: note}
				}, false
			}
		default:
			m.editor().HandleKey(k, 0)
		}
		return nil, false
	case gsRevoke:
		m.mode = gsList
		if key.Matches(k, km.Dialog.Yes) && m.sel < len(m.rows) {
			r, g := m.rows[m.sel], m.g
			return func() tea.Msg {
				had, err := g.Revoke(r.user, r.unit)
				switch {
				case err != nil:
					return grantDoneMsg{err: err}
				case !had:
					return grantDoneMsg{note: fmt.Sprintf("%s 已经没有“%s”的授权", r.user, r.unit)}
				}
				return grantDoneMsg{note: fmt.Sprintf("已撤销：%s 不再能查看“%s”的填报", r.user, r.unit)}
			}, false
		}
		m.note = "已取消撤销"
		return nil, false
	}
	m.note, m.err = "", ""
	switch {
	case key.Matches(k, km.Grants.Close):
		return nil, true
	case key.Matches(k, km.Grants.Up):
		m.sel = max(m.sel-1, 0)
	case key.Matches(k, km.Grants.Down):
		m.sel = min(m.sel+1, max(len(m.rows)-1, 0))
	case key.Matches(k, km.Grants.Add):
		m.mode, m.focus = gsAdd, 0
		m.user.SetValue("")
		m.unit.SetValue("")
	case key.Matches(k, km.Grants.Revoke):
		if m.sel < len(m.rows) {
			m.mode = gsRevoke
		}
	}
	return nil, false
}

// view renders the screen and the cursor of the add dialog.
func (m *grantsModel) view(hm helpView, width, height int) (string, *tea.Cursor) {
	st := m.st
	out := []string{st.Title.Render(pad("单位授权管理（管理员）", width)), st.Subtle.Render("  管理员可以查看全部填报，不需要授权；其他用户只能看到授权给他的单位的填报。"), ""}
	uw := 16
	out = append(out, st.Subtle.Render("  "+pad("用户", uw)+" 授权单位"))
	switch {
	case !m.loaded:
		out = append(out, "  （读取中）")
	case len(m.rows) == 0:
		out = append(out, "  还没有任何授权。按 a 添加。")
	}
	var dlg []string
	var cur *tea.Cursor
	switch m.mode {
	case gsAdd:
		u, ux := m.user.viewLine(30)
		n, nx := m.unit.viewLine(40)
		dlg = []string{st.Title.Render("添加授权（Tab 切换，Enter 确定，Esc 取消）"),
			"  用户名：  " + st.Focused.Render(pad(u, 30)),
			"  单位名称：" + st.Focused.Render(pad(n, 40))}
		if m.focus == 0 {
			cur = tea.NewCursor(displayWidth("  用户名：  ")+ux, 1)
		} else {
			cur = tea.NewCursor(displayWidth("  单位名称：")+nx, 2)
		}
		cur.Blink = false
		if len(m.units) > 0 {
			dlg = append(dlg, st.Subtle.Render(truncate("  已有单位："+termsafe.String(strings.Join(m.units, "、")), width, st.G.Ellipsis)))
		}
	case gsRevoke:
		if m.sel < len(m.rows) {
			r := m.rows[m.sel]
			dlg = []string{st.Warning.Render(fmt.Sprintf("撤销 %s 对“%s”的授权？y 撤销  n 取消", termsafe.String(r.user), termsafe.String(r.unit)))}
		}
	}
	msg := ""
	switch {
	case m.err != "":
		msg = st.Error.Render(st.G.Cross + " " + m.err)
	case m.note != "":
		msg = st.OK.Render(m.note)
	}
	bottom := append(dlg, pad(msg, width), pad(hm(m.help), width))
	avail := height - len(bottom)
	rowsAvail := avail - len(out)
	start := 0
	if m.sel >= rowsAvail {
		start = m.sel - rowsAvail + 1
	}
	for i := start; i < len(m.rows) && len(out) < avail; i++ {
		r := m.rows[i]
		line := pad(truncate(termsafe.String(r.user), uw, st.G.Ellipsis), uw) + " " + termsafe.String(r.unit)
		line = truncate(line, width-2, st.G.Ellipsis)
		if i == m.sel {
			out = append(out, st.G.Pointer+" "+st.Selected.Render(pad(line, width-2)))
		} else {
			out = append(out, "  "+line)
		}
	}
	if len(out) > avail {
		out = out[:max(avail, 0)]
	}
	for len(out) < avail {
		out = append(out, "")
	}
	if cur != nil {
		cur.Y += avail
	}
	all := append(out, bottom...)
	for i := range all {
		all[i] = pad(all[i], width)
	}
	return strings.Join(all, "\n"), cur
}
