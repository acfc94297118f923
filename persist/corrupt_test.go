package persist

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	sampledoc "jixiao/internal/sample"
)

var (
	realDBOnce  sync.Once
	realDBBytes []byte
)

// realDB returns the bytes of a real database with four filings and some
// history (built once per test binary).
func realDB(t *testing.T) []byte {
	t.Helper()
	realDBOnce.Do(func() { realDBBytes = buildRealDB(t) })
	if realDBBytes == nil {
		t.Fatal("building the fixture database failed")
	}
	return bytes.Clone(realDBBytes)
}

func buildRealDB(t *testing.T) []byte {
	s := newStore(t, Options{})
	for i := range 4 {
		f := bigFiling(t, i)
		m, err := s.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			f.Report.Other = strings.Repeat("改", j+1)
			if m, err = s.Save(m.ID, m.Revision, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func boltFile(t *testing.T, fn func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, _ := os.ReadFile(path)
	return data
}

func TestCorruptFiles(t *testing.T) {
	real := realDB(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.Uint32())
		}
		return b
	}
	json := sampledoc.JSON()
	m, err := readBoltMeta(bytes.NewReader(real), int64(len(real)))
	if err != nil {
		t.Fatal(err)
	}
	// bbolt grows its file ahead of use; the pages in use end here.
	used := int(m.pgid) * int(m.pageSize)
	if used >= len(real) || used < 8*4096 {
		t.Fatalf("used %d of %d bytes: the fixture is not as expected", used, len(real))
	}
	bothMetas := bytes.Clone(real)
	bothMetas[16+40] ^= 0xff      // meta 0's high water mark
	bothMetas[4096+16+40] ^= 0xff // meta 1's

	cases := []struct {
		name    string
		content []byte // nil: a directory
		reason  string // part of the message
	}{
		{"empty file", []byte{}, "文件是空的"},
		{"one byte", []byte{7}, "文件太短"},
		{"100 random bytes", random(100), "文件太短"},
		{"4 KiB random", random(4096), ""},
		{"64 KiB random", random(64 << 10), ""},
		{"zeros", make([]byte, 32<<10), "零字节"},
		{"JSON filing", json, "jixiao import"},
		{"SQLite", append([]byte("SQLite format 3\x00"), random(8192)...), "SQLite"},
		{"text", bytes.Repeat([]byte("预算单位整体支出绩效自评\n"), 400), "文本文件"},
		{"directory", nil, "目录"},
		{"truncated to 100 bytes", real[:100], "截断"},
		{"truncated to one page", real[:4096], ""},
		{"truncated to two pages", real[:8192], "截断"},
		{"truncated by half", real[:len(real)/2], "截断"},
		{"truncated by one used page", real[:used-4096], "截断"},
		{"truncated by one used byte", real[:used-1], "截断"},
		{"both meta pages damaged", bothMetas, "校验和"},
		{"other program's bbolt file", boltFile(t, func(tx *bolt.Tx) error {
			b, _ := tx.CreateBucket([]byte("sessions"))
			return b.Put([]byte("k"), []byte("v"))
		}), "不是 jixiao 的数据库"},
		{"empty bbolt file", boltFile(t, func(*bolt.Tx) error { return nil }), "空的 bbolt"},
		{"damaged schema key", boltFile(t, func(tx *bolt.Tx) error {
			if err := initSchema(tx, time.Now()); err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(keySchema, []byte("x"))
		}), "版本号"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "jixiao.db")
			if tc.content == nil {
				os.Mkdir(path, 0o700)
			} else if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileHash(t, path)
			for _, opt := range []Options{{}, {ReadOnly: true}} {
				opt.Timeout = 500 * time.Millisecond
				s, err := Open(path, opt)
				if err == nil {
					t.Fatalf("Open(%+v) succeeded on %s", opt, tc.name)
				}
				if !errors.Is(err, ErrNotDatabase) {
					t.Fatalf("Open = %v (%T), want ErrNotDatabase", err, err)
				}
				mustContain(t, err.Error(), path, "不是有效的 jixiao 数据库", tc.reason)
				if !hasCJK(err.Error()) || s != nil {
					t.Error("bad error or store")
				}
			}
			if fileHash(t, path) != before {
				t.Error("the file was modified")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("files left beside it: %v", entries)
			}
			// A store opened earlier, before the file went bad, refuses too.
			good := filepath.Join(t.TempDir(), "jixiao.db")
			s, err := Open(good, Options{Timeout: 500 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			s.path = path
			if _, err := s.Create(domain.NewFiling("x", 2024)); !errors.Is(err, ErrNotDatabase) {
				t.Errorf("Create on the bad file = %v", err)
			}
			if _, err := s.Check(); !errors.Is(err, ErrNotDatabase) {
				t.Errorf("Check on the bad file = %v", err)
			}
			if fileHash(t, path) != before {
				t.Error("the file was modified by a write")
			}
		})
	}
}

// TestUnusedTailRemoved: bbolt grows its file ahead of use; a copy without
// the unused tail is complete and must open.
func TestUnusedTailRemoved(t *testing.T) {
	real := realDB(t)
	m, err := readBoltMeta(bytes.NewReader(real), int64(len(real)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "jixiao.db")
	os.WriteFile(path, real[:m.pgid*uint64(m.pageSize)], 0o600)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check = %v, %v", problems, err)
	}
	if list, err := s.List(); err != nil || len(list) != 4 {
		t.Errorf("List = %d, %v", len(list), err)
	}
}

// TestRandomDamage flips random bytes of a real database and requires
// every operation to return (an error or a result) without crashing, and
// read operations never to modify the file. bbolt trusts page numbers it
// finds; a damaged one must become an error, not a fault that kills the
// process.
func TestRandomDamage(t *testing.T) {
	real := realDB(t)
	pages := len(real) / 4096
	rnd := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	iterations := 100
	if testing.Short() {
		iterations = 30
	}
	var opened, checked, flagged int
	for i := range iterations {
		data := bytes.Clone(real)
		n := 1 + rnd.IntN(8)
		for range n {
			var off int
			switch rnd.IntN(3) {
			case 0: // a page header
				off = (2+rnd.IntN(pages-2))*4096 + rnd.IntN(16)
			case 1: // element headers near the start of a page
				off = (2+rnd.IntN(pages-2))*4096 + 16 + rnd.IntN(256)
			default: // anywhere after the meta pages
				off = 8192 + rnd.IntN(len(data)-8192)
			}
			data[off] ^= byte(1 + rnd.IntN(255))
		}
		path := filepath.Join(dir, "damaged.db")
		os.Remove(path)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before := fileHash(t, path)
		s, err := Open(path, Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
		if err != nil {
			if !errors.Is(err, ErrNotDatabase) && !errors.Is(err, ErrOldSchema) && !errors.Is(err, ErrNewerSchema) {
				t.Errorf("iteration %d: Open = %v", i, err)
			}
			continue
		}
		opened++
		list, _ := s.List()
		for _, m := range list {
			s.Get(m.ID)
			s.History(m.ID)
			s.GetRevision(m.ID, 1)
		}
		s.ListDeleted()
		problems, err := s.Check()
		if err == nil {
			checked++
			if len(problems) > 0 {
				flagged++
			}
		}
		if fileHash(t, path) != before {
			t.Fatalf("iteration %d: reading modified the file", i)
		}
	}
	t.Logf("%d damaged copies: %d opened, %d checked, %d with problems found", iterations, opened, checked, flagged)
}
