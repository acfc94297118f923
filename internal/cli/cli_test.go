package cli

import (
	"strings"
	"testing"
)

// The table of commands is jixiao --help: every command once, in the
// table's order, each with its --help (jixiao help NAME).
func TestCommandTableIsTheHelp(t *testing.T) {
	code, out, _ := storeRun(t, "--help")
	if code != exitOK {
		t.Fatalf("--help: exit %d", code)
	}
	last := -1
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] || c.summary == "" || c.run == nil {
			t.Errorf("command %q: listed twice, or without summary or run", c.name)
		}
		seen[c.name] = true
		i := strings.Index(out, "\n  "+c.name+" ")
		if i < 0 || i < last || !strings.Contains(out[i:], c.summary) {
			t.Errorf("--help lists %q out of table order or without its summary:\n%s", c.name, out)
		}
		last = i
		code, usage, errOut := storeRun(t, "help", c.name)
		if code != exitOK || !strings.Contains(usage, "用法：") {
			t.Errorf("help %s: exit %d, %q %q", c.name, code, usage, errOut)
		}
	}
}
