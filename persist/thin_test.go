package persist

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// revisionsEvery returns n revisions, newest first, the newest at newest
// and each step earlier than the next.
func revisionsEvery(n int, newest time.Time, step time.Duration) []revTime {
	revs := make([]revTime, n)
	for i := range revs {
		revs[i] = revTime{Rev: n - i, At: newest.Add(-time.Duration(i) * step)}
	}
	return revs
}

func TestThinRevisions(t *testing.T) {
	loc := time.UTC
	now := time.Date(2025, 6, 30, 18, 0, 0, 0, loc)
	for _, tc := range []struct {
		name string
		revs []revTime
		// wantKept is the number kept; check, if set, checks the drops.
		wantKept int
		check    func(t *testing.T, drop map[int]bool)
	}{
		{
			name:     "one save a second for the last hour: all kept",
			revs:     revisionsEvery(3599, now, time.Second),
			wantKept: 3599,
		},
		{
			// 60 in the last hour (17:01–18:00); then one per 10 minutes
			// from 17:00 back to yesterday's 18:00–18:09 slot: 139; and
			// the first revision (yesterday 18:01).
			name:     "one save a minute for a day",
			revs:     revisionsEvery(24*60, now, time.Minute),
			wantKept: 60 + 139 + 1,
			check: func(t *testing.T, drop map[int]bool) {
				for rev := 24*60 - 59; rev <= 24*60; rev++ {
					if drop[rev] {
						t.Errorf("revision %d of the last hour dropped", rev)
					}
				}
			},
		},
		{
			name:     "one save a day for 80 days: all kept (each is its day's last)",
			revs:     revisionsEvery(80, now, 24*time.Hour),
			wantKept: 80,
		},
		{
			// Days 0–89 keep one each (90); the remaining 110 days, older
			// than 90, span 2024-12-13 – Apr 1 and keep one per month (5),
			// and the first revision (Dec 13) besides December's newest.
			name:     "one save a day for 200 days",
			revs:     revisionsEvery(200, now, 24*time.Hour),
			wantKept: 90 + 5 + 1,
			check: func(t *testing.T, drop map[int]bool) {
				for rev := 111; rev <= 200; rev++ {
					if drop[rev] {
						t.Errorf("daily revision %d (within 90 days) dropped", rev)
					}
				}
				if drop[1] {
					t.Error("the first revision was dropped")
				}
			},
		},
		{
			// Far more than 50 revisions in one afternoon do not push out
			// last week's: no rule counts.
			name: "a busy afternoon and a week of daily saves",
			revs: append(revisionsEvery(300, now, 10*time.Second)[:300:300],
				revisionsEvery(7, now.Add(-48*time.Hour), 24*time.Hour)...),
			wantKept: 300 + 7,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drops := thinRevisions(tc.revs, now, loc)
			drop := map[int]bool{}
			for _, d := range drops {
				drop[d] = true
			}
			if kept := len(tc.revs) - len(drop); kept != tc.wantKept {
				t.Errorf("kept %d, want %d", kept, tc.wantKept)
			}
			if tc.check != nil {
				tc.check(t, drop)
			}
			// Stable: thinning what is left drops nothing more.
			var left []revTime
			for _, r := range tc.revs {
				if !drop[r.Rev] {
					left = append(left, r)
				}
			}
			if again := thinRevisions(left, now, loc); len(again) > 0 {
				t.Errorf("second pass dropped %v", again)
			}
		})
	}
}

func TestThinningInStore(t *testing.T) {
	s := newStore(t, Options{})
	s.loc = time.UTC
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	f := sample(t)
	m, err := s.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	// Ten saves a day, an hour apart, for 12 days: 121 revisions.
	for day := range 12 {
		for h := range 10 {
			clock = time.Date(2025, 1, 1+day, 10+h, 0, 0, 0, time.UTC)
			f.Report.Other = fmt.Sprintf("day %d hour %d", day, h)
			if m, err = s.Save(m.ID, m.Revision, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	h, err := s.History(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var revs []int
	for _, r := range h {
		revs = append(revs, r.Revision)
	}
	// The last day (Jan 12, 10:00–19:00, now 19:00): 19:00 is in the last
	// hour, 10:00–18:00 are each the newest of their 10 minutes; the
	// earlier days keep their last revision (11, 21, …, 111); revision 1,
	// the Create, is the first.
	want := []int{}
	for r := 121; r >= 112; r-- {
		want = append(want, r)
	}
	for r := 111; r >= 11; r -= 10 {
		want = append(want, r)
	}
	want = append(want, 1)
	if !slices.Equal(revs, want) {
		t.Errorf("kept revisions %v,\nwant %v", revs, want)
	}
	// Dropped revisions are gone, kept ones intact.
	if _, _, err := s.GetRevision(m.ID, 70); err == nil {
		t.Error("revision 70 should have been thinned")
	}
	got, _, err := s.GetRevision(m.ID, 61)
	if err != nil || got.Report.Other != "day 5 hour 9" {
		t.Errorf("revision 61: %v %q", err, got.Report.Other)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check: %v %v", problems, err)
	}

	// A year later the daily revisions are past 90 days: January 2025
	// keeps its last revision (121) and the first (1).
	clock = time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	f.Report.Other = "next year"
	if _, err := s.Save(m.ID, m.Revision, f); err != nil {
		t.Fatal(err)
	}
	h, _ = s.History(m.ID)
	revs = revs[:0]
	for _, r := range h {
		revs = append(revs, r.Revision)
	}
	if !slices.Equal(revs, []int{122, 121, 1}) {
		t.Errorf("after a year: %v; want [122 121 1]", revs)
	}
}
