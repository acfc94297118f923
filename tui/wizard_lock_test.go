package tui

import (
	"testing"

	"jixiao/domain"
	"jixiao/store/storetest"
)

// TestEditLockTryAndRelease: try asks once at a time and answers with the
// newest revision; release frees only a lock that is held.
func TestEditLockTryAndRelease(t *testing.T) {
	store := storetest.New()
	meta, err := store.Create(domain.NewFiling("梅溪街道", 2024))
	if err != nil {
		t.Fatal(err)
	}
	lk := newFakeLocker()
	l := editLock{locks: lk, readOnly: true}
	cmd := l.try(store, meta.ID)
	if cmd == nil || l.try(store, meta.ID) != nil {
		t.Fatal("try did not ask, or asked twice at once")
	}
	msg := cmd().(editTriedMsg)
	if !msg.ok || msg.f == nil || msg.f.Unit != "梅溪街道" || !lk.holds(meta.ID) {
		t.Fatalf("answer %+v", msg)
	}
	l.release(meta.ID)
	if !lk.holds(meta.ID) {
		t.Fatal("released a lock not marked as held")
	}
	l.holding = true
	l.release(meta.ID)
	if lk.holds(meta.ID) || l.holding {
		t.Fatal("the held lock was not released")
	}
}
