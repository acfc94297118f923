package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTUIWithoutTerminalExits2(t *testing.T) {
	for _, args := range [][]string{nil, {"demo"}} {
		var out, errb bytes.Buffer
		code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
		if code != exitUsage {
			t.Fatalf("%v: exit %d, want %d", args, code, exitUsage)
		}
		if lines := strings.Count(strings.TrimSpace(errb.String()), "\n"); lines != 0 || !strings.Contains(errb.String(), "终端") {
			t.Fatalf("%v: want one Chinese line, got %q", args, errb.String())
		}
	}
}
