package tui

import (
	"testing"

	"jixiao/domain"
)

// TestHelpOverlayKeys: ↓ and PgDn scroll the help within its length, any
// other key closes it, and it opens at its top.
func TestHelpOverlayKeys(t *testing.T) {
	km := DefaultKeyMap()
	var h helpOverlay
	h.show()
	h.key(km, kp("down"), 50, 20)
	h.key(km, kp("pgdown"), 50, 20)
	if !h.open || h.offset != 19 {
		t.Fatalf("open %v offset %d, want 19", h.open, h.offset)
	}
	for range 5 {
		h.key(km, kp("pgdown"), 50, 20)
	}
	if h.offset != 32 {
		t.Fatalf("offset %d past the end (50 lines, 18 a page)", h.offset)
	}
	h.key(km, kp("x"), 50, 20)
	if h.open {
		t.Fatal("x did not close the help")
	}
	h.show()
	if !h.open || h.offset != 0 {
		t.Fatal("the help does not open at its top")
	}
}

// TestFindingsOverlayKeys: ↑/↓ stay within the list, Enter gives the
// selected finding and closes, Esc closes without one.
func TestFindingsOverlayKeys(t *testing.T) {
	km := DefaultKeyMap().Findings
	fs := []domain.Finding{{Message: "一"}, {Message: "二"}}
	var o findingsOverlay
	o.show()
	for range 3 {
		o.key(km, kp("down"), fs)
	}
	if o.sel != 1 {
		t.Fatalf("sel %d", o.sel)
	}
	if f, ok := o.key(km, kp("enter"), fs); !ok || f.Message != "二" || o.open {
		t.Fatalf("Enter: %v %v open %v", f, ok, o.open)
	}
	o.show()
	if _, ok := o.key(km, kp("esc"), fs); ok || o.open {
		t.Fatal("Esc chose or stayed open")
	}
}
