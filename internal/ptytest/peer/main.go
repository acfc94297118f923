// Command peer is the reference for BenchmarkKeystrokeBytes: a page of
// bubbles text inputs with the real terminal cursor, on the released Charm
// libraries jixiao compares itself with (Bubble Tea v2.0.x, whose
// ultraviolet renderer predates the drift repaint, and the bubbles of that
// time; see go.mod). It is its own module so that it can pin those versions
// while jixiao pins newer ones.
//
// The page fills the alternate screen: a title, then one labelled input per
// row. The focused input starts at row -row, its value at column -col, and
// holds -value; the other inputs hold Chinese text too. Esc or Ctrl+C quits.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// page is a column of text inputs, one of them focused.
type page struct {
	inputs []textinput.Model
	labels []string
	focus  int
	indent int
}

func (p page) Init() tea.Cmd { return nil }

func (p page) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc", "ctrl+c":
			return p, tea.Quit
		}
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	return p, cmd
}

func (p page) View() tea.View {
	var b strings.Builder
	b.WriteString("预算单位整体支出绩效自评（参照页）\n")
	pad := strings.Repeat(" ", p.indent)
	var cur *tea.Cursor
	for i, in := range p.inputs {
		if i == p.focus {
			// Model.Cursor puts the cursor Position() columns into the
			// value, counting runes, so for Chinese it lands halfway; the
			// column is the display width of the value before the caret.
			// (The value never scrolls: it is shorter than the input.)
			cur = in.Cursor()
			if cur != nil {
				before := string([]rune(in.Value())[:in.Position()])
				cur.X = p.indent + lipgloss.Width(p.labels[i]) + 2 + lipgloss.Width(before)
				cur.Y = 1 + i
			}
		}
		b.WriteString(pad + p.labels[i] + "  " + in.View())
		if i < len(p.inputs)-1 {
			b.WriteString("\n")
		}
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.Cursor = cur
	return v
}

func main() {
	row := flag.Int("row", 5, "screen row (0-based) of the focused input")
	col := flag.Int("col", 40, "screen column (0-based) where the focused input's value starts")
	value := flag.String("value", "", "the focused input's initial value")
	n := flag.Int("fields", 12, "number of inputs")
	flag.Parse()
	if *row < 1 || *row > *n {
		fmt.Fprintln(os.Stderr, "peer: -row must be between 1 and -fields")
		os.Exit(2)
	}
	const label = "填表人联系电话"
	indent := *col - lipgloss.Width(label) - 2 // label, two spaces, the value (no prompt)
	if indent < 0 {
		fmt.Fprintln(os.Stderr, "peer: -col too small for the labels")
		os.Exit(2)
	}
	p := page{focus: *row - 1, indent: indent}
	for i := range *n {
		in := textinput.New()
		in.Prompt = ""
		in.SetVirtualCursor(false)
		in.SetWidth(60)
		if i == p.focus {
			in.SetValue(*value)
			in.Focus()
		} else {
			in.SetValue("岳阳市岳阳楼区梅溪街道办事处")
		}
		p.inputs = append(p.inputs, in)
		p.labels = append(p.labels, label)
	}
	if _, err := tea.NewProgram(p).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}
