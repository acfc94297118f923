// Package tui is jixiao's terminal interface: the filing list, the entry
// wizard with its live score panel, and autosave. The root Model takes its
// store, user, colour profile and size from Options, never from globals or
// the process's terminal, so that `jixiao serve` can run one per SSH
// session.
package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
)

// Minimum terminal size.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configure a Model.
type Options struct {
	// Store holds the filings.
	Store Store
	// User is the name shown in the header (the OS or SSH user).
	User string
	// Profile is the colour profile of the terminal (NO_COLOR gives Ascii).
	Profile colorprofile.Profile
	// ASCII draws borders and marks with ASCII only.
	ASCII bool
	// Width and Height are the initial size; a tea.WindowSizeMsg updates it.
	Width, Height int
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OpenID, when set, opens that filing at start.
	OpenID string
	// Locks is the session's edit lock (serve). When another session
	// holds a filing's lock, the wizard opens it read-only. Nil (local
	// use): always editable.
	Locks Locker
	// Audit gives the history screen the audit trail; when nil, Store is
	// used if it implements Auditor. Without one the history shows the
	// revisions' authors and computed differences.
	Audit Auditor
	// Grants lets the administrator grant and revoke units from the
	// filing list; when nil, Store is used if it implements Granter.
	Grants Granter
	// Recovery keeps drafts that cannot be saved (the database is full,
	// read-only, gone or locked) in recovery files, and the filing list
	// offers the drafts it finds at start. Nil: none are kept.
	Recovery *Recovery
	// Files is the files port for import and export (see Files); nil
	// means OSFiles, the paths of the user's own machine.
	Files Files
}

type screenID int

const (
	scrList screenID = iota
	scrWizard
	scrReview
	scrHistory
	scrGrants
)

// Model is the root Bubble Tea model.
type Model struct {
	opts   Options
	st     Styles
	keys   KeyMap
	help   help.Model
	width  int
	height int
	now    func() time.Time

	screen screenID
	list   *listModel
	wiz    *wizard
	review *viewer
	hist   *history
	grants *grantsModel
	// back is the screen under the review or history screen.
	back screenID
	// quit is set when the program should end.
	quit bool

	auditor Auditor
	granter Granter
	closeState
	// places is where each filing was left, for reopening it there.
	places places
	// prefs is how the session chose to lay out the wizard.
	prefs viewPrefs
}

// closeState is the program being closed from outside: closing is set by
// SaveAndQuitMsg (input is ignored from then on), result is its outcome
// (resultSet once known), revoking the RevokedMsg whose filing is being
// saved and closed.
type closeState struct {
	closing   bool
	result    QuitResult
	resultSet bool
	revoking  *RevokedMsg
}

// New returns the root model.
func New(o Options) *Model {
	if o.Files == nil {
		o.Files = OSFiles{}
	}
	m := &Model{opts: o, width: o.Width, height: o.Height, now: o.Now}
	if m.now == nil {
		m.now = time.Now
	}
	m.st = NewStyles(o.Profile, o.ASCII)
	m.keys = DefaultKeyMap()
	if o.ASCII {
		asciiHelp(&m.keys)
	}
	m.help = help.New()
	m.help.ShortSeparator = "  "
	m.help.Ellipsis = m.st.G.Ellipsis
	m.help.Styles.ShortKey = m.st.Key
	m.help.Styles.FullKey = m.st.Key
	m.help.Styles.ShortDesc = m.st.Help
	m.help.Styles.FullDesc = m.st.Help
	m.help.Styles.ShortSeparator = m.st.Help
	m.help.Styles.FullSeparator = m.st.Help
	m.help.Styles.Ellipsis = m.st.Help
	m.list = newListModel(o.Store, o.Files, &m.st, m.keys, m.now)
	m.list.locks = o.Locks
	m.list.rec, m.list.user = o.Recovery, o.User
	m.auditor, m.granter = o.Audit, o.Grants
	if a, ok := o.Store.(Auditor); ok && m.auditor == nil {
		m.auditor = a
	}
	if g, ok := o.Store.(Granter); ok && m.granter == nil {
		m.granter = g
	}
	m.list.admin = m.isAdmin()
	return m
}

// isAdmin reports whether the grants screen is offered.
func (m *Model) isAdmin() bool { return m.granter != nil && m.granter.IsAdmin() }

// Init implements tea.Model: it loads the filing list.
func (m *Model) Init() tea.Cmd {
	if m.opts.OpenID != "" {
		return tea.Batch(m.list.open(m.opts.OpenID), m.list.findDrafts())
	}
	return tea.Batch(m.list.load(), m.list.findDrafts())
}

// ExitMessage says, in Chinese, what became of changes that could not be
// saved when the program ended (the recovery file that holds them), or "".
func (m *Model) ExitMessage() string {
	w := m.wiz
	if w == nil || (!w.dirty() && w.recPath == "") || w.readOnly {
		return ""
	}
	switch {
	case w.recPath != "" && !w.dirty():
		return "有输入无效、未保存到填报，已原样存入恢复文件 " + w.recPath
	case w.recPath != "":
		return "有修改未能保存到数据库，已存入恢复文件 " + w.recPath + "；下次启动 jixiao 时可以恢复"
	case w.recErr != nil:
		return "有修改未能保存到数据库，" + w.recErr.Error()
	case w.saveErr != nil:
		return "有修改未能保存到数据库：" + w.saveErr.Error()
	}
	return ""
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.wiz != nil {
		if fm := m.wiz.form(); fm != nil {
			fm.forgetLayout() // only the view right after scrollForm may use it
		}
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		m.width, m.height = ws.Width, ws.Height
		if m.wiz != nil {
			m.wiz.scrollForm(m.width, m.height)
		}
		return m, nil
	}
	if cmd, done := m.closeMsg(msg); done {
		return m, cmd
	}
	switch msg.(type) {
	case draftsFoundMsg, draftRestoredMsg:
		// The list keeps the offer even while a wizard is open.
		cmd, _ := m.list.update(msg)
		return m, cmd
	}
	if m.quit {
		return m, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.tooSmall() {
		quit := key.Matches(k, m.keys.Wizard.Quit)
		if quit && m.wiz == nil {
			m.quit = true
			return m, tea.Quit
		}
		if !quit {
			return m, nil
		}
	}
	if cmd, handled := m.active().update(m, msg); handled {
		return m, cmd
	}
	if r, ok := msg.(reviewLoadedMsg); ok {
		if r.err != nil {
			m.list.err = r.err.Error()
			return m, nil
		}
		m.review = newViewer(r.f, domain.Evaluate(r.f, domain.RulesFor(r.f)).Findings, m.opts.ASCII)
		m.screen, m.back = scrReview, scrList
		return m, nil
	}
	if o, ok := msg.(openedMsg); ok {
		return m, m.openWizard(o)
	}
	if m.wiz != nil && (m.screen == scrWizard || m.back == scrWizard) {
		return m, m.wizardUpdate(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && m.list.mode == modeNormal {
		if cmd, done := m.listScreenKey(k); done {
			return m, cmd
		}
	}
	cmd, quit := m.list.update(msg)
	if quit {
		m.quit = true
		return m, tea.Quit
	}
	return m, cmd
}

// closeMsg handles the messages of closing from outside and the answers
// that come after the wizard is gone; done when nothing else sees msg.
func (m *Model) closeMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case SaveAndQuitMsg:
		if m.quit {
			return nil, true
		}
		m.revoking = nil
		return m.saveAndQuit(false), true
	case RevokedMsg:
		return m.revoked(msg), true
	case saveQuitDoneMsg:
		if m.wiz != nil {
			m.wiz.saving = false
		}
		if m.revoking != nil {
			return m.finishRevoke(msg.r), true
		}
		return m.finishQuit(msg.r), true
	case openedMsg:
		// A filing opened after quitting gives its lock straight back.
		if m.quit || m.closing {
			if msg.locked && m.opts.Locks != nil {
				m.opts.Locks.Release(msg.meta.ID)
			}
			return nil, true
		}
	case editTriedMsg:
		// The wizard that asked is gone: give the lock back.
		if m.wiz == nil || m.wiz.id != msg.id {
			if msg.ok && m.opts.Locks != nil {
				m.opts.Locks.Release(msg.id)
			}
			return nil, true
		}
	case tea.KeyPressMsg, tea.PasteMsg, tea.MouseMsg:
		if m.closing {
			return nil, true
		}
	}
	return nil, false
}

// openWizard shows the wizard on the filing just opened, where it was
// left.
func (m *Model) openWizard(o openedMsg) tea.Cmd {
	if o.err != nil {
		m.list.err = o.err.Error()
		return m.list.load()
	}
	if m.wiz != nil && m.wiz.id == o.meta.ID && o.locked {
		m.wiz.holding = false // the same lock: the new wizard holds it
	}
	m.closeWizard()
	m.wiz = newWizard(m.opts.Store, m.now, &m.st, m.keys, o.meta.ID, o.meta, o.f)
	m.wiz.locks, m.wiz.holding = m.opts.Locks, o.locked
	m.wiz.rec, m.wiz.user = m.opts.Recovery, m.opts.User
	m.wiz.files = m.opts.Files
	m.wiz.prefs = &m.prefs
	m.wiz.readOnly, m.wiz.holder = o.readOnly, o.holder
	m.places.restore(m.wiz)
	m.screen = scrWizard
	return nil
}

// wizardUpdate sends msg to the wizard and follows up what it asks: the
// review or history, quitting, leaving, a save-and-quit held back.
func (m *Model) wizardUpdate(msg tea.Msg) tea.Cmd {
	cmd, leave, quit := m.wiz.update(msg, m.width, m.height)
	m.wiz.scrollForm(m.width, m.height)
	if m.wiz.want != wantNone {
		cmd = tea.Batch(cmd, m.openWant())
	}
	if quit {
		m.wiz.release() // the final model keeps the wizard
		m.quit = true
		return tea.Quit
	}
	if leave {
		m.closeWizard()
		m.screen = scrList
		return m.list.load()
	}
	if m.wiz.saveQuitPending && !m.wiz.saving {
		m.wiz.saveQuitPending = false
		if m.revoking != nil {
			cmd = tea.Batch(cmd, m.revokeSave(true))
		} else {
			cmd = tea.Batch(cmd, m.saveAndQuit(true))
		}
	}
	return cmd
}

// listScreenKey opens the screens the list reaches: the grants, the
// review and the history of the selected filing.
func (m *Model) listScreenKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.isAdmin() && key.Matches(k, m.keys.List.Grants) {
		m.grants = newGrants(m.granter, &m.st, m.keys, m.list.units())
		m.screen = scrGrants
		return m.grants.load(), true
	}
	if !m.list.empty() {
		switch {
		case key.Matches(k, m.keys.List.Review):
			if id := m.list.selectedID(); id != "" {
				s := m.opts.Store
				return func() tea.Msg {
					f, _, err := s.Get(id)
					return reviewLoadedMsg{f: f, err: err}
				}, true
			}
		case key.Matches(k, m.keys.List.History):
			if id := m.list.selectedID(); id != "" {
				m.hist = newHistory(m.opts.Store, m.auditor, id, m.list.selectedUnit())
				m.screen, m.back = scrHistory, scrList
				return m.hist.load(), true
			}
		}
	}
	return nil, false
}

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View implements tea.Model.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	if m.quit {
		return v
	}
	if m.width <= 0 || m.height <= 0 {
		return v
	}
	if m.tooSmall() {
		lines := wrapText("窗口太小，请把终端放大到至少 80×24（当前 "+itoa(m.width)+"×"+itoa(m.height)+"）", m.width)
		lines = lines[:min(len(lines), m.height)]
		for i, l := range lines {
			// A window narrower than one character still gets no wider line.
			lines[i] = truncate(l, m.width, "")
		}
		v.SetContent(strings.Join(lines, "\n"))
		return v
	}
	s, cur := m.active().view(m)
	v.SetContent(s)
	v.Cursor = cur
	return v
}

// grantsUpdate sends keys and the grants screen's messages to it.
func (m *Model) grantsUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg, grantsLoadedMsg, grantDoneMsg:
		cmd, done := m.grants.update(msg)
		if done {
			m.screen, m.grants = scrList, nil
			return m.list.load(), true
		}
		return cmd, true
	}
	return nil, false
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// shortHelp renders the short help of a screen's bindings.
func (m *Model) shortHelp(b func(KeyMap) []key.Binding) string {
	return footer(m.help, b(m.keys), nil, m.width)
}

// openWant opens the review or the history the wizard asked for.
func (m *Model) openWant() tea.Cmd {
	want := m.wiz.want
	m.wiz.want = wantNone
	switch want {
	case wantReview:
		m.review = newViewer(m.wiz.f.Clone(), m.wiz.findings, m.opts.ASCII)
		m.screen, m.back = scrReview, scrWizard
	case wantHistory:
		m.hist = newHistory(m.opts.Store, m.auditor, m.wiz.id, m.wiz.f.Unit)
		m.screen, m.back = scrHistory, scrWizard
		return m.hist.load()
	}
	return nil
}

// overlayUpdate sends keys and the history's messages to the review or
// history screen; the wizard's timers and saves still reach the wizard.
func (m *Model) overlayUpdate(msg tea.Msg) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Wizard.Quit) {
		m.screen = m.back
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if m.screen == scrReview {
			if m.review.update(msg, m.height) {
				m.screen = m.back
			}
			return nil, true
		}
		cmd, done := m.hist.update(msg, m.height)
		if done {
			m.screen = m.back
		}
		return cmd, true
	case historyLoadedMsg, diffMsg:
		if m.hist != nil {
			cmd, _ := m.hist.update(msg, m.height)
			return cmd, true
		}
	case restoredMsg:
		if m.hist == nil {
			return nil, true
		}
		cmd, _ := m.hist.update(msg, m.height)
		if msg.err == nil && m.wiz != nil && m.wiz.id == msg.id {
			// The wizard continues from the restored revision.
			store, id := m.opts.Store, msg.id
			cmd = tea.Batch(cmd, func() tea.Msg {
				f, meta, err := store.Get(id)
				return reloadedMsg{f: f, meta: meta, err: err, note: "已恢复历史版本，继续在此版本上编辑"}
			})
		}
		return cmd, true
	}
	return nil, false
}

// screen is one of the root's screens. The root routes the window to the
// active one: it renders it, and sends it the messages it takes (the
// wizard and the list take theirs in Update, as the wizard's timers and
// saves must reach it under the review and the history).
type screen interface {
	view(m *Model) (string, *tea.Cursor)
	// update handles msg; handled false lets the root go on with it.
	update(m *Model, msg tea.Msg) (cmd tea.Cmd, handled bool)
}

type (
	listScreen    struct{}
	wizardScreen  struct{}
	reviewScreen  struct{}
	historyScreen struct{}
	grantsScreen  struct{}
)

// active is the screen shown.
func (m *Model) active() screen {
	switch {
	case m.screen == scrReview && m.review != nil:
		return reviewScreen{}
	case m.screen == scrHistory && m.hist != nil:
		return historyScreen{}
	case m.screen == scrGrants && m.grants != nil:
		return grantsScreen{}
	case m.screen == scrWizard && m.wiz != nil:
		return wizardScreen{}
	}
	return listScreen{}
}

func (listScreen) view(m *Model) (string, *tea.Cursor) {
	return m.list.view(m.width, m.height, m.help, m.opts.User)
}

func (listScreen) update(*Model, tea.Msg) (tea.Cmd, bool) { return nil, false }

func (wizardScreen) view(m *Model) (string, *tea.Cursor) {
	return m.wiz.view(m.width, m.height, m.help, m.opts.User)
}

func (wizardScreen) update(*Model, tea.Msg) (tea.Cmd, bool) { return nil, false }

func (reviewScreen) view(m *Model) (string, *tea.Cursor) {
	return m.review.view(&m.st, m.shortHelp, m.width, m.height)
}

func (reviewScreen) update(m *Model, msg tea.Msg) (tea.Cmd, bool) { return m.overlayUpdate(msg) }

func (historyScreen) view(m *Model) (string, *tea.Cursor) {
	return m.hist.view(&m.st, m.shortHelp, m.width, m.height), nil
}

func (historyScreen) update(m *Model, msg tea.Msg) (tea.Cmd, bool) { return m.overlayUpdate(msg) }

func (grantsScreen) view(m *Model) (string, *tea.Cursor) {
	return m.grants.view(m.shortHelp, m.width, m.height)
}

func (grantsScreen) update(m *Model, msg tea.Msg) (tea.Cmd, bool) { return m.grantsUpdate(msg) }
