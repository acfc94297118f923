package tui

import tea "charm.land/bubbletea/v2"

// try asks for the lock of filing id again (one request at a time); the
// answer is an editTriedMsg with the newest revision of store: to edit on
// success, to show at least while another session still holds it.
func (l *editLock) try(store Store, id string) tea.Cmd {
	if l.locks == nil || l.trying {
		return nil
	}
	l.trying = true
	lk := l.locks
	return func() tea.Msg {
		holder, ok := lk.Acquire(id)
		if !ok {
			f, m, err := store.Get(id)
			if err != nil {
				return editTriedMsg{id: id, holder: holder}
			}
			return editTriedMsg{id: id, holder: holder, f: f, meta: m}
		}
		f, m, err := store.Get(id)
		if err != nil {
			lk.Release(id)
			return editTriedMsg{id: id, err: err}
		}
		return editTriedMsg{id: id, ok: true, f: f, meta: m}
	}
}

// release frees the lock of filing id if it is held.
func (l *editLock) release(id string) {
	if l.holding && l.locks != nil {
		l.locks.Release(id)
	}
	l.holding = false
}
