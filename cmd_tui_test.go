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

// TestTUIHelp: jixiao and jixiao demo each describe themselves.
func TestTUIHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{{[]string{"--ascii", "--help"}, "用法：jixiao [--db 路径]"}, {[]string{"demo", "--help"}, "用法：jixiao demo"}} {
		code, out, _ := storeRun(t, tc.args...)
		if code != exitOK || !strings.HasPrefix(out, tc.want) {
			t.Errorf("%v: exit %d, %q", tc.args, code, out)
		}
	}
}
