package persist

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/store"
)

// The layout (schema version 1):
//
//	jixiao     "schema" → "1", "created" → RFC 3339 time
//	filings    id → head record (JSON): the newest revision's metadata,
//	           the deletion mark
//	revisions  id → bucket: revision (8-byte big-endian) → 8-byte
//	           big-endian save time (Unix ns) + revision record (JSON)
//	documents  id → bucket: revision → codec byte + document
//
// Schema version 0, the layout of development builds before revisions,
// had one bucket "filings" mapping id → filing@1 JSON document.
var (
	bucketMeta    = []byte("jixiao")
	bucketFilings = []byte("filings")
	bucketRevs    = []byte("revisions")
	bucketDocs    = []byte("documents")
	keySchema     = []byte("schema")
	keyCreated    = []byte("created")
)

// initSchema creates the buckets of an empty database.
func initSchema(tx *bolt.Tx, now time.Time) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketFilings, bucketRevs, bucketDocs} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	if meta.Get(keyCreated) == nil {
		if err := meta.Put(keyCreated, []byte(now.UTC().Format(time.RFC3339))); err != nil {
			return err
		}
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
}

// schemaOf returns the layout version of the database: from its "jixiao"
// bucket, or 0 for the version-0 layout. Any other bbolt file is refused.
func (s *Store) schemaOf(tx *bolt.Tx) (int, error) {
	if b := tx.Bucket(bucketMeta); b != nil {
		v := b.Get(keySchema)
		n, err := strconv.Atoi(string(v))
		if err != nil || n < 1 {
			return 0, &NotDatabaseError{Path: s.path, Reason: fmt.Sprintf("数据格式版本号“%s”已损坏", v)}
		}
		return n, nil
	}
	var names []string
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, string(name))
		return nil
	})
	if len(names) == 1 && names[0] == string(bucketFilings) && looksLikeV0(tx.Bucket(bucketFilings)) {
		return 0, nil
	}
	if len(names) == 0 {
		return 0, &NotDatabaseError{Path: s.path, Reason: "这是一个空的 bbolt 数据库，不是 jixiao 的数据库"}
	}
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return 0, &NotDatabaseError{Path: s.path, Reason: "这是一个 bbolt 数据库，但不是 jixiao 的数据库（其中的数据集：" + strings.Join(names, "、") + "）"}
}

// looksLikeV0 reports whether b holds filing@1 documents by id.
func looksLikeV0(b *bolt.Bucket) bool {
	k, v := b.Cursor().First()
	if k == nil {
		return true
	}
	return v != nil && bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) && bytes.Contains(v, []byte(domain.FormatID))
}

// checkTxSchema checks the layout version at the start of a transaction.
// The file may have changed since Open (a restore, another jixiao), so
// every transaction checks: a write needs the current version and upgrades
// an older one; a read accepts a newer one only in a read-only store.
func (s *Store) checkTxSchema(tx *bolt.Tx, write bool, h *handle) error {
	v, err := s.schemaOf(tx)
	switch {
	case err != nil:
		return err
	case v == SchemaVersion:
		return nil
	case v > SchemaVersion && (write || !s.opt.ReadOnly):
		return &SchemaError{Path: s.path, Version: v, Supported: SchemaVersion}
	case v > SchemaVersion:
		return nil
	case !write:
		return &SchemaError{Path: s.path, Version: v, Supported: SchemaVersion}
	}
	return s.migrate(tx, v)
}

// migrations[v] upgrades a database from schema version v to v+1 inside
// the caller's write transaction.
var migrations = map[int]func(s *Store, tx *bolt.Tx) error{
	0: migrateV0,
}

// migrate upgrades the database from version from to SchemaVersion in the
// current write transaction, after writing a copy of the database as it
// was to "<db>.schema<from>-<time>.bak". When any step fails the
// transaction is rolled back and the database is left as it was.
func (s *Store) migrate(tx *bolt.Tx, from int) (err error) {
	backup := fmt.Sprintf("%s.schema%d-%s.bak", s.path, from, s.now().Format("20060102-150405"))
	if err := writeSnapshot(tx, backup); err != nil {
		return fmt.Errorf("升级数据库 %s 前备份失败，数据库未修改：%w", s.path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(backup) // the database itself stays as it was
		}
	}()
	for v := from; v < SchemaVersion; v++ {
		step, ok := migrations[v]
		if !ok {
			return fmt.Errorf("无法把数据库 %s 从数据格式版本 %d 升级", s.path, v)
		}
		if err := step(s, tx); err != nil {
			return fmt.Errorf("升级数据库 %s（版本 %d → %d）失败，数据库未修改：%w", s.path, v, v+1, err)
		}
	}
	if err := initSchema(tx, s.now()); err != nil {
		return err
	}
	s.warn(fmt.Sprintf("数据库 %s 已从数据格式版本 %d 升级到 %d；升级前的副本保存在 %s", s.path, from, SchemaVersion, backup))
	return nil
}

// writeSnapshot writes the database as tx sees it to a new file at path.
func writeSnapshot(tx *bolt.Tx, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fileError("创建备份", path, err)
	}
	_, err = tx.WriteTo(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fileError("写入备份", path, err)
	}
	return nil
}

// migrateV0 turns each version-0 document into a filing with one revision.
func migrateV0(s *Store, tx *bolt.Tx) error {
	old := tx.Bucket(bucketFilings)
	type item struct {
		id  string
		doc []byte
	}
	var items []item
	if old != nil {
		if err := old.ForEach(func(k, v []byte) error {
			if v == nil {
				return fmt.Errorf("旧数据中“%s”不是填报", k)
			}
			items = append(items, item{string(k), slices.Clone(v)})
			return nil
		}); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketFilings); err != nil {
			return err
		}
	}
	if err := initSchema(tx, s.now()); err != nil {
		return err
	}
	b, err := s.buckets(tx)
	if err != nil {
		return err
	}
	now := s.now()
	for _, it := range items {
		f, err := domain.Decode(it.doc)
		if err != nil {
			return fmt.Errorf("编号为“%s”的填报无法读取：%w", it.id, err)
		}
		p, err := prepare(f)
		if err != nil {
			return err
		}
		r := p.record(it.id, 1, now, now, s.opt.User, "从旧版数据库（数据格式版本 0）迁移")
		r.Kind = store.KindMigrate
		if err := b.addRevision(r, p.doc); err != nil {
			return err
		}
	}
	return nil
}

// record is the stored metadata of a filing (its head) or of one revision.
type record struct {
	ID      string    `json:"id"`
	Unit    string    `json:"unit"`
	Year    int       `json:"year"`
	Rev     int       `json:"rev"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	User    string    `json:"user"`
	// Rules stamps the rule set Total, Grade, Errors and Warnings were
	// computed under (see rulesStamp); "" in records written before rule
	// sets, which were computed under the default. Figures computed under
	// other rules than the filing's current ones are recomputed on read.
	Rules    string     `json:"rules,omitempty"`
	Total    string     `json:"total"`
	Grade    string     `json:"grade"`
	Errors   int        `json:"errors"`
	Warnings int        `json:"warnings"`
	Hash     string     `json:"hash"`
	Size     int        `json:"size"`
	Note     string     `json:"note,omitempty"`
	Kind     store.Kind `json:"kind,omitempty"`
	Name     string     `json:"name,omitempty"`
	// Started is when the editing session of an autosave revision saved
	// its first autosave; later autosaves of the session replace the
	// revision until AutosaveSession has passed since Started.
	Started time.Time `json:"started,omitzero"`
	// NamedRev and NamedAs (head records only) are the filing's newest
	// named version and its name.
	NamedRev  int       `json:"named_rev,omitempty"`
	NamedAs   string    `json:"named_as,omitempty"`
	Deleted   bool      `json:"deleted,omitempty"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
}

func (r *record) meta() store.Meta {
	m := store.Meta{
		ID: r.ID, Unit: r.Unit, Year: r.Year, Revision: r.Rev,
		Created: r.Created.Local(), Updated: r.Updated.Local(), User: r.User,
		Total: r.Total, Grade: r.Grade, Errors: r.Errors, Warnings: r.Warnings,
		Note: r.Note, Kind: r.kind(), Name: r.Name, Deleted: r.Deleted,
		LatestName: r.NamedAs, LatestNamedRev: r.NamedRev,
	}
	if !r.DeletedAt.IsZero() {
		m.DeletedAt = r.DeletedAt.Local()
	}
	return m
}

func (r *record) kind() store.Kind {
	if r.Kind == "" {
		return store.KindSave
	}
	return r.Kind
}

// txBuckets are the buckets of a version-1 database in one transaction.
type txBuckets struct {
	path                string
	filings, revs, docs *bolt.Bucket
}

func (s *Store) buckets(tx *bolt.Tx) (*txBuckets, error) {
	b := &txBuckets{path: s.path,
		filings: tx.Bucket(bucketFilings), revs: tx.Bucket(bucketRevs), docs: tx.Bucket(bucketDocs)}
	if b.filings == nil || b.revs == nil || b.docs == nil {
		return nil, &NotDatabaseError{Path: s.path, Reason: "缺少必需的数据集（filings、revisions、documents）"}
	}
	return b, nil
}

func revKey(rev int) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(rev))
	return k[:]
}

func (b *txBuckets) damaged(format string, args ...any) error {
	return &NotDatabaseError{Path: b.path, Reason: fmt.Sprintf(format, args...)}
}

// head returns the head record of id, or nil when there is none.
func (b *txBuckets) head(id string) (*record, error) {
	v := b.filings.Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, b.damaged("填报 %s 的元数据已损坏（%v）", id, err)
	}
	return &r, nil
}

// find resolves id as typed by a user (spaces, capitals) to a head record.
func (b *txBuckets) find(id string) (*record, error) {
	if r, err := b.head(id); r != nil || err != nil {
		return r, err
	}
	if norm := normalizeID(id); norm != id && norm != "" {
		return b.head(norm)
	}
	return nil, nil
}

func (b *txBuckets) putHead(r *record) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.filings.Put([]byte(r.ID), data)
}

// revision returns the record of revision rev of id, or nil.
func (b *txBuckets) revision(id string, rev int) (*record, error) {
	sub := b.revs.Bucket([]byte(id))
	if sub == nil {
		return nil, nil
	}
	v := sub.Get(revKey(rev))
	if v == nil {
		return nil, nil
	}
	return decodeRevRecord(id, rev, v, b)
}

func decodeRevRecord(id string, rev int, v []byte, b *txBuckets) (*record, error) {
	if len(v) < 8 {
		return nil, b.damaged("填报 %s 版本 %d 的元数据已损坏（太短）", id, rev)
	}
	var r record
	if err := json.Unmarshal(v[8:], &r); err != nil {
		return nil, b.damaged("填报 %s 版本 %d 的元数据已损坏（%v）", id, rev, err)
	}
	return &r, nil
}

// doc returns a copy of the stored (encoded) document of revision rev.
func (b *txBuckets) doc(id string, rev int) []byte {
	sub := b.docs.Bucket([]byte(id))
	if sub == nil {
		return nil
	}
	return slices.Clone(sub.Get(revKey(rev)))
}

// addRevision stores revision r.Rev of r.ID with its encoded document and
// makes it the head, carrying the filing's newest named version over into
// r.
func (b *txBuckets) addRevision(r *record, doc []byte) error {
	if _, err := b.revs.CreateBucketIfNotExists([]byte(r.ID)); err != nil {
		return err
	}
	docs, err := b.docs.CreateBucketIfNotExists([]byte(r.ID))
	if err != nil {
		return err
	}
	old, err := b.head(r.ID)
	if err != nil {
		return err
	}
	if old != nil {
		r.NamedRev, r.NamedAs = old.NamedRev, old.NamedAs
	}
	if err := b.putRevRecord(r); err != nil {
		return err
	}
	if err := docs.Put(revKey(r.Rev), doc); err != nil {
		return err
	}
	return b.putHead(r)
}

// putRevRecord writes the record of revision r.Rev of r.ID (its document
// stays as it is).
func (b *txBuckets) putRevRecord(r *record) error {
	revs := b.revs.Bucket([]byte(r.ID))
	if revs == nil {
		return b.damaged("填报 %s 没有任何版本记录", r.ID)
	}
	rr := *r
	rr.Deleted, rr.DeletedAt = false, time.Time{}
	rr.NamedRev, rr.NamedAs = 0, ""
	data, err := json.Marshal(&rr)
	if err != nil {
		return err
	}
	v := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(v, uint64(r.Updated.UnixNano()))
	v = append(v, data...)
	return revs.Put(revKey(r.Rev), v)
}

// dropRevision removes revision rev of id and its document.
func (b *txBuckets) dropRevision(id string, rev int) error {
	if revs := b.revs.Bucket([]byte(id)); revs != nil {
		if err := revs.Delete(revKey(rev)); err != nil {
			return err
		}
	}
	if docs := b.docs.Bucket([]byte(id)); docs != nil {
		return docs.Delete(revKey(rev))
	}
	return nil
}

// remove deletes filing id with all its revisions.
func (b *txBuckets) remove(id string) error {
	for _, parent := range []*bolt.Bucket{b.revs, b.docs} {
		if parent.Bucket([]byte(id)) != nil {
			if err := parent.DeleteBucket([]byte(id)); err != nil {
				return err
			}
		}
	}
	return b.filings.Delete([]byte(id))
}

// heads decodes every head record.
func (b *txBuckets) heads() ([]*record, error) {
	var out []*record
	err := b.filings.ForEach(func(k, v []byte) error {
		var r record
		if err := json.Unmarshal(v, &r); err != nil {
			return b.damaged("填报 %s 的元数据已损坏（%v）", k, err)
		}
		out = append(out, &r)
		return nil
	})
	return out, err
}
