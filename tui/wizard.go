package tui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// autosaveDelay is how long after the last keystroke a change is saved.
const autosaveDelay = 2 * time.Second

// autosaveCeiling is the longest a change waits for its autosave while
// typing goes on: at most this long after the first unsaved change.
const autosaveCeiling = 10 * time.Second

// checkDelay is how long after the last keystroke the findings are
// recomputed: domain.Check covers every 附件3 table, so running it on each
// keystroke would make typing slower as the filing grows.
const checkDelay = 250 * time.Millisecond

// retryDelay is how long after a failed save it is tried again.
const retryDelay = 5 * time.Second

// Messages of the wizard.
type (
	// savedMsg reports the end of a save.
	savedMsg struct {
		id   string
		seq  int
		meta Meta
		err  error
		// snap is what was saved (a conflict merges it).
		snap *domain.Filing
	}
	// checkMsg fires checkDelay after a change to refresh the findings.
	checkMsg struct{ id string }
	// autosaveMsg fires autosaveDelay after a change.
	autosaveMsg struct{ id string }
	// retryMsg fires after a failed save.
	retryMsg struct{ id string }
	// copiedMsg reports a conflict resolved by saving a copy; locked
	// reports whether the copy's edit lock was taken (holder otherwise).
	copiedMsg struct {
		meta   Meta
		err    error
		locked bool
		holder string
	}
	// recoveryMsg reports a recovery file written (or not).
	recoveryMsg struct {
		id   string
		path string
		err  error
	}
	// mergedMsg reports a save conflict merged: saved (meta) when the
	// changes did not overlap, else the clashes to ask about. seq and snap
	// are the save that met the conflict.
	mergedMsg struct {
		id         string
		seq        int
		snap       *domain.Filing
		theirs     *domain.Filing
		theirsMeta Meta
		merged     *domain.Filing
		meta       Meta
		clashes    []string
		err        error
	}
	// reloadedMsg reports a conflict resolved by reloading.
	reloadedMsg struct {
		f    *domain.Filing
		meta Meta
		err  error
		note string
	}
)

// wizardDialog is a question the wizard is asking.
type wizardDialog int

const (
	dlgNone wizardDialog = iota
	dlgDeleteRow
	dlgConflict
	dlgDiscard
)

// wizard edits one filing step by step: the sidebar of steps, the form,
// the live score panel and the autosave state. It is a composition of
// parts with their own state: where it is (wizardNav), what the filing
// scores (evaluation), the autosave (autosave), leaving (exitState), the
// questions (dialogState), the overlays, the edit lock and the recovery
// file.
type wizard struct {
	store Store
	now   func() time.Time
	st    *Styles
	keys  KeyMap
	// files is the files port of the exports (see Files).
	files Files

	id   string
	meta Meta
	f    *domain.Filing
	// base is the filing as of meta (the last load or save): a save
	// conflict merges the changes from it.
	base *domain.Filing

	wizardNav
	evaluation
	autosave
	exitState
	dialogState
	overlays
	editLock
	recoveryState

	note string
	// undo is the Ctrl+Z / Ctrl+Y history of the session (undo.go).
	undo undoLog
}

// wizardNav is where the wizard is: the step, its forms and screens.
type wizardNav struct {
	cur   stepID
	forms [stepCount]*form
	// comps are the screens of the steps that are more than a form.
	comps [stepCount]component
	// roOffset scrolls the read-only steps.
	roOffset int
	// want asks the root model to open the review or history screen.
	want wantScreen
	// width is the window's width at the last update (the dialogs' text
	// is fitted to it).
	width int
}

// evaluation is what the filing scores and what is wrong with it,
// recomputed in Update on every change (never in View).
type evaluation struct {
	score domain.TableScore
	// projIdx is the 附件3 table open in the projects step (-1: none) and
	// projScore its score, shown in the panel.
	projIdx   int
	projScore domain.TableScore
	findings  []domain.Finding
	// rowMarks is the worst severity of the findings of each indicator row,
	// keyed by the row's path ("overall.indicators.3").
	rowMarks map[string]domain.Severity
	errs     int
	warns    int
	stepErrs [stepCount]int
}

// autosave is the save state. firstChange is the first change not yet
// part of a save (zero when there is none): the autosave comes at most
// autosaveCeiling after it. explicitWanted is set by a Ctrl+S that came
// while another save was running; explicit tells whether the running (or
// failed) save is one of Store.Save. fails counts the failed saves since
// the last success and failSince is when the first of them failed.
type autosave struct {
	changeSeq, savedSeq int
	saving              bool
	tickPending         bool
	checkPending        bool
	lastChange          time.Time
	firstChange         time.Time
	explicitWanted      bool
	explicit            bool
	savedAt             time.Time
	saveErr             error
	fails               int
	failSince           time.Time
}

// exitState is the wizard being left: quitting (Ctrl+C), leaving (Esc,
// back to the list after saving), saveQuitPending (SaveAndQuitMsg came
// during a save).
type exitState struct {
	quitting, leaving, saveQuitPending bool
}

// dialogState is the question the wizard is asking; conflict describes a
// save conflict whose changes overlap (shown with dlgConflict).
type dialogState struct {
	dialog   wizardDialog
	conflict conflictInfo
}

// overlays are what covers the form: finds is the F2 findings list,
// fixing the finding last jumped to from it (shown until it is fixed or
// the step changes); help is the F1 help and steps the step picker.
type overlays struct {
	finds  findingsOverlay
	fixing domain.Finding
	help   helpOverlay
	steps  stepPicker
}

// editLock is the edit lock (serve): locks is nil in local use. holding
// is set while the wizard holds the lock of its filing; readOnly while
// another session (holder) does; trying while an 'e' is asking for it.
type editLock struct {
	locks    Locker
	holding  bool
	readOnly bool
	holder   string
	trying   bool
}

// recoveryState is the recovery file (rec nil: none) of user's drafts:
// recPath is the file holding the draft (empty while there is none),
// recErr why it could not be written.
type recoveryState struct {
	rec     *Recovery
	user    string
	recPath string
	recErr  error
}

func newWizard(store Store, now func() time.Time, st *Styles, keys KeyMap, id string, meta Meta, f *domain.Filing) *wizard {
	w := &wizard{store: store, now: now, st: st, keys: keys, id: id, meta: meta, f: f, base: f.Clone()}
	w.savedAt, w.projIdx = meta.Updated, -1
	w.recompute()
	w.enter(stepBasic)
	return w
}

// dirty reports whether there are changes not yet saved.
func (a *autosave) dirty() bool { return a.savedSeq != a.changeSeq }

// wait reports, when an autosave timer fires at now, whether typing goes
// on so that the save waits d more: for a pause of autosaveDelay, but
// never past autosaveCeiling after the first unsaved change.
func (a *autosave) wait(now time.Time) (d time.Duration, wait bool) {
	quiet, since := now.Sub(a.lastChange), now.Sub(a.firstChange)
	if quiet >= autosaveDelay || !a.dirty() || (!a.firstChange.IsZero() && since >= autosaveCeiling) {
		return 0, false
	}
	d = autosaveDelay - quiet
	if !a.firstChange.IsZero() {
		d = min(d, autosaveCeiling-since)
	}
	return d, true
}

// changed records a change at now.
func (a *autosave) changed(now time.Time) {
	a.changeSeq++
	a.lastChange = now
	if a.firstChange.IsZero() {
		a.firstChange = now
	}
}

// failed records a failed save at now and reports whether the draft
// should now go to the recovery file.
func (a *autosave) failed(now time.Time, err error) bool {
	a.saveErr = err
	a.fails++
	if a.failSince.IsZero() {
		a.failSince = now
	}
	return a.fails >= recoverAfterFails || now.Sub(a.failSince) >= recoverAfter
}

// invalidDrafts lists the fields holding text that could not be saved.
func (w *wizard) invalidDrafts() []string {
	var out []string
	for _, iv := range w.invalidTexts() {
		out = append(out, iv.Field)
	}
	return out
}

// invalidTexts lists the text typed that is not valid and so not in the
// filing, as typed: the fields of the forms built so far and the open
// cell edit of the current step.
func (w *wizard) invalidTexts() []InvalidDraft {
	var out []InvalidDraft
	fms := append([]*form(nil), w.forms[:]...)
	for _, c := range w.comps {
		if c != nil {
			fms = append(fms, c.form())
		}
	}
	for _, fm := range fms {
		if fm == nil {
			continue
		}
		for i := range fm.refs {
			if fd := fm.field(i); fd.Err() != "" {
				out = append(out, InvalidDraft{Path: fd.Key(), Field: fd.Title(), Text: typedText(fd), Reason: fd.Err()})
			}
		}
	}
	if g := w.openGrid(); g != nil && g.mode == gmEdit && g.err != "" && g.cur() >= 0 {
		out = append(out, InvalidDraft{Path: fmt.Sprintf("%s.%d.%s", g.path, g.cur(), gridFields[g.col]),
			Field: gridTitles[g.col], Text: g.ed.Value(), Reason: g.err})
	}
	return out
}

// typedText is the text typed into a field.
func typedText(fd Field) string {
	switch f := fd.(type) {
	case drafter:
		return f.Draft()
	case *AreaField:
		return f.ed.Value()
	}
	return ""
}

// openGrid is the indicator grid of the current step, or nil.
func (w *wizard) openGrid() *grid {
	switch c := w.comp().(type) {
	case *gridStep:
		return c.g
	case *projectsStep:
		if c.mode == pmGrid {
			return c.g
		}
	}
	return nil
}

// commitOpen commits the edit open on the current step's screen as Enter
// would — a grid cell, the text overlay of 三级指标 or 偏差, the name of a
// 附件3 table being typed — so that leaving or quitting saves it. Text
// that is not valid stays open (invalidTexts lists it); a picker or a
// question is closed without choosing.
func (w *wizard) commitOpen() tea.Cmd {
	switch c := w.comp().(type) {
	case *projectsStep:
		if c.mode == pmName {
			if strings.TrimSpace(c.ed.Value()) == "" {
				c.mode = pmList
				return nil
			}
			cmd, _ := c.key(w, tea.KeyPressMsg{Code: tea.KeyEnter})
			return cmd
		}
		if c.mode == pmDelete || c.mode == pmFromRow {
			c.mode = pmList
		}
	}
	g := w.openGrid()
	if g == nil {
		return nil
	}
	switch g.mode {
	case gmEdit, gmArea:
		if changed, _ := g.commit(w.f); changed {
			return w.changed()
		}
	case gmDelete, gmLevel2, gmBand, gmLibrary:
		g.mode = gmNav
	}
	return nil
}

// recompute refreshes the score panel and the findings. Only the 附件2
// table is scored, so the cost does not depend on the number of 附件3
// tables.
func (w *wizard) recompute() {
	w.rescore()
	w.recheck()
}

// rules are the rules the filing is scored and checked under: the set its
// "rules" key names, else the default.
func (w *wizard) rules() domain.Rules { return domain.RulesFor(w.f) }

// rescore refreshes the score panel; it runs on every change.
func (w *wizard) rescore() {
	g := *w.f
	g.Projects = nil
	w.score = domain.Score(&g, w.rules()).Overall
	w.rescoreProject()
}

// rescoreProject scores the open 附件3 table alone.
func (w *wizard) rescoreProject() {
	if w.projIdx < 0 || w.projIdx >= len(w.f.Projects) {
		return
	}
	w.projScore = projectScore(w.f, w.projIdx)
}

// projectScore scores one 附件3 table without touching the others.
func projectScore(f *domain.Filing, i int) domain.TableScore {
	p := f.Projects[i]
	g := domain.Filing{Rules: f.Rules, Overall: domain.Overall{Funds: p.Funds.Total, ExecutionWeight: p.ExecutionWeight, Indicators: p.Indicators}}
	ts := domain.Score(&g, domain.RulesFor(f)).Overall
	ts.Name = p.Name
	return ts
}

// recheck refreshes the findings, the counts and the step marks.
func (w *wizard) recheck() {
	w.findings = domain.Evaluate(w.f, w.rules()).Findings
	// Errors before warnings, each in the order of the forms.
	slices.SortStableFunc(w.findings, func(a, b domain.Finding) int { return cmp.Compare(a.Severity, b.Severity) })
	if w.fixing.Message != "" && !slices.ContainsFunc(w.findings, func(f domain.Finding) bool {
		return f.Message == w.fixing.Message && f.Where.Path == w.fixing.Where.Path
	}) {
		w.note = "已解决：" + w.fixing.Message
		w.fixing = domain.Finding{}
	}
	w.errs, w.warns, _ = domain.Counts(w.findings)
	w.stepErrs = [stepCount]int{}
	w.rowMarks = map[string]domain.Severity{}
	for _, fd := range w.findings {
		if fd.Severity == domain.Error {
			w.stepErrs[stepOf(fd.Where)]++
		}
		if k := indicatorRowKey(fd.Where.Path); k != "" {
			if old, ok := w.rowMarks[k]; !ok || fd.Severity < old {
				w.rowMarks[k] = fd.Severity
			}
		}
	}
}

// enter switches to step s, building its form on first use, and focuses
// its first field.
func (w *wizard) enter(s stepID) {
	w.cur = s
	w.roOffset = 0
	if steps[s].build != nil && w.forms[s] == nil {
		w.forms[s] = w.buildForm(steps[s].build, nil, "")
	}
	if steps[s].comp != nil && w.comps[s] == nil {
		w.comps[s] = steps[s].comp(w)
	}
}

// comp is the component of the current step, or nil.
func (w *wizard) comp() component { return w.comps[w.cur] }

// rebuild rebuilds the active form from the filing (after a structural
// change), keeping invalid drafts, and focuses the field with key focus.
func (w *wizard) rebuild(focus string) {
	old := w.form()
	if old == nil || old.build == nil {
		return
	}
	fm := w.buildForm(old.build, old, focus)
	if c := w.comp(); c != nil {
		c.setForm(fm)
	} else {
		w.forms[w.cur] = fm
	}
}

// buildForm builds a form with build, keeping the invalid drafts and the
// scroll offset of old, and focuses the field with key focus.
func (w *wizard) buildForm(build formBuilder, old *form, focus string) *form {
	rows, lw := build(w.f, w.st)
	fm := newForm(rows, lw)
	fm.build = build
	fm.load(w.f)
	if old != nil {
		drafts := map[string]Field{}
		for i := range old.refs {
			if fd := old.field(i); fd.Err() != "" {
				drafts[fd.Key()] = fd
			}
		}
		for ri := range fm.rows {
			for ci, c := range fm.rows[ri].cells {
				if c.field != nil {
					if d, ok := drafts[c.field.Key()]; ok {
						fm.rows[ri].cells[ci].field = d
					}
				}
			}
		}
		fm.offset = old.offset
	}
	if focus != "" {
		fm.focusKey(focus)
	}
	return fm
}

// form is the form of the current step (or of its component), or nil.
func (w *wizard) form() *form {
	if c := w.comp(); c != nil {
		return c.form()
	}
	return w.forms[w.cur]
}

// changed records a change: the panel is recomputed now and a save is
// scheduled autosaveDelay after the last keystroke, with a single pending
// timer (nothing ticks while idle).
func (w *wizard) changed() tea.Cmd {
	if w.readOnly {
		// The key filter keeps edits out of a read-only wizard; one that
		// gets through is refused here, where every edit passes: the
		// filing goes back to the revision shown and nothing is saved.
		w.revert(w.base.Clone(), w.changeSeq)
		return nil
	}
	w.autosave.changed(w.now())
	w.rescore()
	var cmds []tea.Cmd
	if !w.checkPending {
		w.checkPending = true
		id := w.id
		cmds = append(cmds, tick(checkDelay, func(time.Time) tea.Msg { return checkMsg{id: id} }))
	}
	if !w.tickPending {
		w.tickPending = true
		cmds = append(cmds, w.tick(autosaveDelay))
	}
	return tea.Batch(cmds...)
}

func (w *wizard) tick(d time.Duration) tea.Cmd {
	id := w.id
	return tick(d, func(time.Time) tea.Msg { return autosaveMsg{id: id} })
}

// save starts an autosave of the current state unless one is running or
// there is nothing to save: through Autosaver.Autosave when the store
// offers it (one working revision per session), else Store.Save.
func (w *wizard) save() tea.Cmd { return w.startSave(false, false) }

// saveNow starts a save that keeps a revision of its own (Store.Save):
// Ctrl+S, leaving the filing, quitting. One asked for while another save
// runs follows it.
func (w *wizard) saveNow() tea.Cmd { return w.startSave(true, false) }

// startSave starts a save; force saves even without changes (a Ctrl+S
// that came during an autosave of the same content).
func (w *wizard) startSave(explicit, force bool) tea.Cmd {
	if w.saving {
		if explicit {
			w.explicitWanted = true
		}
		return nil
	}
	if (!w.dirty() && !force) || w.dialog == dlgConflict || w.readOnly {
		return nil
	}
	w.saving, w.explicit = true, explicit
	w.firstChange = time.Time{}
	store, id, base, seq, snap := w.store, w.id, w.meta.Revision, w.changeSeq, w.f.Clone()
	auto, _ := store.(Autosaver)
	return func() tea.Msg {
		var m Meta
		var err error
		if auto != nil && !explicit {
			m, err = auto.Autosave(id, base, snap)
		} else {
			m, err = store.Save(id, base, snap)
		}
		return savedMsg{id: id, seq: seq, meta: m, err: err, snap: snap}
	}
}

// saveStatus is the text of the save state at the bottom right.
func (w *wizard) saveStatus() (string, bool) {
	switch {
	case w.saveErr != nil && w.dialog == dlgConflict:
		return "保存冲突，未保存", true
	case w.saveErr != nil && w.recPath != "":
		return "未保存：已存入恢复文件，自动重试中", true
	case w.saveErr != nil:
		return "未保存：修改已保留，自动重试中", true
	case w.readOnly:
		return "只读，不保存", false
	case w.saving:
		return "保存中" + w.st.G.Ellipsis, false
	case w.dirty():
		return "有未保存的修改", false
	case !w.savedAt.IsZero():
		return "已保存 " + w.savedAt.Format("15:04:05"), false
	}
	return "", false
}

// update handles a message for the wizard. done is true when the user
// leaves it (after saving).
func (w *wizard) update(msg tea.Msg, width, height int) (cmd tea.Cmd, leave bool, quit bool) {
	w.width = width
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if cmd, ok := w.undoKey(msg); ok {
			return cmd, false, false
		}
		w.undoBefore(msg)
		defer w.undoAfter(msg)
	}
	switch msg := msg.(type) {
	case editTriedMsg:
		if msg.id == w.id {
			w.editTried(msg)
		}
		return nil, false, false
	case autosaveMsg, checkMsg, retryMsg, savedMsg, mergedMsg, recoveryMsg:
		return w.saveMsg(msg)
	case copiedMsg, reloadedMsg:
		return w.conflictMsg(msg), false, false
	case tea.PasteMsg:
		if w.dialog != dlgNone || w.finds.open || w.help.open || w.steps.open() {
			return nil, false, false
		}
		if w.readOnly && (w.comp() == nil || !w.comp().modal()) {
			w.note = w.roNote("粘贴的内容未被接受")
			return nil, false, false
		}
		if c := w.comp(); c != nil {
			if cmd, ok := c.paste(w, msg); ok {
				return cmd, false, false
			}
			if c.form() == nil {
				return nil, false, false
			}
		}
		return w.updateField(msg, width, height), false, false
	case tea.KeyPressMsg:
		return w.key(msg, width, height)
	case exportedMsg:
		w.exported(msg)
	}
	return nil, false, false
}

// saveMsg handles the messages of the autosave: its timers, the end of a
// save, a merged conflict, a recovery file written.
func (w *wizard) saveMsg(msg tea.Msg) (tea.Cmd, bool, bool) {
	switch msg := msg.(type) {
	case autosaveMsg:
		if msg.id != w.id {
			return nil, false, false
		}
		w.tickPending = false
		if d, wait := w.autosave.wait(w.now()); wait {
			w.tickPending = true
			return w.tick(d), false, false
		}
		return w.save(), false, false
	case checkMsg:
		if msg.id != w.id {
			return nil, false, false
		}
		w.checkPending = false
		if el := w.now().Sub(w.lastChange); el < checkDelay {
			w.checkPending = true
			id := w.id
			return tick(checkDelay-el, func(time.Time) tea.Msg { return checkMsg{id: id} }), false, false
		}
		w.recheck()
		return nil, false, false
	case retryMsg:
		if msg.id != w.id || w.saveErr == nil {
			return nil, false, false
		}
		return w.startSave(w.explicit || w.quitting || w.leaving, false), false, false
	case savedMsg:
		if msg.id != w.id {
			return nil, false, false
		}
		return w.saved(msg)
	case mergedMsg:
		if msg.id != w.id {
			return nil, false, false
		}
		return w.merged(msg)
	case recoveryMsg:
		if msg.id == w.id && w.saveErr != nil {
			w.recPath, w.recErr = msg.path, msg.err
			return nil, false, false
		}
		if msg.path != "" && w.rec != nil {
			// Saved (or moved on) while the file was being written.
			rec, p := w.rec, msg.path
			return func() tea.Msg { _ = rec.RemoveFile(p); return nil }, false, false
		}
		return nil, false, false
	}
	return nil, false, false
}

// conflictMsg handles the answers of the conflict dialog: a copy saved,
// the other version reloaded.
func (w *wizard) conflictMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case copiedMsg:
		if msg.err != nil {
			w.saveErr = msg.err
			return nil
		}
		w.dialog = dlgNone
		removeRec := w.dropRecovery()
		// The wizard goes on with the copy: its lock replaces the old one.
		w.release()
		w.holding = msg.locked
		if w.locks != nil && !msg.locked {
			w.readOnly, w.holder = true, msg.holder
		}
		w.id, w.meta, w.base = msg.meta.ID, msg.meta, w.f.Clone()
		w.savedSeq, w.saveErr, w.savedAt = w.changeSeq, nil, w.now()
		w.fails, w.failSince = 0, time.Time{}
		w.note = "已另存为新填报（编号 " + msg.meta.ID + "）"
		return removeRec
	case reloadedMsg:
		if msg.err != nil {
			w.saveErr = msg.err
			return nil
		}
		w.dialog = dlgNone
		removeRec := w.dropRecovery()
		w.fails, w.failSince = 0, time.Time{}
		w.reload(msg.f, msg.meta)
		w.note = "已载入" + w.conflict.who() + "保存的版本"
		if msg.note != "" {
			w.note = msg.note
		}
		return removeRec
	}
	return nil
}

// reload shows f (revision meta) in place of the filing being edited,
// discarding the forms built on the old one; the focus stays on the
// field it was on.
func (w *wizard) reload(f *domain.Filing, meta Meta) {
	focus := w.focusPath()
	w.f, w.meta, w.base = f, meta, f.Clone()
	w.forms = [stepCount]*form{}
	w.comps = [stepCount]component{}
	w.projIdx = -1
	w.savedSeq, w.saveErr, w.savedAt = w.changeSeq, nil, meta.Updated
	w.recompute()
	w.enter(w.cur)
	w.restoreFocus(focus)
}

// focusPath is the JSON path of what has the focus: the focused field of
// the form, or the grid cell; "" when neither.
func (w *wizard) focusPath() string {
	if g := w.openGrid(); g != nil {
		if i := g.cur(); i >= 0 {
			return fmt.Sprintf("%s.%d.%s", g.path, i, gridFields[g.col])
		}
		return g.path
	}
	if fm := w.form(); fm != nil {
		if fd := fm.focused(); fd != nil {
			return fd.Key()
		}
	}
	return ""
}

// restoreFocus moves the focus back to path (from focusPath) on the
// current step.
func (w *wizard) restoreFocus(path string) {
	if path == "" {
		return
	}
	if c := w.comp(); c != nil {
		c.jump(w, path)
		return
	}
	if fm := w.form(); fm != nil {
		fm.focusKey(path)
	}
}

// conflictInfo is what the conflict dialog says: who saved the newer
// revision and which of this session's changes collide with theirs.
type conflictInfo struct {
	user, me string
	rev      int
	fields   []string
	theirs   *domain.Filing
	meta     Meta
}

// who names the author of the newer revision: this user in another
// window, another user, or 他人 when unknown.
func (c conflictInfo) who() string {
	switch {
	case c.user != "" && c.user == c.me:
		return "您在另一个窗口中"
	case c.user != "":
		return "用户 " + c.user
	}
	return "他人"
}

// mergeConflict loads the newest revision after a conflict and merges
// this session's changes into it, saving the merge when they do not
// overlap (the answer is a mergedMsg).
func (w *wizard) mergeConflict(msg savedMsg) tea.Cmd {
	store, id, base, explicit := w.store, w.id, w.base, w.explicit
	return func() tea.Msg {
		r := mergeWithNewest(store, id, base, msg.snap)
		out := mergedMsg{id: id, seq: msg.seq, snap: msg.snap, theirs: r.theirs, theirsMeta: r.theirsMeta, merged: r.merged, clashes: r.clashes, err: r.err}
		if r.err != nil || r.merged == nil {
			return out
		}
		var m Meta
		var err error
		if a, ok := store.(Autosaver); ok && !explicit {
			m, err = a.Autosave(id, r.theirsMeta.Revision, r.merged)
		} else {
			m, err = store.Save(id, r.theirsMeta.Revision, r.merged)
		}
		out.meta, out.err = m, err
		return out
	}
}

// merged applies the answer of mergeConflict.
func (w *wizard) merged(msg mergedMsg) (tea.Cmd, bool, bool) {
	if msg.err != nil && !errors.Is(msg.err, ErrConflict) {
		// The newer revision could not be read or the merge not saved
		// (the disk, the lock …): a failed save, kept and retried.
		return w.saved(savedMsg{id: msg.id, seq: msg.seq, err: msg.err, snap: msg.snap})
	}
	w.saving = false
	w.conflict = conflictInfo{user: msg.theirsMeta.User, me: w.user, rev: msg.theirsMeta.Revision, theirs: msg.theirs, meta: msg.theirsMeta}
	if msg.err == nil && msg.merged != nil {
		// Saved: the wizard goes on from the merge plus what was typed
		// since the save began.
		_ = w.commitOpen()
		cur := msg.merged
		if w.changeSeq != msg.seq {
			// Typed during the save: kept on top of the merge.
			if m, err := mergePreferMine(msg.snap, msg.merged, w.f); err == nil {
				cur = m
			} else {
				cur = w.f
			}
		}
		seq := w.changeSeq
		w.reload(cur, msg.meta)
		w.base = msg.merged.Clone()
		w.savedSeq = msg.seq
		if !sameFiling(cur, msg.merged) {
			w.savedSeq = seq - 1
			w.changeSeq = seq
		}
		w.savedAt = w.now()
		w.note = w.conflict.who() + "保存了更新的版本（版本 " + fmt.Sprint(msg.theirsMeta.Revision) + "），改动的是其他内容：已与本窗口的修改合并并保存"
		removeRec := w.dropRecovery()
		if w.dirty() {
			return tea.Batch(removeRec, w.startSave(w.quitting || w.leaving, false)), false, false
		}
		cmd, leave, quit := w.finishLeaving()
		return tea.Batch(removeRec, cmd), leave, quit
	}
	w.dialog = dlgConflict
	w.saveErr = fmt.Errorf("%w", ErrConflict)
	if msg.theirs != nil {
		w.conflict.fields = fieldLabels(w.base, msg.snap, msg.clashes)
	}
	return nil, false, false
}

// keepMine resolves a conflict keeping this session's value where both
// changed the same field, and the other save's changes elsewhere.
func (w *wizard) keepMine() tea.Cmd {
	c := w.conflict
	if c.theirs == nil {
		return nil
	}
	m, err := mergePreferMine(w.base, c.theirs, w.f)
	if err != nil {
		w.note = "无法合并：" + err.Error()
		return nil
	}
	seq := w.changeSeq
	w.dialog = dlgNone
	w.reload(m, c.meta)
	w.base = c.theirs.Clone()
	// The merge is not saved yet: one more change to save.
	w.changeSeq = seq + 1
	w.savedSeq = seq
	w.saveErr = nil
	w.note = "已保留本窗口的修改，并合并了" + c.who() + "对其他内容的修改"
	return w.saveNow()
}

func (w *wizard) saved(msg savedMsg) (tea.Cmd, bool, bool) {
	w.saving = false
	if msg.err != nil {
		if errors.Is(msg.err, ErrConflict) {
			// Merge field by field; ask only when the same fields changed.
			w.saving = true
			return w.mergeConflict(msg), false, false
		}
		id := w.id
		if w.quitting || w.leaving {
			w.dialog = dlgDiscard
		}
		cmds := []tea.Cmd{tick(retryDelay, func(time.Time) tea.Msg { return retryMsg{id: id} })}
		if w.autosave.failed(w.now(), msg.err) {
			cmds = append(cmds, w.writeRecovery())
		}
		return tea.Batch(cmds...), false, false
	}
	w.saveErr = nil
	w.fails, w.failSince = 0, time.Time{}
	removeRec := w.dropRecovery()
	w.meta = msg.meta
	w.base = msg.snap
	w.savedSeq = max(w.savedSeq, msg.seq)
	w.savedAt = w.now()
	if w.explicitWanted {
		// A Ctrl+S during an autosave: a revision of its own.
		w.explicitWanted = false
		if cmd := w.startSave(true, !w.explicit); cmd != nil {
			return tea.Batch(removeRec, cmd), false, false
		}
	}
	if w.dirty() {
		if w.quitting || w.leaving {
			return tea.Batch(removeRec, w.saveNow()), false, false
		}
		if !w.tickPending {
			w.tickPending = true
			return tea.Batch(removeRec, w.tick(autosaveDelay)), false, false
		}
		return removeRec, false, false
	}
	cmd, leave, quit := w.finishLeaving()
	return tea.Batch(removeRec, cmd), leave, quit
}

// saveErrText is the message line for a failed save: the reason, that
// the changes are kept, and where the recovery file is.
func (w *wizard) saveErrText() string {
	s := "保存失败：" + w.saveErr.Error() + "。修改仍保留在本窗口中，每 5 秒自动重试"
	switch {
	case w.recPath != "":
		s += "；草稿已存入恢复文件 " + w.recPath
	case w.recErr != nil:
		s += "；" + w.recErr.Error()
	}
	return s
}

// writeRecovery writes the current draft to its recovery file in a
// command (the answer is a recoveryMsg).
func (w *wizard) writeRecovery() tea.Cmd {
	if w.rec == nil || w.readOnly || !w.dirty() {
		return nil
	}
	rec, id, base, user, snap, inv, why, now := w.rec, w.id, w.meta.Revision, w.user, w.f.Clone(), w.invalidTexts(), w.saveErr, w.now()
	return func() tea.Msg {
		p, err := rec.WriteInvalid(id, base, user, snap, inv, why, now)
		return recoveryMsg{id: id, path: p, err: err}
	}
}

// writeRecoveryNow writes the recovery file at once (when leaving with a
// draft that could not be saved, or with text that is not valid) and
// reports where it went.
func (w *wizard) writeRecoveryNow() {
	inv := w.invalidTexts()
	if w.rec == nil || w.readOnly || (!w.dirty() && len(inv) == 0) {
		return
	}
	p, err := w.rec.WriteInvalid(w.id, w.meta.Revision, w.user, w.f, inv, w.saveErr, w.now())
	w.recPath, w.recErr = p, err
}

// dropRecovery removes the recovery file once its draft is saved.
func (w *wizard) dropRecovery() tea.Cmd {
	if w.rec == nil || w.recPath == "" {
		return nil
	}
	rec, id, user := w.rec, w.id, w.user
	w.recPath, w.recErr = "", nil
	return func() tea.Msg {
		_ = rec.Remove(id, user)
		return nil
	}
}

// finishLeaving ends the program or returns to the list once everything
// is saved, asking first when typed text could not be saved.
func (w *wizard) finishLeaving() (tea.Cmd, bool, bool) {
	if !w.quitting && !w.leaving {
		return nil, false, false
	}
	if len(w.invalidDrafts()) > 0 && w.dialog != dlgDiscard {
		w.dialog = dlgDiscard
		return nil, false, false
	}
	return nil, w.leaving, w.quitting
}

// leave starts leaving (to the list, or quitting): save first.
func (w *wizard) leave(quit bool) (tea.Cmd, bool, bool) {
	if quit {
		w.quitting = true
	} else {
		w.leaving = true
	}
	if w.dirty() {
		if w.saveErr != nil && !w.saving {
			w.dialog = dlgDiscard
		}
		return w.saveNow(), false, false
	}
	return w.finishLeaving()
}

func (w *wizard) key(k tea.KeyPressMsg, width, height int) (tea.Cmd, bool, bool) {
	km := w.keys
	w.note = ""
	if w.dialog != dlgNone {
		if cmd, leave, quit, done := w.dialogKey(k); done {
			return cmd, leave, quit
		}
		// Ctrl+C on a question cancels it and quits as usual.
	}
	if w.steps.open() {
		return w.gotoStep(w.steps.key(km.Picker, k), height), false, false
	}
	if key.Matches(k, km.Wizard.Quit) {
		// The open cell edit is committed first, so that it is saved.
		commit := w.commitOpen()
		cmd, leave, quit := w.leave(true)
		return tea.Batch(commit, cmd), leave, quit
	}
	if w.help.open {
		w.help.key(km, k, len(w.helpLines(width-1)), height-3)
		return nil, false, false
	}
	if w.finds.open {
		w.findingsKey(k)
		return nil, false, false
	}
	if w.readOnly {
		if cmd, done := w.readOnlyKey(k); done {
			return cmd, false, false
		}
	}
	c := w.comp()
	if isF1(km, k) || (key.Matches(k, km.Wizard.Help) && !w.typing()) {
		w.help.show()
		return nil, false, false
	}
	if c != nil && (c.modal() || !isGlobalKey(km, k)) {
		if cmd, ok := c.key(w, k); ok || c.modal() {
			return cmd, false, false
		}
	}
	if cmd, leave, done := w.globalKey(k, height); done {
		return cmd, leave, false
	}
	if c != nil && c.form() == nil {
		return nil, false, false
	}
	if steps[w.cur].show != nil {
		switch {
		case key.Matches(k, km.Wizard.ScrollDown):
			w.roOffset++
		case key.Matches(k, km.Wizard.ScrollUp):
			w.roOffset = max(w.roOffset-1, 0)
		}
		return nil, false, false
	}
	if cmd, done := w.rowKey(k); done {
		return cmd, false, false
	}
	return w.updateField(k, width, height), false, false
}

// typing reports whether the focused field takes typed text, so that "?"
// is a character there and not the help.
func (w *wizard) typing() bool {
	if c := w.comp(); c != nil && c.modal() {
		return true
	}
	if fm := w.form(); fm != nil {
		if f := fm.focused(); f != nil {
			return f.Typing()
		}
	}
	return false
}

// dialogKey answers the question the wizard is asking: leave or quit
// when the answer leaves; done false lets Ctrl+C through.
func (w *wizard) dialogKey(k tea.KeyPressMsg) (cmd tea.Cmd, leave, quit, done bool) {
	km := w.keys
	switch w.dialog {
	case dlgDeleteRow:
		w.dialog = dlgNone
		if key.Matches(k, km.Dialog.Yes) {
			return w.deleteRow(), false, false, true
		}
		if !key.Matches(k, km.Wizard.Quit) {
			w.note = "已取消删除"
			return nil, false, false, true
		}
		return nil, false, false, false
	case dlgConflict:
		return w.conflictKey(k), false, false, true
	case dlgDiscard:
		if key.Matches(k, km.Dialog.Yes) {
			w.dialog = dlgNone
			if w.saveErr != nil || len(w.invalidTexts()) > 0 {
				// Leaving without a successful save, or with text that
				// is not valid: the draft goes to the recovery file,
				// which the next start offers.
				w.writeRecoveryNow()
			}
			return nil, w.leaving, w.quitting, true
		}
		if key.Matches(k, km.Dialog.No) {
			w.dialog = dlgNone
			w.quitting, w.leaving = false, false
		}
		return nil, false, false, true
	}
	return nil, false, false, false
}

// conflictKey answers the save-conflict question.
func (w *wizard) conflictKey(k tea.KeyPressMsg) tea.Cmd {
	km := w.keys
	switch {
	case key.Matches(k, km.Dialog.KeepMine):
		return w.keepMine()
	case key.Matches(k, km.Dialog.Reload):
		store, id := w.store, w.id
		return func() tea.Msg {
			f, m, err := store.Get(id)
			return reloadedMsg{f: f, meta: m, err: err}
		}
	case key.Matches(k, km.Dialog.SaveCopy):
		store, snap, lk := w.store, w.f.Clone(), w.locks
		return func() tea.Msg {
			m, err := store.Create(snap)
			c := copiedMsg{meta: m, err: err}
			if err == nil && lk != nil {
				c.holder, c.locked = lk.Acquire(m.ID)
			}
			return c
		}
	case key.Matches(k, km.Wizard.Quit):
		w.dialog = dlgDiscard
		w.quitting = true
	}
	return nil
}

// readOnlyKey applies the keys of a read-only wizard; done false lets the
// key through to the usual handling.
func (w *wizard) readOnlyKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	switch {
	case key.Matches(k, km.Wizard.TryEdit) && (w.comp() == nil || !w.comp().modal()):
		w.note = "正在尝试取得编辑权" + w.st.G.Ellipsis
		return w.tryEdit(), true
	case key.Matches(k, km.Wizard.Save):
		w.note = w.roNote("不能保存")
		return nil, true
	case key.Matches(k, km.Wizard.Help):
		w.help.show()
		return nil, true
	case isGlobalKey(km, k) || key.Matches(k, km.Wizard.Back):
		// Steps, overlays and leaving: handled as usual.
	case !w.readOnlyAllowed(k):
		w.note = w.roNote("输入未被接受")
		return nil, true
	}
	return nil, false
}

// globalKey applies the wizard's own keys: steps, saving, leaving and the
// overlays; done false when k is none of them.
func (w *wizard) globalKey(k tea.KeyPressMsg, height int) (cmd tea.Cmd, leave, done bool) {
	km := w.keys.Wizard
	switch {
	case key.Matches(k, km.Save):
		if !w.dirty() {
			w.note = "没有需要保存的修改"
		}
		w.saveErr = nil
		return w.saveNow(), false, true
	case key.Matches(k, km.Back):
		commit := w.commitOpen()
		cmd, leave, _ := w.leave(false)
		return tea.Batch(commit, cmd), leave, true
	case key.Matches(k, km.NextStep):
		return w.gotoStep(w.cur+1, height), false, true
	case key.Matches(k, km.PrevStep):
		return w.gotoStep(w.cur-1, height), false, true
	case key.Matches(k, km.JumpStep):
		return w.gotoStep(stepID(k.Code-'1'), height), false, true
	case key.Matches(k, km.StepPicker):
		w.openStepPicker()
		return nil, false, true
	case key.Matches(k, km.Findings):
		w.finds.show()
		return nil, false, true
	case key.Matches(k, km.Review):
		w.want = wantReview
		return nil, false, true
	case key.Matches(k, km.History):
		w.want = wantHistory
		return w.save(), false, true
	}
	return nil, false, false
}

// rowKey applies the row keys to the focused row of a form's list, or
// says why one does not apply; done false when k is no row key.
func (w *wizard) rowKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys.Rows
	if !key.Matches(k, km.Add, km.Delete, km.MoveUp, km.MoveDown, km.Copy, km.CopyFromOverall) {
		return nil, false
	}
	row := w.form().focusedRow()
	if key.Matches(k, km.CopyFromOverall) {
		w.note = "Ctrl+T（从附件2复制指标）只在附件3 项目表的指标表中使用"
		return nil, true
	}
	if row == nil || row.list == nil {
		w.note = "这一项不在可增删的行中：行操作（Ctrl+O 插入、Ctrl+X 删除、Alt+↑/↓ 移动、Ctrl+D 复制）用于楼堂馆所、项目支出、年度目标等行"
		return nil, true
	}
	switch {
	case key.Matches(k, km.Add):
		return w.addRow(row.list), true
	case key.Matches(k, km.Delete):
		if !row.list.button {
			w.dialog = dlgDeleteRow
		}
	case key.Matches(k, km.MoveUp):
		return w.moveRow(row.list, -1), true
	case key.Matches(k, km.MoveDown):
		return w.moveRow(row.list, 1), true
	case key.Matches(k, km.Copy):
		return w.copyRow(row.list), true
	}
	return nil, true
}

// updateField sends a key or paste to the focused field.
func (w *wizard) updateField(msg tea.Msg, width, height int) tea.Cmd {
	fm := w.form()
	if fm == nil {
		return nil
	}
	before := fm.focus
	fw, fh := w.formSize(width, height)
	r := fm.update(msg, w.f, fw)
	var cmds []tea.Cmd
	if r.Note != "" {
		w.note = r.Note
	}
	if r.Rebuild {
		key := ""
		if f := fm.focused(); f != nil {
			key = f.Key()
		}
		w.rebuild(key)
		// Focus the new row's first field.
		fm = w.form()
		fm.move(-1)
		fm.focusKey(newRowKey(key, w.f))
	}
	if r.Changed {
		cmds = append(cmds, w.changed())
	}
	if fm.focus != before && w.dirty() {
		cmds = append(cmds, w.save())
	}
	_ = fh // the root model scrolls the form after every update
	return tea.Batch(cmds...)
}

// newRowKey is the key of the first field of the row just added by the
// add button with key addKey ("….add").
func newRowKey(addKey string, f *domain.Filing) string {
	base, ok := strings.CutSuffix(addKey, ".add")
	if !ok {
		return addKey
	}
	n := 0
	switch base {
	case "basic_data.project_spending.district_special":
		n = len(f.BasicData.ProjectSpending.DistrictSpecial)
	case "basic_data.project_spending.higher_transfer":
		n = len(f.BasicData.ProjectSpending.HigherTransfer)
	case "basic_data.buildings":
		n = len(f.BasicData.Buildings)
	case "overall.goals.expected":
		n = len(f.Overall.Goals.Expected)
	case "overall.goals.actual":
		n = len(f.Overall.Goals.Actual)
	default:
		var p int
		var which string
		if _, err := fmt.Sscanf(strings.ReplaceAll(base, ".", " "), "projects %d goals %s", &p, &which); err == nil && p >= 0 && p < len(f.Projects) {
			if which == "expected" {
				n = len(f.Projects[p].Goals.Expected)
			} else {
				n = len(f.Projects[p].Goals.Actual)
			}
		}
	}
	return fmt.Sprintf("%s.%d", base, n-1)
}

// listBase is the key prefix of the list a field key belongs to, and the
// index: "overall.goals.expected.2" → "overall.goals.expected", 2.
func listKey(l *listRef, key string, index int) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		var n int
		if _, err := fmt.Sscanf(p, "%d", &n); err == nil && fmt.Sprint(n) == p {
			parts[i] = fmt.Sprint(index)
			return strings.Join(parts[:i+1], ".")
		}
		if p == "add" {
			parts[i] = fmt.Sprint(index)
			return strings.Join(parts[:i+1], ".")
		}
	}
	return key
}

func (w *wizard) addRow(l *listRef) tea.Cmd {
	fk := w.form().focused().Key()
	at := l.index
	if l.button {
		at = l.count(w.f) - 1
	}
	l.add(w.f, at)
	w.rebuild(listKey(l, fk, at+1))
	w.note = "已插入一行" + l.what
	return w.changed()
}

func (w *wizard) deleteRow() tea.Cmd {
	row := w.form().focusedRow()
	if row == nil || row.list == nil || row.list.button {
		return nil
	}
	l := row.list
	fk := w.form().focused().Key()
	l.del(w.f, l.index)
	n := l.count(w.f)
	target := listKey(l, fk, min(l.index, n-1))
	if n == 0 {
		target = listKey(l, fk, 0)
		target = target[:strings.LastIndexByte(target, '.')] + ".add"
	}
	w.rebuild(target)
	w.note = "已删除一行" + l.what
	return w.changed()
}

func (w *wizard) moveRow(l *listRef, d int) tea.Cmd {
	if l.button {
		return nil
	}
	j := l.index + d
	if j < 0 || j >= l.count(w.f) {
		return nil
	}
	fk := w.form().focused().Key()
	l.swap(w.f, l.index, j)
	// Keep the same field of the moved row focused.
	old := listKey(l, fk, l.index)
	nk := listKey(l, fk, j) + strings.TrimPrefix(fk, old)
	w.rebuild(nk)
	return w.changed()
}

// gotoStep changes step, saving when there are changes.
func (w *wizard) gotoStep(s stepID, height int) tea.Cmd {
	if s < 0 || s >= stepCount || s == w.cur {
		return nil
	}
	w.fixing = domain.Finding{}
	// An invalid draft asks 修改/放弃 first (form.go).
	if fm := w.form(); fm != nil && fm.askLeave(func() { w.enter(s) }) {
		return nil
	}
	w.enter(s)
	if w.dirty() {
		return w.save()
	}
	return nil
}

// findingsKey handles a key of the findings list: Enter goes to the
// finding and says which one is being fixed.
func (w *wizard) findingsKey(k tea.KeyPressMsg) {
	if fd, ok := w.finds.key(w.keys.Findings, k, w.findings); ok {
		w.jump(fd.Where)
		if w.note == "" {
			w.fixing = fd
		}
	}
}

// jump goes to the step and field a finding points at.
func (w *wizard) jump(l domain.Location) {
	s := stepOf(l)
	w.enter(s)
	if c := w.comp(); c != nil {
		if !c.jump(w, l.Path) {
			w.note = "该问题没有对应的输入项，请查看本步骤"
		}
		return
	}
	if fm := w.form(); fm != nil {
		if !fm.focusKey(l.Path) {
			w.note = "该问题没有对应的输入项，请查看本步骤"
		}
	}
}

// wantScreen is a screen the wizard asks the root model to open.
type wantScreen int

const (
	wantNone wantScreen = iota
	wantReview
	wantHistory
)

// indicatorRowKey returns the row part of an indicator path
// ("projects.1.indicators.2.score" → "projects.1.indicators.2"), or "".
func indicatorRowKey(path string) string {
	i := strings.Index(path, "indicators.")
	if i < 0 {
		return ""
	}
	rest := path[i+len("indicators."):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j == 0 {
		return ""
	}
	return path[:i+len("indicators.")+j]
}

// tick is tea.Tick; the key-storm test replaces it so that timers answer
// at once and it can deliver their messages itself.
var tick = tea.Tick
