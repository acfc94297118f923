package persist

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/store"
)

// The audit trail lives in its own bucket of the same database:
//
//	audit      filing id → bucket: sequence (8-byte big-endian) → entry (JSON)
//	           "*"       → bucket: the same, for events that name no filing
//	                       (grants, uploads)
//
// Every write of the store (create, save, autosave, restore, delete,
// undelete, naming a version, grant, revoke) appends its entry in the same
// transaction as the change: a change is never stored without its entry,
// and a failed entry fails the change. Entries are never thinned with the
// revisions: the trail says who changed what even after the revision
// itself has been dropped.
var (
	bucketAudit = []byte("audit")
	// keyEventLog names the trail of events without a filing; filing ids
	// never contain "*".
	keyEventLog = []byte("*")
)

// Audit actions: what an AuditEntry records.
const (
	ActionCreate   = "新建"
	ActionImport   = "导入"
	ActionSave     = "保存"
	ActionAutosave = "自动保存"
	ActionRestore  = "恢复旧版本"
	ActionDelete   = "删除"
	ActionUndelete = "恢复删除"
	ActionName     = "命名版本"
	ActionGrant    = "授权"
	ActionRevoke   = "撤销授权"
	// ActionDownload and ActionUpload are recorded by the file transfer of
	// `jixiao serve` through RecordEvent.
	ActionDownload = "下载"
	ActionUpload   = "上传"
)

// Audit limits: a value longer than MaxAuditValue bytes is cut (at a rune
// boundary, with "…"), and an entry keeps at most MaxAuditChanges changes
// (the rest are counted in its Omitted field).
const (
	MaxAuditValue   = 2000
	MaxAuditChanges = 500
)

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
func bounded(e store.AuditEntry) store.AuditEntry {
	if len(e.Changes) > MaxAuditChanges {
		e.Omitted += len(e.Changes) - MaxAuditChanges
		e.Changes = e.Changes[:MaxAuditChanges]
	}
	cs := make([]store.AuditChange, len(e.Changes))
	for i, c := range e.Changes {
		cs[i] = store.AuditChange{Path: clip(c.Path, MaxAuditValue), Label: clip(c.Label, MaxAuditValue),
			Old: clip(c.Old, MaxAuditValue), New: clip(c.New, MaxAuditValue)}
	}
	if len(cs) == 0 {
		cs = nil
	}
	e.Changes = cs
	e.Note = clip(e.Note, MaxAuditValue)
	e.Unit = clip(e.Unit, MaxAuditValue)
	e.Grantee = clip(e.Grantee, MaxAuditValue)
	return e
}

// auditFault, when set (by tests), makes every audit write fail with its
// result: the injected failure of a full disk or a damaged trail.
var auditFault func(store.AuditEntry) error

// putAudit appends e to the trail of e.Filing (or to the event log when
// e.Filing is empty) inside a write transaction. Its error, an
// *AuditError, must end the transaction.
func putAudit(tx *bolt.Tx, e store.AuditEntry) error {
	if err := appendAudit(tx, e); err != nil {
		return &AuditError{Action: e.Action, Filing: e.Filing, Err: err}
	}
	return nil
}

func appendAudit(tx *bolt.Tx, e store.AuditEntry) error {
	if auditFault != nil {
		if err := auditFault(e); err != nil {
			return err
		}
	}
	root, err := tx.CreateBucketIfNotExists(bucketAudit)
	if err != nil {
		return err
	}
	key := keyEventLog
	if e.Filing != "" {
		key = []byte(e.Filing)
	}
	b, err := root.CreateBucketIfNotExists(key)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	data, err := json.Marshal(bounded(e))
	if err != nil {
		return err
	}
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return b.Put(k[:], data)
}

// putAutosaveAudit writes the entry of an autosave that replaced revision
// replaced. When the entry names no changed fields (the caller knows none)
// and the trail's last entry is the bare entry of that replaced autosave
// by the same user, it takes that entry's place: a session of autosaves
// leaves one entry, as it leaves one revision. Otherwise it appends.
func putAutosaveAudit(tx *bolt.Tx, e store.AuditEntry, replaced int) error {
	if len(e.Changes) > 0 || replaced == 0 {
		return putAudit(tx, e)
	}
	if auditFault != nil {
		if err := auditFault(e); err != nil {
			return &AuditError{Action: e.Action, Filing: e.Filing, Err: err}
		}
	}
	if root := tx.Bucket(bucketAudit); root != nil {
		if b := root.Bucket([]byte(e.Filing)); b != nil {
			k, v := b.Cursor().Last()
			var last store.AuditEntry
			if k != nil && json.Unmarshal(v, &last) == nil && last.Action == ActionAutosave &&
				last.User == e.User && last.Rev == replaced && len(last.Changes) == 0 && last.Note == e.Note {
				data, err := json.Marshal(bounded(e))
				if err == nil {
					err = b.Put(slices.Clone(k), data)
				}
				if err != nil {
					return &AuditError{Action: e.Action, Filing: e.Filing, Err: err}
				}
				return nil
			}
		}
	}
	return putAudit(tx, e)
}

// entry is the audit entry of a write by this store now.
func (s *Store) entry(action, filing string, rev int, now time.Time) store.AuditEntry {
	return store.AuditEntry{Filing: filing, Rev: rev, Time: now.UTC(), User: s.opt.User, Action: action}
}

// SaveAudited is Save with AuditChanges(changes): its "保存" entry lists
// the changed fields. changes are the differences between revision
// baseRev and f (a save that is not based on the newest revision is
// refused, so they are exactly what this save changes). When f is
// identical to the newest revision nothing is written, entry included
// (unless that revision is an autosave, which Save seals).
func (s *Store) SaveAudited(id string, baseRev int, f *domain.Filing, changes []store.AuditChange, opts ...SaveOption) (store.Meta, error) {
	return s.SaveWith(id, baseRev, f, append(opts, AuditChanges(changes))...)
}

// RecordAudit appends e to the audit trail of e.Filing; it is RecordEvent
// for an entry that must name a filing.
func (s *Store) RecordAudit(e store.AuditEntry) error {
	if e.Filing == "" {
		return errors.New("审计记录缺少填报编号")
	}
	return s.RecordEvent(e)
}

// RecordEvent appends an event that changes nothing in the store (a
// download, an upload) to the audit trail, in a transaction of its own
// that it commits before returning: when it returns nil the event is on
// disk. With e.Filing set the entry goes to that filing's trail (the id
// may be typed in capitals; a filing that does not exist gives a
// *NotFoundError, deleted filings are accepted); without it to the event
// log that Events returns. An empty Time is now, an empty User the
// store's user; e.Action is required.
func (s *Store) RecordEvent(e store.AuditEntry) error {
	if e.Action == "" {
		return errors.New("审计记录缺少操作名称")
	}
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	e.Time = e.Time.UTC()
	if e.User == "" {
		e.User = s.opt.User
	}
	return s.update(func(tx *bolt.Tx, _ *handle) error {
		if e.Filing != "" {
			b, err := s.buckets(tx)
			if err != nil {
				return err
			}
			head, err := s.findHead(b, e.Filing)
			if err != nil {
				return err
			}
			e.Filing = head.ID
			if e.Unit == "" {
				e.Unit = head.Unit
			}
		}
		return putAudit(tx, e)
	})
}

// Events returns the audit entries that name no filing (grants, revokes,
// uploads), oldest first.
func (s *Store) Events() ([]store.AuditEntry, error) {
	var out []store.AuditEntry
	err := s.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketAudit)
		if root == nil {
			return nil
		}
		sub := root.Bucket(keyEventLog)
		if sub == nil {
			return nil
		}
		var err error
		out, err = readTrail(sub, func(err error) error {
			return &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("审计记录已损坏（%v）", err)}
		})
		return err
	})
	return out, err
}

// readTrail decodes the entries of one trail bucket, oldest first.
func readTrail(b *bolt.Bucket, damaged func(error) error) ([]store.AuditEntry, error) {
	var out []store.AuditEntry
	err := b.ForEach(func(k, v []byte) error {
		var e store.AuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return damaged(err)
		}
		e.Time = e.Time.Local()
		out = append(out, e)
		return nil
	})
	return out, err
}

// Audit returns the audit trail of filing id (deleted or not), oldest
// first. A filing that exists but has no trail gives an empty list; an id
// that names no filing and has no trail gives a *NotFoundError.
func (s *Store) Audit(id string) ([]store.AuditEntry, error) {
	var out []store.AuditEntry
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
		if root := tx.Bucket(bucketAudit); root != nil && !bytes.Equal([]byte(normalizeID(key)), keyEventLog) {
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
		out, err = readTrail(sub, func(err error) error {
			return b.damaged("填报 %s 的审计记录已损坏（%v）", key, err)
		})
		return err
	})
	return out, err
}
