package tui

// The wizard's autosave: changes, saves, retries and the recovery file.

import (
	"errors"
	"time"

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

// tick is tea.Tick; the key-storm test replaces it so that timers answer
// at once and it can deliver their messages itself.
var tick = tea.Tick
