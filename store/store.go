// Package store is the port between the filing store and its users: the
// Store interface the TUI works through, the optional ports a store may
// offer besides (Autosaver, Namer, Auditor, Granter, Locker), the metadata
// of a stored filing (Meta), its audit trail (AuditEntry) and the sentinel
// errors every implementation's errors match. persist.Store implements it
// on disk; serve's SessionStore decorates that with grants, edit locks and
// audit; storetest.Store is an in-memory implementation for tests.
package store

import (
	"errors"
	"time"

	"jixiao/domain"
)

// ErrNotFound is matched (errors.Is) by the error of a read or write of a
// filing, or a revision of it, that the store does not hold (or holds only
// as deleted).
var ErrNotFound = errors.New("找不到填报")

// ErrConflict is matched (errors.Is) by the error of a save based on a
// revision that is no longer the filing's newest: someone else saved in
// between. Nothing was written.
var ErrConflict = errors.New("该填报已被他人保存了更新的版本")

// Kind says what made a revision.
type Kind string

// The kinds of revision. Revisions written before kinds existed have none
// and count as KindSave.
const (
	KindCreate   Kind = "create"
	KindSave     Kind = "save"
	KindAutosave Kind = "autosave"
	KindImport   Kind = "import"
	KindRestore  Kind = "restore"
	KindMigrate  Kind = "migrate"
)

// Meta is the metadata of a stored filing or of one of its revisions.
type Meta struct {
	ID       string `json:"id"`
	Unit     string `json:"unit"`
	Year     int    `json:"year"`
	Revision int    `json:"revision"`
	// Created is when the filing was created; Updated when this revision
	// was saved.
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// User saved this revision.
	User string `json:"user"`
	// Total is the engine's total score ("94.87"), Grade its grade, Errors
	// and Warnings the counts of findings, all as of this revision.
	Total    string `json:"total"`
	Grade    string `json:"grade"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	// Note says how the revision came about: "新建", "保存", "自动保存",
	// "导入 meixi-2024.json", "恢复自版本3" (empty in old databases).
	Note string `json:"note,omitempty"`
	// Kind says what made the revision (empty when the store does not
	// tell).
	Kind Kind `json:"kind,omitempty"`
	// Name is the revision's name when it is a named version ("提交财政局");
	// named versions are never thinned.
	Name string `json:"name,omitempty"`
	// LatestName and LatestNamedRev are the filing's newest named version
	// (zero when none is named, or when the store does not tell).
	LatestName     string `json:"latest_name,omitempty"`
	LatestNamedRev int    `json:"latest_named_rev,omitempty"`
	// Deleted and DeletedAt describe the filing, not the revision.
	Deleted   bool      `json:"deleted,omitempty"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
}

// Store is what the TUI needs from the filing store.
type Store interface {
	// List returns the filings to offer, most recently saved first.
	List() ([]Meta, error)
	// Get loads the newest revision of a filing; a filing the store does
	// not hold (or holds as deleted) gives an error matching ErrNotFound.
	Get(id string) (*domain.Filing, Meta, error)
	// Create stores a new filing and returns its metadata.
	Create(f *domain.Filing) (Meta, error)
	// Save stores f as a new revision of id; baseRev is the revision the
	// edit started from. A stale baseRev gives an error matching
	// ErrConflict.
	Save(id string, baseRev int, f *domain.Filing) (Meta, error)
	// Delete marks a filing deleted.
	Delete(id string) error
	// Undelete restores a deleted filing.
	Undelete(id string) error
	// History lists the kept revisions of a filing, newest first.
	History(id string) ([]Meta, error)
	// GetRevision loads revision rev of a filing.
	GetRevision(id string, rev int) (*domain.Filing, Meta, error)
	// Restore saves the content of revision rev as the newest revision.
	Restore(id string, rev int) (Meta, error)
}

// Autosaver is offered by a store that keeps one working revision per
// editing session. The TUI's timed autosaves call Autosave; Ctrl+S,
// leaving the filing and quitting call Store.Save, which always keeps a
// revision of its own.
type Autosaver interface {
	// Autosave stores f like Save (same conflict rule on baseRev), but
	// when the newest revision is this user's autosave begun less than 10
	// minutes ago it replaces that revision instead of adding one. The
	// returned Meta carries the revision's (new) number; numbers are never
	// reused, so a replaced revision leaves a gap.
	Autosave(id string, baseRev int, f *domain.Filing) (Meta, error)
}

// Namer is offered by a store that names versions.
type Namer interface {
	// NameRevision gives revision rev of filing id the name name (a
	// named version, never thinned); an empty name removes it.
	NameRevision(id string, rev int, name string) (Meta, error)
}

// AuditChange is one changed field of a filing: its JSON path
// ("overall.funds.final"), its Chinese label when known, and the old and
// new value as displayed text ("" for empty or absent).
type AuditChange struct {
	Path  string `json:"path"`
	Label string `json:"label,omitempty"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// AuditEntry is one event of an audit trail.
type AuditEntry struct {
	// Filing is the filing's id; Rev the revision the event produced (0
	// when it produced none). Filing is empty for an event that concerns
	// no filing (a grant, an upload).
	Filing string `json:"filing,omitempty"`
	Rev    int    `json:"rev,omitempty"`
	// Unit is the unit the event concerns, when known (always for grants).
	Unit string `json:"unit,omitempty"`
	// Grantee is the user whose grant a 授权 or 撤销授权 entry changed.
	Grantee string `json:"grantee,omitempty"`
	// Time is when it happened; User who did it.
	Time time.Time `json:"time"`
	User string    `json:"user"`
	// Action says what happened, in Chinese ("保存", "新建", "删除" …).
	Action string `json:"action"`
	// Changes are the fields that changed (for a save); Omitted counts
	// the ones left out.
	Changes []AuditChange `json:"changes,omitempty"`
	Omitted int           `json:"omitted,omitempty"`
	// Note is free text ("导入 meixi-2024.json", "恢复自版本3", a file name).
	Note string `json:"note,omitempty"`
}

// Auditor is offered by a store that keeps an audit trail: the history
// screen then shows who changed which fields in each revision.
type Auditor interface {
	// Audit returns the audit trail of filing id, oldest first.
	Audit(id string) ([]AuditEntry, error)
}

// Granter manages the unit grants of `jixiao serve`; the filing list
// offers the grants screen to the administrator only.
type Granter interface {
	// IsAdmin reports whether the session's user is the administrator.
	IsAdmin() bool
	// AllGrants returns every user's granted units.
	AllGrants() (map[string][]string, error)
	// Grant allows user to see and edit the filings of unit.
	Grant(user, unit string) error
	// Revoke withdraws a grant and reports whether the user had it.
	Revoke(user, unit string) (bool, error)
}

// Locker is one session's edit lock (serve's SessionStore implements it).
//
// Acquire takes the lock on filing id; ok is false when another session
// holds it, holder then names that session's user. Acquiring a lock the
// session already holds succeeds, and one Release frees it (locks are not
// counted). Release frees the lock if the session holds it.
type Locker interface {
	Acquire(id string) (holder string, ok bool)
	Release(id string)
}
