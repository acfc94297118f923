package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
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
// file, and how its screen is laid out and what of it is drawn
// (viewState).
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
	viewState

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
			if cmd, ok := c.paste(w.ctx(), msg); ok {
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

// wantScreen is a screen the wizard asks the root model to open.
type wantScreen int

const (
	wantNone wantScreen = iota
	wantReview
	wantHistory
)
