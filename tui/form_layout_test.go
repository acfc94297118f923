package tui

import (
	"strings"
	"testing"
)

// TestKeystrokeLaysFormOutOnce: the layout scrollForm makes at the end of
// an update is the one the view of the same frame draws, and the screen is
// the same as one laid out afresh.
func TestKeystrokeLaysFormOutOnce(t *testing.T) {
	m, fm := typedIntoFilledBy(t, "张三")
	kept := m.View().Content
	if fm.laid != nil {
		t.Fatal("the view did not use up the kept layout")
	}
	fresh := m.View().Content
	if kept != fresh {
		t.Fatalf("the kept layout drew\n%s\nlaid out afresh:\n%s", kept, fresh)
	}
	if !strings.Contains(screenText(m), "张三") {
		t.Fatal("the typed text is not on screen")
	}
}

// TestLayoutForgottenByTheNextUpdate: a layout kept for a view that never
// came is not drawn after a later update.
func TestLayoutForgottenByTheNextUpdate(t *testing.T) {
	m, fm := typedIntoFilledBy(t, "张")
	fm.laid.lines = []string{"过期的版面"}
	m.Update(draftsFoundMsg{})
	if strings.Contains(screenText(m), "过期的版面") {
		t.Fatal("a layout from before the last update was drawn")
	}
}

// typedIntoFilledBy opens the sample, types text at the end of 填表人 and
// returns the model and the form, which must have kept its layout.
func typedIntoFilledBy(t *testing.T, text string) (*Model, *form) {
	t.Helper()
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepBasic, "signoff.filled_by")
	typeKeys(m, "end", text)
	fm := m.wiz.form()
	if fm.laid == nil {
		t.Fatal("the update kept no layout for its view")
	}
	return m, fm
}
