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
			name:     "50 or fewer are all kept",
			revs:     revisionsEvery(50, now, time.Second),
			wantKept: 50,
		},
		{
			name:     "80 saves in one afternoon: the newest 50",
			revs:     revisionsEvery(80, now, time.Minute),
			wantKept: 50,
			check: func(t *testing.T, drop map[int]bool) {
				for rev := 31; rev <= 80; rev++ {
					if drop[rev] {
						t.Errorf("revision %d of the newest 50 dropped", rev)
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
			// 50 newest cover 50 days; days 50–89 keep one each (40);
			// the remaining 110 days, older than 90, span Jan 12 – Apr 1
			// and keep one per month: 4.
			name:     "one save a day for 200 days",
			revs:     revisionsEvery(200, now, 24*time.Hour),
			wantKept: 50 + 40 + 4,
			check: func(t *testing.T, drop map[int]bool) {
				for rev := 111; rev <= 200; rev++ {
					if drop[rev] {
						t.Errorf("revision %d (less than 90 days old) dropped", rev)
					}
				}
			},
		},
		{
			// 20 saves an hour apart on each of 10 days: the newest 50
			// cover the last 2.5 days; each of the 8 earlier days (one
			// partly covered) keeps its last save.
			name: "20 saves a day for 10 days",
			revs: func() []revTime {
				var revs []revTime
				rev := 200
				for day := range 10 {
					for h := range 20 {
						at := time.Date(2025, 6, 30-day, 21-h, 0, 0, 0, loc)
						revs = append(revs, revTime{Rev: rev, At: at})
						rev--
					}
				}
				return revs
			}(),
			wantKept: 50 + 7,
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
			for i, r := range tc.revs {
				if i < KeepNewest && drop[r.Rev] {
					t.Errorf("dropped revision %d, one of the newest %d", r.Rev, KeepNewest)
				}
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
	// The newest 50 (revisions 72–121), then the last of each earlier day:
	// days 0–6 end at revisions 11, 21, …, 71 (revision 1, the Create, is
	// not its day's last).
	want := []int{}
	for r := 121; r >= 72; r-- {
		want = append(want, r)
	}
	want = append(want, 71, 61, 51, 41, 31, 21, 11)
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

	// A year later the daily revisions are past 90 days; January 2025's
	// last revision (121) is among the newest 50, so the older ones go.
	clock = time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	f.Report.Other = "next year"
	if _, err := s.Save(m.ID, m.Revision, f); err != nil {
		t.Fatal(err)
	}
	h, _ = s.History(m.ID)
	if len(h) != KeepNewest || h[len(h)-1].Revision != 73 {
		t.Errorf("after a year: %d revisions, oldest %d; want 50 and 73", len(h), h[len(h)-1].Revision)
	}
}
