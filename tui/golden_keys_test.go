package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenHelpAndFooters: the F1 help (its first page and its last) and
// the footer of every step and mode, at 80×24 and 120×40.
func TestGoldenHelpAndFooters(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d/help", w, h), func(t *testing.T) {
			m := opened(t, loadSample(t), w, h)
			m.wiz.enter(stepIndicators)
			press(m, "f1")
			out := checkFrame(t, m, w, h)
			for range 20 {
				press(m, "pgdown")
			}
			out += "\n--- last page ---\n" + checkFrame(t, m, w, h)
			golden.RequireEqual(t, []byte(out))
		})
		t.Run(fmt.Sprintf("%dx%d/footers", w, h), func(t *testing.T) {
			var b strings.Builder
			last := func(m *Model) string {
				lines := strings.Split(checkFrame(t, m, w, h), "\n")
				return lines[len(lines)-1]
			}
			m := opened(t, loadSample(t), w, h)
			for s := range stepCount {
				m.wiz.enter(s)
				fmt.Fprintf(&b, "step %d: %s\n", s+1, last(m))
			}
			m.wiz.enter(stepGoals)
			m.wiz.form().focusKey("overall.goals.expected.0")
			fmt.Fprintf(&b, "goal row: %s\n", last(m))
			press(m, "ctrl+x")
			fmt.Fprintf(&b, "delete row?: %s\n", last(m))
			press(m, "n")
			m.wiz.enter(stepIndicators)
			press(m, "enter")
			fmt.Fprintf(&b, "cell edit: %s\n", last(m))
			press(m, "esc", "f2")
			fmt.Fprintf(&b, "findings: %s\n", last(m))
			press(m, "esc", "f9")
			fmt.Fprintf(&b, "step picker: %s\n", last(m))
			press(m, "esc", "f3")
			fmt.Fprintf(&b, "review: %s\n", last(m))
			press(m, "esc", "f4")
			fmt.Fprintf(&b, "history: %s\n", last(m))
			golden.RequireEqual(t, []byte(b.String()))
		})
	}
}
