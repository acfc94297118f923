package persist

import (
	"encoding/binary"
	"time"

	"jixiao/store"
)

// revTime is a revision number and when it was saved.
type revTime struct {
	Rev int
	At  time.Time
}

// thinRevisions applies the retention rule by age to a filing's revisions,
// given newest first, and returns the revision numbers it would drop. A
// revision is kept when any of these holds:
//
//   - it is less than KeepAll (1 hour) old;
//   - it is less than KeepTenMinutes (24 hours) old and the newest of its
//     10 minutes;
//   - it is less than KeepDaily (90 days) old and the newest of its
//     calendar day among the revisions of that age;
//   - it is older and the newest of its calendar month among them;
//   - it is the first (oldest) revision.
//
// Days and months are those of loc. The rule never counts revisions, and
// it is stable: applying it again drops nothing more until time passes or
// revisions are added. thin also keeps the protected revisions (imports,
// restore points, named versions) that this returns.
func thinRevisions(revs []revTime, now time.Time, loc *time.Location) []int {
	type slot struct {
		window int
		y      int
		m      time.Month
		d      int
		tenMin int64
	}
	seen := map[slot]bool{}
	var drop []int
	for i, r := range revs {
		if i == len(revs)-1 {
			break // the first revision
		}
		var k slot
		switch age := now.Sub(r.At); {
		case age < KeepAll:
			continue
		case age < KeepTenMinutes:
			k = slot{window: 1, tenMin: r.At.Unix() / 600}
		case age < KeepDaily:
			y, m, d := r.At.In(loc).Date()
			k = slot{window: 2, y: y, m: m, d: d}
		default:
			y, m, _ := r.At.In(loc).Date()
			k = slot{window: 3, y: y, m: m}
		}
		if seen[k] {
			drop = append(drop, r.Rev)
		}
		seen[k] = true
	}
	return drop
}

// protected reports whether revision r is never thinned: an import, a
// restore point or a named version.
func (r *record) protected() bool {
	return r.Name != "" || r.Kind == store.KindImport || r.Kind == store.KindRestore
}

// thin drops the revisions of filing id that the retention rule no longer
// keeps. Only the 8-byte time prefix of each revision record is read,
// except for the records of the revisions it would drop.
func (s *Store) thin(b *txBuckets, id string, now time.Time) error {
	revs := b.revs.Bucket([]byte(id))
	if revs == nil {
		return nil
	}
	var list []revTime
	c := revs.Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if len(v) < 8 {
			return b.damaged("填报 %s 的版本记录已损坏", id)
		}
		list = append(list, revTime{Rev: int(binary.BigEndian.Uint64(k)), At: time.Unix(0, int64(binary.BigEndian.Uint64(v)))})
	}
	for _, rev := range thinRevisions(list, now, s.loc) {
		r, err := b.revision(id, rev)
		if err != nil {
			return err
		}
		if r != nil && r.protected() {
			continue
		}
		if err := b.dropRevision(id, rev); err != nil {
			return err
		}
	}
	return nil
}
