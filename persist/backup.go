package persist

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/internal/atomicfile"
)

// existsError is returned by Backup for a destination that exists.
type existsError struct{ path string }

func (e *existsError) Error() string {
	return fmt.Sprintf("备份文件 %s 已存在，不会覆盖它；请换一个文件名", e.path)
}

// Is reports whether target is ErrExists.
func (e *existsError) Is(target error) bool { return target == ErrExists }

// Backup writes a consistent copy of the database to a new file at path,
// while other processes go on using it (a bbolt read transaction is a
// snapshot). It refuses to overwrite an existing file (ErrExists). The copy
// is written under a temporary name, synced, checked and then linked into
// place, so path never holds a partial backup. The copy is 0600.
func (s *Store) Backup(path string) error {
	dst, err := filepath.Abs(path)
	if err != nil {
		return fileError("备份到", path, err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return &existsError{path: dst}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fileError("备份到", dst, err)
	}
	tmp, err := atomicfile.Create(dst, atomicfile.Options{Perm: 0o600, NoOverwrite: true})
	if errors.Is(err, atomicfile.ErrExists) {
		return &existsError{path: dst}
	}
	if err != nil {
		return fileError("备份到", dst, err)
	}
	defer tmp.Abort()
	err = s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if err == nil {
		err = tmp.Sync()
	}
	if err != nil {
		var nd *NotDatabaseError
		var le *LockedError
		if errors.As(err, &nd) || errors.As(err, &le) {
			return err
		}
		return fileError("写入备份", dst, err)
	}
	copyStore := &Store{path: tmp.TempName(), opt: Options{Timeout: s.opt.Timeout, ReadOnly: true, User: s.opt.User}, now: s.now, loc: s.loc}
	problems, err := copyStore.Check()
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("%s", problems[0])
	}
	if err != nil {
		return fmt.Errorf("备份到 %s 后校验副本失败，没有留下备份：%w", dst, err)
	}
	if err := tmp.Commit(); err != nil {
		if errors.Is(err, atomicfile.ErrExists) {
			return &existsError{path: dst}
		}
		return fileError("备份到", dst, err)
	}
	return nil
}

// CheckSummary counts what Check looked at.
type CheckSummary struct {
	Filings, Deleted, Revisions int
}

// Check verifies the database: that bbolt's page structure is sound
// (bbolt's own consistency check, after a bounds check of every page read
// through the file, not the memory map), that every filing has its
// revisions, and that every stored document decompresses, matches its
// recorded SHA-256 and decodes as jixiao/filing@1. It returns the problems
// found, in Chinese; the error is for a database that cannot be checked at
// all (locked, not a database).
func (s *Store) Check() ([]string, error) {
	problems, _, err := s.CheckDetail()
	return problems, err
}

// CheckDetail is Check that also reports what it counted.
func (s *Store) CheckDetail() ([]string, CheckSummary, error) {
	return s.check(true)
}

// check is Check; decode=false skips decoding the documents as filings
// (they are still decompressed and checked against their SHA-256).
//
// The page structure and every record are checked in one read
// transaction. The documents are then read filing by filing, each in a
// short transaction of its own, and decoded outside it: memory stays
// bounded by one filing's revisions and writers are not kept waiting for
// the whole check. A revision thinned or a filing purged in between is
// skipped, not reported.
func (s *Store) check(decode bool) ([]string, CheckSummary, error) {
	var problems []string
	var sum CheckSummary
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	type revHash struct {
		rev  int
		hash string
	}
	var ids []string
	revs := map[string][]revHash{}
	err := s.run(false, false, func(tx *bolt.Tx, h *handle) error {
		if walk := walkStructure(h.file, h.meta); len(walk) > 0 {
			problems = append(problems, walk...)
			return nil // bbolt's own check would follow the bad pages
		}
		for err := range tx.Check() {
			add("bbolt 一致性检查：%v", err)
		}
		if len(problems) > 0 {
			return nil
		}
		version, err := s.schemaOf(tx)
		if err != nil {
			return err
		}
		if version != SchemaVersion {
			add("数据格式版本是 %d，本程序是 %d，只检查了 bbolt 结构", version, SchemaVersion)
			return nil
		}
		b, err := s.buckets(tx)
		if err != nil {
			add("%v", err)
			return nil
		}
		heads := map[string]bool{}
		_ = b.filings.ForEach(func(k, v []byte) error {
			id := string(k)
			heads[id] = true
			var head record
			if err := json.Unmarshal(v, &head); err != nil {
				add("填报 %s 的元数据已损坏：%v", id, err)
				return nil
			}
			if head.Deleted {
				sum.Deleted++
			} else {
				sum.Filings++
			}
			revB, docB := b.revs.Bucket(k), b.docs.Bucket(k)
			if revB == nil || docB == nil {
				add("填报 %s 缺少版本记录或内容", id)
				return nil
			}
			if revB.Get(revKey(head.Rev)) == nil {
				add("填报 %s 的当前版本 %d 没有版本记录", id, head.Rev)
			}
			ids = append(ids, id)
			c := revB.Cursor()
			for rk, rv := c.First(); rk != nil; rk, rv = c.Next() {
				if len(rk) != 8 {
					add("填报 %s 有一条无效的版本记录", id)
					continue
				}
				rev := int(binary.BigEndian.Uint64(rk))
				sum.Revisions++
				r, err := decodeRevRecord(id, rev, rv, b)
				if err != nil {
					add("%v", err)
					continue
				}
				if r.Rev != rev || r.ID != id {
					add("填报 %s 版本 %d 的记录与位置不符", id, rev)
				}
				if rev == head.Rev && r.Hash != head.Hash {
					add("填报 %s 当前版本的校验值与版本记录不符", id)
				}
				if docB.Get(rk) == nil {
					add("填报 %s 版本 %d 缺少内容", id, rev)
					continue
				}
				revs[id] = append(revs[id], revHash{rev, r.Hash})
			}
			_ = docB.ForEach(func(dk, _ []byte) error {
				if revB.Get(dk) == nil {
					add("填报 %s 有一份没有版本记录的内容", id)
				}
				return nil
			})
			return nil
		})
		for _, parent := range []*bolt.Bucket{b.revs, b.docs} {
			_ = parent.ForEach(func(k, _ []byte) error {
				if !heads[string(k)] {
					add("有不属于任何填报的版本数据（%s）", k)
				}
				return nil
			})
		}
		return nil
	})
	if err != nil {
		return nil, sum, err
	}
	for _, id := range ids {
		docs := make([][]byte, len(revs[id]))
		err := s.run(false, false, func(tx *bolt.Tx, _ *handle) error {
			b, err := s.buckets(tx)
			if err != nil {
				return err
			}
			for i, rh := range revs[id] {
				docs[i] = b.doc(id, rh.rev) // nil if thinned since
			}
			return nil
		})
		if err != nil {
			return nil, sum, err
		}
		for i, rh := range revs[id] {
			if docs[i] == nil {
				continue
			}
			data, err := decodeDoc(docs[i], rh.hash)
			if err != nil {
				add("填报 %s 版本 %d 的内容已损坏：%v", id, rh.rev, err)
				continue
			}
			if !decode {
				continue
			}
			if _, err := domain.Decode(data); err != nil {
				add("填报 %s 版本 %d 的内容无法读取：%v", id, rh.rev, err)
			}
		}
	}
	return problems, sum, nil
}
