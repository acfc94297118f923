package tui

import (
	tea "charm.land/bubbletea/v2"

	"jixiao/internal/termsafe"
)

// revoked handles RevokedMsg. With Quit it saves the draft and ends the
// program like SaveAndQuitMsg. Otherwise, when the open filing is
// concerned (Unit empty or the filing's unit), its draft is saved (a copy
// on conflict, a recovery file when the save fails) and the filing is
// closed; the list then shows Reason and what became of the draft. A
// filing of another unit stays open with Reason on its message line.
func (m *Model) revoked(r RevokedMsg) tea.Cmd {
	if m.quit {
		return nil
	}
	if m.closing && !r.Quit {
		return nil // already saving to quit or to close
	}
	if r.Quit {
		m.revoking = nil
		return m.saveAndQuit(false)
	}
	w := m.wiz
	// The saved unit counts as well as the draft's (which may be renamed).
	if w == nil || (r.Unit != "" && w.f.Unit != r.Unit && w.meta.Unit != r.Unit) {
		if w != nil {
			w.note = termsafe.String(r.Reason)
		} else if m.overlayOf(r.Unit) {
			// A filing of the unit shown from the list: back to the list.
			m.review, m.hist = nil, nil
			m.screen, m.back = scrList, scrList
		}
		m.list.err, m.list.note = r.Reason, ""
		return m.list.load()
	}
	m.revoking = &r
	return m.revokeSave(false)
}

// overlayOf reports whether the review or history screen shows a filing
// of unit (any unit when unit is empty).
func (m *Model) overlayOf(unit string) bool {
	switch {
	case m.screen == scrReview && m.review != nil:
		return unit == "" || m.review.f.Unit == unit
	case m.screen == scrHistory && m.hist != nil:
		return unit == "" || m.hist.unit == unit
	}
	return false
}

// revokeSave saves the draft of the revoked filing through the machinery
// of SaveAndQuitMsg, whose outcome then comes to finishRevoke instead of
// ending the program. afterSave is set when it resumes after a save that
// was running when the revocation came.
func (m *Model) revokeSave(afterSave bool) tea.Cmd {
	w := m.wiz
	m.closing = true // no input while the draft is saved
	if w.saving {
		w.saveQuitPending = true
		return nil
	}
	if w.readOnly || !w.dirty() {
		res := QuitResult{ID: w.id, Invalid: w.invalidDrafts()}
		if afterSave && w.saveErr == nil && !w.readOnly {
			res.Kind = QuitSaved
		}
		return m.finishRevoke(res)
	}
	return m.saveAndQuit(afterSave)
}

// finishRevoke closes the revoked filing and shows the list with the
// reason and what became of the draft.
func (m *Model) finishRevoke(res QuitResult) tea.Cmd {
	r := m.revoking
	m.revoking, m.closing = nil, false
	m.closeWizard()
	m.review, m.hist = nil, nil
	m.screen, m.back = scrList, scrList
	msg := r.Reason
	if res.Kind != QuitNoChanges || len(res.Invalid) > 0 {
		msg += " " + res.Message()
	}
	m.list.err, m.list.note = msg, ""
	return m.list.load()
}
