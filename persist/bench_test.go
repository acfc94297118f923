package persist

import (
	"fmt"
	"os"
	"testing"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
)

// fill adds n copies of f to s in one transaction (benchmark set-up).
func fill(b testing.TB, s *Store, f *domain.Filing, n int) []string {
	b.Helper()
	p, err := prepare(f)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	err = s.update(func(tx *bolt.Tx, _ *handle) error {
		bk, err := s.buckets(tx)
		if err != nil {
			return err
		}
		now := s.now()
		for range n {
			id, err := newID(func(id string) bool { return bk.filings.Get([]byte(id)) != nil })
			if err != nil {
				return err
			}
			if err := bk.addRevision(p.record(id, 1, now, now, "bench", ""), p.doc); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

// BenchmarkSave is one autosave: a changed filing saved as a new revision
// (encode, hash, compress, score, lock, write, fsync, thin, unlock).
func BenchmarkSave(b *testing.B) {
	for _, tc := range []struct {
		name     string
		projects int
	}{{"sample", 0}, {"30projects", 30}} {
		b.Run(tc.name, func(b *testing.B) {
			s := newStore(b, Options{})
			f := bigFiling(b, tc.projects)
			m, err := s.Create(f)
			if err != nil {
				b.Fatal(err)
			}
			data, _ := domain.Encode(f)
			b.ReportMetric(float64(len(data)), "json-B")
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				f.Report.Other = fmt.Sprintf("第%d次修改", i)
				if m, err = s.Save(m.ID, m.Revision, f); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			fi, _ := os.Stat(s.Path())
			b.ReportMetric(float64(fi.Size())/1e6, "db-MB")
		})
	}
}

// BenchmarkWriteRevision is the part of a save of a 30-project filing done
// under the exclusive lock: open, lock, write the revision, thin, commit
// (two fdatasyncs), close. The document is prepared once; each iteration
// stores it under a new hash so that it counts as a change.
func BenchmarkWriteRevision(b *testing.B) {
	s := newStore(b, Options{})
	f := bigFiling(b, 30)
	m, err := s.Create(f)
	if err != nil {
		b.Fatal(err)
	}
	p, err := prepare(f)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		p.hash = fmt.Sprintf("bench-%d", i)
		err := s.update(func(tx *bolt.Tx, _ *handle) error {
			bk, err := s.buckets(tx)
			if err != nil {
				return err
			}
			now := s.now()
			r := p.record(m.ID, m.Revision+1, m.Created, now, "bench", "")
			if err := bk.addRevision(r, p.doc); err != nil {
				return err
			}
			m = r.meta()
			return s.thin(bk, m.ID, now)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveUnchanged is an autosave of a 30-project filing that has
// not changed: encode, hash, one read transaction; nothing is written.
func BenchmarkSaveUnchanged(b *testing.B) {
	s := newStore(b, Options{})
	f := bigFiling(b, 30)
	m, err := s.Create(f)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Save(m.ID, m.Revision, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare is the part of a save done before locking: encode,
// SHA-256, DEFLATE, score and check.
func BenchmarkPrepare(b *testing.B) {
	f := bigFiling(b, 30)
	for b.Loop() {
		p, err := prepare(f)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.doc)), "stored-B")
	}
}

// BenchmarkGet loads the newest revision of a 30-project filing.
func BenchmarkGet(b *testing.B) {
	s := newStore(b, Options{})
	m, err := s.Create(bigFiling(b, 30))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := s.Get(m.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList lists a database of 1,000 filings.
func BenchmarkList(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("filings=%d", n), func(b *testing.B) {
			s := newStore(b, Options{})
			fill(b, s, sample(b), n)
			for b.Loop() {
				list, err := s.List()
				if err != nil || len(list) != n {
					b.Fatal(len(list), err)
				}
			}
		})
	}
}

// BenchmarkOpen opens (and validates) an existing database.
func BenchmarkOpen(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("filings=%d", n), func(b *testing.B) {
			s := newStore(b, Options{})
			fill(b, s, sample(b), n)
			for b.Loop() {
				if _, err := Open(s.Path(), Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTx measures what holding the file only per transaction costs:
// open, lock, check the header, map, and close again, around an empty
// transaction. "read" takes the shared lock; "write" the exclusive lock
// and the lock-info file, and rolls back (no fsync).
func BenchmarkTx(b *testing.B) {
	s := newStore(b, Options{})
	fill(b, s, sample(b), 1000)
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			if err := s.view(func(*bolt.Tx) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			if err := s.update(func(*bolt.Tx, *handle) error { return errRollback }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bbolt-held-open-read", func(b *testing.B) {
		// For comparison: a read transaction on a handle kept open.
		db, err := bolt.Open(s.Path(), 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		for b.Loop() {
			if err := db.View(func(*bolt.Tx) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCheck runs the full consistency check on 100 filings.
func BenchmarkCheck(b *testing.B) {
	s := newStore(b, Options{})
	fill(b, s, sample(b), 100)
	for b.Loop() {
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			b.Fatal(problems, err)
		}
	}
}
