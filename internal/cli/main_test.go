package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"jixiao/internal/sample"
)

// sampleFile is the sample filing (internal/sample) written once for the
// package's tests as meixi-2024.json in a temporary directory, so that
// commands read it from a file as a user's would be.
var sampleFile string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jixiao-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sampleFile = filepath.Join(dir, sample.FileName)
	if err := os.WriteFile(sampleFile, sample.JSON(), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
