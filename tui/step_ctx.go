package tui

import (
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
)

// stepCtx is what a step's screen (a component) sees of the wizard,
// instead of the whole *wizard: the filing and its evaluation, the styles
// and keys, a way to post a note, and the few services a step uses
// (record a change, save, build or rebuild its form, jump to a finding,
// the files port, ask for the review).
type stepCtx struct {
	f    *domain.Filing
	ev   *evaluation
	st   *Styles
	keys KeyMap
	// w gives the services below; a step reaches it through them only.
	w *wizard
}

// ctx is the context the wizard's steps see.
func (w *wizard) ctx() stepCtx {
	return stepCtx{f: w.f, ev: &w.evaluation, st: w.st, keys: w.keys, w: w}
}

// post shows note on the message line.
func (c stepCtx) post(note string) { c.w.note = note }

// changed records a change of the filing (and schedules its save).
func (c stepCtx) changed() tea.Cmd { return c.w.changed() }

// save starts an autosave of what changed.
func (c stepCtx) save() tea.Cmd { return c.w.save() }

// changeSeq counts the changes so far (a step caches by it).
func (c stepCtx) changeSeq() int { return c.w.changeSeq }

// dirty reports changes not yet saved.
func (c stepCtx) dirty() bool { return c.w.dirty() }

// readOnly reports a filing another session edits.
func (c stepCtx) readOnly() bool { return c.w.readOnly }

// rules are the rules the filing is scored under.
func (c stepCtx) rules() domain.Rules { return c.w.rules() }

// buildForm builds a form of the filing (see wizard.buildForm).
func (c stepCtx) buildForm(build formBuilder, old *form, focus string) *form {
	return c.w.buildForm(build, old, focus)
}

// rebuild rebuilds the step's form, focused on focus.
func (c stepCtx) rebuild(focus string) { c.w.rebuild(focus) }

// jump goes to where a finding points.
func (c stepCtx) jump(l domain.Location) { c.w.jump(l) }

// filesPort is the files port of the exports.
func (c stepCtx) filesPort() Files { return c.w.filesPort() }

// wantReview asks for the review screen.
func (c stepCtx) wantReview() { c.w.want = wantReview }

// rescoreProject scores the open 附件3 table for the panel.
func (c stepCtx) rescoreProject() { c.w.rescoreProject() }
