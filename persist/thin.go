package persist

import (
	"encoding/binary"
	"time"
)

// revTime is a revision number and when it was saved.
type revTime struct {
	Rev int
	At  time.Time
}

// thinRevisions applies the retention rule to a filing's revisions, given
// newest first, and returns the revision numbers to drop. A revision is
// kept when any of these holds:
//
//   - it is one of the KeepNewest (50) newest;
//   - it is the newest revision of its calendar day and that day is less
//     than KeepDaily (90 days) ago;
//   - it is the newest revision of its calendar month.
//
// Days and months are those of loc. The rule is stable: applying it again
// drops nothing more until time passes or revisions are added.
func thinRevisions(revs []revTime, now time.Time, loc *time.Location) []int {
	if len(revs) <= KeepNewest {
		return nil
	}
	type day struct {
		y int
		m time.Month
		d int
	}
	type month struct {
		y int
		m time.Month
	}
	days := map[day]bool{}
	months := map[month]bool{}
	var drop []int
	for i, r := range revs {
		t := r.At.In(loc)
		y, m, d := t.Date()
		keep := i < KeepNewest
		if !days[day{y, m, d}] {
			days[day{y, m, d}] = true
			if now.Sub(r.At) < KeepDaily {
				keep = true
			}
		}
		if !months[month{y, m}] {
			months[month{y, m}] = true
			keep = true
		}
		if !keep {
			drop = append(drop, r.Rev)
		}
	}
	return drop
}

// thin drops the revisions of filing id that the retention rule no longer
// keeps. Only the 8-byte time prefix of each revision record is read.
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
	if len(list) <= KeepNewest {
		return nil
	}
	docs := b.docs.Bucket([]byte(id))
	for _, rev := range thinRevisions(list, now, s.loc) {
		if err := revs.Delete(revKey(rev)); err != nil {
			return err
		}
		if docs != nil {
			if err := docs.Delete(revKey(rev)); err != nil {
				return err
			}
		}
	}
	return nil
}
