package persist

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
)

// The audit trail of `jixiao serve` lives in its own bucket of the same
// database:
//
//	audit      filing id → bucket: sequence (8-byte big-endian) → entry (JSON)
//
// Entries are never thinned with the revisions: the trail says who changed
// what even after the revision itself has been dropped.
var bucketAudit = []byte("audit")

// Audit limits: a value longer than MaxAuditValue bytes is cut (at a rune
// boundary, with "…"), and an entry keeps at most MaxAuditChanges changes
// (the rest are counted in its Omitted field).
const (
	MaxAuditValue   = 2000
	MaxAuditChanges = 500
)

// Change is one changed field of a filing: its JSON path
// ("overall.funds.final"), its Chinese label when known, and the old and
// new value as displayed text ("" for empty or absent).
type Change struct {
	Path  string `json:"path"`
	Label string `json:"label,omitempty"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// AuditEntry is one event of a filing's audit trail.
type AuditEntry struct {
	// Filing is the filing's id; Rev the revision the event produced (0
	// when it produced none).
	Filing string `json:"filing"`
	Rev    int    `json:"rev,omitempty"`
	// Time is when it happened; User who did it.
	Time time.Time `json:"time"`
	User string    `json:"user"`
	// Action says what happened, in Chinese: "保存", "新建", "删除", "恢复删除".
	Action string `json:"action"`
	// Changes are the fields that changed (for a save).
	Changes []Change `json:"changes,omitempty"`
	// Omitted counts the changes left out beyond MaxAuditChanges.
	Omitted int `json:"omitted,omitempty"`
	// Note is free text (e.g. "另存为副本").
	Note string `json:"note,omitempty"`
}

// clip cuts s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// bounded returns e with its values clipped and its changes capped.
func (e AuditEntry) bounded() AuditEntry {
	if len(e.Changes) > MaxAuditChanges {
		e.Omitted += len(e.Changes) - MaxAuditChanges
		e.Changes = e.Changes[:MaxAuditChanges]
	}
	cs := make([]Change, len(e.Changes))
	for i, c := range e.Changes {
		cs[i] = Change{Path: clip(c.Path, MaxAuditValue), Label: clip(c.Label, MaxAuditValue),
			Old: clip(c.Old, MaxAuditValue), New: clip(c.New, MaxAuditValue)}
	}
	if len(cs) == 0 {
		cs = nil
	}
	e.Changes = cs
	e.Note = clip(e.Note, MaxAuditValue)
	return e
}

// putAudit appends e to the trail of e.Filing inside a write transaction.
func putAudit(tx *bolt.Tx, e AuditEntry) error {
	root, err := tx.CreateBucketIfNotExists(bucketAudit)
	if err != nil {
		return err
	}
	b, err := root.CreateBucketIfNotExists([]byte(e.Filing))
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	data, err := json.Marshal(e.bounded())
	if err != nil {
		return err
	}
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return b.Put(k[:], data)
}

// SaveAudited is Save that also appends a "保存" entry with changes to the
// filing's audit trail, in the same transaction: the revision and its
// entry are written together or not at all. changes are the differences
// between revision baseRev and f (a save that is not based on the newest
// revision is refused, so they are exactly what this save changes). When f
// is identical to the newest revision nothing is written, entry included.
func (s *Store) SaveAudited(id string, baseRev int, f *domain.Filing, changes []Change, opts ...SaveOption) (Meta, error) {
	return s.Save(id, baseRev, f, append(opts, func(o *saveOptions) { o.audit = &changes })...)
}

// RecordAudit appends e to the audit trail of e.Filing. An empty Time is
// now, an empty User the store's user.
func (s *Store) RecordAudit(e AuditEntry) error {
	if e.Filing == "" {
		return fmt.Errorf("审计记录缺少填报编号")
	}
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	e.Time = e.Time.UTC()
	if e.User == "" {
		e.User = s.opt.User
	}
	return s.update(func(tx *bolt.Tx, _ *handle) error { return putAudit(tx, e) })
}

// Audit returns the audit trail of filing id (deleted or not), oldest
// first. A filing that exists but has no trail gives an empty list; an id
// that names no filing and has no trail gives a *NotFoundError.
func (s *Store) Audit(id string) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.buckets(tx)
		if err != nil {
			return err
		}
		key := id
		head, err := b.find(id)
		if err != nil {
			return err
		}
		if head != nil {
			key = head.ID
		}
		var sub *bolt.Bucket
		if root := tx.Bucket(bucketAudit); root != nil {
			sub = root.Bucket([]byte(key))
			if sub == nil && head == nil {
				if norm := normalizeID(id); norm != "" {
					sub = root.Bucket([]byte(norm))
				}
			}
		}
		if sub == nil {
			if head == nil {
				return &NotFoundError{Path: s.path, ID: id}
			}
			return nil
		}
		return sub.ForEach(func(k, v []byte) error {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return b.damaged("填报 %s 的审计记录已损坏（%v）", key, err)
			}
			e.Time = e.Time.Local()
			out = append(out, e)
			return nil
		})
	})
	return out, err
}
