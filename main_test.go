package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMainHandsOverToCLI builds the binary from the module root, as
// internal/ptytest does, and checks that main passes the arguments, the
// streams and the exit code through: --help lists every command in table
// order, an unknown command exits 2 with a Chinese message on stderr.
func TestMainHandsOverToCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "jixiao")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--help").Output()
	if err != nil {
		t.Fatalf("jixiao --help: %v", err)
	}
	help := string(out)
	last := -1
	for _, name := range []string{"list", "import", "score", "check", "export", "serve", "demo"} {
		i := strings.Index(help, "\n  "+name+" ")
		if i < 0 || i < last {
			t.Fatalf("jixiao --help lists %q out of order or not at all:\n%s", name, help)
		}
		last = i
	}
	cmd := exec.Command(bin, "no-such-command")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(stderr.String(), "未知命令“no-such-command”") {
		t.Errorf("unknown command: %v, stderr %q", err, stderr.String())
	}
}
