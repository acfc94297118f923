package tui

import (
	"errors"
	"testing"
	"time"
)

// TestAutosaveWait: the autosave waits while typing goes on, saves after
// a pause, and never later than the ceiling after the first change.
func TestAutosaveWait(t *testing.T) {
	t0 := base
	cases := []struct {
		name     string
		changes  []time.Duration // after t0
		at       time.Duration
		wait     bool
		wantWait time.Duration
	}{
		{"quiet", []time.Duration{0}, autosaveDelay, false, 0},
		{"typing", []time.Duration{0, time.Second}, 2 * time.Second, true, time.Second},
		{"ceiling", []time.Duration{0, 9 * time.Second}, 10 * time.Second, false, 0},
		{"near the ceiling", []time.Duration{0, 9500 * time.Millisecond}, 9 * time.Second, true, time.Second},
		{"nothing to save", nil, time.Second, false, 0},
	}
	for _, c := range cases {
		var a autosave
		for _, d := range c.changes {
			a.changed(t0.Add(d))
		}
		d, wait := a.wait(t0.Add(c.at))
		if wait != c.wait || d != c.wantWait {
			t.Errorf("%s: wait %v %v, want %v %v", c.name, wait, d, c.wait, c.wantWait)
		}
	}
}

// TestAutosaveFailed: the recovery file is due after recoverAfterFails
// failures, or recoverAfter after the first one.
func TestAutosaveFailed(t *testing.T) {
	var a autosave
	err := errors.New("磁盘已满")
	for i := 1; i < recoverAfterFails; i++ {
		if a.failed(base, err) {
			t.Fatalf("recovery due after %d failures", i)
		}
	}
	if !a.failed(base, err) || a.saveErr != err {
		t.Fatal("recovery not due after recoverAfterFails failures")
	}
	var b autosave
	b.failed(base, err)
	if !b.failed(base.Add(recoverAfter), err) {
		t.Fatal("recovery not due recoverAfter after the first failure")
	}
}
