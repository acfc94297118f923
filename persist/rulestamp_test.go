package persist

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
)

// A cached total computed under another definition of the rules is
// recomputed on List and Get; one computed under the current rules is kept.
func TestCachedTotalsFollowTheRules(t *testing.T) {
	s := newStore(t, Options{})
	m, err := s.Create(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	tamper := func(stamp, total string) {
		t.Helper()
		err := s.update(func(tx *bolt.Tx, _ *handle) error {
			b, err := s.buckets(tx)
			if err != nil {
				return err
			}
			r, err := b.head(m.ID)
			if err != nil {
				return err
			}
			r.Rules, r.Total = stamp, total
			return b.putHead(r)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	listed := func() string {
		t.Helper()
		metas, err := s.List()
		if err != nil || len(metas) != 1 {
			t.Fatalf("List: %v %v", metas, err)
		}
		return metas[0].Total
	}
	if got := listed(); got != "94.87" {
		t.Fatalf("stored total %s", got)
	}
	tamper(rulesStamp(domain.DefaultRules()), "1.00")
	if got := listed(); got != "1.00" {
		t.Errorf("a total stamped with the current rules was recomputed: %s", got)
	}
	tamper(domain.DefaultRulesID+"@000000000000", "1.00")
	if got := listed(); got != "94.87" {
		t.Errorf("List kept a total computed under an old definition: %s", got)
	}
	if _, gm, err := s.Get(m.ID); err != nil || gm.Total != "94.87" {
		t.Errorf("Get: %s %v", gm.Total, err)
	}
	// Records from before rule sets were computed under the default.
	tamper("", "1.00")
	if got := listed(); got != "1.00" {
		t.Errorf("a record from before rule sets was recomputed: %s", got)
	}
}
